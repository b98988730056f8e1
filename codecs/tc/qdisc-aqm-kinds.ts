/**
 * TCA_OPTIONS and extended statistics of the AQM qdisc kinds codel, pie,
 * fq_pie and red (linux/pkt_sched.h: TCA_CODEL_*, TCA_PIE_*, TCA_FQ_PIE_*,
 * TCA_RED_*; struct tc_codel_xstats, tc_pie_xstats, tc_fq_pie_xstats,
 * tc_red_qopt, tc_red_xstats). All four carry a nest of attributes; the
 * xstats are bare structs (TCA_XSTATS or TCA_STATS2/TCA_STATS_APP).
 * AQM_KIND_LAYOUTS also carries cake's (qdisc-cake.ts), the classful
 * schedulers' (qdisc-sched.ts) and the others' (qdisc-misc.ts); qdisc-kinds.ts registers them all in
 * QDISC_KINDS.
 *
 * Deviation: tc sets NLA_F_NESTED on fq_pie's TCA_OPTIONS (addattr_nest
 * with TCA_OPTIONS | NLA_F_NESTED) and not on the others'; the layouts
 * encode it the same way. TCA_RED_STAB (the 256-byte idle damping table)
 * and TCA_RED_FLAGS (struct nla_bitfield32) are kept as their bytes.
 */
import { attrSet, nest } from "../core/attrset.ts";
import { NLA_F_NESTED } from "../core/constants.ts";
import { binary, u32, type Field } from "../core/fields.ts";
import { struct, structField } from "../core/struct.ts";
import { CAKE_LAYOUT, type CakeWire } from "./qdisc-cake.ts";
import { SCHED_KIND_LAYOUTS, type SchedOptionsMap } from "./qdisc-sched.ts";
import { MISC_KIND_LAYOUTS, tcRedQopt, type MiscOptionsMap } from "./qdisc-misc.ts";

const OPT = 2; // TCA_OPTIONS
const XSTATS = 4; // TCA_XSTATS

/** TCA_CODEL_*. */
export const TCA_CODEL = { TARGET: 1, LIMIT: 2, INTERVAL: 3, ECN: 4, CE_THRESHOLD: 5 } as const;
/** TCA_PIE_*. */
export const TCA_PIE = { TARGET: 1, LIMIT: 2, TUPDATE: 3, ALPHA: 4, BETA: 5, ECN: 6, BYTEMODE: 7, DQ_RATE_ESTIMATOR: 8 } as const;
/** TCA_FQ_PIE_*. */
export const TCA_FQ_PIE = { LIMIT: 1, FLOWS: 2, TARGET: 3, TUPDATE: 4, ALPHA: 5, BETA: 6, QUANTUM: 7, MEMORY_LIMIT: 8, ECN_PROB: 9, ECN: 10, BYTEMODE: 11, DQ_RATE_ESTIMATOR: 12 } as const;
/** TCA_RED_*. */
export const TCA_RED = { PARMS: 1, STAB: 2, MAX_P: 3, FLAGS: 4, EARLY_DROP_BLOCK: 5, MARK_BLOCK: 6 } as const;

/** struct tc_codel_xstats. */
export const tcCodelXstats = struct("tc_codel_xstats", [
  ["maxpacket", "u32"], ["count", "u32"], ["lastcount", "u32"], ["ldelay", "u32"], ["dropNext", "s32"],
  ["dropOverlimit", "u32"], ["ecnMark", "u32"], ["dropping", "u32"], ["ceMark", "u32"],
] as const, { flexible: true });
/** struct tc_pie_xstats (prob is a fraction of 2^64 - 1). */
export const tcPieXstats = struct("tc_pie_xstats", [
  ["prob", "u64"], ["delay", "u32"], ["avgDqRate", "u32"], ["dqRateEstimating", "u32"], ["packetsIn", "u32"],
  ["dropped", "u32"], ["overlimit", "u32"], ["maxq", "u32"], ["ecnMark", "u32"],
] as const, { flexible: true });
/** struct tc_fq_pie_xstats. */
export const tcFqPieXstats = struct("tc_fq_pie_xstats", [
  ["packetsIn", "u32"], ["dropped", "u32"], ["overlimit", "u32"], ["overmemory", "u32"], ["ecnMark", "u32"],
  ["newFlowCount", "u32"], ["newFlowsLen", "u32"], ["oldFlowsLen", "u32"], ["memoryUsage", "u32"],
] as const, { flexible: true });
/** struct tc_red_xstats. */
export const tcRedXstats = struct("tc_red_xstats", [["early", "u32"], ["pdrop", "u32"], ["other", "u32"], ["marked", "u32"]] as const, { flexible: true });
/** struct nla_bitfield32 (TCA_RED_FLAGS). */
export const nlaBitfield32 = struct("nla_bitfield32", [["value", "u32"], ["selector", "u32"]] as const, { flexible: true });

