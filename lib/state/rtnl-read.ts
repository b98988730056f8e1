/**
 * Reading a namespace into document form with the typed API (the one
 * place that knows the shapes `list()` returns): interface indexes become
 * names, enum values their canonical spelling, and what the kernel made
 * itself is flagged as derived.
 */
import { existsSync, readFileSync } from "node:fs";
import type { Rtnl } from "../rtnl/rtnl.ts";
import type { Link } from "../rtnl/link/api.ts";
import type { Address } from "../rtnl/address/api.ts";
import type { Route } from "../rtnl/route/api.ts";
import type { Rule } from "../rtnl/rule/api.ts";
import type { Nexthop } from "../rtnl/nexthop/api.ts";
import type { Neighbour } from "../rtnl/neighbour/api.ts";
import { addressKey, linkKey, neighbourKey, protoNum, routeKey, ruleKey, scopeNum, tableNum } from "./keys.ts";
import { GLOBAL_SYSCTLS, linkSysctls, sysctlFile } from "./selected.ts";
import { derivedId, emptySnapshot, type Snapshot } from "./snapshot.ts";
import type { AddressState, LinkState, NeighbourState, NexthopState, RouteState, RuleState } from "./types.ts";

const CONFIG_FLAGS = new Set(["nodad", "noprefixroute", "mngtmpaddr", "home", "autojoin"]);
const BRIDGE_DEFAULTS: Record<string, number> = { forwardDelay: 1500, helloTime: 200, maxAge: 2000, ageingTime: 30000, stpState: 0, priority: 32768, vlanFiltering: 0 };
const PARENT_KINDS = new Set(["macvlan", "macvtap", "ipvlan", "ipvtap", "vlan"]);

function linkState(l: Link, names: Map<number, string>): LinkState | undefined {
  const a = l.attrs;
  if (a.ifname === undefined) return undefined;
  const s: LinkState = { name: a.ifname };
  const kind = a.linkinfo?.kind;
  if (kind !== undefined) s.kind = kind;
  if (kind === "veth" && a.link !== undefined && a.linkNetnsid === undefined) {
    const p = names.get(a.link);
    if (p !== undefined) s.peer = p;
  }
  if (kind !== undefined && PARENT_KINDS.has(kind) && a.link !== undefined && a.linkNetnsid === undefined) {
    const p = names.get(a.link);
    if (p !== undefined) s.link = p;
  }
  if (a.mtu !== undefined) s.mtu = a.mtu;
  if (a.address !== undefined) s.address = a.address;
  s.up = l.flags.includes("UP");
  if (a.ifalias !== undefined && a.ifalias !== "") s.alias = a.ifalias;
  if (a.master !== undefined) s.master = names.get(a.master) ?? String(a.master);
  if (a.txqlen !== undefined) s.txqlen = a.txqlen;
  if (a.group !== undefined) s.group = a.group;
  if (kind === "bridge" && a.linkinfo?.data !== undefined) {
    const d = a.linkinfo.data as Record<string, unknown>;
    const data: Record<string, number | boolean> = {};
    for (const [k, dflt] of Object.entries(BRIDGE_DEFAULTS)) {
      const v = d[k];
      if (typeof v === "number" && v !== dflt) data[k] = k === "vlanFiltering" ? v !== 0 : v;
    }
    if (Object.keys(data).length > 0) s.data = data;
  }
  return s;
}

function addressState(a: Address, names: Map<number, string>): AddressState {
  const dev = names.get(a.ifindex) ?? String(a.ifindex);
  const s: AddressState = { dev, address: `${a.local}/${a.prefixlen}` };
  if (a.peer !== undefined) s.peer = `${a.peer}/${a.prefixlen}`;
  if (a.broadcast !== undefined) s.broadcast = a.broadcast;
  if (a.label !== undefined && a.label !== dev) s.label = a.label;
  const loopback = a.family === "inet" && a.local.startsWith("127.");
  if (a.family === "inet" && scopeNum(a.scope) !== (loopback ? 254 : 0)) s.scope = a.scope;
  const flags = a.flags.filter((f) => CONFIG_FLAGS.has(f));
  if (flags.length > 0) s.flags = flags;
  if (a.metric !== undefined) s.metric = a.metric;
  return s;
}

