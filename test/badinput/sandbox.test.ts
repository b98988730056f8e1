/**
 * Bad input to the sandbox manager (lib/sandbox): SandboxManager options
 * and methods, and every Sandbox method that takes input. Each must throw
 * a TypeError/RangeError naming the field before any system call (libc
 * trapped, harness.ts) and before anything reaches the system layer or
 * netlink: the sandbox runs over the recording fakes of fixtures/sandbox,
 * whose call logs must not grow. No root needed.
 */
import { describe, expect, it } from "vitest";
import type { NetlinkConnection } from "../../lib/conn/connection.ts";
import { SandboxManager } from "../../lib/sandbox/manager.ts";
import { FakeNetlink } from "../../fixtures/sandbox/fake-netlink.ts";
import { FakeOs } from "../../fixtures/sandbox/fake-os.ts";
import { expectBadInput, type Case } from "./harness.ts";

/* eslint-disable @typescript-eslint/no-explicit-any */
const bad = (v: unknown) => v as any;
const BASE = "/run/bnl-fake/badinput";

const os = new FakeOs({ netlink: (path) => ({ path }) as unknown as NetlinkConnection });
const nls: FakeNetlink[] = [];
const mgr = new SandboxManager({
  basePath: BASE,
  hostNetns: "/proc/self/ns/net",
  os,
  netlink: (conn) => {
    const nl = new FakeNetlink((conn as unknown as { path: string }).path);
    nls.push(nl);
    return nl;
  },
});
const sb = mgr.create("sb1");
const MAC = "02:42:c0:00:02:0a";

/** Like `cases`, also asserting that neither the fake system layer nor fake netlink saw a call. */
function sandboxCases(rows: Case[]): void {
  it.each(rows.map((r) => ({ name: r[0], call: r[1], field: r[2] })))("$name -> names $field", async ({ call, field }) => {
    const osCalls = os.calls.length;
    const nlCalls = nls.map((n) => n.calls.length);
    await expectBadInput(call, field);
    expect(os.calls.slice(osCalls)).toEqual([]);
    expect(nls.map((n, i) => n.calls.slice(nlCalls[i] ?? 0))).toEqual(nls.map(() => []));
  });
}

describe("bad input: SandboxManager", () => {
  sandboxCases([
    ["options: basePath relative", () => new SandboxManager({ os, basePath: "relative" }), "basePath"],
    ["options: basePath with ..", () => new SandboxManager({ os, basePath: "/a/../b" }), "basePath"],
    ["options: hostNetns relative", () => new SandboxManager({ os, hostNetns: "x" }), "hostNetns"],
    ["options: gcPeriodMs 0", () => new SandboxManager({ os, gcPeriodMs: 0 }), "gcPeriodMs"],
    ["options: netlinkTimeoutMs negative", () => new SandboxManager({ os, netlinkTimeoutMs: -1 }), "netlinkTimeoutMs"],
    ["options: logger.warn not a function", () => new SandboxManager({ os, logger: bad({ warn: 5 }) }), "logger.warn"],
    ["options: netlink not a function", () => new SandboxManager({ os, netlink: bad(3) }), "netlink"],
    ["options: unknown option", () => new SandboxManager(bad({ os, colour: "blue" })), "colour"],
    ["generateKey: not a string", () => mgr.generateKey(bad(5)), "containerId"],
    ["keyPath: path-like", () => mgr.keyPath("a/b"), "key"],
    ["keyPath: '..'", () => mgr.keyPath(".."), "key"],
    ["keyPath: empty", () => mgr.keyPath(""), "key"],
    ["create: path-like key", () => mgr.create("a/b"), "key"],
    ["create: key with a NUL", () => mgr.create("a\0b"), "key"],
    ["create: osCreate not a boolean", () => mgr.create("k2", { osCreate: bad("y") }), "osCreate"],
    ["create: restore not a boolean", () => mgr.create("k2", { restore: bad(1) }), "restore"],
    ["create: unknown option", () => mgr.create("k2", bad({ colour: 1 })), "colour"],
    ["forExternalKey: empty source", () => mgr.forExternalKey("", "k3"), "sourcePath"],
    ["forExternalKey: path-like key", () => mgr.forExternalKey("/proc/1/ns/net", "a/b"), "key"],
  ]);
});

