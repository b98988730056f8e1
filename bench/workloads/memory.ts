/**
 * Workload 7: memory while dumping N routes of the IPv6 mix (one table).
 * The library streams them (RouteApi.iterate, one datagram decoded at a
 * time) and reports how much its peak RSS (VmHWM) grew during the stream,
 * which must stay flat; the CLI and ip print them as JSON (`-6 -json route
 * show table all`) and report the peak RSS of the process; the C floor
 * walks headers, vishvananda builds a list.
 */
import { expectReported, occurrences, program, show } from "../lib/commands.ts";
import type { Workload } from "../lib/types.ts";
import { populate, showArgs } from "./route-dump.ts";

const workload: Workload = {
  id: "memory",
  title: "peak RSS of a route dump",
  sizes: { full: [1_000_000], quick: [1_000_000], micro: [2_000] },
  rounds: (_size, mode) => (mode === "full" ? 2 : 1),
  shared: true,
  skip: { py: "a 1M-route dump takes pyroute2 about a minute and 4 GB (its 100k dump is in the route dump rows)" },
  setup: populate("v6-mix"),
  phases: [
    {
      id: "route-stream-rss",
      title: "peak RSS, 1M-route dump (IPv6 mix; library: streaming, CLI/ip: -json)",
      unit: "MiB",
      command: (c, ctx) =>
        c === "ours"
          ? program(c, ctx, "route-stream", "6")
          : program(c, ctx, "route-dump", "6") ??
            show(c, ctx, showArgs("v6-mix", true), (out) => {
              const got = occurrences(out, '"dst":');
              return got === ctx.state.routes ? undefined : `printed ${got} routes, expected ${ctx.state.routes}`;
            }),
      verify: (ctx, _n, rep) => expectReported(rep, ctx.state.routes!, "routes"),
    },
  ],
};
export default workload;
