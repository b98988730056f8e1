/**
 * Kernel tests (root, throwaway namespaces) of the changes the kernel makes
 * without notifying them (lib/monitor/watch-silent.ts): a watch must end up
 * with what iproute2 (or /proc/sys) reads back after each, not with the state
 * of the last notification. Each failed before watch() re-read after the link
 * notification that gives the change away (the DAD one, before it re-read
 * after the address notification that ends DAD).
 */
import { afterEach, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import type { Route } from "../../lib/rtnl/route/model.ts";
import { watch, type Watch } from "../../lib/monitor/watch.ts";
import { describeKernel, withTempNetns } from "../helpers/netns.ts";
import type { Link } from "../../lib/rtnl/link/model.ts";
import { openRtnl } from "../../lib/rtnl/rtnl.ts";
import { dadPending, waitForDad } from "../helpers/settle.ts";
import { expectOriginalNetns, ip, ipJson, waitFor } from "./helpers.ts";

afterEach(expectOriginalNetns);

const TIMEOUT = 15_000;
const IF_RS_SENT = 0x10; // include/net/if_inet6.h

/** The stored route to `dst` (prefix as "addr/len") in the main table. */
function watched(w: Watch, dst: string): Route | undefined {
  return [...w.tables.routes.values()].find((r) => r.dst === dst && r.table === "main");
}

/** Poll until `read()` (from the watch) equals `want()` (from the kernel); then assert it, for a readable diff. */
async function converges<T>(read: () => T, want: () => T, what: string): Promise<void> {
  try {
    await waitFor(() => JSON.stringify(read()) === JSON.stringify(want()), what, TIMEOUT);
  } catch {
    // the assertion below shows the difference
  }
  expect(read(), what).toEqual(want());
}

function pair(ns: string): void {
  ip(ns, "link", "set", "lo", "up");
  ip(ns, "link", "add", "v0", "type", "veth", "peer", "name", "v1");
  for (const d of ["v0", "v1"]) ip(ns, "link", "set", d, "up");
  ip(ns, "addr", "add", "192.0.2.1/24", "dev", "v0");
  ip(ns, "addr", "add", "2001:db8::1/64", "dev", "v0", "nodad");
  waitForDad(ns);
}

describeKernel("watch: changes the kernel makes silently", () => {
  it("carrier loss sets RTNH_F_LINKDOWN on routes through the link, carrier back clears it (as ip shows)", () =>
    withTempNetns(async (ns) => {
      pair(ns.name);
      ip(ns.name, "route", "add", "198.51.100.0/24", "via", "192.0.2.2");
      ip(ns.name, "-6", "route", "add", "2001:db8:1::/64", "via", "2001:db8::2");
      await using w = watch({ netns: ns.name, settleMs: 50 });
      await w.ready;
      const ours = () => ["198.51.100.0/24", "2001:db8:1::/64"].map((d) => watched(w, d)?.flags.includes("linkdown") ?? null);
      const theirs = () => [["-4", "198.51.100.0/24"], ["-6", "2001:db8:1::/64"]].map(([f, d]) => ((ipJson<{ flags: string[] }>(ns.name, f!, "route", "show", d!)[0]?.flags ?? []).includes("linkdown")));
      expect(ours()).toEqual([false, false]);
      ip(ns.name, "link", "set", "v1", "down"); // v0 stays up, loses its carrier
      await waitFor(() => theirs().every(Boolean), "the kernel to mark the routes linkdown", TIMEOUT);
      await converges(ours, theirs, "routes marked linkdown after carrier loss");
      ip(ns.name, "link", "set", "v1", "up");
      await waitFor(() => !theirs().some(Boolean), "the kernel to clear linkdown", TIMEOUT);
      await converges(ours, theirs, "linkdown cleared when the carrier is back");
    }));

  it("lowering a link's MTU lowers the MTU metric of IPv6 routes through it (as ip shows)", () =>
    withTempNetns(async (ns) => {
      pair(ns.name);
      ip(ns.name, "-6", "route", "add", "2001:db8:2::/64", "via", "2001:db8::2", "mtu", "1400");
      await using w = watch({ netns: ns.name, settleMs: 50 });
      await w.ready;
      const ours = () => watched(w, "2001:db8:2::/64")?.metrics?.mtu ?? null;
      const theirs = () => ipJson<{ metrics?: Array<{ mtu?: number }> }>(ns.name, "-6", "route", "show", "2001:db8:2::/64")[0]?.metrics?.find((m) => m.mtu !== undefined)?.mtu ?? null;
      expect(ours()).toBe(1400);
      ip(ns.name, "link", "set", "v0", "mtu", "1300");
      await waitFor(() => theirs() === 1300, "the kernel to lower the route MTU", TIMEOUT);
      await converges(ours, theirs, "IPv6 route MTU after the link MTU was lowered");
    }));

  it("the link's inet6 mtu6 follows its MTU silently (as /proc/sys/net/ipv6/conf/v0/mtu shows)", () =>
    withTempNetns(async (ns) => {
      pair(ns.name);
      await using w = watch({ netns: ns.name, settleMs: 50 });
      await w.ready;
      const ours = () => {
        const l = [...w.tables.links.values()].find((x) => x.name === "v0");
        return (l?.attrs.afSpec as { inet6?: { conf?: { mtu6?: number } } } | undefined)?.inet6?.conf?.mtu6 ?? null;
      };
      const theirs = () => Number(spawnSync("ip", ["netns", "exec", ns.name, "cat", "/proc/sys/net/ipv6/conf/v0/mtu"], { encoding: "utf8" }).stdout.trim());
      expect(ours()).toBe(theirs());
      ip(ns.name, "link", "set", "v0", "mtu", "1300");
      await converges(ours, theirs, "inet6 mtu6 after an MTU change");
      ip(ns.name, "link", "set", "v0", "mtu", "1500");
      await converges(ours, theirs, "inet6 mtu6 after raising the MTU");
    }));

  it("the end of IPv6 DAD sets the link's inet6 IF_RS_SENT flag silently (as a fresh RTM_GETLINK shows)", () =>
    withTempNetns(async (ns) => {
      ip(ns.name, "link", "add", "v0", "type", "veth", "peer", "name", "v1");
      await using w = watch({ netns: ns.name, settleMs: 50 });
      await w.ready;
      using nl = openRtnl({ netns: ns.name });
      const inet6Flags = (l: Link | undefined) => (l?.attrs.afSpec as { inet6?: { flags?: number } } | undefined)?.inet6?.flags ?? null;
      const ours = () => ["v0", "v1"].map((n) => inet6Flags([...w.tables.links.values()].find((x) => x.name === n)));
      const theirs = () => ["v0", "v1"].map((n) => inet6Flags(nl.links.get(n)));
      for (const d of ["v0", "v1"]) ip(ns.name, "link", "set", d, "up"); // carrier: fe80 addresses start DAD
      await waitFor(() => !dadPending(ns.name), "IPv6 DAD to finish", TIMEOUT);
      expect(theirs().every((f) => f !== null && (f & IF_RS_SENT) !== 0)).toBe(true);
      await converges(ours, theirs, "inet6 flags after DAD");
    }));

  it("both ends of a veth pair created after the watch started name their peer (IFLA_LINK, as ip shows)", () =>
    withTempNetns(async (ns) => {
      ip(ns.name, "link", "set", "lo", "up");
      await using w = watch({ netns: ns.name, settleMs: 50 });
      await w.ready;
      ip(ns.name, "link", "add", "p0", "type", "veth", "peer", "name", "p1");
      const theirs = () => ipJson<{ ifname: string; link?: string }>(ns.name, "link", "show", "type", "veth").map((l) => `${l.ifname}@${l.link ?? ""}`).sort();
      const ours = () => {
        const byIndex = new Map([...w.tables.links.values()].map((l) => [l.ifindex, l.name]));
        return [...w.tables.links.values()].filter((l) => l.name === "p0" || l.name === "p1")
          .map((l) => `${l.name}@${byIndex.get(l.link ?? 0) ?? ""}`).sort();
      };
      expect(theirs()).toEqual(["p0@p1", "p1@p0"]);
      await converges(ours, theirs, "veth peers");
    }));
});
