/**
 * Shared actions against the kernel (this kernel has the mirred action):
 * - the same `tc action` command sequence run by tc in one namespace and by
 *   bun-netlink-tc in its twin prints the same bytes (stdout, stderr, exit
 *   status) at every step, and each step's `tc action ls` (text, -s, -j,
 *   -p -j) and get print the same through both programs (timers masked);
 * - nl.tc.actions builds the same table as tc (tc -j of both namespaces),
 *   list() output is valid input to delete(), and flush() leaves the action
 *   a filter holds, with the kernel's warning.
 * Kinds this kernel lacks are refused with tc's messages (the requests are
 * byte-tested in iproute2-bytes.test.ts).
 */
import { spawnSync } from "node:child_process";
import { expect, it } from "vitest";
import { openRtnl } from "../../lib/rtnl/rtnl.ts";
import { describeKernel } from "../helpers/netns.ts";
import { tc, tcJson, tcNetns, oursTc, theirsTc } from "./kernel-env.ts";

const ours = oursTc;
const theirs = theirsTc;

// print_tm leaves out a timer still at 0 ticks, so whether one shows depends on the moment: dropped, not masked
const mask = (s: string) => s.replace(/ (installed|used|firstused) \d+ sec/g, "").replace(/"(installed|last_used|first_used)": ?\d+,/g, "");

const STEPS = [
  "action add action mirred egress redirect dev v1",
  "action add action mirred ingress mirror dev v0 index 7 cookie aabb",
  "action add action mirred egress mirror dev v1 pass index 9 action mirred ingress redirect dev v0 index 10",
  "action add action mirred egress redirect dev v1 index 7",
  // tc 6.1 keeps a cookie for the actions after the one that names it (act_ck_len is never reset).
  "action add action mirred ingress mirror dev v0 index 11 cookie 01ff action mirred egress mirror dev v1 index 12",
  "action replace action mirred egress redirect dev v0 index 7",
  "action change action mirred ingress mirror dev v1 drop index 9 cookie 0102030405060708090a0b0c0d0e0f10",
  "action add action mirred egress redirect dev nosuch",
  "action add action gact drop",
  "action add action police rate 1mbit burst 10k",
  "action del action mirred index 10",
  "action del action mirred index 10",
  "action get action mirred index 77",
  "action get action mirred",
  "action ls",
  "action ls action gact",
  "action bogus",
  "action flush action gact",
  "action flush action mirred",
];
const SHOWS = ["action ls action mirred", "-s action ls action mirred", "-j action ls action mirred", "-p -s -j action ls action mirred", "action get action mirred index 7 action mirred index 9", "-j -s action get action mirred index 9"];

describeKernel("tc action: bun-netlink-tc prints what tc prints", () => {
  it("every step and every listing in between match", async () => {
    using a = tcNetns(false);
    using b = tcNetns(false);
    // A bound action stays through a flush (and makes the kernel warn).
    for (const ns of [a.name, b.name]) {
      spawnSync("ip", ["netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1", "net.ipv6.conf.v0.disable_ipv6=1", "net.ipv6.conf.v1.disable_ipv6=1"]);
      tc(ns, ["qdisc", "add", "dev", "v0", "clsact"]);
      tc(ns, ["filter", "add", "dev", "v0", "egress", "pref", "1", "u32", "match", "u32", "0", "0", "action", "mirred", "egress", "mirror", "dev", "v1"]);
    }
    for (const step of STEPS) {
      const args = step.split(" ");
      const t = theirs(a.name, args);
      const o = await ours(b.name, args);
      expect({ code: o.code, out: o.out, err: o.err }, step).toEqual({ code: t.code, out: t.out, err: t.err });
      for (const show of SHOWS) {
        const s = show.split(" ");
        let tt = theirs(a.name, s), oo = await ours(b.name, s);
        for (let k = 0; k < 3 && mask(tt.out) !== mask(oo.out); k++) { tt = theirs(a.name, s); oo = await ours(b.name, s); }
        expect({ code: oo.code, out: mask(oo.out), err: oo.err }, `after ${step}: tc ${show}`).toEqual({ code: tt.code, out: mask(tt.out), err: tt.err });
      }
    }
  }, 60_000);

  it("nl.tc.actions builds tc's table; list() deletes it; flush keeps a bound action", () => {
    using a = tcNetns(false);
    using b = tcNetns(false);
    using nl = openRtnl({ netns: a.name });
    const act = nl.tc.actions;
    act.add({ kind: "mirred", direction: "egress", action: "redirect", ifindex: 11, index: 3 });
    act.add([{ kind: "mirred", direction: "egress", action: "mirror", ifindex: 11, verdict: "drop", index: 5 }, { kind: "mirred", direction: "ingress", action: "mirror", ifindex: 10, index: 4, cookie: "beef" }]);
    act.replace({ kind: "mirred", direction: "egress", action: "redirect", ifindex: 10, index: 3 });
    for (const c of [
      "action add action mirred egress redirect dev v1 index 3",
      "action add action mirred egress mirror dev v1 drop index 5 action mirred ingress mirror dev v0 index 4 cookie beef",
      "action replace action mirred egress redirect dev v0 index 3",
    ]) tc(b.name, c.split(" "));
    expect(tcJson(a.name, ["action", "ls", "action", "mirred"])).toEqual(tcJson(b.name, ["action", "ls", "action", "mirred"]));

    const listed = act.list("mirred");
    expect(listed.map((x) => [x.index, x.kind, (x as { direction?: string }).direction, (x as { verdict?: string }).verdict, x.cookie])).toEqual([
      [3, "mirred", "egress", "stolen", undefined], [4, "mirred", "ingress", "pipe", "beef"], [5, "mirred", "egress", "drop", undefined],
    ]);
    expect(act.get({ kind: "mirred", index: 4 })).toMatchObject({ kind: "mirred", action: "mirror", ifindex: 10, index: 4, refcnt: 1, bindcnt: 0 });
    expect(() => act.get({ kind: "mirred", index: 99 })).toThrow(expect.objectContaining({ code: "ENOENT" }));
    expect(() => act.add({ kind: "mirred", direction: "egress", action: "redirect", ifindex: 11, index: 3 })).toThrow(expect.objectContaining({ code: "EEXIST" }));

    // Output is valid input: delete what list() returned, then re-add it.
    act.delete(listed.map((x) => ({ kind: x.kind, index: x.index! })));
    expect(act.list("mirred")).toEqual([]);
    act.add(listed);
    expect(act.list("mirred").map(({ installed: _i, lastUsed: _l, firstUsed: _f, stats: _s, ...x }) => x)).toEqual(listed.map(({ installed: _i, lastUsed: _l, firstUsed: _f, stats: _s, ...x }) => x));

    nl.tc.qdiscs.add({ dev: "v0", kind: "clsact" });
    nl.tc.filters.add({ dev: "v0", parent: "egress", pref: 1, kind: "u32", options: { sel: { keys: [{ val: 0, mask: 0, off: 0, offmask: 0 }] }, actions: [{ kind: "mirred", direction: "egress", action: "mirror", ifindex: 11, index: 20 }] } });
    act.flush("mirred");
    expect(nl.conn.lastWarning).toMatch(/Unable to flush all TC actions/);
    expect(act.list("mirred").map((x) => [x.index, x.bindcnt])).toEqual([[20, 1]]);
  });
});
