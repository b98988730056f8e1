/**
 * Building the contenders' commands: the programs that time themselves
 * (C floor, library, Go and Python peers) run inside the namespace under
 * `ip netns exec`; ip and the bun-netlink CLI get the same batch file (or
 * show command) with `-n NAME` and are timed as whole processes.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { mustSync } from "./proc.ts";
import type { Command, ContenderId, Ctx } from "./types.ts";

const BENCH = resolve(import.meta.dir, "..");

/** The program-level contenders and how to start each. */
export function program(c: ContenderId, ctx: Ctx, mode: string, n: number | string, arg?: string): Command | undefined {
  const rest = arg === undefined ? [String(n)] : [String(n), arg];
  const t = ctx.tools;
  let argv: string[];
  switch (c) {
    case "floor": argv = [t.floor, mode, ...(mode === "route-add" || mode === "route-del" ? [rest[0]!, "256", ...rest.slice(1)] : rest)]; break;
    case "ours": argv = [t.bun, join(BENCH, "contenders", "ours.ts"), mode, ...rest]; break;
    case "go": argv = [t.go, mode, ...rest]; break;
    case "py": argv = [t.python, join(BENCH, "peers", "pyroute2", "bench.py"), mode, ...rest]; break;
    default: return undefined;
  }
  return { argv, timing: "internal", netns: ctx.netns };
}

/** Write (once per content key) a batch file and return its path. */
export function batchFile(ctx: Ctx, key: string, lines: () => string[]): string {
  const path = join(ctx.tmp, `${key}.batch`);
  if (!existsSync(path)) writeFileSync(path, lines().join("\n") + "\n");
  return path;
}

/** `ip -n NS -batch FILE` for "ip", `bun-netlink -n NS -batch FILE` for "cli". */
export function batch(c: ContenderId, ctx: Ctx, file: string): Command | undefined {
  if (c === "ip") return { argv: [ctx.tools.ip, "-n", ctx.netns, "-batch", file], timing: "process" };
  if (c === "cli") return { argv: [ctx.tools.cli, "-n", ctx.netns, "-batch", file], timing: "process" };
  return undefined;
}

/** A one-shot show command (`ip -n NS ARGS...`) for "ip" and "cli", its output checked by `check`. */
export function show(c: ContenderId, ctx: Ctx, args: string[], check: (out: string) => string | undefined): Command | undefined {
  if (c === "ip") return { argv: [ctx.tools.ip, "-n", ctx.netns, ...args], timing: "process", checkOutput: check };
  if (c === "cli") return { argv: [ctx.tools.cli, "-n", ctx.netns, ...args], timing: "process", checkOutput: check };
  return undefined;
}

/**
 * Count routes ("r" IPv4, "R" IPv6, all tables; "b"/"B" only those not made by the kernel), links ("l") or
 * addresses ("a", IPv6) in the namespace with the C floor.
 */
export function countIn(ctx: Ctx, what: "r" | "R" | "b" | "B" | "l" | "a"): number {
  return Number(mustSync(["ip", "netns", "exec", ctx.netns, ctx.tools.floor, "count", what]).trim());
}

/** Occurrences of `needle` in `hay`. */
export function occurrences(hay: string, needle: string): number {
  let n = 0;
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** Verify a reported count and error count against what was expected. */
export function expectReported(reported: { count?: number; errors?: number }, want: number, what: string): string | undefined {
  if (reported.errors !== undefined && reported.errors !== 0) return `${reported.errors} ${what} failed`;
  if (reported.count !== undefined && reported.count !== want) return `reported ${reported.count} ${what}, expected ${want}`;
  return undefined;
}
