/**
 * Kernel tests of `watch` (list-then-subscribe), root, throwaway
 * namespaces: the tables equal what iproute2 reads back (`ip -j`) after the
 * initial list and after every kind of change, including the ones the
 * kernel makes without notifications (IPv4 routes flushed when a link goes
 * down or away or an address is removed), and a consumer that only applies
 * the emitted events ends with the same tables.
 */
import { afterEach, expect, it } from "vitest";
import { keyOf, type WatchFamily } from "../../lib/monitor/table.ts";
import { watch, type Watch, type WatchEvent } from "../../lib/monitor/watch.ts";
import { describeKernel, withTempNetns } from "../helpers/netns.ts";
import { waitForDad } from "../helpers/settle.ts";
import {
  addressLinesFromIp,
  addressLinesFromTables,
  expectOriginalNetns,
  ip,
  linkLinesFromIp,
  linkLinesFromTables,
  neighbourLinesFromIp,
  neighbourLinesFromTables,
  routeLinesFromIp,
  routeLinesFromTables,
  waitFor,
} from "./helpers.ts";

afterEach(expectOriginalNetns);

function snapshotFromIp(ns: string) {
  return { links: linkLinesFromIp(ns), addresses: addressLinesFromIp(ns), routes: routeLinesFromIp(ns), neighbours: neighbourLinesFromIp(ns) };
}
function snapshotFromWatch(w: Watch) {
  const t = w.tables;
  return { links: linkLinesFromTables(t), addresses: addressLinesFromTables(t), routes: routeLinesFromTables(t), neighbours: neighbourLinesFromTables(t) };
}

/**
 * Wait until the watch's tables equal the kernel's and return at once (no
 * second read that a kernel timer, e.g. DAD finishing, could race); on
 * timeout, fail with a readable diff.
 */
export async function expectConverged(w: Watch, ns: string, timeoutMs = 15_000): Promise<void> {
  try {
    await waitFor(() => {
      const want = JSON.stringify(snapshotFromIp(ns));
      return JSON.stringify(snapshotFromWatch(w)) === want;
    }, "the watch to converge", timeoutMs);
    return;
  } catch {
    // fall through to the assertion for the diff
  }
  const got = snapshotFromWatch(w);
  const want = snapshotFromIp(ns);
  const diff: string[] = [];
  for (const k of Object.keys(want) as Array<keyof typeof want>) {
    for (const l of got[k]) if (!want[k].includes(l)) diff.push(`${k}: only in the watch: ${l}`);
    for (const l of want[k]) if (!got[k].includes(l)) diff.push(`${k}: only in the kernel: ${l}`);
  }
  if (diff.length > 0) throw new Error(`the watch differs from the kernel:\n${diff.join("\n")}`);
}

/** A consumer that knows nothing but the emitted events: its own tables, keyed like the watch's. */
function eventConsumer(w: Watch) {
  const tables = new Map<WatchFamily, Map<string, unknown>>();
  const events: WatchEvent[] = [];
  const done = (async () => {
    for await (const ev of w) {
      events.push(ev);
      if (ev.kind !== "new" && ev.kind !== "del") continue;
      let m = tables.get(ev.family);
      if (m === undefined) tables.set(ev.family, (m = new Map()));
      const key = keyOf(ev.family, ev.object as never)!;
      if (ev.kind === "new") m.set(key, ev.object);
      else m.delete(key);
    }
  })();
  const keys = (f: WatchFamily) => [...(tables.get(f)?.keys() ?? [])].sort();
  return { events, done, keys };
}

function setup(ns: string): void {
  ip(ns, "link", "set", "lo", "up");
  ip(ns, "link", "add", "v0", "type", "veth", "peer", "name", "v1");
  ip(ns, "link", "add", "v2", "type", "veth", "peer", "name", "v3");
  for (const d of ["v0", "v1", "v2", "v3"]) ip(ns, "link", "set", d, "up");
  waitForDad(ns); // link-local addresses and their local routes in place before anything is compared
  ip(ns, "addr", "add", "192.0.2.1/26", "dev", "v0");
  ip(ns, "addr", "add", "192.0.2.65/26", "dev", "v2");
  ip(ns, "addr", "add", "2001:db8::1/64", "dev", "v0", "nodad");
  ip(ns, "route", "add", "198.51.100.0/24", "via", "192.0.2.2");
  ip(ns, "route", "add", "203.0.113.0/24", "nexthop", "via", "192.0.2.2", "dev", "v0", "nexthop", "via", "192.0.2.66", "dev", "v2");
  ip(ns, "route", "add", "203.0.113.7", "dev", "v2", "table", "1000");
  ip(ns, "-6", "route", "add", "2001:db8:1::/48", "via", "2001:db8::2");
  ip(ns, "neigh", "add", "192.0.2.9", "lladdr", "02:00:00:00:00:09", "dev", "v0", "nud", "permanent");
  ip(ns, "neigh", "add", "2001:db8::9", "lladdr", "02:00:00:00:00:0a", "dev", "v0", "nud", "permanent");
}

