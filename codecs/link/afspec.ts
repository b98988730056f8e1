/**
 * IFLA_AF_SPEC and IFLA_PROTINFO contents (linux/if_link.h, rt-link spec
 * `af-spec-attrs`, `ifla-attrs`, `ifla6-attrs`, `mctp-attrs`; linux/if_bridge.h
 * for AF_BRIDGE messages).
 *
 * In an AF_UNSPEC link message IFLA_AF_SPEC holds one nest per address
 * family (AF_INET = 2, AF_INET6 = 10, AF_MCTP = 45). IFLA_INET_CONF is the
 * ipv4 devconf as packed u32s indexed by IPV4_DEVCONF_* - 1; IFLA_INET6_CONF
 * the ipv6 devconf as packed s32s (the kernel's ipv6_store_devconf writes
 * __s32: -1 is a valid setting). IFLA_INET6_STATS and IFLA_INET6_ICMP6STATS
 * stay positional bigint arrays (element 0 is the count): the kernel
 * reordered enum IPSTATS_MIB_* (6.x moved the ECN and OutRequests counters
 * into the fast-path group), so the spec's names no longer match a
 * position on current kernels. In AF_BRIDGE messages IFLA_AF_SPEC carries
 * IFLA_BRIDGE_* attributes instead, and IFLA_PROTINFO the bridge-port set.
 */
import { attrSet, nest } from "../core/attrset.ts";
import { binary, enumField, multi, u16, u32, u8 } from "../core/fields.ts";
import { struct, structField } from "../core/struct.ts";
import { ipOf, namedArray, u64Array } from "./fields.ts";
import { iflaCacheinfo } from "./structs.ts";
import { ADDR_GEN_MODE } from "./tables.ts";

/** ipv4-devconf names (rt-link spec), index i of IFLA_INET_CONF. */
export const IPV4_DEVCONF = [
  "forwarding", "mcForwarding", "proxyArp", "acceptRedirects", "secureRedirects", "sendRedirects", "sharedMedia",
  "rpFilter", "acceptSourceRoute", "bootpRelay", "logMartians", "tag", "arpfilter", "mediumId", "noxfrm", "nopolicy",
  "forceIgmpVersion", "arpAnnounce", "arpIgnore", "promoteSecondaries", "arpAccept", "arpNotify", "acceptLocal",
  "srcVmark", "proxyArpPvlan", "routeLocalnet", "igmpv2UnsolicitedReportInterval", "igmpv3UnsolicitedReportInterval",
  "ignoreRoutesWithLinkdown", "dropUnicastInL2Multicast", "dropGratuitousArp", "bcForwarding", "arpEvictNocarrier",
] as const;

/** ipv6-devconf names (rt-link spec), index i of IFLA_INET6_CONF. */
export const IPV6_DEVCONF = [
  "forwarding", "hoplimit", "mtu6", "acceptRa", "acceptRedirects", "autoconf", "dadTransmits", "rtrSolicits",
  "rtrSolicitInterval", "rtrSolicitDelay", "useTempaddr", "tempValidLft", "tempPreferedLft", "regenMaxRetry",
  "maxDesyncFactor", "maxAddresses", "forceMldVersion", "acceptRaDefrtr", "acceptRaPinfo", "acceptRaRtrPref",
  "rtrProbeInterval", "acceptRaRtInfoMaxPlen", "proxyNdp", "optimisticDad", "acceptSourceRoute", "mcForwarding",
  "disableIpv6", "acceptDad", "forceTllao", "ndiscNotify", "mldv1UnsolicitedReportInterval",
  "mldv2UnsolicitedReportInterval", "suppressFragNdisc", "acceptRaFromLocal", "useOptimistic", "acceptRaMtu",
  "stableSecret", "useOifAddrsOnly", "acceptRaMinHopLimit", "ignoreRoutesWithLinkdown", "dropUnicastInL2Multicast",
  "dropUnsolicitedNa", "keepAddrOnDown", "rtrSolicitMaxInterval", "seg6Enabled", "seg6RequireHmac", "enhancedDad",
  "addrGenMode", "disablePolicy", "acceptRaRtInfoMinPlen", "ndiscTclass", "rplSegEnabled", "raDefrtrMetric",
  "ioam6Enabled", "ioam6Id", "ioam6IdWide", "ndiscEvictNocarrier", "acceptUntrackedNa",
] as const;

/** IFLA_INET_* (spec `ifla-attrs`). */
export const inetAttrs = attrSet("af-inet", () => ({
  conf: namedArray(1, IPV4_DEVCONF, "u32"),
}));

/** IFLA_INET6_* (spec `ifla6-attrs`). `flags` are the kernel-internal IF_RA_* / IF_READY bits, kept as a number. */
export const inet6Attrs = attrSet("af-inet6", () => ({
  flags: u32(1),
  conf: namedArray(2, IPV6_DEVCONF, "s32"),
  stats: u64Array(3),
  mcast: binary(4),
  cacheinfo: structField(5, iflaCacheinfo),
  icmp6stats: u64Array(6),
  token: ipOf(7, 16),
  addrGenMode: enumField(8, 1, ADDR_GEN_MODE),
  raMtu: u32(9),
}));

/** IFLA_MCTP_* (spec `mctp-attrs`). */
export const mctpAttrs = attrSet("af-mctp", () => ({
  net: u32(1),
  physBinding: u8(2),
}));

/** IFLA_AF_SPEC of AF_UNSPEC link messages: one nest per family (spec `af-spec-attrs`). */
export const afSpecAttrs = attrSet("af-spec", () => ({
  inet: nest(2, inetAttrs),
  inet6: nest(10, inet6Attrs),
  mctp: nest(45, mctpAttrs),
}));

/** struct bridge_vlan_info { u16 flags; u16 vid; } (linux/if_bridge.h). */
export const bridgeVlanInfo = struct("bridge_vlan_info", [["flags", "u16"], ["vid", "u16"]] as const);

/** IFLA_BRIDGE_* (linux/if_bridge.h): IFLA_AF_SPEC of AF_BRIDGE link messages. Nested MRP/CFM/MST data stays raw. */
export const bridgeAfSpecAttrs = attrSet("af-spec-bridge", () => ({
  flags: u16(0),
  mode: u16(1),
  vlanInfo: multi(structField(2, bridgeVlanInfo)),
  vlanTunnelInfo: multi(binary(3)),
  mrp: binary(4),
  cfm: binary(5),
  mst: binary(6),
}));
