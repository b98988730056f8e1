/**
 * `ip -json route show` for big tables: the dump's messages are kept as
 * bytes and the plain IPv4 and IPv6 FIB routes (rtmsg + RTA_TABLE, DST,
 * GATEWAY, OIF, PRIORITY, PREFSRC, CACHEINFO without ipid/timestamps,
 * PREF, MULTIPATH of paths with a link and at most a gateway, each at most
 * once), walked by the route codec's scan (codecs/route/scan.ts), are
 * written as JSON bytes straight from them, with no RouteMessage, Printer
 * or string per route (an IPv6 address is formatted once). The output is
 * byte for byte what route.ts `list` prints through printRoute
 * (test/cli/route-json.test.ts compares them): the same keys in the same
 * order, names from the same tables, link names through the same
 * LinkNames lookups in the same order. Every other route (another family,
 * metrics, via, encap, a source prefix, a TOS, anything malformed) is
 * decoded and printed by the generic code in its place. Used only for
 * compact JSON without -d/-s and for a filter that selects by family and
 * table alone (route.ts decides).
 */
import { HOST_LE } from "../codecs/core/align.ts";
import type { MessageCodec } from "../codecs/core/message.ts";
import { USER_HZ } from "../codecs/core/constants.ts";
import { AF_INET, AF_INET6 } from "../codecs/ip/family.ts";
import { RTA } from "../codecs/route/attrs.ts";
import { decodeRoute, type RouteMessage } from "../codecs/route/decode.ts";
import { RTMSG_SIZE } from "../codecs/route/header.ts";
import { RouteScan } from "../codecs/route/scan.ts";
import { RT_PREF, RT_TABLE_MAIN, RTM_F_CLONED, RTN_UNICAST, RTPROT_BOOT } from "../codecs/route/tables.ts";
import { Bytes } from "./json-bytes.ts";
import { jsonString } from "../lib/format/json.ts";
import type { LinkNames } from "./link-names.ts";
import { PROTOS, rtnName, SCOPES, TABLES } from "../lib/format/names.ts";
import { Printer } from "../lib/format/printer.ts";
import { FLAG_ORDER, printRoute, type RouteShowEnv } from "./route-format.ts";


const enc = new TextEncoder();
const bytes = (s: string): Uint8Array => enc.encode(s);

/** `,"key":"name"` fragments by number, made once per value seen. */
class Names {
  private readonly cache = new Map<number, Uint8Array>();
  constructor(private readonly prefix: string, private readonly name: (v: number) => string) {}
  get(v: number): Uint8Array {
    let b = this.cache.get(v);
    if (b === undefined) {
      b = bytes(this.prefix + jsonString(this.name(v)));
      this.cache.set(v, b);
    }
    return b;
  }
}

const TYPE = new Names('{"type":', rtnName);
const TABLE = new Names(',"table":', (v) => TABLES.name(v));
const PROTO = new Names(',"protocol":', (v) => PROTOS.name(v));
const SCOPE = new Names(',"scope":', (v) => SCOPES.name(v));
const DST_AFTER_TYPE = bytes(',"dst":"');
const DST_FIRST = bytes('{"dst":"');
const DEFAULT = bytes("default");
const GATEWAY = bytes('","gateway":"');
const QUOTE = bytes('"');
const PREFSRC = bytes(',"prefsrc":"');
const METRIC = bytes(',"metric":');
const EXPIRES = bytes(',"expires":');
const ERROR = bytes(',"error":');
const NEXTHOPS = bytes(',"nexthops":[');
const HOP_GATEWAY = bytes('"gateway":"');
const WEIGHT = bytes(',"weight":');
const PREF = new Names(',"pref":', (v) => String(RT_PREF.name(v)));

const scan = new RouteScan();
const RTNH_SIZE = 8;
/** Attributes the byte writer prints itself. */
const TAKEN = (1 << RTA.DST) | (1 << RTA.GATEWAY) | (1 << RTA.OIF) | (1 << RTA.PRIORITY) | (1 << RTA.PREFSRC) | (1 << RTA.TABLE) |
  (1 << RTA.CACHEINFO) | (1 << RTA.PREF) | (1 << RTA.MULTIPATH);
const ADDRS = [RTA.DST, RTA.GATEWAY, RTA.PREFSRC];
const U32S = [RTA.OIF, RTA.PRIORITY, RTA.TABLE];

/** `,"flags":[...]`: print_rt_flags' JSON array for `flags`; made once per value. */
const FLAGS = new Map<number, Uint8Array>();
function flagsJson(flags: number): Uint8Array {
  let b = FLAGS.get(flags);
  if (b === undefined) {
    const names = FLAG_ORDER.filter(([bit]) => flags & bit).map(([, name]) => jsonString(name));
    b = bytes(`,"flags":[${names.join(",")}]`);
    FLAGS.set(flags, b);
  }
  return b;
}

/** What the listing needs besides the dump. */
export interface JsonListEnv {
  /** The filter's family (0: any) and table (0: all). */
  family: number;
  table: number;
  names: LinkNames;
  /** The generic filter and print environment, for the routes printed generically. */
  passes(m: RouteMessage): boolean;
  show: RouteShowEnv;
}

