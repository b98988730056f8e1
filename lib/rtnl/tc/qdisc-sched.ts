/**
 * The classful schedulers drr, ets, multiq and mqprio: option shapes for
 * the qdisc and its classes, TCA_OPTIONS as tc 6.1 builds them (q_drr.c,
 * q_ets.c, q_multiq.c, q_mqprio.c: what each sends with no words, ets's band arithmetic and
 * checks), and the read-back; hfsc and qfq in qdisc-fair.ts.
 * qdisc-aqm-more.ts's table dispatches here.
 */
import type { SchedOptionsMap } from "../../../codecs/tc/qdisc-sched.ts";
import { int, opt } from "./check.ts";
import { toRate, toSize, type Rate, type Size } from "./units.ts";
import type { MqprioWire } from "../../../codecs/tc/qdisc-sched.ts";
import { FAIR_TO_WIRE, fairView } from "./qdisc-fair.ts";

/** drr class options (the qdisc takes none). */
export interface DrrClassOptions {
  /** Bytes served per round (the kernel's default: the link's MTU). */
  quantum?: Size;
}

/** ets qdisc options. */
export interface EtsQdiscOptions {
  /** Bands, 1..16 (default: strict + quanta.length). */
  bands?: number;
  /** Strict-priority bands, 0..16. */
  strict?: number;
  /** Quantum (bytes) of each bandwidth-sharing band, each above 0. */
  quanta?: number[];
  /** Band of each priority, up to 16 entries, each below bands. */
  priomap?: number[];
}

/** ets class options. */
export interface EtsClassOptions {
  /** The band's quantum in bytes, above 0. */
  quantum?: number;
}

/** multiq options (read-only: the kernel sets both). */
export interface MultiqOptions {
  bands?: number;
  maxBands?: number;
}

/** mqprio options (q_mqprio.c's defaults when absent). */
export interface MqprioOptions {
  /** Traffic classes, 0..255 (default 8). */
  numTc?: number;
  /** Traffic class of each priority, up to 16 (the rest 0; default 0 1 2 3 4 5 6 7 0 1 1 1 3 3 3 3). */
  map?: number[];
  /** Queue ranges per traffic class (tc's count@offset), at most numTc. */
  queues?: Array<{ count: number; offset: number }>;
  /** Hardware offload mode, 0..255 (default 1). */
  hw?: number;
  /** TCA_MQPRIO_MODE, sent when given (tc sends it once `mode channel` was given, then with the last mode); needs hw. */
  mode?: "dcb" | "channel";
  /** TCA_MQPRIO_SHAPER, sent when given (tc: once `shaper bw_rlimit` was given); needs hw. */
  shaper?: "dcb" | "bw_rlimit";
  /** Per traffic class minimum/maximum rates (up to 16), with a shaper (bw_rlimit). */
  minRate?: Rate[];
  maxRate?: Rate[];
  /** Read-only: the kernel sent attributes after the struct (tc then prints mode and shaper, dcb when absent). */
  extended?: boolean;
}

/** TCQ_ETS_MAX_BANDS. */
const ETS_MAX_BANDS = 16;

function drr(o: DrrClassOptions, p: string, cls: "qdisc" | "class"): unknown {
  if (cls === "qdisc") {
    if (Object.keys(o).length) throw new TypeError(`${p}: a drr qdisc takes no options (its classes take quantum)`);
    return undefined; // q_drr.c sends no TCA_OPTIONS
  }
  const q = opt(o.quantum, (v) => toSize(v, `${p}.quantum`));
  return q === undefined ? {} : { quantum: q };
}

function etsQdisc(o: EtsQdiscOptions, p: string): unknown {
  const strict = opt(o.strict, (v) => int(v, 0, ETS_MAX_BANDS, `${p}.strict`)) ?? 0;
  // tc counts quanta beyond TCQ_ETS_MAX_BANDS into the u8 nbands and lets the kernel refuse them: so do we
  const quanta = opt(o.quanta, (v) => {
    if (!Array.isArray(v) || v.length > 0xff - strict) throw new TypeError(`${p}.quanta: expected up to ${0xff - strict} quanta`);
    return v.map((q, i) => int(q, 1, 0xffffffff, `${p}.quanta[${i}]`));
  }) ?? [];
  const bands = opt(o.bands, (v) => int(v, 0, ETS_MAX_BANDS, `${p}.bands`)) || quanta.length + strict;
  if (!bands) throw new TypeError(`${p}.bands: one of bands, quanta or strict is required`);
  if (strict + quanta.length > bands) throw new RangeError(`${p}.bands: ${bands} bands do not cover ${strict} strict bands and ${quanta.length} quanta`);
  const priomap = opt(o.priomap, (v) => {
    if (!Array.isArray(v) || v.length > 16) throw new TypeError(`${p}.priomap: expected up to 16 band numbers`);
    return v.map((b, i) => int(b, 0, bands - 1, `${p}.priomap[${i}]`));
  }) ?? [];
  const out: Record<string, unknown> = { nbands: bands };
  if (strict) out.nstrict = strict;
  if (quanta.length) out.quanta = { band: quanta };
  if (priomap.length) out.priomap = { band: priomap };
  return out;
}

function ets(o: EtsQdiscOptions & EtsClassOptions, p: string, cls: "qdisc" | "class"): unknown {
  if (cls === "qdisc") return etsQdisc(o, p);
  const q = opt(o.quantum, (v) => int(v, 1, 0xffffffff, `${p}.quantum`));
  return q === undefined ? {} : { quantaBand: q };
}

