/**
 * Lightweight-tunnel encapsulation (RTA_ENCAP with RTA_ENCAP_TYPE, and
 * NHA_ENCAP with NHA_ENCAP_TYPE): typed for MPLS (linux/mpls_iptunnel.h)
 * and SRv6 (linux/seg6_iptunnel.h, struct ipv6_sr_hdr in linux/seg6.h),
 * kept as a hex string for every other encap type.
 *
 * The payload's meaning depends on the sibling encap-type attribute, which
 * the kernel writes *after* the encap nest (lwtunnel_fill_encap), so the
 * attribute engine first keeps the payload as hex and the message codecs
 * call `typeEncap` once all attributes are read. On encode, a typed value
 * is recognised by its keys (`dst`/`ttl` for MPLS, `srh` for seg6); a
 * value with only `unknown` attributes writes the same bytes under either
 * set.
 */
import { HOST_LE } from "../core/align.ts";
import { attrSet, type AttrSet } from "../core/attrset.ts";
import { DecodeError } from "../core/errors.ts";
import { custom, u8, type Field } from "../core/fields.ts";
import { fromHex, toHex } from "../core/hex.ts";
import { NlWriter } from "../core/writer.ts";
import { formatIPv6, parseIPv6 } from "../ip/index.ts";
import { SEG6_MODE } from "./tables.ts";

/** One MPLS label stack entry (RFC 3032): label 20 bits, traffic class 3, bottom of stack 1, ttl 8. */
export interface MplsLabel {
  label: number;
  tc: number;
  bos: boolean;
  ttl: number;
}

/** MPLS_IPTUNNEL_DST payload: big-endian label stack entries. */
const labelStack: Field<MplsLabel[]> = custom<MplsLabel[]>(1, (_b, dv, off, len, path) => {
  if (len % 4 !== 0) throw new DecodeError(`MPLS label stack of ${len} bytes is not a multiple of 4`, path, off);
  const out: MplsLabel[] = [];
  for (let p = off; p < off + len; p += 4) {
    const v = dv.getUint32(p, false);
    out.push({ label: v >>> 12, tc: (v >>> 9) & 7, bos: ((v >>> 8) & 1) === 1, ttl: v & 0xff });
  }
  return out;
}, (w, v, path) => {
  if (!Array.isArray(v)) throw new TypeError(`${path}: expected an array of MPLS labels`);
  v.forEach((l: MplsLabel, i) => {
    const p = `${path}[${i}]`;
    if (l === null || typeof l !== "object") throw new TypeError(`${p}: expected { label, tc, bos, ttl }`);
    const label = intIn(l.label, 0, 0xfffff, `${p}.label`);
    const tc = intIn(l.tc ?? 0, 0, 7, `${p}.tc`);
    const ttl = intIn(l.ttl ?? 0, 0, 255, `${p}.ttl`);
    if (typeof l.bos !== "boolean") throw new TypeError(`${p}.bos: expected a boolean`);
    w.u32be(((label << 12) | (tc << 9) | (l.bos ? 0x100 : 0) | ttl) >>> 0);
  });
});

/** MPLS encap attributes (MPLS_IPTUNNEL_*). */
export const mplsEncapAttrs = attrSet("mpls-encap", {
  dst: labelStack,
  ttl: u8(2),
});
/** A decoded MPLS encap. */
export type MplsEncap = typeof mplsEncapAttrs._type;

/** struct seg6_iptunnel_encap: the mode and the segment routing header as the kernel stores it. */
export interface Seg6Srh {
  mode: string | number;
  nexthdr: number;
  /** Header length in 8-byte units, not counting the first 8 bytes. */
  hdrlen: number;
  type: number;
  segmentsLeft: number;
  firstSegment: number;
  flags: number;
  tag: number;
  /** Segments in header order (the last hop first, as in the packet). */
  segments: string[];
  /** Bytes after the segments (TLVs such as HMAC), hex; absent when none. */
  tlvs?: string;
}

