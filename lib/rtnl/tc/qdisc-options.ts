/**
 * Typed options of qdisc and class kinds: the spec a caller writes
 * (`{ rate: "1mbit", burst: "15k" }`), how it becomes TCA_OPTIONS exactly
 * as tc 6.1 builds it (q_htb.c, q_tbf.c, q_fifo.c, q_prio.c, q_netem.c,
 * q_fq_codel.c, q_fq.c, q_sfq.c: same attributes, same order, same rate
 * tables), and how a kernel answer reads back into the same shape (what
 * list() returns is valid input to add/replace).
 *
 * Units: rates in bytes per second, sizes in bytes, times in microseconds
 * (numbers), or tc's strings (units.ts). Read-only members (level,
 * version, directPacketsStat...) are ignored on input.
 */
import type { QdiscOptionsMap } from "../../../codecs/tc/qdisc-kinds.ts";
import type { RateSpec } from "../../../codecs/tc/structs.ts";
import { toHex } from "../../../codecs/core/hex.ts";
import { calcRtable, getPsched, tick2time, toRate, toSize, toTime, xmitsize, xmittime, type LinkLayer, type Rate, type Size, type Time } from "./units.ts";
import { bool, int, linklayerOf, LINKLAYERS, obj, opt } from "./check.ts";
import { fq, fqCodel, netem, netemView, prio, sfq, sfqView } from "./qdisc-aqm.ts";
import type { FqCodelOptions, FqOptions, NetemOptions, SfqOptions } from "./qdisc-aqm-model.ts";
import { AQM_MORE_TO_WIRE, aqmMoreView, type CodelOptions, type FqPieOptions, type PieOptions, type RedOptions } from "./qdisc-aqm-more.ts";
import type { CakeOptions } from "./qdisc-cake.ts";
import type { EtsQdiscOptions, MqprioOptions, MultiqOptions } from "./qdisc-sched.ts";
import type { HfscQdiscOptions } from "./qdisc-fair.ts";
import type { CbsOptions, ChokeOptions, EtfOptions, HhfOptions, PlugOptions, SfbOptions, SkbprioOptions } from "./qdisc-misc.ts";

/** htb qdisc options (tc qdisc ... htb). */
export interface HtbQdiscOptions {
  /** Minor id of the default class (`default 10` is 0x10 = 16). */
  defaultClass?: number;
  /** rate2quantum divisor (tc's default 10). */
  r2q?: number;
  directQlen?: number;
  debug?: number;
  offload?: boolean;
  /** Read-only: packets sent unshaped. */
  directPacketsStat?: number;
  /** Read-only: protocol version ("3.17"). */
  version?: string;
}

/** htb class options (tc class ... htb). */
export interface HtbClassOptions {
  rate: Rate;
  ceil?: Rate;
  burst?: Size;
  cburst?: Size;
  /** log2 of the rate table cell (tc's `burst 15k/8` gives 3). */
  cellLog?: number;
  ccellLog?: number;
  prio?: number;
  quantum?: number;
  mtu?: number;
  mpu?: number;
  overhead?: number;
  linklayer?: LinkLayer;
  /** Read-only: level in the class tree. */
  level?: number;
}

/** tbf options. Either limit or latency is required on input. */
export interface TbfOptions {
  rate: Rate;
  burst: Size;
  limit?: Size;
  latency?: Time;
  peakrate?: Rate;
  /** minburst (tc's `mtu`), needed with peakrate. */
  mtu?: Size;
  mpu?: Size;
  overhead?: number;
  linklayer?: LinkLayer;
  cellLog?: number;
  pcellLog?: number;
}

/** pfifo/bfifo/pfifo_head_drop options. */
export interface FifoOptions {
  /** Packets (pfifo) or bytes (bfifo); the kernel's default from the link's txqueuelen when absent. */
  limit?: number | string;
}

/** prio and pfifo_fast options. */
export interface PrioOptions {
  bands?: number;
  /** 16 bands indexed by TC_PRIO. */
  priomap?: number[];
}

