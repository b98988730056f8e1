/**
 * RouteSpec: the words of `ip route add|del|...` as an options object,
 * validated completely before any syscall and turned into the RTM_NEWROUTE
 * / RTM_DELROUTE message iproute2 would send (ip/iproute.c
 * iproute_modify): the same header defaults (table main, protocol boot,
 * type unicast; for delete protocol 0, type unspec, scope nowhere), the
 * same scope rule, a table above 255 in RTA_TABLE with rtm_table 0, and
 * the attributes in the order ip emits them for
 *
 *   ip route add [TYPE] DST [from SRC] [tos T] [table T] [proto P] [scope S]
 *       [metric M] [nhid N] [encap ...] [via GW] [src PREFSRC] [pref P]
 *       [expires E] [onlink] [dev D] [METRICS...] [nexthop ...]...
 *
 * Link names are resolved afterwards (see `buildRouteMessage`), so that
 * validation needs no syscall. MPLS routes (`family: "mpls"`) are checked
 * by mpls.ts and built here.
 */
import { AF_INET, AF_INET6, type IpFamily } from "../../../codecs/ip/index.ts";
import type { RouteAttrs } from "../../../codecs/route/attrs.ts";
import type { RouteMessage } from "../../../codecs/route/decode.ts";
import type { HopAttrs, RtNexthop } from "../../../codecs/route/multipath.ts";
import { RT_PREF, RT_SCOPE, RT_TABLE_LOCAL, RT_TABLE_MAIN, RTN, RTPROT } from "../../../codecs/route/tables.ts";
import { checkEncap, encapAttrs, type RouteEncapSpec } from "./encap.ts";
import {
  checkAddr, checkBool, checkEnum, checkFamily, checkInt, checkKeys, checkLink, checkPrefix, checkTable,
  describe, type RouteFamily, type TableRef,
} from "../shared/check.ts";
import { checkMetrics, metricsAttrs, type RouteMetricsSpec } from "./metrics.ts";
import { isMplsFamily, prepareMplsRoute } from "./mpls.ts";

/** One path of a multipath route (`nexthop via GW dev D weight W onlink`). */
export interface RoutePathSpec {
  /** Gateway of the route's family. */
  gateway?: string;
  /** Gateway of any family (RTA_VIA when it differs from the route's). */
  via?: string;
  /** Output link of the path by index (rtnh_ifindex), as RoutePath.ifindex reports it. */
  ifindex?: number;
  /** Output link of the path by name (an index is still accepted here; prefer `ifindex`). Not with `ifindex`. */
  dev?: string | number;
  /** 1..256 (default 1). */
  weight?: number;
  onlink?: boolean;
  encap?: RouteEncapSpec;
  /** MPLS routes: the outgoing label stack of this path, "200/300" (RTA_NEWDST). */
  newdst?: string;
  /** IPv4: the path's realms (RTA_FLOW): source realm << 16 | destination realm, as RoutePath.realms reports it. */
  realms?: number;
}

/** A route as `ip route add` takes it. */
export interface RouteSpec {
  /** "192.0.2.0/24", "2001:db8::/64", a host address, or "default"; the incoming label ("100") of an MPLS route. */
  dst: string;
  /** Needed only for "default" without any address to infer it from (defaults to 4), and as "mpls" for MPLS routes. */
  family?: RouteFamily | "mpls";
  /** MPLS routes: the outgoing label stack, "200/300" (RTA_NEWDST, ip's `as`); none pops the label. */
  newdst?: string;
  /** Next hop of the route's own family (RTA_GATEWAY). */
  gateway?: string;
  /** Next hop of any family: RTA_VIA for another family (an IPv6 next hop of an IPv4 route), RTA_GATEWAY otherwise. */
  via?: string;
  /** Output link by index (RTA_OIF), as Route.ifindex reports it. */
  ifindex?: number;
  /** Output link by name, resolved to its index (an index is still accepted here; prefer `ifindex`). Not with `ifindex`. */
  dev?: string | number;
  /** Input link (RTA_IIF). */
  iif?: string | number;
  /** Preferred source address (RTA_PREFSRC, `src`). */
  src?: string;
  /** Source prefix (rtm_src_len + RTA_SRC, `from`; IPv6 source routing). */
  from?: string;
  /** RTA_PRIORITY (`metric`). */
  metric?: number;
  table?: TableRef;
  protocol?: string | number;
  scope?: string | number;
  type?: string | number;
  tos?: number;
  onlink?: boolean;
  metrics?: RouteMetricsSpec;
  multipath?: RoutePathSpec[];
  /** A nexthop object id (RTA_NH_ID). */
  nhid?: number;
  /** IPv6 router preference (RTA_PREF). */
  pref?: "low" | "medium" | "high";
  /** Lifetime in seconds (RTA_EXPIRES, IPv6). */
  expires?: number;
  encap?: RouteEncapSpec;
  /** IPv4: realms (RTA_FLOW, ip's `realms FROM/TO`): source realm << 16 | destination realm, as Route.realms reports it. */
  realms?: number;
}

