/**
 * TCA_OPTIONS and class statistics of hfsc and qfq (linux/pkt_sched.h:
 * struct tc_hfsc_qopt, TCA_HFSC_* with struct tc_service_curve, struct
 * tc_hfsc_stats; TCA_QFQ_*). qdisc-sched.ts registers them with the other
 * classful schedulers.
 *
 * Deviation: hfsc's qdisc options are a bare struct tc_hfsc_qopt (2 bytes)
 * while its class options are a nest of service curves, under the one
 * TCA_OPTIONS of the kind: a payload shorter than an attribute header (4
 * bytes) reads as the struct ({ defcls }), anything else as the nest.
 */
import { attrSet, nest } from "../core/attrset.ts";
import { HOST_LE } from "../core/align.ts";
import { custom, u32, type Field } from "../core/fields.ts";
import { struct, structField } from "../core/struct.ts";

const OPT = 2; // TCA_OPTIONS
const XSTATS = 4; // TCA_XSTATS

/** TCA_HFSC_*. */
export const TCA_HFSC = { RSC: 1, FSC: 2, USC: 3 } as const;
/** TCA_QFQ_*. */
export const TCA_QFQ = { WEIGHT: 1, LMAX: 2 } as const;

/** struct tc_service_curve (m1, m2 in bytes per second; d in kernel time units). */
export const tcServiceCurve = struct("tc_service_curve", [["m1", "u32"], ["d", "u32"], ["m2", "u32"]] as const, { flexible: true });
/** hfsc class options: real-time, link-share and upper-limit curves. */
export const hfscClassAttrs = attrSet("hfsc", () => ({
  rsc: structField(TCA_HFSC.RSC, tcServiceCurve), fsc: structField(TCA_HFSC.FSC, tcServiceCurve), usc: structField(TCA_HFSC.USC, tcServiceCurve),
}));
/** struct tc_hfsc_stats (class xstats). */
export const tcHfscStats = struct("tc_hfsc_stats", [["work", "u64"], ["rtwork", "u64"], ["period", "u32"], ["level", "u32"]] as const, { flexible: true });

/** Decoded hfsc options: the qdisc's default class, or a class's curves. */
export type HfscWire = { defcls: number } | typeof hfscClassAttrs._type;

function hfscOptions(): Field<HfscWire> {
  return custom<HfscWire>(OPT, (b, dv, off, len) => {
    if (len < 4) return { defcls: len >= 2 ? dv.getUint16(off, HOST_LE) : 0 };
    return hfscClassAttrs.decode(b, dv, off, off + len);
  }, (w, v, path) => {
    if (v === null || typeof v !== "object") throw new TypeError(`${path}: expected hfsc options`);
    if ("defcls" in v) w.u16(v.defcls);
    else hfscClassAttrs.encode(w, v, path);
  });
}

/** qfq class options. */
export const qfqAttrs = attrSet("qfq", () => ({ weight: u32(TCA_QFQ.WEIGHT), lmax: u32(TCA_QFQ.LMAX) }));

/** These kinds' QDISC_KINDS entries. */
export const FAIR_KIND_LAYOUTS: ReadonlyArray<readonly [string, { options: Field<any>; xstats?: Field<any> }]> = [
  ["hfsc", { options: hfscOptions(), xstats: structField(XSTATS, tcHfscStats) }],
  ["qfq", { options: nest(OPT, qfqAttrs) }],
];

/** The decoded options of these kinds. */
export interface FairOptionsMap {
  hfsc: HfscWire;
  qfq: typeof qfqAttrs._type;
}
