/**
 * The bulk route writer: many RTM_NEWROUTE / RTM_DELROUTE requests held as
 * rows of columns (typed arrays, no object per route) and written straight
 * into a batch buffer. It is the one encoder behind `RouteApi.addMany`
 * (lib/rtnl/route/bulk.ts fills it from RouteSpecs) and the CLI's `-batch`
 * (cli/route-fast.ts fills it from batch lines); both hand `codec` to
 * conn.batch with the row number as the message.
 *
 * A row holds what the common bulk route is made of: the rtmsg members, a
 * destination, one gateway of the route's family or a list of paths
 * (gateway, link, weight, onlink), a link, a table id and a metric. It is
 * written in the layout the generic encoder (routeRequestCodec) gives the
 * message lib/rtnl/routes-spec.ts builds, which is iproute2's order:
 *
 *   rtmsg, RTA_DST, RTA_TABLE (table > 255), RTA_PRIORITY, RTA_GATEWAY,
 *   RTA_OIF, RTA_MULTIPATH (rtnexthop + RTA_GATEWAY per path)
 *
 * (test/route/bulk.test.ts and test/cli/route-fast.test.ts compare the
 * bytes with the generic path's for many random routes). Rows hold values
 * already checked by their filler; a link may be given as a reference
 * resolved later (`linkRef`, `resolveLinks`), so validation needs no
 * syscall.
 */
import { HOST_LE } from "../core/align.ts";
import type { MessageCodec } from "../core/message.ts";
import type { NlWriter } from "../core/writer.ts";
import { AF_INET } from "../ip/family.ts";
import { parseIPv4Into } from "../ip/ipv4-parse.ts";
import { parseIPv6Into } from "../ip/ipv6-parse.ts";
import { RTA } from "./attrs.ts";
import { RTMSG_SIZE } from "./header.ts";
import { addrAttr, copy, copyBytes, put4, u32Attr } from "./rows-bytes.ts";

const HAS_DST = 1, HAS_GW = 2, HAS_METRIC = 4, HAS_OIF = 8, HAS_BIGTABLE = 16, HAS_PATHS = 32;
/**
 * Columns written so far (`used`). A column is made when first written (`use`) and only those in use grow:
 * a typed array made in memory the allocator had before is zero-filled, touching every page (100k IPv4
 * ECMP rows: 832 page faults, ~13 us each on this VM, for the IPv6 address column they never use).
 */
const USED_A4 = 1, USED_A6 = 2, USED_TABLE = 4, USED_METRIC = 8, USED_OIF = 16, USED_HOPS = 32, USED_H4 = 64, USED_H6 = 128;
/** RTNH_F_ONLINK in rtnh_flags. */
const RTNH_F_ONLINK = 4;
const RTNH_SIZE = 8;
/** Gateway places remembered by `gateway`/`path`: the route's, then its first paths'. */
const GW_PLACES = 9;

/** A link given by reference: the value stored for reference k (see `linkRef`). */
function ref(k: number): number {
  return -(k + 1);
}

