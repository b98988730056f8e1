/**
 * The neighbour API against the real kernel, each test in its own
 * throwaway namespace holding a veth pair v0/v1 (left down unless a test
 * needs a learning bridge port, so no automatic entries appear while we
 * compare). What we read back must equal what `ip -j -n NS neigh show` /
 * `bridge -j -n NS fdb show` report for the same entries.
 */
import { describe, expect, it } from "vitest";
import { NeighbourApi, type Neighbour } from "../../lib/rtnl/neighbour/api.ts";
import { inTempNetns, linkTable, refusal, runIn, VETH } from "../helpers/kernel-env.ts";
import { describeKernel, type TempNetns } from "../helpers/netns.ts";
import { expectSameAsIp } from "./ip-json.ts";

interface Env {
  api: NeighbourApi;
  ns: TempNetns;
  ip(...args: string[]): string;
  ipj(...args: string[]): unknown;
  bridgej(...args: string[]): Array<Record<string, unknown>>;
  index(name: string): number;
}

function inNetns(fn: (env: Env) => void, opts: { strictCheck?: boolean } = {}): Promise<void> {
  return inTempNetns(({ ns, conn, ip, ipj }) => fn({
    api: new NeighbourApi(conn),
    ns,
    ip,
    ipj,
    bridgej: (...args) => JSON.parse(runIn("bridge", ns.name, ["-j", ...args]) || "[]"),
    index: (name) => linkTable(ip).index[name]!,
  }), { setup: [VETH], ...opts });
}

const ll = (n: number) => `02:00:00:00:00:${n.toString(16).padStart(2, "0")}`;
const dsts = (l: Neighbour[]) => l.map((n) => n.dst).sort();

/** An FDB entry as `bridge -j fdb show` prints it. */
function bridgeView(n: Neighbour, names: Record<number, string>): Record<string, unknown> {
  const flags = n.flags.filter((f) => f === "self" || f === "router" || f === "extern_learn" || f === "offloaded" || f === "sticky");
  const state = n.state.includes("permanent") ? "permanent" : n.state.includes("noarp") ? "static" : n.state.includes("stale") ? "stale" : "";
  const v: Record<string, unknown> = { mac: n.lladdr, flags, state };
  if (n.dst !== undefined) v.dst = n.dst;
  if (n.port !== undefined) v.port = n.port;
  if (n.vni !== undefined) v.vni = n.vni;
  if (n.master !== undefined) v.master = names[n.master];
  return v;
}

function fromBridge(e: Record<string, unknown>): Record<string, unknown> {
  const v: Record<string, unknown> = { mac: e.mac, flags: e.flags, state: e.state };
  // bridge 6.1 prints no "via"; the test checks it separately.
  for (const k of ["dst", "port", "vni", "master"]) if (e[k] !== undefined) v[k] = e[k];
  return v;
}

