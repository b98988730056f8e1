/**
 * TCA_OPTIONS and extended statistics of the typed qdisc and class kinds
 * (linux/pkt_sched.h): htb, tbf, pfifo/bfifo/pfifo_head_drop, prio and
 * pfifo_fast, sfq, netem, fq_codel, fq, and the option-less ingress,
 * clsact, mq and noqueue. Layouts are the uapi ones: some kinds carry a
 * nest, fifo/prio/sfq a bare struct, netem a struct followed by a nest
 * (nla_parse_nested_compat). Kinds not listed keep raw options (kinds.ts).
 *
 * Deviation: TCA_HTB_RTAB/CTAB and TCA_TBF_RTAB/PTAB (rate tables) are kept
 * as hex; lib/rtnl/tc computes them as tc does.
 */
import { attrSet, nest } from "../core/attrset.ts";
import { NLA_F_NESTED } from "../core/constants.ts";
import { DecodeError } from "../core/errors.ts";
import { binary, custom, flag, s64, u32, u64, u8, type Field } from "../core/fields.ts";
import { struct, structField } from "../core/struct.ts";
import { tcRatespec } from "./structs.ts";
import { AQM_KIND_LAYOUTS, type AqmOptionsMap } from "./qdisc-aqm-kinds.ts";
import { fqCodelXstats, fqXstats } from "./qdisc-fq-xstats.ts";

const OPT = 2; // TCA_OPTIONS
const XSTATS = 4; // TCA_XSTATS

/** TCA_HTB_*. */
export const TCA_HTB = { PARMS: 1, INIT: 2, CTAB: 3, RTAB: 4, DIRECT_QLEN: 5, RATE64: 6, CEIL64: 7, PAD: 8, OFFLOAD: 9 } as const;
/** TCA_TBF_*. */
export const TCA_TBF = { PARMS: 1, RTAB: 2, PTAB: 3, RATE64: 4, PRATE64: 5, BURST: 6, PBURST: 7, PAD: 8 } as const;
/** TCA_NETEM_*. */
export const TCA_NETEM = { CORR: 1, DELAY_DIST: 2, REORDER: 3, CORRUPT: 4, LOSS: 5, RATE: 6, ECN: 7, RATE64: 8, PAD: 9, LATENCY64: 10, JITTER64: 11, SLOT: 12, SLOT_DIST: 13, PRNG_SEED: 14 } as const;
/** TCA_FQ_CODEL_*. */
export const TCA_FQ_CODEL = { TARGET: 1, LIMIT: 2, INTERVAL: 3, ECN: 4, FLOWS: 5, QUANTUM: 6, CE_THRESHOLD: 7, DROP_BATCH_SIZE: 8, MEMORY_LIMIT: 9, CE_THRESHOLD_SELECTOR: 10, CE_THRESHOLD_MASK: 11 } as const;
/** TCA_FQ_*. */
export const TCA_FQ = { PLIMIT: 1, FLOW_PLIMIT: 2, QUANTUM: 3, INITIAL_QUANTUM: 4, RATE_ENABLE: 5, FLOW_DEFAULT_RATE: 6, FLOW_MAX_RATE: 7, BUCKETS_LOG: 8, FLOW_REFILL_DELAY: 9, ORPHAN_MASK: 10, LOW_RATE_THRESHOLD: 11, CE_THRESHOLD: 12, TIMER_SLACK: 13, HORIZON: 14, HORIZON_DROP: 15 } as const;

