/**
 * print_ematch of tc 6.1 (tc/m_ematch.c with em_cmp.c, em_nbyte.c,
 * em_u32.c, em_meta.c print_eopt): the tree of a basic filter, written
 * with fprintf, so the same bytes appear inside -json output as in text.
 * Kind names come from /etc/iproute2/ematch_map as in tc; a number the map
 * does not name, or a kind tc has no printer for, prints
 * "[unknown ematch N]". A malformed entry stops the listing where tc stops.
 */
import type { Printer } from "../../lib/format/printer.ts";
import { fromHex } from "../../codecs/core/hex.ts";
import {
  decodeEmatchTree, decodeEmCmp, decodeEmNbyte, decodeEmU32, decodeMetaHdr, emHeader, rtattrs, TCA_EM_META, TCF_EM_FLAG, TCF_META_TYPE, type MetaVal,
} from "../../codecs/tc/ematch.ts";
import { META_TABLE } from "./ematch-kinds.ts";
import { lookupMapName } from "./parse-ematch.ts";

const isprint = (b: number) => b >= 0x20 && b < 0x7f;
const printable = (b: Uint8Array) => [...b].map((x) => (isprint(x) ? String.fromCharCode(x) : ".")).join("");
const hexBytes = (b: Uint8Array) => [...b].map((x) => `${x.toString(16).padStart(2, "0")} `).join("");
const u32At = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, 4).getUint32(0, true);

function cmp(d: Uint8Array): string | undefined {
  const c = decodeEmCmp(d);
  if (!c) return undefined;
  let s = c.align === 1 ? "u8 " : c.align === 2 ? "u16 " : c.align === 4 ? "u32 " : "";
  s += `at ${c.off} layer ${c.layer} `;
  if (c.mask) s += `mask 0x${c.mask.toString(16)} `;
  if (c.flags & 1) s += "trans ";
  s += c.opnd === 0 ? "eq " : c.opnd === 2 ? "lt " : c.opnd === 1 ? "gt " : "";
  return s + String(c.val | 0);
}

function nbyte(d: Uint8Array): string | undefined {
  const n = decodeEmNbyte(d);
  if (!n || d.length < 4 + n.len) return undefined;
  const needle = d.subarray(4, 4 + n.len);
  return `${hexBytes(needle)}"${printable(needle)}" at ${n.off} layer ${n.layer}`;
}

function u32(d: Uint8Array): string | undefined {
  const k = decodeEmU32(d);
  if (!k) return undefined;
  return `${k.val.toString(16).padStart(8, "0")}/${k.mask.toString(16).padStart(8, "0")} at ${k.offmask ? "nexthdr+" : ""}${k.off}`;
}

/** print_object: a value, or a meta id with shift and mask; undefined where tc returns an error (after what it printed). */
function metaObject(o: MetaVal, rta: Uint8Array | undefined): [string, boolean] {
  const id = o.kind & 0x7ff, type = (o.kind & 0xf000) >> 12;
  if (id === 0) {
    if (rta === undefined) return ["", false];
    if (type === TCF_META_TYPE.INT) return rta.length < 4 ? ["", false] : [String(u32At(rta) | 0), true];
    if (type === TCF_META_TYPE.VAR) return [rta.every(isprint) ? printable(rta) : `${hexBytes(rta)}"${printable(rta)}"`, true];
    return ["", true];
  }
  const entry = META_TABLE.find(([i]) => i === id);
  let s = entry === undefined ? `[unknown meta id ${id}]` : entry[1];
  if (o.shift) s += ` shift ${o.shift}`;
  if (type === TCF_META_TYPE.INT && rta !== undefined) {
    if (rta.length < 4) return [s, false];
    if (u32At(rta)) s += ` mask 0x${u32At(rta).toString(16).padStart(8, "0")}`;
  }
  return [s, true];
}

function meta(d: Uint8Array): [string, boolean] {
  const tb = new Map<number, Uint8Array>();
  for (const a of rtattrs(d)) if (a.type <= 3 && !tb.has(a.type)) tb.set(a.type, a.payload);
  const h = tb.get(TCA_EM_META.HDR);
  const hdr = h && decodeMetaHdr(h);
  if (!hdr) return ["", false];
  const [l, lok] = metaObject(hdr.left, tb.get(TCA_EM_META.LVALUE));
  if (!lok) return [l, false];
  const op = hdr.left.op === 0 ? " eq " : hdr.left.op === 2 ? " lt " : hdr.left.op === 1 ? " gt " : "";
  const [r, rok] = metaObject(hdr.right, tb.get(TCA_EM_META.RVALUE));
  return [l + op + r, rok];
}

/** print_eopt of a kind tc has a printer for: [text, ok]. */
function eopt(kind: string, d: Uint8Array): [string, boolean] | undefined {
  const one = (s: string | undefined): [string, boolean] => [s ?? "", s !== undefined];
  if (kind === "cmp") return one(cmp(d));
  if (kind === "nbyte") return one(nbyte(d));
  if (kind === "u32") return one(u32(d));
  if (kind === "meta") return meta(d);
  return undefined;
}

/** print_ematch_seq: false where tc returns -1. */
function seq(p: Printer, tb: Map<number, Uint8Array>, start: number, prefix: number): boolean {
  for (let i = start; ; i++) {
    const raw = tb.get(i);
    if (raw === undefined) return false;
    const h = emHeader(raw);
    if (h === undefined) return false;
    if (h.flags & TCF_EM_FLAG.INVERT) p.fp("NOT ");
    if (h.kind === 0) {
      if (h.data.length < 4 || prefix > 64) return false;
      p.fp(`(\n${"  ".repeat(prefix + 1)}`);
      if (!seq(p, tb, u32At(h.data) + 1, prefix + 1)) return false;
      p.fp(`${"  ".repeat(prefix)}) `);
    } else {
      const name = lookupMapName(h.kind);
      const printed = name === undefined ? undefined : eopt(name, h.data);
      if (printed === undefined) p.fp(`[unknown ematch ${h.kind}]\n`);
      else {
        p.fp(`${name}(${printed[0]}`);
        if (!printed[1]) return false;
        p.fp(")\n");
      }
      if (h.flags & TCF_EM_FLAG.REL_MASK) p.fp("  ".repeat(prefix));
    }
    const rel = h.flags & TCF_EM_FLAG.REL_MASK;
    if (rel === TCF_EM_FLAG.REL_AND) p.fp("AND ");
    else if (rel === TCF_EM_FLAG.REL_OR) p.fp("OR ");
    else return true;
  }
}

/** print_ematch of a TCA_*_EMATCHES payload (hex); tc's complaints about a missing header or list go to stderr and are not reproduced. */
export function printEmatch(p: Printer, hex: string): void {
  const t = decodeEmatchTree(fromHex(hex));
  if (t.hdr === undefined || t.list === undefined) return;
  if (t.hdr.nmatches === 0) return;
  const tb = new Map([...t.list].filter(([type]) => type <= t.hdr!.nmatches));
  p.fp("\n  ");
  seq(p, tb, 1, 1);
}
