/**
 * Statistics carried by tc objects: TCA_STATS (struct tc_stats,
 * pkt_sched.h), TCA_STATS2 (enum TCA_STATS_*, linux/gen_stats.h) and the
 * kind-specific extended statistics (TCA_XSTATS and TCA_STATS_APP, whose
 * layout depends on TCA_KIND; kinds.ts supplies the field).
 *
 * Deviation: the kernel copies struct gnet_stats_basic with its 4 bytes of
 * tail padding (16 bytes); they decode as `tail: "00000000"` only when
 * nonzero or when the payload is not the C size, so the usual answer
 * decodes to { bytes, packets }.
 */
import { attrSet, type AttrSet } from "../core/attrset.ts";
import { binary, u64, type Field } from "../core/fields.ts";
import { struct, structField } from "../core/struct.ts";

/** TCA_STATS_* numbers. gen_stats.h */
export const TCA_STATS = { BASIC: 1, RATE_EST: 2, QUEUE: 3, APP: 4, RATE_EST64: 5, PAD: 6, BASIC_HW: 7, PKT64: 8 } as const;

/** struct tc_stats (the old TCA_STATS). */
export const tcStats = struct("tc_stats", [
  ["bytes", "u64"], ["packets", "u32"], ["drops", "u32"], ["overlimits", "u32"], ["bps", "u32"], ["pps", "u32"], ["qlen", "u32"], ["backlog", "u32"],
] as const, { flexible: true });
/** struct gnet_stats_basic. */
export const gnetStatsBasic = struct("gnet_stats_basic", [["bytes", "u64"], ["packets", "u32"]] as const, { flexible: true });
/** struct gnet_stats_rate_est. */
export const gnetStatsRateEst = struct("gnet_stats_rate_est", [["bps", "u32"], ["pps", "u32"]] as const, { flexible: true });
/** struct gnet_stats_rate_est64. */
export const gnetStatsRateEst64 = struct("gnet_stats_rate_est64", [["bps", "u64"], ["pps", "u64"]] as const, { flexible: true });
/** struct gnet_stats_queue. */
export const gnetStatsQueue = struct("gnet_stats_queue", [
  ["qlen", "u32"], ["backlog", "u32"], ["drops", "u32"], ["requeues", "u32"], ["overlimits", "u32"],
] as const, { flexible: true });

function stats2Fields(app: Field<any>) {
  return {
    basic: structField(TCA_STATS.BASIC, gnetStatsBasic),
    rateEst: structField(TCA_STATS.RATE_EST, gnetStatsRateEst),
    queue: structField(TCA_STATS.QUEUE, gnetStatsQueue),
    app,
    rateEst64: structField(TCA_STATS.RATE_EST64, gnetStatsRateEst64),
    pad: binary(TCA_STATS.PAD),
    basicHw: structField(TCA_STATS.BASIC_HW, gnetStatsBasic),
    pkt64: u64(TCA_STATS.PKT64),
  };
}

/** The decoded TCA_STATS2 nest; `app` is typed by kind or hex. */
export type Stats2 = typeof stats2Raw._type;
const stats2Raw = attrSet("stats2", stats2Fields(binary(TCA_STATS.APP)));

const cache = new Map<Field<any>, AttrSet<Stats2>>();
/** The TCA_STATS2 attribute set whose TCA_STATS_APP is decoded with `app` (hex when undefined). */
export function stats2Attrs(app?: Field<any>): AttrSet<Stats2> {
  if (app === undefined) return stats2Raw;
  let s = cache.get(app);
  if (s === undefined) {
    s = attrSet("stats2", stats2Fields({ ...app, type: TCA_STATS.APP })) as unknown as AttrSet<Stats2>;
    cache.set(app, s);
  }
  return s;
}
