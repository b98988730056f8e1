/**
 * The queueing-discipline kinds without shaping (netem, fq_codel, fq, sfq,
 * prio/pfifo_fast): specs into TCA_OPTIONS as tc 6.1 builds them (q_netem.c,
 * q_fq_codel.c, q_fq.c, q_sfq.c, q_prio.c) and the netem read-back.
 * qdisc-options.ts dispatches here.
 */
import type { QdiscOptionsMap } from "../../../codecs/tc/qdisc-kinds.ts";
import { toHex } from "../../../codecs/core/hex.ts";
import { bool, int, obj, opt } from "./check.ts";
import type { PrioOptions } from "./qdisc-options.ts";
import type { FqCodelOptions, FqOptions, NetemLossGemodel, NetemLossState, NetemOptions, NetemSlot, SfqOptions, SfqRed } from "./qdisc-aqm-model.ts";
import { netemDistHex, netemDistValues } from "./netem-dist.ts";
import { tick2time, time2tick, toRate, toSize, toTime, toTime64 } from "./units.ts";

function percent(v: unknown, field: string): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || v > 100) throw new RangeError(`${field}: expected a percentage 0..100, got ${String(v)}`);
  return Math.round((v / 100) * 0xffffffff);
}
/** set_percent(1 - p): tc's default for a complementary probability. */
const complement = (pc: number) => Math.round((1 - pc / 100) * 0xffffffff);

/** TCA_NETEM_LOSS: the gimodel or gemodel struct as q_netem.c fills it (defaults included). */
function lossModel(o: NetemOptions, p: string): unknown {
  if (o.lossState !== undefined && o.lossGemodel !== undefined) throw new TypeError(`${p}.lossGemodel: give one loss model, not both`);
  if (o.lossState !== undefined) {
    const g = obj(o.lossState, `${p}.lossState`) as unknown as NetemLossState;
    const p13 = percent(g.p13, `${p}.lossState.p13`);
    return { gi: {
      p13, p31: opt(g.p31, (v) => percent(v, `${p}.lossState.p31`)) ?? complement(g.p13), p32: opt(g.p32, (v) => percent(v, `${p}.lossState.p32`)) ?? 0,
      p14: opt(g.p14, (v) => percent(v, `${p}.lossState.p14`)) ?? 0, p23: opt(g.p23, (v) => percent(v, `${p}.lossState.p23`)) ?? 0xffffffff,
    } };
  }
  if (o.lossGemodel !== undefined) {
    const g = obj(o.lossGemodel, `${p}.lossGemodel`) as unknown as NetemLossGemodel;
    const pp = percent(g.p, `${p}.lossGemodel.p`);
    return { ge: {
      p: pp, r: opt(g.r, (v) => percent(v, `${p}.lossGemodel.r`)) ?? complement(g.p),
      h: opt(g.oneMinusH, (v) => 0xffffffff - percent(v, `${p}.lossGemodel.oneMinusH`)) ?? 0, k1: opt(g.oneMinusK, (v) => percent(v, `${p}.lossGemodel.oneMinusK`)) ?? 0,
    } };
  }
  return undefined;
}

/** TCA_NETEM_SLOT (struct tc_netem_slot). */
function slot(v: unknown, p: string): unknown {
  const s = obj(v, p) as unknown as NetemSlot;
  const budgets = {
    maxPackets: opt(s.packets, (x) => int(x, -0x80000000, 0x7fffffff, `${p}.packets`)) ?? 0,
    maxBytes: opt(s.bytes, (x) => toSize(x, `${p}.bytes`) | 0) ?? 0,
  };
  if (s.distribution !== undefined) {
    if (s.minDelay !== undefined || s.maxDelay !== undefined) throw new TypeError(`${p}: give minDelay/maxDelay or a distribution with distDelay/distJitter, not both`);
    if (s.distDelay === undefined || s.distJitter === undefined) throw new TypeError(`${p}.distDelay, ${p}.distJitter: required with a slot distribution`);
    const delay = toTime64(s.distDelay, `${p}.distDelay`), jitter = toTime64(s.distJitter, `${p}.distJitter`);
    if (jitter <= 0) throw new RangeError(`${p}.distJitter: must be above 0`);
    return { minDelay: 0n, maxDelay: 0n, ...budgets, distDelay: BigInt(delay), distJitter: BigInt(jitter) };
  }
  if (s.minDelay === undefined) throw new TypeError(`${p}.minDelay: required for a slot`);
  const min = toTime64(s.minDelay, `${p}.minDelay`);
  const max = opt(s.maxDelay, (x) => toTime64(x, `${p}.maxDelay`)) ?? min;
  if (max < min) throw new RangeError(`${p}.maxDelay: must not be below minDelay`);
  return { minDelay: BigInt(min), maxDelay: BigInt(max), ...budgets, distDelay: 0n, distJitter: 0n };
}