function addressDerived(a: Address, dev: string | undefined): boolean {
  if (a.protocol === "kernel_ll" || a.protocol === "kernel_lo" || a.protocol === "kernel_ra") return true;
  if (a.flags.includes("temporary")) return true;
  return dev === "lo" && ((a.local === "127.0.0.1" && a.prefixlen === 8) || (a.local === "::1" && a.prefixlen === 128));
}

/** The scope `ip route add` gives a route of this type and next hop (iproute_modify). */
function defaultScope(r: RouteState, fam: 4 | 6): number {
  if (fam === 6) return 0;
  const t = r.type ?? "unicast";
  if (t === "local" || t === "nat") return 254;
  if (t === "broadcast" || t === "multicast" || t === "anycast") return 253;
  if (t === "unicast" && r.gateway === undefined && r.multipath === undefined && r.nhid === undefined) return 253;
  return 0;
}

function routeState(r: Route, names: Map<number, string>): RouteState {
  const fam = r.family === "inet" ? 4 : 6;
  const s: RouteState = { dst: r.dst };
  if (r.dst === "default") s.family = fam;
  const table = tableNum(r.table);
  if (table !== 254) s.table = table;
  if (r.type !== "unicast") s.type = String(r.type);
  // A route through a nexthop object is reported with the nexthop's gateway and device: those belong to the nexthop.
  if (r.gateway !== undefined && r.nhid === undefined) s.gateway = r.gateway;
  if (r.ifindex !== undefined && r.nhid === undefined) s.dev = names.get(r.ifindex) ?? String(r.ifindex);
  if (r.metric !== undefined && !(fam === 4 && r.metric === 0)) s.metric = r.metric;
  if (protoNum(r.protocol) !== 3) s.protocol = r.protocol;
  if (r.prefsrc !== undefined) s.src = r.prefsrc;
  if (r.from !== undefined) s.from = r.from;
  if (r.tos !== 0) s.tos = r.tos;
  if (r.flags.includes("onlink")) s.onlink = true;
  if (r.nhid !== undefined) s.nhid = r.nhid;
  if (r.multipath !== undefined && r.nhid === undefined) {
    s.multipath = r.multipath.map((p) => {
      const q: NonNullable<RouteState["multipath"]>[number] = {};
      if (p.gateway !== undefined) q.gateway = p.gateway;
      if (p.ifindex !== undefined) q.dev = names.get(p.ifindex) ?? String(p.ifindex);
      if (p.weight !== 1) q.weight = p.weight;
      if (p.flags.includes("onlink")) q.onlink = true;
      return q;
    });
  }
  if (scopeNum(r.scope) !== defaultScope(s, fam)) s.scope = r.scope;
  return s;
}

function nexthopState(n: Nexthop, names: Map<number, string>): NexthopState {
  const s: NexthopState = { id: n.id };
  if (n.gateway !== undefined) s.gateway = n.gateway;
  if (n.ifindex !== undefined) s.dev = names.get(n.ifindex) ?? String(n.ifindex);
  if (n.gateway === undefined && n.ifindex !== undefined && n.family === "inet6") s.family = 6;
  if (n.blackhole) s.blackhole = true;
  if (n.flags.includes("onlink")) s.onlink = true;
  if (n.fdb) s.fdb = true;
  if (n.group !== undefined) s.group = n.group.map((g) => (g.weight === 1 ? { id: g.id } : { id: g.id, weight: g.weight }));
  if (protoNum(n.protocol, 0) !== 0) s.protocol = n.protocol;
  return s;
}

function neighbourState(n: Neighbour, names: Map<number, string>): NeighbourState | undefined {
  if ((n.family !== "inet" && n.family !== "inet6") || n.dst === undefined) return undefined;
  if (!n.proxy && !n.state.includes("permanent")) return undefined;
  const s: NeighbourState = { dev: names.get(n.ifindex) ?? String(n.ifindex), dst: n.dst };
  if (n.lladdr !== undefined && !n.proxy) s.lladdr = n.lladdr;
  if (n.proxy) s.proxy = true;
  if (n.flags.includes("router")) s.router = true;
  return s;
}

