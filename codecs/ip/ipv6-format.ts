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
  // The unspecified address (every link's IFLA_INET6_TOKEN unless one is set): no scratch string to build.
  let any = 0;
  for (let i = off; i < off + 16; i++) any |= buf[i]!;
  if (any === 0) return "::";
  return scratchString(writeIPv6(buf, off, scratch, 0));
}

/**
 * Write the 16 bytes at `off` of `buf` as inet_ntop text (ASCII, at most 45
 * codes) into `out` (bytes, or the scratch codes of ascii.ts) at `pos`;
 * returns the position after it. The one IPv6
 * formatter: formatIPv6 is this into a scratch buffer, byte writers (the
 * iproute2 listings in lib/format) call it directly. Bounds are the caller's.
 */
export function writeIPv6(buf: Uint8Array, off: number, out: Uint8Array | number[], pos: number): number {
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

  let n = pos;
  if (bestStart === 0 && (bestLen === 6 || (bestLen === 5 && buf[off + 10] === 0xff && buf[off + 11] === 0xff))) {
    // glibc's embedded-IPv4 forms: "::a.b.c.d" and "::ffff:a.b.c.d"
    out[n++] = 58;
    out[n++] = 58;
    if (bestLen === 5) {
      for (let i = 0; i < 4; i++) out[n++] = 102; // ffff
      out[n++] = 58;
    }
    const dec = DEC_CODES ?? decCodes();
    for (let i = 12; i < 16; i++) {
      const d = dec[buf[off + i]!]!;
      for (let k = 0; k < d.length; k++) out[n++] = d[k]!;
      if (i < 15) out[n++] = 46;
    }
    return n;
  }

  const bestEnd = bestStart + bestLen; // first group after the run (0 if none)
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
  return n;
}

/** DEC as ASCII codes, made on first use (only the embedded-IPv4 forms need them; a plain loop: see tables.ts). */
let DEC_CODES: readonly number[][] | undefined;

function decCodes(): readonly number[][] {
  const t: number[][] = [];
  for (const s of DEC) {
    const codes: number[] = [];
    for (let i = 0; i < s.length; i++) codes.push(s.charCodeAt(i));
    t.push(codes);
  }
  return (DEC_CODES = t);
}
