/**
 * hfsc and qfq: option shapes of the qdisc and its classes, TCA_OPTIONS as
 * tc 6.1 builds them (q_hfsc.c: service curves from m1/d/m2 or
 * umax/dmax/rate with hfsc_get_sc2's arithmetic, sc = rt and ls; q_qfq.c:
 * weight and maxpkt in the order given), and the read-back. qdisc-sched.ts
 * dispatches here.
 */
import type { FairOptionsMap } from "../../../codecs/tc/qdisc-fair.ts";
import { int, obj, opt } from "./check.ts";
import { getPsched, toRate, toSize, toTime, type Rate, type Size, type Time } from "./units.ts";

/** An hfsc service curve: slopes m1 then m2 (bytes per second) meeting at d; or tc's umax/dmax/rate form (on input). */
export interface HfscCurve {
  m1?: Rate;
  /** Microseconds (or a tc time string). */
  d?: Time;
  m2?: Rate;
  /** Alternative input: maximum unit of work (bytes), its maximum delay, and the rate. */
  umax?: Size;
  dmax?: Time;
  rate?: Rate;
}

/** hfsc qdisc options. */
export interface HfscQdiscOptions {
  /** Minor id of the default class (tc's `default 10` is 0x10 = 16). */
  defaultClass?: number;
}

/** hfsc class options: at least one of rt, ls, sc; ul needs ls or sc. */
export interface HfscClassOptions {
  /** Real-time curve. */
  rt?: HfscCurve;
  /** Link-share curve. */
  ls?: HfscCurve;
  /** Both rt and ls (input only; read back as rt and ls). */
  sc?: HfscCurve;
  /** Upper-limit curve. */
  ul?: HfscCurve;
}

/** qfq class options (the qdisc takes none). */
export interface QfqClassOptions {
  weight?: number;
  /** Maximum packet size (TCA_QFQ_LMAX). */
  maxpkt?: number;
}

/** C's double to unsigned int on x86-64 (through a 64-bit integer; out of range gives 0). */
function toU32(x: number): number {
  if (!Number.isFinite(x) || Math.abs(x) >= 2 ** 63) return 0;
  return Number(BigInt.asUintN(32, BigInt(Math.trunc(x))));
}

/** hfsc_get_sc1 / hfsc_get_sc2: struct tc_service_curve. */
function curve(v: unknown, p: string): { m1: number; d: number; m2: number } {
  const c = obj(v, p) as HfscCurve;
  const cf = getPsched().clockFactor;
  let sc: { m1: number; d: number; m2: number };
  if (c.m2 !== undefined) {
    if (c.umax !== undefined || c.dmax !== undefined || c.rate !== undefined) throw new TypeError(`${p}: give m1/d/m2 or umax/dmax/rate, not both`);
    const rate = (x: unknown, f: string) => { const r = toRate(x, `${p}.${f}`); if (r > 0xffffffff) throw new RangeError(`${p}.${f}: ${r} is above 2^32-1 bytes/s`); return r; };
    sc = { m1: opt(c.m1, (x) => rate(x, "m1")) ?? 0, d: toU32((opt(c.d, (x) => toTime(x, `${p}.d`)) ?? 0) * cf), m2: rate(c.m2, "m2") };
  } else if (c.rate !== undefined) {
    if (c.m1 !== undefined || c.d !== undefined) throw new TypeError(`${p}: give m1/d/m2 or umax/dmax/rate, not both`);
    const rate = toRate(c.rate, `${p}.rate`);
    if (rate > 0xffffffff) throw new RangeError(`${p}.rate: ${rate} is above 2^32-1 bytes/s`);
    const umax = opt(c.umax, (x) => toSize(x, `${p}.umax`)) ?? 0, dmax = opt(c.dmax, (x) => toTime(x, `${p}.dmax`)) ?? 0;
    if (umax !== 0 && dmax === 0) throw new TypeError(`${p}.dmax: umax given but dmax is zero`);
    const m1 = dmax !== 0 ? Math.ceil((umax * 1e6) / dmax) : 0;
    if (dmax !== 0 && m1 > rate) sc = { m1: toU32(m1), d: toU32(dmax * cf), m2: rate };
    else {
      // tc computes dmax - umax * TIME_UNITS_PER_SEC / rate in unsigned 32-bit integers (and divides by zero for rate 0)
      if (rate === 0) throw new RangeError(`${p}.rate: must be above 0 (tc divides by it)`);
      const t = Number(((BigInt(umax) * 1000000n) & 0xffffffffn) / BigInt(rate));
      sc = { m1: 0, d: toU32(((dmax - t) >>> 0) * cf), m2: rate };
    }
  } else throw new TypeError(`${p}.m2: required (or rate, with umax/dmax)`);
  if (sc.m1 === 0 && sc.m2 === 0) throw new RangeError(`${p}: the service curve has two zero slopes`);
  return sc;
}

