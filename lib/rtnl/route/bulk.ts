/**
 * The bulk path behind `RouteApi.addMany`: many routes validated before
 * any syscall, then written into pipelined batches (conn.batch) by the
 * route codec's row writer (codecs/route/rows.ts).
 *
 * The common shapes of a bulk route (an IPv4 or IPv6 prefix with an
 * optional gateway, link, table id and metric, or with a list of paths of
 * gateway, link, weight and onlink) are checked here and parsed once into
 * the writer's columns: no PreparedRoute, RouteMessage or attribute object
 * per route, no address parsed twice. The bytes are exactly what the
 * generic path (prepareRoute -> buildRouteMessage -> routeRequestCodec)
 * writes for the same spec (test/route/bulk.test.ts compares them). Every
 * other spec, and every spec the check does not accept as is (names
 * instead of ids, unusual spellings, invalid values), goes through
 * prepareRoute, so results and error messages are the generic path's.
 */
import { AF_INET, AF_INET6 } from "../../../codecs/ip/family.ts";
import { routeRequestCodec } from "../../../codecs/route/message.ts";
import { RouteRows } from "../../../codecs/route/rows.ts";
import { addrAttr, copyBytes, u32Attr } from "../../../codecs/route/rows-bytes.ts";
import { RT_SCOPE_LINK, RT_SCOPE_UNIVERSE, RT_TABLE_MAIN, RTN_UNICAST, RTPROT_BOOT } from "../../../codecs/route/tables.ts";
import { RTM } from "../../../codecs/rtnetlink.ts";
import type { BatchRequest } from "../../conn/connection.ts";
import { neverTopTier } from "../../sys/jit.ts";
import { buildRouteMessage, linksOf, prepareRoute, type PreparedRoute, type RouteSpec } from "./spec.ts";

/** A prefix length written as plain decimal 1..max without leading zeros, or -1. */
function prefixLen(s: string, start: number, end: number, max: number): number {
  const n = end - start;
  if (n < 1 || n > 3) return -1;
  let v = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9 || (i === start && c === 0)) return -1;
    v = v * 10 + c;
  }
  return v <= max ? v : -1;
}

/** An interface name dev_valid_name() accepts, in plain ASCII (anything else is left to checkLink). */
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

function plain(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype;
}

/** Routes of a bulk add: the common shapes in rows, the others prepared generically. */
export class BulkRoutes {
  private readonly rows: RouteRows;
  /** Row number of each route (-1: prepared generically). */
  private row: Int32Array;
  private n = 0;
  private readonly devs: Array<string | number> = [];
  private readonly devIndex = new Map<string | number, number>();
  /** The link name taken last and its stored link (consecutive routes mostly name the same link). */
  private lastDev: string | undefined;
  private lastRef = 0;
  /** Specs outside the bulk shapes, by position. */
  private readonly generic = new Map<number, PreparedRoute>();

