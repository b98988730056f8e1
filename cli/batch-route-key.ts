/**
 * The key of a route as -batch's route reads see it (batch-groups.ts,
 * batch-gateways.ts): the fields that say which routes share a place in
 * a table (family, prefix lengths, tos, table, destination, source), its
 * metric, and what kind of route it is for gateway resolution.
 */
import { HOST_LE } from "../codecs/core/align.ts";
import { AF_INET, AF_INET6 } from "../codecs/ip/family.ts";
import { RTA } from "../codecs/route/attrs.ts";
import { RouteScan } from "../codecs/route/scan.ts";
import { RT_TABLE_MAIN } from "../codecs/route/tables.ts";

/**
 * What a route is, for batch-gateways.ts: MOVES, one that gateways may
 * resolve through (IPv4 fib_check_nh looks gateways up among routes of
 * scope link or host; IPv6 ip6_route_check_nh among routes without a
 * gateway), so that removing it may leave other routes' gateways
 * unresolvable; NEEDS, one whose re-add resolves a gateway (not one
 * through a nexthop object, re-added by its id).
 */
export const MOVES = 1, NEEDS = 2;

/** RT_SCOPE_LINK: IPv4 routes of this scope and above resolve gateways. */
const SCOPE_LINK = 253;

/** Key fields of one route message, read from its bytes. */
export class Key {
  family = 0;
  table = 0;
  metric = 0;
  gateway = false;
  multipath = false;
  /** rtm_scope, and whether RTA_VIA / RTA_NH_ID are present. */
  scope = 0;
  via = false;
  nhId = false;
  /**
   * The bytes that order routes among each other: family, dst_len, tos
   * (IPv4) or src_len (IPv6), the table (u32), the destination and (IPv6)
   * the source prefix; `n` of them used.
   */
  readonly bytes = new Uint8Array(40);
  n = 0;
  private readonly scan = new RouteScan();

  /** Read the route message payload [off, end) of `b`; false when it is not a plain IPv4/IPv6 route message. */
  read(b: Uint8Array, dv: DataView, off: number, end: number): boolean {
    const s = this.scan;
    if (!s.read(dv, off, end)) return false;
    const family = b[off]!;
    if (family !== AF_INET && family !== AF_INET6) return false;
    const alen = family === AF_INET ? 4 : 16;
    let table = s.has(RTA.TABLE) && s.len[RTA.TABLE] === 4 ? dv.getUint32(s.at[RTA.TABLE]!, HOST_LE) : b[off + 4]!;
    if (table === 0) table = RT_TABLE_MAIN; // fib_get_table / fib6_get_table
    const k = this.bytes;
    k[0] = family;
    k[1] = b[off + 1]!;
    k[2] = family === AF_INET ? b[off + 3]! : b[off + 2]!;
    k[3] = table & 255;
    k[4] = (table >>> 8) & 255;
    k[5] = (table >>> 16) & 255;
    k[6] = table >>> 24;
    let n = 7;
    for (let t = RTA.DST; t <= (family === AF_INET ? RTA.DST : RTA.SRC); t++) {
      if (!s.has(t)) {
        for (let i = 0; i < alen; i++) k[n++] = 0;
        continue;
      }
      if (s.len[t] !== alen) return false;
      for (let p = s.at[t]!, e = p + alen; p < e; p++) k[n++] = b[p]!;
    }
    this.n = n;
    this.family = family;
    this.table = table;
    this.metric = s.has(RTA.PRIORITY) && s.len[RTA.PRIORITY] === 4 ? dv.getUint32(s.at[RTA.PRIORITY]!, HOST_LE) : 0;
    this.gateway = s.has(RTA.GATEWAY);
    this.multipath = s.has(RTA.MULTIPATH);
    this.scope = b[off + 6]!;
    this.via = s.has(RTA.VIA);
    this.nhId = s.has(RTA.NH_ID);
    return true;
  }

  /** MOVES | NEEDS bits of the route read (see MOVES). */
  kind(): number {
    const gw = this.gateway || this.via || this.multipath;
    const moves = this.family === AF_INET ? this.scope >= SCOPE_LINK : !gw;
    return (moves ? MOVES : 0) | (gw && !this.nhId ? NEEDS : 0);
  }

  /** Set the key of a route request without tos, source prefix or RTA_MULTIPATH: family, dst_len, table, destination `dst`. */
  setPlain(family: number, len: number, table: number, dst: Uint8Array): void {
    const k = this.bytes;
    const alen = family === AF_INET ? 4 : 16;
    if (table === 0) table = RT_TABLE_MAIN;
    k[0] = family;
    k[1] = len;
    k[2] = 0;
    k[3] = table & 255;
    k[4] = (table >>> 8) & 255;
    k[5] = (table >>> 16) & 255;
    k[6] = table >>> 24;
    let n = 7;
    for (let i = 0; i < alen; i++) k[n++] = dst[i]!;
    if (family === AF_INET6) for (let i = 0; i < 16; i++) k[n++] = 0;
    this.n = n;
    this.family = family;
    this.table = table;
  }

  /** FNV-1a of the key bytes (a cheap first test before the key text). */
  hash(): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < this.n; i++) h = Math.imul(h ^ this.bytes[i]!, 0x01000193);
    return h >>> 0;
  }

  /** True when `o` holds the same key bytes. */
  same(o: Key): boolean {
    if (o.n !== this.n) return false;
    for (let i = 0; i < this.n; i++) if (o.bytes[i] !== this.bytes[i]) return false;
    return true;
  }

  /** The key as a map key (its bytes in hex). */
  text(): string {
    let t = "";
    for (let i = 0; i < this.n; i++) t += (this.bytes[i]! + 256).toString(16).slice(1);
    return t;
  }
}
