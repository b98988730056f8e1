/**
 * choke, sfb, hhf, cbs, etf, skbprio and plug: option shapes, TCA_OPTIONS
 * as tc 6.1 builds them (q_choke.c with tc_red.c's computations, q_sfb.c's
 * defaults, q_hhf.c, q_cbs.c, q_etf.c, q_skbprio.c, q_plug.c) and the
 * read-back. qdisc-aqm-more.ts's table dispatches here.
 */
import type { MiscOptionsMap } from "../../../codecs/tc/qdisc-misc.ts";
import { SFB_MAX_PROB } from "../../../codecs/tc/qdisc-misc.ts";
import { toHex } from "../../../codecs/core/hex.ts";
import { bool, int, opt } from "./check.ts";
import { redEvalEwma, redEvalP, redIdleDamping } from "./red.ts";
import { toRate, toSize, toTime, type Rate, type Size, type Time } from "./units.ts";

/** choke options; thresholds in packets. As for red, the read-back lacks bandwidth, avpkt and burst (give them again to replace). */
export interface ChokeOptions {
  /** Packets, required. */
  limit: number;
  /** The link's bandwidth (idle damping), required. */
  bandwidth: Rate;
  min?: number;
  max?: number;
  burst?: number;
  /** Average packet size (default 1000). */
  avpkt?: Size;
  /** Marking probability at max, 0..1 (default 0.02). */
  probability?: number;
  ecn?: boolean;
  /** log2 of the EWMA weight (tc computes it). */
  ewma?: number;
  /** Read-only: log2 of the probability divisor and of the idle damping cell. */
  plog?: number;
  scellLog?: number;
  /** Read-only: the other RED flags the kernel reports. */
  harddrop?: boolean;
  adaptive?: boolean;
  nodrop?: boolean;
}

/** sfb options (q_sfb.c's defaults when absent). */
export interface SfbOptions {
  /** Milliseconds between hash changes (default 600000). */
  rehash?: number;
  /** Double-buffering warm-up in milliseconds (default 60000). */
  db?: number;
  limit?: number;
  max?: number;
  /** Packets per bin (bin_size). */
  target?: number;
  /** Probability steps as fractions 0..1 (defaults 0.0005 and 0.00005, as tc rounds them). */
  increment?: number;
  decrement?: number;
  penaltyRate?: number;
  penaltyBurst?: number;
}

/** hhf options. */
export interface HhfOptions {
  limit?: number;
  quantum?: Size;
  hhLimit?: number;
  resetTimeout?: Time;
  admitBytes?: Size;
  evictTimeout?: Time;
  nonHhWeight?: number;
}

/** cbs options (credits in bytes, slopes in kilobits per second, signed). */
export interface CbsOptions {
  hicredit?: number;
  locredit?: number;
  sendslope?: number;
  idleslope?: number;
  /** 0..255 (tc's offload 0|1). */
  offload?: number;
}

/** etf clock names (clockids_sysv) and their ids. */
export const ETF_CLOCKS: Readonly<Record<string, number>> = { REALTIME: 0, TAI: 11, BOOTTIME: 7, MONOTONIC: 1 };

/** etf options. */
export interface EtfOptions {
  /** Nanoseconds before the transmit time (signed). */
  delta?: number;
  /** REALTIME, TAI, BOOTTIME, MONOTONIC (tc's default: none, -1); a number read back when unknown. */
  clockid?: string | number;
  offload?: boolean;
  deadlineMode?: boolean;
  skipSockCheck?: boolean;
}

/** skbprio options: sent only with a limit, as tc does. */
export interface SkbprioOptions {
  limit?: Size;
}

/** TCQ_PLUG_* by value. */
export const PLUG_ACTIONS = ["block", "release", "release_indefinite", "limit"] as const;
/** plug options: sent only with an action or a limit, as tc does. */
export interface PlugOptions {
  action?: (typeof PLUG_ACTIONS)[number];
  /** Bytes; alone it means action "limit". */
  limit?: Size;
}

const u32 = (v: unknown, f: string) => int(v, 0, 0xffffffff, f);
const s32 = (v: unknown, f: string) => int(v, -0x80000000, 0x7fffffff, f);

