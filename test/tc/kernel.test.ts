/**
 * nl.tc against the kernel: objects built through the API read back equal
 * (`tc -s -d -j`, counters aside) to what tc builds from the same commands
 * in a twin namespace, the API's list() agrees with tc -j, and what list()
 * returns deletes and re-creates the same state. The CNI-style bandwidth
 * setup (tbf on the link, ingress + u32 match-all + mirred redirect to an
 * ifb with its own tbf) is the main case.
 */
import { expect, it } from "vitest";
import { openRtnl } from "../../lib/rtnl/rtnl.ts";
import type { TcQdisc } from "../../lib/rtnl/tc/model.ts";
import { describeKernel } from "../helpers/netns.ts";
import { hasIfb, tc, tcJson, tcNetns } from "./kernel-env.ts";

const SHOW = [["-d", "qdisc", "show"], ["-d", "class", "show", "dev", "v0"], ["-d", "filter", "show", "dev", "v0", "parent", "ffff:"], ["-d", "filter", "show", "dev", "v0", "parent", "1:"]];

describeKernel("tc: API state equals tc's", () => {
  it("CNI bandwidth: tbf egress + ingress u32 match-all mirred to an ifb with its own tbf", () => {
    const ifb = hasIfb();
    const target = ifb ? "ifb0x" : "v1";
    using a = tcNetns(ifb);
    using b = tcNetns(ifb);
    using nl = openRtnl({ netns: a.name });
    nl.tc.qdiscs.add({ dev: "v0", parent: "root", handle: "1:", kind: "tbf", options: { rate: "1mbit", burst: "32kb", latency: "400ms" } });
    nl.tc.qdiscs.add({ dev: "v0", kind: "ingress" });
    nl.tc.filters.add({ dev: "v0", parent: "ffff:", protocol: "all", pref: 1, kind: "u32", options: { sel: { keys: [{ val: 0, mask: 0, off: 0, offmask: 0 }] }, actions: [{ kind: "mirred", direction: "egress", action: "redirect", dev: target } as never] } });
    nl.tc.qdiscs.add({ dev: target, parent: "root", handle: "1:", kind: "tbf", options: { rate: "1mbit", burst: "32kb", latency: "400ms" } });
    for (const c of [
      "qdisc add dev v0 root handle 1: tbf rate 1mbit burst 32kb latency 400ms",
      "qdisc add dev v0 ingress",
      `filter add dev v0 parent ffff: protocol all prio 1 u32 match u32 0 0 action mirred egress redirect dev ${target}`,
      `qdisc add dev ${target} root handle 1: tbf rate 1mbit burst 32kb latency 400ms`,
    ]) tc(b.name, c.split(" "));
    for (const s of SHOW) expect(tcJson(a.name, s), s.join(" ")).toEqual(tcJson(b.name, s));
    // The API reads both namespaces the same way, and agrees with tc -j.
    using nb = openRtnl({ netns: b.name });
    const strip = (qs: TcQdisc[]) => qs.map(({ stats: _s, xstats: _x, ...q }) => q);
    expect(strip(nl.tc.qdiscs.list())).toEqual(strip(nb.tc.qdiscs.list()));
    const tbfJ = (JSON.parse(tc(a.name, ["-j", "qdisc", "show", "dev", "v0", "root"])) as Array<{ options: { rate: number; lat: number } }>)[0]!;
    const tbf = nl.tc.qdiscs.list({ dev: "v0" }).find((q) => q.kind === "tbf")!;
    expect((tbf.options as { rate: number }).rate).toBe(tbfJ.options.rate);
    expect((tbf.options as { latency: number }).latency).toBe(tbfJ.options.lat);
    expect(tbf).toMatchObject({ ifindex: 10, handle: "1:", parent: "root" });
    // invisible: the bfifo tbf made for itself, as `tc qdisc show dev v0 invisible` lists it
    const inv = JSON.parse(tc(a.name, ["-j", "qdisc", "show", "dev", "v0", "invisible"])) as Array<{ kind: string; handle: string; parent?: string }>;
    expect(inv.map((q) => q.kind)).toEqual(["tbf", "bfifo", "ingress"]);
    expect(nl.tc.qdiscs.list({ dev: "v0", invisible: true }).map((q) => [q.kind, q.handle, q.parent])).toEqual(inv.map((q) => [q.kind, q.handle, q.parent ?? "root"]));
    expect(() => nl.tc.qdiscs.list({ dev: "v0", invisible: "yes" as never })).toThrow(/^filter\.invisible: expected a boolean/);
    const flt = nl.tc.filters.list({ dev: "v0", parent: "ffff:" }).find((f) => f.handle !== 0 && (f.options as { sel?: unknown }).sel !== undefined)!;
    expect(flt).toMatchObject({ protocol: "all", pref: 1, kind: "u32", parent: "ffff:" });
    expect((flt.options as { actions: unknown[] }).actions[0]).toMatchObject({ kind: "mirred", direction: "egress", action: "redirect", ifindex: ifb ? 12 : 11, verdict: "stolen" });
  });

  it("htb tree: list() output deletes and re-creates the same state", () => {
    using a = tcNetns(false);
    using nl = openRtnl({ netns: a.name });
    nl.tc.qdiscs.add({ dev: "v0", parent: "root", handle: "1:", kind: "htb", options: { defaultClass: 0x20 } });
    nl.tc.classes.add({ dev: "v0", parent: "1:", handle: "1:1", kind: "htb", options: { rate: "10mbit", ceil: "20mbit", burst: "15k" } });
    nl.tc.classes.add({ dev: "v0", parent: "1:1", handle: "1:10", kind: "htb", options: { rate: "1mbit", ceil: "10mbit", prio: 2, quantum: 1500 } });
    nl.tc.classes.add({ dev: "v0", parent: "1:1", handle: "1:20", kind: "htb", options: { rate: "2mbit" } });
    nl.tc.qdiscs.add({ dev: "v0", parent: "1:10", handle: "10:", kind: "pfifo", options: { limit: 50 } });
    nl.tc.filters.add({ dev: "v0", parent: "1:", protocol: "ip", pref: 1, kind: "u32", options: { classid: "1:10", sel: { keys: [{ val: 0xc0000201, mask: 0xffffffff, off: 16, offmask: 0 }] } } });
    const before = SHOW.map((s) => tcJson(a.name, s));
    const qdiscs = nl.tc.qdiscs.list({ dev: "v0" });
    const classes = nl.tc.classes.list({ dev: "v0" });
    const filters = nl.tc.filters.list({ dev: "v0", parent: "1:" }).filter((f) => f.options !== undefined && (f.options as { sel?: unknown }).sel !== undefined);
    expect(classes.map((c) => c.handle).sort()).toEqual(["1:1", "1:10", "1:20"]);
    nl.tc.qdiscs.delete(qdiscs.find((q) => q.handle === "1:")!);
    expect(nl.tc.qdiscs.list({ dev: "v0" }).map((q) => q.kind)).toEqual(["noqueue"]);
    // Re-create from what list() returned, parents first.
    nl.tc.qdiscs.add(qdiscs.find((q) => q.handle === "1:")!);
    for (const h of ["1:1", "1:10", "1:20"]) nl.tc.classes.add(classes.find((c) => c.handle === h)!);
    nl.tc.qdiscs.add(qdiscs.find((q) => q.handle === "10:")!);
    for (const f of filters) nl.tc.filters.add({ ...f, handle: undefined });
    expect(SHOW.map((s) => tcJson(a.name, s))).toEqual(before);
  });

  it("bad input is refused before anything is sent, naming the field", () => {
    using a = tcNetns(false);
    using nl = openRtnl({ netns: a.name });
    expect(() => nl.tc.qdiscs.add({ dev: "v0", parent: "root", kind: "tbf", options: { rate: "1mbits", burst: 1000, latency: 1 } })).toThrow(/options\.rate: "1mbits" is not a valid rate/);
    expect(() => nl.tc.qdiscs.add({ dev: "v0", parent: "root", kind: "tbf", options: { rate: "1mbit", burst: "10k" } })).toThrow(/options\.limit: either limit or latency/);
    expect(() => nl.tc.classes.add({ dev: "v0", parent: "1:", handle: "1:10", kind: "htb", options: { ceil: "1mbit" } as never })).toThrow(/options\.rate: required/);
    expect(() => nl.tc.qdiscs.add({ dev: "v0", parent: "1:x", kind: "pfifo" })).toThrow(/parent: "1:x" is not a class id/);
    expect(tc(a.name, ["qdisc", "show", "dev", "v0"])).toMatch(/^qdisc noqueue 0: root/);
  });
});
