/**
 * ip's route listing filter (ip/iproute.c struct filter, filter_nlmsg): the
 * `show|flush` selectors parsed from argv, the dump request they make, the
 * predicate applied to each route and the hide flags of the printer.
 */
import { RouteApi, type RouteMessage } from "../lib/rtnl/route/api.ts";
import { Args, getRealmsOrRaw, idOrAll, matches, unsignedArg } from "./args.ts";
import { AF, type Ctx } from "./context.ts";
import { CliError, invarg, isNetlinkError, nodev } from "./errors.ts";
import { NexthopApi } from "../lib/rtnl/nexthop/api.ts";
import type { Nexthop } from "../lib/rtnl/nexthop/model.ts";
import type { LinkNames } from "./link-names.ts";
import { DSFIELDS, PROTOS, rtnId, SCOPES, TABLES } from "../lib/format/names.ts";
import { needPrefix, prefixMatch, type PrefixArg } from "./prefix.ts";
import { routeFlags, routeProto, routeScope, routeTable, routeType, type RouteShowEnv } from "../lib/format/route.ts";
import type { RouteDumpQuery } from "../lib/rtnl/route/api.ts";
import { ROUTE_USAGE } from "./usage-texts.ts";

/** `ip route help`: ip's usage text, exit 255. */
export const usage = () => new CliError(ROUTE_USAGE, 255, true);
/** ip's route filter (iproute.c struct filter). */
export interface RouteFilter {
  tb: number;
  cloned: boolean;
  tos: number;
  tosmask: number;
  protocol: number;
  protocolmask: number;
  scope: number;
  scopemask: number;
  typemask: number;
  oif: number;
  oifmask: number;
  iif: number;
  iifmask: number;
  mark: number;
  markmask: number;
  metric: number;
  metricmask: number;
  rdst?: PrefixArg;
  mdst?: PrefixArg;
  rsrc?: PrefixArg;
  msrc?: PrefixArg;
  rvia?: PrefixArg;
  rprefsrc?: PrefixArg;
  /** `realms`: RTA_FLOW value and the halves compared (ip's realm/realmmask). */
  realm: number;
  realmmask: number;
  family: number;
  /**
   * ip's static ip6_multiple_tables (filter_nlmsg): set once an IPv6 route
   * of a table other than main has been seen by this run of the program
   * (one command, or a whole -batch); shared by the filters of one Ctx
   * (a filter made without it remembers nothing between routes).
   */
  ip6?: { multipleTables: boolean };
}

/** The ip6_multiple_tables flag of each run (a Ctx: one command line, or a -batch). */
const ip6Tables = new WeakMap<Ctx, { multipleTables: boolean }>();

/**
 * get_prefix() for a selector: "all"/"any" with no family (no -4/-6) is
 * ip's prefix of family 0 without PREFIXLEN_SPECIFIED, which filter_nlmsg
 * never compares (undefined); "default" with no family keeps family 0 and
 * its /0, compared by length only (routePasses).
 */
function selectorPrefix(v: string, family: number, lengthOnly: boolean): PrefixArg | undefined {
  const p = needPrefix(v, family);
  if (p.family !== AF.UNSPEC) return p;
  return lengthOnly && p.text === "default" ? p : undefined;
}

/**
 * The link `name` asked for as ip's name_is_vrf / ipvrf_get_table do
 * (RTM_GETLINK by name, -4/-6 as ifi_family): its index and VRF table when
 * it is a VRF, else the kernel's error code ("" when it is no VRF). The
 * link code is loaded only here (start-up cost).
 */
function vrfQuery(ctx: Ctx, name: string): { index: number; table: number } | string {
  const { LinkApi } = require("../lib/rtnl/link/api.ts") as typeof import("../lib/rtnl/link/api.ts");
  try {
    const m = new LinkApi(ctx.conn).getMessage(name, { family: ctx.opts.family & 0xff });
    const info = m.attrs.linkinfo;
    if (info?.kind !== "vrf") return "";
    return { index: m.index, table: typeof info.data === "object" ? (info.data as { table?: number }).table ?? 0 : 0 };
  } catch (e) {
    return isNetlinkError(e) ? e.code ?? "" : "";
  }
}

/** ip's ipvrf_get_table (iplink_vrf.c): the table of VRF `name`, 0 when none; a missing link named "default" is main. */
export function vrfTable(ctx: Ctx, name: string): number {
  const q = vrfQuery(ctx, name);
  if (typeof q !== "string") return q.table;
  return q === "ENODEV" && name === "default" ? 254 : 0;
}

