/**
 * Route dumps decoded straight into `Route` objects: the hot path of
 * RouteApi.list/iterate over large tables. From the route codec's one walk
 * over the bytes (codecs/route/scan.ts), for the messages a FIB dump is
 * made of (rtmsg + RTA_TABLE, DST, GATEWAY, OIF, PRIORITY, PREFSRC, PREF,
 * CACHEINFO, MULTIPATH of paths with at most a gateway, each at most once,
 * no NLA_F_* bits) it builds the `Route`
 * that toRoute(decodeRoute(...)) builds, key for key, without the
 * intermediate RouteMessage and its attribute object; the route filter is
 * asked through one reused stand-in message. Anything else, including
 * every malformed message, goes through the generic decoder, so results
 * and DecodeErrors are the generic path's (test/route/view-fast.test.ts
 * compares them).
 */
import { USER_HZ } from "../../../codecs/core/constants.ts";
import { HOST_LE } from "../../../codecs/core/align.ts";
import { formatIPv4, formatIPv6, formatPrefixAt } from "../../../codecs/ip/index.ts";
import { RTA } from "../../../codecs/route/attrs.ts";
import { decodeRoute, type RouteMessage } from "../../../codecs/route/decode.ts";
import { RouteScan } from "../../../codecs/route/scan.ts";
import { ROUTE_NAMES, RTM_F, RTNH_F } from "../../../codecs/route/tables.ts";
import type { RouteMatcher } from "./filter.ts";
import { toRoute, type Route, type RoutePath } from "./model.ts";

import { AF_INET, AF_INET6, AF_MPLS } from "../../../codecs/ip/family.ts";
import { RTMSG_SIZE } from "../../../codecs/route/header.ts";

const { table: TABLE, protocol: PROTO, scope: SCOPE, type: TYPE, pref: PREF } = ROUTE_NAMES;

/** Attributes the fast path takes; a bit per type so each is seen once. */
const TAKEN = (1 << RTA.DST) | (1 << RTA.GATEWAY) | (1 << RTA.OIF) | (1 << RTA.PRIORITY) | (1 << RTA.PREFSRC) | (1 << RTA.TABLE) | (1 << RTA.PREF) | (1 << RTA.CACHEINFO) | (1 << RTA.MULTIPATH);

/**
 * Address texts by slot (0: gateway, 1: preferred source, 2..7: the
 * gateways of paths 0..5): the last bytes seen and their string, reused
 * while they repeat (a few next hops serve a whole table), so a route
 * holds one shared string per gateway instead of its own.
 */
const SLOTS = 8;
const cacheKey = new Uint32Array(SLOTS * 4);
const cacheLen = new Uint8Array(SLOTS);
const cacheText: string[] = new Array<string>(SLOTS).fill("");

/** The text of the `alen`-byte address at `p`, from slot `slot` of the cache when the bytes repeat. */
function addrText(b: Uint8Array, dv: DataView, p: number, alen: number, slot: number): string {
  const k = slot * 4;
  const w0 = dv.getUint32(p, HOST_LE);
  if (alen === 4) {
    if (cacheLen[slot] === 4 && cacheKey[k] === w0) return cacheText[slot]!;
    cacheKey[k] = w0;
    cacheLen[slot] = 4;
    return (cacheText[slot] = formatIPv4(b, p));
  }
  const w1 = dv.getUint32(p + 4, HOST_LE), w2 = dv.getUint32(p + 8, HOST_LE), w3 = dv.getUint32(p + 12, HOST_LE);
  if (cacheLen[slot] === 16 && cacheKey[k] === w0 && cacheKey[k + 1] === w1 && cacheKey[k + 2] === w2 && cacheKey[k + 3] === w3) return cacheText[slot]!;
  cacheKey[k] = w0;
  cacheKey[k + 1] = w1;
  cacheKey[k + 2] = w2;
  cacheKey[k + 3] = w3;
  cacheLen[slot] = 16;
  return (cacheText[slot] = formatIPv6(b, p));
}

/**
 * The `flags` of a route or path without flags: one frozen empty array
 * shared by all (a table of 100k ECMP routes would otherwise hold 300k
 * empty arrays, ~72 bytes each). Deep-equal to the generic path's `[]`.
 */
const NO_FLAGS = Object.freeze([]) as unknown as string[];

