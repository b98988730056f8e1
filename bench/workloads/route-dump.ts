/**
 * Workload 2: dump the routes of a route set (bench/lib/route-sets.ts).
 * One namespace per round, populated by the C floor from the set's batch
 * file, read by every contender: decoded into objects by the library
 * (RouteApi.list), vishvananda and pyroute2, only walked by the C floor;
 * printed by `ip -4|-6 [-json] route show table all` and the same command
 * of the bun-netlink CLI, as JSON and as text. Every contender must see
 * exactly the routes that are there.
 */
import { countIn, expectReported, occurrences, program, show } from "../lib/commands.ts";
import { must } from "../lib/proc.ts";
import { routeFiles, SET_TITLES, setFamily, type RouteSetId } from "../lib/route-sets.ts";
import type { ContenderId, Ctx, Mode, Workload } from "../lib/types.ts";

/** Install the set's N routes with the C floor and record the family's total route count. */
export function populate(set: RouteSetId): (ctx: Ctx, n: number) => Promise<void> {
  const what = setFamily(set) === 4 ? "r" : "R";
  return async (ctx, n) => {
    const base = countIn(ctx, what);
    await must(["ip", "netns", "exec", ctx.netns, ctx.tools.floor, "route-add", routeFiles(ctx.tmp, set, n).add, "256"]);
    ctx.state.routes = countIn(ctx, what);
    if (ctx.state.routes !== base + n) throw new Error(`setup: ${ctx.state.routes - base} routes installed, expected ${n}`);
  };
}

/** Routes printed by `ip route show` as text: lines that do not start with white space (nexthop lines do). */
export function textRoutes(out: string): number {
  let n = 0;
  for (let i = 0; i < out.length; ) {
    const c = out.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10) n++;
    const e = out.indexOf("\n", i);
    if (e < 0) break;
    i = e + 1;
  }
  return n;
}

/** The show command's family flag and arguments. */
export function showArgs(set: RouteSetId, json: boolean): string[] {
  return [`-${setFamily(set)}`, ...(json ? ["-json"] : []), "route", "show", "table", "all"];
}

/** The dump workload of one route set at the given sizes. */
export function routeDumpWorkload(set: RouteSetId, sizes: Record<Mode, number[]>, skip?: Partial<Record<ContenderId, string>>): Workload {
  const fam = String(setFamily(set));
  return {
    id: `route-dump:${set}`,
    title: `route dump: ${SET_TITLES[set]}`,
    sizes,
    rounds: (size, mode) => (mode === "micro" ? 1 : mode === "quick" ? 2 : size <= 100_000 ? 3 : 2),
    shared: true,
    skip,
    setup: populate(set),
    phases: [
      {
        id: `route-dump:${set}`,
        title: `route dump into objects (${SET_TITLES[set]})`,
        unit: "s",
        command: (c, ctx) => program(c, ctx, "route-dump", fam),
        verify: (ctx, _n, rep) => expectReported(rep, ctx.state.routes!, "routes"),
      },
      {
        id: `route-dump-json:${set}`,
        title: `route show -json (${SET_TITLES[set]})`,
        unit: "s",
        command: (c, ctx) =>
          c === "floor"
            ? program(c, ctx, "route-dump", fam)
            : show(c, ctx, showArgs(set, true), (out) => {
                const got = occurrences(out, '"dst":');
                return got === ctx.state.routes ? undefined : `printed ${got} routes, expected ${ctx.state.routes}`;
              }),
        verify: (ctx, _n, rep) => expectReported(rep, ctx.state.routes!, "routes"),
      },
      {
        id: `route-dump-text:${set}`,
        title: `route show as text (${SET_TITLES[set]})`,
        unit: "s",
        command: (c, ctx) =>
          c === "floor"
            ? program(c, ctx, "route-dump", fam)
            : show(c, ctx, showArgs(set, false), (out) => {
                const got = textRoutes(out);
                return got === ctx.state.routes ? undefined : `printed ${got} routes, expected ${ctx.state.routes}`;
              }),
        verify: (ctx, _n, rep) => expectReported(rep, ctx.state.routes!, "routes"),
      },
    ],
  };
}