/** ip's name_is_vrf (iplink_vrf.c): true when link `name` is a VRF. */
export function isVrf(ctx: Ctx, name: string): boolean {
  return typeof vrfQuery(ctx, name) !== "string";
}

/** Parse the list/flush selector (iproute_list_flush_or_save). */
export function parseRouteFilter(ctx: Ctx, argv: string[], names: LinkNames): RouteFilter {
  const f: RouteFilter = {
    tb: 254, cloned: false, tos: 0, tosmask: 0, protocol: 0, protocolmask: 0, scope: 0, scopemask: 0, typemask: 0,
    oif: 0, oifmask: 0, iif: 0, iifmask: 0, mark: 0, markmask: 0, metric: 0, metricmask: 0, realm: 0, realmmask: 0, family: ctx.opts.family,
    ip6: ip6Tables.get(ctx) ?? { multipleTables: false },
  };
  ip6Tables.set(ctx, f.ip6!);
  let od: string | undefined;
  let id: string | undefined;
  const a = new Args(argv);
  while (!a.done) {
    const w = a.word();
    if (matches(w, "table")) {
      const v = a.value();
      const t = TABLES.id(v);
      if (t === undefined) {
        if (v === "all") f.tb = 0;
        else if (v === "cache") f.cloned = true;
        else if (v === "help") throw usage();
        else throw invarg("table id value is invalid\n", v);
      } else f.tb = t;
    } else if (matches(w, "vrf")) {
      const v = a.value();
      const t = vrfTable(ctx, v);
      if (!t) throw invarg("Invalid VRF\n", v);
      f.tb = t;
      f.typemask = ~(1 << 2 | 1 << 3); // not local, not broadcast
    } else if (matches(w, "cached") || matches(w, "cloned")) f.cloned = true;
    else if (w === "tos" || matches(w, "dsfield")) {
      const v = a.value();
      const t = DSFIELDS.id(v);
      if (t === undefined || t > 255) throw invarg("TOS value is invalid\n", v);
      f.tos = t;
      f.tosmask = -1;
    } else if (matches(w, "protocol")) {
      [f.protocol, f.protocolmask] = idOrAll(PROTOS, a.value(), "protocol", 0);
    } else if (matches(w, "scope")) {
      [f.scope, f.scopemask] = idOrAll(SCOPES, a.value(), "scope", 255);
    } else if (matches(w, "type")) {
      const v = a.value();
      const t = rtnId(v);
      if (t === undefined) throw invarg("node type value is invalid\n", v);
      f.typemask = 1 << t; // ip's (1<<type) on x86 for type 32..255: the count taken mod 32, as JS does
    } else if (w === "dev" || w === "oif") od = a.value();
    else if (w === "iif") id = a.value();
    else if (w === "mark") {
      f.mark = unsignedArg(a.value(), "invalid mark value");
      f.markmask = -1;
    } else if (matches(w, "metric") || matches(w, "priority") || w === "preference") {
      f.metric = unsignedArg(a.value(), '"metric" value is invalid\n');
      f.metricmask = -1;
    } else if (w === "via") {
      let v = a.value();
      let fam = f.family;
      if (v === "inet" || v === "inet6") {
        fam = v === "inet" ? AF.INET : AF.INET6;
        v = a.value();
      }
      f.rvia = selectorPrefix(v, fam, false);
    } else if (w === "src") f.rprefsrc = selectorPrefix(a.value(), f.family, false);
    else if (matches(w, "realms")) {
      // "FROM/" compares only the source realm, "TO" or "/TO" only the destination realm
      const v = a.value();
      const r = getRealmsOrRaw(v);
      if (r === undefined) throw invarg("invalid realms\n", v);
      f.realm = r;
      let mask = 0xffffffff;
      if ((r & 0xffff) === 0 && v.endsWith("/")) mask &= ~0xffff;
      if ((r & 0xffff0000) === 0 && (!v.includes("/") || v.startsWith("/"))) mask &= ~0xffff0000;
      f.realmmask = mask >>> 0;
    }
    else if (matches(w, "from")) {
      let v = a.value();
      if (matches(v, "root")) f.rsrc = selectorPrefix(a.value(), f.family, true);
      else if (matches(v, "match")) f.msrc = selectorPrefix(a.value(), f.family, true);
      else {
        if (matches(v, "exact")) v = a.value();
        f.msrc = selectorPrefix(v, f.family, true);
        f.rsrc = f.msrc;
      }
    } else {
      let v = w;
      if (matches(v, "to")) v = a.value();
      if (matches(v, "root")) f.rdst = selectorPrefix(a.value(), f.family, true);
      else if (matches(v, "match")) f.mdst = selectorPrefix(a.value(), f.family, true);
      else {
        if (matches(v, "exact")) v = a.value();
        f.mdst = selectorPrefix(v, f.family, true);
        f.rdst = f.mdst;
      }
    }
  }
  if (f.family === AF.UNSPEC && f.tb) f.family = AF.INET;
  if (id !== undefined) {
    const i = names.indexOf(id);
    if (!i) throw nodev(id);
    f.iif = i;
    f.iifmask = -1;
  }
  if (od !== undefined) {
    const i = names.indexOf(od);
    if (!i) throw nodev(od);
    f.oif = i;
    f.oifmask = -1;
  }
  return f;
}