const SPEC_KEYS = [
  "dst", "family", "gateway", "via", "dev", "iif", "src", "from", "metric", "table", "protocol", "scope", "type",
  "tos", "onlink", "metrics", "multipath", "nhid", "pref", "expires", "encap", "newdst", "realms",
] as const;
const HOP_KEYS = ["gateway", "via", "dev", "weight", "onlink", "encap", "newdst", "realms"] as const;

const RTN_UNSPEC = 0, RTN_UNICAST = 1, RTN_LOCAL = 2, RTN_BROADCAST = 3, RTN_ANYCAST = 4, RTN_MULTICAST = 5, RTN_NAT = 10;
const REJECT_TYPES = new Set([6, 7, 8, 9]); // blackhole, unreachable, prohibit, throw
const RT_SCOPE_UNIVERSE = 0, RT_SCOPE_LINK = 253, RT_SCOPE_HOST = 254, RT_SCOPE_NOWHERE = 255;
const RTPROT_BOOT = 3;
const RTNH_F_ONLINK = 4;

/** A next hop address: RTA_GATEWAY (same family) or RTA_VIA (other family). */
type Hop = { gateway?: string; via?: { family: number; address: string } };

interface PreparedHop extends Hop {
  /** MPLS: outgoing label stack. */
  newdst?: string;
  dev?: string | number;
  weight: number;
  onlink: boolean;
  encap?: Pick<RouteAttrs, "encap" | "encapType">;
  realms?: number;
}

/** A validated route request whose links are not resolved yet. */
export interface PreparedRoute {
  /** AF_INET, AF_INET6 or AF_MPLS. */
  family: number;
  header: Omit<RouteMessage, "attrs" | "flags"> & { flags: number };
  dst?: string;
  /** MPLS: outgoing label stack. */
  newdst?: string;
  from?: string;
  table?: number;
  metric?: number;
  nhid?: number;
  encap?: Pick<RouteAttrs, "encap" | "encapType">;
  hop: Hop;
  prefsrc?: string;
  pref?: number;
  expires?: number;
  iif?: string | number;
  dev?: string | number;
  metrics?: NonNullable<RouteAttrs["metrics"]>;
  multipath?: PreparedHop[];
  realms?: number;
}

/**
 * What prepareRoute leaves to the kernel: nothing ("lib"), host bits of
 * dst/from ("hostBits"), or everything ip 6.1 leaves to it ("kernel"):
 * host bits, next-hop combinations (multipath with gateway/via/dev, nhid
 * with a next hop or encap, next hops on reject types, a path with neither
 * gateway nor dev), pref/expires on IPv4, nhid 0 and table 0.
 */
export type RouteChecks = "lib" | "hostBits" | "kernel";

/**
 * Validate `spec` for a NEWROUTE (`del` false) or DELROUTE (`del` true)
 * request. No syscall. `checks` says what goes to the kernel unchecked
 * (host bits: it masks IPv6 ones, refuses IPv4 ones; combinations: it
 * refuses them with an extended ACK). Types and ranges are always checked.
 */
