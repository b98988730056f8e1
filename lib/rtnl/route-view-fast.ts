/**
 * Route dumps decoded straight into `Route` objects: the hot path of
 * RouteApi.list/iterate over large tables. For the messages a FIB dump is
 * made of (rtmsg + RTA_TABLE, DST, GATEWAY, OIF, PRIORITY, PREFSRC, PREF,
 * CACHEINFO, each at most once, no NLA_F_* bits) it builds the `Route`
 * that toRoute(decodeRoute(...)) builds, key for key, without the
 * intermediate RouteMessage and its attribute object; the route filter is
 * asked through one reused stand-in message. Anything else, including
 * every malformed message, goes through the generic decoder, so results
 * and DecodeErrors are the generic path's (test/route/view-fast.test.ts
 * compares them).
 */
import { USER_HZ } from "../../codecs/core/constants.ts";
import { HOST_LE } from "../../codecs/core/align.ts";
import { formatIPv4, formatIPv6 } from "../../codecs/ip/index.ts";
import { RTA } from "../../codecs/route/attrs.ts";
import { decodeRoute, type RouteMessage } from "../../codecs/route/decode.ts";
import { RT_PREF, RT_SCOPE, RT_TABLE, RTM_F, RTN, RTPROT } from "../../codecs/route/tables.ts";
import { toRoute, type Route } from "./route/model.ts";

const AF_INET = 2;
const AF_INET6 = 10;
const AF_MPLS = 28;
const RTMSG_SIZE = 12;

function names256(t: { name(v: number): string | number }): Array<string | number> {
  const out: Array<string | number> = [];
  for (let i = 0; i < 256; i++) out.push(t.name(i));
  return out;
}
const TABLE = names256(RT_TABLE);
const PROTO = names256(RTPROT);
const SCOPE = names256(RT_SCOPE);
const TYPE = names256(RTN);
const PREF = names256(RT_PREF);

/** Attributes the fast path takes; a bit per type so each is seen once. */
const TAKEN = (1 << RTA.DST) | (1 << RTA.GATEWAY) | (1 << RTA.OIF) | (1 << RTA.PRIORITY) | (1 << RTA.PREFSRC) | (1 << RTA.TABLE) | (1 << RTA.PREF) | (1 << RTA.CACHEINFO);

/** The last gateway / preferred source seen, reused while they repeat (a few next hops serve many routes). */
let gwKey = -1, gwText = "", srcKey = -1, srcText = "";

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
export function decodeRouteView(b: Uint8Array, dv: DataView, off: number, end: number, match: (m: RouteMessage) => boolean): Route | undefined {
  const r = fast(b, dv, off, end, match);
  if (r !== null) return r;
  const m = decodeRoute(b, dv, off, end);
  return (m.family === AF_INET || m.family === AF_INET6 || m.family === AF_MPLS) && match(m) ? toRoute(m) : undefined;
}

/** The fast decode; null when the message is not of the plain shape (the caller then decodes it generically). */
function fast(b: Uint8Array, dv: DataView, off: number, end: number, match: (m: RouteMessage) => boolean): Route | undefined | null {
  if (end - off < RTMSG_SIZE) return null;
  const fam = b[off]!;
  if (fam !== AF_INET && fam !== AF_INET6) return null;
  const alen = fam === AF_INET ? 4 : 16;
  let dst: string | undefined, gateway: string | undefined, prefsrc: string | undefined;
  let oif: number | undefined, priority: number | undefined, table: string | number | undefined, pref: string | number | undefined, expires = 0;
  let seen = 0;
  for (let p = off + RTMSG_SIZE; p < end; ) {
    if (end - p < 4) return null;
    const len = dv.getUint16(p, HOST_LE);
    const type = dv.getUint16(p + 2, HOST_LE);
    if (len < 4 || p + len > end || type > 31) return null;
    const bit = 1 << type;
    if ((TAKEN & bit) === 0 || (seen & bit) !== 0) return null;
    seen |= bit;
    const v = p + 4;
    const n = len - 4;
    switch (type) {
      case RTA.DST:
        if (n !== alen) return null;
        dst = alen === 4 ? formatIPv4(b, v) : formatIPv6(b, v);
        break;
      case RTA.GATEWAY:
        if (n !== alen) return null;
        if (alen === 4) {
          const k = dv.getUint32(v, HOST_LE);
          if (k !== gwKey) { gwText = formatIPv4(b, v); gwKey = k; }
          gateway = gwText;
        } else gateway = formatIPv6(b, v);
        break;
      case RTA.PREFSRC:
        if (n !== alen) return null;
        if (alen === 4) {
          const k = dv.getUint32(v, HOST_LE);
          if (k !== srcKey) { srcText = formatIPv4(b, v); srcKey = k; }
          prefsrc = srcText;
        } else prefsrc = formatIPv6(b, v);
        break;
      case RTA.OIF:
        if (n !== 4) return null;
        oif = dv.getUint32(v, HOST_LE);
        break;
      case RTA.PRIORITY:
        if (n !== 4) return null;
        priority = dv.getUint32(v, HOST_LE);
        break;
      case RTA.TABLE: {
        if (n !== 4) return null;
        const t = dv.getUint32(v, HOST_LE);
        table = t < 256 ? TABLE[t]! : t;
        break;
      }
      case RTA.PREF:
        if (n !== 1) return null;
        pref = PREF[b[v]!]!;
        break;
      case RTA.CACHEINFO:
        // struct rta_cacheinfo as the kernel sends it (8 members); other lengths take the generic path.
        if (n !== 32) return null;
        expires = dv.getInt32(v + 8, HOST_LE);
        break;
    }
    p += (len + 3) & ~3;
  }
  const dstLen = b[off + 1]!;
  const srcLen = b[off + 2]!;
  if (srcLen !== 0) return null; // source-specific routes carry RTA_SRC: generic path
  const f = dv.getUint32(off + 8, HOST_LE);
  const hdrTable = TABLE[b[off + 4]!]!;
  const protocol = PROTO[b[off + 5]!]!;
  const rtype = TYPE[b[off + 7]!]!;
  probe.family = fam;
  probe.table = hdrTable;
  probe.protocol = protocol;
  probe.type = rtype;
  probe.attrs.table = table;
  probe.attrs.oif = oif;
  if (!match(probe as unknown as RouteMessage)) return undefined;
  const r = {
    family: fam === AF_INET ? "inet" : "inet6",
    type: rtype,
    dst: dstLen === 0 ? "default" : (dst ?? (fam === AF_INET ? "0.0.0.0" : "::")) + "/" + dstLen,
  } as Route;
  r.tos = b[off + 3]!;
  r.table = table ?? hdrTable;
  r.protocol = protocol;
  r.scope = SCOPE[b[off + 6]!]!;
  r.flags = f === 0 ? [] : RTM_F.names(f);
  if (gateway !== undefined) r.gateway = gateway;
  if (oif !== undefined) r.ifindex = oif;
  if (prefsrc !== undefined) r.prefsrc = prefsrc;
  if (priority !== undefined) r.metric = priority;
  if (pref !== undefined) r.pref = pref;
  if (expires) r.expires = Math.trunc(expires / USER_HZ);
  return r;
}
