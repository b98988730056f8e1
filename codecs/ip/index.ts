/**
 * codecs/ip: IPv4/IPv6/CIDR/MAC parse and format. Pure TypeScript with no
 * runtime-specific imports. Formatting matches glibc inet_ntop (what
 * iproute2 prints); parsing matches glibc inet_pton. Bad user strings throw
 * TypeError (syntax) or RangeError (ranges) whose message starts with the
 * field name when one is given.
 */
export { AF_BRIDGE, AF_INET, AF_INET6, AF_MPLS, AF_UNSPEC, familyName, familyOf } from "./family.ts";
export type { IpFamily } from "./family.ts";
export { formatIPv4, writeIPv4 } from "./ipv4-format.ts";
export { parseIPv4 } from "./ipv4-parse.ts";
export { formatIPv6, writeIPv6 } from "./ipv6-format.ts";
export { parseIPv6 } from "./ipv6-parse.ts";
export { formatIP, parseIP } from "./ip.ts";
export { formatPrefixAt, isHostBitsSet, maskPrefix, parsePrefix, prefixToString } from "./prefix.ts";
export type { Prefix } from "./prefix.ts";
export { formatMAC, MAX_ADDR_LEN, parseMAC } from "./mac.ts";
