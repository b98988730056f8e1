/**
 * The lightweight-tunnel encap payloads the route codec keeps as hex
 * (encap.ts types only mpls and seg6): ila, bpf, seg6local, rpl, ioam6,
 * xfrm, and the LWTUNNEL_IP_OPTS nest of ip/ip6 encaps (geneve, vxlan,
 * erspan options), decoded for readers that print them (iproute2 6.1's
 * ip/iproute_lwtunnel.c). Attribute numbers from iproute2 6.1's uapi
 * copies: linux/ila.h, seg6_local.h, rpl_iptunnel.h, ioam6_iptunnel.h
 * (MODE 1, DST 2, TRACE 3, FREQ_K 4, FREQ_N 5), lwtunnel.h.
 *
 * Attributes are looked up as ip's parse_rtattr does: exact type (no
 * NLA_F_* masking), the first of a type wins, a short attribute is absent.
 */
import { fromHex } from "../core/hex.ts";
import { formatIPv4, formatIPv6 } from "../ip/index.ts";

/** Attributes of a nest: type -> [offset, length] of the payload (first of each type). */
type Nest = Map<number, [number, number]>;

function nest(b: Uint8Array, off: number, end: number): Nest {
  const m: Nest = new Map();
  while (off + 4 <= end) {
    const len = b[off]! | (b[off + 1]! << 8);
    const type = b[off + 2]! | (b[off + 3]! << 8);
    if (len < 4 || off + len > end) break;
    if (!m.has(type)) m.set(type, [off + 4, len - 4]);
    off += (len + 3) & ~3;
  }
  return m;
}

const dvOf = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
const u8 = (b: Uint8Array, a: [number, number] | undefined) => (a !== undefined && a[1] >= 1 ? b[a[0]]! : undefined);
const u32 = (b: Uint8Array, a: [number, number] | undefined) => (a !== undefined && a[1] >= 4 ? dvOf(b).getUint32(a[0], true) : undefined);
const u64 = (b: Uint8Array, a: [number, number] | undefined) => (a !== undefined && a[1] >= 8 ? dvOf(b).getBigUint64(a[0], true) : undefined);
const str = (b: Uint8Array, a: [number, number] | undefined) => {
  if (a === undefined) return undefined;
  const s = b.subarray(a[0], a[0] + a[1]);
  const z = s.indexOf(0);
  return new TextDecoder().decode(z < 0 ? s : s.subarray(0, z));
};
const ip6 = (b: Uint8Array, a: [number, number] | undefined) => (a !== undefined && a[1] >= 16 ? formatIPv6(b, a[0]) : undefined);
const ip4 = (b: Uint8Array, a: [number, number] | undefined) => (a !== undefined && a[1] >= 4 ? formatIPv4(b, a[0]) : undefined);
const hex = (b: Uint8Array, off: number, len: number) => Array.from(b.subarray(off, off + len), (x) => x.toString(16).padStart(2, "0")).join("");

/** struct ipv6_sr_hdr (8 bytes, then 16-byte segments) as ip's print_srh reads it. */
export interface SrHeader {
  firstSegment: number;
  /** Segments in header order, as many as first_segment + 1 and the payload allow. */
  segments: string[];
  /** The HMAC TLV's key id when flags has SR6_FLAG1_HMAC (0x08). */
  hmacKeyId?: number;
}

/**
 * ```
 *  0        1        2        3        4        5        6        7
 * |nexthdr |hdrlen  |type    |seg_left|first   |flags   |tag (be16)       | segments[16]...
 * ```
 */
function srh(b: Uint8Array, off: number, len: number): SrHeader | undefined {
  if (len < 8) return undefined;
  const firstSegment = b[off + 4]!;
  const segments: string[] = [];
  for (let i = 0; i <= firstSegment && 8 + 16 * (i + 1) <= len; i++) segments.push(formatIPv6(b, off + 8 + 16 * i));
  const out: SrHeader = { firstSegment, segments };
  if (b[off + 5]! & 0x08) {
    const t = off + ((b[off + 1]! + 1) << 3) - 40 + 4;
    if (t + 4 <= off + len) out.hmacKeyId = dvOf(b).getUint32(t, false);
  }
  return out;
}

/** A bpf program of an LWT_BPF_IN/OUT/XMIT or SEG6_LOCAL_BPF nest: its name (LWT_BPF_PROG_NAME 2). */
export interface BpfProg {
  name?: string;
}
function prog(b: Uint8Array, a: [number, number] | undefined): BpfProg | undefined {
  if (a === undefined) return undefined;
  const name = str(b, nest(b, a[0], a[0] + a[1]).get(2));
  return name === undefined ? {} : { name };
}

