/**
 * The library's neighbour table API on the kernel, in throwaway twin
 * namespaces: a change made by nl.neighbours.tables.change in one reads
 * back (through ip) equal to the same change made by `ip ntable change` in
 * the other, reachable times aside (random per parameter set, see
 * ip-tables.ts); a listed entry given back unchanged changes nothing; list
 * agrees with `ip -j ntable show`; the kernel's refusals come back as
 * NetlinkError ENOENT.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { NetlinkError } from "../../lib/conn/errors.ts";
import { openRtnl, type Rtnl } from "../../lib/rtnl/rtnl.ts";
import { describeKernel, tempNetns, type TempNetns } from "../helpers/netns.ts";
import { ipOk } from "../cli/helpers.ts";
import { tablesOf } from "./ip-tables.ts";

describeKernel("nl.neighbours.tables on the kernel", () => {
  let theirs: TempNetns;
  let ours: TempNetns;
  let nl: Rtnl;
  beforeAll(() => {
    theirs = tempNetns();
    ours = tempNetns();
    for (const ns of [theirs, ours]) ipOk(["-n", ns.name, "link", "add", "v0", "type", "veth", "peer", "name", "v1"]);
    nl = openRtnl({ netns: ours.name });
  });
  afterAll(() => {
    nl?.close();
    theirs?.remove();
    ours?.remove();
  });

  it("change reads back as ip's same change", () => {
    ipOk(["-n", theirs.name, "ntable", "change", "name", "arp_cache", "dev", "v0", "base_reachable", "15000", "retrans", "250", "ucast_probes", "7", "proxy_queue", "9"]);
    nl.neighbours.tables.change({ name: "arp_cache", dev: "v0", baseReachableTime: 15000, retransTime: 250, ucastProbes: 7, proxyQlen: 9 });
    ipOk(["-n", theirs.name, "-6", "ntable", "change", "name", "ndisc_cache", "dev", "v1", "gc_stale", "1234", "locktime", "55"]);
    nl.neighbours.tables.change({ family: "inet6", name: "ndisc_cache", dev: "v1", gcStaletime: 1234, locktime: 55 });
    expect(tablesOf(ours.name)).toBe(tablesOf(theirs.name));
    expect(tablesOf(ours.name)).toMatch(/dev v0 \n    refcnt \d+ reachable R base_reachable 15000 retrans 25[02] /); // 250 ms: 252 where HZ=250 (62.5 jiffies, rounded up)
  });

  it("a listed entry given back unchanged changes nothing; edited, it changes what was edited", () => {
    const before = tablesOf(ours.name);
    for (const t of nl.neighbours.tables.list({ dev: "v1" })) nl.neighbours.tables.change(t);
    expect(tablesOf(ours.name)).toBe(before);
    const [v1] = nl.neighbours.tables.list({ family: 4, dev: "v1" });
    nl.neighbours.tables.change({ ...v1!, mcastProbes: 11 });
    expect(nl.neighbours.tables.list({ family: 4, dev: "v1" })[0]).toMatchObject({ ...v1, mcastProbes: 11, reachableTime: expect.any(Number) });
  });

  it("list equals ip -j ntable show on the fields both have", () => {
    const ip = JSON.parse(ipOk(["-n", ours.name, "-j", "ntable", "show", "dev", "v0"])) as Array<Record<string, unknown>>;
    const list = nl.neighbours.tables.list({ dev: "v0" });
    expect(list.map((t) => [t.family, t.name, t.baseReachableTime, t.retransTime, t.queueLen, t.locktime])).toEqual(
      ip.map((e) => [e.family, e.name, e.base_reachable, e.retrans, e.queue, e.locktime]));
  });

  it("refusals: thresholds and the tables' own parameters outside the init namespace, an unknown table", () => {
    const code = (f: () => void): string | undefined => {
      try {
        f();
      } catch (e) {
        if (e instanceof NetlinkError) return e.code;
        throw e;
      }
      return undefined;
    };
    expect(code(() => nl.neighbours.tables.change({ name: "arp_cache", thresh3: 4096 }))).toBe("ENOENT");
    expect(code(() => nl.neighbours.tables.change({ name: "arp_cache", retransTime: 100 }))).toBe("ENOENT");
    expect(code(() => nl.neighbours.tables.change({ name: "nope_cache", dev: "v0", retransTime: 100 }))).toBe("ENOENT");
    expect(code(() => nl.neighbours.tables.list({ dev: "nosuch" }))).toBe("ENODEV");
  });
});