export type { CodelOptions, FqPieOptions, PieOptions, RedOptions } from "./qdisc-aqm-more.ts";
export type { CakeOptions } from "./qdisc-cake.ts";
export type { DrrClassOptions, EtsClassOptions, EtsQdiscOptions, MqprioOptions, MultiqOptions } from "./qdisc-sched.ts";
export type { HfscClassOptions, HfscCurve, HfscQdiscOptions, QfqClassOptions } from "./qdisc-fair.ts";
export type { CbsOptions, ChokeOptions, EtfOptions, HhfOptions, PlugOptions, SfbOptions, SkbprioOptions } from "./qdisc-misc.ts";
export type { FqCodelOptions, FqOptions, NetemLossGemodel, NetemLossState, NetemOptions, NetemSlot, SfqOptions, SfqRed, Time64 } from "./qdisc-aqm-model.ts";

/** Options by kind; other kinds take their TCA_OPTIONS payload as hex. */
export interface QdiscKindOptions {
  htb: HtbQdiscOptions;
  tbf: TbfOptions;
  pfifo: FifoOptions;
  bfifo: FifoOptions;
  pfifo_head_drop: FifoOptions;
  pfifo_fast: PrioOptions;
  prio: PrioOptions;
  netem: NetemOptions;
  fq_codel: FqCodelOptions;
  fq: FqOptions;
  sfq: SfqOptions;
  ingress: Record<string, never>;
  clsact: Record<string, never>;
  mq: Record<string, never>;
  noqueue: Record<string, never>;
  codel: CodelOptions; pie: PieOptions; fq_pie: FqPieOptions; red: RedOptions; cake: CakeOptions;
  drr: Record<string, never>; ets: EtsQdiscOptions; multiq: MultiqOptions; mqprio: MqprioOptions; hfsc: HfscQdiscOptions; qfq: Record<string, never>;
  choke: ChokeOptions; sfb: SfbOptions; hhf: HhfOptions; cbs: CbsOptions; etf: EtfOptions; skbprio: SkbprioOptions; plug: PlugOptions;
}

const rateSpec = (rate: number, cellLog: number, mpu: number, overhead: number, ll: LinkLayer): RateSpec =>
  ({ cellLog, linklayer: LINKLAYERS.indexOf(ll), overhead, cellAlign: -1, mpu, rate: rate >= 2 ** 32 ? 0xffffffff : rate });

/** TCA_OPTIONS of an htb qdisc, as tc builds it. */
function htbQdisc(o: HtbQdiscOptions, p: string): unknown {
  const init = { version: 3, rate2quantum: opt(o.r2q, (v) => int(v, 0, 0xffffffff, `${p}.r2q`)) ?? 10, defcls: opt(o.defaultClass, (v) => int(v, 0, 0xffffffff, `${p}.defaultClass`)) ?? 0, debug: opt(o.debug, (v) => int(v, 0, 0xffffffff, `${p}.debug`)) ?? 0, directPkts: 0 };
  const out: Record<string, unknown> = { init };
  if (o.directQlen !== undefined) out.directQlen = int(o.directQlen, 0, 0xfffffffe, `${p}.directQlen`);
  if (opt(o.offload, (v) => bool(v, `${p}.offload`))) out.offload = true;
  return out;
}

