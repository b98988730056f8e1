/**
 * Holding our Route objects against `ip -j -d route show` output
 * (iproute2-6.1 print_route): both are reduced to the fields ip prints, in
 * ip's spelling of them. ip leaves out the table when a table was asked
 * for, prints "dev" names, a host prefix without "/32", metrics without the
 * lock bits, rtt in ms, and only the low 8 bits of a nexthop weight.
 */
import { expect } from "vitest";
import type { Route } from "../../lib/rtnl/route/api.ts";
import type { Nexthop } from "../../lib/rtnl/nexthop/api.ts";

type Json = Record<string, unknown>;

/** name -> ifindex from `ip -j link show`. */
export function linkIndexes(ipLinks: unknown): Map<string, number> {
  const m = new Map<string, number>();
  for (const l of ipLinks as Array<{ ifname: string; ifindex: number }>) m.set(l.ifname, l.ifindex);
  return m;
}

/** ip's dst text for a Route's dst. */
function ipDst(r: Route): string {
  if (r.dst === "default") return "default";
  const [addr, len] = r.dst.split("/");
  return (r.family === "inet" && len === "32") || (r.family === "inet6" && len === "128") ? addr! : r.dst;
}

/** Our route in ip's terms. `table` is left out when ip was asked for one table (it does not print it then). */
export function ourAsIp(r: Route, names: Map<number, string>, withTable: boolean): Json {
  const o: Json = { type: r.type, dst: ipDst(r) };
  if (r.from !== undefined) o.from = r.from.replace(/\/(32|128)$/, "");
  if (r.gateway !== undefined) o.gateway = r.gateway;
  if (r.via !== undefined) o.via = { family: r.via.family, host: r.via.address };
  if (r.ifindex !== undefined) o.dev = names.get(r.ifindex);
  if (withTable) o.table = String(r.table);
  o.protocol = r.protocol;
  o.scope = r.scope;
  if (r.prefsrc !== undefined) o.prefsrc = r.prefsrc;
  if (r.metric !== undefined) o.metric = r.metric;
  o.flags = r.flags.filter((f) => f !== "cloned");
  if (r.nhid !== undefined) o.nhid = r.nhid;
  if (r.pref !== undefined) o.pref = r.pref;
  if (r.realms !== undefined) o.flow = flowJson(r.realms);
  if (r.metrics !== undefined) {
    const m: Json = {};
    const mm = r.metrics;
    for (const k of ["mtu", "window", "rtt", "rttvar", "ssthresh", "cwnd", "advmss", "reordering", "hoplimit", "initcwnd"] as const) if (mm[k] !== undefined) m[k] = mm[k];
    if (mm.features?.includes("ecn")) m.ecn = null;
    if (mm.rtoMin !== undefined) m.rto_min = mm.rtoMin;
    if (mm.initrwnd !== undefined) m.initrwnd = mm.initrwnd;
    if (mm.quickack !== undefined) m.quickack = mm.quickack ? 1 : 0;
    if (mm.congctl !== undefined) m.congestion = mm.congctl;
    o.metrics = [m];
  }
  if (r.multipath !== undefined) {
    o.nexthops = r.multipath.map((h) => {
      const n: Json = {};
      if (h.gateway !== undefined) n.gateway = h.gateway;
      if (h.via !== undefined) n.via = { family: h.via.family, host: h.via.address };
      if (h.ifindex !== undefined) n.dev = names.get(h.ifindex);
      n.weight = h.weight;
      n.flags = h.flags;
      if (h.realms !== undefined) n.flow = flowJson(h.realms);
      return n;
    });
  }
  if (r.encap !== undefined && r.encap.type === "seg6" && "segments" in r.encap) {
    o.encap = "seg6";
    o.mode = r.encap.mode;
    o.segs = r.encap.segments;
  }
  return o;
}

/** ip's "flow" object for realms FROM << 16 | TO (realms 1.. without names in rt_realms; tests use those). */
function flowJson(v: number): Json {
  const from = v >>> 16, to = v & 0xffff;
  return from ? { from: String(from), to: String(to) } : { to: String(to) };
}

/** ip's route reduced to the same keys (nh_info dropped: it is ip's own nexthop lookup). */
export function ipAsComparable(j: Json, withTable: boolean): Json {
  const o: Json = { type: j.type ?? "unicast", dst: j.dst };
  for (const k of ["from", "gateway", "via", "dev"]) if (j[k] !== undefined) o[k] = j[k];
  if (withTable) o.table = j.table ?? "main";
  o.protocol = j.protocol;
  o.scope = j.scope;
  for (const k of ["prefsrc", "metric", "flags", "nhid", "pref", "flow", "metrics", "nexthops", "encap", "mode", "segs"]) if (j[k] !== undefined) o[k] = j[k];
  return o;
}

/**
 * Our list equals ip's, route by route and in the same order, except for
 * `expires`, which may have ticked by a second between the two dumps.
 */
export function expectRoutesLikeIp(ours: Route[], ip: unknown, names: Map<number, string>, withTable: boolean): void {
  const theirs = ip as Json[];
  expect(ours.map((r) => ourAsIp(r, names, withTable))).toEqual(theirs.map((j) => ipAsComparable(j, withTable)));
  ours.forEach((r, i) => {
    const e = theirs[i]!.expires as number | undefined;
    if (r.expires === undefined) expect(e).toBeUndefined();
    else expect(Math.abs(r.expires - e!)).toBeLessThanOrEqual(2);
  });
}

/** Our nexthop object in ip's terms (weights cut to 8 bits as iproute2-6.1 reads them). */
export function nexthopAsIp(n: Nexthop, names: Map<number, string>): Json {
  const o: Json = { id: n.id };
  if (n.gateway !== undefined) o.gateway = n.gateway;
  if (n.ifindex !== undefined) o.dev = names.get(n.ifindex);
  if (n.group !== undefined) o.group = n.group.map((g) => (((g.weight - 1) & 0xff) + 1 === 1 ? { id: g.id } : { id: g.id, weight: ((g.weight - 1) & 0xff) + 1 }));
  if (n.groupType === "resilient") {
    o.type = "resilient";
    o.resilient_args = { buckets: n.resilient?.buckets, idle_timer: n.resilient?.idleTimer, unbalanced_timer: n.resilient?.unbalancedTimer, unbalanced_time: n.resilient?.unbalancedTime };
  }
  o.scope = n.scope;
  if (n.blackhole) o.blackhole = null;
  o.protocol = n.protocol;
  o.flags = n.flags;
  if (n.fdb) o.fdb = null;
  return o;
}
