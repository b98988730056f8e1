/**
 * Link-layer (hardware) addresses, as iproute2's ll_addr_a2n / ll_addr_n2a.
 *
 * Accepted by parseMAC:
 * - 1..32 octets (MAX_ADDR_LEN) of 1 or 2 hex digits, either case, separated
 *   by ':' ("aa:bb:cc:dd:ee:ff", "0:1:2:a:b:c", "aa:bb" for short hardware
 *   addresses) or by '-' ("AA-BB-CC-DD-EE-FF"), one separator style per
 *   string, no empty octets, no whitespace;
 * - a dotted-quad IPv4 address (inet_pton syntax), giving 4 bytes, like
 *   iproute2 does for the link addresses of IPv4 tunnels (ipip, gre, sit).
 * Syntax errors are TypeErrors; more than 32 octets is a RangeError.
 */
import { checkBounds, fieldPrefix, invalid, quote, requireString } from "./errors.ts";
import { parseIPv4Into } from "./ipv4-parse.ts";
import { HEX_CODES, SCRATCH_SIZE, scratch, scratchString } from "./ascii.ts";
import { HEX2, hexDigit } from "./tables.ts";

/** Maximum hardware address length (MAX_ADDR_LEN in <linux/netdevice.h>). */
export const MAX_ADDR_LEN = 32;

/** Parse a hardware address ("aa:bb:cc:dd:ee:ff", '-' separators, 1..32 octets, or IPv4 dotted quad). */
export function parseMAC(s: string, field?: string): Uint8Array {
  requireString(s, "a MAC address", field);
  if (s.indexOf(".") >= 0) {
    const out = new Uint8Array(4);
    if (!parseIPv4Into(s, 0, s.length, out, 0)) throw invalid("MAC address", s, field);
    return out;
  }
  const tmp: number[] = [];
  let sep = 0; // char code of the separator once seen
  let val = 0;
  let digits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const d = hexDigit(c);
    if (d >= 0) {
      if (digits === 2) throw invalid("MAC address", s, field, "octets are one or two hex digits");
      val = (val << 4) | d;
      digits++;
    } else if ((c === 58 || c === 45) && digits > 0 && (sep === 0 || sep === c)) {
      sep = c;
      tmp.push(val);
      val = 0;
      digits = 0;
    } else {
      throw invalid("MAC address", s, field);
    }
  }
  if (digits === 0) throw invalid("MAC address", s, field);
  tmp.push(val);
  if (tmp.length > MAX_ADDR_LEN) {
    throw new RangeError(`${fieldPrefix(field)}MAC address ${quote(s)} has ${tmp.length} octets, at most ${MAX_ADDR_LEN} allowed`);
  }
  return Uint8Array.from(tmp);
}

/**
 * Format `len` bytes at `off` as lowercase colon-separated hex ("00:11:22:33:44:55"),
 * as iproute2 prints link addresses. `off` defaults to 0, `len` to the rest of `buf`;
 * zero length gives "". Throws RangeError if out of bounds.
 */
export function formatMAC(buf: Uint8Array, off = 0, len = buf.length - off): string {
  if (!(off >= 0 && len >= 0 && off + len <= buf.length)) checkBounds("formatMAC", buf, off, len);
  if (len === 0) return "";
  if (len * 3 - 1 <= SCRATCH_SIZE) {
    // One flat string via the scratch buffer (see ascii.ts).
    const out = scratch;
    let n = 0;
    for (let i = off, end = off + len; i < end; i++) {
      if (i !== off) out[n++] = 58;
      const b = buf[i]!;
      out[n++] = HEX_CODES[b >> 4]!;
      out[n++] = HEX_CODES[b & 15]!;
    }
    return scratchString(n);
  }
  let s = HEX2[buf[off]!]!;
  for (let i = off + 1, end = off + len; i < end; i++) s += ":" + HEX2[buf[i]!]!;
  return s;
}
