/**
 * rtnetlink message types and multicast groups (linux/rtnetlink.h; the
 * nexthop messages from linux/rtnetlink.h and linux/nexthop.h).
 */

/** rtnetlink message types. rtnetlink.h */
export const RTM = {
  NEWLINK: 16, DELLINK: 17, GETLINK: 18, SETLINK: 19,
  NEWADDR: 20, DELADDR: 21, GETADDR: 22,
  NEWROUTE: 24, DELROUTE: 25, GETROUTE: 26,
  NEWNEIGH: 28, DELNEIGH: 29, GETNEIGH: 30,
  NEWRULE: 32, DELRULE: 33, GETRULE: 34,
  NEWNEIGHTBL: 64, GETNEIGHTBL: 66, SETNEIGHTBL: 67,
  NEWADDRLABEL: 72, DELADDRLABEL: 73, GETADDRLABEL: 74,
  NEWNETCONF: 80, DELNETCONF: 81, GETNETCONF: 82,
  NEWNSID: 88, DELNSID: 89, GETNSID: 90,
  NEWSTATS: 92, GETSTATS: 94, SETSTATS: 95,
  NEWNEXTHOP: 104, DELNEXTHOP: 105, GETNEXTHOP: 106,
  NEWLINKPROP: 108, DELLINKPROP: 109,
  NEWNEXTHOPBUCKET: 116, DELNEXTHOPBUCKET: 117, GETNEXTHOPBUCKET: 118,
} as const;

let RTM_NAMES: Map<number, string> | undefined; // made on first use (trace output and error text only)
const CONTROL_NAMES: Record<number, string> = { 1: "NLMSG_NOOP", 2: "NLMSG_ERROR", 3: "NLMSG_DONE", 4: "NLMSG_OVERRUN" };

/** "RTM_NEWROUTE" for 24, "NLMSG_ERROR" for 2, "type 123" otherwise. */
export function messageTypeName(type: number): string {
  RTM_NAMES ??= new Map<number, string>(Object.entries(RTM).map(([k, v]) => [v, `RTM_${k}`]));
  return RTM_NAMES.get(type) ?? CONTROL_NAMES[type] ?? `type ${type}`;
}

/** rtnetlink multicast groups (enum rtnetlink_groups), for NETLINK_ADD_MEMBERSHIP. rtnetlink.h */
export const RTNLGRP = {
  LINK: 1, NOTIFY: 2, NEIGH: 3, TC: 4,
  IPV4_IFADDR: 5, IPV4_MROUTE: 6, IPV4_ROUTE: 7, IPV4_RULE: 8,
  IPV6_IFADDR: 9, IPV6_MROUTE: 10, IPV6_ROUTE: 11, IPV6_IFINFO: 12,
  IPV6_PREFIX: 18, IPV6_RULE: 19, ND_USEROPT: 20,
  IPV4_NETCONF: 24, IPV6_NETCONF: 25, MDB: 26, MPLS_ROUTE: 27, NSID: 28,
  MPLS_NETCONF: 29, IPV4_MROUTE_R: 30, IPV6_MROUTE_R: 31,
  NEXTHOP: 32, BRVLAN: 33, MCTP_IFADDR: 34, TUNNEL: 35, STATS: 36,
} as const;
