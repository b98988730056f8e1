/**
 * The statistics attribute sets (linux/if_link.h "STATS section",
 * rt-link.yaml stats-attrs, link-offload-xstats, hw-s-info-one; the bridge
 * and bond extended sets from linux/if_bridge.h and linux/if_bonding.h;
 * linux/mpls.h for AF_MPLS). Answers (RTM_NEWSTATS) carry IFLA_STATS_*;
 * requests (RTM_GETSTATS / RTM_SETSTATS) carry IFLA_STATS_GETSET_* instead,
 * a different numbering, hence two top-level sets.
 *
 * Deviations from the spec, each for a reason:
 * - link-xstats, link-xstats-slave and af-spec are "binary" in the spec; they
 *   are nests (LINK_XSTATS_TYPE_BRIDGE / _BOND, one nest per address family)
 *   and are decoded as such, whatever the kernel does not name kept raw.
 * - hw-s-info is an "indexed-array" in the spec: its members are numbered
 *   by IFLA_OFFLOAD_XSTATS_* (only L3_STATS, 3, today), so it is a set with
 *   that one member.
 * - The 64-bit pad attributes (IFLA_STATS_UNSPEC, BRIDGE_XSTATS_PAD,
 *   BOND_3AD_STAT_PAD, MPLS_STATS_UNSPEC) are kept as hex `pad`.
 * - BOND_3AD_STAT_LACPDU_RX is attribute type 0, as the kernel numbers it.
 * The kernel writes these nests without NLA_F_NESTED (nla_nest_start_noflag);
 * the attribute engine records the bits it saw, so re-encoding is exact.
 */
import { attrSet, nest, NESTED } from "../core/attrset.ts";
import { binary, multi, u32, u64, u8 } from "../core/fields.ts";
import { structField } from "../core/struct.ts";
import { rtnlLinkStats64 } from "../link/structs.ts";
import { bridgeStpXstats, bridgeVlanXstats, brMcastStats, mplsLinkStats, rtnlHwStats64 } from "./structs.ts";

/** IFLA_STATS_* attribute numbers (answers; filter bits are 1 << (n - 1)). if_link.h */
export const IFLA_STATS = { UNSPEC: 0, LINK_64: 1, LINK_XSTATS: 2, LINK_XSTATS_SLAVE: 3, LINK_OFFLOAD_XSTATS: 4, AF_SPEC: 5 } as const;
/** IFLA_STATS_GETSET_* attribute numbers (requests). if_link.h */
export const IFLA_STATS_GETSET = { GET_FILTERS: 1, SET_OFFLOAD_XSTATS_L3_STATS: 2 } as const;
/** LINK_XSTATS_TYPE_* (inside IFLA_STATS_LINK_XSTATS[_SLAVE]). if_link.h */
export const LINK_XSTATS_TYPE = { BRIDGE: 1, BOND: 2 } as const;
/** IFLA_OFFLOAD_XSTATS_* (inside IFLA_STATS_LINK_OFFLOAD_XSTATS). if_link.h */
export const IFLA_OFFLOAD_XSTATS = { CPU_HIT: 1, HW_S_INFO: 2, L3_STATS: 3 } as const;
/** BRIDGE_XSTATS_* (inside LINK_XSTATS_TYPE_BRIDGE). if_bridge.h */
export const BRIDGE_XSTATS = { VLAN: 1, MCAST: 2, PAD: 3, STP: 4 } as const;
/** BOND_XSTATS_3AD and BOND_3AD_STAT_* (inside LINK_XSTATS_TYPE_BOND). if_bonding.h */
export const BOND_XSTATS = { XSTATS_3AD: 1 } as const;

/** One hardware-statistics suite's state: requested and in use, each 0 or 1. */
export const hwSInfoOneAttrs = attrSet("stats.hw-s-info-one", { request: u8(1), used: u8(2) });
/** IFLA_OFFLOAD_XSTATS_HW_S_INFO: one hw-s-info-one nest per suite, numbered by IFLA_OFFLOAD_XSTATS_*. */
export const hwSInfoAttrs = attrSet("stats.hw-s-info", { l3Stats: nest(IFLA_OFFLOAD_XSTATS.L3_STATS, hwSInfoOneAttrs) });

/** IFLA_OFFLOAD_XSTATS_* (IFLA_STATS_LINK_OFFLOAD_XSTATS). */
export const offloadXstatsAttrs = attrSet("stats.offload-xstats", {
  cpuHit: structField(IFLA_OFFLOAD_XSTATS.CPU_HIT, rtnlLinkStats64),
  hwSInfo: nest(IFLA_OFFLOAD_XSTATS.HW_S_INFO, hwSInfoAttrs),
  l3Stats: structField(IFLA_OFFLOAD_XSTATS.L3_STATS, rtnlHwStats64),
});