describeKernel("neighbour API against the kernel", () => {
  it("adds IPv4/IPv6 entries in several states, replaces and changes them; read-back equals ip", () =>
    inNetns(({ api, ipj, index }) => {
      api.add({ dst: "192.0.2.5", lladdr: ll(5), dev: "v0" });
      api.add({ dst: "192.0.2.6", lladdr: ll(6), dev: "v0", state: "reachable", flags: ["router"] });
      api.add({ dst: "192.0.2.7", lladdr: ll(7), dev: index("v0"), state: "stale", flags: ["extern_learn"], protocol: "static" });
      api.add({ dst: "192.0.2.8", lladdr: ll(8), dev: "v0", state: "noarp" });
      api.add({ dst: "192.0.2.9", dev: "v0", state: "failed" });
      api.replace({ dst: "192.0.2.8", lladdr: ll(0x18), dev: "v0", state: "permanent" });
      api.change({ dst: "192.0.2.6", lladdr: ll(0x16), dev: "v0", state: "stale" });
      api.add({ dst: "2001:db8::5", lladdr: ll(0x25), dev: "v0", state: "reachable", flags: ["router"] });
      api.add({ dst: "2001:db8::6", lladdr: ll(0x26), dev: "v0" });
      const ours = api.list({ link: "v0" });
      expectSameAsIp(ours, ipj("neigh", "show", "dev", "v0", "nud", "all"));
      const by = Object.fromEntries(ours.map((n) => [n.dst, n]));
      expect(by["192.0.2.5"]).toMatchObject({ family: "inet", ifindex: index("v0"), lladdr: ll(5), state: ["permanent"], proxy: false });
      // change replaces the flags too: without "router" the entry is no longer a router.
      expect(by["192.0.2.6"]).toMatchObject({ lladdr: ll(0x16), state: ["stale"], flags: [] });
      expect(by["192.0.2.7"]).toMatchObject({ flags: ["extern_learn"], protocol: "static" });
      expect(by["192.0.2.8"]).toMatchObject({ lladdr: ll(0x18), state: ["permanent"] });
      expect(by["192.0.2.9"]!.state).toEqual(["failed"]);
      expect(by["2001:db8::5"]).toMatchObject({ family: "inet6", flags: ["router"], state: ["reachable"] });
      expect(by["2001:db8::5"]!.cacheinfo).toBeDefined();
    }));

  it("deletes entries by key; a second delete is ENOENT; a duplicate add EEXIST; change of a missing entry ENOENT", () =>
    inNetns(({ api, ipj }) => {
      api.add({ dst: "192.0.2.5", lladdr: ll(5), dev: "v0" });
      api.add({ dst: "2001:db8::5", lladdr: ll(6), dev: "v0" });
      expect(refusal(() => api.add({ dst: "192.0.2.5", lladdr: ll(7), dev: "v0" })).code).toBe("EEXIST");
      api.delete({ dst: "192.0.2.5", dev: "v0" });
      api.delete({ dst: "2001:db8::5", dev: "v0" });
      expect(refusal(() => api.delete({ dst: "192.0.2.5", dev: "v0" })).code).toBe("ENOENT");
      expect(refusal(() => api.change({ dst: "192.0.2.99", lladdr: ll(9), dev: "v0" })).code).toBe("ENOENT");
      expect(refusal(() => api.add({ dst: "192.0.2.1", lladdr: ll(1), dev: "nope0" })).code).toBe("ENODEV");
      expect(api.list({ link: "v0" })).toEqual([]);
      expect(ipj("neigh", "show", "dev", "v0", "nud", "all")).toEqual([]);
    }));

  it("proxy entries: add, list with and without a link, delete; read-back equals ip neigh show proxy", () =>
    inNetns(({ api, ipj, index }) => {
      api.add({ dst: "192.0.2.20", dev: "v0", proxy: true });
      api.add({ dst: "2001:db8::20", dev: "v1", proxy: true });
      api.add({ dst: "198.51.100.20", dev: "v0", proxy: true, protocol: "boot" });
      expectSameAsIp(api.list({ proxy: true }), ipj("neigh", "show", "proxy"));
      expect(dsts(api.list({ proxy: true, link: "v0" }))).toEqual(["192.0.2.20", "198.51.100.20"]);
      expect(api.list({ proxy: true, family: 6 })).toMatchObject([{ dst: "2001:db8::20", ifindex: index("v1"), proxy: true, state: ["none"] }]);
      expect(api.list({ link: "v0" })).toEqual([]); // proxy entries live in their own table
      api.delete({ dst: "192.0.2.20", dev: "v0", proxy: true });
      expect(refusal(() => api.delete({ dst: "192.0.2.20", dev: "v0", proxy: true })).code).toBe("ENOENT");
      expectSameAsIp(api.list({ proxy: true }), ipj("neigh", "show", "proxy"));
      expect(api.flush({ proxy: true })).toBe(2);
      expect(ipj("neigh", "show", "proxy")).toEqual([]);
    }));

  it("filters by family, link, state and master agree with ip's own filters", () =>
    inNetns(({ api, ip, ipj }) => {
      ip("link", "add", "br0", "type", "bridge");
      ip("link", "set", "v1", "master", "br0");
      api.add({ dst: "192.0.2.1", lladdr: ll(1), dev: "v0", state: "reachable" });
      api.add({ dst: "192.0.2.2", lladdr: ll(2), dev: "v1", state: "stale" });
      api.add({ dst: "2001:db8::1", lladdr: ll(3), dev: "v0", state: "noarp" });
      api.add({ dst: "2001:db8::2", lladdr: ll(4), dev: "v1" });
      api.add({ dst: "2001:db8::3", lladdr: ll(5), dev: "br0" });
      expectSameAsIp(api.list(), ipj("neigh", "show", "nud", "all"));
      expectSameAsIp(api.list({ family: 4 }), ipj("-4", "neigh", "show", "nud", "all"));
      expectSameAsIp(api.list({ family: 6, link: "v1" }), ipj("-6", "neigh", "show", "dev", "v1", "nud", "all"));
      expectSameAsIp(api.list({ state: "stale" }), ipj("neigh", "show", "nud", "stale"));
      expectSameAsIp(api.list({ state: ["noarp", "permanent"] }), (ipj("neigh", "show", "nud", "all") as Array<{ state?: string[] }>).filter((e) => e.state?.some((s) => s === "NOARP" || s === "PERMANENT")));
      expectSameAsIp(api.list({ master: "br0" }), ipj("neigh", "show", "master", "br0", "nud", "all"));
      expect(dsts(api.list({ master: "br0" }))).toEqual(["192.0.2.2", "2001:db8::2"]);
    }));

  it("filters give the same answers on a connection without strict checking", () =>
    inNetns(({ api, ip, ipj }) => {
      expect(api.conn.strictCheck).toBe(false);
      ip("link", "add", "br0", "type", "bridge");
      ip("link", "set", "v1", "master", "br0");
      api.add({ dst: "192.0.2.1", lladdr: ll(1), dev: "v0" });
      api.add({ dst: "192.0.2.2", lladdr: ll(2), dev: "v1", state: "stale" });
      api.add({ family: "bridge", lladdr: ll(3), dev: "v1", master: true, state: "static" });
      expect([api.list({ link: "v0" }), api.list({ master: "br0" }), api.list({ state: "stale" })].map(dsts)).toEqual([["192.0.2.1"], ["192.0.2.2"], ["192.0.2.2"]]);
      expectSameAsIp(api.list({ link: "v1" }), ipj("neigh", "show", "dev", "v1", "nud", "all"));
      expect(api.list({ family: "bridge", link: "v1" }).some((n) => n.lladdr === ll(3))).toBe(true);
    }, { strictCheck: false }));

  it("flushes by link and by state, counting what it removed", () =>
    inNetns(({ api, ipj }) => {
      for (let i = 1; i <= 5; i++) api.add({ dst: `192.0.2.${i}`, lladdr: ll(i), dev: "v0", state: i % 2 ? "stale" : "permanent" });
      for (let i = 1; i <= 3; i++) api.add({ dst: `2001:db8::${i}`, lladdr: ll(0x10 + i), dev: "v1", state: "reachable" });
      expect(api.flush({ link: "v1" })).toBe(3);
      expect(ipj("neigh", "show", "dev", "v1", "nud", "all")).toEqual([]);
      expect(api.flush({ state: "stale", family: 4 })).toBe(3);
      expect(dsts(api.list())).toEqual(["192.0.2.2", "192.0.2.4"]);
      expectSameAsIp(api.list(), ipj("neigh", "show", "nud", "all"));
      expect(api.flush({ state: "stale" })).toBe(0);
    }));

  it("bridge FDB entries on a port: master static/sticky/dynamic, self, replace, delete, flush by state; read-back equals bridge fdb show", () =>
    inNetns(({ api, ip, bridgej, index }) => {
      ip("link", "add", "br0", "type", "bridge");
      ip("link", "set", "v1", "master", "br0");
      ip("link", "set", "v1", "type", "bridge_slave", "learning", "off");
      for (const l of ["v0", "v1", "br0"]) ip("link", "set", l, "addrgenmode", "none");
      for (const l of ["v0", "v1", "br0"]) ip("link", "set", l, "up");
      api.add({ family: "bridge", lladdr: ll(0x10), dev: "v1", master: true, state: "static" });
      api.add({ family: "bridge", lladdr: ll(0x11), dev: "v1", master: true, state: "static", flags: ["sticky"] });
      api.add({ family: "bridge", lladdr: ll(0x12), dev: "v1", master: true, state: "dynamic" });
      api.add({ family: "bridge", lladdr: ll(0x13), dev: "v1", self: true, state: "permanent" });
      api.add({ family: "bridge", lladdr: ll(0x14), dev: "v1" });
      api.replace({ family: "bridge", lladdr: ll(0x12), dev: "v1", master: true, state: "static" });
      expect(refusal(() => api.add({ family: "bridge", lladdr: ll(0x10), dev: "v1", master: true, state: "static" })).code).toBe("EEXIST");
      const names: Record<number, string> = { [index("v1")]: "v1", [index("br0")]: "br0", [index("v0")]: "v0" };
      const port = api.list({ family: "bridge", link: "v1" });
      expect(port.map((n) => bridgeView(n, names))).toEqual(bridgej("fdb", "show", "dev", "v1").map(fromBridge));
      expect(port.find((n) => n.lladdr === ll(0x11))).toMatchObject({ flags: ["sticky"], master: index("br0"), state: ["noarp"] });
      expect(port.find((n) => n.lladdr === ll(0x14))).toMatchObject({ flags: ["self"], state: ["permanent"] });
      // By master: the port's entries plus the bridge device's own.
      const byMaster = api.list({ family: "bridge", master: "br0" });
      const key = (l: Neighbour[]) => l.map((n) => `${n.lladdr} ${n.flags} ${n.state}`);
      expect(key(byMaster.filter((n) => n.ifindex === index("v1")))).toEqual(key(port));
      expect(byMaster.every((n) => n.ifindex === index("v1") || n.ifindex === index("br0"))).toBe(true);
      api.delete({ family: "bridge", lladdr: ll(0x10), dev: "v1", master: true });
      expect(refusal(() => api.delete({ family: "bridge", lladdr: ll(0x10), dev: "v1", master: true })).code).toBe("ENOENT");
      expect(api.flush({ family: "bridge", link: "v1", state: "noarp" })).toBe(2); // the static ones: 0x11, 0x12
      const left = api.list({ family: "bridge", link: "v1" });
      expect(left.map((n) => bridgeView(n, names))).toEqual(bridgej("fdb", "show", "dev", "v1").map(fromBridge));
      expect(left.filter((n) => n.lladdr?.startsWith("02:00:00:00:00:1")).map((n) => n.lladdr).sort()).toEqual([ll(0x13), ll(0x14)]);
    }));

  it("vxlan FDB entries with remote, port, VNI and via; an FDB vlan entry on a bridge without VLAN filtering is refused", () =>
    inNetns(({ api, ip, bridgej, index }) => {
      ip("link", "add", "vx0", "type", "vxlan", "id", "42", "dstport", "4789", "nolearning");
      api.add({ family: "bridge", lladdr: "00:00:00:00:00:00", dev: "vx0", dst: "198.51.100.7", port: 4790, vni: 43 });
      api.add({ family: "bridge", lladdr: ll(0x20), dev: "vx0", dst: "198.51.100.9", vni: 44, via: "v0" });
      const names: Record<number, string> = { [index("v0")]: "v0", [index("vx0")]: "vx0" };
      const vx = api.list({ family: "bridge", link: "vx0" });
      expect(vx.map((n) => bridgeView(n, names))).toEqual(bridgej("fdb", "show", "dev", "vx0").map(fromBridge));
      expect(vx.find((n) => n.lladdr === ll(0x20))).toMatchObject({ dst: "198.51.100.9", vni: 44, via: index("v0") });
      // A remote is matched on dst, vni and via too; with the defaults nothing matches and nothing goes.
      api.delete({ family: "bridge", lladdr: ll(0x20), dev: "vx0", dst: "198.51.100.9" });
      expect(api.list({ family: "bridge", link: "vx0" }).length).toBe(2);
      api.delete({ family: "bridge", lladdr: ll(0x20), dev: "vx0", dst: "198.51.100.9", vni: 44, via: "v0" });
      expect(api.list({ family: "bridge", link: "vx0" }).map((n) => n.lladdr)).toEqual(["00:00:00:00:00:00"]);
      api.add({ family: "bridge", lladdr: ll(0x21), dev: "vx0", dst: "198.51.100.10", vni: 45, port: 4791, via: "v0" });
      expect(api.flush({ family: "bridge", link: "vx0" })).toBe(2);
      expect(bridgej("fdb", "show", "dev", "vx0")).toEqual([]);
      ip("link", "add", "br0", "type", "bridge");
      ip("link", "set", "v1", "master", "br0");
      expect(refusal(() => api.add({ family: "bridge", lladdr: ll(0x30), dev: "v1", master: true, state: "static", vlan: 5 })).code).toBe("EINVAL");
    }));
});

describe("neighbour kernel helpers", () => {
  it("bridgeView maps NUD states the way bridge(8) prints them", () => {
    const base: Neighbour = { family: "bridge", ifindex: 2, state: ["noarp"], flags: ["self"], type: 0, proxy: false, lladdr: ll(1) };
    expect(bridgeView(base, {}).state).toBe("static");
    expect(bridgeView({ ...base, state: ["noarp", "permanent"] }, {}).state).toBe("permanent");
    expect(bridgeView({ ...base, state: ["reachable"] }, {}).state).toBe("");
  });
});