/** Rows of route requests, written by `codec` (message = row number). */
export class RouteRows {
  private n = 0;
  private cap = 0;
  /** rtmsg bytes 0..7 of each row (family, dst_len, src_len, tos, table, protocol, scope, type). */
  private hdr = new Uint8Array(0);
  /**
   * Addresses by family, so a row touches only the bytes it uses (the
   * memory of a 100k-row bulk is mostly fresh pages, each a page fault on
   * first write): IPv4 rows 8 bytes in `a4` (destination, gateway), IPv6
   * rows 32 in `a6`. The other family's column stays untouched.
   */
  private a4 = new Uint8Array(0);
  private a6 = new Uint8Array(0);
  private bits = new Uint8Array(0);
  /** Only for rows with a table id above 255 (HAS_BIGTABLE; the others have it in the rtmsg). */
  private table = new Uint32Array(0);
  private metric = new Uint32Array(0);
  /** ifindex (> 0) or a link reference (< 0). */
  private oif = new Int32Array(0);
  /** First path and path count, only for rows with paths (HAS_PATHS). */
  private hop0 = new Int32Array(0);
  private hopN = new Uint16Array(0);
  /** USED_* bits of the columns written so far. */
  private used = 0;
  // paths of multipath rows
  private hn = 0;
  private hcap = 0;
  /** Path gateways by family: 4 bytes a path in `h4`, 16 in `h6`. */
  private h4 = new Uint8Array(0);
  private h6 = new Uint8Array(0);
  private hGw = new Uint8Array(0);
  private hOif = new Int32Array(0);
  private hHops = new Uint8Array(0);
  private hFlags = new Uint8Array(0);
  private links: Int32Array | undefined;
  /** The gateway text parsed last in each place (0: the route's, 1 + j: path j's), its family and bytes. */
  private readonly gwText: Array<string | undefined> = new Array<string | undefined>(GW_PLACES).fill(undefined);
  private readonly gwFam = new Uint8Array(GW_PLACES);
  private readonly gwBytes = new Uint8Array(GW_PLACES * 16);
  /** Writes the row given as the message (rtmsg and attributes after the nlmsghdr). */
  readonly codec: MessageCodec<number>;

  constructor(rows = 1024) {
    this.grow(Math.max(16, Math.min(Math.ceil(rows), 1 << 21)));
    this.growHops(16);
    this.codec = {
      name: "route",
      decode: () => {
        throw new Error("route rows codec: encode only");
      },
      encode: (w, row) => this.write(w, row),
    };
  }

  /** Rows held. */
  get size(): number {
    return this.n;
  }

  /** Forget every row. */
  clear(): void {
    this.n = 0;
    this.hn = 0;
  }

  /**
   * Start a row with its rtmsg members (`table` a full u32 id: above 255 it
   * goes into RTA_TABLE with rtm_table 0) and return its number; the
   * setters below fill the row begun last.
   */
  begin(family: number, dstLen: number, table: number, protocol: number, scope: number, type: number): number {
    const i = this.n;
    if (i >= this.cap) this.grow(this.cap * 2);
    const h = this.hdr, p = i * 8;
    h[p] = family; h[p + 1] = dstLen; h[p + 2] = 0; h[p + 3] = 0;
    h[p + 4] = table < 256 ? table : 0; h[p + 5] = protocol; h[p + 6] = scope; h[p + 7] = type;
    this.use(family === AF_INET ? USED_A4 : USED_A6);
    if (table >= 256) {
      this.use(USED_TABLE);
      this.table[i] = table;
      this.bits[i] = HAS_BIGTABLE;
    } else this.bits[i] = 0;
    this.n = i + 1;
    return i;
  }

  /** Drop the row begun last (its filler found it is not of the bulk shape). */
  cancel(): void {
    const i = --this.n;
    if (this.bits[i]! & HAS_PATHS) this.hn = this.hop0[i]!;
  }

  /** Parse s[start, end) as the destination of the route's family into the row; false if it is not one. */
  dst(s: string, start: number, end: number): boolean {
    const i = this.n - 1;
    if (!this.parse(s, start, end, this.abuf(i), this.abase(i))) return false;
    this.bits[i]! |= HAS_DST;
    return true;
  }

  /** Set an IPv4 destination given as a u32 (a.b.c.d is a<<24|...). */
  dst4(v: number): void {
    const i = this.n - 1;
    put4(this.a4, i * 8, v);
    this.bits[i]! |= HAS_DST;
  }

  /** True when the destination has bits set beyond the prefix length (the kernel refuses such IPv4 routes). */
  hostBits(): boolean {
    const i = this.n - 1;
    const a = this.abuf(i), base = this.abase(i);
    const len = this.hdr[i * 8 + 1]!;
    const bytes = this.hdr[i * 8] === AF_INET ? 4 : 16;
    // a byte at a time: the partial byte's low bits, then every whole byte after it
    let k = len >> 3;
    if ((len & 7) !== 0 && (a[base + k++]! & (0xff >> (len & 7))) !== 0) return true;
    for (; k < bytes; k++) if (a[base + k] !== 0) return true;
    return false;
  }