/** netem's struct + nested attributes (q_netem.c netem_parse_opt). */
export function netem(o: NetemOptions, p: string): unknown {
  const q = {
    latency: time2tick(opt(o.delay, (v) => toTime(v, `${p}.delay`)) ?? 0),
    limit: opt(o.limit, (v) => int(v, 0, 0xffffffff, `${p}.limit`)) ?? 1000,
    loss: opt(o.loss, (v) => percent(v, `${p}.loss`)) ?? 0,
    gap: opt(o.gap, (v) => int(v, 0, 0xffffffff, `${p}.gap`)) ?? 0,
    duplicate: opt(o.duplicate, (v) => percent(v, `${p}.duplicate`)) ?? 0,
    jitter: time2tick(opt(o.jitter, (v) => toTime(v, `${p}.jitter`)) ?? 0),
  };
  const attrs: Record<string, unknown> = {};
  // tc sends TCA_NETEM_CORR when a delay, loss, reorder or corrupt correlation is given (not for duplicate's alone).
  if (o.delayCorrelation !== undefined || o.lossCorrelation !== undefined || o.reorderCorrelation !== undefined || o.corruptCorrelation !== undefined) {
    attrs.corr = { delayCorr: opt(o.delayCorrelation, (v) => percent(v, `${p}.delayCorrelation`)) ?? 0, lossCorr: opt(o.lossCorrelation, (v) => percent(v, `${p}.lossCorrelation`)) ?? 0, dupCorr: opt(o.duplicateCorrelation, (v) => percent(v, `${p}.duplicateCorrelation`)) ?? 0 };
  }
  if (o.reorder !== undefined) {
    if (q.latency === 0) throw new TypeError(`${p}.reorder: reordering needs a delay`);
    if (q.gap === 0) q.gap = 1;
    attrs.reorder = { probability: percent(o.reorder, `${p}.reorder`), correlation: opt(o.reorderCorrelation, (v) => percent(v, `${p}.reorderCorrelation`)) ?? 0 };
  } else if (q.gap > 0) throw new TypeError(`${p}.gap: gap needs a reorder probability`);
  const loss = lossModel(o, p);
  if (loss !== undefined && q.loss !== 0) throw new TypeError(`${p}.loss: give either loss or a loss model, not both`);
  if (opt(o.ecn, (v) => bool(v, `${p}.ecn`))) {
    if (q.loss === 0 && loss === undefined) throw new TypeError(`${p}.ecn: ecn needs a loss probability`);
    attrs.ecn = 1;
  }
  if (o.corrupt !== undefined) attrs.corrupt = { probability: percent(o.corrupt, `${p}.corrupt`), correlation: opt(o.corruptCorrelation, (v) => percent(v, `${p}.corruptCorrelation`)) ?? 0 };
  if (o.slot !== undefined) attrs.slot = slot(o.slot, `${p}.slot`);
  if (loss !== undefined) attrs.loss = loss;
  if (o.rate !== undefined) {
    const r = toRate(o.rate, `${p}.rate`);
    if (r >= 2 ** 32) attrs.rate64 = BigInt(r);
    attrs.rate = {
      rate: r >= 2 ** 32 ? 0xffffffff : r, packetOverhead: opt(o.packetOverhead, (v) => int(v, -0x80000000, 0x7fffffff, `${p}.packetOverhead`)) ?? 0,
      cellSize: opt(o.cellSize, (v) => int(v, 0, 0xffffffff, `${p}.cellSize`)) ?? 0, cellOverhead: opt(o.cellOverhead, (v) => int(v, -0x80000000, 0x7fffffff, `${p}.cellOverhead`)) ?? 0,
    };
  } else if (o.packetOverhead !== undefined || o.cellSize !== undefined || o.cellOverhead !== undefined) throw new TypeError(`${p}.rate: packetOverhead, cellSize and cellOverhead need a rate`);
  // tc appends the tables last: TCA_NETEM_DELAY_DIST, then TCA_NETEM_SLOT_DIST
  if (o.distribution !== undefined) {
    if (q.latency === 0 || q.jitter === 0) throw new TypeError(`${p}.distribution: a distribution needs a delay and a jitter`);
    attrs.delayDist = netemDistHex(o.distribution, `${p}.distribution`);
  }
  const sd = (o.slot as NetemSlot | undefined)?.distribution;
  if (sd !== undefined) attrs.slotDist = netemDistHex(sd, `${p}.slot.distribution`);
  return Object.keys(attrs).length ? { ...q, attrs } : q;
}