/** BRIDGE_XSTATS_* (LINK_XSTATS_TYPE_BRIDGE): per-VLAN counters (repeated), multicast, STP. */
export const bridgeXstatsAttrs = attrSet("stats.bridge-xstats", {
  vlan: multi(structField(BRIDGE_XSTATS.VLAN, bridgeVlanXstats)),
  mcast: structField(BRIDGE_XSTATS.MCAST, brMcastStats),
  stp: structField(BRIDGE_XSTATS.STP, bridgeStpXstats),
  pad: binary(BRIDGE_XSTATS.PAD),
});

/** BOND_3AD_STAT_* (BOND_XSTATS_3AD): LACPDU and marker counters, u64 each. */
export const bond3adStatsAttrs = attrSet("stats.bond-3ad", {
  lacpduRx: u64(0), lacpduTx: u64(1), lacpduUnknownRx: u64(2), lacpduIllegalRx: u64(3), markerRx: u64(4),
  markerTx: u64(5), markerRespRx: u64(6), markerRespTx: u64(7), markerUnknownRx: u64(8), pad: binary(9),
});

/** BOND_XSTATS_* (LINK_XSTATS_TYPE_BOND). */
export const bondXstatsAttrs = attrSet("stats.bond-xstats", { ad: nest(BOND_XSTATS.XSTATS_3AD, bond3adStatsAttrs) });

/** LINK_XSTATS_TYPE_* (IFLA_STATS_LINK_XSTATS and _SLAVE): the link type's extended statistics. */
export const linkXstatsAttrs = attrSet("stats.link-xstats", {
  bridge: nest(LINK_XSTATS_TYPE.BRIDGE, bridgeXstatsAttrs),
  bond: nest(LINK_XSTATS_TYPE.BOND, bondXstatsAttrs),
});

/** MPLS_STATS_* (the AF_MPLS nest of IFLA_STATS_AF_SPEC). */
export const mplsStatsAttrs = attrSet("stats.mpls", { pad: binary(0), link: structField(1, mplsLinkStats) });

/** IFLA_STATS_AF_SPEC: one nest per address family (AF_MPLS = 28 the only one today). */
export const afStatsAttrs = attrSet("stats.af-spec", { mpls: nest(28, mplsStatsAttrs) });

/** IFLA_STATS_* attributes of RTM_NEWSTATS, in the kernel's order (rtnl_fill_statsinfo). */
export const statsAttrs = attrSet("stats", {
  pad: binary(IFLA_STATS.UNSPEC),
  link64: structField(IFLA_STATS.LINK_64, rtnlLinkStats64),
  linkXstats: nest(IFLA_STATS.LINK_XSTATS, linkXstatsAttrs),
  linkXstatsSlave: nest(IFLA_STATS.LINK_XSTATS_SLAVE, linkXstatsAttrs),
  linkOffloadXstats: nest(IFLA_STATS.LINK_OFFLOAD_XSTATS, offloadXstatsAttrs),
  afSpec: nest(IFLA_STATS.AF_SPEC, afStatsAttrs),
});

/** The decoded IFLA_STATS_* attributes. */
export type StatsAttrs = typeof statsAttrs._type;

/** IFLA_STATS_GET_FILTERS: per-group masks of the nested attributes wanted, keyed by group (bit 1 << (n - 1) of IFLA_OFFLOAD_XSTATS_* etc.). */
export const statsFilterAttrs = attrSet("stats.get-filters", {
  linkXstats: u32(IFLA_STATS.LINK_XSTATS),
  linkXstatsSlave: u32(IFLA_STATS.LINK_XSTATS_SLAVE),
  linkOffloadXstats: u32(IFLA_STATS.LINK_OFFLOAD_XSTATS),
  afSpec: u32(IFLA_STATS.AF_SPEC),
});

/** IFLA_STATS_GETSET_* attributes of RTM_GETSTATS / RTM_SETSTATS (iproute2 flags the filter nest NLA_F_NESTED). */
export const statsRequestAttrs = attrSet("stats.getset", {
  getFilters: nest(IFLA_STATS_GETSET.GET_FILTERS, statsFilterAttrs, { wireFlags: NESTED }),
  setOffloadXstatsL3Stats: u8(IFLA_STATS_GETSET.SET_OFFLOAD_XSTATS_L3_STATS),
});

/** The decoded IFLA_STATS_GETSET_* attributes. */
export type StatsRequestAttrs = typeof statsRequestAttrs._type;
