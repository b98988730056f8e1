/**
 * Workload 3b: dump N links. One namespace per round holding N veth
 * interfaces (N/2 pairs made by the C floor) plus the base setup; the
 * library decodes every link completely (LinkApi.list), ip and the CLI
 * print `-json link show`.
 */
import { countIn, expectReported, occurrences, program, show } from "../lib/commands.ts";
import { must } from "../lib/proc.ts";
import type { Workload } from "../lib/types.ts";

const workload: Workload = {
  id: "link-dump",
  title: "link dump",
  sizes: { full: [1_000, 10_000], quick: [1_000], micro: [20] },
  rounds: (size, mode) => (mode === "micro" ? 1 : mode === "quick" ? 2 : size <= 1_000 ? 5 : 2),
  shared: true,
  async setup(ctx, n) {
    await must(["ip", "netns", "exec", ctx.netns, ctx.tools.floor, "veth-add", String(n >> 1)]);
    ctx.state.links = countIn(ctx, "l");
  },
  phases: [
    {
      id: "link-dump",
      title: "link dump",
      unit: "s",
      command: (c, ctx) =>
        program(c, ctx, "link-dump", 0) ??
        show(c, ctx, ["-json", "link", "show"], (out) => {
          const got = occurrences(out, '"ifindex":');
          return got === ctx.state.links ? undefined : `printed ${got} links, expected ${ctx.state.links}`;
        }),
      verify: (ctx, _n, rep) => expectReported(rep, ctx.state.links!, "links"),
    },
  ],
};
export default workload;
