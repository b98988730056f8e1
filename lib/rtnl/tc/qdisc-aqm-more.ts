/**
 * The AQM qdisc kinds codel, pie, fq_pie and red (and the dispatch of the
 * kinds in qdisc-cake.ts, qdisc-sched.ts and qdisc-misc.ts): their option shapes
 * (what callers write and list() returns, in tc's units: times in
 * microseconds or tc strings, sizes in bytes or tc strings), how they
 * become TCA_OPTIONS exactly as tc 6.1 builds them (q_codel.c, q_pie.c,
 * q_fq_pie.c, q_red.c with tc_red.c's EWMA, probability and idle damping
 * computations), and the read-back. qdisc-options.ts dispatches here.
 */
import type { AqmOptionsMap } from "../../../codecs/tc/qdisc-aqm-kinds.ts";
import { toHex } from "../../../codecs/core/hex.ts";
import { bool, int, opt } from "./check.ts";
import { toRate, toSize, toTime, type Rate, type Size, type Time } from "./units.ts";
import { redEvalEwma, redEvalP, redIdleDamping } from "./red.ts";
import { MISC_TO_WIRE, miscView } from "./qdisc-misc.ts";
import { cake, cakeView } from "./qdisc-cake.ts";
import { SCHED_TO_WIRE, schedView } from "./qdisc-sched.ts";

/** codel options. */
export interface CodelOptions {
  /** Packets (tc's default: the kernel's 1000). */
  limit?: number;
  target?: Time;
  interval?: Time;
  ecn?: boolean;
  ceThreshold?: Time;
}

/** pie options. */
export interface PieOptions {
  limit?: number;
  target?: Time;
  tupdate?: Time;
  /** 0..32. */
  alpha?: number;
  /** 0..32. */
  beta?: number;
  ecn?: boolean;
  bytemode?: boolean;
  dqRateEstimator?: boolean;
}

/** fq_pie options. */
export interface FqPieOptions extends PieOptions {
  flows?: number;
  quantum?: Size;
  memoryLimit?: Size;
  /** Percent 0..99: the drop probability below which ECN-capable packets are marked. */
  ecnProb?: number;
}

/**
 * red options; thresholds in bytes. Missing values default as tc computes
 * them (q_red.c, tc_red.c). The read-back has ewma/plog/scellLog instead of
 * avpkt, burst and bandwidth (they only shaped those and the idle damping
 * table): to replace a red qdisc, give avpkt (and bandwidth) again.
 */
export interface RedOptions {
  /** Bytes, required. */
  limit: Size;
  min?: Size;
  max?: Size;
  /** Average packet size, required. */
  avpkt: Size;
  /** Packets of burst (gives the EWMA weight when ewma is not given). */
  burst?: number;
  /** Marking probability at max, 0..1 (tc's default 0.02). */
  probability?: number;
  /** The link's bandwidth, for the idle damping table (tc's default 10Mbit). */
  bandwidth?: Rate;
  ecn?: boolean;
  harddrop?: boolean;
  nodrop?: boolean;
  adaptive?: boolean;
  /** Block index of the early_drop qevent (above 0). */
  earlyDropBlock?: number;
  /** Block index of the mark qevent (above 0). */
  markBlock?: number;
  /** log2 of the EWMA weight (tc computes it from min, burst and avpkt). */
  ewma?: number;
  /** Read-only: log2 of the probability divisor, and of the idle damping table's cell. */
  plog?: number;
  scellLog?: number;
}

/** TC_RED_ECN, HARDDROP, ADAPTATIVE, NODROP. */
const RED_FLAGS = { ecn: 1, harddrop: 2, adaptive: 4, nodrop: 8 } as const;

const u32 = (p: string, f: string) => (v: unknown) => int(v, 0, 0xffffffff, `${p}.${f}`);
const flag = (p: string, f: string) => (v: unknown) => (bool(v, `${p}.${f}`) ? 1 : 0);

/** codel's nest in q_codel.c's order (zeros are tc's "not given"). */
export function codel(o: CodelOptions, p: string): unknown {
  const out: Record<string, unknown> = {};
  const limit = opt(o.limit, u32(p, "limit")), interval = opt(o.interval, (v) => toTime(v, `${p}.interval`)), target = opt(o.target, (v) => toTime(v, `${p}.target`));
  if (limit) out.limit = limit;
  if (interval) out.interval = interval;
  if (target) out.target = target;
  if (o.ecn !== undefined) out.ecn = flag(p, "ecn")(o.ecn);
  if (o.ceThreshold !== undefined) out.ceThreshold = toTime(o.ceThreshold, `${p}.ceThreshold`);
  return out;
}

