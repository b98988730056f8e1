/**
 * The one walk that writes a plain route (route-plain.ts) straight from
 * the dump's bytes, for `ip route show` as text and as `-json`: both print
 * the same fields in the same order (print_route), only the words around
 * the values differ. Those words are a RouteStyle (route-text.ts,
 * route-json.ts); the output is byte for byte what printRoute prints
 * through a Printer (test/format/route-bytes.test.ts compares them).
 * route-list.ts decides which routes come here.
 */
import { HOST_LE } from "../../codecs/core/align.ts";
import { USER_HZ } from "../../codecs/core/constants.ts";
import { RTA } from "../../codecs/route/attrs.ts";
import { RT_TABLE_MAIN, RTN_UNICAST, RTPROT_BOOT } from "../../codecs/route/tables.ts";
import type { Bytes } from "./bytes.ts";
import { numericNames } from "./names.ts";
import { plain, RTNH_SIZE } from "./route-plain.ts";
import type { TailMemo } from "./route-tail.ts";

const enc = new TextEncoder();

/** `PREFIX name SUFFIX` as bytes by number, made once per value seen. */
export class Words {
  private readonly cache = new Map<number, Uint8Array>();
  /** Whether the cached texts were made under ip -N (names.ts): a change empties the cache. */
  private numeric = numericNames();
  constructor(private readonly prefix: string, private readonly name: (v: number) => string, private readonly suffix = " ") {}
  /** The bytes for value `v`. */
  get(v: number): Uint8Array {
    if (this.numeric !== numericNames()) {
      this.cache.clear();
      this.numeric = !this.numeric;
    }
    let b = this.cache.get(v);
    if (b === undefined) {
      b = enc.encode(this.prefix + this.name(v) + this.suffix);
      this.cache.set(v, b);
    }
    return b;
  }
}

/**
 * The text of the address written last through it, kept with its bytes: a
 * table's routes mostly share a few gateways, and comparing 4 or 16 bytes
 * costs less than formatting them again (IPv6 text was half the printing
 * time of a 1M-route listing).
 */
class AddrMemo {
  private readonly bytes = new Uint8Array(16);
  private alen = 0;
  private text = new Uint8Array(0);

  /** Write the `alen`-byte address at a[off] into `out` as text. */
  write(out: Bytes, a: Uint8Array, off: number, alen: number): void {
    const b = this.bytes;
    if (alen === this.alen) {
      let same = true;
      for (let i = 0; i < alen; i++) {
        if (a[off + i] !== b[i]) {
          same = false;
          break;
        }
      }
      if (same) {
        out.put(this.text);
        return;
      }
    }
    const start = out.pos;
    out.addr(a, off, alen);
    for (let i = 0; i < alen; i++) b[i] = a[off + i]!;
    this.alen = alen;
    this.text = out.buf.slice(start, out.pos);
  }
}

/** The digits of the number written last through it (a table's routes mostly share one metric). */
class NumberMemo {
  private last = -1;
  private text = new Uint8Array(0);

  /** Write `v` (0..2^32) into `out` in decimal. */
  write(out: Bytes, v: number): void {
    if (v === this.last) {
      out.put(this.text);
      return;
    }
    const start = out.pos;
    out.decimal(v);
    this.last = v;
    this.text = out.buf.slice(start, out.pos);
  }
}

const METRIC = new NumberMemo();

/** The route's gateway, and each path's by position (a multipath route's hops keep their gateways from route to route). */
const GATEWAY = new AddrMemo();
const HOP_GATEWAYS = Array.from({ length: 8 }, () => new AddrMemo());

/**
 * The words a listing puts around each value, as bytes (empty where the
 * form has none); the `number` ones are one character code, or -1 for
 * none (a byte costs less to write than a fragment, per route). Text: `[type ]dst [via GW ]dev D ... \n`; JSON:
 * `{["type":T,]"dst":"D"[,"gateway":"GW"],"dev":... }`.
 */
export interface RouteStyle {
  /** The route type when not unicast, by number; then `dstAfterType`, else `dstFirst`. */
  type: Words;
  dstAfterType: Uint8Array;
  dstFirst: Uint8Array;
  /** A zero-length destination. */
  default: Uint8Array;
  /** After the destination, before the gateway's word. */
  dstEnd: number;
  gateway: Uint8Array;
  gatewayEnd: number;
  /** After the destination and gateway (JSON closes the string). */
  addrsEnd: number;
  table: Words;
  protocol: Words;
  scope: Words;
  prefsrc: Uint8Array;
  prefsrcEnd: number;
  metric: Uint8Array;
  /** After a number (metric, error, weight). */
  numberEnd: number;
  /** rtm_flags / rtnh_flags by value; `noFlags` when 0. */
  flags: Words;
  noFlags: Uint8Array;
  expires: Uint8Array;
  expiresEnd: Uint8Array;
  error: Uint8Array;
  pref: Words;
  /** Around the paths of a multipath route. */
  hopsOpen: Uint8Array;
  hopsClose: number;
  /** Before the first path and before each further one. */
  hopFirst: Uint8Array;
  hopNext: Uint8Array;
  /** A path with a gateway: `hopGateway` GW `hopGatewayEnd` then its dev; without: `hopNoGateway`, then its dev less `devSkip` leading bytes. */
  hopGateway: Uint8Array;
  hopGatewayEnd: number;
  hopNoGateway: number;
  devSkip: number;
  weight: Uint8Array;
  hopEnd: number;
  /** After the route. */
  end: number;
}