/** Dumped messages kept as bytes: [u32 length][u32 offset in its datagram][payload] each. */
export class RouteArena {
  private readonly b = new Bytes();
  /** How many routes `json` left to the generic code (tests check that the plain ones are not among them). */
  generics = 0;
  /** Where routes printed generically are decoded (each printed before the next is decoded). */
  private scratch = new Uint8Array(0);

  /** Arena position of byte 0 of the buffer: offsets count every byte ever kept, so `release` can drop printed ones. */
  private origin = 0;

  /** A decode-only codec for conn.dump: keeps each payload and returns its offset here. */
  readonly codec: MessageCodec<number> = {
    name: "route",
    decode: (buf, _dv, off, end) => {
      const out = this.b;
      const n = end - off;
      out.ensure(n + 8);
      const at = out.pos;
      out.dv.setUint32(at, n, HOST_LE);
      out.dv.setUint32(at + 4, off, HOST_LE);
      const a = out.buf;
      if (n <= 256) for (let i = 0, p = at + 8; i < n; i++) a[p + i] = buf[off + i]!;
      else a.set(buf.subarray(off, end), at + 8);
      out.pos = at + 8 + n;
      return this.origin + at;
    },
    encode: () => {
      throw new Error("route arena codec: decode only");
    },
  };

  /** The JSON array of the routes at `offsets` (those `env` passes), newline included, as ip prints it. */
  json(offsets: readonly number[], env: JsonListEnv): Uint8Array {
    const part = this.jsonPart(offsets, env, true, true);
    return part.out;
  }

  /**
   * The routes at `offsets` as JSON array elements, `[` first when `open`, a
   * separator before the first one unless `first`: a listing printed in parts
   * (one per batch of routes, `release` in between) is byte for byte the
   * array `json` prints. Ends with `]` and a newline when `close`.
   */
  jsonPart(offsets: readonly number[], env: JsonListEnv, first: boolean, close: boolean, open = first): { out: Uint8Array; first: boolean } {
    const a = this.b.buf;
    const dv = this.b.dv;
    const out = new Bytes();
    out.ensure(offsets.length * 72 + 2);
    if (open) out.buf[out.pos++] = 91; // [
    const devs = new Map<number, Uint8Array>();
    for (const g of offsets) {
      const at = g - this.origin;
      const off = at + 8;
      const end = off + dv.getUint32(at, HOST_LE);
      const mark = out.pos;
      if (!first) {
        out.ensure(1);
        out.buf[out.pos++] = 44; // ,
      }
      const r = this.fast(a, dv, off, end, env, out, devs);
      if (r === 1) first = false;
      else {
        out.pos = mark;
        if (r === -1) first = this.generic(a.subarray(off, end), dv.getUint32(at + 4, HOST_LE), env, out, first);
      }
    }
    if (close) {
      out.ensure(2);
      out.buf[out.pos++] = 93; // ]
      out.buf[out.pos++] = 10;
    }
    return { out: out.buf.subarray(0, out.pos), first };
  }

  /** Drop the kept messages before the one at offset `g` (printed ones); later offsets stay valid. */
  release(g: number): void {
    const b = this.b;
    const from = g - this.origin;
    b.buf.copyWithin(0, from, b.pos);
    b.pos -= from;
    this.origin = g;
  }

  /** The offset just past the message kept at offset `g`. */
  endOf(g: number): number {
    return g + 8 + this.b.dv.getUint32(g - this.origin, HOST_LE);
  }

  /**
   * A route printed by printRoute; returns the new `first`. It is decoded
   * at its offset in the datagram it came in (`at`), so that a DecodeError
   * names the byte the generic listing's would.
   */
  private generic(payload: Uint8Array, at: number, env: JsonListEnv, out: Bytes, first: boolean): boolean {
    this.generics++;
    if (this.scratch.length < at + payload.length) this.scratch = new Uint8Array(at + payload.length);
    const s = this.scratch;
    s.set(payload, at);
    const m = decodeRoute(s, new DataView(s.buffer), at, at + payload.length);
    if (!env.passes(m)) return first;
    const p = new Printer({ json: true, pretty: false, oneline: false });
    p.obj();
    printRoute(p, m, env.show);
    p.endObj();
    const b = bytes((first ? "" : ",") + p.take());
    out.put(b);
    return false;
  }

