/**
 * IPv4 formatting: dotted quad, as inet_ntop(AF_INET) prints it.
 */
import { checkBounds } from "./errors.ts";
import { DEC } from "./tables.ts";

/** Format the 4 bytes at `off` (default 0) of `buf` as "a.b.c.d". Throws RangeError if out of bounds. */
export function formatIPv4(buf: Uint8Array, off = 0): string {
  if (!(off >= 0 && off + 4 <= buf.length)) checkBounds("formatIPv4", buf, off, 4);
  return DEC[buf[off]!]! + "." + DEC[buf[off + 1]!]! + "." + DEC[buf[off + 2]!]! + "." + DEC[buf[off + 3]!]!;
}