/**
 * Write the route `plainRoute` just accepted (payload at a[off]) in style
 * `s`. `dev(i)` gives the style's dev words for link i; `filterTable` is
 * the table the listing is restricted to (0: all). `tail`: the listing's
 * memo of what follows the destination (route-tail.ts), made for this
 * style, `dev` and `filterTable`.
 */
export function writePlainRoute(
  a: Uint8Array, dv: DataView, off: number, out: Bytes, s: RouteStyle, dev: (i: number) => Uint8Array, filterTable: number, tail?: TailMemo,
): void {
  const { alen, dstLen } = plain;
  const at = plain.scan.at, has = plain.scan.present;
  const type = a[off + 7]!;
  if (type !== RTN_UNICAST) {
    out.put(s.type.get(type));
    out.put(s.dstAfterType);
  } else out.put(s.dstFirst);
  if (!(has & (1 << RTA.DST))) out.put(s.default);
  else {
    out.addr(a, at[RTA.DST]!, alen);
    if (dstLen !== alen * 8) {
      out.byte(47);
      out.decimal(dstLen);
    }
  }
  if (tail !== undefined) {
    if (tail.same(a, dv, off)) {
      out.put(tail.text);
      return;
    }
    const start = out.pos;
    writeTail(a, dv, off, out, s, dev, filterTable);
    tail.keep(out.buf, start, out.pos);
  } else writeTail(a, dv, off, out, s, dev, filterTable);
}

/** What follows the destination of the route writePlainRoute writes (the memo's tail). */
export function writeTail(a: Uint8Array, dv: DataView, off: number, out: Bytes, s: RouteStyle, dev: (i: number) => Uint8Array, filterTable: number): void {
  const { alen, table, flags, expires, error } = plain;
  const at = plain.scan.at, len = plain.scan.len, has = plain.scan.present;
  if (s.dstEnd >= 0) out.byte(s.dstEnd);
  if (has & (1 << RTA.GATEWAY)) {
    out.put(s.gateway);
    GATEWAY.write(out, a, at[RTA.GATEWAY]!, alen);
    if (s.gatewayEnd >= 0) out.byte(s.gatewayEnd);
  }
  if (s.addrsEnd >= 0) out.byte(s.addrsEnd);
  if (has & (1 << RTA.OIF)) out.put(dev(dv.getUint32(at[RTA.OIF]!, HOST_LE)));
  if (table !== 0 && table !== RT_TABLE_MAIN && filterTable === 0) out.put(s.table.get(table));
  const proto = a[off + 5]!;
  if (proto !== RTPROT_BOOT) out.put(s.protocol.get(proto));
  const scope = a[off + 6]!;
  if (scope !== 0) out.put(s.scope.get(scope));
  if (has & (1 << RTA.PREFSRC)) {
    out.put(s.prefsrc);
    out.addr(a, at[RTA.PREFSRC]!, alen);
    if (s.prefsrcEnd >= 0) out.byte(s.prefsrcEnd);
  }
  if (has & (1 << RTA.PRIORITY)) {
    out.put(s.metric);
    METRIC.write(out, dv.getUint32(at[RTA.PRIORITY]!, HOST_LE));
    if (s.numberEnd >= 0) out.byte(s.numberEnd);
  }
  out.put(flags === 0 ? s.noFlags : s.flags.get(flags));
  if (expires) {
    out.put(s.expires);
    out.signed(Math.trunc(expires / USER_HZ));
    out.put(s.expiresEnd);
  }
  if (error) {
    out.put(s.error);
    out.decimal(error);
    if (s.numberEnd >= 0) out.byte(s.numberEnd);
  }
  if (has & (1 << RTA.PREF)) out.put(s.pref.get(a[at[RTA.PREF]!]!));
  if (has & (1 << RTA.MULTIPATH)) writePaths(a, dv, at[RTA.MULTIPATH]!, len[RTA.MULTIPATH]!, alen, out, s, dev);
  if (s.end >= 0) out.byte(s.end);
}

/** The paths plainRoute accepted (printMultipath's order). */
export function writePaths(a: Uint8Array, dv: DataView, p: number, n: number, alen: number, out: Bytes, s: RouteStyle, dev: (i: number) => Uint8Array): void {
  const end = p + n;
  out.put(s.hopsOpen);
  let sep = s.hopFirst;
  for (let hop = 0; p < end; hop++) {
    const rlen = dv.getUint16(p, HOST_LE);
    out.put(sep);
    sep = s.hopNext;
    const d = dev(dv.getInt32(p + 4, HOST_LE));
    if (rlen > RTNH_SIZE) {
      out.put(s.hopGateway);
      if (hop < HOP_GATEWAYS.length) HOP_GATEWAYS[hop]!.write(out, a, p + 12, alen);
      else out.addr(a, p + 12, alen);
      if (s.hopGatewayEnd >= 0) out.byte(s.hopGatewayEnd);
      out.put(d);
    } else {
      if (s.hopNoGateway >= 0) out.byte(s.hopNoGateway);
      out.put(s.devSkip === 0 ? d : d.subarray(s.devSkip));
    }
    out.put(s.weight);
    out.decimal(a[p + 3]! + 1);
    if (s.numberEnd >= 0) out.byte(s.numberEnd);
    const f = a[p + 2]!;
    out.put(f === 0 ? s.noFlags : s.flags.get(f));
    if (s.hopEnd >= 0) out.byte(s.hopEnd);
    p += (rlen + 3) & ~3;
  }
  if (s.hopsClose >= 0) out.byte(s.hopsClose);
}
