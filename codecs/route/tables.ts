/**
 * Name tables for the route family (linux/rtnetlink.h unless noted).
 * Names follow the kernel's constant names, lowercased, except where
 * iproute2 prints a different word for the same value and the kernel has
 * none (protocol numbers above RTPROT_STATIC come from
 * /etc/iproute2/rt_protos).
 *
 * Scope: RT_SCOPE_UNIVERSE decodes to "global", as iproute2 prints it
 * (lib/rt_names.c) and as codecs/addr names it; the kernel's own name
 * "universe" is accepted on encode. The names of types, protocols, scopes
 * and tables are shared with other families (codecs/rt-names.ts).
 */
import { EnumTable, FlagTable } from "../core/tables.ts";
import { RT_TABLE_NAMES, RTN_NAMES, RTPROT_NAMES, scopeTable } from "../rt-names.ts";

/** rtm_type (enum rtm-type in rt-route.yaml, RTN_* in rtnetlink.h). */
export const RTN = new EnumTable("route type", RTN_NAMES);

/** rtm_protocol (RTPROT_* in rtnetlink.h and /etc/iproute2/rt_protos). Values without a name stay numbers. */
export const RTPROT = new EnumTable("route protocol", RTPROT_NAMES);

/** rtm_scope / nh_scope (enum rt_scope_t). */
export const RT_SCOPE = scopeTable("route scope");

/** RT_TABLE_UNSPEC (0), RT_TABLE_COMPAT (252), RT_TABLE_DEFAULT (253), RT_TABLE_MAIN (254), RT_TABLE_LOCAL (255): enum rt_class_t. */
export const RT_TABLE_UNSPEC = 0, RT_TABLE_COMPAT = 252, RT_TABLE_DEFAULT = 253, RT_TABLE_MAIN = 254, RT_TABLE_LOCAL = 255;

/** The rtm_type values the route writers and fast readers name: RTN_UNSPEC (0), RTN_UNICAST (1). */
export const RTN_UNSPEC = 0, RTN_UNICAST = 1;
/** RTPROT_BOOT (3): the protocol iproute2 gives the routes it adds. */
export const RTPROT_BOOT = 3;
/** RT_SCOPE_UNIVERSE (0), RT_SCOPE_LINK (253), RT_SCOPE_NOWHERE (255) of enum rt_scope_t. */
export const RT_SCOPE_UNIVERSE = 0, RT_SCOPE_LINK = 253, RT_SCOPE_NOWHERE = 255;
/** RTM_F_CLONED (0x200): a cached route, left out of FIB listings. */
export const RTM_F_CLONED = 0x200;

/** Routing table ids with a name (enum rt_class_t); any other id stays a number. */
export const RT_TABLE = new EnumTable("route table", RT_TABLE_NAMES);

/**
 * rtm_flags: RTM_F_* in the upper bits and the RTNH_F_* nexthop flags the
 * kernel copies into the low byte. Names are the ones `ip -j route` prints
 * (RTM_F_OFFLOAD is "rt_offload" because RTNH_F_OFFLOAD is "offload").
 */
export const RTM_F = new FlagTable("route flag", {
  dead: 0x1, pervasive: 0x2, onlink: 0x4, offload: 0x8, linkdown: 0x10, unresolved: 0x20, trap: 0x40,
  notify: 0x100, cloned: 0x200, equalize: 0x400, prefix: 0x800, lookup_table: 0x1000, fib_match: 0x2000,
  rt_offload: 0x4000, rt_trap: 0x8000, rt_offload_failed: 0x20000000,
});

/** rtnh_flags of struct rtnexthop and nh_flags of struct nhmsg (RTNH_F_*). */
export const RTNH_F = new FlagTable("nexthop flag", {
  dead: 0x1, pervasive: 0x2, onlink: 0x4, offload: 0x8, linkdown: 0x10, unresolved: 0x20, trap: 0x40,
});

/** RTA_PREF values (ICMPV6_ROUTER_PREF_* in linux/icmpv6.h). */
export const RT_PREF = new EnumTable("route preference", { 0: "medium", 1: "high", 2: "invalid", 3: "low" });

/** RTA_ENCAP_TYPE / NHA_ENCAP_TYPE (enum lwtunnel_encap_types, linux/lwtunnel.h). */
export const LWTUNNEL_ENCAP = new EnumTable("encap type", {
  0: "none", 1: "mpls", 2: "ip", 3: "ila", 4: "ip6", 5: "seg6", 6: "bpf", 7: "seg6local",
  8: "rpl", 9: "ioam6", 10: "xfrm",
});

/** RTAX_FEATURE_* bits of the `features` metric. */
export const RTAX_FEATURE = new FlagTable("route feature", { ecn: 0x1, sack: 0x2, timestamp: 0x4, allfrag: 0x8 });

/**
 * RTAX_LOCK: bit (1 << RTAX_x) locks metric x. Named after the metrics
 * attribute set's fields.
 */
export const RTAX_LOCK = new FlagTable("locked metric", {
  mtu: 1 << 2, window: 1 << 3, rtt: 1 << 4, rttvar: 1 << 5, ssthresh: 1 << 6, cwnd: 1 << 7,
  advmss: 1 << 8, reordering: 1 << 9, hoplimit: 1 << 10, initcwnd: 1 << 11, features: 1 << 12,
  rtoMin: 1 << 13, initrwnd: 1 << 14, quickack: 1 << 15, ccAlgo: 1 << 16, fastopenNoCookie: 1 << 17,
});

/** SEG6_IPTUN_MODE_* (linux/seg6_iptunnel.h), named as iproute2 spells them. */
export const SEG6_MODE = new EnumTable("seg6 mode", {
  0: "inline", 1: "encap", 2: "l2encap", 3: "encap.red", 4: "l2encap.red",
});

function names256(t: { name(v: number): string | number }): Array<string | number> {
  const out: Array<string | number> = [];
  for (let i = 0; i < 256; i++) out.push(t.name(i));
  return out;
}

/** The decoded name (or number) of every u8 value of the rtmsg's table, protocol, scope and type and of RTA_PREF: one array lookup per route in a dump. */
export const ROUTE_NAMES = {
  table: names256(RT_TABLE),
  protocol: names256(RTPROT),
  scope: names256(RT_SCOPE),
  type: names256(RTN),
  pref: names256(RT_PREF),
} as const;
