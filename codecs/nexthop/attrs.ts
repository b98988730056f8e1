/**
 * Nexthop attributes (enum NHA_* in linux/nexthop.h; there is no YAML spec
 * for them on this machine). NHA_OP_FLAGS (14) .. NHA_HW_STATS_USED (17)
 * and the group-stats nest are from the uapi header of Linux 6.10+, newer
 * than this machine's header but emitted by its 6.18 kernel.
 *
 * As for routes, two flavours: the kernel's layout and iproute2's request
 * layout, which sets NLA_F_NESTED on NHA_ENCAP, NHA_RES_GROUP and
 * NHA_RES_BUCKET (the selector of `ip nexthop bucket list nhid|get`).
 */
import { attrSet, nest } from "../core/attrset.ts";
import { NLA_F_NESTED } from "../core/constants.ts";
import { binary, enumField, flag, ipAddr, multi, u16, u32, u64, uint } from "../core/fields.ts";
import { EnumTable } from "../core/tables.ts";
import { encapField } from "../route/encap.ts";
import { LWTUNNEL_ENCAP } from "../route/tables.ts";
import { groupField } from "./group.ts";

/** Attribute numbers (NHA_*). */
export const NHA = {
  ID: 1, GROUP: 2, GROUP_TYPE: 3, BLACKHOLE: 4, OIF: 5, GATEWAY: 6, ENCAP_TYPE: 7, ENCAP: 8,
  GROUPS: 9, MASTER: 10, FDB: 11, RES_GROUP: 12, RES_BUCKET: 13, OP_FLAGS: 14, GROUP_STATS: 15,
  HW_STATS_ENABLE: 16, HW_STATS_USED: 17,
} as const;

/** NEXTHOP_GRP_TYPE_* names as iproute2 prints them. */
export const NEXTHOP_GRP_TYPE = new EnumTable("nexthop group type", { 0: "mpath", 1: "resilient" });

/** NHA_RES_GROUP_* (resilient group parameters; timers in clock_t). */
export function makeResGroupAttrs() {
  return attrSet("nexthop-res-group", {
    pad: binary(0),
    buckets: u16(1),
    idleTimer: u32(2),
    unbalancedTimer: u32(3),
    unbalancedTime: u64(4),
  });
}

/** NHA_RES_BUCKET_* (one bucket of a resilient group, RTM_*NEXTHOPBUCKET). */
export const resBucketAttrs = attrSet("nexthop-res-bucket", () => ({
  pad: binary(0),
  index: u16(1),
  idleTime: u64(2),
  nhId: u32(3),
}));

/** NHA_GROUP_STATS_ENTRY_* (per-member packet counters). */
export const groupStatsEntryAttrs = attrSet("nexthop-group-stats-entry", () => ({
  id: u32(1),
  packets: uint(2),
  packetsHw: uint(3),
}));

/** NHA_GROUP_STATS_* (a list of entries). */
export const groupStatsAttrs = attrSet("nexthop-group-stats", () => ({
  entry: multi(nest(1, groupStatsEntryAttrs)),
}));

/** The nexthop field table in the kernel's (false) or iproute2's (true) layout. */
export function nexthopAttrFields(iproute2: boolean) {
  const nested = iproute2 ? NLA_F_NESTED : 0;
  return {
    id: u32(NHA.ID),
    group: groupField(NHA.GROUP),
    groupType: enumField(NHA.GROUP_TYPE, 2, NEXTHOP_GRP_TYPE),
    blackhole: flag(NHA.BLACKHOLE),
    oif: u32(NHA.OIF),
    gateway: ipAddr(NHA.GATEWAY),
    encapType: enumField(NHA.ENCAP_TYPE, 2, LWTUNNEL_ENCAP),
    encap: encapField(NHA.ENCAP, nested),
    groups: flag(NHA.GROUPS),
    master: u32(NHA.MASTER),
    fdb: flag(NHA.FDB),
    resGroup: nest(NHA.RES_GROUP, makeResGroupAttrs(), { wireFlags: nested }),
    resBucket: nest(NHA.RES_BUCKET, resBucketAttrs, { wireFlags: nested }),
    opFlags: u32(NHA.OP_FLAGS),
    groupStats: nest(NHA.GROUP_STATS, groupStatsAttrs),
    hwStatsEnable: u32(NHA.HW_STATS_ENABLE),
    hwStatsUsed: u32(NHA.HW_STATS_USED),
  };
}

/** Nexthop attributes as the kernel writes them. */
export const nexthopAttrs = attrSet("nexthop", nexthopAttrFields(false));
/** Nexthop attributes in iproute2's request layout. */
export const nexthopAttrsIproute2 = attrSet("nexthop", nexthopAttrFields(true));

/** The decoded nexthop attributes. */
export type NexthopAttrs = typeof nexthopAttrs._type;
