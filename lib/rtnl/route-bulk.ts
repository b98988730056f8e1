/**
 * The bulk path behind `RouteApi.addMany`: many routes validated before
 * any syscall, then written into pipelined batches (conn.batch).
 *
 * The common shape of a bulk route, an IPv4 prefix with an optional
 * gateway, link, table id and metric, is checked and parsed once into
 * columns of numbers and written straight into the batch buffer: no
 * PreparedRoute, RouteMessage or attribute object per route, no address
 * parsed twice. The bytes are exactly what the generic path
 * (prepareRoute -> buildRouteMessage -> routeRequestCodec) writes for the
 * same spec, laid out as iproute2 sends `ip route add DST [table T]
 * [metric M] [via GW] [dev D]` (test/route/bulk.test.ts compares them).
 * Every other spec, and every spec the fast check does not accept as is
 * (names instead of ids, unusual spellings, invalid values), goes through
 * prepareRoute, so results and error messages are the generic path's.
 */
import { RT_TABLE_MAIN } from "../../codecs/route/tables.ts";
import { HOST_LE } from "../../codecs/core/align.ts";
import type { MessageCodec } from "../../codecs/core/message.ts";
import type { NlWriter } from "../../codecs/core/writer.ts";
import { parseIPv4Into } from "../../codecs/ip/ipv4-parse.ts";
import { RTA } from "../../codecs/route/attrs.ts";
import { routeRequestCodec } from "../../codecs/route/codec.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import type { BatchRequest } from "../conn/connection.ts";
import { buildRouteMessage, linksOf, prepareRoute, type PreparedRoute, type RouteSpec } from "./route/spec.ts";

const AF_INET = 2;
const RTPROT_BOOT = 3;
const RTN_UNICAST = 1;
const RT_SCOPE_UNIVERSE = 0;
const RT_SCOPE_LINK = 253;
const NO_METRIC = -1;

const scratch = new Uint8Array(4);

/** The address "a.b.c.d" in s[start, end) as a u32 in wire (network) byte order read as big-endian, or -1. */
function ipv4(s: string, start: number, end: number): number {
  if (!parseIPv4Into(s, start, end, scratch, 0)) return -1;
  return ((scratch[0]! << 24) | (scratch[1]! << 16) | (scratch[2]! << 8) | scratch[3]!) >>> 0;
}

/** A prefix length written as plain decimal 0..32 without leading zeros, or -1. */
function prefixLen(s: string, start: number, end: number): number {
  const n = end - start;
  if (n < 1 || n > 2) return -1;
  const a = s.charCodeAt(start) - 48;
  if (a < 0 || a > 9) return -1;
  if (n === 1) return a;
  const b = s.charCodeAt(start + 1) - 48;
  if (a === 0 || b < 0 || b > 9) return -1;
  const v = a * 10 + b;
  return v <= 32 ? v : -1;
}

/** An interface name dev_valid_name() accepts, in plain ASCII (anything else is left to checkIfName). */
function simpleIfName(v: string): boolean {
  const n = v.length;
  if (n < 1 || n > 15 || v === "." || v === "..") return false;
  for (let i = 0; i < n; i++) {
    const c = v.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f || c === 0x2f /* / */ || c === 0x3a /* : */) return false;
  }
  return true;
}

function isU32(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 0xffffffff;
}

/** Routes of a bulk add: the simple ones in columns, the others prepared generically. */
export class BulkRoutes {
  private n = 0;
  private dst = new Uint32Array(1024);
  private gw = new Uint32Array(1024);
  private table = new Uint32Array(1024);
  private metric = new Float64Array(1024);
  private len = new Uint8Array(1024);
  /** Index into `devs` + 1 (0: no dev), or the negated ifindex given as a number. */
  private dev = new Int32Array(1024);
  private hasGw = new Uint8Array(1024);
  private readonly devs: Array<string | number> = [];
  private readonly devIndex = new Map<string | number, number>();
  /** Specs outside the fast shape, by position. */
  private readonly generic = new Map<number, PreparedRoute>();
  private resolved: Int32Array | undefined;

  /** Validate every spec (TypeError/RangeError naming `specs[i]`); no syscall. */
  constructor(specs: Iterable<RouteSpec>) {
    let i = 0;
    for (const s of specs) {
      this.grow();
      if (!this.fast(s)) {
        try {
          this.generic.set(i, prepareRoute(s, false));
        } catch (e) {
          if (e instanceof Error) e.message = `specs[${i}]: ${e.message}`;
          throw e;
        }
        this.hasGw[i] = 0;
      }
      i++;
      this.n = i;
    }
  }

  /** Number of routes. */
  get size(): number {
    return this.n;
  }

  /** Every link name or index the routes refer to (each once), to resolve before sending. */
  links(): Array<string | number> {
    const out = new Set<string | number>(this.devs);
    for (const p of this.generic.values()) for (const l of linksOf(p)) out.add(l);
    return [...out];
  }

  /** The batch requests (`flags`: NLM_F_CREATE|EXCL/REPLACE/APPEND), with links resolved by `index`. */
  *requests(flags: number, index: (link: string | number) => number): Generator<BatchRequest> {
    const ifindex = new Int32Array(this.devs.length);
    for (let k = 0; k < this.devs.length; k++) ifindex[k] = index(this.devs[k]!);
    this.resolved = ifindex;
    const codec = this.codec();
    for (let i = 0; i < this.n; i++) {
      const p = this.generic.get(i);
      if (p === undefined) yield { type: RTM.NEWROUTE, flags, codec, msg: i };
      else yield { type: RTM.NEWROUTE, flags, codec: routeRequestCodec, msg: buildRouteMessage(p, (l) => index(l)) };
    }
  }