/** struct tc_htb_opt (class parameters). */
export const tcHtbOpt = struct("tc_htb_opt", [["rate", tcRatespec], ["ceil", tcRatespec], ["buffer", "u32"], ["cbuffer", "u32"], ["quantum", "u32"], ["level", "u32"], ["prio", "u32"]] as const, { flexible: true });
/** struct tc_htb_glob (qdisc parameters). */
export const tcHtbGlob = struct("tc_htb_glob", [["version", "u32"], ["rate2quantum", "u32"], ["defcls", "u32"], ["debug", "u32"], ["directPkts", "u32"]] as const, { flexible: true });
/** struct tc_htb_xstats. */
export const tcHtbXstats = struct("tc_htb_xstats", [["lends", "u32"], ["borrows", "u32"], ["giants", "u32"], ["tokens", "s32"], ["ctokens", "s32"]] as const, { flexible: true });
/** struct tc_tbf_qopt. */
export const tcTbfQopt = struct("tc_tbf_qopt", [["rate", tcRatespec], ["peakrate", tcRatespec], ["limit", "u32"], ["buffer", "u32"], ["mtu", "u32"]] as const, { flexible: true });
/** struct tc_fifo_qopt. */
export const tcFifoQopt = struct("tc_fifo_qopt", [["limit", "u32"]] as const, { flexible: true });
/** struct tc_prio_qopt (prio and pfifo_fast): bands and the 16-entry priomap (hex). */
export const tcPrioQopt = struct("tc_prio_qopt", [["bands", "s32"], ["priomap", { bytes: 16 }]] as const, { flexible: true });
/** struct tc_sfq_qopt_v1 (the first five members are struct tc_sfq_qopt; shorter payloads decode those only). */
export const tcSfqQopt = struct("tc_sfq_qopt_v1", [
  ["quantum", "u32"], ["perturbPeriod", "s32"], ["limit", "u32"], ["divisor", "u32"], ["flows", "u32"],
  ["depth", "u32"], ["headdrop", "u32"], ["redLimit", "u32"], ["qthMin", "u32"], ["qthMax", "u32"],
  ["wlog", "u8"], ["plog", "u8"], ["scellLog", "u8"], ["flags", "u8"], ["maxP", "u32"],
  ["probDrop", "u32"], ["forcedDrop", "u32"], ["probMark", "u32"], ["forcedMark", "u32"], ["probMarkHead", "u32"], ["forcedMarkHead", "u32"],
] as const, { flexible: true });
/** struct tc_sfq_xstats. */
export const tcSfqXstats = struct("tc_sfq_xstats", [["allot", "s32"]] as const, { flexible: true });
/** struct tc_netem_qopt. */
export const tcNetemQopt = struct("tc_netem_qopt", [["latency", "u32"], ["limit", "u32"], ["loss", "u32"], ["gap", "u32"], ["duplicate", "u32"], ["jitter", "u32"]] as const, { flexible: true });

/** htb options (qdisc: init, directQlen; class: parms, rate64, ceil64 and, in requests, the rate tables). */
export const htbAttrs = attrSet("htb", () => ({
  parms: structField(TCA_HTB.PARMS, tcHtbOpt),
  init: structField(TCA_HTB.INIT, tcHtbGlob),
  ctab: binary(TCA_HTB.CTAB),
  rtab: binary(TCA_HTB.RTAB),
  directQlen: u32(TCA_HTB.DIRECT_QLEN),
  rate64: u64(TCA_HTB.RATE64),
  ceil64: u64(TCA_HTB.CEIL64),
  pad: binary(TCA_HTB.PAD),
  offload: flag(TCA_HTB.OFFLOAD),
}));

/** tbf options. */
export const tbfAttrs = attrSet("tbf", () => ({
  parms: structField(TCA_TBF.PARMS, tcTbfQopt),
  rtab: binary(TCA_TBF.RTAB),
  ptab: binary(TCA_TBF.PTAB),
  rate64: u64(TCA_TBF.RATE64),
  prate64: u64(TCA_TBF.PRATE64),
  burst: u32(TCA_TBF.BURST),
  pburst: u32(TCA_TBF.PBURST),
  pad: binary(TCA_TBF.PAD),
}));