export function prepareRoute(spec: RouteSpec, del: boolean, checks: RouteChecks | boolean = "lib"): PreparedRoute {
  const mode: RouteChecks = checks === true ? "hostBits" : checks === false ? "lib" : checks;
  const hostBitsOk = mode !== "lib";
  const lenient = mode === "kernel";
  spec = ifindexAsDev(spec);
  if (spec !== null && typeof spec === "object" && isMplsFamily(spec.family)) return prepareMplsRoute(spec, del);
  const s = checkKeys(spec, SPEC_KEYS, "route") as unknown as RouteSpec;
  if (s.newdst !== undefined) throw new TypeError('newdst: only MPLS routes (family "mpls") have an outgoing label stack');
  if (s.dst === undefined) throw new TypeError('dst: required (a prefix like "192.0.2.0/24" or "default")');
  if (typeof s.dst !== "string") throw new TypeError(`dst: expected a prefix string or "default", got ${describe(s.dst)}`);
  const isDefault = s.dst === "default";
  const dst = isDefault ? undefined : checkPrefix(s.dst, "dst", s.family === undefined ? undefined : checkFamily(s.family), hostBitsOk);
  const family = routeFamily(s, dst?.family);

  if (s.gateway !== undefined && s.via !== undefined) throw new TypeError("gateway: give either gateway or via, not both");
  if (!lenient && s.multipath !== undefined && (s.gateway !== undefined || s.via !== undefined || s.dev !== undefined)) {
    throw new TypeError("multipath: cannot be combined with gateway, via or dev (give them per path)");
  }
  if (!lenient && s.nhid !== undefined) {
    for (const k of ["gateway", "via", "dev", "multipath", "encap"] as const) {
      if (s[k] !== undefined) throw new TypeError(`nhid: cannot be combined with ${k} (the nexthop object ${s.nhid} says where the route goes)`);
    }
  }

  const type = s.type === undefined ? (del ? RTN_UNSPEC : RTN_UNICAST) : checkEnum(s.type, RTN, "type", 0xff);
  if (!lenient && REJECT_TYPES.has(type)) {
    for (const k of ["gateway", "via", "multipath", "nhid"] as const) {
      if (s[k] !== undefined) throw new TypeError(`${k}: a ${RTN.name(type)} route has no next hop`);
    }
  }
  const hop = nextHop(s.gateway, s.via, family, "");
  const table = s.table === undefined ? undefined : lenient && s.table === 0 ? 0 : checkTable(s.table);
  const protocol = s.protocol === undefined ? (del ? 0 : RTPROT_BOOT) : checkEnum(s.protocol, RTPROT, "protocol", 0xff);
  const from = s.from === undefined ? undefined : checkPrefix(s.from, "from", family, hostBitsOk);
  const multipath = s.multipath === undefined ? undefined : checkMultipath(s.multipath, family, lenient);
  const hasNextHop = hop.gateway !== undefined || hop.via !== undefined || multipath !== undefined || s.nhid !== undefined;

  let scope: number;
  if (s.scope !== undefined) scope = checkEnum(s.scope, RT_SCOPE, "scope", 0xff);
  else if (family === AF_INET6) scope = RT_SCOPE_UNIVERSE;
  else if (type === RTN_LOCAL || type === RTN_NAT) scope = RT_SCOPE_HOST;
  else if (type === RTN_BROADCAST || type === RTN_MULTICAST || type === RTN_ANYCAST) scope = RT_SCOPE_LINK;
  else if (type === RTN_UNICAST || type === RTN_UNSPEC) scope = del ? RT_SCOPE_NOWHERE : hasNextHop ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
  else scope = RT_SCOPE_UNIVERSE;

  let tableId = table;
  if (tableId === undefined) tableId = type === RTN_LOCAL || type === RTN_BROADCAST || type === RTN_NAT || type === RTN_ANYCAST ? RT_TABLE_LOCAL : RT_TABLE_MAIN;

  const p: PreparedRoute = {
    family,
    header: {
      family, dstLen: dst ? dst.len : 0, srcLen: from ? from.len : 0,
      tos: s.tos === undefined ? 0 : checkInt(s.tos, 0, 0xff, "tos"),
      table: tableId < 256 ? tableId : 0, protocol, scope, type,
      flags: s.onlink === undefined ? 0 : checkBool(s.onlink, "onlink") ? RTNH_F_ONLINK : 0,
    },
    hop,
  };
  if (dst !== undefined && dst.len > 0) p.dst = dst.text;
  if (from !== undefined && from.len > 0) p.from = from.text;
  if (tableId >= 256) p.table = tableId;
  if (s.metric !== undefined) p.metric = checkInt(s.metric, 0, 0xffffffff, "metric");
  if (s.nhid !== undefined) p.nhid = checkInt(s.nhid, lenient ? 0 : 1, 0xffffffff, "nhid");
  if (s.encap !== undefined) p.encap = encapAttrs(checkEncap(s.encap, "encap"));
  if (s.src !== undefined) p.prefsrc = checkAddr(s.src, "src", family).text;
  if (s.pref !== undefined) {
    if (!lenient && family !== AF_INET6) throw new TypeError("pref: only IPv6 routes have a router preference (the kernel ignores RTA_PREF on IPv4 routes)");
    if (s.pref !== "low" && s.pref !== "medium" && s.pref !== "high") throw new TypeError(`pref: ${describe(s.pref)} is not a router preference (expected "low", "medium" or "high")`);
    p.pref = RT_PREF.value(s.pref, "pref", 0xff);
  }
  if (s.expires !== undefined) {
    if (!lenient && family !== AF_INET6) throw new TypeError("expires: only IPv6 routes can expire (the kernel ignores RTA_EXPIRES on IPv4 routes)");
    p.expires = checkInt(s.expires, 0, 0xffffffff, "expires");
  }
  if (s.iif !== undefined) p.iif = checkLink(s.iif, "iif");
  if (s.dev !== undefined) p.dev = checkLink(s.dev, "dev");
  if (s.metrics !== undefined) p.metrics = metricsAttrs(checkMetrics(s.metrics, "metrics"));
  if (multipath !== undefined) p.multipath = multipath;
  if (s.realms !== undefined) p.realms = checkRealms(s.realms, "realms", family, lenient);
  return p;
}