/** LWTUNNEL_ENCAP_BPF: LWT_BPF_IN 1, OUT 2, XMIT 3, XMIT_HEADROOM 4. */
export interface BpfEncap {
  in?: BpfProg;
  out?: BpfProg;
  xmit?: BpfProg;
  headroom?: number;
}

/** LWTUNNEL_ENCAP_ILA: LOCATOR 1 (u64, printed as four 16-bit groups), CSUM_MODE 7, IDENT_TYPE 8, HOOK_TYPE 9. */
export interface IlaEncap {
  locator?: string;
  csumMode?: number;
  identType?: number;
  hookType?: number;
}

/** LWTUNNEL_ENCAP_SEG6_LOCAL (SEG6_LOCAL_*). */
export interface Seg6LocalEncap {
  action?: number;
  srh?: SrHeader;
  table?: number;
  nh4?: string;
  nh6?: string;
  iif?: number;
  oif?: number;
  bpf?: BpfProg;
  vrftable?: number;
  counters?: { packets: bigint; bytes: bigint; errors: bigint };
  flavors?: { operation?: number; lblen?: number; nflen?: number };
}

/**
 * LWTUNNEL_ENCAP_RPL: RPL_IPTUNNEL_SRH 1 (struct ipv6_rpl_sr_hdr, uncompressed segments).
 * ```
 *  0        1        2        3        4         5        6..7
 * |nexthdr |hdrlen  |type    |seg_left|cmpri|cmpre|pad|rsv|reserved | segments[16]...
 * ```
 */
export interface RplEncap {
  segmentsLeft: number;
  segments: string[];
}

/** LWTUNNEL_ENCAP_IOAM6. */
export interface Ioam6Encap {
  mode?: number;
  dst?: string;
  freqK?: number;
  freqN?: number;
  /**
   * struct ioam6_trace_hdr: namespace id (be16), remlen (7 bits of byte 3), the 24 type bits (be32 >> 8).
   * ```
   *  0..1               2                  3                 4..7
   * |namespace_id (be) |overflow,nodelen  |remlen:7        |type_be32 (24 bits used) | data...
   * ```
   */
  trace?: { namespaceId: number; remlen: number; type: number };
}

/** LWTUNNEL_ENCAP_XFRM: LWT_XFRM_IF_ID 1, LWT_XFRM_LINK 2. */
export interface XfrmEncap {
  ifId?: number;
  link?: number;
}

/** Decode an ila encap payload (hex). */
export function decodeIlaEncap(h: string): IlaEncap {
  const b = fromHex(h, "encap");
  const t = nest(b, 0, b.length);
  const out: IlaEncap = {};
  const loc = t.get(1);
  if (loc !== undefined && loc[1] >= 8) {
    out.locator = [0, 1, 2, 3].map((i) => ((b[loc[0] + 2 * i]! << 8) | b[loc[0] + 2 * i + 1]!).toString(16)).join(":");
  }
  out.csumMode = u8(b, t.get(7));
  out.identType = u8(b, t.get(8));
  out.hookType = u8(b, t.get(9));
  return out;
}

/** Decode a bpf encap payload (hex). */
export function decodeBpfEncap(h: string): BpfEncap {
  const b = fromHex(h, "encap");
  const t = nest(b, 0, b.length);
  return { in: prog(b, t.get(1)), out: prog(b, t.get(2)), xmit: prog(b, t.get(3)), headroom: u32(b, t.get(4)) };
}

/** Decode a seg6local encap payload (hex). */
export function decodeSeg6LocalEncap(h: string): Seg6LocalEncap {
  const b = fromHex(h, "encap");
  const t = nest(b, 0, b.length);
  const out: Seg6LocalEncap = {
    action: u32(b, t.get(1)), table: u32(b, t.get(3)), nh4: ip4(b, t.get(4)), nh6: ip6(b, t.get(5)),
    iif: u32(b, t.get(6)), oif: u32(b, t.get(7)), bpf: prog(b, t.get(8)), vrftable: u32(b, t.get(9)),
  };
  const s = t.get(2);
  if (s !== undefined) out.srh = srh(b, s[0], s[1]);
  const c = t.get(10);
  if (c !== undefined) {
    const n = nest(b, c[0], c[0] + c[1]);
    out.counters = { packets: u64(b, n.get(2)) ?? 0n, bytes: u64(b, n.get(3)) ?? 0n, errors: u64(b, n.get(4)) ?? 0n };
  }
  const f = t.get(11);
  if (f !== undefined) {
    const n = nest(b, f[0], f[0] + f[1]);
    out.flavors = { operation: u32(b, n.get(1)), lblen: u8(b, n.get(2)), nflen: u8(b, n.get(3)) };
  }
  return out;
}

