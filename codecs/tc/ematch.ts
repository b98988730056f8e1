/**
 * Extended matches (linux/pkt_cls.h TCA_EMATCH_*, linux/tc_ematch/*.h):
 * the tree a basic filter carries in TCA_BASIC_EMATCHES.
 *
 *   TCA_EMATCH_TREE_HDR (1): struct tcf_ematch_tree_hdr
 *     0          2          4
 *     +----------+----------+
 *     | nmatches | progid   |   u16, u16 (host order)
 *     +----------+----------+
 *   TCA_EMATCH_TREE_LIST (2): one attribute per match, numbered 1..nmatches:
 *     struct tcf_ematch_hdr, then the kind's data
 *     0         2        4        6       8
 *     +---------+--------+--------+-------+------
 *     | matchid | kind   | flags  | pad   | data...
 *     +---------+--------+--------+-------+------
 *   A container (kind 0) holds a u32: the 0-based position of its first child.
 *
 * Kind data:
 *   cmp (1), struct tcf_em_cmp, 12 bytes:
 *     0      4      8     10                   11                  12
 *     +------+------+-----+--------------------+-------------------+
 *     | val  | mask | off | align:4 | flags:4  | layer:4 | opnd:4  |
 *     +------+------+-----+--------------------+-------------------+
 *   nbyte (2), struct tcf_em_nbyte, 4 bytes, then the needle:
 *     0     2                  4
 *     +-----+------------------+
 *     | off | len:12 | layer:4 |
 *     +-----+------------------+
 *   u32 (3): struct tc_u32_key (mask be32, val be32, off s32, offmask s32).
 *   meta (4): attributes TCA_EM_META_HDR (struct tcf_meta_hdr: left and right
 *     struct tcf_meta_val { u16 kind (type << 12 | id), u8 shift, u8 op }),
 *     TCA_EM_META_LVALUE, TCA_EM_META_RVALUE.
 *
 * Bit fields are laid out as GCC does on little-endian hosts (the first
 * field in the low bits).
 */
import { HOST_LE } from "../core/align.ts";

/** TCA_EMATCH_TREE_*. */
export const TCA_EMATCH_TREE = { HDR: 1, LIST: 2 } as const;
/** TCF_EM_PROG_TC (enum { TCF_EM_PROG_TC }): the program id tc sends. */
export const TCF_EM_PROG_TC = 0;
/** TCF_EM_* kinds (container 0). */
export const TCF_EM = { CONTAINER: 0, CMP: 1, NBYTE: 2, U32: 3, META: 4, TEXT: 5, VLAN: 6, CANID: 7, IPSET: 8, IPT: 9 } as const;
/** tcf_ematch_hdr flags: relation to the next match (REL_MASK 3), INVERT, SIMPLE. */
export const TCF_EM_FLAG = { REL_END: 0, REL_AND: 1, REL_OR: 2, REL_MASK: 3, INVERT: 4, SIMPLE: 8 } as const;
/** TCF_EM_OPND_* comparison operands. */
export const TCF_EM_OPND = { EQ: 0, GT: 1, LT: 2 } as const;
/** TCF_LAYER_*. */
export const TCF_LAYER = { LINK: 0, NETWORK: 1, TRANSPORT: 2, MAX: 2 } as const;
/** TCA_EM_META_*. */
export const TCA_EM_META = { HDR: 1, LVALUE: 2, RVALUE: 3 } as const;
/** TCF_META_TYPE_*. */
export const TCF_META_TYPE = { VAR: 0, INT: 1 } as const;

/** One match of the flat list (attribute type = position + 1). */
export interface EmatchEntry {
  matchid: number;
  kind: number;
  flags: number;
  /** The kind's data after the header. */
  data: Uint8Array;
}

/** A decoded tree: the header (when present) and the list's attributes by type (first one wins, as parse_rtattr). */
export interface EmatchTreeWire {
  hdr?: { nmatches: number; progid: number };
  /** Payload of each list attribute by its type (1-based). */
  list?: Map<number, Uint8Array>;
}

function attr(type: number, payload: Uint8Array): Uint8Array {
  const len = 4 + payload.length;
  const out = new Uint8Array((len + 3) & ~3);
  const dv = new DataView(out.buffer);
  dv.setUint16(0, len, HOST_LE);
  dv.setUint16(2, type, HOST_LE);
  out.set(payload, 4);
  return out;
}

