/**
 * A scratch array of character codes for building short ASCII strings in
 * a single step. `String.fromCharCode.apply` over a plain array gives one
 * flat string: measured on Bun (100k prefixes kept alive), ~40 bytes each
 * against ~136 for the rope that concatenating the pieces leaves behind,
 * and about half the time of a TextDecoder over a byte buffer. The
 * formatters are synchronous and never call out while filling the array,
 * so sharing it is safe.
 */

/** Room in `scratch` for one formatted string (longest user: 32-octet MAC, 95 chars). */
export const SCRATCH_SIZE = 128;

/** Scratch character codes; writers fill it from index 0 without gaps. */
export const scratch: number[] = new Array<number>(SCRATCH_SIZE).fill(0);

const fromCharCode = String.fromCharCode;

/** The first `n` codes of `scratch` as a string. */
export function scratchString(n: number): string {
  scratch.length = n;
  return fromCharCode.apply(null, scratch);
}

/** ASCII codes of the lowercase hex digits 0..f. */
export const HEX_CODES = new Uint8Array([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]);

/** Write the decimal digits of `v` (an integer 0..2^32-1) as ASCII codes into `out` at `n`; returns the index after them. */
export function writeDecimal(v: number, out: Uint8Array | number[], n: number): number {
  if (v < 10) {
    out[n] = 48 + v;
    return n + 1;
  }
  if (v < 100) {
    out[n] = 48 + ((v / 10) | 0);
    out[n + 1] = 48 + (v % 10);
    return n + 2;
  }
  if (v < 1000) {
    out[n] = 48 + ((v / 100) | 0);
    out[n + 1] = 48 + (((v / 10) | 0) % 10);
    out[n + 2] = 48 + (v % 10);
    return n + 3;
  }
  const s = String(v);
  for (let i = 0; i < s.length; i++) out[n + i] = s.charCodeAt(i);
  return n + s.length;
}
