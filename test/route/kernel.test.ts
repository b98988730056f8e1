/**
 * The route API against the real kernel, each test in its own throwaway
 * namespace: lo up, veth v0/v1 up with addrgenmode none (no link-local
 * churn), 192.0.2.1/24 and 2001:db8::1/64 on v0. What we read back must
 * equal what `ip -j -d -n NS route show ...` reports for the same routes.
 */
import { describe, expect, it } from "vitest";
import { RouteApi, type Route, type RouteSpec } from "../../lib/rtnl/route/api.ts";
import { describeKernel } from "../helpers/netns.ts";
import { expectRoutesLikeIp, ourAsIp } from "./ip-json.ts";
import { refusal } from "../helpers/kernel-env.ts";
import { kernelLacks, lacking } from "../helpers/kernel-caps.ts";
import { inNetns } from "./kernel-env.ts";

const dsts = (l: Route[]): string[] => l.map((r) => `${r.table}:${r.dst}`);

describeKernel("route API against the kernel", () => {
  it("IPv4 and IPv6 single-path routes, defaults, onlink, source routing: read-back equals ip", () =>
    inNetns(({ api, ipj, names }) => {
      api.add({ dst: "198.51.100.0/24", gateway: "192.0.2.2", metric: 100 });
      api.add({ dst: "203.0.113.0/25", dev: "v0", src: "192.0.2.1", protocol: "static" });
      api.add({ dst: "203.0.113.128/25", gateway: "198.51.100.200", dev: "v0", onlink: true });
      api.add({ dst: "default", gateway: "192.0.2.254" });
      api.add({ dst: "2001:db8:1::/64", gateway: "2001:db8::2", pref: "high" });
      api.add({ dst: "2001:db8:2::/64", dev: "v0", expires: 120 });
      api.add({ dst: "2001:db8:3::/64", from: "2001:db8:99::/64", gateway: "2001:db8::3" });
      api.add({ dst: "default", family: 6, gateway: "2001:db8::fe", metric: 2048 });
      expectRoutesLikeIp(api.list({ family: 4 }), ipj("-4", "route", "show"), names, false);
      expectRoutesLikeIp(api.list({ family: 6 }), ipj("-6", "route", "show"), names, false);
      const v6 = api.list({ family: 6 });
      expect(v6.find((r) => r.dst === "2001:db8:2::/64")?.expires).toBeGreaterThan(100);
      expect(v6.find((r) => r.dst === "2001:db8:3::/64")?.from).toBe("2001:db8:99::/64");
    }));

  it("multipath (weights, onlink, IPv6 next hop via RTA_VIA), metrics, reject types, local, tables: read-back equals ip", () =>
    inNetns(({ api, ipj, names }) => {
      api.add({ dst: "198.51.100.0/24", multipath: [{ gateway: "192.0.2.2", dev: "v0", weight: 3 }, { gateway: "203.0.113.9", dev: "v0", onlink: true }] });
      api.add({ dst: "2001:db8:1::/64", multipath: [{ gateway: "2001:db8::2", dev: "v0" }, { gateway: "2001:db8::3", dev: "v0", weight: 256 }] });
      api.add({ dst: "203.0.113.0/24", via: "2001:db8::2", dev: "v0", metrics: { mtu: 1400, lock: ["mtu"], advmss: 1360, hoplimit: 64, initcwnd: 10, initrwnd: 20, quickack: true, congctl: "reno", rtt: 30, rttvar: 12, features: ["ecn"], rtoMin: 250 } });
      for (const type of ["blackhole", "unreachable", "prohibit", "throw"] as const) {
        api.add({ dst: `198.51.100.${type.length * 8}/29`, type, table: 1000 });
        api.add({ dst: `2001:db8:${type.length}::/64`, type, table: 1000 });
      }
      api.add({ dst: "203.0.113.77", type: "local", dev: "v0" });
      api.add({ dst: "203.0.113.0/24", gateway: "192.0.2.9", table: 7, tos: 0x10 });
      expectRoutesLikeIp(api.list({ table: "all" }), ipj("route", "show", "table", "all"), names, true);
      const m = api.list({ family: 4 }).find((r) => r.dst === "203.0.113.0/24")!;
      expect(m.metrics).toEqual({ mtu: 1400, advmss: 1360, hoplimit: 64, initcwnd: 10, initrwnd: 20, quickack: true, congctl: "reno", rtt: 30, rttvar: 12, features: ["ecn"], rtoMin: 250, lock: ["mtu", "rtoMin"] });
      expect(m.via).toEqual({ family: "inet6", address: "2001:db8::2" });
      expect(api.list({ family: 6 }).find((r) => r.dst === "2001:db8:1::/64")?.multipath?.map((h) => h.weight)).toEqual([1, 256]);
      expect(api.list({ table: "local", family: 4 }).some((r) => r.dst === "203.0.113.77/32" && r.type === "local")).toBe(true);
    }));

  it("replace, append, change, delete; refusals as NetlinkError with the kernel's message", () =>
    inNetns(({ api, ipj, names }) => {
      api.replace({ dst: "198.51.100.0/24", gateway: "192.0.2.2" });
      api.replace({ dst: "198.51.100.0/24", gateway: "192.0.2.3" });
      api.append({ dst: "198.51.100.0/24", gateway: "192.0.2.4", metric: 10 });
      api.change({ dst: "198.51.100.0/24", gateway: "192.0.2.5", metric: 10 });
      expect(api.list({ family: 4 }).filter((r) => r.dst === "198.51.100.0/24").map((r) => [r.gateway, r.metric])).toEqual([["192.0.2.3", undefined], ["192.0.2.5", 10]]);
      expect(refusal(() => api.add({ dst: "198.51.100.0/24", gateway: "192.0.2.3" })).code).toBe("EEXIST");
      const off = refusal(() => api.add({ dst: "203.0.113.0/24", gateway: "198.51.100.1" }));
      expect([off.code, off.extack.msg]).toEqual(["ENETUNREACH", "Nexthop has invalid gateway"]);
      expect(refusal(() => api.change({ dst: "203.0.113.0/24", dev: "v0" })).code).toBe("ENOENT");
      api.delete({ dst: "198.51.100.0/24", metric: 10 });
      api.delete({ dst: "198.51.100.0/24" });
      expect(refusal(() => api.delete({ dst: "198.51.100.0/24" })).code).toBe("ESRCH");
      api.add({ dst: "2001:db8:1::/64", gateway: "2001:db8::2" });
      api.append({ dst: "2001:db8:1::/64", gateway: "2001:db8::3" });
      expect(api.list({ family: 6 }).find((r) => r.dst === "2001:db8:1::/64")?.multipath?.length).toBe(2);
      api.delete({ dst: "2001:db8:1::/64" });
      expectRoutesLikeIp(api.list({ table: "all" }), ipj("route", "show", "table", "all"), names, true);
      expect(refusal(() => api.add({ dst: "198.51.100.0/24", dev: "nosuch0" })).code).toBe("ENODEV");
    }));

  it("strict checking: a table dump returns only that table and is flagged NLM_F_DUMP_FILTERED; selectors by protocol, type and link", () =>
    inNetns(({ api, ipj, names }) => {
      api.add({ dst: "198.51.100.0/24", gateway: "192.0.2.2", table: 1000, protocol: "static" });
      api.add({ dst: "198.51.100.0/25", type: "unreachable", table: 1000 });
      api.add({ dst: "2001:db8:1::/64", gateway: "2001:db8::2", table: 1000, protocol: "static" });
      api.add({ dst: "203.0.113.0/24", gateway: "192.0.2.3", table: 1001, protocol: "static" });
      api.add({ dst: "203.0.113.0/25", dev: "v1" });
      const t = api.listDetailed({ table: 1000 });
      expect(t.kernelFiltered).toBe(true);
      expect(dsts(t.routes).sort()).toEqual(["1000:198.51.100.0/24", "1000:198.51.100.0/25", "1000:2001:db8:1::/64"]);
      expectRoutesLikeIp(t.routes.filter((r) => r.family === "inet"), ipj("route", "show", "table", "1000"), names, false);
      expectRoutesLikeIp(t.routes.filter((r) => r.family === "inet6"), ipj("-6", "route", "show", "table", "1000"), names, false);
      const byProto = api.listDetailed({ table: "all", protocol: "static" });
      expect(byProto.kernelFiltered).toBe(true);
      expect(dsts(byProto.routes).sort()).toEqual(["1000:198.51.100.0/24", "1000:2001:db8:1::/64", "1001:203.0.113.0/24"]);
      expect(dsts(api.list({ table: "all", type: "unreachable" }))).toEqual(["1000:198.51.100.0/25"]);
      const onV1 = api.listDetailed({ table: "all", dev: "v1" });
      expect(onV1.kernelFiltered).toBe(true);
      expect(dsts(onV1.routes).sort()).toEqual(["local:ff00::/8", "main:203.0.113.0/25"]);
      expect(api.listDetailed({ family: 4, table: 4242 })).toEqual({ routes: [], kernelFiltered: true });
      expect([...api.iterate({ family: 4, table: 4242 })]).toEqual([]);
    }));

  it("without strict checking the kernel returns everything and the user-space fallback filters", () =>
    inNetns(({ api, connect }) => {
      api.add({ dst: "198.51.100.0/24", gateway: "192.0.2.2", table: 1000, protocol: "static" });
      api.add({ dst: "198.51.100.0/25", type: "unreachable", table: 1000 });
      api.add({ dst: "203.0.113.0/24", gateway: "192.0.2.3", table: 1001, protocol: "static" });
      api.add({ dst: "203.0.113.0/25", dev: "v1" });
      const loose = connect({ strictCheck: false });
      expect(loose.strictCheck).toBe(false);
      const lax = new RouteApi(loose);
      // The kernel ignores the selectors: the same request returns other tables too.
      const everything = lax.listDetailed({ table: "all" });
      const t = lax.listDetailed({ table: 1000 });
      expect(t.kernelFiltered).toBe(false);
      expect(everything.routes.length).toBeGreaterThan(t.routes.length + 3);
      expect(t.routes).toEqual(api.list({ table: 1000 }));
      for (const f of [{ table: "all", protocol: "static" }, { table: "all", type: "unreachable" }, { table: "all", dev: "v1" }, { family: 6 }, { family: 4, table: "local" }] as const) {
        const strict = api.listDetailed(f);
        const fallback = lax.listDetailed(f);
        expect(fallback.routes, JSON.stringify(f)).toEqual(strict.routes);
        expect(fallback.kernelFiltered).toBe(false);
        expect([...lax.iterate(f)]).toEqual(strict.routes);
      }
    }));

  it("a 1,000-request pipelined batch with deliberate duplicates: each EEXIST at its own index", () =>
    inNetns(({ api, ip }) => {
      const specs: RouteSpec[] = [];
      for (let i = 0; i < 1000; i++) specs.push({ dst: `198.51.100.${i % 250}/32`, gateway: "192.0.2.2", metric: 1 + Math.floor(i / 250), table: 1000 });
      const dups = [17, 333, 334, 998];
      for (const at of dups) specs[at] = { ...specs[at - 3 - (at % 7)]! };
      const r = api.addMany(specs);
      expect(r.errors.map((e) => [e.index, e.error.code])).toEqual(dups.map((i) => [i, "EEXIST"]));
      expect(r.errors.every((e) => e.error.request.index === e.index && e.error.request.typeName === "RTM_NEWROUTE")).toBe(true);
      expect(r.ok).toBe(996);
      expect(api.list({ table: 1000 }).length).toBe(996);
      expect((JSON.parse(ip("-j", "route", "show", "table", "1000")) as unknown[]).length).toBe(996);
      const replaced = api.addMany(specs.slice(0, 10), { mode: "replace" });
      expect(replaced).toEqual({ ok: 10, errors: [], stopped: false, sent: 10 });
    }));

  it("iterate streams a large dump datagram by datagram; list and iterate agree", () =>
    inNetns(({ api, connect }) => {
      const specs: RouteSpec[] = [];
      for (let i = 0; i < 20_000; i++) specs.push({ dst: `198.51.100.${i % 256}/32`, gateway: "192.0.2.2", metric: 1 + (i >> 8), table: 1000 });
      expect(api.addMany(specs).errors).toEqual([]);
      let recvs = 0;
      const counted = connect({}, (t) => ({
        get portId() { return t.portId; },
        get closed() { return t.closed; },
        send: (d) => t.send(d),
        recv: (o) => { recvs++; return t.recv(o); },
        waitReadable: (ms) => t.waitReadable(ms),
        setNetlinkOption: (o, on) => t.setNetlinkOption(o, on),
        receiveBufferSize: () => t.receiveBufferSize?.() ?? 212992,
        close: () => t.close(),
        [Symbol.dispose]: () => t.close(),
      }));
      const it = new RouteApi(counted).iterate({ table: 1000 });
      const first = it.next();
      expect(first.done).toBe(false);
      expect(recvs).toBe(1); // one datagram read for the first route, not the whole dump
      let n = 1;
      for (const r of it) {
        expect(r.table).toBe(1000);
        n++;
      }
      expect(n).toBe(20_000);
      expect(recvs).toBeGreaterThan(20);
      expect(api.list({ table: 1000 }).length).toBe(20_000);
    }), 60_000);

  it("route get agrees with ip route get (plain, from, oif, mark, fibmatch, IPv6)", () =>
    inNetns(({ api, ip, names }) => {
      api.add({ dst: "198.51.100.0/24", gateway: "192.0.2.2" });
      api.add({ dst: "2001:db8:1::/64", gateway: "2001:db8::2" });
      const cases: Array<[string, Parameters<RouteApi["get"]>[1], string[]]> = [
        ["198.51.100.7", {}, ["198.51.100.7"]],
        ["198.51.100.7", { from: "192.0.2.1" }, ["198.51.100.7", "from", "192.0.2.1"]],
        ["203.0.113.5", { oif: "v0" }, ["203.0.113.5", "oif", "v0"]],
        ["198.51.100.8", { mark: 9, uid: 1000 }, ["198.51.100.8", "uid", "1000", "mark", "9"]],
        ["198.51.100.9", { fibMatch: true }, ["fibmatch", "198.51.100.9"]],
        ["2001:db8:1::5", {}, ["2001:db8:1::5"]],
        ["2001:db8:1::6", { fibMatch: true }, ["fibmatch", "2001:db8:1::6"]],
      ];
      for (const [dst, opts, args] of cases) {
        const ours = ourAsIp(api.get(dst, opts), names, false);
        const theirs = (JSON.parse(ip("-j", "route", "get", ...args)) as Array<Record<string, unknown>>)[0]!;
        for (const f of ["dst", "from", "gateway", "dev", "prefsrc", "metric"]) expect([args.join(" "), f, ours[f]]).toEqual([args.join(" "), f, theirs[f]]);
      }
      expect(api.get("198.51.100.8", { mark: 9 }).mark).toBe(9);
      expect(refusal(() => api.get("203.0.113.5")).code).toBe("ENETUNREACH");
    }));

  it("flush by table, protocol and link returns the count; what remains equals ip", () =>
    inNetns(({ api, ipj, names }) => {
      for (let i = 0; i < 12; i++) api.add({ dst: `198.51.100.${i * 16}/28`, gateway: "192.0.2.2", table: 1000 });
      api.add({ dst: "2001:db8:1::/64", gateway: "2001:db8::2", table: 1000 });
      api.add({ dst: "203.0.113.0/25", gateway: "192.0.2.2", protocol: "static" });
      api.add({ dst: "203.0.113.128/25", dev: "v1" });
      api.add({ dst: "2001:db8:2::/64", dev: "v1" });
      expect(api.flush({ family: 4, table: 1000 })).toBe(12);
      expect(dsts(api.list({ table: 1000 }))).toEqual(["1000:2001:db8:1::/64"]);
      expect(api.flush({ table: 1000 })).toBe(1);
      expect(api.flush({ table: "main", protocol: "static" })).toBe(1);
      expect(api.flush({ table: "main", dev: "v1" })).toBe(2);
      expect(api.flush({ table: 1000 })).toBe(0);
      expect(api.flush({ family: 4, table: 31337 })).toBe(0);
      expectRoutesLikeIp(api.list({ table: "all" }), ipj("route", "show", "table", "all"), names, true);
    }));

  // Without seg6 lightweight tunnels (probed) the user sees the kernel's refusal as a NetlinkError.
  it("realms (RTA_FLOW) on a route and on paths read back as ip shows them, and a listed route given back replaces itself unchanged", () =>
    inNetns(({ api, ipj, names }) => {
      api.add({ dst: "198.51.100.0/24", dev: "v0", realms: (1 << 16) | 2 });
      api.add({ dst: "203.0.113.0/24", multipath: [{ gateway: "192.0.2.2", dev: "v0", realms: 5 }, { gateway: "192.0.2.3", dev: "v0", realms: (6 << 16) | 7 }] });
      const before = api.list({ family: 4 });
      expectRoutesLikeIp(before, ipj("route", "show"), names, false);
      // a kernel without CONFIG_IP_ROUTE_CLASSID drops RTA_FLOW: then ip shows no "flow" and neither do we
      const flow = (ipj("route", "show", "198.51.100.0/24") as Array<{ flow?: unknown }>)[0]!;
      if (flow.flow !== undefined) {
        expect(before.find((r) => r.dst === "198.51.100.0/24")?.realms).toBe(0x10002);
        expect(before.find((r) => r.dst === "203.0.113.0/24")?.multipath?.map((h) => h.realms)).toEqual([5, 0x60007]);
      }
      for (const r of before) if (r.protocol !== "kernel") api.replace(r);
      expect(api.list({ family: 4 })).toEqual(before);
    }));

  it("seg6 encapsulation round-trips through the kernel (or is refused as the kernel refuses it)", () =>
    inNetns(({ api, ipj, names }) => {
      if (kernelLacks("lwt:seg6")) {
        const e = refusal(() => api.add({ dst: "2001:db8:5::/64", dev: "v0", encap: { type: "seg6", mode: "encap", segments: ["2001:db8::9"] } }));
        expect([e.code, e.message]).toEqual(["EOPNOTSUPP", expect.stringMatching(lacking("lwt:seg6"))]);
        expect(ipj("-6", "route", "show", "2001:db8:5::/64")).toEqual([]);
        return;
      }
      api.add({ dst: "2001:db8:5::/64", dev: "v0", encap: { type: "seg6", mode: "encap", segments: ["2001:db8::9", "2001:db8::a", "2001:db8::b"] } });
      api.add({ dst: "2001:db8:6::/64", dev: "v0", encap: { type: "seg6", mode: "inline", segments: ["2001:db8::c"] } });
      const l = api.list({ family: 6 });
      expect(l.find((r) => r.dst === "2001:db8:5::/64")?.encap).toEqual({ type: "seg6", mode: "encap", segments: ["2001:db8::9", "2001:db8::a", "2001:db8::b"] });
      expectRoutesLikeIp(l, ipj("-6", "route", "show"), names, false);
    }));
});

describe("route kernel test helpers", () => {
  it("refusal() rethrows what is not a NetlinkError", () => {
    expect(() => refusal(() => { throw new TypeError("x"); })).toThrow(TypeError);
  });
});
