/**
 * Unit tests of the subscription queue (bounded, errors after the queued
 * items, one consumer) and of the watch tables (keys as the kernel
 * identifies objects, comparisons that ignore what changes without a
 * notification, re-list diffs, the route base index).
 */
import { describe, expect, it } from "vitest";
import type { AddrMessage } from "../../codecs/addr/index.ts";
import type { LinkMessage } from "../../codecs/link/message.ts";
import type { NeighMessage } from "../../codecs/neigh/index.ts";
import type { RouteMessage } from "../../codecs/route/decode.ts";
import { AsyncQueue } from "../../lib/monitor/queue.ts";
import { fingerprint, isTracked, keyOf, routeBase, WatchTables } from "../../lib/monitor/table.ts";
import { toAddress, type Address } from "../../lib/rtnl/address/model.ts";
import { toLink, type Link } from "../../lib/rtnl/link/model.ts";
import { toNeighbour, type Neighbour } from "../../lib/rtnl/neighbour/model.ts";
import { toRoute, type Route } from "../../lib/rtnl/route/model.ts";

describe("AsyncQueue", () => {
  it("hands items over in order, waiting or queued", async () => {
    const q = new AsyncQueue<number>(10, (n) => -n);
    const p = q.next();
    expect(q.waiting).toBe(true);
    q.push(1);
    q.push(2);
    q.push(3);
    expect(await p).toEqual({ done: false, value: 1 });
    expect(await q.next()).toEqual({ done: false, value: 2 });
    expect(await q.next()).toEqual({ done: false, value: 3 });
    q.end();
    expect(await q.next()).toEqual({ done: true, value: undefined });
    q.push(4); // ignored once ended
    expect(q.size).toBe(0);
  });

  it("on overflow drops what is queued for the overflow item, then keeps the newest", async () => {
    const q = new AsyncQueue<number>(3, (dropped) => -dropped);
    for (let i = 1; i <= 4; i++) q.push(i);
    expect(q.size).toBe(2);
    expect((await q.next()).value).toBe(-3);
    expect((await q.next()).value).toBe(4);
  });

  it("fail: queued items first, then the error once, then done", async () => {
    const q = new AsyncQueue<number>(10, () => 0);
    q.push(1);
    q.fail(new Error("boom"));
    expect((await q.next()).value).toBe(1);
    await expect(q.next()).rejects.toThrow("boom");
    expect(await q.next()).toEqual({ done: true, value: undefined });
  });

  it("fail while a consumer waits rejects it; a second concurrent next() is refused", async () => {
    const q = new AsyncQueue<number>(10, () => 0);
    const p = q.next();
    await expect(q.next()).rejects.toThrow(/pending/);
    q.fail(new Error("gone"));
    await expect(p).rejects.toThrow("gone");
  });

  it("tells the ref/unref hook when a consumer starts and stops waiting", async () => {
    const seen: boolean[] = [];
    const q = new AsyncQueue<number>(10, () => 0, (w) => seen.push(w));
    const p = q.next();
    q.push(1);
    await p;
    expect(seen).toEqual([true, false]);
  });
});

// Table objects are the lib/rtnl model, built here from decoded messages by the model's own functions.
const linkMessage = (index: number, flags: string[] = ["UP"], attrs: Record<string, unknown> = {}, family = 0): LinkMessage =>
  ({ family, type: 1, index, flags, change: 0, attrs: { ifname: `l${index}`, ...attrs } }) as LinkMessage;
const link = (index: number, flags: string[] = ["UP"], attrs: Record<string, unknown> = {}, family = 0): Link => toLink(linkMessage(index, flags, attrs, family));
const route = (dst: string, attrs: Record<string, unknown> = {}, flags: string[] = []): Route =>
  toRoute({ family: 2, dstLen: 24, srcLen: 0, tos: 0, table: "main", protocol: "boot", scope: "global", type: "unicast", flags, attrs: { table: "main", dst, ...attrs } } as RouteMessage);
const neighbourMessage = (dst: string, state: string[], flags: string[] = [], family = 2): NeighMessage =>
  ({ family, ifindex: 2, state, flags, type: "unspec", attrs: { dst, lladdr: "02:00:00:00:00:01" } }) as NeighMessage;
const neighbour = (dst: string, state: string[], flags: string[] = [], family = 2): Neighbour => toNeighbour(neighbourMessage(dst, state, flags, family));
const address = (local: string, prefixlen: number, family = 2): Address =>
  toAddress({ family, prefixlen, flags: [], scope: "global", index: 2, attrs: family === 2 ? { local, address: local } : { address: local } } as AddrMessage)!;

