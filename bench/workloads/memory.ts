/**
 * Workload 7: memory while dumping N routes. The library streams them
 * (RouteApi.iterate, one datagram decoded at a time) and reports how much
 * its peak RSS (VmHWM) grew during the stream, which must stay flat; the
 * others report the peak RSS of the process for the same dump (the C
 * floor walking headers, vishvananda and pyroute2 building lists, ip
 * printing JSON).
 */
import { expectReported, occurrences, program, show } from "../lib/commands.ts";
import type { Workload } from "../lib/types.ts";
import { populateRoutes } from "./route-dump.ts";

const workload: Workload = {
  id: "memory",
  title: "peak RSS of a route dump",
  sizes: { full: [1_000_000], quick: [1_000_000], micro: [2_000] },
  rounds: (_size, mode) => (mode === "full" ? 2 : 1),
  shared: true,
  skip: { py: "a 1M-route dump takes pyroute2 about a minute and 4 GB (its 100k dump is in the route dump rows)" },
  setup: populateRoutes,
  phases: [
    {
      id: "route-stream-rss",
      title: "peak RSS, route dump (library: streaming)",
      unit: "MiB",
      command: (c, ctx) =>
        c === "ours"
          ? program(c, ctx, "route-stream", 0)
          : program(c, ctx, "route-dump", 0) ??
            show(c, ctx, ["-4", "-json", "route", "show", "table", "all"], (out) => {
              const got = occurrences(out, '"dst":');
              return got === ctx.state.routes ? undefined : `printed ${got} routes, expected ${ctx.state.routes}`;
            }),
      verify: (ctx, _n, rep) => expectReported(rep, ctx.state.routes!, "routes"),
    },
  ],
};
export default workload;
