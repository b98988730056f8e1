/**
 * Output is valid input, against the real kernel (docs/MODEL.md), each
 * test in a throwaway namespace: what list() returns is accepted back by
 * delete() (which removes exactly that object, checked with ip -j) and by
 * replace() (an unchanged object changes nothing, checked with ip -j), and
 * add() returns the object the kernel made, deep-equal to what list() then
 * reports.
 */
import { expect, it } from "vitest";
import type { MonitorEvent, ObjectEvent } from "../../lib/monitor/decode-event.ts";
import { subscribe } from "../../lib/monitor/subscription.ts";
import { openRtnl, Rtnl } from "../../lib/rtnl/rtnl.ts";
import { inTempNetns } from "../helpers/kernel-env.ts";
import { describeKernel, withTempNetns } from "../helpers/netns.ts";
import { ip, waitFor } from "../monitor/helpers.ts";

const BASE = [
  ["link", "add", "v0", "type", "veth", "peer", "name", "v1"],
  ["link", "set", "v0", "up"],
  ["link", "set", "v1", "up"],
];


describeKernel("object model round trips", () => {
  it("routes: add returns the route list shows; replace(listed) is a no-op; delete(listed) removes exactly it", () =>
    inTempNetns(({ conn, ipj }) => {
      const nl = new Rtnl(conn);
      nl.addresses.add("v0", "192.0.2.1/24");
      const made = nl.routes.add({ dst: "198.51.100.0/24", gateway: "192.0.2.2", dev: "v0", metric: 7, table: 1000 });
      nl.routes.add({ dst: "198.51.100.0/24", gateway: "192.0.2.3", dev: "v0", metric: 8, table: 1000 });
      const six = nl.routes.add({ dst: "2001:db8:9::/64", dev: "v0", metric: 5 });
      const listed = nl.routes.list({ table: 1000 });
      expect(listed).toContainEqual(made);
      expect(made).toMatchObject({ dst: "198.51.100.0/24", gateway: "192.0.2.2", ifindex: nl.links.index("v0"), metric: 7, table: 1000, protocol: "boot" });
      expect(nl.routes.list({ family: 6 })).toContainEqual(six);

      const before = [ipj("route", "show", "table", "all"), ipj("-6", "route", "show", "table", "all")];
      for (const r of [...nl.routes.list({ table: "all" }), ...nl.routes.list({ table: "all", family: 6 })]) {
        if (r.protocol === "boot" || r.protocol === "static") nl.routes.replace(r);
      }
      expect([ipj("route", "show", "table", "all"), ipj("-6", "route", "show", "table", "all")]).toEqual(before);

      nl.routes.delete(listed.find((r) => r.metric === 8)!);
      expect(nl.routes.list({ table: 1000 })).toEqual([made]);
      nl.routes.delete(six);
      expect(nl.routes.list({ family: 6 }).some((r) => r.dst === "2001:db8:9::/64")).toBe(false);

      // one spelling of the interface index: specs and filters take the model's ifindex
      const v0 = nl.links.index("v0");
      const byIndex = nl.routes.add({ dst: "203.0.113.0/24", ifindex: v0, metric: 9 });
      expect(byIndex).toMatchObject({ dst: "203.0.113.0/24", ifindex: v0 });
      expect(nl.routes.list({ ifindex: v0 })).toEqual(nl.routes.list({ dev: "v0" }));
      expect(nl.routes.list({ ifindex: v0 })).toContainEqual(byIndex);
    }, { setup: BASE }));

  it("addresses: add returns the address list shows; replace(listed) is a no-op; delete(listed) removes exactly it", () =>
    inTempNetns(({ conn, ipj }) => {
      const nl = new Rtnl(conn);
      const a = nl.addresses.add("v0", "192.0.2.1/24", { broadcast: "+", label: "v0:x" });
      const b = nl.addresses.add("v0", "192.0.2.9/24");
      const p = nl.addresses.add("v0", "198.51.100.1", { peer: "198.51.100.2/32" });
      const six = nl.addresses.add("v0", "2001:db8::1/64", { flags: ["nodad"] });
      const listed = nl.addresses.list({ link: "v0" });
      for (const x of [a, b, p, six]) expect(listed).toContainEqual(x);
      expect(b.flags).toContain("secondary");

      const before = ipj("addr", "show");
      for (const x of nl.addresses.list()) nl.addresses.replace(x);
      expect(stripLft(ipj("addr", "show"))).toEqual(stripLft(before));

      nl.addresses.delete(p);
      nl.addresses.delete(b);
      nl.addresses.delete(six);
      expect(nl.addresses.list({ link: "v0" }).map((x) => x.local).filter((l) => !l.startsWith("fe80"))).toEqual(["192.0.2.1"]);
    }, { setup: BASE }));

  it("rules, nexthops, neighbours, links: delete(listed) removes exactly that object; a listed rule can be added back", () =>
    inTempNetns(({ conn, ipj }) => {
      const nl = new Rtnl(conn);
      nl.rules.add({ priority: 100, from: "192.0.2.0/24", table: 100 });
      nl.rules.add({ priority: 101, to: "198.51.100.0/24", fwmark: 5, table: "main" });
      const rule = nl.rules.list("inet").find((r) => r.priority === 101)!;
      nl.rules.delete(rule);
      expect(nl.rules.list("inet").map((r) => r.priority)).toEqual([0, 100, 32766, 32767]);
      nl.rules.add(rule);
      expect(nl.rules.list("inet").find((r) => r.priority === 101)).toEqual(rule);

      nl.addresses.add("v0", "192.0.2.1/24");
      nl.nexthops.add({ id: 1, gateway: "192.0.2.2", dev: "v0" });
      nl.nexthops.add({ id: 2, gateway: "192.0.2.3", dev: "v0" });
      nl.nexthops.delete(nl.nexthops.get(1));
      expect((ipj("nexthop", "show") as Array<{ id: number }>).map((n) => n.id)).toEqual([2]);

      nl.neighbours.add({ dst: "192.0.2.7", lladdr: "02:00:00:00:00:07", dev: "v0" });
      nl.neighbours.add({ dst: "192.0.2.8", lladdr: "02:00:00:00:00:08", dev: "v0" });
      nl.neighbours.delete(nl.neighbours.list({ link: "v0" }).find((n) => n.dst === "192.0.2.7")!);
      expect((ipj("neigh", "show", "dev", "v0") as Array<{ dst: string }>).map((n) => n.dst)).toEqual(["192.0.2.8"]);

      const v1 = nl.links.get("v1");
      nl.links.delete(v1); // a veth pair goes together
      expect((ipj("link", "show") as Array<{ ifname: string }>).map((l) => l.ifname)).toEqual(["lo"]);
    }, { setup: BASE }));
});