/** The stand-in message the route filter sees (it reads family, table, protocol, type and attrs.table/oif/multipath). */
const probe = {
  family: 0, table: "" as string | number, protocol: "" as string | number, type: "" as string | number,
  attrs: { table: undefined as string | number | undefined, oif: undefined as number | undefined, multipath: undefined },
};

/**
 * Decode one route message payload in [off, end) into a Route, or
 * undefined when `match` rejects it or it is not IPv4/IPv6/MPLS (as the
 * generic view does; the route filter takes MPLS only when it names it).
 */
export function decodeRouteView(b: Uint8Array, dv: DataView, off: number, end: number, match: Pick<RouteMatcher, "test">): Route | undefined {
  const r = fast(b, dv, off, end, match);
  if (r !== null) return r;
  const m = decodeRoute(b, dv, off, end);
  return (m.family === AF_INET || m.family === AF_INET6 || m.family === AF_MPLS) && match.test(m) ? toRoute(m) : undefined;
}

const scan = new RouteScan();
const RTNH_SIZE = 8;

/** The paths of the route being decoded, before they are copied into an array of their own length. */
const hops: RoutePath[] = [];

/** The paths of RTA_MULTIPATH at [p, p + n) when each is an rtnexthop with at most a gateway of `alen` bytes; else null. */
function paths(b: Uint8Array, dv: DataView, p: number, n: number, alen: number): RoutePath[] | null {
  const end = p + n;
  let count = 0;
  while (p < end) {
    if (end - p < RTNH_SIZE) return null;
    const rlen = dv.getUint16(p, HOST_LE);
    if (rlen < RTNH_SIZE || rlen > end - p) return null;
    let gateway: string | undefined;
    if (rlen > RTNH_SIZE) {
      // exactly one RTA_GATEWAY
      if (rlen !== RTNH_SIZE + 4 + alen || dv.getUint16(p + 8, HOST_LE) !== 4 + alen || dv.getUint16(p + 10, HOST_LE) !== RTA.GATEWAY) return null;
      gateway = addrText(b, dv, p + 12, alen, 2 + (count < SLOTS - 2 ? count : SLOTS - 3));
    }
    const ifindex = dv.getInt32(p + 4, HOST_LE);
    const f = b[p + 2]!;
    const flags = f === 0 ? NO_FLAGS : RTNH_F.names(f);
    const weight = b[p + 3]! + 1;
    // One literal per key set: each path object is made in its final shape (pathView's key order).
    hops[count++] = gateway !== undefined
      ? ifindex !== 0 ? { gateway, ifindex, weight, flags } : { gateway, weight, flags }
      : ifindex !== 0 ? { ifindex, weight, flags } : { weight, flags };
    p += (rlen + 3) & ~3;
  }
  // An array of exactly the paths (growing one by push cost ~3x more).
  const out = count === 2 ? [hops[0]!, hops[1]!] : hops.slice(0, count);
  for (let i = 0; i < count; i++) hops[i] = undefined as never;
  return out;
}

/** The keys a Route may have after `flags`, in toRoute's order, that the fast path sets. */
const OPTIONAL = ["gateway", "ifindex", "prefsrc", "metric", "multipath", "pref", "expires"] as const;
const MANDATORY = ["family", "type", "dst", "tos", "table", "protocol", "scope", "flags"] as const;
type Maker = (
  family: string, type: string | number, dst: string, tos: number, table: string | number, protocol: string | number, scope: string | number, flags: string[],
  gateway: string | undefined, ifindex: number | undefined, prefsrc: string | undefined, metric: number | undefined, multipath: RoutePath[] | undefined, pref: string | number | undefined, expires: number,
) => Route;

/**
 * Route builders by the set of optional keys present (bit i: OPTIONAL[i]),
 * made on first use: each returns one object literal with exactly those
 * keys, so a route is allocated once in its final shape with its fields
 * inline, instead of growing through 9-15 property additions and a
 * separate out-of-line property store. A table has a handful of key sets.
 */
const makers: Array<Maker | undefined> = new Array<Maker | undefined>(1 << OPTIONAL.length).fill(undefined);

function makerOf(mask: number): Maker {
  const keys = [...MANDATORY, ...OPTIONAL.filter((_, i) => mask & (1 << i))];
  const body = keys.map((k) => `${k}: ${k}`).join(", ");
  return (makers[mask] = new Function(...MANDATORY, ...OPTIONAL, `return { ${body} };`) as Maker);
}