/** fq_codel options (times in microseconds). */
export const fqCodelAttrs = attrSet("fq_codel", () => ({
  target: u32(TCA_FQ_CODEL.TARGET), limit: u32(TCA_FQ_CODEL.LIMIT), interval: u32(TCA_FQ_CODEL.INTERVAL),
  ecn: u32(TCA_FQ_CODEL.ECN), flows: u32(TCA_FQ_CODEL.FLOWS), quantum: u32(TCA_FQ_CODEL.QUANTUM),
  ceThreshold: u32(TCA_FQ_CODEL.CE_THRESHOLD), dropBatchSize: u32(TCA_FQ_CODEL.DROP_BATCH_SIZE),
  memoryLimit: u32(TCA_FQ_CODEL.MEMORY_LIMIT), ceThresholdSelector: u8(TCA_FQ_CODEL.CE_THRESHOLD_SELECTOR),
  ceThresholdMask: u8(TCA_FQ_CODEL.CE_THRESHOLD_MASK),
}));

/** fq options. */
export const fqAttrs = attrSet("fq", () => ({
  plimit: u32(TCA_FQ.PLIMIT), flowPlimit: u32(TCA_FQ.FLOW_PLIMIT), quantum: u32(TCA_FQ.QUANTUM),
  initialQuantum: u32(TCA_FQ.INITIAL_QUANTUM), rateEnable: u32(TCA_FQ.RATE_ENABLE),
  flowDefaultRate: u32(TCA_FQ.FLOW_DEFAULT_RATE), flowMaxRate: u32(TCA_FQ.FLOW_MAX_RATE),
  bucketsLog: u32(TCA_FQ.BUCKETS_LOG), flowRefillDelay: u32(TCA_FQ.FLOW_REFILL_DELAY),
  orphanMask: u32(TCA_FQ.ORPHAN_MASK), lowRateThreshold: u32(TCA_FQ.LOW_RATE_THRESHOLD),
  ceThreshold: u32(TCA_FQ.CE_THRESHOLD), timerSlack: u32(TCA_FQ.TIMER_SLACK), horizon: u32(TCA_FQ.HORIZON),
  horizonDrop: u8(TCA_FQ.HORIZON_DROP),
}));

const netemLossAttrs = attrSet("netem-loss", () => ({
  gi: structField(1, struct("tc_netem_gimodel", [["p13", "u32"], ["p31", "u32"], ["p32", "u32"], ["p14", "u32"], ["p23", "u32"]] as const, { flexible: true })),
  ge: structField(2, struct("tc_netem_gemodel", [["p", "u32"], ["r", "u32"], ["h", "u32"], ["k1", "u32"]] as const, { flexible: true })),
}));

/** The nested part of netem options. */
export const netemAttrs = attrSet("netem", () => ({
  corr: structField(TCA_NETEM.CORR, struct("tc_netem_corr", [["delayCorr", "u32"], ["lossCorr", "u32"], ["dupCorr", "u32"]] as const, { flexible: true })),
  delayDist: binary(TCA_NETEM.DELAY_DIST),
  reorder: structField(TCA_NETEM.REORDER, struct("tc_netem_reorder", [["probability", "u32"], ["correlation", "u32"]] as const, { flexible: true })),
  corrupt: structField(TCA_NETEM.CORRUPT, struct("tc_netem_corrupt", [["probability", "u32"], ["correlation", "u32"]] as const, { flexible: true })),
  // tc sets NLA_F_NESTED here (addattr_nest), the kernel's dump does not; a decoded nest keeps its own bits.
  loss: nest(TCA_NETEM.LOSS, netemLossAttrs, { wireFlags: NLA_F_NESTED }),
  rate: structField(TCA_NETEM.RATE, struct("tc_netem_rate", [["rate", "u32"], ["packetOverhead", "s32"], ["cellSize", "u32"], ["cellOverhead", "s32"]] as const, { flexible: true })),
  ecn: u32(TCA_NETEM.ECN),
  rate64: u64(TCA_NETEM.RATE64),
  pad: binary(TCA_NETEM.PAD),
  latency64: s64(TCA_NETEM.LATENCY64),
  jitter64: s64(TCA_NETEM.JITTER64),
  slot: structField(TCA_NETEM.SLOT, struct("tc_netem_slot", [["minDelay", "s64"], ["maxDelay", "s64"], ["maxPackets", "s32"], ["maxBytes", "s32"], ["distDelay", "s64"], ["distJitter", "s64"]] as const, { flexible: true })),
  slotDist: binary(TCA_NETEM.SLOT_DIST),
  prngSeed: u64(TCA_NETEM.PRNG_SEED),
}));