  /**
   * One plain route written as printRoute would: 1 written, 0 filtered
   * out, -1 not plain (nothing written; the caller prints it generically).
   * The bytes are walked once by the route codec's scan (codecs/route/scan.ts).
   */
  private fast(a: Uint8Array, dv: DataView, off: number, end: number, env: JsonListEnv, out: Bytes, devs: Map<number, Uint8Array>): number {
    if (end - off < RTMSG_SIZE) return -1;
    const fam = a[off]!;
    if (fam !== AF_INET && fam !== AF_INET6) return -1;
    const dstLen = a[off + 1]!;
    if (a[off + 2] !== 0 || a[off + 3] !== 0) return -1; // a source prefix or a TOS
    if (!scan.read(dv, off, end) || (scan.present & ~TAKEN) !== 0) return -1;
    const alen = fam === AF_INET ? 4 : 16;
    const at = scan.at, len = scan.len, has = scan.present;
    const flags = scan.flags;
    for (const t of ADDRS) if (has & (1 << t) && len[t] !== alen) return -1;
    for (const t of U32S) if (has & (1 << t) && len[t] !== 4) return -1;
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
    if (!(has & (1 << RTA.DST)) && dstLen > 0) return -1;
    const table = has & (1 << RTA.TABLE) ? dv.getUint32(at[RTA.TABLE]!, HOST_LE) : a[off + 4]!;
    // routePasses for a filter on family and table only
    if (env.family !== 0 && env.family !== fam) return 0;
    if (flags & RTM_F_CLONED) return 0;
    if (env.table > 0 && env.table !== table) return 0;
    const type = a[off + 7]!;
    if (type !== RTN_UNICAST) {
      out.put(TYPE.get(type));
      out.put(DST_AFTER_TYPE);
    } else out.put(DST_FIRST);
    if (!(has & (1 << RTA.DST))) out.put(DEFAULT);
    else {
      out.addr(a, at[RTA.DST]!, alen);
      if (dstLen !== alen * 8) {
        out.ensure(1);
        out.buf[out.pos++] = 47;
        out.decimal(dstLen);
      }
    }
    if (has & (1 << RTA.GATEWAY)) {
      out.put(GATEWAY); // closes dst
      out.addr(a, at[RTA.GATEWAY]!, alen);
    }
    out.put(QUOTE);
    if (has & (1 << RTA.OIF)) out.put(devJson(devs, env, dv.getUint32(at[RTA.OIF]!, HOST_LE)));
    if (table !== 0 && table !== RT_TABLE_MAIN && env.table === 0) out.put(TABLE.get(table));
    const proto = a[off + 5]!;
    if (proto !== RTPROT_BOOT) out.put(PROTO.get(proto));
    const scope = a[off + 6]!;
    if (scope !== 0) out.put(SCOPE.get(scope));
    if (has & (1 << RTA.PREFSRC)) {
      out.put(PREFSRC);
      out.addr(a, at[RTA.PREFSRC]!, alen);
      out.put(QUOTE);
    }
    if (has & (1 << RTA.PRIORITY)) {
      out.put(METRIC);
      out.decimal(dv.getUint32(at[RTA.PRIORITY]!, HOST_LE));
    }
    out.put(flagsJson(flags));
    if (expires) {
      out.put(EXPIRES);
      out.signed(Math.trunc(expires / USER_HZ));
    }
    if (error) {
      out.put(ERROR);
      out.decimal(error);
    }
    if (has & (1 << RTA.PREF)) out.put(PREF.get(a[at[RTA.PREF]!]!));
    if (has & (1 << RTA.MULTIPATH)) writePaths(a, dv, at[RTA.MULTIPATH]!, len[RTA.MULTIPATH]!, alen, env, out, devs);
    out.ensure(1);
    out.buf[out.pos++] = 125; // }
    return 1;
  }
}

/** `,"dev":NAME` for link `index`, made once per listing part. */
function devJson(devs: Map<number, Uint8Array>, env: JsonListEnv, index: number): Uint8Array {
  let d = devs.get(index);
  if (d === undefined) {
    d = bytes(',"dev":' + jsonString(env.names.nameOf(index)));
    devs.set(index, d);
  }
  return d;
}

/** True when RTA_MULTIPATH at [p, p + n) holds rtnexthops with a link and at most a gateway of `alen` bytes each. */
function plainPaths(dv: DataView, p: number, n: number, alen: number): boolean {
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

/** `,"nexthops":[...]` as printMultipath writes it for the paths plainPaths accepted. */
function writePaths(a: Uint8Array, dv: DataView, p: number, n: number, alen: number, env: JsonListEnv, out: Bytes, devs: Map<number, Uint8Array>): void {
  const end = p + n;
  out.put(NEXTHOPS);
  let first = true;
  while (p < end) {
    const rlen = dv.getUint16(p, HOST_LE);
    out.ensure(1);
    out.buf[out.pos++] = first ? 123 : 44; // { or ,
    if (!first) {
      out.ensure(1);
      out.buf[out.pos++] = 123;
    }
    first = false;
    const d = devJson(devs, env, dv.getInt32(p + 4, HOST_LE));
    if (rlen > RTNH_SIZE) {
      out.put(HOP_GATEWAY);
      out.addr(a, p + 12, alen);
      out.put(QUOTE);
      out.put(d);
    } else out.put(d.subarray(1)); // no comma: dev opens the object
    out.put(WEIGHT);
    out.decimal(a[p + 3]! + 1);
    out.put(flagsJson(a[p + 2]!));
    out.ensure(1);
    out.buf[out.pos++] = 125; // }
    p += (rlen + 3) & ~3;
  }
  out.ensure(1);
  out.buf[out.pos++] = 93; // ]
}