describe("watch table keys", () => {
  it("identify objects the way the kernel does", () => {
    expect(keyOf("link", link(3))).toBe("3");
    expect(keyOf("link", link(3, [], {}, 7))).toBeNull(); // AF_BRIDGE port info, not a link
    expect(keyOf("address", address("192.0.2.1", 24))).toBe("inet|2|192.0.2.1/24|");
    expect(keyOf("address", address("2001:db8::1", 64, 10))).toBe("inet6|2|2001:db8::1/64|");
    expect(keyOf("route", route("198.51.100.0", { oif: 2 }))).toBe("inet|main|198.51.100.0/24||0|0|unicast|2/");
    expect(keyOf("route", route("198.51.100.0", {}, ["cloned"]))).toBeNull();
    expect(keyOf("neighbour", neighbour("192.0.2.9", ["reachable"]))).toBe("inet|2|192.0.2.9");
    expect(keyOf("neighbour", neighbour("192.0.2.9", ["reachable"], ["proxy"]))).toBeNull();
    expect(keyOf("neighbour", neighbour("192.0.2.9", ["reachable"], [], 7))).toBeNull(); // FDB
  });

  it("two routes that differ only in their nexthop are two objects with one base", () => {
    const a = route("198.51.100.0", { oif: 2 });
    const b = route("198.51.100.0", { oif: 3 });
    expect(keyOf("route", a)).not.toBe(keyOf("route", b));
    expect(routeBase(a)).toBe(routeBase(b));
    const t = new WatchTables();
    t.put("route", a);
    t.put("route", b);
    expect(t.routesLike(a)).toHaveLength(2);
    t.remove("route", a);
    expect(t.routesLike(b)).toEqual([b]);
  });

  it("neighbours in states the kernel enters silently are not tracked and leave the table", () => {
    expect(isTracked("neighbour", neighbour("192.0.2.9", ["noarp"]))).toBe(false);
    expect(isTracked("neighbour", neighbour("192.0.2.9", []))).toBe(false);
    expect(isTracked("neighbour", neighbour("192.0.2.9", ["incomplete"]))).toBe(false);
    const t = new WatchTables();
    expect(t.put("neighbour", neighbour("192.0.2.9", ["reachable"]))).toMatchObject({ kind: "new" });
    expect(t.put("neighbour", neighbour("192.0.2.9", ["incomplete"]))).toMatchObject({ kind: "del" });
    expect(t.neighbours.size).toBe(0);
  });
});

describe("watch table comparisons and re-list diffs", () => {
  it("ignore counters and timers the kernel changes without notifying", () => {
    const a = link(2, ["UP"], { stats64: { rxBytes: 1n }, event: 5, afSpec: { inet6: { stats: [1n], cacheinfo: { reachableTime: 1 }, flags: ["ready"] } } });
    const b = toLink({ ...linkMessage(2, ["UP"], { stats64: { rxBytes: 99n }, afSpec: { inet6: { stats: [7n], cacheinfo: { reachableTime: 2 }, flags: ["ready"] } } }), change: 0xffffffff });
    expect(fingerprint("link", a)).toBe(fingerprint("link", b));
    expect(fingerprint("link", a)).not.toBe(fingerprint("link", link(2, [])));
    const ci = (used: number) => ({ confirmed: 0, used, updated: 0, refcnt: 1 });
    const n1 = toNeighbour({ ...neighbourMessage("192.0.2.9", ["reachable"]), attrs: { dst: "192.0.2.9", cacheinfo: ci(1), probes: 1 } } as NeighMessage);
    const n2 = toNeighbour({ ...neighbourMessage("192.0.2.9", ["reachable"]), attrs: { dst: "192.0.2.9", cacheinfo: ci(9), probes: 4 } } as NeighMessage);
    expect(fingerprint("neighbour", n1)).not.toBe(fingerprint("neighbour", toNeighbour(neighbourMessage("192.0.2.9", ["stale"]))));
    expect(fingerprint("neighbour", n1)).toBe(fingerprint("neighbour", n2));
  });

  it("put reports only real changes; replace reports the differences of a re-list", () => {
    const t = new WatchTables();
    expect(t.put("link", link(1))).toMatchObject({ kind: "new" });
    expect(t.put("link", link(1, ["UP"], { stats64: { rxBytes: 5n } }))).toBeNull();
    expect(t.put("link", link(2))).toMatchObject({ kind: "new" });
    expect(t.remove("link", link(9))).toBeNull();
    const diff = t.replace("link", [link(1, []), link(3)]);
    expect(diff.map((c) => `${c.kind} ${c.object.ifindex}`).sort()).toEqual(["del 2", "new 1", "new 3"]);
    expect([...t.links.keys()].sort()).toEqual(["1", "3"]);
    expect(t.replace("link", [link(1, []), link(3)])).toEqual([]);
  });

  it("onLink finds routes through an interface in any multipath hop", () => {
    const t = new WatchTables();
    t.put("route", route("198.51.100.0", { multipath: [{ ifindex: 4, flags: [], hops: 0, attrs: {} }, { ifindex: 5, flags: [], hops: 0, attrs: {} }] }));
    t.put("route", route("203.0.113.0", { oif: 6 }));
    expect(t.onLink("route", 5)).toHaveLength(1);
    expect(t.onLink("route", 6)).toHaveLength(1);
    expect(t.onLink("route", 7)).toHaveLength(0);
  });
});
