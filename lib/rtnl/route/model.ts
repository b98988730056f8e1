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
import { familyNumber, familyOf, type Family } from "../shared/family.ts";
import type { RouteAttrs } from "../../../codecs/route/attrs.ts";
import type { RouteMessage } from "../../../codecs/route/decode.ts";
import type { HopAttrs, RtNexthop } from "../../../codecs/route/multipath.ts";
import type { RtVia } from "../../../codecs/route/via.ts";
import { encapOfView, encapView, type RouteEncap } from "./encap.ts";
import { metricsOfView, metricsView, type RouteMetricsSpec } from "./metrics.ts";

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

/** The AF_* number of a model family (a name or a number passed through). */
function familyNum(f: Family | number): number {
  return typeof f === "number" ? f : familyNumber(f, "family");
}

function hopOf(p: RoutePath): RtNexthop {
  const a = {} as HopAttrs;
  if (p.gateway !== undefined) a.gateway = p.gateway;
  if (p.via !== undefined) a.via = { family: familyNum(p.via.family), address: p.via.address };
  if (p.encap !== undefined) Object.assign(a, encapOfView(p.encap));
  if (p.realms !== undefined) a.flow = p.realms;
  if (p.newdst !== undefined) (a as Record<string, unknown>).newdst = p.newdst;
  return { flags: p.flags, hops: p.weight - 1, ifindex: p.ifindex ?? 0, attrs: a };
}

/**
 * The decoded RTM_NEWROUTE message a Route stands for: the inverse of
 * toRoute, so the one route printer (lib/format/route.ts) renders model
 * objects too. What the model leaves out is absent from the result:
 * rta_cacheinfo other than `expires` (ip prints used/age/users/ipid/ts of
 * cloned cache entries from it), RTA_TTL_PROPAGATE and the RTA_TABLE/rtm_table
 * split (a table above 255 is in RTA_TABLE, rtm_table then RT_TABLE_COMPAT).
 */
export function routeMessageOf(r: Route): RouteMessage {
  const fam = familyNum(r.family);
  const a = {} as RouteAttrs;
  let dstLen = 0;
  if (fam === AF_MPLS) {
    if (r.dst !== "") { a.dst = r.dst; dstLen = 20; }
  } else if (r.dst !== "default") {
    const slash = r.dst.lastIndexOf("/");
    a.dst = r.dst.slice(0, slash);
    dstLen = Number(r.dst.slice(slash + 1));
  }
  let srcLen = 0;
  if (r.from !== undefined) {
    const slash = r.from.lastIndexOf("/");
    a.src = r.from.slice(0, slash);
    srcLen = Number(r.from.slice(slash + 1));
  }
  if (r.newdst !== undefined) (a as Record<string, unknown>).newdst = r.newdst;
  if (r.gateway !== undefined) a.gateway = r.gateway;
  if (r.via !== undefined) a.via = { family: familyNum(r.via.family), address: r.via.address };
  if (r.ifindex !== undefined) a.oif = r.ifindex;
  if (r.iif !== undefined) a.iif = r.iif;
  if (r.prefsrc !== undefined) a.prefsrc = r.prefsrc;
  if (r.metric !== undefined) a.priority = r.metric;
  if (r.metrics !== undefined) a.metrics = metricsOfView(r.metrics);
  if (r.multipath !== undefined) a.multipath = r.multipath.map(hopOf);
  if (r.nhid !== undefined) a.nhId = r.nhid;
  if (r.pref !== undefined) a.pref = r.pref;
  if (r.expires !== undefined) a.cacheinfo = { clntref: 0, lastuse: 0, expires: r.expires * USER_HZ, error: 0, used: 0, id: 0, ts: 0, tsage: 0 };
  if (r.mark !== undefined) a.mark = r.mark;
  if (r.uid !== undefined) a.uid = r.uid;
  if (r.realms !== undefined) a.flow = r.realms;
  if (r.encap !== undefined) Object.assign(a, encapOfView(r.encap));
  const table = typeof r.table === "number" && r.table > 255 ? 252 : r.table;
  if (table !== r.table) a.table = r.table;
  return { family: fam, dstLen, srcLen, tos: r.tos, table, protocol: r.protocol, scope: r.scope, type: r.type, flags: r.flags, attrs: a };
}