describeKernel("monitor: watch", () => {
  it("lists first: after ready the tables equal ip -j for links, addresses, routes and neighbours", () =>
    withTempNetns(async (ns) => {
      setup(ns.name);
      await using w = watch({ netns: ns.name });
      await w.ready;
      expect(snapshotFromWatch(w)).toEqual(snapshotFromIp(ns.name));
      expect(w.tables.routes.size).toBeGreaterThan(10);
      const first: WatchEvent[] = [];
      for await (const ev of w) {
        first.push(ev);
        if (ev.kind === "synced") break;
      }
      // the initial list arrives as synthetic "new" events, then one "synced"
      expect(first.at(-1)).toMatchObject({ kind: "synced", reason: "initial", families: ["link", "address", "route", "neighbour"] });
      expect(first.slice(0, -1).every((e) => e.kind === "new" && e.synthetic)).toBe(true);
      const total = w.tables.links.size + w.tables.addresses.size + w.tables.routes.size + w.tables.neighbours.size;
      expect(first).toHaveLength(total + 1);
    }));

  it("stays equal to the kernel through adds, replaces, deletes, link down and link removal", () =>
    withTempNetns(async (ns) => {
      setup(ns.name);
      const w = watch({ netns: ns.name });
      const consumer = eventConsumer(w);
      await w.ready;
      const n = ns.name;
      const steps: Array<[string, () => void]> = [
        ["add routes", () => {
          ip(n, "route", "add", "198.51.100.128/25", "via", "192.0.2.66");
          ip(n, "-6", "route", "add", "2001:db8:2::/48", "dev", "v2");
        }],
        ["replace a route's gateway", () => ip(n, "route", "replace", "198.51.100.0/24", "via", "192.0.2.3")],
        ["append an IPv6 multipath sibling", () => {
          ip(n, "addr", "add", "2001:db8:9::1/64", "dev", "v2", "nodad");
          ip(n, "-6", "route", "add", "2001:db8:5::/48", "via", "2001:db8::2", "dev", "v0");
          ip(n, "-6", "route", "append", "2001:db8:5::/48", "via", "2001:db8:9::2", "dev", "v2");
        }],
        ["delete one IPv6 multipath hop", () => ip(n, "-6", "route", "del", "2001:db8:5::/48", "via", "2001:db8:9::2", "dev", "v2")],
        ["change a neighbour", () => ip(n, "neigh", "replace", "192.0.2.9", "lladdr", "02:00:00:00:00:99", "dev", "v0", "nud", "permanent")],
        ["take a link down (IPv4 routes through it vanish silently)", () => ip(n, "link", "set", "v2", "down")],
        ["bring it back up", () => {
          ip(n, "link", "set", "v2", "up");
          waitForDad(n);
        }],
        ["remove an IPv4 address (its routes vanish silently)", () => {
          ip(n, "route", "add", "198.51.100.200/32", "via", "192.0.2.66");
          ip(n, "addr", "del", "192.0.2.65/26", "dev", "v2");
        }],
        ["delete a link with addresses, routes and neighbours", () => ip(n, "link", "del", "v0")],
        ["add a new link with an address", () => {
          ip(n, "link", "add", "v4", "type", "veth", "peer", "name", "v5");
          ip(n, "link", "set", "v4", "up");
          ip(n, "addr", "add", "192.0.2.129/25", "dev", "v4");
          waitForDad(n);
        }],
      ];
      for (const [what, step] of steps) {
        step();
        try {
          await expectConverged(w, n);
        } catch (e) {
          throw new Error(`after "${what}": ${(e as Error).message}`);
        }
      }
      w.close();
      await consumer.done;
      // the consumer that only saw events has the same objects as the watch
      for (const f of ["link", "address", "route", "neighbour"] as const) {
        expect(consumer.keys(f)).toEqual([...w.tables.of(f).keys()].sort());
      }
      const reasons = consumer.events.flatMap((e) => (e.kind === "synced" ? e.reasons : []));
      // re-lists happened for the silent cases (a coalesced re-list names every reason)
      for (const r of ["initial", "ambiguous", "link-down", "address-removed"]) expect(reasons).toContain(r);
      await w.closed;
    }));

  it("a deleted link's addresses, routes and neighbours leave the tables as synthetic dels at once", () =>
    withTempNetns(async (ns) => {
      setup(ns.name);
      const w = watch({ netns: ns.name, settleMs: 1000 });
      const consumer = eventConsumer(w);
      await w.ready;
      const v0 = [...w.tables.links.values()].find((l) => l.name === "v0")!.ifindex;
      ip(ns.name, "link", "del", "v0");
      await waitFor(() => !w.tables.links.has(String(v0)), "the link to go");
      // long before the settle-delayed re-list, nothing on v0 is left
      expect([...w.tables.routes.values()].filter((r) => r.ifindex === v0 || r.multipath?.some((h) => h.ifindex === v0))).toEqual([]);
      expect([...w.tables.addresses.values()].filter((a) => a.ifindex === v0)).toEqual([]);
      expect([...w.tables.neighbours.values()].filter((x) => x.ifindex === v0)).toEqual([]);
      expect(consumer.events.some((e) => e.kind === "del" && e.family === "route" && e.synthetic)).toBe(true);
      w.close();
      await consumer.done;
      await w.closed;
    }));

  it("watches only the families asked for", () =>
    withTempNetns(async (ns) => {
      setup(ns.name);
      await using w = watch({ netns: ns.name, families: ["route"] });
      await w.ready;
      expect(w.tables.links.size).toBe(0);
      expect(w.tables.addresses.size).toBe(0);
      expect(w.tables.routes.size).toBeGreaterThan(0);
    }));
});
