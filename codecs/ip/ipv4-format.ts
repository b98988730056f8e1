/**
 * IPv4 formatting: dotted quad, as inet_ntop(AF_INET) prints it, as one
 * flat string (see ascii.ts).
 */
import { scratch, scratchString, writeDecimal } from "./ascii.ts";
import { checkBounds } from "./errors.ts";

/** Format the 4 bytes at `off` (default 0) of `buf` as "a.b.c.d". Throws RangeError if out of bounds. */
export function formatIPv4(buf: Uint8Array, off = 0): string {
  if (!(off >= 0 && off + 4 <= buf.length)) checkBounds("formatIPv4", buf, off, 4);
  return scratchString(writeIPv4(buf, off, scratch, 0));
}

/**
 * Write "a.b.c.d" of the 4 bytes at `off` as ASCII codes into `out` (bytes,
 * or the scratch codes of ascii.ts) at `n`; returns the index after it.
 * Bounds are the caller's.
 */
export function writeIPv4(buf: Uint8Array, off: number, out: Uint8Array | number[], n: number): number {
  n = writeDecimal(buf[off]!, out, n);
  out[n] = 46;
  n = writeDecimal(buf[off + 1]!, out, n + 1);
  out[n] = 46;
  n = writeDecimal(buf[off + 2]!, out, n + 1);
  out[n] = 46;
  return writeDecimal(buf[off + 3]!, out, n + 1);
}
