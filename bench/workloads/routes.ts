/**
 * Workload 1: add N IPv4 /32 routes via a gateway on a veth, then delete
 * them again. Every contender gets a fresh namespace per round with the
 * base setup (v0 with 192.0.2.1/24, gateway 192.0.2.2). ip and the CLI
 * run the same batch file; the library uses RouteApi.addMany (pipelined
 * batches) and the connection's batch() for the deletes; the C floor sends
 * the same requests in the same windows. Verified by counting the IPv4
 * routes of all tables afterwards.
 */
import { batch, batchFile, countIn, expectReported, program } from "../lib/commands.ts";
import { GATEWAY, routeDstText, routeTable } from "../lib/addresses.ts";
import type { Workload } from "../lib/types.ts";

function tableWord(i: number): string {
  const t = routeTable(i);
  return t === 254 ? "" : ` table ${t}`;
}

const workload: Workload = {
  id: "routes",
  title: "IPv4 /32 routes via a gateway",
  sizes: { full: [10_000, 100_000, 1_000_000], quick: [10_000], micro: [1_200] },
  rounds: (size, mode) => (mode === "micro" ? 1 : mode === "quick" ? 2 : size <= 10_000 ? 4 : size <= 100_000 ? 3 : 1),
  shared: false,
  async setup(ctx) {
    ctx.state.routes = countIn(ctx, "r");
  },
  phases: [
    {
      id: "route-add",
      title: "route add",
      unit: "s",
      command: (c, ctx, n) =>
        program(c, ctx, "route-add", n, "v0") ??
        batch(c, ctx, batchFile(ctx, `route-add-${n}`, () => Array.from({ length: n }, (_, i) => `route add ${routeDstText(i)} via ${GATEWAY} dev v0${tableWord(i)}`))),
      verify(ctx, n, rep) {
        const bad = expectReported(rep, n, "route adds");
        if (bad) return bad;
        const got = countIn(ctx, "r");
        return got === ctx.state.routes! + n ? undefined : `${got - ctx.state.routes!} routes installed, expected ${n}`;
      },
    },
    {
      id: "route-del",
      title: "route del",
      unit: "s",
      command: (c, ctx, n) =>
        program(c, ctx, "route-del", n) ??
        batch(c, ctx, batchFile(ctx, `route-del-${n}`, () => Array.from({ length: n }, (_, i) => `route del ${routeDstText(i)}${tableWord(i)}`))),
      verify(ctx, n, rep) {
        const bad = expectReported(rep, n, "route deletes");
        if (bad) return bad;
        const got = countIn(ctx, "r");
        return got === ctx.state.routes! ? undefined : `${got - ctx.state.routes!} routes left after deleting`;
      },
    },
  ],
};
export default workload;