  /** Parse s[start, end) as the gateway (route's family); false if it is not one. */
  gateway(s: string, start: number, end: number): boolean {
    const i = this.n - 1;
    if (!this.parseGateway(s, start, end, 0, this.abuf(i), this.abase(i) + this.alen(i))) return false;
    this.bits[i]! |= HAS_GW;
    return true;
  }

  /** Set an IPv4 gateway given as a u32. */
  gateway4(v: number): void {
    const i = this.n - 1;
    put4(this.a4, i * 8 + 4, v);
    this.bits[i]! |= HAS_GW;
  }

  /** Set RTA_PRIORITY (u32). */
  setMetric(m: number): void {
    const i = this.n - 1;
    this.use(USED_METRIC);
    this.metric[i] = m;
    this.bits[i]! |= HAS_METRIC;
  }

  /** Set RTA_OIF: an ifindex, or `linkRef(k)` for the k-th link given to `resolveLinks`. */
  setOif(v: number): void {
    const i = this.n - 1;
    this.use(USED_OIF);
    this.oif[i] = v;
    this.bits[i]! |= HAS_OIF;
  }

  /** The stored form of "the k-th link of `resolveLinks`" for setOif/path. */
  static linkRef(k: number): number {
    return ref(k);
  }

  /**
   * Add a path to the row (RTA_MULTIPATH): gateway s[start, end) of the
   * route's family (start < 0: none), link (0: none; ifindex or linkRef),
   * weight 1..256, onlink. False (nothing added) when the gateway does not parse.
   */
  path(s: string, start: number, end: number, oif: number, weight: number, onlink: boolean): boolean {
    const k = this.hopSlot();
    if (start >= 0) {
      const i = this.n - 1, v4 = this.hdr[i * 8] === AF_INET;
      const place = 1 + (this.bits[i]! & HAS_PATHS ? this.hopN[i]! : 0);
      if (!this.parseGateway(s, start, end, place, v4 ? this.h4 : this.h6, v4 ? k * 4 : k * 16)) return false;
      this.hGw[k] = 1;
    } else this.hGw[k] = 0;
    this.endHop(k, oif, weight, onlink);
    return true;
  }

  /** Copy the destination (4 or 16 bytes, the route's family) from a[off...]. */
  dstBytes(a: Uint8Array, off: number): void {
    const i = this.n - 1;
    copyBytes(a, off, this.abuf(i), this.abase(i), this.alen(i));
    this.bits[i]! |= HAS_DST;
  }

  /** Copy the gateway (4 or 16 bytes, the route's family) from a[off...]. */
  gatewayBytes(a: Uint8Array, off: number): void {
    const i = this.n - 1;
    copyBytes(a, off, this.abuf(i), this.abase(i) + this.alen(i), this.alen(i));
    this.bits[i]! |= HAS_GW;
  }

  /** Add a path as `path` does, its gateway copied from a[off...] (a undefined: none). */
  pathBytes(a: Uint8Array | undefined, off: number, oif: number, weight: number, onlink: boolean): void {
    const k = this.hopSlot();
    if (a !== undefined) {
      const i = this.n - 1;
      copyBytes(a, off, this.hbuf(i), k * this.alen(i), this.alen(i));
      this.hGw[k] = 1;
    } else this.hGw[k] = 0;
    this.endHop(k, oif, weight, onlink);
  }

  /**
   * The index of the next path, with room for it. The path columns grow
   * towards what the rows so far predict for the row capacity (2-way ECMP:
   * two paths a row), at most 16x at a time, not by doubling from 16 (100k
   * ECMP rows copied them 14 times).
   */
  private hopSlot(): number {
    this.use(USED_HOPS | (this.hdr[(this.n - 1) * 8] === AF_INET ? USED_H4 : USED_H6));
    const k = this.hn, c = this.hcap;
    if (k >= c) this.growHops(Math.max(c * 2, Math.min(c * 16, Math.ceil((k + 1) / this.n * this.cap))));
    return k;
  }