function hostLen(family: number): number {
  return family === 10 ? 128 : family === 2 ? 32 : -1;
}

/** Does `addr/len` of a route match prefix `p` compared on `bits` bits (ip's inet_addr_match)? */
function addrMatch(addr: string | undefined, family: number, p: PrefixArg, bits: number): boolean {
  if (bits <= 0) return true;
  const text = addr ?? (family === 10 ? "::" : "0.0.0.0");
  if (p.bytes.length === 0) return true;
  return prefixMatch(text, { ...p, bitlen: bits, any: false });
}

/** ip's filter_nlmsg for one route. */
export function routePasses(f: RouteFilter, m: RouteMessage): boolean {
  const a = m.attrs;
  const table = routeTable(m);
  if (f.family !== AF.UNSPEC && m.family !== f.family) return false;
  const ip6 = f.ip6 ?? { multipleTables: false };
  if (m.family === AF.INET6 && table !== 254) ip6.multipleTables = true;
  if (f.cloned !== ((routeFlags(m) & 0x200) !== 0)) return false;
  if (m.family === AF.INET6 && !ip6.multipleTables) {
    // ip's view of a kernel without IPv6 policy routing: main is the non-local routes, local the local ones
    if (f.tb === 255 ? routeType(m) !== 2 : f.tb === 254 ? routeType(m) === 2 : f.tb !== 0) return false;
  } else if (f.tb > 0 && f.tb !== table) return false;
  if ((f.protocol ^ routeProto(m)) & f.protocolmask) return false;
  if ((f.scope ^ routeScope(m)) & f.scopemask) return false;
  if (f.typemask && !(f.typemask & (1 << routeType(m)))) return false;
  if ((f.tos ^ m.tos) & f.tosmask) return false;
  // a prefix of family 0 ("default" without -4/-6) is compared by length only
  if (f.rdst && ((f.rdst.family && m.family !== f.rdst.family) || f.rdst.bitlen > m.dstLen)) return false;
  if (f.mdst && ((f.mdst.family && m.family !== f.mdst.family) || f.mdst.bitlen < m.dstLen)) return false;
  if (f.rsrc && ((f.rsrc.family && m.family !== f.rsrc.family) || f.rsrc.bitlen > m.srcLen)) return false;
  if (f.msrc && ((f.msrc.family && m.family !== f.msrc.family) || f.msrc.bitlen < m.srcLen)) return false;
  if (f.rvia) {
    const fam = a.via !== undefined ? a.via.family : m.family;
    if (fam !== f.rvia.family) return false;
  }
  if (f.rprefsrc && m.family !== f.rprefsrc.family) return false;
  if (f.rdst && !addrMatch(a.dst, m.family, f.rdst, f.rdst.bitlen)) return false;
  if (f.mdst && !addrMatch(a.dst, m.family, f.mdst, m.dstLen)) return false;
  if (f.rsrc && !addrMatch(a.src, m.family, f.rsrc, f.rsrc.bitlen)) return false;
  if (f.msrc && !addrMatch(a.src, m.family, f.msrc, m.srcLen)) return false;
  if (f.rvia && f.rvia.bitlen > 0) {
    const via = a.via !== undefined ? a.via.address : a.gateway;
    if (!addrMatch(via, f.rvia.family, f.rvia, f.rvia.bitlen)) return false;
  }
  if (f.rprefsrc && f.rprefsrc.bitlen > 0 && !addrMatch(a.prefsrc, m.family, f.rprefsrc, f.rprefsrc.bitlen)) return false;
  if (f.realmmask && ((a.flow ?? 0) ^ f.realm) & f.realmmask) return false;
  if (f.iifmask && ((a.iif ?? 0) ^ f.iif) & f.iifmask) return false;
  if (f.oifmask && ((a.oif ?? 0) ^ f.oif) & f.oifmask) return false;
  if (f.markmask && ((a.mark ?? 0) ^ f.mark) & f.markmask) return false;
  if (f.metricmask && ((a.priority ?? 0) ^ f.metric) & f.metricmask) return false;
  return true;
}

