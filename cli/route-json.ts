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
import { RTA } from "../codecs/route/attrs.ts";
import { decodeRoute, type RouteMessage } from "../codecs/route/decode.ts";
import { RT_PREF, RT_TABLE_MAIN, RTN_UNICAST, RTPROT_BOOT } from "../codecs/route/tables.ts";
import { Bytes } from "./json-bytes.ts";
import { jsonString } from "../lib/format/json.ts";
import type { LinkNames } from "./link-names.ts";
import { PROTOS, rtnName, SCOPES, TABLES } from "../lib/format/names.ts";
import { Printer } from "../lib/format/printer.ts";
import { plain, plainRoute } from "./route-plain.ts";
import { FLAG_ORDER, printRoute, type RouteShowEnv } from "./route-format.ts";
import { Words, writeTextRoute } from "./route-text.ts";


const enc = new TextEncoder();
const bytes = (s: string): Uint8Array => enc.encode(s);

/** `,"key":"name"` fragments by number, made once per value seen. */
const names = (prefix: string, name: (v: number) => string): Words => new Words(prefix, (v) => jsonString(name(v)), "");

const TYPE = names('{"type":', rtnName);
const TABLE = names(',"table":', (v) => TABLES.name(v));
const PROTO = names(',"protocol":', (v) => PROTOS.name(v));
const SCOPE = names(',"scope":', (v) => SCOPES.name(v));
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
const PREF = names(',"pref":', (v) => String(RT_PREF.name(v)));

const RTNH_SIZE = 8;

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
   * The routes at `offsets` (those `env` passes) as `ip route show` prints
   * them in text (`oneline`: -o): plain ones from the bytes
   * (route-text.ts), the others through printRoute.
   */
  textPart(offsets: readonly number[], env: JsonListEnv, oneline: boolean): Uint8Array {
    const a = this.b.buf;
    const dv = this.b.dv;
    const out = new Bytes();
    out.ensure(offsets.length * 64 + 1);
    const devs = new Map<number, Uint8Array>();
    const dev = (i: number): Uint8Array => {
      let d = devs.get(i);
      if (d === undefined) {
        d = bytes(`dev ${env.names.nameOf(i)} `);
        devs.set(i, d);
      }
      return d;
    };
    const sl = oneline ? 92 : 10;
    for (const g of offsets) {
      const at = g - this.origin;
      const off = at + 8;
      const end = off + dv.getUint32(at, HOST_LE);
      const r = plainRoute(a, dv, off, end, env.family, env.table);
      if (r === 1) writeTextRoute(a, dv, off, out, dev, sl, env.table);
      else if (r === -1) {
        const m = this.decodeAt(a.subarray(off, end), dv.getUint32(at + 4, HOST_LE));
        if (!env.passes(m)) continue;
        const p = new Printer({ json: false, pretty: false, oneline });
        printRoute(p, m, env.show);
        out.put(bytes(p.take()));
      }
    }
    return out.buf.subarray(0, out.pos);
  }

  /**
   * Decode a route for the generic printer at its offset in the datagram it
   * came in (`at`), so that a DecodeError names the byte the generic
   * listing's would.
   */
  private decodeAt(payload: Uint8Array, at: number): RouteMessage {
    this.generics++;
    if (this.scratch.length < at + payload.length) this.scratch = new Uint8Array(at + payload.length);
    const s = this.scratch;
    s.set(payload, at);
    return decodeRoute(s, new DataView(s.buffer), at, at + payload.length);
  }

  /** A route printed by printRoute as JSON; returns the new `first`. */
  private generic(payload: Uint8Array, at: number, env: JsonListEnv, out: Bytes, first: boolean): boolean {
    const m = this.decodeAt(payload, at);
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
    const r = plainRoute(a, dv, off, end, env.family, env.table);
    if (r !== 1) return r;
    const { alen, dstLen, table, flags, expires, error } = plain;
    const at = plain.scan.at, len = plain.scan.len, has = plain.scan.present;
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
