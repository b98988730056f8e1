/**
 * Filter chains against the kernel: the same `tc chain` steps run by tc in
 * one namespace and by bun-netlink-tc in its twin print the same (stdout,
 * stderr, exit status), and so do the listings after each step; nl.tc.chains
 * reads back what tc made and list() output deletes it (a missing chain is
 * the kernel's EINVAL "Cannot find specified filter chain").
 */
import { expect, it } from "vitest";
import { openRtnl } from "../../lib/rtnl/rtnl.ts";
import { describeKernel } from "../helpers/netns.ts";
import { tc, tcNetns, oursTc, theirsTc } from "./kernel-env.ts";

const ours = oursTc;
const theirs = theirsTc;

const STEPS = [
  "chain add dev v0 ingress chain 7", "chain add dev v0 ingress chain 7", "chain add dev v0 egress", "chain add dev v0 egress chain 0x10",
  "filter add dev v0 ingress pref 1 chain 3 u32 match u32 0 0", "chain get dev v0 ingress chain 99", "chain add dev nosuch ingress chain 1",
  "chain del dev v0 ingress chain 7", "chain del dev v0 ingress chain 7", "chain del dev v0 ingress chain 3", "chain bogus", "chain help", "chain",
];
const SHOWS = ["chain show dev v0 ingress", "chain ls dev v0 egress", "-j chain show dev v0 ingress", "-p -j chain show dev v0 egress", "chain show dev v0 egress chain 16", "chain get dev v0 egress chain 0", "-j chain get dev v0 ingress chain 3"];

describeKernel("tc chain: bun-netlink-tc prints what tc prints", () => {
  it("every step and every listing in between match", async () => {
    using a = tcNetns(false);
    using b = tcNetns(false);
    for (const ns of [a.name, b.name]) tc(ns, ["qdisc", "add", "dev", "v0", "clsact"]);
    for (const step of STEPS) {
      const t = theirs(a.name, step.split(" ")), o = await ours(b.name, step.split(" "));
      expect(o, step).toEqual(t);
      for (const show of SHOWS) expect(await ours(b.name, show.split(" ")), `after ${step}: tc ${show}`).toEqual(theirs(a.name, show.split(" ")));
    }
  }, 60_000);

  it("nl.tc.chains lists what tc made; list() output deletes it", () => {
    using a = tcNetns(false);
    tc(a.name, ["qdisc", "add", "dev", "v0", "clsact"]);
    tc(a.name, ["chain", "add", "dev", "v0", "egress", "chain", "4"]);
    tc(a.name, ["chain", "add", "dev", "v0", "egress", "chain", "9"]);
    using nl = openRtnl({ netns: a.name });
    const got = nl.tc.chains.list({ dev: "v0", parent: "egress" });
    const j = JSON.parse(tc(a.name, ["-j", "chain", "show", "dev", "v0", "egress"])) as Array<{ parent: string; chain: number }>;
    expect(got.map((c) => ({ parent: c.kernelParent, chain: c.chain }))).toEqual(j);
    expect(got.every((c) => c.ifindex === 10 && c.parent === "ffff:fff3")).toBe(true);
    expect(nl.tc.chains.get({ dev: "v0", parent: "egress", chain: 9 })).toEqual(got.find((c) => c.chain === 9));
    for (const c of got) nl.tc.chains.delete(c);
    expect(nl.tc.chains.list({ dev: "v0", parent: "egress" })).toEqual([]);
    expect(() => nl.tc.chains.get({ dev: "v0", parent: "egress", chain: 9 })).toThrow(/Cannot find specified filter chain/);
  });
});
