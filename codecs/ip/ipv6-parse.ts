/**
 * IPv6 parsing with exactly the syntax glibc inet_pton(AF_INET6) accepts:
 * up to eight groups of 1..4 hex digits (either case), at most one "::"
 * standing for one or more zero groups, and an optional dotted-quad IPv4
 * tail in place of the last two groups ("::ffff:192.0.2.1"). No whitespace,
 * no brackets, no zone ids: "fe80::1%eth0" is rejected with a message saying
 * so, since a zone is an interface index, not part of the address bytes.
 */
import { invalid, quote, requireString } from "./errors.ts";
import { parseIPv4Into } from "./ipv4-parse.ts";
import { hexDigit } from "./tables.ts";

/**
 * Parse `s[start..end)` into `dst[dOff..dOff+16)`; false if not valid.
 * A transcription of glibc's inet_pton6 (resolv/inet_pton.c). `s` is
 * text, or its bytes (a batch file's line read in place: any byte outside
 * ASCII fails as its character would).
 */
export function parseIPv6Into(s: string | Uint8Array, start: number, end: number, dst: Uint8Array, dOff: number): boolean {
  const limit = dOff + 16;
  let tp = dOff;
  let colonp = -1;
  let i = start;
  if (i === end) return false;
  const text = typeof s === "string";
  if ((text ? s.charCodeAt(i) : s[i]) === 58) {
    // A leading ':' must be the start of "::".
    if (++i === end || (text ? s.charCodeAt(i) : s[i]) !== 58) return false;
  }
  let curtok = i;
  let digits = 0;
  let val = 0;
  while (i < end) {
    const c = text ? s.charCodeAt(i++) : s[i++]!;
    const d = hexDigit(c);
    if (d >= 0) {
      if (digits === 4) return false;
      val = (val << 4) | d;
      digits++;
      continue;
    }
    if (c === 58) {
      curtok = i;
      if (digits === 0) {
        if (colonp >= 0) return false; // second "::"
        colonp = tp;
        continue;
      }
      if (i === end) return false; // trailing single ':'
      if (tp + 2 > limit) return false;
      dst[tp++] = val >> 8;
      dst[tp++] = val & 0xff;
      digits = 0;
      val = 0;
      continue;
    }
    if (c === 46 && tp + 4 <= limit && parseIPv4Into(s, curtok, end, dst, tp)) {
      tp += 4;
      digits = 0;
      break;
    }
    return false;
  }
  if (digits > 0) {
    if (tp + 2 > limit) return false;
    dst[tp++] = val >> 8;
    dst[tp++] = val & 0xff;
  }
  if (colonp >= 0) {
    if (tp === limit) return false; // "::" would stand for zero groups
    // Slide the groups after "::" to the end and zero the gap.
    const n = tp - colonp;
    for (let k = 1; k <= n; k++) dst[limit - k] = dst[tp - k]!;
    dst.fill(0, colonp, limit - n);
    tp = limit;
  }
  return tp === limit;
}

/**
 * Parse an IPv6 address (full inet_pton syntax incl. "::" and an IPv4 tail)
 * into 16 bytes. Throws TypeError `${field}: invalid IPv6 address "${s}"`;
 * zone ids ("%eth0") are rejected with an explanation.
 */
export function parseIPv6(s: string, field?: string): Uint8Array {
  requireString(s, "an IPv6 address", field);
  const out = new Uint8Array(16);
  if (parseIPv6Into(s, 0, s.length, out, 0)) return out;
  const pct = s.indexOf("%");
  if (pct >= 0 && parseIPv6Into(s, 0, pct, out, 0)) {
    throw invalid("IPv6 address", s, field, `zone id ${quote(s.slice(pct))} is not supported, give the interface separately`);
  }
  throw invalid("IPv6 address", s, field);
}
