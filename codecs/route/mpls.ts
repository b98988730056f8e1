/**
 * MPLS label stacks (linux/mpls.h struct mpls_label), the payload of
 * RTA_DST / RTA_NEWDST of AF_MPLS routes and of an AF_MPLS RTA_VIA.
 * Each entry is 4 bytes, big-endian:
 *
 *   0                   1                   2                   3
 *   +---------------------------------------+-----+-+---------------+
 *   | label (20 bits)                       | tc  |S| ttl (8 bits)  |
 *   +---------------------------------------+-----+-+---------------+
 *   S (bottom of stack) is set on the last entry only.
 *
 * Text form is iproute2's (lib/mpls_ntop.c): labels joined by "/", e.g.
 * "200/300". A stack that text cannot carry losslessly (tc or ttl not 0,
 * S not exactly on the last entry, a length not a multiple of 4) decodes
 * to hex instead; encode takes either. The forms cannot collide: label
 * text is decimal with "/" between labels or at most 7 digits, hex is 8
 * digits per entry.
 */
import { fromHex, toHex } from "../core/hex.ts";
import { custom, type Field } from "../core/fields.ts";
import type { NlWriter } from "../core/writer.ts";

/** Largest MPLS label (20 bits). */
export const MPLS_LABEL_MAX = 0xfffff;

/** Label text ("200/300") of `len` bytes at `off`, or hex when text would lose bits. */
export function formatLabels(b: Uint8Array, dv: DataView, off: number, len: number): string {
  if (len === 0 || len % 4 !== 0) return toHex(b, off, len);
  const out: number[] = [];
  for (let p = off; p < off + len; p += 4) {
    const e = dv.getUint32(p, false);
    const last = p + 4 === off + len;
    if ((e & 0xeff) !== 0 || ((e >>> 8) & 1) !== (last ? 1 : 0)) return toHex(b, off, len);
    out.push(e >>> 12);
  }
  return out.join("/");
}

/** True when `s` is label text rather than hex. */
function isLabelText(s: string): boolean {
  return s.includes("/") || /^\d{1,7}$/.test(s);
}

/** Parse label text or hex into bytes (S set on the last label of text); RangeError/TypeError naming `path`. */
export function parseLabels(s: unknown, path: string): Uint8Array {
  if (typeof s !== "string") throw new TypeError(`${path}: expected MPLS labels as "200/300" text or hex, got ${typeof s}`);
  if (!isLabelText(s)) return fromHex(s, path);
  const parts = s.split("/");
  const out = new Uint8Array(parts.length * 4);
  const dv = new DataView(out.buffer);
  parts.forEach((t, i) => {
    if (!/^\d+$/.test(t)) throw new TypeError(`${path}: ${JSON.stringify(s)} is not an MPLS label stack ("200/300")`);
    const n = Number(t);
    if (n > MPLS_LABEL_MAX) throw new RangeError(`${path}: label ${t} is over ${MPLS_LABEL_MAX}`);
    dv.setUint32(i * 4, ((n << 12) | (i === parts.length - 1 ? 0x100 : 0)) >>> 0, false);
  });
  return out;
}

/** A label-stack attribute field (RTA_DST / RTA_NEWDST of AF_MPLS routes). */
export function labelsField(type: number): Field<string> {
  return custom<string>(type,
    (b, dv, off, len) => formatLabels(b, dv, off, len),
    (w: NlWriter, v, path) => w.bytes(parseLabels(v, path)));
}
