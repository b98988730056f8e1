/**
 * The rule API against the real kernel, each test in its own throwaway
 * namespace (which starts with the default rules: local, main, default).
 * What we read back must equal what `ip -j -n NS rule show` reports.
 */
import { expect, it } from "vitest";
import { RuleApi, specOf, type Rule } from "../../lib/rtnl/rule/api.ts";
import { inTempNetns, refusal } from "../helpers/kernel-env.ts";
import { describeKernel } from "../helpers/netns.ts";
import { expectSameAsIp } from "./ip-json.ts";

interface Env {
  api: RuleApi;
  ip(...args: string[]): string;
  ipj(...args: string[]): unknown;
}

function inNetns(fn: (env: Env) => void): Promise<void> {
  return inTempNetns(({ conn, ip, ipj }) => fn({ api: new RuleApi(conn), ip, ipj }));
}

const prios = (l: Rule[]) => l.map((r) => r.priority);
const DEFAULT_V4 = [0, 32766, 32767];
const DEFAULT_V6 = [0, 32766];

describeKernel("rule API against the kernel", () => {
  it("a fresh namespace lists the default rules of both families, as ip does", () =>
    inNetns(({ api, ipj }) => {
      expectSameAsIp(api.list(4), ipj("rule", "show"));
      expectSameAsIp(api.list(6), ipj("-6", "rule", "show"));
      expect(prios(api.list(4))).toEqual(DEFAULT_V4);
      expect(api.list().map((r) => r.family)).toEqual(["inet", "inet", "inet", "inet6", "inet6"]);
      expect(api.list(4)[0]).toMatchObject({ table: "local", action: "table", protocol: "kernel" });
    }));

  it("adds IPv4 rules with every selector; read-back equals ip", () =>
    inNetns(({ api, ipj }) => {
      const t = { table: 100 };
      api.add({ ...t, priority: 1000, from: "192.0.2.0/24" });
      api.add({ ...t, priority: 1001, to: "198.51.100.0/25", tos: 0x08 });
      api.add({ ...t, priority: 1002, not: true, from: "203.0.113.0/24" });
      api.add({ ...t, priority: 1003, dscp: 46 });
      api.add({ ...t, priority: 1004, fwmark: 0x10, fwmask: 0xff });
      api.add({ ...t, priority: 1005, iif: "lo", oif: "lo" });
      api.add({ ...t, priority: 1006, uidRange: { start: 1000, end: 1999 } });
      api.add({ ...t, priority: 1007, ipProto: "tcp", sport: 80, dport: { start: 8000, end: 8080 } });
      api.add({ ...t, priority: 1008, flow: 5 });
      api.add({ ...t, priority: 1009, tunId: 99n });
      api.add({ ...t, priority: 1010, protocol: "static" });
      api.add({ table: "main", priority: 1011, suppressPrefixlen: 0 });
      api.add({ table: "main", priority: 1012, suppressIfgroup: 3 });
      api.add({ priority: 1013, l3mdev: true });
      const ours = api.list(4);
      expectSameAsIp(ours, ipj("rule", "show"));
      const by = Object.fromEntries(ours.map((r) => [r.priority, r]));
      expect(by[1002]).toMatchObject({ not: true, flags: ["invert"], from: "203.0.113.0/24" });
      expect(by[1003]).toMatchObject({ dscp: 46 });
      expect(by[1007]).toMatchObject({ ipProto: "tcp", sport: { start: 80, end: 80 }, dport: { start: 8000, end: 8080 } });
      expect(by[1013]).toMatchObject({ l3mdev: true, action: "table" });
      expect(by[1013]!.table).toBeUndefined();
    }));

  it("adds rules with every action, IPv4 and IPv6; goto to a missing priority is unresolved until it exists", () =>
    inNetns(({ api, ipj }) => {
      api.add({ priority: 2000, from: "192.0.2.1/32", table: 100 });
      api.add({ priority: 2001, from: "192.0.2.2/32", table: 1000 });
      api.add({ priority: 2002, from: "192.0.2.3/32" });
      api.add({ priority: 2003, from: "192.0.2.4/32", goto: 2010 });
      api.add({ priority: 2004, action: "nop" });
      api.add({ priority: 2005, to: "198.51.100.1/32", action: "blackhole" });
      api.add({ priority: 2006, to: "198.51.100.2/32", action: "unreachable" });
      api.add({ priority: 2007, to: "198.51.100.3/32", action: "prohibit" });
      api.add({ priority: 3000, from: "2001:db8::/32", table: 200 });
      api.add({ family: 6, priority: 3001, fwmark: 1, ipProto: "udp", dport: 53, table: 1000 });
      api.add({ family: 6, priority: 3002, flowlabel: 0xabcde, table: 200 });
      api.add({ priority: 3003, to: "2001:db8:1::/48", action: "unreachable" });
      api.add({ family: 6, priority: 3004, goto: 3005 });
      api.add({ family: 6, priority: 3005, action: "prohibit" });
      expect(api.list(4).find((r) => r.priority === 2003)!.flags).toEqual(["unresolved"]);
      api.add({ priority: 2010, action: "nop" });
      expect(api.list(4).find((r) => r.priority === 2003)!.flags).toEqual([]);
      expectSameAsIp(api.list(4), ipj("rule", "show"));
      expectSameAsIp(api.list(6), ipj("-6", "rule", "show"));
      const v4 = Object.fromEntries(api.list(4).map((r) => [r.priority, r]));
      expect([2000, 2001, 2002].map((p) => v4[p]!.table)).toEqual([100, 1000, "main"]);
      expect([2003, 2004, 2005, 2006, 2007].map((p) => v4[p]!.action)).toEqual(["goto", "nop", "blackhole", "unreachable", "prohibit"]);
      expect(api.list(6).find((r) => r.priority === 3002)).toMatchObject({ flowlabel: 0xabcde, flowlabelMask: 0xfffff });
    }));

  it("deletes by spec and by listed rule until only the defaults are left; ENOENT for a rule that is gone", () =>
    inNetns(({ api, ipj }) => {
      api.add({ priority: 100, table: 5 });
      api.add({ priority: 101, from: "192.0.2.0/24", table: 100 });
      api.add({ priority: 102, fwmark: 3, iif: "lo", not: true, ipProto: "tcp", dport: { start: 1, end: 1023 }, table: 7 });
      api.add({ priority: 103, uidRange: { start: 5, end: 6 }, dscp: 10, action: "blackhole" });
      api.add({ priority: 104, from: "2001:db8::/32", action: "prohibit" });
      api.add({ family: 6, priority: 105, oif: "lo", suppressPrefixlen: 48, table: "main" });
      api.add({ priority: 106, tunId: 7n, table: 9 });
      api.delete({ priority: 100 });
      api.delete({ from: "192.0.2.0/24", table: 100 });
      expect(refusal(() => api.delete({ from: "192.0.2.0/24", table: 100 })).code).toBe("ENOENT");
      for (const r of api.list().filter((x) => x.priority > 0 && x.priority < 1000)) api.delete(specOf(r));
      expect(prios(api.list(4))).toEqual(DEFAULT_V4);
      expect(prios(api.list(6))).toEqual(DEFAULT_V6);
      expectSameAsIp(api.list(4), ipj("rule", "show"));
      expectSameAsIp(api.list(6), ipj("-6", "rule", "show"));
    }));

  it("a rule on an interface that does not exist is flagged detached, and attached once it does", () =>
    inNetns(({ api, ip, ipj }) => {
      api.add({ priority: 10, iif: "dx0", table: 10 });
      api.add({ priority: 11, oif: "dx1", table: 10 });
      expect(api.list(4).filter((r) => r.priority === 10 || r.priority === 11).map((r) => r.flags)).toEqual([["iif_detached"], ["oif_detached"]]);
      ip("link", "add", "dx0", "type", "veth", "peer", "name", "dx1");
      expect(api.list(4).filter((r) => r.priority === 10 || r.priority === 11).map((r) => r.flags)).toEqual([[], []]);
      expectSameAsIp(api.list(4), ipj("rule", "show"));
    }));

  it("the kernel refuses a duplicate rule and a backward goto, with its own words", () =>
    inNetns(({ api }) => {
      api.add({ priority: 500, from: "192.0.2.0/24", table: 100 });
      expect(refusal(() => api.add({ priority: 500, from: "192.0.2.0/24", table: 100 })).code).toBe("EEXIST");
      const e = refusal(() => api.add({ goto: 1 }));
      expect(e.code).toBe("EINVAL");
      expect(e.extack.msg).toBe("Backward goto not supported");
      expect(refusal(() => api.delete({ priority: 4242 })).code).toBe("ENOENT");
    }));
});
