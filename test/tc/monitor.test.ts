/**
 * Subscriptions deliver tc objects (RTNLGRP_TC): qdisc, class and filter
 * notifications, new and del: each event's object is the nl.tc model (what
 * list() returns) and its message the decoded codecs/tc message.
 */
import { expect, it } from "vitest";
import { subscribe } from "../../lib/monitor/subscription.ts";
import type { MonitorEvent, ObjectEvent } from "../../lib/monitor/decode-event.ts";
import { toClass, toFilter, toQdisc, type TcQdisc } from "../../lib/rtnl/tc/model.ts";
import type { TcMessage } from "../../codecs/tc/message.ts";
import { describeKernel } from "../helpers/netns.ts";
import { waitFor } from "../monitor/helpers.ts";
import { tc, tcNetns } from "./kernel-env.ts";

describeKernel("monitor: tc objects", () => {
  it("delivers qdisc, class and filter events, new and del", async () => {
    using ns = tcNetns(false);
    const sub = subscribe({ netns: ns.name, families: ["qdisc", "class", "filter"] });
    await sub.ready;
    const events: MonitorEvent[] = [];
    const done = (async () => { for await (const ev of sub) events.push(ev); })();
    tc(ns.name, "qdisc add dev v0 root handle 1: htb default 10".split(" "));
    tc(ns.name, "class add dev v0 parent 1: classid 1:10 htb rate 1mbit".split(" "));
    tc(ns.name, "filter add dev v0 parent 1: protocol ip prio 1 u32 match ip dst 192.0.2.1/32 flowid 1:10".split(" "));
    tc(ns.name, "qdisc del dev v0 root".split(" "));
    const obj = (e: MonitorEvent) => (e as ObjectEvent).message as TcMessage;
    const is = (kind: string, family: string) => (e: MonitorEvent) => e.kind === kind && (e as ObjectEvent).family === family;
    await waitFor(() => events.some((e) => is("del", "qdisc")(e) && obj(e).attrs.kind === "htb"), "qdisc del event");
    sub.close();
    await done;
    const q = events.find(is("new", "qdisc")) as ObjectEvent;
    expect(q.object).toEqual(toQdisc(q.message as TcMessage));
    expect(q.object).toMatchObject({ ifindex: 10, kind: "htb", handle: "1:", parent: "root", options: { defaultClass: 0x10 } });
    expect(toClass(obj(events.find(is("new", "class"))!))).toMatchObject({ ifindex: 10, kind: "htb", handle: "1:10", parent: "root", options: { rate: 125000 } }); // the kernel reports a top htb class under root, as tc prints it
    const f = events.filter(is("new", "filter")).map((e) => toFilter(obj(e)));
    expect(f.some((x) => x.kind === "u32" && (x.options as { classid?: string })?.classid === "1:10")).toBe(true);
    expect(events.filter((e) => e.kind === "undecodable")).toEqual([]);
  });
});

describeKernel("watch: qdiscs (opt-in family)", () => {
  it("lists the qdiscs first, then follows adds and deletes; the table equals a fresh list", async () => {
    const { watch } = await import("../../lib/monitor/watch.ts");
    const { openRtnl } = await import("../../lib/rtnl/rtnl.ts");
    using ns = tcNetns(false);
    await using w = watch({ netns: ns.name, families: ["qdisc"] });
    await w.ready;
    const kinds = () => [...w.tables.of("qdisc").values()].map((q) => `${q.ifindex}:${q.kind}:${q.handle}`).sort();
    expect(kinds()).toEqual(["10:noqueue:0:", "11:noqueue:0:", "1:noqueue:0:"]);
    using nl = openRtnl({ netns: ns.name });
    nl.tc.qdiscs.add({ dev: "v0", parent: "root", handle: "1:", kind: "htb" });
    nl.tc.qdiscs.add({ dev: "v1", kind: "clsact" });
    // One iterator for the whole test: leaving a for-await loop would close the watch.
    const it = w[Symbol.asyncIterator]();
    const until = async (pred: (e: Awaited<ReturnType<typeof it.next>>["value"]) => boolean) => {
      for (;;) {
        const r = await it.next();
        if (r.done || pred(r.value)) return;
      }
    };
    await until((e) => e.kind === "new" && e.family === "qdisc" && (e.object as TcQdisc).kind === "clsact");
    nl.tc.qdiscs.delete({ dev: "v0", parent: "root" });
    await until((e) => e.kind === "synced" && e.reasons.includes("qdisc-removed"));
    const fresh = nl.tc.qdiscs.list().map((q) => `${q.ifindex}:${q.kind}:${q.handle}`).sort();
    expect(kinds()).toEqual(fresh);
    // the table holds the model: each stored qdisc deep-equals the listed one (statistics aside)
    const noStats = ({ stats: _s, xstats: _x, ...q }: TcQdisc) => q;
    const byKey = new Map(nl.tc.qdiscs.list().map((q) => [`${q.ifindex}|${q.parent}|${q.handle}`, noStats(q)]));
    for (const [k, q] of w.tables.of("qdisc")) expect(noStats(q)).toEqual(byKey.get(k));
  });
});

