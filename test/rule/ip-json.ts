/**
 * Comparing the rule API's view with `ip -j rule show` (iproute2 6.1):
 * ip prints src/dst and their lengths separately (no length for a host
 * prefix, "all" for none), tables by name, tos/fwmark as hex strings, the
 * mask only when not 0xffffffff, single ports as one number, flags and
 * actions as null-valued keys, realms as flow_to, and the protocol only
 * when it is not kernel/unspec. Both sides are projected onto that, in
 * dump order. (6.1 does not know FRA_DSCP nor the flow label attributes.)
 */
import { expect } from "vitest";
import type { Range, Rule } from "../../lib/rtnl/rule/api.ts";

type IpRule = Record<string, unknown>;
const TABLES: Record<string, number> = { local: 255, main: 254, default: 253 };

function prefix(addr: unknown, len: unknown): string | undefined {
  if (addr === undefined || addr === "all") return undefined;
  const a = addr as string;
  return `${a}/${len ?? (a.includes(":") ? 128 : 32)}`;
}

function ports(e: IpRule, k: "sport" | "dport"): Range | undefined {
  if (e[k] !== undefined) return { start: e[k] as number, end: e[k] as number };
  if (e[`${k}_start`] !== undefined) return { start: e[`${k}_start`] as number, end: e[`${k}_end`] as number };
  return undefined;
}

/** Project one element of `ip -j rule show`. */
export function fromIp(e: IpRule): Record<string, unknown> {
  const action = "goto" in e ? "goto" : "nop" in e ? "nop" : (e.action as string | undefined) ?? "table";
  const out: Record<string, unknown> = {
    priority: e.priority,
    action,
    from: prefix(e.src, e.srclen),
    to: prefix(e.dst, e.dstlen),
    not: "not" in e,
    tos: e.tos === undefined ? undefined : Number(e.tos),
    fwmark: e.fwmark === undefined ? undefined : Number(e.fwmark),
    fwmask: e.fwmark === undefined ? undefined : e.fwmask === undefined ? 0xffffffff : Number(e.fwmask),
    iif: e.iif,
    oif: e.oif,
    table: e.table === undefined ? undefined : (e.table as string) in TABLES ? e.table : Number(e.table),
    goto: e.goto,
    uidRange: e.uid_start === undefined ? undefined : { start: e.uid_start, end: e.uid_end },
    ipProto: e.ipproto,
    sport: ports(e, "sport"),
    dport: ports(e, "dport"),
    l3mdev: "l3mdev" in e ? true : undefined,
    suppressPrefixlen: e.suppress_prefixlen,
    suppressIfgroup: e.suppress_ifgroup === undefined ? undefined : Number(e.suppress_ifgroup),
    flow: e.flow_to === undefined ? undefined : Number(e.flow_to),
    tunId: e.tun_id === undefined ? undefined : BigInt(e.tun_id as number),
    protocol: e.protocol,
    unresolved: "unresolved" in e,
    oifDetached: "oif_detached" in e,
    iifDetached: "iif_detached" in e,
  };
  return out;
}

/** Project one Rule the way ip prints it. */
export function fromApi(r: Rule): Record<string, unknown> {
  return {
    priority: r.priority,
    action: r.action,
    from: r.from,
    to: r.to,
    not: r.not,
    tos: r.tos,
    fwmark: r.fwmark,
    fwmask: r.fwmark === undefined ? undefined : r.fwmask,
    iif: r.iif,
    oif: r.oif,
    table: r.table,
    goto: r.goto,
    uidRange: r.uidRange,
    ipProto: r.ipProto,
    sport: r.sport,
    dport: r.dport,
    l3mdev: r.l3mdev || undefined,
    suppressPrefixlen: r.suppressPrefixlen,
    suppressIfgroup: r.suppressIfgroup,
    flow: r.flow,
    tunId: r.tunId,
    protocol: r.protocol === "unspec" || r.protocol === "kernel" ? undefined : r.protocol,
    unresolved: r.flags.includes("unresolved"),
    oifDetached: r.flags.includes("oif_detached"),
    iifDetached: r.flags.includes("iif_detached"),
  };
}

/** Our list equals ip's JSON, rule by rule in dump order. */
export function expectSameAsIp(ours: Rule[], ipJson: unknown): void {
  expect(Array.isArray(ipJson)).toBe(true);
  expect(ours.map(fromApi)).toEqual((ipJson as IpRule[]).map(fromIp));
}