/** TCA_OPTIONS of an htb class (q_htb.c htb_parse_class_opt). */
function htbClass(o: HtbClassOptions, p: string): unknown {
  if (o.rate === undefined) throw new TypeError(`${p}.rate: required for an htb class`);
  const rate = toRate(o.rate, `${p}.rate`);
  if (rate === 0) throw new RangeError(`${p}.rate: must be above 0`);
  const ceil = opt(o.ceil, (v) => toRate(v, `${p}.ceil`)) || rate;
  const mtu = opt(o.mtu, (v) => int(v, 0, 0xffffffff, `${p}.mtu`)) ?? 1600;
  const mpu = opt(o.mpu, (v) => int(v, 0, 0xffff, `${p}.mpu`)) ?? 0;
  const overhead = opt(o.overhead, (v) => int(v, 0, 0xffff, `${p}.overhead`)) ?? 0;
  const ll = opt(o.linklayer, (v) => linklayerOf(v, `${p}.linklayer`)) ?? "ethernet";
  const hz = getPsched().hz;
  const buffer = opt(o.burst, (v) => toSize(v, `${p}.burst`)) || Math.trunc(rate / hz + mtu) >>> 0;
  const cbuffer = opt(o.cburst, (v) => toSize(v, `${p}.cburst`)) || Math.trunc(ceil / hz + mtu) >>> 0;
  const r = calcRtable(rate, mpu, opt(o.cellLog, (v) => int(v, 0, 31, `${p}.cellLog`)) ?? -1, mtu, ll);
  const c = calcRtable(ceil, mpu, opt(o.ccellLog, (v) => int(v, 0, 31, `${p}.ccellLog`)) ?? -1, mtu, ll);
  const out: Record<string, unknown> = {};
  if (rate >= 2 ** 32) out.rate64 = BigInt(rate);
  if (ceil >= 2 ** 32) out.ceil64 = BigInt(ceil);
  out.parms = {
    rate: rateSpec(rate, r.cellLog, mpu, overhead, ll), ceil: rateSpec(ceil, c.cellLog, mpu, overhead, ll),
    buffer: xmittime(rate, buffer), cbuffer: xmittime(ceil, cbuffer),
    quantum: opt(o.quantum, (v) => int(v, 0, 0xffffffff, `${p}.quantum`)) ?? 0, level: 0,
    prio: opt(o.prio, (v) => int(v, 0, 0xffffffff, `${p}.prio`)) ?? 0,
  };
  out.rtab = toHex(r.table);
  out.ctab = toHex(c.table);
  return out;
}

/** TCA_OPTIONS of tbf (q_tbf.c tbf_parse_opt). */
function tbf(o: TbfOptions, p: string): unknown {
  if (o.rate === undefined) throw new TypeError(`${p}.rate: required for tbf`);
  if (o.burst === undefined) throw new TypeError(`${p}.burst: required for tbf`);
  const rate = toRate(o.rate, `${p}.rate`);
  if (rate === 0) throw new RangeError(`${p}.rate: must be above 0`);
  const buffer = toSize(o.burst, `${p}.burst`);
  if (buffer === 0) throw new RangeError(`${p}.burst: must be above 0`);
  const prate = opt(o.peakrate, (v) => toRate(v, `${p}.peakrate`)) ?? 0;
  const mtu = opt(o.mtu, (v) => toSize(v, `${p}.mtu`)) ?? 0;
  if (prate && !mtu) throw new TypeError(`${p}.mtu: required with peakrate`);
  let limit = opt(o.limit, (v) => toSize(v, `${p}.limit`)) ?? 0;
  const latency = opt(o.latency, (v) => toTime(v, `${p}.latency`)) ?? 0;
  if (limit && latency) throw new TypeError(`${p}: give either limit or latency, not both`);
  if (!limit && !latency) throw new TypeError(`${p}.limit: either limit or latency is required`);
  const mpu = opt(o.mpu, (v) => toSize(v, `${p}.mpu`)) ?? 0;
  if (mpu > 0xffff) throw new RangeError(`${p}.mpu: ${mpu} is out of range 0..65535`);
  const overhead = opt(o.overhead, (v) => int(v, 0, 0xffff, `${p}.overhead`)) ?? 0;
  const ll = opt(o.linklayer, (v) => linklayerOf(v, `${p}.linklayer`)) ?? "ethernet";
  if (!limit) {
    let lim = (rate * latency) / 1e6 + buffer;
    if (prate) lim = Math.min(lim, (prate * latency) / 1e6 + mtu);
    limit = Math.trunc(lim) >>> 0;
  }
  const r = calcRtable(rate, mpu, opt(o.cellLog, (v) => int(v, 0, 31, `${p}.cellLog`)) ?? -1, mtu, ll);
  const parms: Record<string, unknown> = {
    rate: rateSpec(rate, r.cellLog, mpu, overhead, ll),
    peakrate: { cellLog: 0, linklayer: 0, overhead: 0, cellAlign: 0, mpu: 0, rate: prate >= 2 ** 32 ? 0xffffffff : prate },
    limit, buffer: xmittime(rate >= 2 ** 32 ? 0xffffffff : rate, buffer), mtu: 0,
  };
  const out: Record<string, unknown> = { parms, burst: buffer };
  if (rate >= 2 ** 32) out.rate64 = BigInt(rate);
  out.rtab = toHex(r.table);
  if (prate) {
    const pt = calcRtable(prate, mpu, opt(o.pcellLog, (v) => int(v, 0, 31, `${p}.pcellLog`)) ?? -1, mtu, ll);
    parms.peakrate = rateSpec(prate, pt.cellLog, mpu, overhead, ll);
    parms.mtu = xmittime(prate >= 2 ** 32 ? 0xffffffff : prate, mtu);
    if (prate >= 2 ** 32) out.prate64 = BigInt(prate);
    out.pburst = mtu;
    out.ptab = toHex(pt.table);
  }
  return out;
}