/** q_choke.c choke_parse_opt's computations. */
function choke(o: ChokeOptions, p: string): unknown {
  if (o.limit === undefined) throw new TypeError(`${p}.limit: required for choke`);
  if (o.bandwidth === undefined) throw new TypeError(`${p}.bandwidth: required for choke`);
  const limit = u32(o.limit, `${p}.limit`), rate = toRate(o.bandwidth, `${p}.bandwidth`);
  if (!limit) throw new RangeError(`${p}.limit: must be above 0`);
  if (!rate || rate > 0xffffffff) throw new RangeError(`${p}.bandwidth: must be 1..2^32-1 bytes/s`);
  const avpkt = opt(o.avpkt, (v) => toSize(v, `${p}.avpkt`)) ?? 1000;
  const qthMax = opt(o.max, (v) => u32(v, `${p}.max`)) || Math.trunc(limit / 4);
  const qthMin = opt(o.min, (v) => u32(v, `${p}.min`)) || Math.trunc(qthMax / 3);
  const burst = opt(o.burst, (v) => u32(v, `${p}.burst`)) || Math.trunc(((2 * qthMin + qthMax) >>> 0) / 3);
  if (qthMax > limit) throw new RangeError(`${p}.max: larger than limit`);
  if (qthMin >= qthMax) throw new RangeError(`${p}.min: not smaller than max`);
  const prob = opt(o.probability, (v) => { if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw new RangeError(`${p}.probability: expected a number 0..1`); return v; }) ?? 0.02;
  const qmin = Math.imul(qthMin, avpkt) >>> 0, qmax = Math.imul(qthMax, avpkt) >>> 0; // tc multiplies in unsigned int
  let wlog: number;
  if (o.ewma !== undefined) wlog = int(o.ewma, 0, 31, `${p}.ewma`);
  else {
    const e = redEvalEwma(qmin, burst, avpkt);
    if (typeof e === "string") throw new RangeError(`${p}.burst: ${e}`);
    wlog = e;
  }
  const plog = redEvalP(qmin, qmax, prob);
  if (plog < 0) throw new RangeError(`${p}.probability: failed to calculate the probability`);
  const d = redIdleDamping(wlog, avpkt, rate);
  if (d === undefined) throw new RangeError(`${p}.bandwidth: failed to calculate the idle damping table`);
  const ecn = opt(o.ecn, (v) => bool(v, `${p}.ecn`)) ? 1 : 0;
  return { parms: { limit, qthMin, qthMax, wlog, plog, scellLog: d.cellLog, flags: ecn }, stab: toHex(d.table), maxP: Math.trunc(prob * 2 ** 32) >>> 0 };
}

/** get_prob: a fraction 0..1 as (u32)(d * SFB_MAX_PROB + 0.5). */
function prob(v: unknown, f: string): number {
  if (typeof v !== "number" || !(v >= 0 && v <= 1)) throw new RangeError(`${f}: expected a fraction 0..1`);
  return Math.trunc(v * SFB_MAX_PROB + 0.5);
}

function sfb(o: SfbOptions, p: string): unknown {
  const q = {
    rehashInterval: opt(o.rehash, (v) => u32(v, `${p}.rehash`)) ?? 600000, warmupTime: opt(o.db, (v) => u32(v, `${p}.db`)) ?? 60000,
    max: opt(o.max, (v) => u32(v, `${p}.max`)) ?? 0, binSize: opt(o.target, (v) => u32(v, `${p}.target`)) ?? 0,
    increment: opt(o.increment, (v) => prob(v, `${p}.increment`)) ?? Math.trunc((SFB_MAX_PROB + 1000) / 2000),
    decrement: opt(o.decrement, (v) => prob(v, `${p}.decrement`)) ?? Math.trunc((SFB_MAX_PROB + 10000) / 20000),
    limit: opt(o.limit, (v) => u32(v, `${p}.limit`)) ?? 0, penaltyRate: opt(o.penaltyRate, (v) => u32(v, `${p}.penaltyRate`)) ?? 10,
    penaltyBurst: opt(o.penaltyBurst, (v) => u32(v, `${p}.penaltyBurst`)) ?? 20,
  };
  if (q.max === 0) q.max = q.binSize >= 1 ? Math.trunc(((q.binSize * 5 + 1) >>> 0) / 4) : 25;
  if (q.binSize === 0) q.binSize = Math.trunc(((q.max * 4 + 3) >>> 0) / 5);
  return { parms: q };
}

function hhf(o: HhfOptions, p: string): unknown {
  const v = {
    backlogLimit: opt(o.limit, (x) => u32(x, `${p}.limit`)), quantum: opt(o.quantum, (x) => toSize(x, `${p}.quantum`)),
    hhFlowsLimit: opt(o.hhLimit, (x) => u32(x, `${p}.hhLimit`)), resetTimeout: opt(o.resetTimeout, (x) => toTime(x, `${p}.resetTimeout`)),
    admitBytes: opt(o.admitBytes, (x) => toSize(x, `${p}.admitBytes`)), evictTimeout: opt(o.evictTimeout, (x) => toTime(x, `${p}.evictTimeout`)),
    nonHhWeight: opt(o.nonHhWeight, (x) => u32(x, `${p}.nonHhWeight`)),
  };
  const out: Record<string, number> = {};
  for (const [k, x] of Object.entries(v)) if (x) out[k] = x; // tc leaves zeros out
  return out;
}