function hfsc(o: HfscQdiscOptions & HfscClassOptions, p: string, cls: "qdisc" | "class"): unknown {
  if (cls === "qdisc") return { defcls: opt(o.defaultClass, (v) => int(v, 0, 0xffff, `${p}.defaultClass`)) ?? 0 };
  const out: Record<string, unknown> = {};
  const sc = opt(o.sc, (v) => curve(v, `${p}.sc`));
  const rt = sc ?? opt(o.rt, (v) => curve(v, `${p}.rt`)), ls = sc ?? opt(o.ls, (v) => curve(v, `${p}.ls`));
  const ul = opt(o.ul, (v) => curve(v, `${p}.ul`));
  if (!rt && !ls && !ul) throw new TypeError(`${p}: one of rt, ls, sc is required`);
  if (ul && !ls) throw new TypeError(`${p}.ul: an upper-limit curve needs a link-share curve (ls or sc)`);
  if (rt) out.rsc = rt;
  if (ls) out.fsc = ls;
  if (ul) out.usc = ul;
  return out;
}

function qfq(o: QfqClassOptions, p: string, cls: "qdisc" | "class"): unknown {
  if (cls === "qdisc") {
    if (Object.keys(o).length) throw new TypeError(`${p}: a qfq qdisc takes no options (its classes take weight and maxpkt)`);
    return undefined; // q_qfq.c sends no TCA_OPTIONS
  }
  const out: Record<string, number> = {};
  for (const k of Object.keys(o)) {
    if (k === "weight") out.weight = int(o.weight, 0, 0xffffffff, `${p}.weight`);
    else if (k === "maxpkt") out.lmax = int(o.maxpkt, 0, 0xffffffff, `${p}.maxpkt`);
  }
  return out;
}

/** Spec builders of hfsc and qfq. */
export const FAIR_TO_WIRE: Readonly<Record<string, (o: any, p: string, cls: "qdisc" | "class") => unknown>> = { hfsc, qfq };

/** Decoded options of hfsc or qfq in the spec shape (the qdisc's or a class's, by what is there). */
export function fairView(kind: string, w: Record<string, any>): unknown {
  if (kind === "qfq") {
    const a = w as FairOptionsMap["qfq"];
    const out: QfqClassOptions = {};
    for (const k of Object.keys(a)) { // in the order sent, which the builder keeps
      if (k === "weight" && a.weight !== undefined) out.weight = a.weight;
      else if (k === "lmax" && a.lmax !== undefined) out.maxpkt = a.lmax;
    }
    return out;
  }
  if ("defcls" in w) return { defaultClass: w.defcls } satisfies HfscQdiscOptions;
  const cf = getPsched().clockFactor;
  const view = (c: { m1: number; d: number; m2: number } | undefined) => (c === undefined ? undefined : { m1: c.m1, d: toU32(c.d / cf), m2: c.m2 });
  const out: HfscClassOptions = {};
  const rt = view(w.rsc), ls = view(w.fsc), ul = view(w.usc);
  if (rt) out.rt = rt;
  if (ls) out.ls = ls;
  if (ul) out.ul = ul;
  return out;
}
