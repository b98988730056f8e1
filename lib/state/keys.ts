/**
 * Canonical forms and identity keys of document items. Two items with the
 * same key are the same kernel object (the key is what the kernel looks an
 * object up by: a link's name, an address's link and prefix, a route's
 * table, destination, source, TOS and metric, a nexthop's id); the other
 * fields are its settings, compared in their canonical form (addresses
 * compressed and lowercased, table/protocol/scope names as numbers).
 */
import { parsePrefix } from "../../codecs/ip/index.ts";
import { RT_SCOPE, RT_TABLE, RTPROT } from "../../codecs/route/tables.ts";
import type { AddressState, LinkState, NeighbourState, NexthopState, RouteState, RuleState } from "./types.ts";

/** Canonical text of an address ("2001:DB8::01" -> "2001:db8::1"); unparsable text is kept as given. */
export function canonIp(s: string): string {
  try {
    return parsePrefix(s.split("/")[0]!).address;
  } catch {
    return s;
  }
}

/** Canonical "address/len" (a bare address gets its full length); "default" stays. */
export function canonPrefix(s: string): string {
  if (s === "default") return s;
  try {
    const p = parsePrefix(s);
    return `${p.address}/${p.prefixLen}`;
  } catch {
    return s;
  }
}

/** 4 or 6 for an address or prefix; undefined for "default" or garbage. */
export function familyOfText(s: string): 4 | 6 | undefined {
  if (s === "default") return undefined;
  try {
    return parsePrefix(s).family === 2 ? 4 : 6;
  } catch {
    return undefined;
  }
}

function enumNum(t: { value(v: string | number, f: string): number }, v: string | number | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  try {
    return t.value(v, "value");
  } catch {
    return -1;
  }
}

/** A table name or number as a number (main when absent). */
export const tableNum = (v: string | number | undefined): number => enumNum(RT_TABLE, v, 254);
/** A protocol name or number as a number. */
export const protoNum = (v: string | number | undefined, dflt = 3): number => enumNum(RTPROT, v, dflt);
/** A scope name or number as a number. */
export const scopeNum = (v: string | number | undefined, dflt = 0): number => enumNum(RT_SCOPE, v, dflt);

/** The family of a route (from dst, else `family`, else 4). */
export function routeFamily(r: RouteState): 4 | 6 {
  return familyOfText(r.dst) ?? r.family ?? 4;
}

/** Identity of a link. */
export const linkKey = (l: LinkState): string => l.name;

/** Identity of an address: its link and its prefix. */
export const addressKey = (a: AddressState): string => `${a.dev} ${canonPrefix(a.address)}`;

const REJECT = new Set(["blackhole", "unreachable", "prohibit", "throw"]);

/**
 * How the kernel tells apart IPv6 routes of one destination, source and
 * metric (fib6_add_rt2node): the routes with a gateway (no nexthop object)
 * are one ECMP route, its paths siblings; every other route is its own,
 * told apart by its device (rt6_duplicate_nexthop; reject routes are on
 * lo) or its nexthop object. "" for the ECMP kind.
 */
export function ipv6RouteSlot(r: RouteState): string {
  if (r.nhid !== undefined) return ` nhid ${r.nhid}`;
  if (REJECT.has(String(r.type ?? "unicast"))) return " dev lo";
  if (r.multipath !== undefined || r.gateway !== undefined) return "";
  return ` dev ${r.dev ?? "-"}`;
}

/**
 * Identity of a route: family, table, destination, source prefix, TOS and
 * metric (IPv6 default 1024); IPv6 also its slot (ipv6RouteSlot): the
 * kernel keeps IPv6 routes of one prefix and metric on two devices apart.
 */
export function routeKey(r: RouteState): string {
  return `${routeBaseKey(r)}${routeFamily(r) === 6 ? ipv6RouteSlot(r) : ""}`;
}

/** A route's family, table, destination, source prefix, TOS and metric (what NLM_F_REPLACE looks a route up by). */
export function routeBaseKey(r: RouteState): string {
  const fam = routeFamily(r);
  const metric = r.metric ?? (fam === 6 ? 1024 : 0);
  const dst = r.dst === "default" ? "default" : canonPrefix(r.dst);
  return `${fam} table ${tableNum(r.table)} ${dst === `0.0.0.0/0` || dst === "::/0" ? "default" : dst}${r.from === undefined ? "" : ` from ${canonPrefix(r.from)}`} tos ${r.tos ?? 0} metric ${metric}`;
}

/** Identity of a nexthop: its id. */
export const nexthopKey = (n: NexthopState): string => `${n.id}`;