/** Build the codec's options value for `kind` from a spec (validated, naming fields under `path`). */
export function qdiscOptionsToWire(kind: string, cls: "qdisc" | "class", o: unknown, path: string): unknown {
  if (typeof o === "string") return o; // raw TCA_OPTIONS payload (hex), any kind
  const spec = obj(o, path);
  switch (kind) {
    case "htb": return cls === "qdisc" ? htbQdisc(spec as HtbQdiscOptions, path) : htbClass(spec as unknown as HtbClassOptions, path);
    case "tbf": return tbf(spec as unknown as TbfOptions, path);
    case "pfifo": case "bfifo": case "pfifo_head_drop": {
      const l = (spec as FifoOptions).limit;
      return l === undefined ? undefined : { limit: typeof l === "string" ? toSize(l, `${path}.limit`) : int(l, 0, 0xffffffff, `${path}.limit`) };
    }
    case "prio": case "pfifo_fast": return prio(spec as PrioOptions, path, kind);
    case "netem": return netem(spec as NetemOptions, path);
    case "fq_codel": return fqCodel(spec as FqCodelOptions, path);
    case "fq": return fq(spec as FqOptions, path);
    case "sfq": return sfq(spec as SfqOptions, path);
    case "ingress": case "clsact": case "mq": case "noqueue": return {};
    default:
      if (Object.hasOwn(AQM_MORE_TO_WIRE, kind)) return AQM_MORE_TO_WIRE[kind]!(spec, path, cls); // codel, pie, fq_pie, red, cake, drr, ets, multiq
      throw new TypeError(`${path}: kind ${JSON.stringify(kind)} has no typed options; pass its TCA_OPTIONS payload as a hex string`);
  }
}