/** A realms value (u32: source realm << 16 | destination realm); IPv4 only unless the kernel is left to ignore it. */
function checkRealms(v: unknown, field: string, family: IpFamily, lenient: boolean): number {
  const n = checkInt(v, 0, 0xffffffff, field);
  if (!lenient && family !== AF_INET) throw new TypeError(`${field}: only IPv4 routes have realms (the kernel ignores RTA_FLOW on IPv6 routes)`);
  return n;
}

/**
 * `ifindex` (the index, the model's spelling) and `dev` (a name) name the
 * same output link: the spec with `ifindex` moved into `dev` (route and each
 * path), after checking it is an index and not given together with `dev`.
 */
function ifindexAsDev(spec: RouteSpec): RouteSpec {
  if (spec === null || typeof spec !== "object") return spec;
  const one = <T extends { ifindex?: number; dev?: string | number }>(o: T, path: string): T => {
    if (o === null || typeof o !== "object" || !("ifindex" in o)) return o;
    const { ifindex, ...rest } = o;
    if (ifindex === undefined) return rest as T;
    if (rest.dev !== undefined) throw new TypeError(`${path}ifindex: give either ifindex or dev, not both`);
    if (typeof ifindex !== "number") throw new TypeError(`${path}ifindex: expected an interface index (a name goes in dev), got ${describe(ifindex)}`);
    return { ...rest, dev: checkLink(ifindex, `${path}ifindex`) } as T;
  };
  const s = one(spec, "");
  if (!Array.isArray(s.multipath) || !s.multipath.some((h) => h !== null && typeof h === "object" && "ifindex" in h)) return s;
  return { ...s, multipath: s.multipath.map((h, i) => one(h, `multipath[${i}].`)) };
}

/** The family: given, or from dst, else from the first address that tells (gateway, first path, src), else IPv4. */
function routeFamily(s: RouteSpec, fromDst: IpFamily | undefined): IpFamily {
  if (s.family !== undefined) return checkFamily(s.family);
  if (fromDst !== undefined) return fromDst;
  const hint = s.gateway ?? s.multipath?.[0]?.gateway ?? s.src;
  if (typeof hint === "string") return hint.includes(":") ? AF_INET6 : AF_INET;
  return AF_INET;
}

function nextHop(gateway: unknown, via: unknown, family: IpFamily, path: string): Hop {
  if (gateway !== undefined) {
    if (typeof gateway === "string" && !gateway.includes(":") !== (family === AF_INET)) {
      const other = family === AF_INET ? "IPv6" : "IPv4";
      throw new TypeError(`${path}gateway: ${JSON.stringify(gateway)} is an ${other} address but the route is ${family === AF_INET ? "IPv4" : "IPv6"}; use via for a next hop of another family`);
    }
    return { gateway: checkAddr(gateway, `${path}gateway`, family).text };
  }
  if (via !== undefined) {
    const a = checkAddr(via, `${path}via`);
    return a.family === family ? { gateway: a.text } : { via: { family: a.family, address: a.text } };
  }
  return {};
}

