/**
 * CIDR prefixes: "192.0.2.1/24", "2001:db8::1/64".
 *
 * Syntax decisions (stricter than iproute2's get_prefix, on purpose):
 * - the address is inet_pton syntax (see parseIPv4/parseIPv6);
 * - no "/N" means a host prefix: /32 for IPv4, /128 for IPv6;
 * - N is plain decimal: one or more digits, no sign, no whitespace, and no
 *   leading zero except "0" itself. "/033" is rejected because iproute2 reads
 *   it as octal 27, "/" and "/-1" are syntax errors (TypeError);
 * - N above 32 (IPv4) or 128 (IPv6) is a RangeError;
 * - dotted netmasks ("/255.255.255.0") and the words "default"/"any"/"all"
 *   are not accepted here; those belong to the callers that want them.
 */
import { scratch, scratchString, writeDecimal } from "./ascii.ts";
import { checkBounds, fieldPrefix, invalid, quote, requireString } from "./errors.ts";
import { AF_INET, AF_INET6, type IpFamily } from "./family.ts";
import { formatIPv4, writeIPv4 } from "./ipv4-format.ts";
import { parseIPv4Into } from "./ipv4-parse.ts";
import { formatIPv6, writeIPv6 } from "./ipv6-format.ts";
import { parseIPv6Into } from "./ipv6-parse.ts";

/** A parsed prefix: address bytes as given (host bits kept), length, and the canonical address text. */
export interface Prefix {
  family: IpFamily;
  bytes: Uint8Array;
  prefixLen: number;
  /** Canonical text of `bytes` (inet_ntop form), without the "/N". */
  address: string;
}

/**
 * Parse "addr[/N]" into a Prefix. The address is not masked (use maskPrefix).
 * Throws TypeError for syntax, RangeError for N out of range, both naming `field`.
 */
export function parsePrefix(s: string, field?: string): Prefix {
  requireString(s, "a prefix", field);
  const slash = s.indexOf("/");
  const end = slash < 0 ? s.length : slash;

  let family: IpFamily;
  let bytes: Uint8Array;
  if (s.lastIndexOf(":", end) >= 0) {
    family = AF_INET6;
    bytes = new Uint8Array(16);
    if (!parseIPv6Into(s, 0, end, bytes, 0)) throw invalid("IPv6 prefix", s, field);
  } else {
    family = AF_INET;
    bytes = new Uint8Array(4);
    if (!parseIPv4Into(s, 0, end, bytes, 0)) throw invalid(s.lastIndexOf(".", end) >= 0 ? "IPv4 prefix" : "prefix", s, field);
  }
  const max = family === AF_INET ? 32 : 128;
  const address = family === AF_INET ? formatIPv4(bytes) : formatIPv6(bytes);
  if (slash < 0) return { family, bytes, prefixLen: max, address };

  // Plain decimal after '/': digits only, no leading zero unless it is "0".
  const n = s.length - slash - 1;
  let prefixLen = 0;
  for (let i = slash + 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) throw invalid("prefix length", s, field, "expected decimal digits after '/'");
    prefixLen = prefixLen * 10 + (c - 48);
  }
  if (n === 0) throw invalid("prefix length", s, field, "expected decimal digits after '/'");
  if (n > 1 && s.charCodeAt(slash + 1) === 48) throw invalid("prefix length", s, field, "leading zeros are not allowed");
  if (prefixLen > max) {
    throw new RangeError(
      `${fieldPrefix(field)}prefix length ${s.slice(slash + 1)} is out of range 0..${max} for ${family === AF_INET ? "IPv4" : "IPv6"} in ${quote(s)}`,
    );
  }
  return { family, bytes, prefixLen, address };
}

/** "address/prefixLen", always with the length (e.g. "192.0.2.1/32"). */
export function prefixToString(p: { address: string; prefixLen: number }): string {
  return p.address + "/" + p.prefixLen;
}

/**
 * "address/len" of the `alen` (4: IPv4, 16: IPv6) address bytes at `off`
 * of `buf`, as one flat string (a route's or address's prefix straight
 * from message bytes). Throws RangeError if out of bounds.
 */
export function formatPrefixAt(buf: Uint8Array, off: number, alen: 4 | 16, prefixLen: number): string {
  if (!(off >= 0 && off + alen <= buf.length)) checkBounds("formatPrefixAt", buf, off, alen);
  const n = alen === 4 ? writeIPv4(buf, off, scratch, 0) : writeIPv6(buf, off, scratch, 0);
  scratch[n] = 47; // "/"
  return scratchString(writeDecimal(prefixLen, scratch, n + 1));
}

function checkPrefixLen(fn: string, bytes: Uint8Array, prefixLen: number): void {
  if (!Number.isInteger(prefixLen) || prefixLen < 0 || prefixLen > bytes.length * 8) {
    throw new RangeError(`${fn}: prefix length ${prefixLen} is out of range 0..${bytes.length * 8}`);
  }
}

/** The network address of `bytes`/`prefixLen` (host bits zeroed) as a new array. Throws RangeError on a bad length. */
export function maskPrefix(bytes: Uint8Array, prefixLen: number): Uint8Array {
  checkPrefixLen("maskPrefix", bytes, prefixLen);
  const out = new Uint8Array(bytes.length);
  const whole = prefixLen >> 3;
  for (let i = 0; i < whole; i++) out[i] = bytes[i]!;
  const rem = prefixLen & 7;
  if (rem !== 0) out[whole] = bytes[whole]! & (0xff << (8 - rem));
  return out;
}

/** True if any bit after the first `prefixLen` bits is set (e.g. "192.0.2.1/24"). Throws RangeError on a bad length. */
export function isHostBitsSet(bytes: Uint8Array, prefixLen: number): boolean {
  checkPrefixLen("isHostBitsSet", bytes, prefixLen);
  let i = prefixLen >> 3;
  const rem = prefixLen & 7;
  if (rem !== 0) {
    if ((bytes[i]! & (0xff >> rem)) !== 0) return true;
    i++;
  }
  for (; i < bytes.length; i++) if (bytes[i] !== 0) return true;
  return false;
}