describeKernel("events carry the model", () => {
  it("subscribe() objects deep-equal what list()/get() return for the same kernel object", () =>
    withTempNetns(async (ns) => {
      for (const a of BASE) ip(ns.name, ...a);
      using nl = openRtnl({ netns: ns.name });
      const sub = subscribe({ netns: ns.name });
      await sub.ready;
      const events: MonitorEvent[] = [];
      const done = (async () => {
        for await (const ev of sub) events.push(ev);
      })();
      const last = (family: string, pred: (o: any) => boolean): unknown =>
        (events.filter((e) => e.kind === "new" && (e as ObjectEvent).family === family && pred((e as ObjectEvent).object)).pop() as ObjectEvent | undefined)?.object;
      nl.addresses.add("v0", "192.0.2.1/24");
      nl.routes.add({ dst: "198.51.100.0/24", gateway: "192.0.2.2", dev: "v0", metric: 3 });
      nl.rules.add({ priority: 100, from: "192.0.2.0/24", table: 100 });
      nl.nexthops.add({ id: 4, gateway: "192.0.2.2", dev: "v0" });
      nl.neighbours.add({ dst: "192.0.2.9", lladdr: "02:00:00:00:00:09", dev: "v0" });
      ip(ns.name, "link", "set", "v1", "mtu", "1400");
      await waitFor(() => last("neighbour", (o) => o.dst === "192.0.2.9") !== undefined && last("link", (o) => o.name === "v1" && o.mtu === 1400) !== undefined, "the events");
      sub.close();
      await done;

      expect(last("address", (o) => o.local === "192.0.2.1")).toEqual(nl.addresses.list({ link: "v0" }).find((a) => a.local === "192.0.2.1"));
      expect(last("route", (o) => o.dst === "198.51.100.0/24")).toEqual(nl.routes.list().find((r) => r.dst === "198.51.100.0/24"));
      expect(last("rule", (o) => o.priority === 100)).toEqual(nl.rules.list("inet").find((r) => r.priority === 100));
      expect(last("nexthop", (o) => o.id === 4)).toEqual(nl.nexthops.get(4));
      // Neighbour ages (cacheinfo) count on between the event and the listing (docs/MODEL.md, volatile fields).
      const ageless = (n: unknown) => ({ ...(n as object), cacheinfo: undefined });
      expect(ageless(last("neighbour", (o) => o.dst === "192.0.2.9"))).toEqual(ageless(nl.neighbours.list({ link: "v0" }).find((n) => n.dst === "192.0.2.9")));
      // Links: every flat field; the attribute tree differs only in counters the kernel updates silently (docs/MODEL.md).
      const flat = (l: unknown) => ({ ...(l as object), attrs: undefined });
      expect(flat(last("link", (o) => o.name === "v1" && o.mtu === 1400))).toEqual(flat(nl.links.get("v1")));
      await sub.closed;
    }));
});

/** ip -j addr output without the lifetimes (the kernel counts them down between two reads). */
function stripLft(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v, (k, x) => (k === "valid_life_time" || k === "preferred_life_time" ? undefined : x)));
}