/** Read decoded options of `kind` back into the spec shape (undefined when there were none). */
export function qdiscOptionsFromWire(kind: string, cls: "qdisc" | "class", w: unknown): unknown {
  if (w === undefined) return undefined;
  if (typeof w === "string") return w;
  const a = w as Record<string, any>;
  switch (kind) {
    case "htb": return cls === "qdisc" ? htbQdiscView(a as QdiscOptionsMap["htb"]) : htbClassView(a as QdiscOptionsMap["htb"]);
    case "tbf": return tbfView(a as QdiscOptionsMap["tbf"]);
    case "pfifo": case "bfifo": case "pfifo_head_drop": return { limit: a.limit };
    case "prio": case "pfifo_fast": return { bands: a.bands, priomap: [...Buffer.from(a.priomap as string, "hex")] };
    case "netem": return netemView(a as QdiscOptionsMap["netem"]);
    case "fq_codel": return dropUndef({ limit: a.limit, flows: a.flows, quantum: a.quantum, target: a.target, interval: a.interval, ecn: a.ecn === undefined ? undefined : a.ecn !== 0, ceThreshold: a.ceThreshold, memoryLimit: a.memoryLimit, dropBatch: a.dropBatchSize });
    case "fq": return dropUndef({ limit: a.plimit, flowLimit: a.flowPlimit, quantum: a.quantum, initialQuantum: a.initialQuantum, maxrate: a.flowMaxRate, defrate: a.flowDefaultRate, bucketsLog: a.bucketsLog, refillDelay: a.flowRefillDelay, orphanMask: a.orphanMask, lowRateThreshold: a.lowRateThreshold, pacing: a.rateEnable === undefined ? undefined : a.rateEnable !== 0, ceThreshold: a.ceThreshold, timerSlack: a.timerSlack, horizon: a.horizon, horizonDrop: a.horizonDrop === undefined ? undefined : a.horizonDrop !== 0 });
    case "sfq": return sfqView(a);
    case "ingress": case "clsact": case "mq": case "noqueue": return {};
    default: return Object.hasOwn(AQM_MORE_TO_WIRE, kind) ? aqmMoreView(kind, a) : w;
  }
}

function dropUndef<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

function htbQdiscView(a: QdiscOptionsMap["htb"]): HtbQdiscOptions {
  const out: HtbQdiscOptions = {};
  if (a.init) {
    out.r2q = a.init.rate2quantum; out.defaultClass = a.init.defcls; out.directPacketsStat = a.init.directPkts;
    out.version = `${a.init.version >>> 16}.${a.init.version & 0xffff}`;
    if (a.init.debug) out.debug = a.init.debug;
  }
  if (a.directQlen !== undefined) out.directQlen = a.directQlen;
  if (a.offload) out.offload = true;
  return out;
}

function htbClassView(a: QdiscOptionsMap["htb"]): HtbClassOptions {
  const h = a.parms!;
  const rate = a.rate64 !== undefined ? Number(a.rate64) : h.rate.rate;
  const ceil = a.ceil64 !== undefined ? Number(a.ceil64) : h.ceil.rate;
  const out: HtbClassOptions = { rate, ceil, burst: xmitsize(rate, h.buffer), cburst: xmitsize(ceil, h.cbuffer), prio: h.prio, quantum: h.quantum, level: h.level };
  if (h.rate.cellLog) out.cellLog = h.rate.cellLog;
  if (h.ceil.cellLog) out.ccellLog = h.ceil.cellLog;
  if (h.rate.mpu) out.mpu = h.rate.mpu;
  if (h.rate.overhead) out.overhead = h.rate.overhead;
  out.linklayer = linklayerName(h.rate.linklayer);
  return out;
}

function linklayerName(v: number): LinkLayer {
  return (v & 0xf) === 2 ? "atm" : "ethernet";
}

function tbfView(a: QdiscOptionsMap["tbf"]): TbfOptions {
  const q = a.parms!;
  const rate = a.rate64 !== undefined ? Number(a.rate64) : q.rate.rate;
  const out: TbfOptions = { rate, burst: xmitsize(rate, q.buffer), limit: q.limit };
  const prate = a.prate64 !== undefined ? Number(a.prate64) : q.peakrate.rate;
  if (prate) {
    out.peakrate = prate;
    if (q.mtu || q.peakrate.mpu) out.mtu = xmitsize(prate, q.mtu);
    if (q.peakrate.cellLog) out.pcellLog = q.peakrate.cellLog;
  }
  let latency = 1e6 * (q.limit / rate) - tick2time(q.buffer);
  if (prate) latency = Math.max(latency, 1e6 * (q.limit / prate) - tick2time(q.mtu));
  if (latency >= 0) out.latency = Math.trunc(latency);
  if (q.rate.mpu) out.mpu = q.rate.mpu;
  if (q.rate.cellLog) out.cellLog = q.rate.cellLog;
  if (q.rate.overhead) out.overhead = q.rate.overhead;
  out.linklayer = linklayerName(q.rate.linklayer);
  return out;
}

