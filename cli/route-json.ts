/**
 * `ip -json route show` for big tables: the dump's messages are kept as
 * bytes and the plain IPv4 FIB routes (rtmsg + RTA_TABLE, DST, GATEWAY,
 * OIF, PRIORITY, PREFSRC, each at most once) are written as JSON bytes
 * straight from them, with no RouteMessage, Printer or string per route.
 * The output is byte for byte what route.ts `list` prints through
 * printRoute (test/cli/route-json.test.ts compares them): the same keys in
 * the same order, names from the same tables, link names through the same
 * LinkNames lookups in the same order. Every other route (another family,
 * metrics, multipath, via, encap, cache info, a source prefix, a TOS,
 * anything malformed) is decoded and printed by the generic code in its
 * place. Used only for compact JSON without -d/-s and for a filter that
 * selects by family and table alone (route.ts decides).
 */
import { HOST_LE } from "../codecs/core/align.ts";
import type { MessageCodec } from "../codecs/core/message.ts";
import { decodeRoute, type RouteMessage } from "../codecs/route/decode.ts";
import { jsonString } from "./json.ts";
import type { LinkNames } from "./link-names.ts";
import { PROTOS, rtnName, SCOPES, TABLES } from "./names.ts";
import { Printer } from "./printer.ts";
import { FLAG_ORDER, printRoute, type RouteShowEnv } from "./route-format.ts";

const AF_INET = 2;
const RTMSG_SIZE = 12;
const RTA_DST = 1, RTA_OIF = 4, RTA_GATEWAY = 5, RTA_PRIORITY = 6, RTA_PREFSRC = 7, RTA_TABLE = 15;
const RTN_UNICAST = 1;
const RT_TABLE_MAIN = 254;
const RTPROT_BOOT = 3;
const RTM_F_CLONED = 0x200;

const enc = new TextEncoder();
const bytes = (s: string): Uint8Array => enc.encode(s);

/** "0".."255" as bytes. */
const OCTET = Array.from({ length: 256 }, (_, i) => bytes(String(i)));

/** A growing byte buffer. */
class Bytes {
  buf = new Uint8Array(1 << 16);
  dv = new DataView(this.buf.buffer);
  pos = 0;

  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.dv = new DataView(next.buffer);
  }

  put(b: Uint8Array): void {
    this.ensure(b.length);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < b.length; i++) buf[p++] = b[i]!;
    this.pos = p;
  }

  /** An IPv4 address in dotted decimal. */
  ipv4(v: number): void {
    this.ensure(15);
    const buf = this.buf;
    let p = this.pos;
    for (let k = 24; k >= 0; k -= 8) {
      const o = OCTET[(v >>> k) & 255]!;
      for (let i = 0; i < o.length; i++) buf[p++] = o[i]!;
      if (k) buf[p++] = 46;
    }
    this.pos = p;
  }

  /** A decimal number 0..2^32-1. */
  decimal(v: number): void {
    this.ensure(10);
    const buf = this.buf;
    if (v < 10) {
      buf[this.pos++] = 48 + v;
      return;
    }
    let n = 0;
    for (let x = v; x > 0; x = Math.floor(x / 10)) n++;
    let p = this.pos + n;
    this.pos = p;
    for (let x = v; x > 0; x = Math.floor(x / 10)) buf[--p] = 48 + (x % 10);
  }
}

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

/** `,"flags":[...]}`: print_rt_flags' JSON array for `flags`, closing the object; made once per value. */
const FLAGS = new Map<number, Uint8Array>();
function flagsJson(flags: number): Uint8Array {
  let b = FLAGS.get(flags);
  if (b === undefined) {
    const names = FLAG_ORDER.filter(([bit]) => flags & bit).map(([, name]) => jsonString(name));
    b = bytes(`,"flags":[${names.join(",")}]}`);
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
   * One plain IPv4 route written as printRoute would: 1 written, 0
   * filtered out, -1 not plain (nothing written; the caller prints it
   * generically).
   */
  private fast(a: Uint8Array, dv: DataView, off: number, end: number, env: JsonListEnv, out: Bytes, devs: Map<number, Uint8Array>): number {
    if (end - off < RTMSG_SIZE || a[off] !== AF_INET) return -1;
    const dstLen = a[off + 1]!;
    if (a[off + 2] !== 0 || a[off + 3] !== 0) return -1; // a source prefix or a TOS
    const flags = dv.getUint32(off + 8, HOST_LE);
    let dst = -1, gw = -1, oif = -1, prio = -1, prefsrc = -1, table = -1;
    let seen = 0;
    let p = off + RTMSG_SIZE;
    while (p < end) {
      if (end - p < 4) return -1;
      const len = dv.getUint16(p, HOST_LE);
      const type = dv.getUint16(p + 2, HOST_LE);
      if (len !== 8 || p + 8 > end || type > 15 || seen & (1 << type)) return -1;
      seen |= 1 << type;
      switch (type) {
        case RTA_DST: dst = dv.getUint32(p + 4, false); break;
        case RTA_GATEWAY: gw = dv.getUint32(p + 4, false); break;
        case RTA_PREFSRC: prefsrc = dv.getUint32(p + 4, false); break;
        case RTA_OIF: oif = dv.getUint32(p + 4, HOST_LE); break;
        case RTA_PRIORITY: prio = dv.getUint32(p + 4, HOST_LE); break;
        case RTA_TABLE: table = dv.getUint32(p + 4, HOST_LE); break;
        default: return -1;
      }
      p += 8;
    }
    if (dst < 0 && dstLen > 0) return -1;
    if (table < 0) table = a[off + 4]!;
    // routePasses for a filter on family and table only
    if (env.family !== 0 && env.family !== AF_INET) return 0;
    if (flags & RTM_F_CLONED) return 0;
    if (env.table > 0 && env.table !== table) return 0;
    const type = a[off + 7]!;
    if (type !== RTN_UNICAST) {
      out.put(TYPE.get(type));
      out.put(DST_AFTER_TYPE);
    } else out.put(DST_FIRST);
    if (dst < 0) out.put(DEFAULT);
    else {
      out.ipv4(dst);
      if (dstLen !== 32) {
        out.ensure(1);
        out.buf[out.pos++] = 47;
        out.decimal(dstLen);
      }
    }
    if (gw >= 0) {
      out.put(GATEWAY); // closes dst
      out.ipv4(gw);
    }
    out.put(QUOTE);
    if (oif >= 0) {
      let d = devs.get(oif);
      if (d === undefined) {
        d = bytes(',"dev":' + jsonString(env.names.nameOf(oif)));
        devs.set(oif, d);
      }
      out.put(d);
    }
    if (table !== 0 && table !== RT_TABLE_MAIN && env.table === 0) out.put(TABLE.get(table));
    const proto = a[off + 5]!;
    if (proto !== RTPROT_BOOT) out.put(PROTO.get(proto));
    const scope = a[off + 6]!;
    if (scope !== 0) out.put(SCOPE.get(scope));
    if (prefsrc >= 0) {
      out.put(PREFSRC);
      out.ipv4(prefsrc);
      out.put(QUOTE);
    }
    if (prio >= 0) {
      out.put(METRIC);
      out.decimal(prio);
    }
    out.put(flagsJson(flags));
    return 1;
  }
}
