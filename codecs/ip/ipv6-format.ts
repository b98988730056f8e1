/**
 * IPv6 formatting, byte-for-byte what glibc inet_ntop(AF_INET6) prints (and
 * so what iproute2 shows), which is RFC 5952 text:
 * - lowercase hex, no leading zeros in a group;
 * - the longest run of two or more all-zero groups becomes "::" (the first
 *   one on a tie); a single zero group is printed as "0";
 * - glibc's embedded-IPv4 forms: when the address starts with exactly six
 *   zero groups it prints "::a.b.c.d" (IPv4-compatible, e.g. "::1.2.3.4",
 *   but "::1" and "::2" stay hex because they start with seven), and when it
 *   starts with exactly five zero groups and then ffff it prints
 *   "::ffff:a.b.c.d" (IPv4-mapped).
 */
import { HEX_CODES, scratch, scratchString } from "./ascii.ts";
import { checkBounds } from "./errors.ts";
import { DEC } from "./tables.ts";

/** Format the 16 bytes at `off` (default 0) of `buf` as inet_ntop does. Throws RangeError if out of bounds. */
export function formatIPv6(buf: Uint8Array, off = 0): string {
  if (!(off >= 0 && off + 16 <= buf.length)) checkBounds("formatIPv6", buf, off, 16);

  // Longest run of zero groups; strict '>' keeps the first one on a tie and
  // bestLen starting at 1 ignores single zero groups.
  let bestStart = -1;
  let bestLen = 1;
  let curLen = 0;
  for (let i = 0, p = off; i < 8; i++, p += 2) {
    if ((buf[p]! | buf[p + 1]!) === 0) {
      if (++curLen > bestLen) {
        bestLen = curLen;
        bestStart = i + 1 - curLen;
      }
    } else {
      curLen = 0;
    }
  }

  if (bestStart === 0) {
    if (bestLen === 6) {
      return "::" + DEC[buf[off + 12]!]! + "." + DEC[buf[off + 13]!]! + "." + DEC[buf[off + 14]!]! + "." + DEC[buf[off + 15]!]!;
    }
    if (bestLen === 5 && buf[off + 10] === 0xff && buf[off + 11] === 0xff) {
      return "::ffff:" + DEC[buf[off + 12]!]! + "." + DEC[buf[off + 13]!]! + "." + DEC[buf[off + 14]!]! + "." + DEC[buf[off + 15]!]!;
    }
  }

  const out = scratch;
  const bestEnd = bestStart + bestLen; // first group after the run (0 if none)
  let n = 0;
  for (let i = 0, p = off; i < 8; i++, p += 2) {
    if (i === bestStart) {
      out[n++] = 58; // "::"
      out[n++] = 58;
      i = bestEnd - 1;
      p = off + 2 * i;
      continue;
    }
    if (i !== 0 && i !== bestEnd) out[n++] = 58;
    const hi = buf[p]!;
    const lo = buf[p + 1]!;
    if (hi !== 0) {
      if (hi >= 0x10) out[n++] = HEX_CODES[hi >> 4]!;
      out[n++] = HEX_CODES[hi & 15]!;
      out[n++] = HEX_CODES[lo >> 4]!;
    } else if (lo >= 0x10) {
      out[n++] = HEX_CODES[lo >> 4]!;
    }
    out[n++] = HEX_CODES[lo & 15]!;
  }
  return scratchString(n);
}
