/**
 * Shapes shared by the benchmark runner and its workloads.
 *
 * A workload (bench/workloads/*.ts) has sizes and one or more phases run
 * one after the other in the same namespace (install, then delete). For
 * each round the runner gives every contender a fresh namespace prepared by
 * `setup` (or, for read-only workloads, one prepared namespace per round
 * shared by all contenders, so they all read the same state), runs the
 * phases' commands, and verifies each result.
 */

/** Contenders, in table order. */
export const CONTENDERS = ["floor", "ours", "cli", "ip", "go", "py"] as const;
export type ContenderId = (typeof CONTENDERS)[number];

/** Run sizes of the three modes. */
export type Mode = "full" | "quick" | "micro";

/** How a command's time is taken. */
export type Timing =
  /** The program measures the operation itself and prints JSON (seconds, user, sys, maxrss, count, errors). */
  | "internal"
  /** The runner measures the whole process (ip, the CLI): wall clock and the child's rusage. */
  | "process";

/** One contender's command for a phase. */
export interface Command {
  argv: string[];
  timing: Timing;
  /** Run inside this namespace (`ip netns exec`); "process" commands carry their own `-n`. */
  netns?: string;
  /** Size actually used when smaller than the row's size (latency of a slow peer). */
  n?: number;
  /** Verify a "process" command's stdout; returns an error text or undefined. */
  checkOutput?: (stdout: string) => string | undefined;
}

/** What a contender's run produced. */
export interface Sample {
  seconds: number;
  user?: number;
  sys?: number;
  maxrss?: number;
  /** Peak RSS growth during the operation (route-stream only). */
  rssGrowth?: number;
}

/** Context a workload's functions get. */
export interface Ctx {
  mode: Mode;
  /** The namespace of this run (per contender, or shared). */
  netns: string;
  /** Scratch directory for batch files. */
  tmp: string;
  /** Absolute path of bench/build/. */
  build: string;
  /** Paths of the tools: bun, the CLI entry, the Go peer binary, python3. */
  tools: Tools;
  /** A namespace name prefix unique to this contender run (for workloads that create namespaces). */
  prefix: string;
  /** Facts `setup` recorded about the namespace (base counts), read by `verify`. */
  state: Record<string, number>;
}

/** Executables the runner found or built. */
export interface Tools {
  bun: string;
  floor: string;
  cli: string;
  go: string;
  python: string;
  ip: string;
}

/** One measured phase of a workload. */
export interface Phase {
  id: string;
  title: string;
  /** "s" (seconds for the whole operation), "us/req" (latency), "MiB" (peak RSS). */
  unit: "s" | "us/req" | "MiB";
  /** The command of a contender, or undefined when it has no such operation. */
  command(c: ContenderId, ctx: Ctx, size: number): Command | undefined;
  /** Check the namespace after a contender's run (or its reported count); an error text or undefined. */
  verify(ctx: Ctx, size: number, reported: { count?: number; errors?: number; n?: number }): string | undefined;
  /** Sizes at which this phase runs (default: all of the workload's). */
  only?: (size: number) => boolean;
}

/** A workload: namespace setup plus phases. */
export interface Workload {
  id: string;
  title: string;
  sizes: Record<Mode, number[]>;
  /** Rounds per size and mode (after one warm-up pass). */
  rounds(size: number, mode: Mode): number;
  /** One namespace per round for every contender (read-only phases) instead of one each. */
  shared: boolean;
  /** The workload makes its own namespaces: the runner prepares none. */
  noNetns?: boolean;
  /** Contenders left out of this workload, with the reason shown in their rows. */
  skip?: Partial<Record<ContenderId, string>>;
  /**
   * Seconds one contender run may be expected to take at a size before it is
   * skipped there (default: the mode's budget in run.ts); raised where a
   * target needs the slow baseline measured (ip -batch at 1M routes).
   */
  budget?: number;
  /** Make `ctx.netns` ready; undefined for workloads that make their own namespaces. */
  setup?(ctx: Ctx, size: number): Promise<void>;
  phases: Phase[];
}

/** One row of the results: a phase at a size for a contender. */
export interface Row {
  workload: string;
  phase: string;
  title: string;
  size: number;
  contender: ContenderId;
  label: string;
  status: "ok" | "not installed" | "not available" | "skipped" | "failed";
  reason?: string;
  unit: Phase["unit"];
  timing?: "in-process" | "whole process";
  /** Operations actually done per run, when fewer than `size`. */
  n?: number;
  rounds: number;
  /** In `unit`: seconds, microseconds per request, or MiB. */
  median?: number;
  min?: number;
  max?: number;
  /** Seconds of CPU (median over rounds). */
  user?: number;
  sys?: number;
  /** Bytes. */
  peakRss?: number;
  rssGrowth?: number;
  /** median / the C floor's median (>1: slower than the floor). */
  ratioFloor?: number;
  /** median / iproute2's median (<1: faster than ip). */
  ratioIp?: number;
  /** Raw seconds of each measured round. */
  samples: number[];
}