function cat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/** addraw_l: bytes padded to 4 (the padding counts in the enclosing attribute's length). */
function padded(b: Uint8Array): Uint8Array {
  const out = new Uint8Array((b.length + 3) & ~3);
  out.set(b);
  return out;
}

/** The payload of TCA_*_EMATCHES for a flat list, as tc's parse_ematch builds it (progid TCF_EM_PROG_TC). */
export function encodeEmatchTree(matches: readonly EmatchEntry[], nmatches = matches.length, progid = TCF_EM_PROG_TC): Uint8Array {
  const hdr = new Uint8Array(4);
  const hv = new DataView(hdr.buffer);
  hv.setUint16(0, nmatches, HOST_LE);
  hv.setUint16(2, progid, HOST_LE);
  const list = matches.map((m, i) => {
    const h = new Uint8Array(8);
    const dv = new DataView(h.buffer);
    dv.setUint16(0, m.matchid, HOST_LE);
    dv.setUint16(2, m.kind, HOST_LE);
    dv.setUint16(4, m.flags, HOST_LE);
    // addraw_l pads the header and the data each to 4; the nest's length covers the padding
    const body = cat([h, padded(m.data)]);
    const out = new Uint8Array(4 + body.length);
    new DataView(out.buffer).setUint16(0, out.length, HOST_LE);
    new DataView(out.buffer).setUint16(2, i + 1, HOST_LE);
    out.set(body, 4);
    return out;
  });
  const l = cat(list);
  const listAttr = new Uint8Array(4 + l.length);
  new DataView(listAttr.buffer).setUint16(0, listAttr.length, HOST_LE);
  new DataView(listAttr.buffer).setUint16(2, TCA_EMATCH_TREE.LIST, HOST_LE);
  listAttr.set(l, 4);
  return cat([attr(TCA_EMATCH_TREE.HDR, hdr), listAttr]);
}

/** Attributes of a stream, type (NLA_TYPE_MASK) and payload; stops at a malformed one. */
export function rtattrs(b: Uint8Array): Array<{ type: number; payload: Uint8Array }> {
  const out: Array<{ type: number; payload: Uint8Array }> = [];
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let o = 0;
  while (o + 4 <= b.length) {
    const len = dv.getUint16(o, HOST_LE);
    if (len < 4 || o + len > b.length) break;
    out.push({ type: dv.getUint16(o + 2, HOST_LE) & 0x3fff, payload: b.subarray(o + 4, o + len) });
    o += (len + 3) & ~3;
  }
  return out;
}

/** Decode a TCA_*_EMATCHES payload into its header and list attributes. */
export function decodeEmatchTree(b: Uint8Array): EmatchTreeWire {
  const out: EmatchTreeWire = {};
  for (const a of rtattrs(b)) {
    if (a.type === TCA_EMATCH_TREE.HDR && out.hdr === undefined && a.payload.length >= 4) {
      const dv = new DataView(a.payload.buffer, a.payload.byteOffset, 4);
      out.hdr = { nmatches: dv.getUint16(0, HOST_LE), progid: dv.getUint16(2, HOST_LE) };
    } else if (a.type === TCA_EMATCH_TREE.LIST && out.list === undefined) {
      out.list = new Map();
      for (const m of rtattrs(a.payload)) if (!out.list.has(m.type)) out.list.set(m.type, m.payload);
    }
  }
  return out;
}

/** Split one list attribute's payload into header and data (undefined when shorter than the header). */
export function emHeader(p: Uint8Array): EmatchEntry | undefined {
  if (p.length < 8) return undefined;
  const dv = new DataView(p.buffer, p.byteOffset, 8);
  return { matchid: dv.getUint16(0, HOST_LE), kind: dv.getUint16(2, HOST_LE), flags: dv.getUint16(4, HOST_LE), data: p.subarray(8) };
}

/** struct tcf_em_cmp. */
export interface EmCmp { val: number; mask: number; off: number; align: number; flags: number; layer: number; opnd: number }