function checkMultipath(v: unknown, family: IpFamily, lenient: boolean): PreparedHop[] {
  if (!Array.isArray(v) || v.length === 0) throw new TypeError(`multipath: expected a non-empty array of paths, got ${describe(v)}`);
  return v.map((h, i) => {
    const path = `multipath[${i}].`;
    const o = checkKeys(h, HOP_KEYS, `multipath[${i}]`) as unknown as RoutePathSpec;
    if (o.newdst !== undefined) throw new TypeError(`${path}newdst: only MPLS routes (family "mpls") have an outgoing label stack`);
    if (o.gateway !== undefined && o.via !== undefined) throw new TypeError(`${path}gateway: give either gateway or via, not both`);
    if (!lenient && o.gateway === undefined && o.via === undefined && o.dev === undefined) throw new TypeError(`multipath[${i}]: a path needs a gateway, via or dev`);
    const out: PreparedHop = { ...nextHop(o.gateway, o.via, family, path), weight: o.weight === undefined ? 1 : checkInt(o.weight, 1, 256, `${path}weight`), onlink: o.onlink === undefined ? false : checkBool(o.onlink, `${path}onlink`) };
    if (o.dev !== undefined) out.dev = checkLink(o.dev, `${path}dev`);
    if (o.encap !== undefined) out.encap = encapAttrs(checkEncap(o.encap, `${path}encap`));
    if (o.realms !== undefined) out.realms = checkRealms(o.realms, `${path}realms`, family, lenient);
    return out;
  });
}

/** Link names of a prepared route, to resolve before building. */
export function linksOf(p: PreparedRoute): Array<string | number> {
  const out: Array<string | number> = [];
  if (p.iif !== undefined) out.push(p.iif);
  if (p.dev !== undefined) out.push(p.dev);
  for (const h of p.multipath ?? []) if (h.dev !== undefined) out.push(h.dev);
  return out;
}

/** Build the request message, with `index` turning link names into ifindexes. */
export function buildRouteMessage(p: PreparedRoute, index: (link: string | number, field: string) => number): RouteMessage {
  const a: RouteAttrs = {};
  if (p.dst !== undefined) a.dst = p.dst;
  if (p.newdst !== undefined) a.newdst = p.newdst;
  if (p.from !== undefined) a.src = p.from;
  if (p.table !== undefined) a.table = p.table;
  if (p.metric !== undefined) a.priority = p.metric;
  if (p.nhid !== undefined) a.nhId = p.nhid;
  if (p.encap !== undefined) Object.assign(a, p.encap);
  if (p.hop.gateway !== undefined) a.gateway = p.hop.gateway;
  if (p.hop.via !== undefined) a.via = p.hop.via;
  if (p.prefsrc !== undefined) a.prefsrc = p.prefsrc;
  if (p.pref !== undefined) a.pref = p.pref;
  if (p.expires !== undefined) a.expires = p.expires;
  if (p.iif !== undefined) a.iif = index(p.iif, "iif");
  if (p.dev !== undefined) a.oif = index(p.dev, "dev");
  if (p.metrics !== undefined) a.metrics = p.metrics;
  if (p.realms !== undefined) a.flow = p.realms;
  if (p.multipath !== undefined) {
    a.multipath = p.multipath.map((h, i): RtNexthop => {
      const attrs: HopAttrs = {};
      if (h.newdst !== undefined) attrs.newdst = h.newdst;
      if (h.gateway !== undefined) attrs.gateway = h.gateway;
      if (h.via !== undefined) attrs.via = h.via;
      if (h.encap !== undefined) Object.assign(attrs, h.encap);
      if (h.realms !== undefined) attrs.flow = h.realms;
      return { flags: h.onlink ? ["onlink"] : [], hops: h.weight - 1, ifindex: h.dev === undefined ? 0 : index(h.dev, `multipath[${i}].dev`), attrs };
    });
  }
  const h = p.header;
  return { family: h.family, dstLen: h.dstLen, srcLen: h.srcLen, tos: h.tos, table: h.table, protocol: h.protocol, scope: h.scope, type: h.type, flags: h.flags ? ["onlink"] : [], attrs: a };
}