export function fqCodel(o: FqCodelOptions, p: string): unknown {
  const out: Record<string, unknown> = {};
  const u = (v: unknown, f: string) => int(v, 0, 0xffffffff, `${p}.${f}`);
  if (o.limit) out.limit = u(o.limit, "limit");
  if (o.flows) out.flows = u(o.flows, "flows");
  if (o.quantum) out.quantum = u(o.quantum, "quantum");
  if (o.interval !== undefined) out.interval = toTime(o.interval, `${p}.interval`);
  if (o.target !== undefined) out.target = toTime(o.target, `${p}.target`);
  if (o.ecn !== undefined) out.ecn = bool(o.ecn, `${p}.ecn`) ? 1 : 0;
  if (o.ceThreshold !== undefined) out.ceThreshold = toTime(o.ceThreshold, `${p}.ceThreshold`);
  if (o.memoryLimit !== undefined) out.memoryLimit = toSize(o.memoryLimit, `${p}.memoryLimit`);
  if (o.dropBatch) out.dropBatchSize = u(o.dropBatch, "dropBatch");
  return out;
}

/** fq's nest in q_fq.c's order. */
export function fq(o: FqOptions, p: string): unknown {
  const out: Record<string, unknown> = {};
  const u = (v: unknown, f: string) => int(v, 0, 0xffffffff, `${p}.${f}`);
  if (o.bucketsLog !== undefined) out.bucketsLog = u(o.bucketsLog, "bucketsLog");
  if (o.limit !== undefined) out.plimit = u(o.limit, "limit");
  if (o.flowLimit !== undefined) out.flowPlimit = u(o.flowLimit, "flowLimit");
  if (o.quantum !== undefined) out.quantum = toSize(o.quantum, `${p}.quantum`);
  if (o.initialQuantum !== undefined) out.initialQuantum = toSize(o.initialQuantum, `${p}.initialQuantum`);
  if (o.pacing !== undefined) out.rateEnable = bool(o.pacing, `${p}.pacing`) ? 1 : 0;
  if (o.maxrate !== undefined) out.flowMaxRate = Math.min(toRate(o.maxrate, `${p}.maxrate`), 0xffffffff);
  if (o.lowRateThreshold !== undefined) out.lowRateThreshold = Math.min(toRate(o.lowRateThreshold, `${p}.lowRateThreshold`), 0xffffffff);
  if (o.defrate !== undefined) out.flowDefaultRate = Math.min(toRate(o.defrate, `${p}.defrate`), 0xffffffff);
  if (o.refillDelay !== undefined) out.flowRefillDelay = toTime(o.refillDelay, `${p}.refillDelay`);
  if (o.orphanMask !== undefined) out.orphanMask = u(o.orphanMask, "orphanMask");
  if (o.ceThreshold !== undefined) out.ceThreshold = toTime(o.ceThreshold, `${p}.ceThreshold`);
  if (o.timerSlack !== undefined) { const t = toTime64(o.timerSlack, `${p}.timerSlack`); if (t > 0xffffffff) throw new RangeError(`${p}.timerSlack: ${t} ns is out of range (u32)`); out.timerSlack = t; }
  if (o.horizon !== undefined) out.horizon = toTime(o.horizon, `${p}.horizon`);
  if (o.horizonDrop !== undefined) out.horizonDrop = bool(o.horizonDrop, `${p}.horizonDrop`) ? 1 : 0;
  return out;
}

/** tc_red_eval_ewma. */
function redEwma(qmin: number, burst: number, avpkt: number, p: string): number {
  const a = burst + 1 - qmin / avpkt;
  if (a < 1) throw new RangeError(`${p}.burst: ${burst} is too small, try ${1 + Math.trunc(qmin / avpkt)}`);
  let w = 0.5;
  for (let wlog = 1; wlog < 32; wlog++, w /= 2) if (a <= (1 - (1 - w) ** burst) / w) return wlog;
  throw new RangeError(`${p}.burst: failed to calculate the EWMA constant`);
}

