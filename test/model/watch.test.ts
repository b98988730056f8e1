/**
 * watch() holds the object model (docs/MODEL.md), against the real kernel
 * in a throwaway namespace: every object in the watch's tables deep-equals
 * what list() returns for the same kernel object, and so does the object of
 * each watch event, volatile fields (statistics, lifetimes, ages) aside.
 */
import { expect, it } from "vitest";
import type { WatchEvent } from "../../lib/monitor/watch.ts";
import { watch } from "../../lib/monitor/watch.ts";
import { openRtnl } from "../../lib/rtnl/rtnl.ts";
import { describeKernel, withTempNetns } from "../helpers/netns.ts";
import { ip, waitFor } from "../monitor/helpers.ts";
import { waitForDad } from "../helpers/settle.ts";

/** A copy of `o` without the fields the kernel changes silently (docs/MODEL.md, volatile fields). */
function steady(o: unknown): unknown {
  const drop = new Set(["validLft", "preferredLft", "expires", "cacheinfo", "probes", "stats", "stats64", "icmp6stats"]);
  return JSON.parse(JSON.stringify(o, (k, x) => (drop.has(k) ? undefined : typeof x === "bigint" ? String(x) : x)));
}

/** `objs` as a map from `key(o)` to the steady part of `o`. */
function byKey<T>(objs: Iterable<T>, key: (o: T) => string): Map<string, unknown> {
  return new Map([...objs].map((o) => [key(o), steady(o)]));
}

describeKernel("watch holds the model", () => {
  it("tables and events deep-equal what list() returns", () =>
    withTempNetns(async (ns) => {
      for (const a of [["link", "add", "v0", "type", "veth", "peer", "name", "v1"], ["link", "set", "v0", "up"], ["link", "set", "v1", "up"]]) ip(ns.name, ...a);
      // The end of DAD sets the links' inet6 IF_RS_SENT flag without a notification (addrconf_dad_completed
      // sends the router solicitation); the watch re-reads links after it ("address-dad"), but this test
      // compares at one instant, so DAD ends first (a kernel run failed: inet6 flags 0x80000010 listed,
      // 0x80000000 in the table).
      waitForDad(ns.name);
      using nl = openRtnl({ netns: ns.name });
      await using w = watch({ netns: ns.name });
      await w.ready;
      const events: WatchEvent[] = [];
      const done = (async () => {
        for await (const ev of w) events.push(ev);
      })();
      nl.addresses.add("v0", "192.0.2.1/24");
      nl.addresses.add("v0", "2001:db8::1/64", { flags: ["nodad"] });
      nl.routes.add({ dst: "198.51.100.0/24", gateway: "192.0.2.2", dev: "v0", metric: 3 });
      nl.routes.add({ dst: "2001:db8:5::/64", gateway: "2001:db8::2", dev: "v0" });
      nl.neighbours.add({ dst: "192.0.2.9", lladdr: "02:00:00:00:00:09", dev: "v0" });
      ip(ns.name, "link", "set", "v1", "mtu", "1400");
      const has = (family: string, pred: (o: any) => boolean) => events.some((e) => e.kind === "new" && e.family === family && pred(e.object));
      await waitFor(() => has("neighbour", (o) => o.dst === "192.0.2.9") && has("link", (o) => o.name === "v1" && o.mtu === 1400) && has("route", (o) => o.dst === "2001:db8:5::/64"), "the watch events");
      // an MTU change also changes the link's inet6 mtu6 silently: the watch re-reads links (watch-silent.ts)
      await waitFor(() => events.some((e) => e.kind === "synced" && e.reasons.includes("link-mtu")), "the re-read after the MTU change");

      const links = nl.links.list();
      expect(byKey(w.tables.links.values(), (l) => String(l.ifindex))).toEqual(byKey(links, (l) => String(l.ifindex)));
      const addrKey = (a: { ifindex: number; local: string; prefixlen: number }) => `${a.ifindex}|${a.local}/${a.prefixlen}`;
      expect(byKey(w.tables.addresses.values(), addrKey)).toEqual(byKey(nl.addresses.list(), addrKey));
      const routeKey = (r: { family: unknown; table: unknown; dst: string; metric?: number; ifindex?: number; type: unknown }) => `${String(r.family)}|${String(r.table)}|${r.dst}|${r.metric}|${r.ifindex}|${String(r.type)}`;
      const routes = [...nl.routes.list({ table: "all" }), ...nl.routes.list({ table: "all", family: 6 })];
      expect(byKey(w.tables.routes.values(), routeKey)).toEqual(byKey(routes, routeKey));
      const neighKey = (n: { ifindex: number; dst?: string }) => `${n.ifindex}|${n.dst}`;
      const tracked = nl.neighbours.list().filter((n) => !n.proxy && !n.state.some((s) => ["none", "incomplete", "noarp"].includes(s)));
      expect(byKey(w.tables.neighbours.values(), neighKey)).toEqual(byKey(tracked, neighKey));

      // the events' objects are the model too: the latest event of each object equals the listed object
      const latest = (family: string, pred: (o: any) => boolean) => events.filter((e) => e.kind === "new" && e.family === family && pred(e.object)).pop() as { object: unknown } | undefined;
      expect(steady(latest("link", (o) => o.name === "v1")?.object)).toEqual(steady(nl.links.get("v1")));
      expect(steady(latest("address", (o) => o.local === "2001:db8::1")?.object)).toEqual(steady(nl.addresses.list({ link: "v0" }).find((a) => a.local === "2001:db8::1")));
      expect(steady(latest("route", (o) => o.dst === "198.51.100.0/24")?.object)).toEqual(steady(nl.routes.list().find((r) => r.dst === "198.51.100.0/24")));
      expect(steady(latest("neighbour", (o) => o.dst === "192.0.2.9")?.object)).toEqual(steady(nl.neighbours.list({ link: "v0" }).find((n) => n.dst === "192.0.2.9")));
      w.close();
      await done;
    }));
});