/** codel options (times in microseconds). */
export const codelAttrs = attrSet("codel", () => ({
  target: u32(TCA_CODEL.TARGET), limit: u32(TCA_CODEL.LIMIT), interval: u32(TCA_CODEL.INTERVAL),
  ecn: u32(TCA_CODEL.ECN), ceThreshold: u32(TCA_CODEL.CE_THRESHOLD),
}));

/** pie options (times in microseconds). */
export const pieAttrs = attrSet("pie", () => ({
  target: u32(TCA_PIE.TARGET), limit: u32(TCA_PIE.LIMIT), tupdate: u32(TCA_PIE.TUPDATE), alpha: u32(TCA_PIE.ALPHA),
  beta: u32(TCA_PIE.BETA), ecn: u32(TCA_PIE.ECN), bytemode: u32(TCA_PIE.BYTEMODE), dqRateEstimator: u32(TCA_PIE.DQ_RATE_ESTIMATOR),
}));

/** fq_pie options (times in microseconds). */
export const fqPieAttrs = attrSet("fq_pie", () => ({
  limit: u32(TCA_FQ_PIE.LIMIT), flows: u32(TCA_FQ_PIE.FLOWS), target: u32(TCA_FQ_PIE.TARGET), tupdate: u32(TCA_FQ_PIE.TUPDATE),
  alpha: u32(TCA_FQ_PIE.ALPHA), beta: u32(TCA_FQ_PIE.BETA), quantum: u32(TCA_FQ_PIE.QUANTUM), memoryLimit: u32(TCA_FQ_PIE.MEMORY_LIMIT),
  ecnProb: u32(TCA_FQ_PIE.ECN_PROB), ecn: u32(TCA_FQ_PIE.ECN), bytemode: u32(TCA_FQ_PIE.BYTEMODE), dqRateEstimator: u32(TCA_FQ_PIE.DQ_RATE_ESTIMATOR),
}));

/** red options: the struct, the idle damping table (hex), max_P, flags and the qevent blocks. */
export const redAttrs = attrSet("red", () => ({
  parms: structField(TCA_RED.PARMS, tcRedQopt), stab: binary(TCA_RED.STAB), maxP: u32(TCA_RED.MAX_P),
  flags: structField(TCA_RED.FLAGS, nlaBitfield32), earlyDropBlock: u32(TCA_RED.EARLY_DROP_BLOCK), markBlock: u32(TCA_RED.MARK_BLOCK),
}));

/** The layouts of these kinds, as QDISC_KINDS entries: [kind, { options, xstats }]. */
export const AQM_KIND_LAYOUTS: ReadonlyArray<readonly [string, { options: Field<any>; xstats?: Field<any> }]> = [
  ["codel", { options: nest(OPT, codelAttrs), xstats: structField(XSTATS, tcCodelXstats) }],
  ["pie", { options: nest(OPT, pieAttrs), xstats: structField(XSTATS, tcPieXstats) }],
  ["fq_pie", { options: nest(OPT, fqPieAttrs, { wireFlags: NLA_F_NESTED }), xstats: structField(XSTATS, tcFqPieXstats) }],
  ["red", { options: nest(OPT, redAttrs), xstats: structField(XSTATS, tcRedXstats) }],
  ["cake", CAKE_LAYOUT],
  ...SCHED_KIND_LAYOUTS,
  ...MISC_KIND_LAYOUTS,
];

/** The decoded options of these kinds. */
export interface AqmOptionsMap extends SchedOptionsMap, MiscOptionsMap {
  codel: typeof codelAttrs._type;
  pie: typeof pieAttrs._type;
  fq_pie: typeof fqPieAttrs._type;
  red: typeof redAttrs._type;
  cake: CakeWire;
}
