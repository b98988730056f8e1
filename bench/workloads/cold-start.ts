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
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { expectReported } from "../lib/commands.ts";
import { mustSync } from "../lib/proc.ts";
import type { Command, ContenderId, Ctx, Workload } from "../lib/types.ts";

const ROOT = resolve(import.meta.dir, "../..");

const built = new Set<string>();

/** Newest modification time of the files under `dir`. */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) t = Math.max(t, statSync(join(e.parentPath, e.name)).mtimeMs);
  }
  return t;
}

/** Compile (once per run) the empty program into the run's temp dir, and the CLI with `npm run build` when stale. */
function compiled(ctx: Ctx): { empty: string; cli: string } {
  const empty = join(ctx.tmp, "empty-bun");
  const cli = join(ROOT, "dist", "bun-netlink");
  if (!built.has(ctx.tmp)) {
    const src = join(ctx.tmp, "empty.ts");
    writeFileSync(src, "export {};\n");
    mustSync([ctx.tools.bun, "build", "--compile", "--bytecode", "--format=esm", "--minify", src, "--outfile", empty]);
    const sources = Math.max(...["cli", "lib", "codecs"].map((d) => newest(join(ROOT, d))));
    if (!existsSync(cli) || statSync(cli).mtimeMs < sources) mustSync([ctx.tools.bun, join(ROOT, "scripts", "build.ts")]);
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