describeKernel("watch: classes and filters (opt-in families)", () => {
  it("follows htb classes and u32 filters through adds and deletes; the tables equal a fresh list", async () => {
    const { watch } = await import("../../lib/monitor/watch.ts");
    const { fingerprint, keyOf } = await import("../../lib/monitor/table.ts");
    const { openRtnl } = await import("../../lib/rtnl/rtnl.ts");
    using ns = tcNetns(false);
    await using w = watch({ netns: ns.name, families: ["qdisc", "class", "filter"] });
    await w.ready;
    const drained = (async () => { for await (const _e of w) { /* tables update as events arrive */ } })();
    using nl = openRtnl({ netns: ns.name });
    const fresh = () => ({
      class: new Map(nl.tc.classes.list().map((c) => [keyOf("class", c)!, fingerprint("class", c)])),
      filter: new Map(nl.tc.qdiscs.list().map((q) => q.ifindex).filter((x, i, a) => a.indexOf(x) === i).flatMap((ifindex) => nl.tc.filters.list({ ifindex })).map((f) => [keyOf("filter", f)!, fingerprint("filter", f)])),
    });
    const table = () => ({
      class: new Map([...w.tables.of("class")].map(([k, c]) => [k, fingerprint("class", c)])),
      filter: new Map([...w.tables.of("filter")].map(([k, f]) => [k, fingerprint("filter", f)])),
    });
    const converged = async (what: string) => {
      let last: unknown;
      for (let i = 0; i < 100; i++) {
        const f = fresh(), t = table();
        last = { fresh: [...f.class.keys(), ...f.filter.keys()].sort(), table: [...t.class.keys(), ...t.filter.keys()].sort() };
        if (JSON.stringify([...f.class].sort()) === JSON.stringify([...t.class].sort()) && JSON.stringify([...f.filter].sort()) === JSON.stringify([...t.filter].sort())) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(last, what).toEqual({});
    };
    nl.tc.qdiscs.add({ dev: "v0", parent: "root", handle: "1:", kind: "htb", options: { defaultClass: 0x10 } });
    nl.tc.classes.add({ dev: "v0", parent: "1:", handle: "1:1", kind: "htb", options: { rate: "10mbit" } });
    nl.tc.classes.add({ dev: "v0", parent: "1:1", handle: "1:10", kind: "htb", options: { rate: "1mbit" } });
    nl.tc.classes.add({ dev: "v0", parent: "1:1", handle: "1:20", kind: "htb", options: { rate: "2mbit" } });
    for (const [pref, dst, flow] of [[1, 0xc0000201, "1:10"], [1, 0xc0000202, "1:20"], [2, 0xc6336401, "1:20"]] as const) {
      nl.tc.filters.add({ dev: "v0", parent: "1:", protocol: "ip", pref, kind: "u32", options: { classid: flow, sel: { keys: [{ val: dst, mask: 0xffffffff, off: 16, offmask: 0 }] } } });
    }
    await converged("after building an htb tree with u32 filters");
    expect(w.tables.of("class").size).toBe(3);
    expect([...w.tables.of("filter").values()].filter((f) => f.handle !== 0 && (f.handle & 0xfff) !== 0).length).toBe(3);
    nl.tc.filters.delete({ dev: "v0", parent: "1:", protocol: "ip", pref: 1 });
    await converged("after deleting prio 1");
    nl.tc.classes.delete({ dev: "v0", handle: "1:10" });
    await converged("after deleting class 1:10");
    nl.tc.qdiscs.delete({ dev: "v0", parent: "root" });
    await converged("after deleting the root qdisc");
    expect(w.tables.of("class").size).toBe(0);
    expect(w.tables.of("filter").size).toBe(0);
    await w.close();
    await drained;
  });
});