/** Identity of a neighbour: link, address, proxy or not. */
export const neighbourKey = (n: NeighbourState): string => `${n.dev} ${canonIp(n.dst)}${n.proxy ? " proxy" : ""}`;

const IPPROTO: Record<string, number> = { icmp: 1, igmp: 2, tcp: 6, udp: 17, gre: 47, esp: 50, ah: 51, "ipv6-icmp": 58, icmpv6: 58, sctp: 132 };

/** A rule's selector and action in canonical form: its identity (a rule has no id; `protocol` is a setting). */
export function ruleKey(r: RuleState): string {
  const action = r.action ?? (r.goto !== undefined ? "goto" : "table");
  const parts: Array<string | number> = [r.family, r.priority, action];
  if (action === "table") parts.push(`table ${tableNum(r.table)}`);
  if (r.from !== undefined) parts.push(`from ${canonPrefix(r.from)}`);
  if (r.to !== undefined) parts.push(`to ${canonPrefix(r.to)}`);
  if (r.iif !== undefined) parts.push(`iif ${r.iif}`);
  if (r.oif !== undefined) parts.push(`oif ${r.oif}`);
  if (r.fwmark !== undefined || r.fwmask !== undefined) parts.push(`fwmark ${r.fwmark ?? 0}/${r.fwmask ?? 0xffffffff}`);
  if (r.not) parts.push("not");
  if (r.tos) parts.push(`tos ${r.tos}`);
  if (r.goto !== undefined) parts.push(`goto ${r.goto}`);
  if (r.ipProto !== undefined) parts.push(`ipproto ${typeof r.ipProto === "string" ? (IPPROTO[r.ipProto] ?? r.ipProto) : r.ipProto}`);
  if (r.sport !== undefined) parts.push(`sport ${r.sport.start}-${r.sport.end}`);
  if (r.dport !== undefined) parts.push(`dport ${r.dport.start}-${r.dport.end}`);
  if (r.uidRange !== undefined) parts.push(`uid ${r.uidRange.start}-${r.uidRange.end}`);
  if (r.suppressPrefixlen !== undefined) parts.push(`suppress_prefixlength ${r.suppressPrefixlen}`);
  return parts.join(" ");
}

/** Canonical form of one field value for comparison (field names are shared across sections). */
export function canonField(field: string, v: unknown): unknown {
  if (v === undefined) return field === "flags" ? [] : field === "onlink" || field === "router" ? false : field === "type" ? "unicast" : field === "protocol" ? 3 : undefined;
  switch (field) {
    case "alias": return v === "" ? undefined : v;
    case "onlink": case "router": return v === true;
    case "gateway": case "src": case "broadcast": case "dst": return canonIp(v as string);
    case "peer": return typeof v === "string" && familyOfText(v) !== undefined ? canonPrefix(v) : v;
    case "address": case "lladdr": return typeof v === "string" ? v.toLowerCase() : v;
    case "table": return tableNum(v as string | number);
    case "protocol": return protoNum(v as string | number);
    case "scope": return scopeNum(v as string | number);
    case "flags": return [...(v as string[])].sort();
    case "master": return v === null ? undefined : v;
    case "group": return !Array.isArray(v) ? v : (v as Array<{ id: number; weight?: number }>).map((g) => ({ id: g.id, weight: g.weight ?? 1 }));
    case "multipath":
      return (v as Array<{ gateway?: string; dev?: string; weight?: number; onlink?: boolean }>).map((p) => ({
        gateway: p.gateway === undefined ? undefined : canonIp(p.gateway), dev: p.dev, weight: p.weight ?? 1, onlink: p.onlink ?? false,
      }));
    default: return v;
  }
}

/** Fields of `want` (given there) whose canonical value differs from `have`'s. `fields` limits the comparison. */
export function differingFields(want: object, have: object, fields: readonly string[]): string[] {
  const w = want as Record<string, unknown>, h = have as Record<string, unknown>;
  const out: string[] = [];
  for (const f of fields) {
    if (w[f] === undefined) continue;
    const a = canonField(f, w[f]), b = canonField(f, h[f]);
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push(f);
  }
  return out;
}

/**
 * What leaving a field out means under `prune` (the document describes the
 * object completely): no alias, no master, no flags, the defaults of
 * `ip route add` / `ip nexthop add` / `ip rule add`.
 */
export const PRUNE_DEFAULTS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  links: { alias: "", master: null },
  addresses: { flags: [] },
  routes: { type: "unicast", protocol: "boot", onlink: false },
  neighbours: { router: false },
};