function cbs(o: CbsOptions, p: string): unknown {
  return { parms: {
    offload: opt(o.offload, (v) => int(v, 0, 255, `${p}.offload`)) ?? 0, pad: "000000",
    hicredit: opt(o.hicredit, (v) => s32(v, `${p}.hicredit`)) ?? 0, locredit: opt(o.locredit, (v) => s32(v, `${p}.locredit`)) ?? 0,
    idleslope: opt(o.idleslope, (v) => s32(v, `${p}.idleslope`)) ?? 0, sendslope: opt(o.sendslope, (v) => s32(v, `${p}.sendslope`)) ?? 0,
  } };
}

function etf(o: EtfOptions, p: string): unknown {
  let clockid = -1;
  if (o.clockid !== undefined) {
    const name = typeof o.clockid === "string" ? o.clockid.toUpperCase().replace(/^.*?CLOCK_/, "") : undefined;
    if (name !== undefined && ETF_CLOCKS[name] !== undefined) clockid = ETF_CLOCKS[name]!;
    else if (typeof o.clockid === "number") clockid = s32(o.clockid, `${p}.clockid`);
    else throw new TypeError(`${p}.clockid: expected one of ${Object.keys(ETF_CLOCKS).join(", ")}, got ${JSON.stringify(o.clockid)}`);
  }
  const flag = (k: "deadlineMode" | "offload" | "skipSockCheck", bit: number) => (opt(o[k], (v) => bool(v, `${p}.${k}`)) ? bit : 0);
  return { parms: { delta: opt(o.delta, (v) => s32(v, `${p}.delta`)) ?? 0, clockid, flags: flag("deadlineMode", 1) | flag("offload", 2) | flag("skipSockCheck", 4) } };
}

function skbprio(o: SkbprioOptions, p: string): unknown {
  return o.limit === undefined ? undefined : { limit: toSize(o.limit, `${p}.limit`) };
}

function plug(o: PlugOptions, p: string): unknown {
  if (o.action === undefined && o.limit === undefined) return undefined;
  const action = o.action === undefined ? 3 : PLUG_ACTIONS.indexOf(o.action);
  if (action < 0) throw new TypeError(`${p}.action: expected one of ${PLUG_ACTIONS.join(", ")}, got ${JSON.stringify(o.action)}`);
  return { action, limit: opt(o.limit, (v) => toSize(v, `${p}.limit`)) ?? 0 };
}

/** Spec builders of these kinds. */
export const MISC_TO_WIRE: Readonly<Record<string, (o: any, p: string) => unknown>> = { choke, sfb, hhf, cbs, etf, skbprio, plug };

/** Decoded options of these kinds in the spec shape. */
export function miscView(kind: string, w: Record<string, any>): unknown {
  const drop = <T extends object>(o: T): T => { for (const k of Object.keys(o) as Array<keyof T>) if (o[k] === undefined) delete o[k]; return o; };
  switch (kind) {
    case "choke": {
      const a = w as MiscOptionsMap["choke"];
      const q = a.parms;
      if (q === undefined) return w;
      const out: Record<string, unknown> = { limit: q.limit, min: q.qthMin, max: q.qthMax, ewma: q.wlog, plog: q.plog, scellLog: q.scellLog, ecn: (q.flags & 1) !== 0, harddrop: (q.flags & 2) !== 0, adaptive: (q.flags & 4) !== 0, nodrop: (q.flags & 8) !== 0 };
      if (a.maxP) out.probability = a.maxP / 2 ** 32;
      return out;
    }
    case "sfb": {
      const q = (w as MiscOptionsMap["sfb"]).parms;
      return q === undefined ? w : { rehash: q.rehashInterval, db: q.warmupTime, limit: q.limit, max: q.max, target: q.binSize, increment: q.increment / SFB_MAX_PROB, decrement: q.decrement / SFB_MAX_PROB, penaltyRate: q.penaltyRate, penaltyBurst: q.penaltyBurst };
    }
    case "hhf": { const a = w as MiscOptionsMap["hhf"]; return drop<HhfOptions>({ limit: a.backlogLimit, quantum: a.quantum, hhLimit: a.hhFlowsLimit, resetTimeout: a.resetTimeout, admitBytes: a.admitBytes, evictTimeout: a.evictTimeout, nonHhWeight: a.nonHhWeight }); }
    case "cbs": { const q = (w as MiscOptionsMap["cbs"]).parms; return q === undefined ? w : { hicredit: q.hicredit, locredit: q.locredit, sendslope: q.sendslope, idleslope: q.idleslope, offload: q.offload }; }
    case "etf": {
      const q = (w as MiscOptionsMap["etf"]).parms;
      if (q === undefined) return w;
      const name = Object.keys(ETF_CLOCKS).find((k) => ETF_CLOCKS[k] === q.clockid);
      return { delta: q.delta, clockid: name ?? q.clockid, offload: (q.flags & 2) !== 0, deadlineMode: (q.flags & 1) !== 0, skipSockCheck: (q.flags & 4) !== 0 };
    }
    case "skbprio": return { limit: w.limit };
    case "plug": return { action: PLUG_ACTIONS[w.action as number] ?? w.action, limit: w.limit };
    default: return w;
  }
}
