/**
 * Shared filter blocks and chain templates against the kernel: the same
 * steps (`qdisc add ... ingress_block N clsact`, `filter add block N ...`,
 * `chain add block N ...`, `chain add ... chain N KIND` templates, and their
 * refusals) run by tc in one namespace and by bun-netlink-tc in its twin
 * print the same (stdout, stderr, exit status), and so do the listings by
 * block and by link after each step. nl.tc reads the block's filters and
 * chains back as tc -j shows them, and list() output deletes them.
 */
import { expect, it } from "vitest";
import { openRtnl } from "../../lib/rtnl/rtnl.ts";
import { describeKernel } from "../helpers/netns.ts";
import { expectSameTc, oursTc, tc, tcNetns, theirsTc } from "./kernel-env.ts";

const STEPS = [
  "filter add block 22 pref 1 protocol ip u32 match ip dst 192.0.2.1/32",
  "filter add block 22 chain 4 pref 2 u32 match u32 0 0",
  "filter add block 99 pref 1 u32 match u32 0 0",
  "filter add block 0 pref 1 u32 match u32 0 0",
  "filter add dev v0 block 22 pref 1 u32 match u32 0 0",
  "filter add block 22 dev v0 pref 1 u32 match u32 0 0",
  "filter add block 23 pref 5 protocol all u32 match u32 0 0 classid 1:1",
  "chain add block 22 chain 8",
  "chain add block 22 chain 8",
  "chain add block 23 chain 8 u32",
  "chain add dev v0 ingress chain 5 u32",
  "chain add dev v0 ingress chain 5 flower",
  "chain add block x chain 1",
  "chain del block 22 chain 8",
  "filter del block 22 pref 2 chain 4",
  "qdisc add dev v2 ingress_block 0 clsact",
  "qdisc add dev v2 egress_block zz clsact",
];
const SHOWS = [
  "filter show block 22", "-j filter show block 22", "-s -d filter show block 23", "filter show block 77", "filter show block 22 dev v0",
  "chain show block 22", "-j chain show block 22", "chain get block 22 ingress chain 4", "chain get block 22 chain 4", "chain show block 23", "chain show block 78",
  "filter show dev v0 ingress", "-j filter show dev v1 ingress", "filter show dev v1 egress", "qdisc show dev v1", "-j qdisc show",
];

describeKernel("shared blocks and chain templates: bun-netlink-tc prints what tc prints", () => {
  it("every step and every listing in between match", async () => {
    using a = tcNetns(false);
    using b = tcNetns(false);
    for (const ns of [a.name, b.name]) {
      tc(ns, ["qdisc", "add", "dev", "v0", "ingress_block", "22", "clsact"]);
      tc(ns, ["qdisc", "add", "dev", "v1", "ingress_block", "22", "egress_block", "23", "clsact"]);
    }
    for (const step of STEPS) {
      const t = theirsTc(a.name, step.split(" ")), o = await oursTc(b.name, step.split(" "));
      expect(o, step).toEqual(t);
      await expectSameTc(a.name, b.name, SHOWS, `after ${step}: `);
    }
  }, 120_000);

  it("nl.tc lists a block's filters and chains as tc -j shows them; list() output deletes them", () => {
    using a = tcNetns(false);
    tc(a.name, ["qdisc", "add", "dev", "v0", "ingress_block", "5", "clsact"]);
    tc(a.name, ["filter", "add", "block", "5", "pref", "3", "protocol", "ip", "chain", "2", "u32", "match", "u32", "0", "0"]);
    tc(a.name, ["chain", "add", "block", "5", "chain", "6"]);
    using nl = openRtnl({ netns: a.name });
    const fs = nl.tc.filters.list({ block: 5 });
    const j = JSON.parse(tc(a.name, ["-j", "filter", "show", "block", "5"])) as Array<{ protocol: string; pref: number; chain: number }>;
    expect(fs.map((f) => ({ block: f.block, ifindex: f.ifindex, protocol: f.protocol, pref: f.pref, chain: f.chain }))).toEqual(j.map((f) => ({ block: 5, ifindex: 0, protocol: f.protocol, pref: f.pref, chain: f.chain })));
    const cs = nl.tc.chains.list({ block: 5 });
    expect(cs.map((c) => c.chain)).toEqual((JSON.parse(tc(a.name, ["-j", "chain", "show", "block", "5"])) as Array<{ chain: number }>).map((c) => c.chain));
    expect(cs.every((c) => c.block === 5 && c.ifindex === 0)).toBe(true);
    nl.tc.filters.delete(fs[0]!);
    expect(nl.tc.filters.list({ block: 5 })).toEqual([]);
    for (const c of nl.tc.chains.list({ block: 5 })) nl.tc.chains.delete(c);
    expect(nl.tc.chains.list({ block: 5 })).toEqual([]);
    expect(tc(a.name, ["chain", "show", "block", "5"])).toBe("");
  });
});