/** Decode an rpl encap payload (hex); undefined without RPL_IPTUNNEL_SRH. */
export function decodeRplEncap(h: string): RplEncap | undefined {
  const b = fromHex(h, "encap");
  const s = nest(b, 0, b.length).get(1);
  if (s === undefined || s[1] < 8) return undefined;
  const segmentsLeft = b[s[0] + 3]!;
  const segments: string[] = [];
  for (let i = 0; i < segmentsLeft && 8 + 16 * (i + 1) <= s[1]; i++) segments.push(formatIPv6(b, s[0] + 8 + 16 * i));
  return { segmentsLeft, segments };
}

/** Decode an ioam6 encap payload (hex). */
export function decodeIoam6Encap(h: string): Ioam6Encap {
  const b = fromHex(h, "encap");
  const t = nest(b, 0, b.length);
  const out: Ioam6Encap = { mode: u8(b, t.get(1)), dst: ip6(b, t.get(2)), freqK: u32(b, t.get(4)), freqN: u32(b, t.get(5)) };
  const tr = t.get(3);
  if (tr !== undefined && tr[1] >= 8) {
    const dv = dvOf(b);
    out.trace = { namespaceId: dv.getUint16(tr[0], false), remlen: b[tr[0] + 3]! & 0x7f, type: dv.getUint32(tr[0] + 4, false) >>> 8 };
  }
  return out;
}

/** Decode an xfrm encap payload (hex). */
export function decodeXfrmEncap(h: string): XfrmEncap {
  const b = fromHex(h, "encap");
  const t = nest(b, 0, b.length);
  return { ifId: u32(b, t.get(1)), link: u32(b, t.get(2)) };
}

/** One geneve option: class, type, data (hex). */
export interface GeneveOpt {
  class: number;
  type: number;
  data: string;
}

/** LWTUNNEL_IP_OPTS of an ip/ip6 encap: the first of GENEVE 1, VXLAN 2, ERSPAN 3 that is present. */
export type IpEncapOpts =
  | { geneve: GeneveOpt[] }
  | { vxlan: { gbp: number } }
  | { erspan: { ver: number; index: number; dir: number; hwid: number } };

/**
 * Decode the LWTUNNEL_IP_OPTS payload (hex). Geneve options are read as
 * ip's lwtunnel_print_geneve_opts walks them: CLASS, TYPE and DATA
 * attributes from the current offset, then 20 + data length further.
 */
export function decodeIpEncapOpts(h: string): IpEncapOpts | undefined {
  const b = fromHex(h, "opts");
  const t = nest(b, 0, b.length);
  const g = t.get(1);
  if (g !== undefined) {
    const opts: GeneveOpt[] = [];
    let off = g[0];
    const end = g[0] + g[1];
    while (off < end) {
      const o = nest(b, off, end);
      const cls = o.get(1);
      const data = o.get(3);
      if (cls === undefined || cls[1] < 2 || data === undefined) break;
      opts.push({ class: dvOf(b).getUint16(cls[0], false), type: u8(b, o.get(2)) ?? 0, data: hex(b, data[0], data[1]) });
      off += data[1] + 20;
    }
    return { geneve: opts };
  }
  const v = t.get(2);
  if (v !== undefined) return { vxlan: { gbp: u32(b, nest(b, v[0], v[0] + v[1]).get(1)) ?? 0 } };
  const e = t.get(3);
  if (e !== undefined) {
    const n = nest(b, e[0], e[0] + e[1]);
    const ver = u8(b, n.get(1)) ?? 0;
    const idx = n.get(2);
    if (ver === 1) return { erspan: { ver, index: idx !== undefined && idx[1] >= 4 ? dvOf(b).getUint32(idx[0], false) : 0, dir: 0, hwid: 0 } };
    return { erspan: { ver, index: 0, dir: u8(b, n.get(3)) ?? 0, hwid: u8(b, n.get(4)) ?? 0 } };
  }
  return undefined;
}
