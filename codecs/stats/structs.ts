/**
 * Fixed structs of the statistics attributes (member names camelCase from
 * the uapi headers): struct rtnl_hw_stats64 (linux/if_link.h), struct
 * br_mcast_stats, bridge_stp_xstats and bridge_vlan_xstats
 * (linux/if_bridge.h), struct mpls_link_stats (linux/mpls.h). Each is
 * flexible like rtnl_link_stats64 (codecs/link/structs.ts): a longer
 * payload (a newer kernel) keeps its extra bytes in `tail`, a shorter one
 * decodes the members that fit, and both re-encode to the same bytes. The
 * [BR_MCAST_DIR_SIZE] arrays of br_mcast_stats become Rx/Tx member pairs.
 */
import { struct } from "../core/struct.ts";

/**
 * struct rtnl_hw_stats64 (IFLA_OFFLOAD_XSTATS_L3_STATS), nine u64, 72 bytes:
 * rx_packets, tx_packets, rx_bytes, tx_bytes, rx_errors, tx_errors,
 * rx_dropped, tx_dropped, multicast.
 */
export const rtnlHwStats64 = struct("rtnl_hw_stats64", [
  ["rxPackets", "u64"], ["txPackets", "u64"], ["rxBytes", "u64"], ["txBytes", "u64"], ["rxErrors", "u64"],
  ["txErrors", "u64"], ["rxDropped", "u64"], ["txDropped", "u64"], ["multicast", "u64"],
] as const, { flexible: true });

const pair = (n: string) => [[`${n}Rx`, "u64"], [`${n}Tx`, "u64"]] as const;

/**
 * struct br_mcast_stats (BRIDGE_XSTATS_MCAST), 36 u64, 288 bytes: the IGMP
 * v1/v2/v3 queries, leaves, v1/v2/v3 reports (each rx, tx), igmp_parse_errors,
 * the MLD v1/v2 queries, leaves, v1/v2 reports (rx, tx), mld_parse_errors,
 * mcast_bytes and mcast_packets (rx, tx).
 */
export const brMcastStats = struct("br_mcast_stats", [
  ...pair("igmpV1queries"), ...pair("igmpV2queries"), ...pair("igmpV3queries"), ...pair("igmpLeaves"),
  ...pair("igmpV1reports"), ...pair("igmpV2reports"), ...pair("igmpV3reports"), ["igmpParseErrors", "u64"],
  ...pair("mldV1queries"), ...pair("mldV2queries"), ...pair("mldLeaves"), ...pair("mldV1reports"),
  ...pair("mldV2reports"), ["mldParseErrors", "u64"], ...pair("mcastBytes"), ...pair("mcastPackets"),
] as const, { flexible: true });

/** struct bridge_stp_xstats (BRIDGE_XSTATS_STP), six u64, 48 bytes. */
export const bridgeStpXstats = struct("bridge_stp_xstats", [
  ["transitionBlk", "u64"], ["transitionFwd", "u64"], ["rxBpdu", "u64"], ["txBpdu", "u64"], ["rxTcn", "u64"], ["txTcn", "u64"],
] as const, { flexible: true });

/** struct bridge_vlan_xstats (BRIDGE_XSTATS_VLAN, one per VLAN), 40 bytes: four u64, vid, flags (BRIDGE_VLAN_INFO_*), pad2. */
export const bridgeVlanXstats = struct("bridge_vlan_xstats", [
  ["rxBytes", "u64"], ["rxPackets", "u64"], ["txBytes", "u64"], ["txPackets", "u64"], ["vid", "u16"], ["flags", "u16"], ["pad2", "u32"],
] as const, { flexible: true });

/** struct mpls_link_stats (MPLS_STATS_LINK), nine u64, 72 bytes. */
export const mplsLinkStats = struct("mpls_link_stats", [
  ["rxPackets", "u64"], ["txPackets", "u64"], ["rxBytes", "u64"], ["txBytes", "u64"], ["rxErrors", "u64"],
  ["txErrors", "u64"], ["rxDropped", "u64"], ["txDropped", "u64"], ["rxNoroute", "u64"],
] as const, { flexible: true });