function ruleState(r: Rule): RuleState | undefined {
  if (r.family !== "inet" && r.family !== "inet6") return undefined;
  const s: RuleState = { family: r.family === "inet" ? 4 : 6, priority: r.priority };
  if (r.action !== "table") s.action = r.action as RuleState["action"];
  if (r.table !== undefined && r.action === "table") s.table = r.table;
  if (r.from !== undefined) s.from = r.from;
  if (r.to !== undefined) s.to = r.to;
  if (r.iif !== undefined) s.iif = r.iif;
  if (r.oif !== undefined) s.oif = r.oif;
  if (r.fwmark !== undefined) s.fwmark = r.fwmark;
  if (r.fwmask !== undefined && r.fwmask !== 0xffffffff) s.fwmask = r.fwmask;
  if (r.not) s.not = true;
  if (r.tos !== undefined) s.tos = r.tos;
  if (r.goto !== undefined) s.goto = r.goto;
  if (r.ipProto !== undefined) s.ipProto = r.ipProto;
  if (r.sport !== undefined) s.sport = r.sport;
  if (r.dport !== undefined) s.dport = r.dport;
  if (r.uidRange !== undefined) s.uidRange = r.uidRange;
  if (r.suppressPrefixlen !== undefined) s.suppressPrefixlen = r.suppressPrefixlen;
  if (r.protocol !== undefined && protoNum(r.protocol, 0) !== 0) s.protocol = r.protocol;
  return s;
}

/** Read one sysctl (undefined when the key does not exist), in the calling thread's namespace. */
export function readSysctl(key: string): string | undefined {
  const f = sysctlFile(key);
  if (!existsSync(f)) return undefined;
  try {
    return readFileSync(f, "utf8").trim();
  } catch {
    return undefined;
  }
}

/**
 * Read the namespace behind `nl` into a snapshot. `inNs` runs a function
 * inside that namespace (for /proc/sys reads).
 */
export function readSnapshot(nl: Rtnl, inNs: <T>(fn: () => T) => T, sysctls: Iterable<string> = []): Snapshot {
  const snap = emptySnapshot();
  const links = nl.links.list();
  const names = new Map(links.map((l) => [l.ifindex, l.attrs.ifname ?? String(l.ifindex)]));
  for (const l of links) {
    const s = linkState(l, names);
    if (s === undefined) continue;
    snap.links.push(s);
    if (s.name === "lo") snap.derived.add(derivedId("links", linkKey(s)));
  }
  for (const a of nl.addresses.list()) {
    const s = addressState(a, names);
    snap.addresses.push(s);
    if (addressDerived(a, names.get(a.ifindex))) snap.derived.add(derivedId("addresses", addressKey(s)));
  }
  for (const r of nl.routes.list({ table: "all" })) {
    const s = routeState(r, names);
    snap.routes.push(s);
    if (r.protocol === "kernel" || r.protocol === "ra" || r.protocol === "redirect") snap.derived.add(derivedId("routes", routeKey(s)));
  }
  try {
    for (const n of nl.nexthops.list()) snap.nexthops.push(nexthopState(n, names));
  } catch (e) {
    if (!(e instanceof Error && /EOPNOTSUPP|EAFNOSUPPORT/.test(String((e as { code?: string }).code)))) throw e;
  }
  for (const n of [...nl.neighbours.list(), ...nl.neighbours.list({ proxy: true })]) {
    const s = neighbourState(n, names);
    if (s !== undefined && !snap.neighbours.some((x) => neighbourKey(x) === neighbourKey(s))) snap.neighbours.push(s);
  }
  for (const r of nl.rules.list()) {
    const s = ruleState(r);
    if (s === undefined) continue;
    snap.rules.push(s);
    if (r.protocol === "kernel") snap.derived.add(derivedId("rules", ruleKey(s)));
  }
  const keys = new Set<string>([...GLOBAL_SYSCTLS, ...linkSysctls("all"), ...linkSysctls("default"), ...sysctls]);
  for (const l of snap.links) if (/^[A-Za-z0-9_@+-]+$/.test(l.name)) for (const k of linkSysctls(l.name)) keys.add(k);
  inNs(() => {
    for (const k of keys) {
      const v = readSysctl(k);
      if (v !== undefined) snap.sysctls[k] = v;
    }
  });
  return snap;
}