/** tc_red_eval_P. */
function redP(qmin: number, qmax: number, prob: number, p: string): number {
  const d = qmax - qmin;
  if (d === 0) return 0;
  prob /= d;
  let i = 0;
  for (; i < 32; i++) { if (prob > 1) break; prob *= 2; }
  if (i >= 32) throw new RangeError(`${p}.probability: failed to calculate the probability`);
  return i;
}

/** sfq's RED members of tc_sfq_qopt_v1, as q_sfq.c computes them. */
function sfqRed(v: unknown, p: string): Record<string, number> {
  const r = obj(v, p) as unknown as SfqRed;
  if (r.limit === undefined) throw new TypeError(`${p}.limit: required (tc's redflowlimit)`);
  const limit = toSize(r.limit, `${p}.limit`);
  const qthMax = opt(r.max, (x) => toSize(x, `${p}.max`)) || Math.trunc(limit / 4);
  const qthMin = opt(r.min, (x) => toSize(x, `${p}.min`)) || Math.trunc(qthMax / 3);
  const avpkt = opt(r.avpkt, (x) => toSize(x, `${p}.avpkt`)) ?? 1000;
  const burst = opt(r.burst, (x) => int(x, 0, 0xffffffff, `${p}.burst`)) || Math.trunc((2 * qthMin + qthMax) / (3 * avpkt));
  if (qthMax > limit) throw new RangeError(`${p}.max: larger than limit`);
  if (qthMin >= qthMax) throw new RangeError(`${p}.min: not smaller than max`);
  const prob = opt(r.probability, (x) => { if (typeof x !== "number" || !(x >= 0 && x <= 1)) throw new RangeError(`${p}.probability: expected 0..1`); return x; }) ?? 0.02;
  const wlog = opt(r.ewma, (x) => int(x, 0, 31, `${p}.ewma`)) ?? redEwma(qthMin, burst, avpkt, p);
  const flags = (opt(r.ecn, (x) => bool(x, `${p}.ecn`)) ? 1 : 0) | (opt(r.harddrop, (x) => bool(x, `${p}.harddrop`)) ? 2 : 0);
  return { redLimit: limit, qthMin, qthMax, wlog, plog: redP(qthMin, qthMax, prob, p), flags, maxP: Math.trunc(prob * 2 ** 32) >>> 0 };
}

export function sfq(o: SfqOptions, p: string): unknown {
  const u = (v: unknown, f: string) => int(v, 0, 0xffffffff, `${p}.${f}`);
  const out: Record<string, unknown> = {
    quantum: opt(o.quantum, (v) => toSize(v, `${p}.quantum`)) ?? 0, perturbPeriod: opt(o.perturb, (v) => int(v, 0, 0x7fffffff, `${p}.perturb`)) ?? 0,
    limit: opt(o.limit, (v) => u(v, "limit")) ?? 0, divisor: opt(o.divisor, (v) => u(v, "divisor")) ?? 0, flows: opt(o.flows, (v) => u(v, "flows")) ?? 0,
  };
  // tc always sends struct tc_sfq_qopt_v1.
  Object.assign(out, { depth: opt(o.depth, (v) => u(v, "depth")) ?? 0, headdrop: opt(o.headdrop, (v) => bool(v, `${p}.headdrop`)) ? 1 : 0, redLimit: 0, qthMin: 0, qthMax: 0, wlog: 0, plog: 0, scellLog: 0, flags: 0, maxP: 0, probDrop: 0, forcedDrop: 0, probMark: 0, forcedMark: 0, probMarkHead: 0, forcedMarkHead: 0 });
  if (o.red !== undefined) Object.assign(out, sfqRed(o.red, `${p}.red`));
  return out;
}

