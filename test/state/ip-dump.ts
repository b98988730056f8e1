/**
 * The state of a namespace as iproute2 reports it (`ip -j` for links,
 * addresses, routes of every table, nexthops, neighbours, rules) plus
 * sysctl values, for comparisons that do not go through our own reader.
 */
import { readFileSync } from "node:fs";
import { runInNetns } from "../../lib/netns/run.ts";
import { stripVolatile } from "../cli/helpers.ts";

function ipJson(ns: string, args: string[]): unknown[] {
  const r = Bun.spawnSync({ cmd: ["ip", "-n", ns, "-j", ...args], stdout: "pipe", stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(`ip -n ${ns} -j ${args.join(" ")}: ${r.stderr.toString()}`);
  const t = r.stdout.toString().trim();
  return t === "" ? [] : (JSON.parse(t) as unknown[]);
}

/** Sort every array by the JSON text of its items (order of dumps is not state). */
export function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  if (v === null || typeof v !== "object") return v;
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, sortDeep(x)]));
}

/** Full `ip -j` dumps of a namespace, volatile counters removed, arrays sorted. */
export function ipDump(ns: string, sysctls: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {
    link: ipJson(ns, ["link"]),
    addr: ipJson(ns, ["addr"]),
    route4: ipJson(ns, ["-4", "route", "show", "table", "all"]),
    route6: ipJson(ns, ["-6", "route", "show", "table", "all"]),
    nexthop: ipJson(ns, ["nexthop"]),
    neigh: ipJson(ns, ["neigh"]),
    rule4: ipJson(ns, ["-4", "rule"]),
    rule6: ipJson(ns, ["-6", "rule"]),
  };
  out.sysctl = runInNetns(ns, () => Object.fromEntries(sysctls.map((k) => {
    try {
      return [k, readFileSync(`/proc/sys/${k.split(".").join("/")}`, "utf8").trim()];
    } catch {
      return [k, undefined];
    }
  })));
  return sortDeep(stripVolatile(out)) as Record<string, unknown>;
}

const isLinkLocal = (s: unknown): boolean => typeof s === "string" && /^fe80:/i.test(s);

/**
 * The dumps without what the kernel derives from a link's history rather
 * than from configuration: carrier (a bridge that had a port for a moment
 * is NO-CARRIER once it lost it; a fresh one without ports is LOWER_UP),
 * with it operstate and the routes' "linkdown" flag, and the qdisc (a link
 * never up has "noop"; once up it keeps the kernel's default qdisc), and
 * interface indexes (a link deleted and re-made by a rollback gets a new
 * one: docs/STATE.md, links are identified by name), and
 * the IPv6 link-local address with its fe80::/64 and local-table routes,
 * the subnet-router anycast fe80:: among them, and the link's ff00::/8
 * multicast route in the local table (addrconf makes them when a link
 * first gets carrier: a bridge that had a port for a moment keeps them,
 * a bridge that never had carrier has none, and a port-less bridge a
 * rollback re-made with its MAC has no carrier: the kernel turns a
 * port-less bridge's carrier off whenever its MAC is set; STATE_SEED
 * 1995272167 deletes such a bridge and rolls back), and neighbour entries
 * the kernel learned from traffic rather than configuration (a STALE entry
 * for a peer's link-local address that sent a router solicitation while
 * the attempt had its link up; STATE_SEED 23201518).
 * The result is sorted again (sortDeep) once the indexes are gone: a
 * re-made link moves in the kernel's ifindex-ordered list.
 */
export function historyAside(d: Record<string, unknown>): Record<string, unknown> {
  const linkLocalRoute = (r: Record<string, unknown>): boolean =>
    r.protocol === "kernel" && (r.dst === "fe80::/64" || (r.table === "local" && (((r.type === "local" || r.type === "anycast") && isLinkLocal(r.dst)) || (r.type === "multicast" && r.dst === "ff00::/8"))));
  if (Array.isArray(d.addr)) {
    d = { ...d, addr: (d.addr as Array<Record<string, unknown>>).map((l) => Array.isArray(l.addr_info) ? { ...l, addr_info: (l.addr_info as Array<Record<string, unknown>>).filter((a) => !isLinkLocal(a.local)) } : l) };
  }
  if (Array.isArray(d.route6)) d = { ...d, route6: (d.route6 as Array<Record<string, unknown>>).filter((r) => !linkLocalRoute(r)) };
  // neighbours the kernel learned from traffic (STALE, REACHABLE...: a peer's router solicitation while a link was up)
  const configured = (n: Record<string, unknown>): boolean => ((n.state as string[] | undefined) ?? []).some((x) => x === "PERMANENT" || x === "NOARP");
  if (Array.isArray(d.neigh)) d = { ...d, neigh: (d.neigh as Array<Record<string, unknown>>).filter(configured) };
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.filter((f) => f !== "LOWER_UP" && f !== "NO-CARRIER" && f !== "linkdown").map(strip);
    if (v === null || typeof v !== "object") return v;
    return Object.fromEntries(Object.entries(v).filter(([k]) => k !== "operstate" && k !== "qdisc" && k !== "ifindex" && k !== "link_index").map(([k, x]) => [k, strip(x)]));
  };
  return sortDeep(strip(d)) as Record<string, unknown>;
}

/**
 * For comparing two namespaces configured alike: the dumps without what
 * depends on interface indexes, generated MAC addresses or link history:
 * ifindex, MACs, IPv6 link-local addresses and fe80::/64, the kernel's
 * IPv6 local-table entries (local, subnet-router anycast, ff00::/8), lo's
 * own 127.0.0.1/8 and ::1 with their routes, carrier and qdisc.
 */
export function withoutMacDerived(d: Record<string, unknown>): Record<string, unknown> {
  const links = (d.link as Array<Record<string, unknown>>).map(({ ifindex, address, link_index, ...rest }) => rest);
  const loOwn = (a: Record<string, unknown>): boolean => a.local === "127.0.0.1" || a.local === "::1";
  const addr = (d.addr as Array<Record<string, unknown>>).map(({ ifindex, address, link_index, addr_info, ...rest }) => ({
    ...rest,
    addr_info: (addr_info as Array<Record<string, unknown>>).filter((a) => !isLinkLocal(a.local) && !(rest.ifname === "lo" && loOwn(a))),
  }));
  const kernelLocal = (r: Record<string, unknown>): boolean => r.protocol === "kernel" && r.table === "local";
  const route4 = (d.route4 as Array<Record<string, unknown>>).filter((r) => !(kernelLocal(r) && r.dev === "lo"));
  const route6 = (d.route6 as Array<Record<string, unknown>>).filter((r) => !kernelLocal(r) && r.dst !== "fe80::/64");
  const neigh = (d.neigh as Array<Record<string, unknown>>).filter((n) => (n.state as string[] | undefined)?.includes("PERMANENT"));
  return sortDeep(historyAside({ ...d, link: links, addr, route4, route6, neigh })) as Record<string, unknown>;
}

