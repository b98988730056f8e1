/**
 * Workload 8: cold start of the compiled CLI. N times, one after the
 * other, a new process runs `bun-netlink -n NS link show` (dist/bun-netlink,
 * the single-file executable `npm run build` makes with `bun build
 * --compile --bytecode`; rebuilt when older than the sources), against the
 * same command of ip and, as the floor, an empty program compiled the same
 * way: the least a compiled Bun program costs to start. The floor's
 * `exec-loop` forks and times the runs (after one untimed run) and checks
 * every exit status.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expectReported } from "../lib/commands.ts";
import { mustSync } from "../lib/proc.ts";
import type { Command, ContenderId, Ctx, Workload } from "../lib/types.ts";


const built = new Set<string>();

/** Compile (once per run) the empty program into the run's temp dir; the CLI is the run's tools.cli (dist/bun-netlink, bench/lib/tools.ts). */
function compiled(ctx: Ctx): { empty: string; cli: string } {
  const empty = join(ctx.tmp, "empty-bun");
  const cli = ctx.tools.cli;
  if (!built.has(ctx.tmp)) {
    const src = join(ctx.tmp, "empty.ts");
    writeFileSync(src, "export {};\n");
    mustSync([ctx.tools.bun, "build", "--compile", "--bytecode", "--format=esm", "--minify", src, "--outfile", empty]);
    built.add(ctx.tmp);
  }
  return { empty, cli };
}

function loop(c: ContenderId, ctx: Ctx, n: number): Command | undefined {
  const bin = compiled(ctx);
  const argv = c === "floor" ? [bin.empty] : c === "cli" ? [bin.cli, "-n", ctx.netns, "link", "show"] : c === "ip" ? [ctx.tools.ip, "-n", ctx.netns, "link", "show"] : undefined;
  return argv && { argv: [ctx.tools.floor, "exec-loop", String(n), ...argv], timing: "internal" };
}

const workload: Workload = {
  id: "cold-start",
  title: "CLI cold start",
  sizes: { full: [50], quick: [20], micro: [3] },
  rounds: (_size, mode) => (mode === "full" ? 3 : 1),
  shared: true,
  phases: [
    {
      id: "cold-start",
      title: "cold start: `-n NS link show` (floor: empty compiled Bun program)",
      unit: "us/req",
      command: (c, ctx, n) => loop(c, ctx, n),
      verify: (_ctx, n, rep) => expectReported(rep, n, "runs"),
    },
  ],
};
export default workload;