/** The fast decode; null when the message is not of the plain shape (the caller then decodes it generically). */
function fast(b: Uint8Array, dv: DataView, off: number, end: number, match: Pick<RouteMatcher, "test">): Route | undefined | null {
  if (end - off < RTMSG_SIZE) return null;
  const fam = b[off]!;
  if (fam !== AF_INET && fam !== AF_INET6) return null;
  if (!scan.read(dv, off, end) || (scan.present & ~TAKEN) !== 0) return null;
  const alen = fam === AF_INET ? 4 : 16;
  const at = scan.at, len = scan.len, has = scan.present;
  let gateway: string | undefined, prefsrc: string | undefined, multipath: RoutePath[] | undefined;
  let oif: number | undefined, priority: number | undefined, table: string | number | undefined, pref: string | number | undefined, expires = 0;
  if ((has & (1 << RTA.DST)) && len[RTA.DST] !== alen) return null;
  if (has & (1 << RTA.GATEWAY)) {
    if (len[RTA.GATEWAY] !== alen) return null;
    gateway = addrText(b, dv, at[RTA.GATEWAY]!, alen, 0);
  }
  if (has & (1 << RTA.PREFSRC)) {
    if (len[RTA.PREFSRC] !== alen) return null;
    prefsrc = addrText(b, dv, at[RTA.PREFSRC]!, alen, 1);
  }
  if (has & (1 << RTA.OIF)) {
    if (len[RTA.OIF] !== 4) return null;
    oif = dv.getUint32(at[RTA.OIF]!, HOST_LE);
  }
  if (has & (1 << RTA.PRIORITY)) {
    if (len[RTA.PRIORITY] !== 4) return null;
    priority = dv.getUint32(at[RTA.PRIORITY]!, HOST_LE);
  }
  if (has & (1 << RTA.TABLE)) {
    if (len[RTA.TABLE] !== 4) return null;
    const t = dv.getUint32(at[RTA.TABLE]!, HOST_LE);
    table = t < 256 ? TABLE[t]! : t;
  }
  if (has & (1 << RTA.PREF)) {
    if (len[RTA.PREF] !== 1) return null;
    pref = PREF[b[at[RTA.PREF]!]!]!;
  }
  if (has & (1 << RTA.CACHEINFO)) {
    // struct rta_cacheinfo as the kernel sends it (8 members); other lengths take the generic path.
    if (len[RTA.CACHEINFO] !== 32) return null;
    expires = dv.getInt32(at[RTA.CACHEINFO]! + 8, HOST_LE);
  }
  if (has & (1 << RTA.MULTIPATH)) {
    const mp = paths(b, dv, at[RTA.MULTIPATH]!, len[RTA.MULTIPATH]!, alen);
    if (mp === null) return null;
    multipath = mp;
  }
  const dstLen = b[off + 1]!;
  const srcLen = b[off + 2]!;
  if (srcLen !== 0) return null; // source-specific routes carry RTA_SRC: generic path
  const f = scan.flags;
  const hdrTable = TABLE[b[off + 4]!]!;
  const protocol = PROTO[b[off + 5]!]!;
  const rtype = TYPE[b[off + 7]!]!;
  probe.family = fam;
  probe.table = hdrTable;
  probe.protocol = protocol;
  probe.type = rtype;
  probe.attrs.table = table;
  probe.attrs.oif = oif;
  probe.attrs.multipath = multipath as never;
  if (!match.test(probe as unknown as RouteMessage)) return undefined;
  const dst = dstLen === 0 ? "default" : has & (1 << RTA.DST) ? formatPrefixAt(b, at[RTA.DST]!, alen, dstLen) : (fam === AF_INET ? "0.0.0.0/" : "::/") + dstLen;
  const mask = (gateway !== undefined ? 1 : 0) | (oif !== undefined ? 2 : 0) | (prefsrc !== undefined ? 4 : 0) | (priority !== undefined ? 8 : 0) |
    (multipath !== undefined ? 16 : 0) | (pref !== undefined ? 32 : 0) | (expires ? 64 : 0);
  const make = makers[mask] ?? makerOf(mask);
  return make(fam === AF_INET ? "inet" : "inet6", rtype, dst, b[off + 3]!, table ?? hdrTable, protocol, SCOPE[b[off + 6]!]!, f === 0 ? NO_FLAGS : RTM_F.names(f),
    gateway, oif, prefsrc, priority, multipath, pref, Math.trunc(expires / USER_HZ));
}