/** SEG6_IPTUNNEL_SRH payload: s32 mode, then struct ipv6_sr_hdr with its segments. */
const srhField: Field<Seg6Srh> = custom<Seg6Srh>(1, (b, dv, off, len, path) => {
  if (len < 12) throw new DecodeError(`seg6 encap needs at least 12 bytes, got ${len}`, path, off);
  const mode = dv.getInt32(off, HOST_LE);
  const h = off + 4;
  const firstSegment = b[h + 4]!;
  const room = Math.floor((len - 12) / 16);
  const n = Math.min(firstSegment + 1, room);
  const segments: string[] = [];
  for (let i = 0; i < n; i++) segments.push(formatIPv6(b, h + 8 + 16 * i));
  const out: Seg6Srh = {
    mode: mode >= 0 ? SEG6_MODE.name(mode) : mode,
    nexthdr: b[h]!, hdrlen: b[h + 1]!, type: b[h + 2]!, segmentsLeft: b[h + 3]!,
    firstSegment, flags: b[h + 5]!, tag: dv.getUint16(h + 6, false), segments,
  };
  const used = 12 + 16 * n;
  if (len > used) out.tlvs = toHex(b, off + used, len - used);
  return out;
}, (w, v, path) => {
  if (v === null || typeof v !== "object") throw new TypeError(`${path}: expected a seg6 header object`);
  const mode = typeof v.mode === "number" && v.mode < 0 ? intIn(v.mode, -0x80000000, -1, `${path}.mode`) : SEG6_MODE.value(v.mode, `${path}.mode`, 0x7fffffff);
  if (!Array.isArray(v.segments)) throw new TypeError(`${path}.segments: expected an array of IPv6 addresses`);
  w.s32(mode);
  w.u8(intIn(v.nexthdr, 0, 255, `${path}.nexthdr`));
  w.u8(intIn(v.hdrlen, 0, 255, `${path}.hdrlen`));
  w.u8(intIn(v.type, 0, 255, `${path}.type`));
  w.u8(intIn(v.segmentsLeft, 0, 255, `${path}.segmentsLeft`));
  w.u8(intIn(v.firstSegment, 0, 255, `${path}.firstSegment`));
  w.u8(intIn(v.flags, 0, 255, `${path}.flags`));
  w.u16be(intIn(v.tag, 0, 0xffff, `${path}.tag`));
  v.segments.forEach((s, i) => w.bytes(parseIPv6(s, `${path}.segments[${i}]`)));
  if (v.tlvs !== undefined) w.bytes(fromHex(v.tlvs, `${path}.tlvs`));
});

/** seg6 encap attributes (SEG6_IPTUNNEL_*). */
export const seg6EncapAttrs = attrSet("seg6-encap", { srh: srhField });
/** A decoded seg6 encap. */
export type Seg6Encap = typeof seg6EncapAttrs._type;

/** RTA_ENCAP / NHA_ENCAP value: typed for mpls and seg6, hex for the rest. */
export type Encap = string | MplsEncap | Seg6Encap;

const TYPED: Readonly<Record<string, AttrSet<object>>> = { mpls: mplsEncapAttrs, seg6: seg6EncapAttrs };

/**
 * The encap attribute field: decodes to hex (typed later by `typeEncap`),
 * encodes hex or a typed object. `wireFlags` is NLA_F_NESTED for requests
 * in iproute2's layout, 0 for the kernel's.
 */
export function encapField(type: number, wireFlags = 0): Field<Encap> {
  return custom<Encap>(type, (b, _dv, off, len) => toHex(b, off, len), (w, v, path) => {
    if (typeof v === "string") {
      w.bytes(fromHex(v, path));
      return;
    }
    if (v === null || typeof v !== "object") throw new TypeError(`${path}: expected a hex string or an encap object`);
    if ("srh" in v && ("dst" in v || "ttl" in v)) throw new TypeError(`${path}: mixes MPLS (dst, ttl) and seg6 (srh) attributes`);
    (("srh" in v ? seg6EncapAttrs : mplsEncapAttrs) as AttrSet<object>).encode(w, v, path);
  }, { wireFlags });
}

/**
 * Decode the encap payload at buf[off, off+len) for `encapType` (the
 * decoded sibling encap-type attribute): typed for "mpls" and "seg6", hex
 * otherwise. Throws DecodeError when a typed payload is malformed.
 */
export function decodeEncapAt(encapType: unknown, buf: Uint8Array, dv: DataView, off: number, len: number): Encap {
  const set = typeof encapType === "string" ? TYPED[encapType] : undefined;
  if (set === undefined) return toHex(buf, off, len);
  return set.decode(buf, dv, off, off + len) as Encap;
}

/** Encode a typed encap alone (for tests and tools). */
export function encodeEncap(v: Encap): Uint8Array {
  const w = new NlWriter(256);
  encapField(0).encode(w, v, "encap");
  return w.toBytes();
}

function intIn(v: unknown, min: number, max: number, path: string): number {
  if (typeof v !== "number" || !Number.isInteger(v)) throw new TypeError(`${path}: expected an integer, got ${String(v)}`);
  if (v < min || v > max) throw new RangeError(`${path}: ${v} is out of range ${min}..${max}`);
  return v;
}
