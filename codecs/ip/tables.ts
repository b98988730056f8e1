/**
 * Precomputed string tables for the address formatters (built once at module
 * load, so per-address formatting needs no `toString`, `padStart` or joins),
 * and the hex digit decoder the parsers share.
 */

/** `DEC[b]` is the decimal text of byte `b`: "0".."255". */
export const DEC: readonly string[] = Array.from({ length: 256 }, (_, i) => String(i));

/** `HEX2[b]` is the lowercase two-digit hex text of byte `b`: "00".."ff". */
export const HEX2: readonly string[] = Array.from({ length: 256 }, (_, i) => (i < 16 ? "0" : "") + i.toString(16));

/** Value of an ASCII hex digit char code, or -1 if it is not a hex digit. */
export function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48; // 0-9
  const l = c | 0x20; // fold A-F to a-f
  if (l >= 97 && l <= 102) return l - 87;
  return -1;
}
