/**
 * The route model: the plain `Route` objects that list/iterate/get return,
 * that subscribe() events and watch() tables carry, and that add/replace/
 * delete accept back (docs/MODEL.md). Built from decoded RTM_NEWROUTE
 * messages the way `ip route show` reads them (ip/iproute.c print_route):
 * RTA_TABLE wins over rtm_table, RTA_PRIORITY is the metric, rtnh_hops + 1
 * the weight of a path, rta_cacheinfo.rta_expires (clock_t, USER_HZ) /
 * USER_HZ the seconds left of an expiring route.
 */
import { USER_HZ } from "../../../codecs/core/constants.ts";
import { AF_INET, AF_INET6, AF_MPLS } from "../../../codecs/ip/index.ts";
import { familyOf, type Family } from "../shared/family.ts";
import type { RouteMessage } from "../../../codecs/route/decode.ts";
import type { RtNexthop } from "../../../codecs/route/multipath.ts";
import type { RtVia } from "../../../codecs/route/via.ts";
import { encapView, type RouteEncap } from "./encap.ts";
import { metricsView, type RouteMetricsSpec } from "./metrics.ts";

/** A next hop of another family (RTA_VIA). */
export interface RouteVia {
  family: Family | number;
  address: string;
}

/** One path of a multipath route. */
export interface RoutePath {
  gateway?: string;
  via?: RouteVia;
  /** Output link (rtnh_ifindex; absent when 0). */
  ifindex?: number;
  /** rtnh_hops + 1, as `ip route` prints it. */
  weight: number;
  /** RTNH_F_* names: onlink, dead, linkdown, pervasive, offload, trap, unresolved (a shared frozen [] when none, in lists). */
  flags: string[];
  encap?: RouteEncap;
  /** RTA_FLOW of the path. */
  realms?: number;
  /** RTA_NEWDST of an MPLS path: the outgoing label stack, "200/300" (ip's "as to"). */
  newdst?: string;
}

/** One route as `ip -j route show` describes it. JSON-serialisable. */
export interface Route {
  /** "inet" or "inet6" in lists; events may also carry "mpls" or another family number (ipmr: 128). */
  family: Family | number;
  /** "unicast", "local", "broadcast", "blackhole", "unreachable", "prohibit", "throw", "multicast"... */
  type: string | number;
  /** "default" for a zero-length prefix, else "address/length" (a host route is "/32" or "/128"); an MPLS route's label, "100". */
  dst: string;
  /** RTA_NEWDST of an MPLS route: the outgoing label stack, "200/300" (ip's "as to"). */
  newdst?: string;
  /** Source prefix of a source-specific route (rtm_src_len > 0). */
  from?: string;
  tos: number;
  /** Table id: "main" (254), "local" (255), "default" (253), or the number. */
  table: string | number;
  /** "kernel", "boot", "static", "ra", "dhcp", ... or the number. */
  protocol: string | number;
  /** "global" (RT_SCOPE_UNIVERSE), "link", "host", "site", "nowhere" or the number. */
  scope: string | number;
  /**
   * rtm_flags: RTNH_F_* (onlink, linkdown, dead...) and RTM_F_* (cloned, notify, rt_offload...) names.
   * Listed routes without flags share one frozen empty array (copy it before adding names).
   */
  flags: string[];
  gateway?: string;
  via?: RouteVia;
  /** Output link (RTA_OIF). */
  ifindex?: number;
  /** Input link (RTA_IIF). */
  iif?: number;
  /** Preferred source address (RTA_PREFSRC). */
  prefsrc?: string;
  /** RTA_PRIORITY. */
  metric?: number;
  metrics?: RouteMetricsSpec;
  multipath?: RoutePath[];
  /** Nexthop object id (RTA_NH_ID). */
  nhid?: number;
  /** IPv6 router preference: "low", "medium", "high". */
  pref?: string | number;
  /** Seconds until the route expires. */
  expires?: number;
  mark?: number;
  uid?: number;
  /** RTA_FLOW (realms). */
  realms?: number;
  encap?: RouteEncap;
}

function viaView(v: RtVia): RouteVia {
  return { family: familyOf(v.family), address: v.address };
}

function pathView(h: RtNexthop): RoutePath {
  const a = h.attrs;
  const p = {} as RoutePath;
  if (a.gateway !== undefined) p.gateway = a.gateway;
  if (a.via !== undefined) p.via = viaView(a.via);
  if (h.ifindex !== 0) p.ifindex = h.ifindex;
  p.weight = h.hops + 1;
  p.flags = h.flags;
  if (a.encap !== undefined) p.encap = encapView(a.encapType, a.encap);
  if (a.flow !== undefined) p.realms = a.flow;
  if (a.newdst !== undefined) p.newdst = a.newdst;
  return p;
}

/** Build a Route from a decoded message (any family; the route API lists inet and inet6 only). */
export function toRoute(m: RouteMessage): Route {
  const fam = m.family;
  const a = m.attrs;
  const zero = fam === AF_INET ? "0.0.0.0" : fam === AF_INET6 ? "::" : "";
  const r = {
    family: familyOf(fam),
    type: m.type,
    dst: fam === AF_MPLS ? a.dst ?? "" : m.dstLen === 0 ? "default" : (a.dst ?? zero) + "/" + m.dstLen,
  } as Route;
  if (a.newdst !== undefined) r.newdst = a.newdst;
  if (m.srcLen !== 0) r.from = (a.src ?? zero) + "/" + m.srcLen;
  r.tos = m.tos;
  r.table = a.table ?? m.table;
  r.protocol = m.protocol;
  r.scope = m.scope;
  r.flags = m.flags;
  if (a.gateway !== undefined) r.gateway = a.gateway;
  if (a.via !== undefined) r.via = viaView(a.via);
  if (a.oif !== undefined) r.ifindex = a.oif;
  if (a.iif !== undefined) r.iif = a.iif;
  if (a.prefsrc !== undefined) r.prefsrc = a.prefsrc;
  if (a.priority !== undefined) r.metric = a.priority;
  if (a.metrics !== undefined) r.metrics = metricsView(a.metrics);
  if (a.multipath !== undefined) r.multipath = a.multipath.map(pathView);
  if (a.nhId !== undefined) r.nhid = a.nhId;
  if (a.pref !== undefined) r.pref = a.pref;
  if (a.cacheinfo !== undefined && a.cacheinfo.expires) r.expires = Math.trunc(a.cacheinfo.expires / USER_HZ);
  if (a.mark !== undefined) r.mark = a.mark;
  if (a.uid !== undefined) r.uid = a.uid;
  if (a.flow !== undefined) r.realms = a.flow;
  if (a.encap !== undefined) r.encap = encapView(a.encapType, a.encap);
  return r;
}
