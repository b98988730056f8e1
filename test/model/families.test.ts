/**
 * Output is valid input for rules, nexthops, neighbours and links, against
 * the real kernel (docs/MODEL.md), each test in a throwaway namespace:
 * add() returns the object the kernel made, deep-equal to what list()/get()
 * then report (kernel-chosen rule priorities, link names from a `%d`
 * pattern and ifindexes included); replace()/change() of every listed
 * object leaves `ip -j` output unchanged; delete(listed) removes exactly it.
 */
import { expect, it } from "vitest";
import { Rtnl } from "../../lib/rtnl/rtnl.ts";
import { inTempNetns } from "../helpers/kernel-env.ts";
import { describeKernel } from "../helpers/netns.ts";

const BASE = [
  ["link", "add", "v0", "type", "veth", "peer", "name", "v1"],
  ["link", "set", "v0", "up"],
  ["link", "set", "v1", "up"],
];

/** A copy of `o` without neighbour ages and link counters (they move between two reads; docs/MODEL.md). */
function steady(o: unknown): unknown {
  const drop = new Set(["cacheinfo", "probes", "stats", "stats64", "icmp6stats", "used", "confirmed", "updated"]);
  return JSON.parse(JSON.stringify(o, (k, x) => (drop.has(k) ? undefined : typeof x === "bigint" ? String(x) : x)));
}

