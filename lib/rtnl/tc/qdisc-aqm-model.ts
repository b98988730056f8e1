/**
 * Option shapes of the queueing disciplines without shaping (netem,
 * fq_codel, fq, sfq): what callers write and list() returns, in tc's units
 * (times in microseconds unless noted, probabilities in percent). Encoded
 * and read back by qdisc-aqm.ts; re-exported by qdisc-options.ts.
 */
import type { Rate, Size, Time } from "./units.ts";

/** netem options (tc's units: times in microseconds, probabilities in percent). */
export interface NetemOptions {
  limit?: number;
  delay?: Time;
  jitter?: Time;
  delayCorrelation?: number;
  loss?: number;
  lossCorrelation?: number;
  duplicate?: number;
  duplicateCorrelation?: number;
  reorder?: number;
  reorderCorrelation?: number;
  gap?: number;
  corrupt?: number;
  corruptCorrelation?: number;
  rate?: Rate;
  /** With rate: per-packet overhead (signed), cell size, per-cell overhead (signed). */
  packetOverhead?: number;
  cellSize?: number;
  cellOverhead?: number;
  ecn?: boolean;
  /** 4-state Markov loss model (tc's `loss state P13 [P31 [P32 [P23 [P14]]]]`), percentages. */
  lossState?: NetemLossState;
  /** Gilbert-Elliott loss model (tc's `loss gemodel P [R [1-H [1-K]]]`), percentages. */
  lossGemodel?: NetemLossGemodel;
  /** Slotted delivery (tc's `slot MIN [MAX] [packets N] [bytes N]`); times in nanoseconds or tc strings. */
  slot?: NetemSlot;
  /**
   * Delay distribution table (tc's `distribution NAME`): a name read from
   * tc's lib dir (normal, pareto, paretonormal, experimental; see
   * netem-dist.ts) or the signed 16-bit values; needs delay and jitter.
   * Read back as the values.
   */
  distribution?: string | readonly number[] | Int16Array;
}

/** netem's Gilbert-Intel loss model; the missing probabilities default as tc sets them (p31 = 100 - p13, p32 0, p23 100, p14 0). */
export interface NetemLossState {
  p13: number;
  p31?: number;
  p32?: number;
  p23?: number;
  p14?: number;
}

/** netem's Gilbert-Elliott loss model; r defaults to 100 - p; oneMinusH and oneMinusK as tc's 1-h and 1-k. */
export interface NetemLossGemodel {
  p: number;
  r?: number;
  oneMinusH?: number;
  oneMinusK?: number;
}

/** netem slots: a delay range, or a delay distribution's mean and jitter (read-back only), plus budgets. */
export interface NetemSlot {
  minDelay?: Time64;
  maxDelay?: Time64;
  /** With `distribution`: the slot delay's mean and jitter (jitter above 0), instead of minDelay/maxDelay. */
  distDelay?: Time64;
  distJitter?: Time64;
  /** Slot delay distribution table (tc's `slot distribution NAME DELAY JITTER`): a name or the values. */
  distribution?: string | readonly number[] | Int16Array;
  packets?: number;
  bytes?: Size;
}

/** A time in nanoseconds (number) or a tc string ("10ms", "5us"), as tc's get_time64. */
export type Time64 = number | string;

/** fq_codel options. */
export interface FqCodelOptions {
  limit?: number;
  flows?: number;
  quantum?: number;
  target?: Time;
  interval?: Time;
  ecn?: boolean;
  ceThreshold?: Time;
  memoryLimit?: Size;
  dropBatch?: number;
}

/** fq options. */
export interface FqOptions {
  limit?: number;
  flowLimit?: number;
  quantum?: Size;
  initialQuantum?: Size;
  maxrate?: Rate;
  bucketsLog?: number;
  refillDelay?: Time;
  lowRateThreshold?: Rate;
  orphanMask?: number;
  pacing?: boolean;
  ceThreshold?: Time;
  /** Default rate of flows without a socket pacing rate (tc's defrate). */
  defrate?: Rate;
  /** Timer slack in nanoseconds or a tc string ("10us"). */
  timerSlack?: Time64;
  horizon?: Time;
  horizonDrop?: boolean;
}

/** sfq options. */
export interface SfqOptions {
  quantum?: Size;
  perturb?: number;
  limit?: number;
  divisor?: number;
  flows?: number;
  depth?: number;
  headdrop?: boolean;
  /** RED on each flow (tc's redflowlimit, min, max, burst, avpkt, probability, ecn, harddrop). */
  red?: SfqRed;
}

/** sfq's RED mode; thresholds in bytes. Missing values default as tc computes them (q_sfq.c, tc_red.c). */
export interface SfqRed {
  /** Bytes per flow (redflowlimit), required. */
  limit: Size;
  min?: Size;
  max?: Size;
  /** Packets of burst (used to compute ewma when ewma is not given). */
  burst?: number;
  avpkt?: Size;
  /** Marking probability at max, 0..1 (tc's default 0.02). */
  probability?: number;
  ecn?: boolean;
  harddrop?: boolean;
  /** log2 of the EWMA weight (tc computes it from min, burst and avpkt). */
  ewma?: number;
  /** Read-only: the kernel's RED counters. */
  stats?: { probDrop: number; forcedDrop: number; probMark: number; forcedMark: number; probMarkHead: number; forcedMarkHead: number };
}
