/**
 * RTA_MULTIPATH: an array of struct rtnexthop (linux/rtnetlink.h), each
 * followed by its own attributes (gateway, via, flow, encap...).
 *
 *   0        2        3        4                 8
 *   +--------+--------+--------+-----------------+------------------------+
 *   |rtnh_len| flags  |  hops  | ifindex (s32)   | attributes, up to len   |
 *   +--------+--------+--------+-----------------+------------------------+
 *   next entry at RTNH_ALIGN(rtnh_len)
 *
 * `hops` is the raw rtnh_hops (iproute2's weight minus one); flags decode
 * to RTNH_F names. rtnh_len counts the padded attributes, as the kernel
 * writes it, so decode then encode gives the kernel's bytes back. Bytes
 * after the last entry that cannot hold a whole rtnexthop, an rtnh_len
 * below 8 or past the end are DecodeErrors.
 */
import { HOST_LE } from "../core/align.ts";
import { attrSet, type AttrSet } from "../core/attrset.ts";
import { DecodeError } from "../core/errors.ts";
import { binary, custom, enumField, ipAddr, u32, type Field } from "../core/fields.ts";
import { decodeEncapAt, encapField } from "./encap.ts";
import { labelsField } from "./mpls.ts";
import { RTNH_F, LWTUNNEL_ENCAP } from "./tables.ts";
import { viaField } from "./via.ts";

/** Build the per-hop attribute set (a subset of route-attrs; others are kept as unknown); `mpls`: newdst as labels. */
export function makeHopAttrs(encapFlags: number, mpls = false) {
  return attrSet("rtnexthop-attrs", {
    gateway: ipAddr(5),
    flow: u32(11),
    via: viaField(18),
    newdst: mpls ? labelsField(19) : binary(19),
    encapType: enumField(21, 2, LWTUNNEL_ENCAP),
    encap: encapField(22, encapFlags),
  });
}

/** Per-hop attributes as decoded. */
export type HopAttrs = ReturnType<typeof makeHopAttrs>["_type"];

/** One decoded struct rtnexthop with its attributes. */
export interface RtNexthop {
  flags: string[];
  hops: number;
  ifindex: number;
  attrs: HopAttrs;
}

const RTNH_SIZE = 8;
const RTA_ENCAP = 22;

/** Find the first attribute of `type` in [off, end); returns its payload offset and length, or undefined. */
export function findAttr(dv: DataView, off: number, end: number, type: number): [number, number] | undefined {
  while (off + 4 <= end) {
    const len = dv.getUint16(off, HOST_LE);
    if (len < 4) return undefined;
    if ((dv.getUint16(off + 2, HOST_LE) & 0x3fff) === type) return [off + 4, len - 4];
    off += (len + 3) & ~3;
  }
  return undefined;
}

/**
 * Type a hex `encap` member of a decoded attribute object in place, using
 * its `encapType`, by decoding the first `encapAttr` attribute in [off, end).
 */
export function typeEncapIn(attrs: { encap?: unknown; encapType?: unknown }, buf: Uint8Array, dv: DataView, off: number, end: number, encapAttr: number): void {
  if (typeof attrs.encap !== "string" || (attrs.encapType !== "mpls" && attrs.encapType !== "seg6")) return;
  const at = findAttr(dv, off, end, encapAttr);
  if (at !== undefined) attrs.encap = decodeEncapAt(attrs.encapType, buf, dv, at[0], at[1]);
}

/** The RTA_MULTIPATH field over a per-hop attribute set. */
export function multipathField(type: number, hop: AttrSet<HopAttrs>): Field<RtNexthop[]> {
  return custom<RtNexthop[]>(type, (b, dv, off, len, path) => {
    const out: RtNexthop[] = [];
    const end = off + len;
    let p = off;
    while (p < end) {
      if (end - p < RTNH_SIZE) throw new DecodeError(`${end - p} trailing bytes, too short for struct rtnexthop`, path, p);
      const rlen = dv.getUint16(p, HOST_LE);
      if (rlen < RTNH_SIZE) throw new DecodeError(`rtnh_len ${rlen} is below the 8-byte header`, path, p);
      if (rlen > end - p) throw new DecodeError(`rtnh_len ${rlen} runs past the end (${end - p} left)`, path, p);
      const attrs = hop.decode(b, dv, p + RTNH_SIZE, p + rlen);
      typeEncapIn(attrs, b, dv, p + RTNH_SIZE, p + rlen, RTA_ENCAP);
      out.push({ flags: RTNH_F.names(b[p + 2]!), hops: b[p + 3]!, ifindex: dv.getInt32(p + 4, HOST_LE), attrs });
      p += (rlen + 3) & ~3;
    }
    return out;
  }, (w, v, path) => {
    if (!Array.isArray(v)) throw new TypeError(`${path}: expected an array of nexthops`);
    v.forEach((nh: RtNexthop, i) => {
      const p = `${path}[${i}]`;
      if (nh === null || typeof nh !== "object") throw new TypeError(`${p}: expected { flags, hops, ifindex, attrs }`);
      const flags = nh.flags === undefined ? 0 : RTNH_F.value(nh.flags, `${p}.flags`);
      if (flags > 0xff) throw new RangeError(`${p}.flags: 0x${flags.toString(16)} does not fit rtnh_flags (u8)`);
      const hops = intIn(nh.hops ?? 0, 0, 0xff, `${p}.hops`);
      const ifindex = intIn(nh.ifindex ?? 0, -0x80000000, 0x7fffffff, `${p}.ifindex`);
      w.pad4();
      const start = w.pos;
      w.ensure(RTNH_SIZE);
      w.u16(0);
      w.u8(flags);
      w.u8(hops);
      w.s32(ifindex);
      if (nh.attrs !== undefined) hop.encode(w, nh.attrs, `${p}.attrs`);
      const rlen = w.pos - start;
      if (rlen > 0xffff) throw new RangeError(`${p}: rtnexthop of ${rlen} bytes is over rtnh_len's 65535`);
      w.dv.setUint16(start, rlen, HOST_LE);
    });
  });
}

function intIn(v: unknown, min: number, max: number, path: string): number {
  if (typeof v !== "number" || !Number.isInteger(v)) throw new TypeError(`${path}: expected an integer, got ${String(v)}`);
  if (v < min || v > max) throw new RangeError(`${path}: ${v} is out of range ${min}..${max}`);
  return v;
}