  /** The rest of path `k` (its gateway set by the caller), counted in the row begun last. */
  private endHop(k: number, oif: number, weight: number, onlink: boolean): void {
    this.hOif[k] = oif;
    this.hHops[k] = weight - 1;
    this.hFlags[k] = onlink ? RTNH_F_ONLINK : 0;
    this.hn = k + 1;
    const i = this.n - 1;
    if (!(this.bits[i]! & HAS_PATHS)) {
      this.bits[i]! |= HAS_PATHS;
      this.hop0[i] = k;
      this.hopN[i] = 0;
    }
    this.hopN[i]!++;
  }

  private alen(i: number): number {
    return this.hdr[i * 8] === AF_INET ? 4 : 16;
  }

  /** The address column of row i's family, and where its destination is (its gateway follows). */
  private abuf(i: number): Uint8Array {
    return this.hdr[i * 8] === AF_INET ? this.a4 : this.a6;
  }

  private abase(i: number): number {
    return this.hdr[i * 8] === AF_INET ? i * 8 : i * 32;
  }

  /** The path gateway column of row i's family (path k's gateway at k * alen). */
  private hbuf(i: number): Uint8Array {
    return this.hdr[i * 8] === AF_INET ? this.h4 : this.h6;
  }

  /** The ifindexes of the links referred to by `linkRef(k)`, used from the next write on. */
  resolveLinks(ifindex: Int32Array): void {
    this.links = ifindex;
  }

  private ifindex(v: number): number {
    return v > 0 ? v : this.links![-v - 1]!;
  }

  private parse(s: string, start: number, end: number, a: Uint8Array, off: number): boolean {
    return this.hdr[(this.n - 1) * 8] === AF_INET ? parseIPv4Into(s, start, end, a, off) : parseIPv6Into(s, start, end, a, off);
  }

  /**
   * `parse` for a gateway in `place`: a whole string equal to the one
   * parsed last there (a bulk repeats its few gateways) is copied, not parsed again.
   */
  private parseGateway(s: string, start: number, end: number, place: number, a: Uint8Array, off: number): boolean {
    const fam = this.hdr[(this.n - 1) * 8]!;
    const whole = place < GW_PLACES && start === 0 && end === s.length;
    const alen = fam === AF_INET ? 4 : 16;
    if (whole && this.gwFam[place] === fam && this.gwText[place] === s) {
      copyBytes(this.gwBytes, place * 16, a, off, alen);
      return true;
    }
    if (!this.parse(s, start, end, a, off)) return false;
    if (whole) {
      this.gwText[place] = s;
      this.gwFam[place] = fam;
      copyBytes(a, off, this.gwBytes, place * 16, alen);
    }
    return true;
  }

