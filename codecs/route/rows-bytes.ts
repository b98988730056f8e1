/**
 * Byte helpers of the bulk route writer (rows.ts): column copies and the
 * two attribute shapes it writes (u32 and address).
 */
import { HOST_LE } from "../core/align.ts";

/** `to` with the first `n` elements of `from` copied in. */
export function copy<T extends Uint8Array | Uint16Array | Int32Array | Uint32Array>(from: T, to: T, n: number): T {
  to.set(from.subarray(0, n) as never);
  return to;
}

/** Copy `n` bytes from from[off...] to to[at...]. */
export function copyBytes(from: Uint8Array, off: number, to: Uint8Array, at: number, n: number): void {
  for (let k = 0; k < n; k++) to[at + k] = from[off + k]!;
}

/** Write the u32 `v` at a[off...] in network order (a.b.c.d is a<<24|...). */
export function put4(a: Uint8Array, off: number, v: number): void {
  a[off] = v >>> 24; a[off + 1] = (v >>> 16) & 255; a[off + 2] = (v >>> 8) & 255; a[off + 3] = v & 255;
}

/** Write a u32 attribute of `type` at p; returns the offset after it. */
export function u32Attr(dv: DataView, p: number, type: number, v: number): number {
  dv.setUint16(p, 8, HOST_LE);
  dv.setUint16(p + 2, type, HOST_LE);
  dv.setUint32(p + 4, v, HOST_LE);
  return p + 8;
}

/** Write an address attribute of `type` (alen bytes from a[off...]) at p; returns the offset after it. */
export function addrAttr(b: Uint8Array, dv: DataView, p: number, type: number, a: Uint8Array, off: number, alen: number): number {
  dv.setUint16(p, 4 + alen, HOST_LE);
  dv.setUint16(p + 2, type, HOST_LE);
  for (let k = 0; k < alen; k++) b[p + 4 + k] = a[off + k]!;
  return p + 4 + alen;
}
