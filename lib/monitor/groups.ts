/**
 * Which rtnetlink multicast groups (enum rtnetlink_groups, linux/rtnetlink.h)
 * carry which event families, and the validation of a subscription's
 * `families` / `groups` options. Pure: no syscall.
 */
import { RTNLGRP } from "../../codecs/rtnetlink.ts";

/** The object families a subscription can deliver. */
export const MONITOR_FAMILIES = ["link", "address", "route", "neighbour", "rule", "nsid", "nexthop", "qdisc", "class", "filter", "chain", "action"] as const;

/** One of {@link MONITOR_FAMILIES}. */
export type MonitorFamily = (typeof MONITOR_FAMILIES)[number];

/**
 * Group names accepted by the `groups` option, each an RTNLGRP_* number
 * (rtnetlink.h). The kernel sends RTM_*LINK to LINK, RTM_*ADDR to
 * IPV4_IFADDR/IPV6_IFADDR, RTM_*ROUTE to IPV4_ROUTE/IPV6_ROUTE, RTM_*NEIGH to
 * NEIGH, RTM_*RULE to IPV4_RULE/IPV6_RULE, RTM_*NSID to NSID and
 * RTM_*NEXTHOP to NEXTHOP, and the traffic-control messages (RTM_*QDISC,
 * RTM_*TCLASS, RTM_*TFILTER, RTM_*CHAIN, RTM_*ACTION) to TC.
 */
export const MONITOR_GROUPS = {
  link: RTNLGRP.LINK,
  neigh: RTNLGRP.NEIGH,
  "ipv4-ifaddr": RTNLGRP.IPV4_IFADDR,
  "ipv6-ifaddr": RTNLGRP.IPV6_IFADDR,
  "ipv4-route": RTNLGRP.IPV4_ROUTE,
  "ipv6-route": RTNLGRP.IPV6_ROUTE,
  "ipv4-rule": RTNLGRP.IPV4_RULE,
  "ipv6-rule": RTNLGRP.IPV6_RULE,
  nsid: RTNLGRP.NSID,
  nexthop: RTNLGRP.NEXTHOP,
  tc: RTNLGRP.TC,
} as const;

/** A key of {@link MONITOR_GROUPS}. */
export type MonitorGroup = keyof typeof MONITOR_GROUPS;

/** The groups each family needs (both IP versions where the kernel splits them). */
export const FAMILY_GROUPS: Record<MonitorFamily, readonly MonitorGroup[]> = {
  link: ["link"],
  address: ["ipv4-ifaddr", "ipv6-ifaddr"],
  route: ["ipv4-route", "ipv6-route"],
  neighbour: ["neigh"],
  rule: ["ipv4-rule", "ipv6-rule"],
  nsid: ["nsid"],
  nexthop: ["nexthop"],
  qdisc: ["tc"],
  class: ["tc"],
  filter: ["tc"],
  chain: ["tc"],
  action: ["tc"],
};

function checkNameList<T extends string>(value: unknown, field: string, allowed: readonly T[]): T[] {
  if (!Array.isArray(value)) throw new TypeError(`${field}: expected an array of names, got ${describe(value)}`);
  const out: T[] = [];
  value.forEach((v, i) => {
    if (typeof v !== "string") throw new TypeError(`${field}[${i}]: expected a string, got ${describe(v)}`);
    if (!(allowed as readonly string[]).includes(v)) {
      throw new RangeError(`${field}[${i}]: ${JSON.stringify(v)} is not one of ${allowed.join(", ")}`);
    }
    if (!out.includes(v as T)) out.push(v as T);
  });
  return out;
}

/** Short description of a bad value for error messages. */
export function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return `${typeof v} ${String(v)}`;
  return typeof v;
}

/** Validate `families` (default: every family). Throws TypeError/RangeError naming the field. */
export function checkFamilies(value: unknown, field = "families"): MonitorFamily[] {
  if (value === undefined) return [...MONITOR_FAMILIES];
  const out = checkNameList(value, field, MONITOR_FAMILIES);
  if (out.length === 0) throw new RangeError(`${field}: at least one family is needed`);
  return out;
}

/**
 * The sorted, de-duplicated RTNLGRP_* numbers for `families` plus the
 * explicitly named `groups`. With `groups` given and `families` absent, only
 * the named groups are joined.
 */
export function resolveGroups(families: unknown, groups: unknown): number[] {
  const set = new Set<number>();
  if (groups !== undefined) {
    const names = checkNameList(groups, "groups", Object.keys(MONITOR_GROUPS) as MonitorGroup[]);
    if (names.length === 0 && families === undefined) throw new RangeError("groups: at least one group is needed");
    for (const g of names) set.add(MONITOR_GROUPS[g]);
  }
  if (families !== undefined || groups === undefined) {
    for (const f of checkFamilies(families)) for (const g of FAMILY_GROUPS[f]) set.add(MONITOR_GROUPS[g]);
  }
  return [...set].sort((a, b) => a - b);
}
