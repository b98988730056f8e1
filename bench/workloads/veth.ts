/**
 * Workload 3a: create N veth pairs a<i>/b<i> one request at a time, then
 * delete them (each deletion waits for an RCU grace period in the kernel,
 * so this one is bound by the kernel for everybody). Fresh namespace per
 * contender; verified by counting links.
 */
import { batch, batchFile, countIn, expectReported, program } from "../lib/commands.ts";
import type { Workload } from "../lib/types.ts";

const workload: Workload = {
  id: "veth",
  title: "veth pairs",
  sizes: { full: [300], quick: [100], micro: [5] },
  rounds: () => 1,
  shared: false,
  async setup(ctx) {
    ctx.state.links = countIn(ctx, "l");
  },
  phases: [
    {
      id: "veth-add",
      title: "veth pair create",
      unit: "s",
      command: (c, ctx, n) =>
        program(c, ctx, "veth-add", n) ?? batch(c, ctx, batchFile(ctx, `veth-add-${n}`, () => Array.from({ length: n }, (_, i) => `link add a${i} type veth peer name b${i}`))),
      verify(ctx, n, rep) {
        const bad = expectReported(rep, n, "veth creations");
        if (bad) return bad;
        const got = countIn(ctx, "l") - ctx.state.links!;
        return got === 2 * n ? undefined : `${got} links created, expected ${2 * n}`;
      },
    },
    {
      id: "veth-del",
      title: "veth pair delete",
      unit: "s",
      command: (c, ctx, n) => program(c, ctx, "veth-del", n) ?? batch(c, ctx, batchFile(ctx, `veth-del-${n}`, () => Array.from({ length: n }, (_, i) => `link del a${i}`))),
      verify(ctx, n, rep) {
        const bad = expectReported(rep, n, "veth deletions");
        if (bad) return bad;
        const got = countIn(ctx, "l") - ctx.state.links!;
        return got === 0 ? undefined : `${got} links left after deleting`;
      },
    },
  ],
};
export default workload;
