/**
 * Workload 2: dump N IPv4 routes (all tables). One namespace per round,
 * populated by the C floor, read by every contender: decoded into objects
 * by the library (RouteApi.list), vishvananda and pyroute2, only walked by
 * the C floor; and printed as JSON by `ip -4 -json route show table all`
 * and the same command of the bun-netlink CLI. Every contender must see
 * exactly the routes that are there.
 */
import { countIn, expectReported, occurrences, program, show } from "../lib/commands.ts";
import { must } from "../lib/proc.ts";
import type { Ctx, Workload } from "../lib/types.ts";

/** Install N routes with the C floor and record the total IPv4 route count. */
export async function populateRoutes(ctx: Ctx, n: number): Promise<void> {
  const base = countIn(ctx, "r");
  await must(["ip", "netns", "exec", ctx.netns, ctx.tools.floor, "route-add", String(n), "256", "v0"]);
  ctx.state.routes = countIn(ctx, "r");
  if (ctx.state.routes !== base + n) throw new Error(`setup: ${ctx.state.routes - base} routes installed, expected ${n}`);
}

const JSON_SHOW = ["-4", "-json", "route", "show", "table", "all"];

const workload: Workload = {
  id: "route-dump",
  title: "IPv4 route dump",
  sizes: { full: [100_000, 1_000_000], quick: [100_000], micro: [1_500] },
  rounds: (size, mode) => (mode === "micro" ? 1 : mode === "quick" ? 2 : size <= 100_000 ? 4 : 2),
  shared: true,
  setup: populateRoutes,
  phases: [
    {
      id: "route-dump",
      title: "route dump into objects",
      unit: "s",
      command: (c, ctx) => program(c, ctx, "route-dump", 0),
      verify: (ctx, _n, rep) => expectReported(rep, ctx.state.routes!, "routes"),
    },
    {
      id: "route-dump-json",
      title: "route dump as JSON (CLI vs ip -json)",
      unit: "s",
      command: (c, ctx) =>
        c === "floor"
          ? program(c, ctx, "route-dump", 0)
          : show(c, ctx, JSON_SHOW, (out) => {
              const got = occurrences(out, '"dst":');
              return got === ctx.state.routes ? undefined : `printed ${got} routes, expected ${ctx.state.routes}`;
            }),
      verify: (ctx, _n, rep) => expectReported(rep, ctx.state.routes!, "routes"),
    },
  ],
};
export default workload;
