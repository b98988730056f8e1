/**
 * IPv4 parsing with exactly the syntax glibc inet_pton(AF_INET) accepts:
 * four decimal octets 0..255 separated by '.', no leading zeros ("01.2.3.4"
 * is rejected, "0.0.0.0" is fine), no whitespace, no short forms ("10/8"
 * style "10" or "10.1" that iproute2's own get_addr_ipv4 would take), no
 * octal or hex octets.
 */
import { invalid, requireString } from "./errors.ts";

/**
 * Parse the dotted quad in `s[start..end)` into `dst[dOff..dOff+4)`.
 * Returns false (leaving `dst` possibly partly written) if it is not valid.
 * This is glibc's inet_pton4 state machine, also used for IPv6 tails.
 * `s` is text, or its bytes (a batch file's line read in place: any byte
 * outside ASCII fails as its character would).
 */
export function parseIPv4Into(s: string | Uint8Array, start: number, end: number, dst: Uint8Array, dOff: number): boolean {
  let octets = 0;
  let val = 0;
  let sawDigit = false;
  const text = typeof s === "string";
  for (let i = start; i < end; i++) {
    const c = text ? s.charCodeAt(i) : s[i]!;
    if (c >= 48 && c <= 57) {
      if (sawDigit && val === 0) return false; // leading zero
      val = val * 10 + (c - 48);
      if (val > 255) return false;
      if (!sawDigit) {
        if (++octets > 4) return false;
        sawDigit = true;
      }
    } else if (c === 46 && sawDigit) {
      if (octets === 4) return false;
      dst[dOff + octets - 1] = val;
      val = 0;
      sawDigit = false;
    } else {
      return false;
    }
  }
  if (octets < 4 || !sawDigit) return false;
  dst[dOff + 3] = val;
  return true;
}

/**
 * Parse a strict dotted-quad IPv4 address (inet_pton rules) into 4 bytes.
 * Throws TypeError `${field}: invalid IPv4 address "${s}"`.
 */
export function parseIPv4(s: string, field?: string): Uint8Array {
  requireString(s, "an IPv4 address", field);
  const out = new Uint8Array(4);
  if (!parseIPv4Into(s, 0, s.length, out, 0)) throw invalid("IPv4 address", s, field);
  return out;
}