/** pie's nest in q_pie.c's order. */
export function pie(o: PieOptions, p: string): unknown {
  const out: Record<string, unknown> = {};
  const limit = opt(o.limit, u32(p, "limit")), tupdate = opt(o.tupdate, (v) => toTime(v, `${p}.tupdate`)), target = opt(o.target, (v) => toTime(v, `${p}.target`));
  const alpha = opt(o.alpha, (v) => int(v, 0, 32, `${p}.alpha`)), beta = opt(o.beta, (v) => int(v, 0, 32, `${p}.beta`));
  if (limit) out.limit = limit;
  if (tupdate) out.tupdate = tupdate;
  if (target) out.target = target;
  if (alpha) out.alpha = alpha;
  if (beta) out.beta = beta;
  if (o.ecn !== undefined) out.ecn = flag(p, "ecn")(o.ecn);
  if (o.bytemode !== undefined) out.bytemode = flag(p, "bytemode")(o.bytemode);
  if (o.dqRateEstimator !== undefined) out.dqRateEstimator = flag(p, "dqRateEstimator")(o.dqRateEstimator);
  return out;
}

/** fq_pie's nest in q_fq_pie.c's order. */
export function fqPie(o: FqPieOptions, p: string): unknown {
  const out: Record<string, unknown> = {};
  const v = {
    limit: opt(o.limit, u32(p, "limit")), flows: opt(o.flows, u32(p, "flows")),
    target: opt(o.target, (x) => toTime(x, `${p}.target`)), tupdate: opt(o.tupdate, (x) => toTime(x, `${p}.tupdate`)),
    alpha: opt(o.alpha, (x) => int(x, 0, 32, `${p}.alpha`)), beta: opt(o.beta, (x) => int(x, 0, 32, `${p}.beta`)),
    quantum: opt(o.quantum, (x) => toSize(x, `${p}.quantum`)), memoryLimit: opt(o.memoryLimit, (x) => toSize(x, `${p}.memoryLimit`)),
    ecnProb: opt(o.ecnProb, (x) => int(x, 0, 99, `${p}.ecnProb`)),
  };
  for (const [k, x] of Object.entries(v)) if (x) out[k] = x;
  if (o.ecn !== undefined) out.ecn = flag(p, "ecn")(o.ecn);
  if (o.bytemode !== undefined) out.bytemode = flag(p, "bytemode")(o.bytemode);
  if (o.dqRateEstimator !== undefined) out.dqRateEstimator = flag(p, "dqRateEstimator")(o.dqRateEstimator);
  return out;
}

/** The derived RED parameters tc computes (q_red.c red_parse_opt). */
export interface RedDerived { qthMin: number; qthMax: number; burst: number; wlog: number; plog: number; scellLog: number; stab: Uint8Array; probability: number }

/** red's thresholds, EWMA, probability and idle damping as tc computes them; throws naming the field. */
export function redDerive(o: RedOptions, p: string): RedDerived {
  if (o.limit === undefined) throw new TypeError(`${p}.limit: required for red`);
  if (o.avpkt === undefined) throw new TypeError(`${p}.avpkt: required for red`);
  const limit = toSize(o.limit, `${p}.limit`), avpkt = toSize(o.avpkt, `${p}.avpkt`);
  if (limit === 0) throw new RangeError(`${p}.limit: must be above 0`);
  if (avpkt === 0) throw new RangeError(`${p}.avpkt: must be above 0`);
  let qthMin = opt(o.min, (v) => toSize(v, `${p}.min`)) ?? 0;
  let qthMax = opt(o.max, (v) => toSize(v, `${p}.max`)) ?? 0;
  if (!qthMax) qthMax = qthMin ? (qthMin * 3) >>> 0 : Math.trunc(limit / 4);
  if (!qthMin) qthMin = Math.trunc(qthMax / 3);
  const burst = opt(o.burst, u32(p, "burst")) || Math.trunc(((2 * qthMin + qthMax) >>> 0) / ((3 * avpkt) >>> 0));
  const probability = opt(o.probability, (v) => { if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw new RangeError(`${p}.probability: expected a number 0..1`); return v; }) ?? 0.02;
  const bps = opt(o.bandwidth, (v) => toRate(v, `${p}.bandwidth`)) || 1250000;
  let wlog: number;
  if (o.ewma !== undefined) wlog = int(o.ewma, 0, 31, `${p}.ewma`);
  else {
    const e = redEvalEwma(qthMin, burst, avpkt);
    if (typeof e === "string") throw new RangeError(`${p}.burst: ${e}`);
    wlog = e;
  }
  const plog = redEvalP(qthMin, qthMax, probability);
  if (plog < 0) throw new RangeError(`${p}.probability: failed to calculate the probability`);
  const d = redIdleDamping(wlog, avpkt, bps);
  if (d === undefined) throw new RangeError(`${p}.bandwidth: failed to calculate the idle damping table`);
  return { qthMin, qthMax, burst, wlog, plog, scellLog: d.cellLog, stab: d.table, probability };
}

