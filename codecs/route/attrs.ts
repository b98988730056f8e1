/**
 * The route attribute set (`route-attrs` in rt-route.yaml, enum
 * rtattr_type_t in linux/rtnetlink.h; RTA_FLOWLABEL 31 from the spec).
 *
 * Two flavours share one table: the kernel's (what RTM_NEWROUTE answers
 * carry; decode then encode gives the same bytes) and iproute2's request
 * layout, which differs only in wire details the kernel accepts either
 * way: RTA_ENCAP carries NLA_F_NESTED and RTAX_CC_ALGO has no NUL.
 *
 * Deviation from the spec: RTA_SPORT/RTA_DPORT are written by iproute2
 * with htons() and read by the kernel with nla_get_be16, so they are
 * network byte order here (the spec says u16).
 */
import { attrSet, nest } from "../core/attrset.ts";
import { NLA_F_NESTED } from "../core/constants.ts";
import { binary, enumField, ipAddr, u16be, u32, u32be, u8 } from "../core/fields.ts";
import { struct, structField } from "../core/struct.ts";
import { encapField } from "./encap.ts";
import { makeMetricsAttrs } from "./metrics.ts";
import { makeHopAttrs, multipathField } from "./multipath.ts";
import { labelsField } from "./mpls.ts";
import { LWTUNNEL_ENCAP, RT_PREF, RT_TABLE } from "./tables.ts";
import { viaField } from "./via.ts";

/** Attribute numbers of route-attrs (RTA_*). */
export const RTA = {
  DST: 1, SRC: 2, IIF: 3, OIF: 4, GATEWAY: 5, PRIORITY: 6, PREFSRC: 7, METRICS: 8,
  MULTIPATH: 9, PROTOINFO: 10, FLOW: 11, CACHEINFO: 12, SESSION: 13, MP_ALGO: 14, TABLE: 15,
  MARK: 16, MFC_STATS: 17, VIA: 18, NEWDST: 19, PREF: 20, ENCAP_TYPE: 21, ENCAP: 22,
  EXPIRES: 23, PAD: 24, UID: 25, TTL_PROPAGATE: 26, IP_PROTO: 27, SPORT: 28, DPORT: 29,
  NH_ID: 30, FLOWLABEL: 31,
} as const;

/** struct rta_cacheinfo (rtnetlink.h): five members, three more with RTNETLINK_HAVE_PEERINFO. */
export const rtaCacheinfo = struct("rta_cacheinfo", [
  ["clntref", "u32"], ["lastuse", "u32"], ["expires", "s32"], ["error", "u32"], ["used", "u32"],
  ["id", "u32"], ["ts", "u32"], ["tsage", "u32"],
] as const, { flexible: true });

/** struct rta_mfc_stats (rtnetlink.h). */
export const rtaMfcStats = struct("rta_mfc_stats", [
  ["packets", "u64"], ["bytes", "u64"], ["wrongIf", "u64"],
] as const, { flexible: true });

/**
 * The route-attrs field table; `iproute2` selects iproute2's request layout
 * (see the file comment), `mpls` the AF_MPLS variant (rtm_family 28), whose
 * RTA_DST and RTA_NEWDST (also per hop) are label stacks (mpls.ts).
 */
export function routeAttrFields(iproute2: boolean, mpls = false) {
  const encapFlags = iproute2 ? NLA_F_NESTED : 0;
  return {
    dst: mpls ? labelsField(RTA.DST) : ipAddr(RTA.DST),
    src: ipAddr(RTA.SRC),
    iif: u32(RTA.IIF),
    oif: u32(RTA.OIF),
    gateway: ipAddr(RTA.GATEWAY),
    priority: u32(RTA.PRIORITY),
    prefsrc: ipAddr(RTA.PREFSRC),
    metrics: nest(RTA.METRICS, makeMetricsAttrs(!iproute2)),
    multipath: multipathField(RTA.MULTIPATH, makeHopAttrs(encapFlags, mpls)),
    protoinfo: binary(RTA.PROTOINFO),
    flow: u32(RTA.FLOW),
    cacheinfo: structField(RTA.CACHEINFO, rtaCacheinfo),
    session: binary(RTA.SESSION),
    mpAlgo: binary(RTA.MP_ALGO),
    table: enumField(RTA.TABLE, 4, RT_TABLE),
    mark: u32(RTA.MARK),
    mfcStats: structField(RTA.MFC_STATS, rtaMfcStats),
    via: viaField(RTA.VIA),
    newdst: mpls ? labelsField(RTA.NEWDST) : binary(RTA.NEWDST),
    pref: enumField(RTA.PREF, 1, RT_PREF),
    encapType: enumField(RTA.ENCAP_TYPE, 2, LWTUNNEL_ENCAP),
    encap: encapField(RTA.ENCAP, encapFlags),
    expires: u32(RTA.EXPIRES),
    pad: binary(RTA.PAD),
    uid: u32(RTA.UID),
    ttlPropagate: u8(RTA.TTL_PROPAGATE),
    ipProto: u8(RTA.IP_PROTO),
    sport: u16be(RTA.SPORT),
    dport: u16be(RTA.DPORT),
    nhId: u32(RTA.NH_ID),
    flowlabel: u32be(RTA.FLOWLABEL),
  };
}

/** Build route-attrs in the kernel's (false) or iproute2's (true) layout; `mpls` for AF_MPLS routes. */
export function makeRouteAttrs(iproute2: boolean, mpls = false) {
  return attrSet("route", routeAttrFields(iproute2, mpls));
}

/** route-attrs as the kernel writes them. */
export const routeAttrs = makeRouteAttrs(false);
/** route-attrs in iproute2's request layout. */
export const routeAttrsIproute2 = makeRouteAttrs(true);
/** route-attrs of AF_MPLS routes as the kernel writes them (labels for dst/newdst). */
export const routeAttrsMpls = makeRouteAttrs(false, true);
/** route-attrs of AF_MPLS routes in iproute2's request layout. */
export const routeAttrsMplsIproute2 = makeRouteAttrs(true, true);

/** The decoded route attributes. */
export type RouteAttrs = typeof routeAttrs._type;
