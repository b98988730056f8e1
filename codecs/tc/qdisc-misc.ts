/**
 * TCA_OPTIONS and extended statistics of choke, sfb, hhf, cbs, etf,
 * skbprio and plug (linux/pkt_sched.h: TCA_CHOKE_* with struct tc_red_qopt
 * and tc_choke_xstats; TCA_SFB_PARMS, tc_sfb_qopt, tc_sfb_xstats; TCA_HHF_*,
 * tc_hhf_xstats; TCA_CBS_PARMS, tc_cbs_qopt; TCA_ETF_PARMS, tc_etf_qopt;
 * bare struct tc_skbprio_qopt and tc_plug_qopt). qdisc-aqm-kinds.ts
 * registers these layouts with the others.
 *
 * Deviation: choke's TCA_CHOKE_STAB (the 256-byte idle damping table) is
 * kept as its bytes, as red's is.
 */
import { attrSet, nest } from "../core/attrset.ts";
import { binary, u32, type Field } from "../core/fields.ts";
import { struct, structField } from "../core/struct.ts";

const OPT = 2; // TCA_OPTIONS
const XSTATS = 4; // TCA_XSTATS

/** TCA_CHOKE_*. */
export const TCA_CHOKE = { PARMS: 1, STAB: 2, MAX_P: 3 } as const;
/** TCA_HHF_*. */
export const TCA_HHF = { BACKLOG_LIMIT: 1, QUANTUM: 2, HH_FLOWS_LIMIT: 3, RESET_TIMEOUT: 4, ADMIT_BYTES: 5, EVICT_TIMEOUT: 6, NON_HH_WEIGHT: 7 } as const;
/** SFB_MAX_PROB: sfb's probabilities are fractions of 0xffff. */
export const SFB_MAX_PROB = 0xffff;

/** struct tc_red_qopt (red's and choke's parameters). */
export const tcRedQopt = struct("tc_red_qopt", [
  ["limit", "u32"], ["qthMin", "u32"], ["qthMax", "u32"], ["wlog", "u8"], ["plog", "u8"], ["scellLog", "u8"], ["flags", "u8"],
] as const, { flexible: true });

/** choke options (thresholds in packets). */
export const chokeAttrs = attrSet("choke", () => ({ parms: structField(TCA_CHOKE.PARMS, tcRedQopt), stab: binary(TCA_CHOKE.STAB), maxP: u32(TCA_CHOKE.MAX_P) }));
/** struct tc_choke_xstats. */
export const tcChokeXstats = struct("tc_choke_xstats", [["early", "u32"], ["pdrop", "u32"], ["other", "u32"], ["marked", "u32"], ["matched", "u32"]] as const, { flexible: true });

/** struct tc_sfb_qopt. */
export const tcSfbQopt = struct("tc_sfb_qopt", [
  ["rehashInterval", "u32"], ["warmupTime", "u32"], ["max", "u32"], ["binSize", "u32"], ["increment", "u32"], ["decrement", "u32"],
  ["limit", "u32"], ["penaltyRate", "u32"], ["penaltyBurst", "u32"],
] as const, { flexible: true });
/** sfb options. */
export const sfbAttrs = attrSet("sfb", () => ({ parms: structField(1, tcSfbQopt) }));
/** struct tc_sfb_xstats. */
export const tcSfbXstats = struct("tc_sfb_xstats", [
  ["earlydrop", "u32"], ["penaltydrop", "u32"], ["bucketdrop", "u32"], ["queuedrop", "u32"], ["childdrop", "u32"], ["marked", "u32"],
  ["maxqlen", "u32"], ["maxprob", "u32"], ["avgprob", "u32"],
] as const, { flexible: true });

/** hhf options (times in microseconds). */
export const hhfAttrs = attrSet("hhf", () => ({
  backlogLimit: u32(TCA_HHF.BACKLOG_LIMIT), quantum: u32(TCA_HHF.QUANTUM), hhFlowsLimit: u32(TCA_HHF.HH_FLOWS_LIMIT),
  resetTimeout: u32(TCA_HHF.RESET_TIMEOUT), admitBytes: u32(TCA_HHF.ADMIT_BYTES), evictTimeout: u32(TCA_HHF.EVICT_TIMEOUT),
  nonHhWeight: u32(TCA_HHF.NON_HH_WEIGHT),
}));
/** struct tc_hhf_xstats. */
export const tcHhfXstats = struct("tc_hhf_xstats", [["dropOverlimit", "u32"], ["hhOverlimit", "u32"], ["hhTotCount", "u32"], ["hhCurCount", "u32"]] as const, { flexible: true });

/** struct tc_cbs_qopt. */
export const tcCbsQopt = struct("tc_cbs_qopt", [["offload", "u8"], ["pad", { bytes: 3 }], ["hicredit", "s32"], ["locredit", "s32"], ["idleslope", "s32"], ["sendslope", "s32"]] as const, { flexible: true });
/** cbs options. */
export const cbsAttrs = attrSet("cbs", () => ({ parms: structField(1, tcCbsQopt) }));

/** struct tc_etf_qopt. */
export const tcEtfQopt = struct("tc_etf_qopt", [["delta", "s32"], ["clockid", "s32"], ["flags", "u32"]] as const, { flexible: true });
/** etf options. */
export const etfAttrs = attrSet("etf", () => ({ parms: structField(1, tcEtfQopt) }));

/** struct tc_skbprio_qopt. */
export const tcSkbprioQopt = struct("tc_skbprio_qopt", [["limit", "u32"]] as const, { flexible: true });
/** struct tc_plug_qopt. */
export const tcPlugQopt = struct("tc_plug_qopt", [["action", "s32"], ["limit", "u32"]] as const, { flexible: true });

/** These kinds' QDISC_KINDS entries. */
export const MISC_KIND_LAYOUTS: ReadonlyArray<readonly [string, { options: Field<any>; xstats?: Field<any> }]> = [
  ["choke", { options: nest(OPT, chokeAttrs), xstats: structField(XSTATS, tcChokeXstats) }],
  ["sfb", { options: nest(OPT, sfbAttrs), xstats: structField(XSTATS, tcSfbXstats) }],
  ["hhf", { options: nest(OPT, hhfAttrs), xstats: structField(XSTATS, tcHhfXstats) }],
  ["cbs", { options: nest(OPT, cbsAttrs) }],
  ["etf", { options: nest(OPT, etfAttrs) }],
  ["skbprio", { options: structField(OPT, tcSkbprioQopt) }],
  ["plug", { options: structField(OPT, tcPlugQopt) }],
];

/** The decoded options of these kinds. */
export interface MiscOptionsMap {
  choke: typeof chokeAttrs._type;
  sfb: typeof sfbAttrs._type;
  hhf: typeof hhfAttrs._type;
  cbs: typeof cbsAttrs._type;
  etf: typeof etfAttrs._type;
  skbprio: { limit: number };
  plug: { action: number; limit: number };
}
