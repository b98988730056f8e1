/**
 * Workload 1: install the routes of a route set (bench/lib/route-sets.ts)
 * in a fresh namespace, then delete them. Every contender reads the same
 * batch file: ip and the CLI run it with `-batch` (and its `route del`
 * twin), the C floor, the library (RouteApi.addMany; the deletes through
 * the connection's pipelined batch) and the peers parse it before their
 * clock starts. Verified by counting the family's routes of all tables.
 */
import { batch, countIn, expectReported, program } from "../lib/commands.ts";
import { routeFiles, SET_TITLES, setFamily, type RouteSetId } from "../lib/route-sets.ts";
import type { ContenderId, Mode, Workload } from "../lib/types.ts";

/** The install/delete workload of one route set at the given sizes. */
export function routeWorkload(set: RouteSetId, sizes: Record<Mode, number[]>, skip?: Partial<Record<ContenderId, string>>, budget?: number): Workload {
  // Routes not made by the kernel: the kernel's own (link-local, multicast) come and go on their own timers.
  const what = setFamily(set) === 4 ? "b" : "B";
  return {
    id: `routes:${set}`,
    title: `route install/delete: ${SET_TITLES[set]}`,
    sizes,
    rounds: (size, mode) => (mode === "micro" ? 1 : mode === "quick" ? 2 : size <= 10_000 ? 4 : size <= 100_000 ? 3 : 1),
    shared: false,
    skip,
    budget,
    async setup(ctx) {
      ctx.state.routes = countIn(ctx, what);
    },
    phases: [
      {
        id: `route-add:${set}`,
        title: `route add (${SET_TITLES[set]})`,
        unit: "s",
        command: (c, ctx, n) => {
          const f = routeFiles(ctx.tmp, set, n);
          return program(c, ctx, "route-add", f.add) ?? batch(c, ctx, f.add);
        },
        verify(ctx, n, rep) {
          const bad = expectReported(rep, n, "route adds");
          if (bad) return bad;
          const got = countIn(ctx, what);
          return got === ctx.state.routes! + n ? undefined : `${got - ctx.state.routes!} routes installed, expected ${n}`;
        },
      },
      {
        id: `route-del:${set}`,
        title: `route del (${SET_TITLES[set]})`,
        unit: "s",
        command: (c, ctx, n) => {
          const f = routeFiles(ctx.tmp, set, n);
          return program(c, ctx, "route-del", f.add) ?? batch(c, ctx, f.del);
        },
        verify(ctx, n, rep) {
          const bad = expectReported(rep, n, "route deletes");
          if (bad) return bad;
          const got = countIn(ctx, what);
          return got === ctx.state.routes! ? undefined : `${got - ctx.state.routes!} routes left after deleting`;
        },
      },
    ],
  };
}