/** The dump request as ip sends it (family, protocol, RTM_F_CLONED; RTA_TABLE and RTA_OIF). */
export function dumpRequest(f: RouteFilter): RouteMessage {
  const attrs: RouteMessage["attrs"] = {};
  if (f.tb) attrs.table = f.tb;
  if (f.oif) attrs.oif = f.oif;
  return {
    family: f.family, dstLen: 0, srcLen: 0, tos: 0, table: 0, protocol: f.protocol, scope: 0, type: 0,
    flags: f.cloned ? ["cloned"] : [], attrs,
  } as RouteMessage;
}

/** The dump request of a filter, as ip sends it (RouteApi.dumpWith). */
export function dumpQuery(f: RouteFilter): RouteDumpQuery {
  return { family: f.family, table: f.tb, oif: f.oif, protocol: f.protocol, cloned: f.cloned };
}

/** Dump routes as ip asks for them. */
export function dumpRoutes(ctx: Ctx, f: RouteFilter): RouteMessage[] {
  return new RouteApi(ctx.conn).dumpMessages(dumpRequest(f));
}

/** True when `f` selects by family and table only (the only selectors the byte writers of lib/format/route-list.ts apply themselves). */
export function familyTableOnly(f: RouteFilter): boolean {
  return !f.cloned && !f.tosmask && !f.protocolmask && !f.scopemask && !f.typemask && !f.oifmask && !f.iifmask && !f.markmask &&
    !f.metricmask && !f.rdst && !f.mdst && !f.rsrc && !f.msrc && !f.rvia && !f.rprefsrc && !f.realmmask;
}

/** The print environment for a filter. */
export function showEnv(ctx: Ctx, f: RouteFilter | undefined, names: LinkNames): RouteShowEnv {
  return {
    details: ctx.opts.details, stats: ctx.opts.stats, nameOf: (i) => names.nameOf(i),
    filterTable: f?.tb ?? 0,
    hideOif: f?.oifmask === -1, hideProto: f?.protocolmask === -1, hideScope: f?.scopemask === -1,
    hideMetric: f?.metricmask === -1, hideTos: f?.tosmask === -1,
    hideGateway: f?.rvia !== undefined && f.rvia.bitlen === hostLen(f.rvia.family),
    hidePrefsrc: f?.rprefsrc !== undefined && f.rprefsrc.bitlen === hostLen(f.rprefsrc.family),
    hideIif: f?.iifmask === -1, hideFlow: f?.realmmask === 0xffffffff, typemask: f?.typemask ?? 0,
    nexthopOf: ctx.opts.details ? nexthopCache(ctx) : undefined,
  };
}

/**
 * ip 6.1's nexthop cache for -details (ipnexthop.c ipnh_cache_add): each
 * id asked of the kernel once, on the lookup connection (a second socket
 * while a dump streams, as ip opens nh_cache_rth); an id the kernel does
 * not know (a route event racing its nexthop's removal) prints no nh_info.
 */
function nexthopCache(ctx: Ctx): (id: number) => Nexthop | undefined {
  const seen = new Map<number, Nexthop | undefined>();
  return (id) => {
    if (seen.has(id)) return seen.get(id);
    let nh: Nexthop | undefined;
    try {
      nh = new NexthopApi(ctx.lookupConn).get(id);
    } catch (e) {
      if (!isNetlinkError(e)) throw e;
    }
    seen.set(id, nh);
    return nh;
  };
}

/** Routes printed between two writes of a listing: the output and the kept dump bytes stay bounded. */

/**
 * ip 6.1's save_route_errhndlr (iproute.c): a list or save dump whose
 * filter table is main ends silently, status 0, when the kernel answers
 * ENOENT ("FIB table does not exist": a namespace whose IPv4 main table
 * was never made); any other table gets the error and "Dump terminated".
 */
export function mainTableMissing(e: { code?: string }, tb: number): boolean {
  return e.code === "ENOENT" && tb === 254;
}
