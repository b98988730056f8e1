/**
 * What the phase scripts (install-phases.ts, dump-faults.ts) share: a
 * throwaway namespace with the benchmark's base setup and a route set's
 * batch files, the C floor built as the benchmark builds it, a way to run
 * a command inside the namespace, and medians. The namespace and the
 * files are removed when the body ends, also on failure.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { mustSync } from "../bench/lib/proc.ts";
import { BASE_SETUP } from "../bench/lib/netns.ts";
import { routeFiles, type RouteSetId } from "../bench/lib/route-sets.ts";

const root = resolve(import.meta.dir, "..");

/** The median of `v` (the upper one of an even count). */
export function median(v: readonly number[]): number {
  return [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
}

/** The C floor (bench/build/floor), compiled from bench/floor/*.c when missing. */
export function floorBinary(): string {
  const floor = join(root, "bench/build/floor");
  if (!existsSync(floor)) {
    mkdirSync(join(root, "bench/build"), { recursive: true });
    const src = join(root, "bench/floor");
    mustSync(["cc", "-O2", "-Wall", "-o", floor, ...readdirSync(src).filter((f) => f.endsWith(".c")).sort().map((f) => join(src, f))]);
  }
  return floor;
}

/** The namespace a phase script works in. */
export interface PhaseNetns {
  /** Its name. */
  name: string;
  /** The route set's batch files (`add`, `del`; bench/lib/route-sets.ts). */
  files: { add: string; del: string };
  /** The C floor's path. */
  floor: string;
  /** Run argv inside the namespace; its stdout (throws on a non-zero status). */
  run(argv: string[]): string;
}

/** Run `body` with a fresh namespace `bnl-<tag>-<pid>` holding the base setup and set's files for `n` routes. */
export function withPhaseNetns<T>(tag: string, set: RouteSetId, n: number, body: (ns: PhaseNetns) => T): T {
  const name = `bnl-${tag}-${process.pid}`;
  const dir = join("/dev/shm", name);
  try {
    mkdirSync(dir, { recursive: true });
    const files = routeFiles(dir, set, n);
    const floor = floorBinary();
    mustSync(["ip", "netns", "add", name]);
    mustSync(["ip", "-n", name, "-batch", "-"], BASE_SETUP.join("\n") + "\n");
    return body({ name, files, floor, run: (argv) => mustSync(["ip", "netns", "exec", name, ...argv]) });
  } finally {
    spawnSync("ip", ["netns", "del", name]);
    rmSync(dir, { recursive: true, force: true });
  }
}