describe("bad input: Sandbox", () => {
  sandboxCases([
    ["addInterface: empty srcName", () => sb.addInterface("", "eth"), "srcName"],
    ["addInterface: over-long srcName", () => sb.addInterface("x".repeat(16), "eth"), "srcName"],
    ["addInterface: path-like dstPrefix", () => sb.addInterface("veth0", "a/b"), "dstPrefix"],
    ["addInterface: mac malformed", () => sb.addInterface("veth0", "eth", { mac: "zz" }), "mac"],
    ["addInterface: address malformed", () => sb.addInterface("veth0", "eth", { address: "x" }), "address"],
    ["addInterface: IPv6 in address", () => sb.addInterface("veth0", "eth", { address: "2001:db8::1/64" }), "address"],
    ["addInterface: IPv4 in addressIPv6", () => sb.addInterface("veth0", "eth", { addressIPv6: "192.0.2.1/24" }), "addressIPv6"],
    ["addInterface: link-local malformed", () => sb.addInterface("veth0", "eth", { linkLocalAddresses: ["x"] }), "linkLocalAddresses"],
    ["addInterface: route malformed", () => sb.addInterface("veth0", "eth", { routes: ["198.51.100.0/33"] }), "routes"],
    ["addInterface: sysctl malformed", () => sb.addInterface("veth0", "eth", { sysctls: ["bogus"] }), "sysctls"],
    ["addInterface: master not a string", () => sb.addInterface("veth0", "eth", { master: bad(5) }), "master"],
    ["addInterface: bridge not a boolean", () => sb.addInterface("br0", "br", { bridge: bad("y") }), "bridge"],
    ["addInterface: unknown option", () => sb.addInterface("veth0", "eth", bad({ colour: 1 })), "colour"],
    ["removeInterface: not a name", () => sb.removeInterface(bad(5)), "iface"],
    ["statistics: not a name", () => sb.statistics(bad(5)), "iface"],
    ["addAliasIP: empty link", () => sb.addAliasIP("", "192.0.2.1/24"), "ifName"],
    ["addAliasIP: malformed address", () => sb.addAliasIP("veth0", "192.0.2.1/40"), "cidr"],
    ["removeAliasIP: malformed address", () => sb.removeAliasIP("veth0", "x"), "cidr"],
    ["setGateway: malformed", () => sb.setGateway("x"), "gw"],
    ["setGateway: not a string", () => sb.setGateway(bad(5)), "gw"],
    ["addStaticRoute: destination malformed", () => sb.addStaticRoute({ destination: "x", nextHop: "192.0.2.1" }), "destination"],
    ["addStaticRoute: nextHop malformed", () => sb.addStaticRoute({ destination: "198.51.100.0/24", nextHop: "x" }), "nextHop"],
    ["addStaticRoute: nextHop of the other family", () => sb.addStaticRoute({ destination: "198.51.100.0/24", nextHop: "2001:db8::1" }), "nextHop"],
    ["addStaticRoute: not an object", () => sb.addStaticRoute(bad(null)), "route"],
    ["removeStaticRoute: destination malformed", () => sb.removeStaticRoute({ destination: "x", nextHop: "192.0.2.1" }), "destination"],
    ["addNeighbour: ip malformed", () => sb.addNeighbour("x", MAC), "ip"],
    ["addNeighbour: mac malformed", () => sb.addNeighbour("192.0.2.9", "zz"), "mac"],
    ["addNeighbour: family unknown", () => sb.addNeighbour("192.0.2.9", MAC, { family: bad("x") }), "family"],
    ["addNeighbour: linkName not a string", () => sb.addNeighbour("192.0.2.9", MAC, { linkName: bad(5) }), "linkName"],
    ["addNeighbour: force not a boolean", () => sb.addNeighbour("192.0.2.9", MAC, { force: bad("y") }), "force"],
    ["deleteNeighbour: ip malformed", () => sb.deleteNeighbour("x", MAC), "ip"],
    ["applyOsTweaks: unknown type", () => sb.applyOsTweaks(bad(["sideways"])), "types"],
    ["applyOsTweaks: not an array", () => sb.applyOsTweaks(bad("ingress")), "types"],
    ["restore: interface srcName empty", () => sb.restore([{ srcName: "", dstPrefix: "eth" }]), "srcName"],
    ["restore: route destination malformed", () => sb.restore([], [{ destination: "x", nextHop: "192.0.2.1" }]), "destination"],
    ["restore: gateway malformed", () => sb.restore([], [], "x"), "gw"],
    ["restore: IPv6 gateway malformed", () => sb.restore([], [], undefined, "x"), "gw6"],
  ]);
});