/** tcf_em_cmp bytes. */
export function encodeEmCmp(c: EmCmp): Uint8Array {
  const b = new Uint8Array(12);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, c.val >>> 0, HOST_LE);
  dv.setUint32(4, c.mask >>> 0, HOST_LE);
  dv.setUint16(8, c.off & 0xffff, HOST_LE);
  b[10] = (c.align & 0xf) | ((c.flags & 0xf) << 4);
  b[11] = (c.layer & 0xf) | ((c.opnd & 0xf) << 4);
  return b;
}

/** tcf_em_cmp from its bytes (undefined when short). */
export function decodeEmCmp(b: Uint8Array): EmCmp | undefined {
  if (b.length < 12) return undefined;
  const dv = new DataView(b.buffer, b.byteOffset, 12);
  return { val: dv.getUint32(0, HOST_LE), mask: dv.getUint32(4, HOST_LE), off: dv.getUint16(8, HOST_LE), align: b[10]! & 0xf, flags: b[10]! >> 4, layer: b[11]! & 0xf, opnd: b[11]! >> 4 };
}

/** tcf_em_nbyte and its needle. */
export function encodeEmNbyte(off: number, layer: number, needle: Uint8Array): Uint8Array {
  const b = new Uint8Array(4 + needle.length);
  const dv = new DataView(b.buffer);
  dv.setUint16(0, off & 0xffff, HOST_LE);
  dv.setUint16(2, (needle.length & 0xfff) | ((layer & 0xf) << 12), HOST_LE);
  b.set(needle, 4);
  return b;
}

/** tcf_em_nbyte header (the needle follows at byte 4). */
export function decodeEmNbyte(b: Uint8Array): { off: number; len: number; layer: number } | undefined {
  if (b.length < 4) return undefined;
  const dv = new DataView(b.buffer, b.byteOffset, 4);
  const w = dv.getUint16(2, HOST_LE);
  return { off: dv.getUint16(0, HOST_LE), len: w & 0xfff, layer: w >> 12 };
}

/** struct tc_u32_key bytes (mask and val as network-order words). */
export function encodeEmU32(k: { mask: number; val: number; off: number; offmask: number }): Uint8Array {
  const b = new Uint8Array(16);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, k.mask >>> 0, false);
  dv.setUint32(4, k.val >>> 0, false);
  dv.setInt32(8, k.off | 0, HOST_LE);
  dv.setInt32(12, k.offmask | 0, HOST_LE);
  return b;
}

/** tc_u32_key from its bytes (undefined when short). */
export function decodeEmU32(b: Uint8Array): { mask: number; val: number; off: number; offmask: number } | undefined {
  if (b.length < 16) return undefined;
  const dv = new DataView(b.buffer, b.byteOffset, 16);
  return { mask: dv.getUint32(0, false), val: dv.getUint32(4, false), off: dv.getInt32(8, HOST_LE), offmask: dv.getInt32(12, HOST_LE) };
}

/** struct tcf_meta_val. */
export interface MetaVal { kind: number; shift: number; op: number }

/** meta data: TCA_EM_META_HDR, then the values present (an INT value is a host-order u32, a VAR one its bytes). */
export function encodeEmMeta(left: MetaVal, right: MetaVal, lvalue: Uint8Array | undefined, rvalue: Uint8Array | undefined): Uint8Array {
  const h = new Uint8Array(8);
  const dv = new DataView(h.buffer);
  dv.setUint16(0, left.kind, HOST_LE); h[2] = left.shift; h[3] = left.op;
  dv.setUint16(4, right.kind, HOST_LE); h[6] = right.shift; h[7] = right.op;
  const parts = [attr(TCA_EM_META.HDR, h)];
  if (lvalue) parts.push(attr(TCA_EM_META.LVALUE, lvalue));
  if (rvalue) parts.push(attr(TCA_EM_META.RVALUE, rvalue));
  return cat(parts);
}

/** The two tcf_meta_val of a TCA_EM_META_HDR payload (undefined when short). */
export function decodeMetaHdr(b: Uint8Array): { left: MetaVal; right: MetaVal } | undefined {
  if (b.length < 8) return undefined;
  const dv = new DataView(b.buffer, b.byteOffset, 8);
  return { left: { kind: dv.getUint16(0, HOST_LE), shift: b[2]!, op: b[3]! }, right: { kind: dv.getUint16(4, HOST_LE), shift: b[6]!, op: b[7]! } };
}

/** A host-order u32 as 4 bytes. */
export function u32Bytes(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v >>> 0, HOST_LE);
  return b;
}
