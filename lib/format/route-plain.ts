/**
 * Which dumped routes the listings write straight from the bytes
 * (route-json.ts for -json, route-text.ts for text; route-list.ts): plain IPv4 and IPv6
 * FIB routes (rtmsg + RTA_TABLE, DST, GATEWAY, OIF, PRIORITY, PREFSRC,
 * CACHEINFO without ipid/timestamps, PREF, MULTIPATH of paths with a link
 * and at most a gateway, each at most once, no source prefix or TOS),
 * walked once by the route codec's scan (codecs/route/scan.ts), and the
 * family/table filter of `ip route show` applied as routePasses does.
 */
import { HOST_LE } from "../../codecs/core/align.ts";
import { AF_INET, AF_INET6 } from "../../codecs/ip/family.ts";
import { RTA } from "../../codecs/route/attrs.ts";
import { RTMSG_SIZE } from "../../codecs/route/header.ts";
import { RouteScan } from "../../codecs/route/scan.ts";
import { RTM_F_CLONED } from "../../codecs/route/tables.ts";

const RTN_LOCAL = 2;

/** sizeof(struct rtnexthop). */
export const RTNH_SIZE = 8;
/** Attributes the byte writers print themselves. */
const TAKEN = (1 << RTA.DST) | (1 << RTA.GATEWAY) | (1 << RTA.OIF) | (1 << RTA.PRIORITY) | (1 << RTA.PREFSRC) | (1 << RTA.TABLE) |
  (1 << RTA.CACHEINFO) | (1 << RTA.PREF) | (1 << RTA.MULTIPATH);
const DST = RTA.DST, GATEWAY = RTA.GATEWAY, PREFSRC = RTA.PREFSRC, OIF = RTA.OIF, PRIORITY = RTA.PRIORITY, TABLE = RTA.TABLE;

/** The route `plainRoute` read last: the scan (attribute offsets) and the values the writers print. */
export const plain = {
  scan: new RouteScan(),
  family: 0,
  /** Address length of the family (4 or 16). */
  alen: 4,
  dstLen: 0,
  /** rtm_get_table(): RTA_TABLE or rtm_table. */
  table: 0,
  flags: 0,
  /** rta_cacheinfo expires (ticks, signed) and error, 0 when absent. */
  expires: 0,
  error: 0,
};

/**
 * Read the route payload in a[off, end): 1 when it is plain and passes a
 * filter on `family` (0: any) and `table` (0: all), 0 when it is plain and
 * filtered out, -1 when it is not plain (the caller prints it generically).
 */
export function plainRoute(a: Uint8Array, dv: DataView, off: number, end: number, family: number, table: number): number {
  if (end - off < RTMSG_SIZE) return -1;
  const fam = a[off]!;
  if (fam !== AF_INET && fam !== AF_INET6) return -1;
  if (a[off + 2] !== 0 || a[off + 3] !== 0) return -1; // a source prefix or a TOS
  if (fam === AF_INET6 && a[off + 7] === RTN_LOCAL) return -1; // ip lists IPv6 local routes by type while it knows one table (routePasses)
  const scan = plain.scan;
  if (!scan.read(dv, off, end) || (scan.present & ~TAKEN) !== 0) return -1;
  const alen = fam === AF_INET ? 4 : 16;
  const at = scan.at, len = scan.len, has = scan.present;
  // unrolled: most of a listing runs before the JIT has optimised this, where a loop over a list costs more
  if ((has & (1 << DST) && len[DST] !== alen) || (has & (1 << GATEWAY) && len[GATEWAY] !== alen) || (has & (1 << PREFSRC) && len[PREFSRC] !== alen)) return -1;
  if ((has & (1 << OIF) && len[OIF] !== 4) || (has & (1 << PRIORITY) && len[PRIORITY] !== 4) || (has & (1 << TABLE) && len[TABLE] !== 4)) return -1;
  if (has & (1 << RTA.PREF) && len[RTA.PREF] !== 1) return -1;
  let expires = 0, error = 0;
  if (has & (1 << RTA.CACHEINFO)) {
    const c = at[RTA.CACHEINFO]!;
    // rta_cacheinfo with no ipid/ts/tsage to print (those, and -s, take the generic path)
    if (len[RTA.CACHEINFO] !== 32 || dv.getUint32(c + 20, HOST_LE) !== 0 || dv.getUint32(c + 24, HOST_LE) !== 0 || dv.getUint32(c + 28, HOST_LE) !== 0) return -1;
    expires = dv.getInt32(c + 8, HOST_LE);
    error = dv.getUint32(c + 12, HOST_LE);
  }
  if (has & (1 << RTA.MULTIPATH) && !plainPaths(dv, at[RTA.MULTIPATH]!, len[RTA.MULTIPATH]!, alen)) return -1;
  const dstLen = a[off + 1]!;
  if (!(has & (1 << RTA.DST)) && dstLen > 0) return -1;
  const t = has & (1 << RTA.TABLE) ? dv.getUint32(at[RTA.TABLE]!, HOST_LE) : a[off + 4]!;
  // routePasses for a filter on family and table only
  if (family !== 0 && family !== fam) return 0;
  if (scan.flags & RTM_F_CLONED) return 0;
  if (table > 0 && table !== t) return 0;
  plain.family = fam;
  plain.alen = alen;
  plain.dstLen = dstLen;
  plain.table = t;
  plain.flags = scan.flags;
  plain.expires = expires;
  plain.error = error;
  return 1;
}

/** True when RTA_MULTIPATH at [p, p + n) holds rtnexthops with a link and at most a gateway of `alen` bytes each. */
export function plainPaths(dv: DataView, p: number, n: number, alen: number): boolean {
  const end = p + n;
  if (p >= end) return false;
  while (p < end) {
    if (end - p < RTNH_SIZE) return false;
    const rlen = dv.getUint16(p, HOST_LE);
    if (rlen < RTNH_SIZE || rlen > end - p || dv.getInt32(p + 4, HOST_LE) <= 0) return false;
    if (rlen > RTNH_SIZE && (rlen !== RTNH_SIZE + 4 + alen || dv.getUint16(p + 8, HOST_LE) !== 4 + alen || dv.getUint16(p + 10, HOST_LE) !== RTA.GATEWAY)) return false;
    p += (rlen + 3) & ~3;
  }
  return true;
}
