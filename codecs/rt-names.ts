/**
 * rtnetlink name tables that several families share (linux/rtnetlink.h):
 * route types (RTN_*, carried in rtm_type and ndm_type), route protocols
 * (RTPROT_*: rtm_protocol, nh_protocol, FRA_PROTOCOL, NDA_PROTOCOL),
 * scopes (enum rt_scope_t: rtm_scope, nh_scope, ifa_scope) and routing
 * table ids (enum rt_class_t: rtm_table, FRA_TABLE). Names are the ones
 * iproute2 prints (lib/rt_names.c, /etc/iproute2/rt_protos). Each family
 * builds its EnumTable from these with its own label, the word its error
 * messages use ("unknown route protocol", "unknown protocol", ...).
 */
import { EnumTable } from "./core/tables.ts";

/** rtm_type / ndm_type values (enum rtm-type in rt-route.yaml and rt-neigh.yaml, RTN_*). */
export const RTN_NAMES: Readonly<Record<number, string>> = {
  0: "unspec", 1: "unicast", 2: "local", 3: "broadcast", 4: "anycast", 5: "multicast",
  6: "blackhole", 7: "unreachable", 8: "prohibit", 9: "throw", 10: "nat", 11: "xresolve",
};

/**
 * RTPROT_* values (17 mrouted from the header, 186..192 from
 * /etc/iproute2/rt_protos). Values without a name stay numbers.
 */
export const RTPROT_NAMES: Readonly<Record<number, string>> = {
  0: "unspec", 1: "redirect", 2: "kernel", 3: "boot", 4: "static",
  8: "gated", 9: "ra", 10: "mrt", 11: "zebra", 12: "bird", 13: "dnrouted", 14: "xorp",
  15: "ntk", 16: "dhcp", 17: "mrouted", 18: "keepalived", 42: "babel", 99: "openr",
  186: "bgp", 187: "isis", 188: "ospf", 189: "rip", 192: "eigrp",
};

/** enum rt_scope_t values; RT_SCOPE_UNIVERSE (0) is "global", as iproute2 prints it. */
export const RT_SCOPE_NAMES: Readonly<Record<number, string>> = {
  0: "global", 200: "site", 253: "link", 254: "host", 255: "nowhere",
};

/** Routing table ids with a name (enum rt_class_t, RT_TABLE_*); any other id stays a number. */
export const RT_TABLE_NAMES: Readonly<Record<number, string>> = {
  0: "unspec", 252: "compat", 253: "default", 254: "main", 255: "local",
};

/** A scope EnumTable labelled `what` that also accepts the kernel's own name "universe" for 0 on encode (it never decodes to it). */
export function scopeTable(what: string): EnumTable {
  const t = new EnumTable(what, RT_SCOPE_NAMES);
  t.byName.set("universe", 0);
  return t;
}