/** red's nest as q_red.c builds it: parms (flags 0), stab, max_P, flags bitfield, qevent blocks. */
export function red(o: RedOptions, p: string): unknown {
  const d = redDerive(o, p);
  let flags = 0;
  for (const [k, bit] of Object.entries(RED_FLAGS)) if (opt((o as unknown as Record<string, unknown>)[k], (v) => bool(v, `${p}.${k}`))) flags |= bit;
  const out: Record<string, unknown> = {
    parms: { limit: toSize(o.limit, `${p}.limit`), qthMin: d.qthMin, qthMax: d.qthMax, wlog: d.wlog, plog: d.plog, scellLog: d.scellLog, flags: 0 },
    stab: toHex(d.stab),
    maxP: Math.trunc(d.probability * 2 ** 32) >>> 0,
    flags: { value: flags, selector: 15 },
  };
  const block = (f: "earlyDropBlock" | "markBlock") => opt(o[f], (v) => int(v, 1, 0xffffffff, `${p}.${f}`));
  const eb = block("earlyDropBlock"), mb = block("markBlock");
  if (eb) out.earlyDropBlock = eb;
  if (mb) out.markBlock = mb;
  return out;
}

function dropUndef<T extends object>(o: T): T {
  for (const k of Object.keys(o) as Array<keyof T>) if (o[k] === undefined) delete o[k];
  return o;
}
const b = (v: number | undefined) => (v === undefined ? undefined : v !== 0);

/** Decoded options of a kind of AQM_MORE_TO_WIRE in the spec shape. */
export function aqmMoreView(kind: string, w: Record<string, any>): unknown {
  switch (kind) {
    case "codel": { const a = w as AqmOptionsMap["codel"]; return dropUndef<CodelOptions>({ limit: a.limit, target: a.target, interval: a.interval, ecn: b(a.ecn), ceThreshold: a.ceThreshold }); }
    case "pie": { const a = w as AqmOptionsMap["pie"]; return dropUndef<PieOptions>({ limit: a.limit, target: a.target, tupdate: a.tupdate, alpha: a.alpha, beta: a.beta, ecn: b(a.ecn), bytemode: b(a.bytemode), dqRateEstimator: b(a.dqRateEstimator) }); }
    case "fq_pie": {
      const a = w as AqmOptionsMap["fq_pie"];
      return dropUndef<FqPieOptions>({ limit: a.limit, flows: a.flows, target: a.target, tupdate: a.tupdate, alpha: a.alpha, beta: a.beta, quantum: a.quantum, memoryLimit: a.memoryLimit, ecnProb: a.ecnProb, ecn: b(a.ecn), bytemode: b(a.bytemode), dqRateEstimator: b(a.dqRateEstimator) });
    }
    case "red": {
      const a = w as AqmOptionsMap["red"];
      const q = a.parms;
      if (q === undefined) return w;
      const f = a.flags !== undefined ? a.flags.value : q.flags;
      const out: Partial<RedOptions> & Record<string, unknown> = { limit: q.limit, min: q.qthMin, max: q.qthMax, ewma: q.wlog, plog: q.plog, scellLog: q.scellLog };
      if (a.maxP) out.probability = a.maxP / 2 ** 32;
      for (const [k, bit] of Object.entries(RED_FLAGS)) out[k] = (f & bit) !== 0;
      if (a.earlyDropBlock !== undefined) out.earlyDropBlock = a.earlyDropBlock;
      if (a.markBlock !== undefined) out.markBlock = a.markBlock;
      return out;
    }
    case "cake": return cakeView(w as AqmOptionsMap["cake"]);
    default: return Object.hasOwn(MISC_TO_WIRE, kind) ? miscView(kind, w) : schedView(kind, w);
  }
}

/** The spec builder of each kind here and in qdisc-cake.ts, qdisc-sched.ts, for qdiscOptionsToWire (`cls`: qdisc or class options). */
export const AQM_MORE_TO_WIRE: Readonly<Record<string, (o: any, p: string, cls: "qdisc" | "class") => unknown>> = { codel, pie, fq_pie: fqPie, red, cake, ...SCHED_TO_WIRE, ...MISC_TO_WIRE };