  /** A codec whose "message" is the position of a simple route; it writes rtmsg + attributes. */
  private codec(): MessageCodec<number> {
    return {
      name: "route",
      decode: () => {
        throw new Error("bulk route codec: encode only");
      },
      encode: (w: NlWriter, i: number) => this.write(w, i),
    };
  }

  /** rtmsg and attributes of simple route i, in iproute2's order: DST, TABLE (>255), PRIORITY, GATEWAY, OIF. */
  private write(w: NlWriter, i: number): void {
    w.ensure(12 + 5 * 8);
    const b = w.buf;
    const dv = w.dv;
    let p = w.pos;
    const len = this.len[i]!;
    const table = this.table[i]!;
    const gw = this.hasGw[i] === 1;
    b[p] = AF_INET; b[p + 1] = len; b[p + 2] = 0; b[p + 3] = 0;
    b[p + 4] = table < 256 ? table : 0; b[p + 5] = RTPROT_BOOT; b[p + 6] = gw ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK; b[p + 7] = RTN_UNICAST;
    dv.setUint32(p + 8, 0, HOST_LE);
    p += 12;
    if (len > 0) {
      dv.setUint16(p, 8, HOST_LE); dv.setUint16(p + 2, RTA.DST, HOST_LE); dv.setUint32(p + 4, this.dst[i]!, false);
      p += 8;
    }
    if (table >= 256) {
      dv.setUint16(p, 8, HOST_LE); dv.setUint16(p + 2, RTA.TABLE, HOST_LE); dv.setUint32(p + 4, table, HOST_LE);
      p += 8;
    }
    const m = this.metric[i]!;
    if (m !== NO_METRIC) {
      dv.setUint16(p, 8, HOST_LE); dv.setUint16(p + 2, RTA.PRIORITY, HOST_LE); dv.setUint32(p + 4, m, HOST_LE);
      p += 8;
    }
    if (gw) {
      dv.setUint16(p, 8, HOST_LE); dv.setUint16(p + 2, RTA.GATEWAY, HOST_LE); dv.setUint32(p + 4, this.gw[i]!, false);
      p += 8;
    }
    const d = this.dev[i]!;
    if (d !== 0) {
      dv.setUint16(p, 8, HOST_LE); dv.setUint16(p + 2, RTA.OIF, HOST_LE); dv.setUint32(p + 4, d > 0 ? this.resolved![d - 1]! : -d, HOST_LE);
      p += 8;
    }
    w.pos = p;
  }

  private grow(): void {
    if (this.n < this.dst.length) return;
    const size = this.dst.length * 2;
    const g = <T extends Uint32Array | Float64Array | Uint8Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const next = make(size);
      next.set(a as never);
      return next;
    };
    this.dst = g(this.dst, (k) => new Uint32Array(k));
    this.gw = g(this.gw, (k) => new Uint32Array(k));
    this.table = g(this.table, (k) => new Uint32Array(k));
    this.metric = g(this.metric, (k) => new Float64Array(k));
    this.len = g(this.len, (k) => new Uint8Array(k));
    this.dev = g(this.dev, (k) => new Int32Array(k));
    this.hasGw = g(this.hasGw, (k) => new Uint8Array(k));
  }

  /**
   * Record spec `this.n` if it has the simple shape and every value is
   * valid as written; false (nothing recorded) otherwise.
   */
  private fast(s: RouteSpec): boolean {
    if (s === null || typeof s !== "object" || Object.getPrototypeOf(s) !== Object.prototype) return false;
    let dst: unknown, gateway: unknown, dev: unknown, table: unknown, metric: unknown;
    for (const k in s) {
      const v = (s as unknown as Record<string, unknown>)[k];
      switch (k) {
        case "dst": dst = v; break;
        case "gateway": gateway = v; break;
        case "dev": dev = v; break;
        case "table": table = v; break;
        case "metric": metric = v; break;
        default: if (v !== undefined) return false;
      }
    }
    // dst: "a.b.c.d/len" (len 1..32) or "a.b.c.d", no host bits set.
    if (typeof dst !== "string") return false;
    const slash = dst.indexOf("/");
    const end = slash < 0 ? dst.length : slash;
    const addr = ipv4(dst, 0, end);
    if (addr < 0) return false;
    const len = slash < 0 ? 32 : prefixLen(dst, slash + 1, dst.length);
    if (len <= 0) return false;
    if (len < 32 && (addr & (0xffffffff >>> len)) !== 0) return false;
    let gw = 0;
    if (gateway !== undefined) {
      if (typeof gateway !== "string" || (gw = ipv4(gateway, 0, gateway.length)) < 0) return false;
    }
    let devRef = 0;
    if (dev !== undefined) {
      if (typeof dev === "number") {
        if (!Number.isInteger(dev) || dev < 1 || dev > 0x7fffffff) return false;
        devRef = -dev;
      } else if (typeof dev === "string" && simpleIfName(dev)) {
        let k = this.devIndex.get(dev);
        if (k === undefined) {
          k = this.devs.length + 1;
          this.devs.push(dev);
          this.devIndex.set(dev, k);
        }
        devRef = k;
      } else return false;
    }
    let t = RT_TABLE_MAIN;
    if (table !== undefined) {
      if (!isU32(table) || table === 0) return false;
      t = table;
    }
    let m = NO_METRIC;
    if (metric !== undefined) {
      if (!isU32(metric)) return false;
      m = metric;
    }
    const i = this.n;
    this.dst[i] = addr;
    this.len[i] = len;
    this.gw[i] = gw;
    this.hasGw[i] = gateway === undefined ? 0 : 1;
    this.dev[i] = devRef;
    this.table[i] = t;
    this.metric[i] = m;
    return true;
  }
}