  /** Validate every spec (TypeError/RangeError naming `specs[i]`); no syscall. */
  constructor(specs: Iterable<RouteSpec>) {
    const sized = Array.isArray(specs) ? specs.length : 1024;
    this.rows = new RouteRows(sized);
    this.row = new Int32Array(Math.max(16, sized));
    let i = 0;
    for (const s of specs) {
      if (i >= this.row.length) {
        const next = new Int32Array(this.row.length * 2);
        next.set(this.row);
        this.row = next;
      }
      if (this.take(s)) this.row[i] = this.rows.size - 1;
      else {
        try {
          this.generic.set(i, prepareRoute(s, false));
        } catch (e) {
          if (e instanceof Error) e.message = `specs[${i}]: ${e.message}`;
          throw e;
        }
        this.row[i] = -1;
      }
      i++;
    }
    this.n = i;
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

  /**
   * The batch requests (`flags`: NLM_F_CREATE|EXCL/REPLACE/APPEND), with
   * links resolved by `index`. For conn.batch, which reads each request
   * before asking for the next: the iterator hands out one request object,
   * refilled for every route (no object per route).
   */
  requests(flags: number, index: (link: string | number) => number): Iterable<BatchRequest> {
    const ifindex = new Int32Array(this.devs.length);
    for (let k = 0; k < this.devs.length; k++) ifindex[k] = index(this.devs[k]!);
    this.rows.resolveLinks(ifindex);
    const codec = this.rows.codec, row = this.row, n = this.n, generic = this.generic;
    const req: BatchRequest = { type: RTM.NEWROUTE, flags, codec, msg: 0 };
    const step: IteratorResult<BatchRequest> = { done: false, value: req };
    const end: IteratorResult<BatchRequest> = { done: true, value: undefined };
    let i = 0;
    const it: Iterator<BatchRequest> = {
      next() {
        if (i >= n) return end;
        const r = row[i]!;
        if (r >= 0) {
          req.codec = codec;
          req.msg = r;
        } else {
          req.codec = routeRequestCodec;
          req.msg = buildRouteMessage(generic.get(i)!, (l) => index(l));
        }
        i++;
        return step;
      },
    };
    return { [Symbol.iterator]: () => it };
  }

  /** The stored link of `dev` (a linkRef or ifindex), or 0 when the bulk check does not take it. */
  private link(dev: unknown): number {
    if (typeof dev === "number") return Number.isInteger(dev) && dev >= 1 && dev <= 0x7fffffff ? dev : 0;
    if (typeof dev !== "string") return 0;
    if (dev === this.lastDev) return this.lastRef;
    if (!simpleIfName(dev)) return 0;
    let k = this.devIndex.get(dev);
    if (k === undefined) {
      k = this.devs.length;
      this.devs.push(dev);
      this.devIndex.set(dev, k);
    }
    this.lastDev = dev;
    return (this.lastRef = RouteRows.linkRef(k));
  }

  /**
   * Put spec `s` into a row if it has a bulk shape and every value is
   * valid as written; false (no row left) otherwise.
   */
  private take(s: RouteSpec): boolean {
    if (!plain(s)) return false;
    let dst: unknown, gateway: unknown, dev: unknown, table: unknown, metric: unknown, multipath: unknown;
    for (const k in s) {
      const v = s[k as keyof RouteSpec];
      switch (k) {
        case "dst": dst = v; break;
        case "gateway": gateway = v; break;
        case "dev": dev = v; break;
        case "table": table = v; break;
        case "metric": metric = v; break;
        case "multipath": multipath = v; break;
        default: if (v !== undefined) return false;
      }
    }
    // dst: "addr/len" (len >= 1) or a host address
    if (typeof dst !== "string") return false;
    // the '/' and the family (a ':': IPv6) by indexOf, one native scan each rather than a charCodeAt per
    // character (in the code's first, unoptimised tiers, where a bulk add mostly runs, a call each);
    // a ':' after the '/' fails the prefix length below, as it did when only the address was searched
    const dl = dst.length;
    const slash = dst.indexOf("/");
    const end = slash < 0 ? dl : slash;
    const fam = dst.indexOf(":") < 0 ? AF_INET : AF_INET6;
    const max = fam === AF_INET ? 32 : 128;
    const len = end === dl ? max : prefixLen(dst, end + 1, dl, max);
    if (len <= 0) return false;
    let t = RT_TABLE_MAIN;
    if (table !== undefined) {
      if (!isU32(table) || table === 0) return false;
      t = table;
    }
    if (metric !== undefined && !isU32(metric)) return false;
    if (multipath !== undefined && (gateway !== undefined || dev !== undefined || !Array.isArray(multipath) || multipath.length === 0)) return false;
    const hasNextHop = gateway !== undefined || multipath !== undefined;
    const rows = this.rows;
    rows.begin(fam, len, t, RTPROT_BOOT, fam === AF_INET6 || hasNextHop ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK, RTN_UNICAST);
    if (!rows.dst(dst, 0, end) || rows.hostBits() || !this.fill(gateway, dev, metric, multipath as unknown[] | undefined)) {
      rows.cancel();
      return false;
    }
    return true;
  }

  /** The rest of the row begun last; false when a value is not taken as is. */
  private fill(gateway: unknown, dev: unknown, metric: unknown, multipath: unknown[] | undefined): boolean {
    const rows = this.rows;
    if (metric !== undefined) rows.setMetric(metric as number);
    if (gateway !== undefined && (typeof gateway !== "string" || !rows.gateway(gateway, 0, gateway.length))) return false;
    if (dev !== undefined) {
      const l = this.link(dev);
      if (l === 0) return false;
      rows.setOif(l);
    }
    if (multipath !== undefined) {
      for (const h of multipath) {
        if (!plain(h)) return false;
        let gw: unknown, hdev: unknown, weight: unknown, onlink: unknown;
        for (const k in h) {
          const v = h[k];
          switch (k) {
            case "gateway": gw = v; break;
            case "dev": hdev = v; break;
            case "weight": weight = v; break;
            case "onlink": onlink = v; break;
            default: if (v !== undefined) return false;
          }
        }
        if (gw === undefined && hdev === undefined) return false;
        if (gw !== undefined && typeof gw !== "string") return false;
        const w = weight === undefined ? 1 : weight;
        if (typeof w !== "number" || !Number.isInteger(w) || w < 1 || w > 256) return false;
        if (onlink !== undefined && typeof onlink !== "boolean") return false;
        const l = hdev === undefined ? 0 : this.link(hdev);
        if (hdev !== undefined && l === 0) return false;
        if (!rows.path(gw ?? "", gw === undefined ? -1 : 0, gw === undefined ? 0 : gw.length, l, w, onlink === true)) return false;
      }
    }
    return true;
  }
}

// A bulk is one-shot work: its per-route code stays in JSC's DFG tier (lib/sys/jit.ts). At 100k routes
// the FTL compiles of these functions cost more CPU than the whole validation (2-way ECMP: ~250 ms of a
// compiler thread against ~100 ms of validation), and the bulk was mostly over when they were ready.
neverTopTier([prefixLen, simpleIfName, isU32, plain, addrAttr, u32Attr, copyBytes], [BulkRoutes, RouteRows]);
