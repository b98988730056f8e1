/**
 * codecs/stats: per-device statistics, RTM_NEWSTATS / RTM_GETSTATS /
 * RTM_SETSTATS (struct if_stats_msg, IFLA_STATS_*, linux/if_link.h), as
 * `ip stats` and `ip link xstats|afstats` read them.
 */
export {
  afStatsAttrs, BOND_XSTATS, bond3adStatsAttrs, bondXstatsAttrs, BRIDGE_XSTATS, bridgeXstatsAttrs, hwSInfoAttrs,
  hwSInfoOneAttrs, IFLA_OFFLOAD_XSTATS, IFLA_STATS, IFLA_STATS_GETSET, LINK_XSTATS_TYPE, linkXstatsAttrs,
  mplsStatsAttrs, offloadXstatsAttrs, statsAttrs, statsFilterAttrs, statsRequestAttrs,
} from "./attrs.ts";
export type { StatsAttrs, StatsRequestAttrs } from "./attrs.ts";
export { ifStatsMsg, IF_STATS_MSG_SIZE } from "./header.ts";
export type { IfStatsMsg } from "./header.ts";
export { statsMessage, statsRequest } from "./message.ts";
export type { StatsMessage, StatsRequest } from "./message.ts";
export { bridgeStpXstats, bridgeVlanXstats, brMcastStats, mplsLinkStats, rtnlHwStats64 } from "./structs.ts";
