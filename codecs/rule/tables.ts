/**
 * Name tables of the FIB rule family (linux/fib_rules.h, rt-rule.yaml):
 * rule actions, rule flags, and the well-known table ids and route
 * protocols iproute2 prints by name (/usr/share/iproute2 rt_tables and
 * rt_protos defaults, linux/rtnetlink.h RT_TABLE_* / RTPROT_*; the names
 * are shared with the route family in codecs/rt-names.ts).
 */
import { EnumTable, FlagTable } from "../core/tables.ts";
import { RT_TABLE_NAMES, RTPROT_NAMES } from "../rt-names.ts";

/**
 * FR_ACT_* actions of fib_rule_hdr.action. FR_ACT_TO_TBL is called "table"
 * (iproute2 has no keyword for it: `lookup TABLE` selects it); the others
 * are the words `ip rule` accepts and prints.
 */
export const FR_ACTIONS = new EnumTable("rule action", {
  0: "unspec", 1: "table", 2: "goto", 3: "nop", 4: "res3", 5: "res4",
  6: "blackhole", 7: "unreachable", 8: "prohibit",
});

/** FIB_RULE_* flags of fib_rule_hdr.flags. fib_rules.h */
export const FIB_RULE_FLAGS = new FlagTable("rule flag", {
  permanent: 0x1,
  invert: 0x2,
  unresolved: 0x4,
  iif_detached: 0x8,
  oif_detached: 0x10,
  find_saddr: 0x10000,
});

/** RT_TABLE_* ids with names. rtnetlink.h */
export const RT_TABLES = new EnumTable("routing table", RT_TABLE_NAMES);

/** RTPROT_* originators of routes/rules/neighbours, named as iproute2's rt_protos. rtnetlink.h */
export const RT_PROTOCOLS = new EnumTable("protocol", RTPROT_NAMES);

/**
 * IP protocol numbers by name for FRA_IP_PROTO, spelled as in /etc/protocols
 * (netbase), which is what iproute2 prints through getprotobynumber(3).
 */
export const IP_PROTOCOLS = new EnumTable("IP protocol", {
  0: "ip", 1: "icmp", 2: "igmp", 4: "ipencap", 6: "tcp", 17: "udp", 41: "ipv6", 47: "gre",
  50: "esp", 51: "ah", 58: "ipv6-icmp", 89: "ospf", 94: "ipip", 103: "pim", 112: "vrrp",
  132: "sctp", 136: "udplite", 137: "mpls-in-ip",
});