/** Decoded netem options: struct tc_netem_qopt, then the nested attributes. */
export type NetemOptions = typeof tcNetemQopt extends { decode(...a: any[]): infer Q } ? Q & { attrs?: typeof netemAttrs._type } : never;

/** netem's TCA_OPTIONS: NLA_ALIGN(sizeof(tc_netem_qopt)) bytes of struct, then attributes. */
function netemOptions(): Field<NetemOptions> {
  const qsize = tcNetemQopt.size;
  return custom<NetemOptions>(OPT, (b, dv, off, len, path) => {
    if (len < qsize) throw new DecodeError(`netem options need ${qsize} bytes, got ${len}`, path, off);
    const q = tcNetemQopt.decode(b, dv, off, qsize, path) as NetemOptions;
    if (len > qsize) q.attrs = netemAttrs.decode(b, dv, off + qsize, off + len);
    return q;
  }, (w, v, path) => {
    if (v === null || typeof v !== "object") throw new TypeError(`${path}: expected netem options`);
    const { attrs, ...q } = v;
    tcNetemQopt.encode(w, q, path);
    if (attrs !== undefined) netemAttrs.encode(w, attrs, `${path}.attrs`);
  });
}

const empty = attrSet("no-options", () => ({}));

/** A kind's option field (type TCA_OPTIONS) and, when typed, its xstats field. */
export interface KindLayout {
  options: Field<any>;
  xstats?: Field<any>;
}

/** Typed qdisc/class kinds. pfifo_fast shares prio's struct, as tc prints it. */
export const QDISC_KINDS: ReadonlyMap<string, KindLayout> = new Map<string, KindLayout>([
  ["htb", { options: nest(OPT, htbAttrs), xstats: structField(XSTATS, tcHtbXstats) }],
  ["tbf", { options: nest(OPT, tbfAttrs) }],
  ["pfifo", { options: structField(OPT, tcFifoQopt) }],
  ["bfifo", { options: structField(OPT, tcFifoQopt) }],
  ["pfifo_head_drop", { options: structField(OPT, tcFifoQopt) }],
  ["pfifo_fast", { options: structField(OPT, tcPrioQopt) }],
  ["prio", { options: structField(OPT, tcPrioQopt) }],
  ["sfq", { options: structField(OPT, tcSfqQopt), xstats: structField(XSTATS, tcSfqXstats) }],
  ["netem", { options: netemOptions() }],
  ["fq_codel", { options: nest(OPT, fqCodelAttrs), xstats: fqCodelXstats }],
  ["fq", { options: nest(OPT, fqAttrs), xstats: fqXstats }],
  ["ingress", { options: nest(OPT, empty) }],
  ["clsact", { options: nest(OPT, empty) }],
  ["mq", { options: nest(OPT, empty) }],
  ["noqueue", { options: nest(OPT, empty) }],
  ...AQM_KIND_LAYOUTS,
]);

/** The decoded options of each typed qdisc/class kind. */
export interface QdiscOptionsMap extends AqmOptionsMap {
  htb: typeof htbAttrs._type;
  tbf: typeof tbfAttrs._type;
  pfifo: { limit: number; tail?: string };
  bfifo: { limit: number; tail?: string };
  pfifo_fast: { bands: number; priomap: string; tail?: string };
  prio: { bands: number; priomap: string; tail?: string };
  sfq: Record<string, number | string>;
  netem: NetemOptions;
  fq_codel: typeof fqCodelAttrs._type;
  fq: typeof fqAttrs._type;
  ingress: Record<string, never>;
  clsact: Record<string, never>;
  mq: Record<string, never>;
  noqueue: Record<string, never>;
}