describeKernel("object model round trips: rules, nexthops, neighbours, links", () => {
  it("rules: add returns the listed rule (kernel-chosen priority too); add(listed) after delete(listed) recreates it", () =>
    inTempNetns(({ conn, ipj }) => {
      const nl = new Rtnl(conn);
      const a = nl.rules.add({ priority: 100, from: "192.0.2.0/24", table: 100 });
      const b = nl.rules.add({ to: "198.51.100.0/24", fwmark: 5, table: "main" }); // no priority: the kernel picks one
      const six = nl.rules.add({ family: 6, priority: 200, to: "2001:db8::/32", action: "blackhole" });
      expect(nl.rules.list("inet")).toContainEqual(a);
      expect(nl.rules.list("inet")).toContainEqual(b);
      expect(b.priority).toBe(99); // below the lowest non-zero priority, as ip rule's kernel does
      expect(nl.rules.list("inet6")).toContainEqual(six);
      const before = ipj("rule", "show");
      nl.rules.delete(b);
      expect((ipj("rule", "show") as Array<{ priority: number }>).map((r) => r.priority)).toEqual([0, 100, 32766, 32767]);
      expect(nl.rules.add(b)).toEqual(b);
      expect(ipj("rule", "show")).toEqual(before);
    }, { setup: BASE }));

  it("nexthops: add returns the listed object; replace(listed) is a no-op; delete(listed) removes exactly it", () =>
    inTempNetns(({ conn, ipj }) => {
      const nl = new Rtnl(conn);
      nl.addresses.add("v0", "192.0.2.1/24");
      nl.addresses.add("v0", "2001:db8::1/64", { flags: ["nodad"] });
      const one = nl.nexthops.add({ id: 1, gateway: "192.0.2.2", dev: "v0", protocol: "static" });
      const two = nl.nexthops.add({ id: 2, gateway: "2001:db8::2", dev: "v0" });
      nl.links.set("lo", { up: true }); // a blackhole nexthop uses the loopback device, which must be up
      const hole = nl.nexthops.add({ id: 3, blackhole: true });
      const dev = nl.nexthops.add({ id: 4, dev: "v1" });
      const grp = nl.nexthops.add({ id: 10, group: [{ id: 1 }, { id: 4, weight: 3 }] });
      const res = nl.nexthops.add({ id: 11, group: [{ id: 1 }], groupType: "resilient", resilient: { buckets: 8, idleTimer: 60, unbalancedTimer: 30 } });
      const listed = nl.nexthops.list();
      for (const n of [one, two, hole, dev, grp, res]) expect(listed).toContainEqual(n);
      expect(one).toMatchObject({ id: 1, gateway: "192.0.2.2", ifindex: nl.links.index("v0"), protocol: "static" });

      const strip = (v: unknown) => JSON.parse(JSON.stringify(v, (k, x) => (k === "unbalanced_time" ? undefined : x)));
      const before = strip(ipj("nexthop", "show"));
      for (const n of listed) nl.nexthops.replace(n);
      expect(strip(ipj("nexthop", "show"))).toEqual(before);

      nl.nexthops.delete(res);
      nl.nexthops.delete(two);
      expect((ipj("nexthop", "show") as Array<{ id: number }>).map((n) => n.id)).toEqual([1, 3, 4, 10]);
    }, { setup: BASE }));

  it("neighbours: add returns the listed entry; replace(listed) is a no-op; delete(listed) removes exactly it", () =>
    inTempNetns(({ conn, ipj }) => {
      const nl = new Rtnl(conn);
      const a = nl.neighbours.add({ dst: "192.0.2.7", lladdr: "02:00:00:00:00:07", dev: "v0" });
      const b = nl.neighbours.add({ dst: "192.0.2.8", lladdr: "02:00:00:00:00:08", dev: "v0", state: "stale", flags: ["router"], protocol: "static" });
      const six = nl.neighbours.add({ dst: "2001:DB8::9", lladdr: "02:00:00:00:00:09", dev: "v1", state: "noarp" });
      const proxy = nl.neighbours.add({ dst: "192.0.2.20", dev: "v0", proxy: true });
      expect(a).toMatchObject({ family: "inet", dst: "192.0.2.7", ifindex: nl.links.index("v0"), state: ["permanent"] });
      expect(six.dst).toBe("2001:db8::9");
      const listed = [...nl.neighbours.list(), ...nl.neighbours.list({ proxy: true })];
      for (const n of [a, b, six, proxy]) expect(listed.map(steady)).toContainEqual(steady(n));

      // the test's own entries: the kernel adds multicast NOARP entries (ff02::16, MLD) whenever IPv6 gets to it
      const ours = (rows: unknown) => (rows as Array<{ dst: string }>).filter((n) => n.dst.startsWith("192.0.2.") || n.dst.startsWith("2001:db8:"));
      const show = () => [ours(ipj("neigh", "show", "nud", "all")), ours(ipj("neigh", "show", "proxy"))];
      const before = show();
      for (const n of listed) if (n.dst?.startsWith("192.0.2.") || n.dst?.startsWith("2001:db8:") || n.proxy) nl.neighbours.replace(n);
      expect(show()).toEqual(before);

      nl.neighbours.delete(b);
      nl.neighbours.delete(proxy);
      expect((ipj("neigh", "show", "dev", "v0") as Array<{ dst: string }>).map((n) => n.dst).filter((d) => d.startsWith("192."))).toEqual(["192.0.2.7"]);
      expect(ipj("neigh", "show", "proxy")).toEqual([]);
    }, { setup: BASE }));

  it("bridge FDB: add returns the listed entry; replace(listed) is a no-op", () =>
    inTempNetns(({ conn, ipj, ip }) => {
      const nl = new Rtnl(conn);
      ip("link", "add", "br0", "type", "bridge");
      ip("link", "set", "v1", "master", "br0");
      const master = nl.neighbours.add({ family: "bridge", lladdr: "02:00:00:00:00:10", dev: "v1", master: true, state: "static" });
      const self = nl.neighbours.add({ family: "bridge", lladdr: "02:00:00:00:00:11", dev: "v1", self: true });
      const port = nl.neighbours.list({ family: "bridge", link: "v1" });
      for (const n of [master, self]) expect(port.map(steady)).toContainEqual(steady(n));
      const before = ipj("-f", "bridge", "neigh", "show", "dev", "v1");
      for (const n of port) nl.neighbours.replace(n);
      expect(ipj("-f", "bridge", "neigh", "show", "dev", "v1")).toEqual(before);
      nl.neighbours.delete(master);
      expect((ipj("-f", "bridge", "neigh", "show", "dev", "v1") as Array<{ mac: string }>).some((n) => n.mac === "02:00:00:00:00:10")).toBe(false);
    }, { setup: BASE }));

  it("links: add returns the link get() reports (a %d name resolved); change(listed) is a no-op and applies edits; delete(listed)", () =>
    inTempNetns(({ conn, ipj }) => {
      const nl = new Rtnl(conn);
      const m = nl.links.add({ name: "m%d", kind: "veth", peer: { name: "n%d" } });
      expect(m.name).toMatch(/^m\d+$/);
      expect(steady(m)).toEqual(steady(nl.links.get(m.ifindex)));
      const br = nl.links.add({ name: "br0", kind: "bridge", alias: "the bridge", mtu: 1400 });
      expect(br).toMatchObject({ name: "br0", kind: "bridge", alias: "the bridge", mtu: 1400 });
      expect(steady(br)).toEqual(steady(nl.links.get("br0")));
      nl.links.set(nl.links.get("v1"), { master: "br0" });

      const before = ipj("-d", "link", "show");
      for (const l of nl.links.list()) nl.links.change(l);
      expect(steady(ipj("-d", "link", "show"))).toEqual(steady(before));

      const edited = nl.links.change({ ...nl.links.get("v1"), mtu: 1300, alias: "edited", master: undefined });
      expect(edited).toMatchObject({ name: "v1", mtu: 1300, alias: "edited" });
      expect(edited.master).toBeUndefined();

      nl.links.delete(m);
      expect((ipj("link", "show") as Array<{ ifname: string }>).map((l) => l.ifname).sort()).toEqual(["br0", "lo", "v0", "v1"]);
    }, { setup: BASE }));
});
