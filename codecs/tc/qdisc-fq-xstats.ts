/**
 * Extended statistics of fq_codel and fq (linux/pkt_sched.h): struct
 * tc_fq_codel_xstats (a u32 type, then the union of tc_fq_codel_qd_stats
 * for a qdisc and tc_fq_codel_cl_stats for a class) and struct
 * tc_fq_qd_stats. Both are flexible: an older kernel's shorter struct
 * decodes with the missing members undefined (tc reads them as zeros).
 */
import { DecodeError } from "../core/errors.ts";
import { custom, type Field } from "../core/fields.ts";
import { struct, structField } from "../core/struct.ts";

const XSTATS = 4; // TCA_XSTATS

/** TCA_FQ_CODEL_XSTATS_*: which member of the union follows the type. */
export const TCA_FQ_CODEL_XSTATS = { QDISC: 0, CLASS: 1 } as const;

/** struct tc_fq_codel_qd_stats. */
export const tcFqCodelQdStats = struct("tc_fq_codel_qd_stats", [
  ["maxpacket", "u32"], ["dropOverlimit", "u32"], ["ecnMark", "u32"], ["newFlowCount", "u32"], ["newFlowsLen", "u32"],
  ["oldFlowsLen", "u32"], ["ceMark", "u32"], ["memoryUsage", "u32"], ["dropOvermemory", "u32"],
] as const, { flexible: true });

/** struct tc_fq_codel_cl_stats. */
export const tcFqCodelClStats = struct("tc_fq_codel_cl_stats", [
  ["deficit", "s32"], ["ldelay", "u32"], ["count", "u32"], ["lastcount", "u32"], ["dropping", "u32"], ["dropNext", "s32"],
] as const, { flexible: true });

/** A decoded struct tc_fq_codel_xstats: the type and its union member (`qdisc` or `class`, by type; neither for another type). */
export interface FqCodelXstats {
  type: number;
  qdisc?: Partial<ReturnType<typeof tcFqCodelQdStats.decode>>;
  class?: Partial<ReturnType<typeof tcFqCodelClStats.decode>>;
}

/** struct tc_fq_codel_xstats as a field (TCA_XSTATS; stats2 re-types it as TCA_STATS_APP). */
export const fqCodelXstats: Field<FqCodelXstats> = custom<FqCodelXstats>(
  XSTATS,
  (buf, dv, off, len, path) => {
    if (len < 0) throw new DecodeError("tc_fq_codel_xstats: negative length", path, off);
    const type = len >= 4 ? dv.getUint32(off, true) : 0; // tc reads a short struct as zeros
    const rest = Math.max(0, len - 4);
    if (type === TCA_FQ_CODEL_XSTATS.QDISC) return { type, qdisc: tcFqCodelQdStats.decode(buf, dv, off + 4, rest, `${path}.qdisc`) };
    if (type === TCA_FQ_CODEL_XSTATS.CLASS) return { type, class: tcFqCodelClStats.decode(buf, dv, off + 4, rest, `${path}.class`) };
    return { type };
  },
  (w, v, path) => {
    w.u32(v.type);
    if (v.qdisc !== undefined) tcFqCodelQdStats.encode(w, v.qdisc as ReturnType<typeof tcFqCodelQdStats.decode>, `${path}.qdisc`);
    else if (v.class !== undefined) tcFqCodelClStats.encode(w, v.class as ReturnType<typeof tcFqCodelClStats.decode>, `${path}.class`);
  },
);

/** struct tc_fq_qd_stats. */
export const tcFqQdStats = struct("tc_fq_qd_stats", [
  ["gcFlows", "u64"], ["highprioPackets", "u64"], ["tcpRetrans", "u64"], ["throttled", "u64"], ["flowsPlimit", "u64"],
  ["pktsTooLong", "u64"], ["allocationErrors", "u64"], ["timeNextDelayedFlow", "s64"], ["flows", "u32"],
  ["inactiveFlows", "u32"], ["throttledFlows", "u32"], ["unthrottleLatencyNs", "u32"], ["ceMark", "u64"],
  ["horizonDrops", "u64"], ["horizonCaps", "u64"],
] as const, { flexible: true });

/** struct tc_fq_qd_stats as a field (TCA_XSTATS). */
export const fqXstats = structField(XSTATS, tcFqQdStats);
