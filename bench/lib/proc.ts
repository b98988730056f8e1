/**
 * Child processes of the benchmark runner: spawned asynchronously (so
 * SIGINT/SIGTERM handlers run while a contender works), timed by the wall
 * clock around spawn..exit, with the child's CPU time and peak RSS from
 * its rusage. The running child can be killed by `killCurrent` on abort.
 */
import type { Subprocess } from "bun";

/** What a finished child did. */
export interface ProcResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Wall seconds from spawn to exit. */
  wall: number;
  /** CPU seconds of the child. */
  user: number;
  sys: number;
  /** Peak RSS of the child in bytes. */
  maxrss: number;
}

let current: Subprocess | undefined;

/** Kill the child that is running now, if any (SIGKILL). */
export function killCurrent(): void {
  try {
    current?.kill(9);
  } catch {
    // already gone
  }
}

/** Run argv to completion; stdin is fed from `input` when given. */
export async function run(argv: string[], opts: { input?: string; env?: Record<string, string> } = {}): Promise<ProcResult> {
  const t0 = performance.now();
  const p = Bun.spawn(argv, {
    stdin: opts.input === undefined ? "ignore" : new TextEncoder().encode(opts.input),
    stdout: "pipe",
    stderr: "pipe",
    env: opts.env ?? (process.env as Record<string, string>),
  });
  current = p;
  try {
    const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
    const wall = (performance.now() - t0) / 1000;
    const ru = p.resourceUsage();
    return {
      code,
      stdout,
      stderr,
      wall,
      user: ru ? Number(ru.cpuTime.user) / 1e6 : 0,
      sys: ru ? Number(ru.cpuTime.system) / 1e6 : 0,
      maxrss: ru ? ru.maxRSS : 0,
    };
  } finally {
    current = undefined;
  }
}

/** Run argv and throw with its stderr unless it exits 0; returns stdout. */
export async function must(argv: string[], input?: string): Promise<string> {
  const r = await run(argv, input === undefined ? {} : { input });
  if (r.code !== 0) throw new Error(`${argv.join(" ")} exited ${r.code}: ${r.stderr.trim() || r.stdout.trim()}`);
  return r.stdout;
}

/** Synchronous variant for setup and cleanup steps (short commands only). */
export function mustSync(argv: string[], input?: string): string {
  const r = Bun.spawnSync(argv, { stdin: input === undefined ? "ignore" : new TextEncoder().encode(input), stdout: "pipe", stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(`${argv.join(" ")} exited ${r.exitCode}: ${r.stderr.toString().trim() || r.stdout.toString().trim()}`);
  return r.stdout.toString();
}