function multiq(o: MultiqOptions, p: string, cls: "qdisc" | "class"): unknown {
  void o; void p; void cls;
  return { bands: 0, maxBands: 0 }; // q_multiq.c always sends a zeroed struct; the kernel sets both
}

const MQPRIO_MAP = [0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 1, 1, 3, 3, 3, 3];

function mqprio(o: MqprioOptions, p: string): unknown {
  const numTc = opt(o.numTc, (v) => int(v, 0, 255, `${p}.numTc`)) ?? 8;
  const hw = opt(o.hw, (v) => int(v, 0, 255, `${p}.hw`)) ?? 1;
  const list = (v: unknown, f: string, max: number): number[] => {
    if (!Array.isArray(v) || v.length > 16) throw new TypeError(`${p}.${f}: expected up to 16 numbers`);
    return v.map((x, i) => int(x, 0, max, `${p}.${f}[${i}]`));
  };
  const map = opt(o.map, (v) => list(v, "map", 255)) ?? MQPRIO_MAP;
  const count = new Array<number>(16).fill(0), offset = new Array<number>(16).fill(0);
  if (o.queues !== undefined) {
    if (!Array.isArray(o.queues) || o.queues.length > 16) throw new TypeError(`${p}.queues: expected up to 16 { count, offset } pairs`);
    if (o.queues.length > numTc) throw new RangeError(`${p}.queues: ${o.queues.length} count/offset pairs, above numTc ${numTc}`);
    o.queues.forEach((q, i) => { count[i] = int(q?.count, 0, 0xffff, `${p}.queues[${i}].count`); offset[i] = int(q?.offset, 0, 0xffff, `${p}.queues[${i}].offset`); });
  }
  const attrs: Record<string, unknown> = {};
  for (const [k, names] of [["mode", ["dcb", "channel"]], ["shaper", ["dcb", "bw_rlimit"]]] as const) {
    const v = o[k];
    if (v === undefined) continue;
    const i = (names as readonly string[]).indexOf(v);
    if (i < 0) throw new TypeError(`${p}.${k}: expected ${names.join(" or ")}, got ${JSON.stringify(v)}`);
    if (!hw) throw new TypeError(`${p}.${k}: needs hw (tc takes mode and shaper only with hw)`);
    attrs[k] = i; // sent whenever given, as tc sends it once a channel/bw_rlimit word set its flag
  }
  for (const [k, w] of [["minRate", "minRate64"], ["maxRate", "maxRate64"]] as const) {
    const v = o[k];
    if (v === undefined) continue;
    if (o.shaper === undefined) throw new TypeError(`${p}.${k}: needs shaper "bw_rlimit"`);
    if (!Array.isArray(v) || v.length > 16) throw new TypeError(`${p}.${k}: expected up to 16 rates`);
    const r = new Array<bigint>(16).fill(0n);
    v.forEach((x, i) => { r[i] = BigInt(toRate(x, `${p}.${k}[${i}]`)); });
    attrs[w] = { rate: r };
  }
  const out: MqprioWire = { numTc, prioTcMap: [...map, ...new Array<number>(16 - map.length).fill(0)], hw, count, offset };
  if (Object.keys(attrs).length) out.attrs = attrs as MqprioWire["attrs"];
  return out;
}

function mqprioView(a: MqprioWire): MqprioOptions {
  const out: MqprioOptions = { numTc: a.numTc, map: a.prioTcMap, hw: a.hw, queues: a.count.slice(0, a.numTc).map((count, i) => ({ count, offset: a.offset[i] ?? 0 })) };
  const x = a.attrs;
  if (x === undefined) return out;
  out.extended = true;
  if (x.mode !== undefined) out.mode = x.mode === 1 ? "channel" : x.mode === 0 ? "dcb" : (x.mode as never);
  if (x.shaper !== undefined) out.shaper = x.shaper === 1 ? "bw_rlimit" : x.shaper === 0 ? "dcb" : (x.shaper as never);
  if (x.minRate64 !== undefined) out.minRate = (x.minRate64.rate ?? []).map(Number);
  if (x.maxRate64 !== undefined) out.maxRate = (x.maxRate64.rate ?? []).map(Number);
  return out;
}

/** Spec builders of these kinds (`cls`: qdisc or class options). */
export const SCHED_TO_WIRE: Readonly<Record<string, (o: any, p: string, cls: "qdisc" | "class") => unknown>> = { drr, ets, multiq, mqprio, ...FAIR_TO_WIRE };

/** Decoded options of drr, ets or multiq in the spec shape (a class's or the qdisc's, by what is there). */
export function schedView(kind: string, w: Record<string, any>): unknown {
  switch (kind) {
    case "drr": { const a = w as SchedOptionsMap["drr"]; return a.quantum === undefined ? {} : { quantum: a.quantum }; }
    case "ets": {
      const a = w as SchedOptionsMap["ets"];
      if (a.nbands === undefined) return a.quantaBand === undefined ? {} : { quantum: a.quantaBand };
      const out: EtsQdiscOptions = { bands: a.nbands };
      if (a.nstrict !== undefined) out.strict = a.nstrict;
      if (a.quanta !== undefined) out.quanta = a.quanta.band ?? [];
      if (a.priomap !== undefined) out.priomap = a.priomap.band ?? [];
      return out;
    }
    case "multiq": return { bands: w.bands, maxBands: w.maxBands };
    case "mqprio": return mqprioView(w as MqprioWire);
    case "hfsc": case "qfq": return fairView(kind, w);
    default: return w;
  }
}
