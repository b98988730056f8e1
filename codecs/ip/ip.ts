/**
 * Family-dispatching wrappers over the IPv4 and IPv6 codecs.
 */
import { invalid, requireString } from "./errors.ts";
import { AF_INET, AF_INET6, type IpFamily } from "./family.ts";
import { formatIPv4 } from "./ipv4-format.ts";
import { parseIPv4Into } from "./ipv4-parse.ts";
import { formatIPv6 } from "./ipv6-format.ts";
import { parseIPv6 } from "./ipv6-parse.ts";

/** Format an address of `len` bytes at `off`: 4 -> IPv4, 16 -> IPv6, anything else throws RangeError. */
export function formatIP(buf: Uint8Array, off: number, len: number): string {
  if (len === 4) return formatIPv4(buf, off);
  if (len === 16) return formatIPv6(buf, off);
  throw new RangeError(`formatIP: unsupported address length ${len} (expected 4 or 16)`);
}

/**
 * Parse an IPv4 or IPv6 address (inet_pton syntax); a ':' selects IPv6.
 * Throws TypeError `${field}: invalid IP address "${s}"` (or IPv4/IPv6 when
 * the family is evident from a '.' or ':').
 */
export function parseIP(s: string, field?: string): { family: IpFamily; bytes: Uint8Array } {
  requireString(s, "an IP address", field);
  if (s.indexOf(":") >= 0) return { family: AF_INET6, bytes: parseIPv6(s, field) };
  const bytes = new Uint8Array(4);
  if (parseIPv4Into(s, 0, s.length, bytes, 0)) return { family: AF_INET, bytes };
  throw invalid(s.indexOf(".") >= 0 ? "IPv4 address" : "IP address", s, field);
}
