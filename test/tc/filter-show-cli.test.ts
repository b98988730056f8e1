/**
 * `tc filter show` narrowing (tc_filter.c tc_filter_list / print_filter,
 * 6.1): parent, pref, protocol and chain go into the dump request and the
 * kernel narrows; the printer leaves out each field equal to what was asked
 * for; `handle` is parsed and ignored. The same u32 filters (several prefs,
 * protocols, chains, on htb parents and both clsact hooks) are built by tc in
 * twin namespaces and every listing (text and -json) and every error of
 * bun-netlink-tc equals tc's. nl.tc.filters.list narrows the same way.
 */
import { expect, it } from "vitest";
import { openRtnl } from "../../lib/rtnl/rtnl.ts";
import { describeKernel } from "../helpers/netns.ts";
import { expectSameTc, tc, tcNetns, theirsTc } from "./kernel-env.ts";

const SETUP = [
  "qdisc add dev v0 root handle 1: htb", "class add dev v0 parent 1: classid 1:1 htb rate 1mbit", "qdisc add dev v0 clsact",
  "filter add dev v0 parent 1: pref 10 protocol ip u32 match ip dst 192.0.2.1/32 classid 1:1",
  "filter add dev v0 parent 1: pref 10 protocol ip u32 match ip dst 192.0.2.2/32 classid 1:1",
  "filter add dev v0 parent 1: pref 20 protocol ipv6 u32 match u32 0 0 classid 1:1",
  "filter add dev v0 parent 1: pref 30 protocol all chain 5 u32 match u32 0 0 classid 1:1",
  "filter add dev v0 parent 1: pref 10 protocol ip chain 5 u32 match u32 0 0 classid 1:1",
  "filter add dev v0 parent 1:1 pref 7 protocol arp u32 match u32 0 0",
  "filter add dev v0 ingress pref 1 protocol ip u32 match ip src 198.51.100.0/24",
  "filter add dev v0 ingress pref 2 protocol 802.1Q chain 3 u32 match u32 0 0",
  "filter add dev v0 egress pref 4 protocol ipv6 u32 match u32 0 0",
  "filter add dev v0 egress pref 4 protocol ipv6 chain 9 u32 match u32 0 0",
];

const SHOWS = [
  "filter show dev v0", "filter show dev v0 parent 1:", "filter show dev v0 parent 1:1", "filter show dev v0 root", "filter show dev v0 parent 1:0",
  "filter show dev v0 ingress", "filter show dev v0 egress", "filter show dev v0 parent ffff:fff2", "filter show dev v0 parent none",
  "filter show dev v0 parent 1: pref 10", "filter show dev v0 parent 1: prio 20", "filter show dev v0 parent 1: protocol ip", "filter show dev v0 parent 1: protocol IPv6",
  "filter show dev v0 parent 1: proto 0x800", "filter show dev v0 parent 1: protocol 2048", "filter show dev v0 parent 1: chain 5", "filter show dev v0 parent 1: chain 0",
  "filter show dev v0 parent 1: chain 5 pref 10 protocol ip", "filter show dev v0 parent 1: pref 10 protocol ip handle 800::800",
  "filter show dev v0 parent 1: pref 0x1000a", "filter show dev v0 parent 1: pref 99", "filter show dev v0 parent 1: chain 77",
  "filter show dev v0 ingress chain 3", "filter show dev v0 ingress protocol 802.1q", "filter show dev v0 egress pref 4 chain 9", "filter show dev v0 pref 10",
  "-j filter show dev v0 parent 1: pref 10", "-j filter show dev v0 parent 1: chain 5 protocol ip", "-j filter show dev v0 ingress protocol ip",
  "-j filter show dev v0 egress chain 9 pref 4 protocol ipv6", "-s -d filter show dev v0 parent 1:1 protocol arp", "-p filter show dev v0 parent 1: pref 10",
  "filter show", "-j filter show", "filter show pref 10", "filter show dev nosuch pref 1",
  "filter show dev v0 root ingress", "filter show dev v0 ingress parent 1:", "filter show dev v0 parent 1: egress", "filter show dev v0 parent zz",
  "filter show dev v0 pref x", "filter show dev v0 pref 1 pref 2", "filter show dev v0 pref 0 pref 2", "filter show dev v0 protocol bogus",
  "filter show dev v0 protocol 0x10000", "filter show dev v0 protocol ip protocol ipv6", "filter show dev v0 chain x", "filter show dev v0 chain 1 chain 1",
  "filter show dev v0 handle 1 handle 2", "filter show dev v0 chain", "filter show dev v0 bogus", "filter show dev v0 help", "filter show dev v0 help parent 1: pref 20", "filter show dev v0 parent",
];

describeKernel("tc filter show narrowing: bun-netlink-tc prints what tc prints", () => {
  it("every listing and error matches tc's", async () => {
    using a = tcNetns(false);
    using b = tcNetns(false);
    for (const ns of [a.name, b.name]) for (const s of SETUP) tc(ns, s.split(" "));
    await expectSameTc(a.name, b.name, SHOWS);
    // the listings narrow: not everything is printed every time
    expect(theirsTc(a.name, "filter show dev v0 parent 1: chain 77".split(" ")).out).toBe("");
    expect(theirsTc(a.name, "filter show dev v0 parent 1: pref 20".split(" ")).out).toContain("protocol ipv6 u32");
  }, 60_000);

  it("nl.tc.filters.list narrows by pref, protocol and chain as the kernel does for tc", () => {
    using a = tcNetns(false);
    for (const s of SETUP) tc(a.name, s.split(" "));
    using nl = openRtnl({ netns: a.name });
    const all = nl.tc.filters.list({ dev: "v0", parent: "1:" });
    const pick = (q: { pref?: number; protocol?: string; chain?: number }) =>
      all.filter((f) => (q.pref === undefined || f.pref === q.pref) && (q.protocol === undefined || f.protocol === q.protocol) && (q.chain === undefined || (f.chain ?? 0) === q.chain));
    for (const q of [{ pref: 10 }, { protocol: "ip" }, { chain: 5 }, { pref: 10, protocol: "ip", chain: 0 }, { pref: 99 }]) {
      expect(nl.tc.filters.list({ dev: "v0", parent: "1:", ...q }), JSON.stringify(q)).toEqual(pick(q));
    }
    expect(pick({ chain: 5 }).length).toBeGreaterThan(0);
    expect(() => nl.tc.filters.list({ dev: "v0", pref: 0x10000 })).toThrow(RangeError);
    expect(() => nl.tc.filters.list({ dev: "v0", protocol: "bogus" })).toThrow(/protocol/);
  });
});
