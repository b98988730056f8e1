/**
 * Precomputed string tables for the address formatters (built once at module
 * load, so per-address formatting needs no `toString`, `padStart` or joins),
 * and the hex digit decoder the parsers share.
 */

// Plain loops, not Array.from with a callback: at module load the JIT is held back
// (cli/launch.ts) and the builtin's per-element callback costs ~1 ms of every command's start.
const dec: string[] = [];
const hex2: string[] = [];
for (let i = 0; i < 256; i++) {
  dec.push(String(i));
  hex2.push((i < 16 ? "0" : "") + i.toString(16));
}

/** `DEC[b]` is the decimal text of byte `b`: "0".."255". */
export const DEC: readonly string[] = dec;

/** `HEX2[b]` is the lowercase two-digit hex text of byte `b`: "00".."ff". */
export const HEX2: readonly string[] = hex2;

/** Value of an ASCII hex digit char code, or -1 if it is not a hex digit. */
export function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48; // 0-9
  const l = c | 0x20; // fold A-F to a-f
  if (l >= 97 && l <= 102) return l - 87;
  return -1;
}
