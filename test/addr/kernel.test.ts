/**
 * The address API against the real kernel, each test in its own throwaway
 * namespace holding a veth pair v0/v1 (left down, so IPv6 DAD never runs and
 * flags stay put while we compare). What we read back must equal what
 * `ip -j -n NS addr show` reports for the same addresses.
 */
import { describe, expect, it } from "vitest";
import { AddressApi, type Address } from "../../lib/rtnl/address/api.ts";
import { inTempNetns, linkTable, refusal, VETH } from "../helpers/kernel-env.ts";
import { describeKernel } from "../helpers/netns.ts";
import { expectSameAsIp } from "./ip-json.ts";

interface Env {
  api: AddressApi;
  ip(...args: string[]): string;
  ipj(...args: string[]): unknown;
  index: Record<string, number>;
}

function inNetns(fn: (env: Env) => void): Promise<void> {
  return inTempNetns(({ conn, ip, ipj }) => fn({ api: new AddressApi(conn), ip, ipj, index: linkTable(ip).index }), { setup: [VETH] });
}

const locals = (l: Address[]): string[] => l.map((a) => `${a.local}/${a.prefixlen}`).sort();

describeKernel("address API against the kernel", () => {
  it("adds IPv4 addresses with broadcast, labels, metric, scope and a secondary; read-back equals ip", () =>
    inNetns(({ api, ipj, index }) => {
      api.add("v0", "192.0.2.1/24", { broadcast: "+", label: "v0:main" });
      api.add("v0", "192.0.2.2/24", { label: "v0:sec", metric: 10 });
      api.add(index.v0!, "203.0.113.3/24", { broadcast: "203.0.113.127", scope: "link", label: "v0:l" });
      api.add("v0", "127.0.0.5/8");
      api.add("v0", "198.51.100.1", { peer: "198.51.100.2/32", protocol: "kernel_ll" });
      const ours = api.list({ link: "v0" });
      expectSameAsIp(ours, ipj("addr", "show", "dev", "v0"));
      const byLocal = Object.fromEntries(ours.map((a) => [a.local, a]));
      expect(byLocal["192.0.2.1"]).toMatchObject({ broadcast: "192.0.2.255", label: "v0:main", scope: "global", flags: ["permanent"] });
      expect(byLocal["192.0.2.2"]).toMatchObject({ flags: ["secondary", "permanent"], metric: 10 });
      expect(byLocal["127.0.0.5"]!.scope).toBe("host");
      expect(byLocal["198.51.100.1"]).toMatchObject({ peer: "198.51.100.2", prefixlen: 32, protocol: "kernel_ll" });
    }));

  it("adds IPv6 addresses with flags and lifetimes; read-back equals ip", () =>
    inNetns(({ api, ipj }) => {
      api.add("v0", "2001:db8::1/64", { flags: ["nodad", "noprefixroute"], validLft: 3600, preferredLft: 1800 });
      api.add("v0", "2001:db8:1::1/64", { flags: ["mngtmpaddr", "nodad"] });
      api.add("v0", "2001:db8:2::1/64", { validLft: 600 });
      api.add("v0", "2001:db8:3::1/64", { preferredLft: 0, metric: 256, flags: ["nodad"] });
      api.add("v0", "2001:db8:4::1", { peer: "2001:db8:4::2/128", flags: ["nodad", "home"] });
      const ours = api.list({ link: "v0", family: 6 });
      expectSameAsIp(ours, ipj("-6", "addr", "show", "dev", "v0"));
      const a = Object.fromEntries(ours.map((x) => [x.local, x]));
      expect(a["2001:db8::1"]!.flags).toEqual(["nodad", "noprefixroute"]);
      expect(a["2001:db8::1"]!.validLft as number).toBeGreaterThan(3595);
      expect(a["2001:db8::1"]!.preferredLft as number).toBeLessThanOrEqual(1800);
      expect(a["2001:db8:1::1"]!.flags).toEqual(["nodad", "permanent", "mngtmpaddr"]);
      expect(a["2001:db8:2::1"]).toMatchObject({ flags: ["tentative"], validLft: expect.any(Number), preferredLft: expect.any(Number) });
      expect(a["2001:db8:3::1"]).toMatchObject({ flags: ["nodad", "deprecated", "permanent"], preferredLft: 0, validLft: "forever", metric: 256 });
      expect(a["2001:db8:4::1"]).toMatchObject({ peer: "2001:db8:4::2", prefixlen: 128, flags: ["nodad", "home", "permanent"] });
    }));

  it("replace updates flags, lifetimes and metric in place and creates a missing address", () =>
    inNetns(({ api, ipj }) => {
      api.add("v0", "2001:db8::1/64", { flags: ["nodad", "noprefixroute"], validLft: 300, preferredLft: 100 });
      api.add("v0", "192.0.2.1/24", { validLft: 50 });
      api.replace("v0", "2001:db8::1/64", { flags: ["nodad"], validLft: 9000, preferredLft: 8000 });
      api.replace("v0", "192.0.2.1/24", { metric: 7 });
      api.replace("v0", "198.51.100.9/24");
      const ours = api.list({ link: "v0" });
      expectSameAsIp(ours, ipj("addr", "show", "dev", "v0"));
      const a = Object.fromEntries(ours.map((x) => [x.local, x]));
      expect(a["2001:db8::1"]!.flags).toEqual(["nodad"]);
      expect(a["2001:db8::1"]!.validLft as number).toBeGreaterThan(8990);
      expect(a["192.0.2.1"]).toMatchObject({ metric: 7, validLft: "forever", flags: ["permanent"] });
      expect(a["198.51.100.9"]).toBeDefined();
      const dup = refusal(() => api.add("v0", "198.51.100.9/24"));
      expect(dup.code).toBe("EEXIST");
      expect(dup.extack.msg).toBe("ipv4: Address already assigned");
    }));

  it("deletes by exact prefix, IPv4 wildcard and IPv6; missing addresses are EADDRNOTAVAIL", () =>
    inNetns(({ api, ipj }) => {
      api.add("v0", "192.0.2.1/24");
      api.add("v0", "198.51.100.1/25");
      api.add("v0", "203.0.113.1/24");
      api.add("v0", "2001:db8::1/64", { flags: ["nodad"] });
      api.add("v0", "2001:db8::2/64", { flags: ["nodad"] });
      api.delete("v0", "192.0.2.1/24");
      api.delete("v0", "198.51.100.1");
      api.delete("v0", "2001:db8::1/64");
      expect(refusal(() => api.delete("v0", "192.0.2.1/24")).code).toBe("EADDRNOTAVAIL");
      expect(refusal(() => api.delete("v0", "203.0.113.1/25")).code).toBe("EADDRNOTAVAIL");
      expect(refusal(() => api.delete("v0", "2001:db8::2")).code).toBe("EADDRNOTAVAIL"); // /128 does not match /64
      const ours = api.list({ link: "v0" });
      expect(locals(ours)).toEqual(["2001:db8::2/64", "203.0.113.1/24"]);
      expectSameAsIp(ours, ipj("addr", "show", "dev", "v0"));
    }));

  it("flushes per link and per family, secondaries included, and counts what it removed", () =>
    inNetns(({ api, ipj }) => {
      for (const c of ["192.0.2.1/24", "192.0.2.2/24", "192.0.2.3/24", "198.51.100.1/24"]) api.add("v0", c);
      api.add("v0", "2001:db8::1/64", { flags: ["nodad"] });
      api.add("v1", "203.0.113.1/24");
      api.add("v1", "2001:db8:1::1/64", { flags: ["nodad"] });
      api.add("v1", "2001:db8:2::1/64", { flags: ["nodad"] });
      expect(api.flush({ link: "v0", family: 4 })).toBe(4);
      expect(locals(api.list({ link: "v0" }))).toEqual(["2001:db8::1/64"]);
      expect(api.flush({ family: 6 })).toBe(3);
      expect(api.flush({ link: "v0" })).toBe(0);
      const all = api.list();
      expect(locals(all)).toEqual(["203.0.113.1/24"]);
      expectSameAsIp(all, ipj("addr", "show"), { anyOrder: true });
    }));

  it("flushes by scope only the addresses of that scope", () =>
    inNetns(({ api }) => {
      api.add("v0", "192.0.2.1/24", { scope: "link" });
      api.add("v0", "192.0.2.2/24", { scope: "link" });
      api.add("v1", "198.51.100.1/24");
      expect(api.flush({ scope: "link" })).toBe(2);
      expect(locals(api.list())).toEqual(["198.51.100.1/24"]);
    }));

  it("filters by link and family in the kernel, by scope and label here; each equals ip's filtered view", () =>
    inNetns(({ api, ipj, index }) => {
      api.add("v0", "192.0.2.1/24", { label: "v0:a" });
      api.add("v0", "203.0.113.2/24", { label: "v0:b", scope: "link" });
      api.add("v1", "198.51.100.1/24", { scope: "host" });
      api.add("v0", "2001:db8::1/64", { flags: ["nodad"] });
      api.add("v1", "2001:db8:1::1/64", { flags: ["nodad"] });
      expectSameAsIp(api.list(), ipj("addr", "show"), { anyOrder: true });
      expectSameAsIp(api.list({ link: "v1" }), ipj("addr", "show", "dev", "v1"));
      expectSameAsIp(api.list({ link: index.v1! }), ipj("addr", "show", "dev", "v1"));
      expectSameAsIp(api.list({ family: 4 }), ipj("-4", "addr", "show"), { anyOrder: true });
      expectSameAsIp(api.list({ family: "inet6", link: "v0" }), ipj("-6", "addr", "show", "dev", "v0"));
      expectSameAsIp(api.list({ scope: "link" }), ipj("addr", "show", "scope", "link"), { anyOrder: true });
      expectSameAsIp(api.list({ scope: "host" }), ipj("addr", "show", "scope", "host"), { anyOrder: true });
      expectSameAsIp(api.list({ label: "v0:*" }), ipj("addr", "show", "label", "v0:*"), { anyOrder: true });
      expectSameAsIp(api.list({ label: "v0:b" }), ipj("addr", "show", "label", "v0:b"), { anyOrder: true });
      // libc's fnmatch(3), as ip calls it: classes, negation, escapes, an unterminated [ as a literal.
      for (const p of ["v0:[ab]", "v0:[!a]", "v?:[[:alpha:]]", "v0:\\b", "v0:[a", "*[]b]", "v0:[b-a]"]) {
        expectSameAsIp(api.list({ label: p }), ipj("addr", "show", "label", p), { anyOrder: true });
      }
      expect(api.list({ label: "v0:[ab]" }).map((a) => a.label)).toEqual(expect.arrayContaining(["v0:a", "v0:b"]));
      expect(api.conn.strictCheck).toBe(true);
    }));

  it("filters by link and family in user space when the socket has no strict checking", () =>
    inTempNetns(({ conn }) => {
      const api = new AddressApi(conn);
      expect(conn.strictCheck).toBe(false);
      api.add("v0", "192.0.2.1/24");
      api.add("v1", "198.51.100.1/24");
      api.add("v1", "2001:db8::1/64", { flags: ["nodad"] });
      expect(locals(api.list({ link: "v1" }))).toEqual(["198.51.100.1/24", "2001:db8::1/64"]);
      expect(locals(api.list({ link: "v1", family: 6 }))).toEqual(["2001:db8::1/64"]);
      expect(api.flush({ link: "v1" })).toBe(2);
      expect(locals(api.list())).toEqual(["192.0.2.1/24"]);
    }, { setup: [VETH], strictCheck: false }));

  it("surfaces kernel refusals as NetlinkError with the extended ACK", () =>
    inNetns(({ api }) => {
      api.add("v0", "192.0.2.1/24");
      const scope = refusal(() => api.add("v0", "192.0.2.4/24", { scope: "link" }));
      expect([scope.code, scope.extack.msg]).toEqual(["EINVAL", "ipv4: Invalid scope value"]);
      const nodev = refusal(() => api.add("nosuchlink", "192.0.2.9/24"));
      expect(nodev.code).toBe("ENODEV");
      const noindex = refusal(() => api.list({ link: 999 }));
      expect(noindex.code).toBe("ENODEV");
    }));
});

describe("kernel test helpers", () => {
  it("locals sorts address/prefix pairs", () => {
    expect(locals([{ local: "b", prefixlen: 1 } as Address, { local: "a", prefixlen: 2 } as Address])).toEqual(["a/2", "b/1"]);
  });
});
