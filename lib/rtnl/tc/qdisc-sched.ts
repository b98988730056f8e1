/**
 * The classful schedulers drr, ets and multiq: option shapes for the qdisc
 * and its classes, TCA_OPTIONS as tc 6.1 builds them (q_drr.c, q_ets.c,
 * q_multiq.c: what each sends with no words, ets's band arithmetic and
 * checks), and the read-back. qdisc-aqm-more.ts's table dispatches here.
 */
import type { SchedOptionsMap } from "../../../codecs/tc/qdisc-sched.ts";
import { int, opt } from "./check.ts";
import { toSize, type Size } from "./units.ts";

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
  const quanta = opt(o.quanta, (v) => {
    if (!Array.isArray(v) || v.length > ETS_MAX_BANDS) throw new TypeError(`${p}.quanta: expected up to ${ETS_MAX_BANDS} quanta`);
    return v.map((q, i) => int(q, 1, 0xffffffff, `${p}.quanta[${i}]`));
  }) ?? [];
  const bands = opt(o.bands, (v) => int(v, 0, ETS_MAX_BANDS, `${p}.bands`)) || quanta.length + strict;
  if (!bands) throw new TypeError(`${p}.bands: one of bands, quanta or strict is required`);
  if (bands > ETS_MAX_BANDS) throw new RangeError(`${p}.bands: strict + quanta make ${bands} bands, above ${ETS_MAX_BANDS}`);
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

/** Spec builders of these kinds (`cls`: qdisc or class options). */
export const SCHED_TO_WIRE: Readonly<Record<string, (o: any, p: string, cls: "qdisc" | "class") => unknown>> = { drr, ets, multiq };

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
    default: return w;
  }
}
