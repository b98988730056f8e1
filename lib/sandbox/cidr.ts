/**
 * Address arithmetic the manager needs on top of codecs/ip: canonical
 * forms of user input, family checks, and the prefix containment test of
 * osl's checkRouteConflict (net.IPNet.Contains both ways).
 */
import { AF_INET, formatIPv4, formatIPv6, formatMAC, maskPrefix, parseIP, parseMAC, parsePrefix, prefixToString, type Prefix } from "../../codecs/ip/index.ts";

/** 4 or 6. */
export type Family = 4 | 6;

/** Family of a parsed prefix as 4 | 6. */
export function familyOfPrefix(p: Prefix): Family {
  return p.family === AF_INET ? 4 : 6;
}

/** Parse "addr/len" (an interface address: host bits kept); `family` restricts it. Returns "addr/len" canonical. */
export function canonicalAddress(s: unknown, field: string, family?: Family): string {
  if (typeof s !== "string") throw new TypeError(`${field}: expected an address like "192.0.2.1/24", got ${typeof s}`);
  if (!s.includes("/")) throw new TypeError(`${field}: ${JSON.stringify(s)} needs a prefix length ("addr/len")`);
  const p = parsePrefix(s, field);
  if (family !== undefined && familyOfPrefix(p) !== family) {
    throw new TypeError(`${field}: ${JSON.stringify(s)} is not an IPv${family} address`);
  }
  return prefixToString(p);
}

/** Parse a route destination "net/len" and return its network form (host bits cleared), e.g. "198.51.100.0/24". */
export function canonicalNetwork(s: unknown, field: string): string {
  if (typeof s !== "string") throw new TypeError(`${field}: expected a prefix like "198.51.100.0/24", got ${typeof s}`);
  if (!s.includes("/")) throw new TypeError(`${field}: ${JSON.stringify(s)} needs a prefix length ("net/len")`);
  const p = parsePrefix(s, field);
  const net = maskPrefix(p.bytes, p.prefixLen);
  return `${p.family === AF_INET ? formatIPv4(net) : formatIPv6(net)}/${p.prefixLen}`;
}

/** Parse a bare IP address ("192.0.2.1", "2001:db8::1"); returns its canonical text and family. */
export function canonicalIP(s: unknown, field: string, family?: Family): { ip: string; family: Family } {
  if (typeof s !== "string") throw new TypeError(`${field}: expected an IP address string, got ${typeof s}`);
  if (s.includes("/")) throw new TypeError(`${field}: ${JSON.stringify(s)} must be an address without a prefix length`);
  const p = parsePrefix(s, field);
  const f = familyOfPrefix(p);
  if (family !== undefined && f !== family) throw new TypeError(`${field}: ${JSON.stringify(s)} is not an IPv${family} address`);
  return { ip: p.address, family: f };
}

/** Canonical lower-case MAC ("02:42:ac:11:00:02"); TypeError naming `field`. */
export function canonicalMAC(s: unknown, field: string): string {
  if (typeof s !== "string") throw new TypeError(`${field}: expected a MAC address string, got ${typeof s}`);
  const b = parseMAC(s, field);
  if (b.length !== 6) throw new TypeError(`${field}: ${JSON.stringify(s)} is not a 6-byte Ethernet MAC address`);
  return formatMAC(b);
}

/** True when every address byte is zero (0.0.0.0/N, ::/N), osl's IP.IsUnspecified. */
export function isUnspecified(cidr: string): boolean {
  return parsePrefix(cidr).bytes.every((b) => b === 0);
}

/** True when `net` ("addr/len") contains the address `ip` (bytes), net.IPNet.Contains. */
export function prefixContains(net: string, ip: Uint8Array): boolean {
  const p = parsePrefix(net);
  if (p.bytes.length !== ip.length) return false;
  const a = maskPrefix(p.bytes, p.prefixLen);
  const b = maskPrefix(ip, p.prefixLen);
  return a.every((x, i) => x === b[i]);
}

/** The address bytes of "addr[/len]". */
export function addressBytes(s: string): Uint8Array {
  return s.includes("/") ? parsePrefix(s).bytes : parseIP(s).bytes;
}
