/**
 * Helpers of the command-line tests: run bun-netlink in-process (main with
 * a memory Io), run the real ip, a seeded PRNG whose seed is printed on
 * failure, and the removal of fields that change between two reads.
 */
import { expect } from "vitest";
import { main } from "../../cli/main.ts";
import { memoryIo } from "../../cli/io.ts";

/** Outcome of one command line. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run bun-netlink in this process. */
export async function cli(argv: string[], stdin = ""): Promise<RunResult> {
  const io = memoryIo(stdin);
  const code = await main(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

/** Run iproute2's ip. */
export function ip(argv: string[], stdin?: string): RunResult {
  const r = Bun.spawnSync({ cmd: ["ip", ...argv], stdin: stdin === undefined ? "ignore" : new TextEncoder().encode(stdin), stdout: "pipe", stderr: "pipe" });
  return { code: r.exitCode ?? -1, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

/** Run ip and fail the test when it fails. */
export function ipOk(argv: string[], stdin?: string): string {
  const r = ip(argv, stdin);
  if (r.code !== 0) throw new Error(`ip ${argv.join(" ")} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

/** Turn IPv6 DAD off in namespace `ns`, so addresses are usable at once and both tools see the same flags. */
export function noDad(ns: string): void {
  ipOk(["netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0"]);
}

/** The links the route and neighbour differentials run on: veth v0/v1, bridge br0, all up, with addresses. */
export const DIFF_BASE_LINKS = [
  "link add v0 type veth peer name v1", "link add br0 type bridge", "link set lo up", "link set v0 up", "link set v1 up",
  "link set br0 up", "addr add 192.0.2.1/24 dev v0", "addr add 198.51.100.1/24 dev br0", "addr add 2001:db8:1::1/64 dev v0 nodad",
];

/** mulberry32: a small seeded PRNG. */
export class Rng {
  private s: number;
  constructor(readonly seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(a: readonly T[]): T {
    return a[this.int(0, a.length - 1)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** A locally administered unicast MAC. */
  mac(): string {
    const b = [0x02, ...Array.from({ length: 5 }, () => this.int(0, 255))];
    return b.map((x) => x.toString(16).padStart(2, "0")).join(":");
  }
}

/** The seed of this run: CLI_SEED from the environment, else random. */
export function runSeed(): number {
  const env = process.env.CLI_SEED;
  return env !== undefined ? Number(env) >>> 0 : (Math.random() * 2 ** 32) >>> 0;
}

/** Keys whose values change between two reads (counters, timers, lifetimes that count down). */
const VOLATILE = new Set([
  "stats64", "stats", "hello_timer", "tcn_timer", "topology_change_timer", "gc_timer", "hold_timer",
  "message_age_timer", "forward_delay_timer", "expires", "used", "confirmed", "updated", "refcnt", "probes",
  "unbalanced_time", "carrier_changes",
]);

/** Remove volatile fields from parsed `ip -j` output; finite address lifetimes become "finite". */
export function stripVolatile(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripVolatile);
  if (v === null || typeof v !== "object") return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (VOLATILE.has(k)) continue;
    if ((k === "valid_life_time" || k === "preferred_life_time") && x !== 4294967295) {
      out[k] = "finite";
      continue;
    }
    out[k] = stripVolatile(x);
  }
  return out;
}

/** Text lines with volatile numbers masked (lifetimes, expiry, timers). */
export function maskText(s: string): string {
  return s
    .replace(/(valid_lft|preferred_lft) \d+sec/g, "$1 Nsec")
    .replace(/expires \d+sec/g, "expires Nsec")
    .replace(/(_timer) +\d+\.\d+/g, "$1 N");
}

/**
 * Compare `bun-netlink ARGS` with `ip ARGS` (JSON when -j is among them):
 * ours must equal ip's output read just before or just after (state may
 * move between reads, e.g. DAD or neighbour timers). When two timers fire
 * between the three reads, the comparison is tried again (up to 5 times):
 * a real difference shows on every attempt, a timer race does not.
 */
export async function expectSame(args: string[], context: string): Promise<void> {
  const json = args.includes("-j");
  const norm = (s: string) => (json ? JSON.stringify(stripVolatile(JSON.parse(s))) : maskText(s));
  const read = (r: { code: number; stdout: string; stderr: string }) => ({ code: r.code, out: r.code === 0 && r.stdout ? norm(r.stdout) : r.stdout, err: r.stderr });
  const same = (a: ReturnType<typeof read>, b: ReturnType<typeof read>) => a.code === b.code && a.out === b.out && a.err === b.err;
  for (let attempt = 1; ; attempt++) {
    const before = read(ip(args));
    const ours = read(await cli(args));
    if (same(ours, before)) return;
    const after = read(ip(args));
    if (same(ours, after)) return;
    if (attempt === 5) {
      expect(ours, `${context}\n$ ip ${args.join(" ")}`).toEqual(after);
      return;
    }
  }
}
