/**
 * Workload 5: N times create a named namespace, bring its lo up, destroy
 * it. The library does it in-process (createNetns, a socket opened in the
 * namespace, LinkApi.set("lo", { up: true }), deleteNetns); iproute2 runs
 * `ip netns add X`, `ip -n X link set lo up`, `ip netns del X` as three
 * commands per cycle (no CLI row: there is no batch file to give it; three
 * Bun start-ups per cycle would measure nothing but those). Every namespace is
 * named with this run's prefix, so the runner removes any left behind.
 * Verified by the reported count and by no namespace of the run's prefix
 * being left.
 */
import { expectReported, program } from "../lib/commands.ts";
import { listBench } from "../lib/netns.ts";
import type { Command, ContenderId, Ctx, Workload } from "../lib/types.ts";

function loop(c: ContenderId, ctx: Ctx, n: number): Command | undefined {
  if (c !== "ip") return undefined;
  const tool = ctx.tools.ip;
  const script = `set -e; i=0; while [ $i -lt ${n} ]; do ns=${ctx.prefix}$i; ${tool} netns add $ns; ${tool} -n $ns link set lo up; ${tool} netns del $ns; i=$((i+1)); done`;
  return { argv: ["sh", "-c", script], timing: "process", checkOutput: () => undefined };
}

const workload: Workload = {
  id: "netns",
  title: "namespace create, lo up, destroy",
  sizes: { full: [200], quick: [50], micro: [3] },
  rounds: (_size, mode) => (mode === "full" ? 5 : mode === "quick" ? 2 : 1),
  shared: true,
  noNetns: true,
  phases: [
    {
      id: "netns-cycle",
      title: "netns add + lo up + del",
      unit: "s",
      command: (c, ctx, n) => (c === "cli" ? undefined : loop(c, ctx, n) ?? program(c, ctx, "netns-cycle", n, ctx.prefix)),
      verify(ctx, n, rep) {
        const left = listBench(ctx.prefix);
        if (left.length > 0) return `${left.length} namespaces left behind (${left[0]}...)`;
        return expectReported(rep, n, "cycles");
      },
    },
  ],
};
export default workload;