  /** Write row `i`'s rtmsg and attributes at the writer's position. */
  write(w: NlWriter, i: number): void {
    const bits = this.bits[i]!;
    const nh = bits & HAS_PATHS ? this.hopN[i]! : 0;
    w.ensure(RTMSG_SIZE + 5 * 20 + 4 + nh * (RTNH_SIZE + 20));
    const b = w.buf, dv = w.dv, h = this.hdr;
    let p = w.pos;
    const hp = i * 8;
    for (let k = 0; k < 8; k++) b[p + k] = h[hp + k]!;
    dv.setUint32(p + 8, 0, HOST_LE);
    p += RTMSG_SIZE;
    const v4 = h[hp] === AF_INET;
    const alen = v4 ? 4 : 16;
    const a = v4 ? this.a4 : this.a6;
    const ab = v4 ? i * 8 : i * 32;
    if (bits & HAS_DST) p = addrAttr(b, dv, p, RTA.DST, a, ab, alen);
    if (bits & HAS_BIGTABLE) p = u32Attr(dv, p, RTA.TABLE, this.table[i]!);
    if (bits & HAS_METRIC) p = u32Attr(dv, p, RTA.PRIORITY, this.metric[i]!);
    if (bits & HAS_GW) p = addrAttr(b, dv, p, RTA.GATEWAY, a, ab + alen, alen);
    if (bits & HAS_OIF) p = u32Attr(dv, p, RTA.OIF, this.ifindex(this.oif[i]!));
    if (nh > 0) {
      const start = p;
      const ha = v4 ? this.h4 : this.h6;
      dv.setUint16(p + 2, RTA.MULTIPATH, HOST_LE);
      p += 4;
      for (let k = this.hop0[i]!, e = k + nh; k < e; k++) {
        const gw = this.hGw[k] === 1;
        const rlen = RTNH_SIZE + (gw ? 4 + alen : 0);
        dv.setUint16(p, rlen, HOST_LE);
        b[p + 2] = this.hFlags[k]!;
        b[p + 3] = this.hHops[k]!;
        const o = this.hOif[k]!;
        dv.setInt32(p + 4, o === 0 ? 0 : this.ifindex(o), HOST_LE);
        p += RTNH_SIZE;
        if (gw) p = addrAttr(b, dv, p, RTA.GATEWAY, ha, k * alen, alen);
      }
      dv.setUint16(start, p - start, HOST_LE);
    }
    w.pos = p;
  }

  /** Make the columns of `bits` (USED_*) not in use yet, at the current capacity. */
  private use(bits: number): void {
    const fresh = bits & ~this.used;
    if (fresh === 0) return;
    this.used |= fresh;
    const c = this.cap, h = this.hcap;
    if (fresh & USED_A4) this.a4 = new Uint8Array(c * 8);
    if (fresh & USED_A6) this.a6 = new Uint8Array(c * 32);
    if (fresh & USED_TABLE) this.table = new Uint32Array(c);
    if (fresh & USED_METRIC) this.metric = new Uint32Array(c);
    if (fresh & USED_OIF) this.oif = new Int32Array(c);
    if (fresh & USED_HOPS) [this.hop0, this.hopN] = [new Int32Array(c), new Uint16Array(c)];
    if (fresh & USED_H4) this.h4 = new Uint8Array(h * 4);
    if (fresh & USED_H6) this.h6 = new Uint8Array(h * 16);
  }

  /** Grow the row columns to `cap` rows: those in use (`used`), with their rows copied. */
  private grow(cap: number): void {
    const n = this.n, u = this.used;
    this.hdr = copy(this.hdr, new Uint8Array(cap * 8), n * 8);
    this.bits = copy(this.bits, new Uint8Array(cap), n);
    if (u & USED_A4) this.a4 = copy(this.a4, new Uint8Array(cap * 8), n * 8);
    if (u & USED_A6) this.a6 = copy(this.a6, new Uint8Array(cap * 32), n * 32);
    if (u & USED_TABLE) this.table = copy(this.table, new Uint32Array(cap), n);
    if (u & USED_METRIC) this.metric = copy(this.metric, new Uint32Array(cap), n);
    if (u & USED_OIF) this.oif = copy(this.oif, new Int32Array(cap), n);
    if (u & USED_HOPS) [this.hop0, this.hopN] = [copy(this.hop0, new Int32Array(cap), n), copy(this.hopN, new Uint16Array(cap), n)];
    this.cap = cap;
  }

  private growHops(cap: number): void {
    const n = this.hn, u = this.used;
    if (u & USED_H4) this.h4 = copy(this.h4, new Uint8Array(cap * 4), n * 4);
    if (u & USED_H6) this.h6 = copy(this.h6, new Uint8Array(cap * 16), n * 16);
    this.hGw = copy(this.hGw, new Uint8Array(cap), n);
    this.hOif = copy(this.hOif, new Int32Array(cap), n);
    this.hHops = copy(this.hHops, new Uint8Array(cap), n);
    this.hFlags = copy(this.hFlags, new Uint8Array(cap), n);
    this.hcap = cap;
  }
}