/** sfq options read back; RED when the kernel reports thresholds. */
export function sfqView(a: Record<string, any>): SfqOptions {
  const out: SfqOptions = { quantum: a.quantum, perturb: a.perturbPeriod, limit: a.limit, divisor: a.divisor, flows: a.flows, depth: a.depth, headdrop: a.headdrop === undefined ? undefined : a.headdrop !== 0 };
  for (const k of Object.keys(out) as Array<keyof SfqOptions>) if (out[k] === undefined) delete out[k];
  if (a.qthMin) {
    out.red = { limit: a.redLimit, min: a.qthMin, max: a.qthMax, probability: a.maxP / 2 ** 32, ecn: (a.flags & 1) !== 0, harddrop: (a.flags & 2) !== 0, ewma: a.wlog };
    if (a.probDrop !== undefined) out.red.stats = { probDrop: a.probDrop, forcedDrop: a.forcedDrop ?? 0, probMark: a.probMark ?? 0, forcedMark: a.forcedMark ?? 0, probMarkHead: a.probMarkHead ?? 0, forcedMarkHead: a.forcedMarkHead ?? 0 };
  }
  return out;
}


export function prio(o: PrioOptions, p: string, kind: string): unknown {
  const bands = opt(o.bands, (v) => int(v, 2, 16, `${p}.bands`)) ?? 3;
  const map = o.priomap ?? [1, 2, 2, 2, 1, 2, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1];
  if (!Array.isArray(map) || map.length > 16) throw new TypeError(`${p}.priomap: expected up to 16 band numbers`);
  const bytes = new Uint8Array(16);
  map.forEach((b, i) => { bytes[i] = int(b, 0, bands - 1, `${p}.priomap[${i}]`); });
  void kind;
  // addattr_nest_compat: the struct, then an empty nested TCA_OPTIONS header (len 4, type 2).
  return { bands, priomap: toHex(bytes), tail: "04000200" };
}

/** netem options read back (percentages from the u32 probabilities). */
export function netemView(a: QdiscOptionsMap["netem"]): NetemOptions {
  const pc = (v: number) => (100 * v) / 0xffffffff;
  const out: NetemOptions = { limit: a.limit };
  if (a.latency) out.delay = tick2time(a.latency);
  if (a.jitter) out.jitter = tick2time(a.jitter);
  if (a.loss) out.loss = pc(a.loss);
  if (a.duplicate) out.duplicate = pc(a.duplicate);
  if (a.gap) out.gap = a.gap;
  const x = a.attrs;
  if (x?.corr) { if (x.corr.delayCorr) out.delayCorrelation = pc(x.corr.delayCorr); if (x.corr.lossCorr) out.lossCorrelation = pc(x.corr.lossCorr); if (x.corr.dupCorr) out.duplicateCorrelation = pc(x.corr.dupCorr); }
  if (x?.reorder?.probability) { out.reorder = pc(x.reorder.probability); if (x.reorder.correlation) out.reorderCorrelation = pc(x.reorder.correlation); }
  if (x?.corrupt?.probability) { out.corrupt = pc(x.corrupt.probability); if (x.corrupt.correlation) out.corruptCorrelation = pc(x.corrupt.correlation); }
  if (x?.rate) {
    out.rate = x.rate64 !== undefined ? Number(x.rate64) : x.rate.rate;
    if (x.rate.packetOverhead) out.packetOverhead = x.rate.packetOverhead;
    if (x.rate.cellSize) out.cellSize = x.rate.cellSize;
    if (x.rate.cellOverhead) out.cellOverhead = x.rate.cellOverhead;
  }
  if (x?.ecn) out.ecn = true;
  const gi = x?.loss?.gi, ge = x?.loss?.ge;
  if (gi) out.lossState = { p13: pc(gi.p13), p31: pc(gi.p31), p32: pc(gi.p32), p23: pc(gi.p23), p14: pc(gi.p14) };
  if (ge) out.lossGemodel = { p: pc(ge.p), r: pc(ge.r), oneMinusH: pc(0xffffffff - ge.h), oneMinusK: pc(ge.k1) };
  if (x?.delayDist !== undefined) out.distribution = netemDistValues(x.delayDist);
  const sl = x?.slot;
  if (sl) {
    const s: NetemSlot = {};
    if (sl.distJitter > 0n) { s.distDelay = Number(sl.distDelay); s.distJitter = Number(sl.distJitter); }
    else { s.minDelay = Number(sl.minDelay); s.maxDelay = Number(sl.maxDelay); }
    if (x?.slotDist !== undefined) s.distribution = netemDistValues(x.slotDist);
    if (sl.maxPackets) s.packets = sl.maxPackets;
    if (sl.maxBytes) s.bytes = sl.maxBytes;
    out.slot = s;
  }
  return out;
}
