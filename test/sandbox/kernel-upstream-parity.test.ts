// Behaviours where the sandbox manager now matches libnetwork's osl (moby issue 13 defects), against the
// kernel (root): a base path through a symlink works for every create; keys anywhere (osl's tests use /tmp);
// sandboxes outlive their manager's close; osl's error wording naming the source interface; 12-byte
// GenerateKey truncation; a static route's host bits handed to the kernel. Each test failed before the fix.
// A throwaway host namespace gives the links; the root namespace is unchanged at the end.
import { afterAll, beforeAll, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, rmdirSync, symlinkSync, unlinkSync } from "node:fs";
import { SandboxManager } from "../../lib/sandbox/manager.ts";
import { MemoryLogger } from "../../lib/sandbox/logger.ts";
import { NetlinkError } from "../../lib/conn/errors.ts";
import { netnsIdOfPath } from "../../lib/netns/handle.ts";
import { unmountNetnsAt } from "../../lib/netns/attach.ts";
import { currentNetnsId } from "../../lib/netns/handle.ts";
import { describeKernel, ROOT_NETNS_ID, tempNetns, type TempNetns } from "../helpers/netns.ts";
import { inNs, ipj, mountsUnder, removeBase, rootSnapshot } from "./kernel-helpers.ts";

describeKernel("sandbox manager: osl parity (kernel)", () => {
  const tag = `${process.pid}-${randomBytes(3).toString("hex")}`;
  const base = `/run/bnltest-parity-${tag}`;
  let root0: unknown;
  let host: TempNetns;
  let mgr: SandboxManager;
  const log = new MemoryLogger();
  const hostHas = (name: string): boolean => Bun.spawnSync(["nsenter", `--net=${host.path}`, "ip", "link", "show", name]).exitCode === 0;
  const veth = (h: string, c: string): void => {
    inNs(host.path, "ip", "link", "add", h, "type", "veth", "peer", "name", c);
  };

  beforeAll(() => {
    root0 = rootSnapshot();
    host = tempNetns();
    mgr = new SandboxManager({ basePath: base, hostNetns: host.path, logger: log });
  });

  afterAll(() => {
    mgr?.close();
    removeBase(base);
    host?.remove();
  });

  it("a base path through a symlinked directory (osl's /var/run/docker/netns with /var/run -> /run) works for every create", async () => {
    const real = `/run/bnltest-parity-real-${tag}`;
    const link = `/run/bnltest-parity-link-${tag}`;
    mkdirSync(real);
    symlinkSync(real, link);
    const m = new SandboxManager({ basePath: `${link}/netns`, hostNetns: host.path });
    try {
      const a = m.create("a");
      const b = m.create("b"); // refused before: "goes through a symlink"
      const c = m.create(m.generateKey("0123456789abcdef"));
      expect(c.key).toBe(`${link}/netns/0123456789ab`);
      const ids = [a, b, c].map((s) => netnsIdOfPath(s.key));
      expect(new Set(ids).size).toBe(3);
      expect(ipj(b.key, "link", "show", "lo")[0].flags).toContain("UP");
      for (const s of [a, b, c]) s.destroy();
      await m.gc();
      expect(readdirSync(`${real}/netns`)).toEqual([]);
    } finally {
      m.close();
      removeBase(`${real}/netns`);
      unlinkSync(link);
      rmdirSync(real);
    }
  });

  it("a key anywhere is used as given, as osl's own tests do with /tmp (validated, not confined to the base path)", async () => {
    const key = `/tmp/bnltest-netns-${tag}`;
    try {
      const sb = mgr.create(key); // refused before: "outside the base path"
      expect(sb.key).toBe(key);
      expect(mountsUnder(key)).toEqual([key]);
      expect(netnsIdOfPath(key)).not.toBe(ROOT_NETNS_ID);
      expect(ipj(key, "link", "show", "lo")[0].flags).toContain("UP");
      sb.destroy();
      await mgr.gc();
      expect(existsSync(key)).toBe(false);
      expect(() => mgr.create("tmp/relative")).toThrow(TypeError);
      expect(() => mgr.create("/tmp/../run/x")).toThrow(/"\." or "\.\."/);
    } finally {
      if (existsSync(key)) {
        unmountNetnsAt(key);
        unlinkSync(key);
      }
    }
  });

  it("a sandbox stays usable after its manager closes; its destroy then removes the key at once", () => {
    const m = new SandboxManager({ basePath: base, hostNetns: host.path });
    const sb = m.create("outlive");
    m.close();
    veth("ho0", "co0");
    const i = sb.addInterface("co0", "eth", { address: "192.0.2.10/24" }); // failed before: "sandbox manager is closed"
    expect(i.dstName).toBe("eth0");
    expect(hostHas("co0")).toBe(false);
    sb.addStaticRoute({ destination: "198.51.100.0/24", nextHop: "192.0.2.1" });
    expect(ipj(sb.key, "route", "show", "198.51.100.0/24")).toEqual([expect.objectContaining({ gateway: "192.0.2.1", dev: "eth0" })]);
    sb.removeInterface(i);
    expect(hostHas("co0")).toBe(true);
    sb.destroy();
    expect(existsSync(`${base}/outlive`)).toBe(false); // stayed on a dead garbage list before
    expect(() => m.create("again")).toThrow(/closed/);
    inNs(host.path, "ip", "link", "del", "ho0");
  });

  it("errors use osl's wording and name the interface by its source name; the link returns to the host", () => {
    const sb = mgr.create("words");
    try {
      veth("hw0", "cw0");
      sb.addInterface("cw0", "eth", { address: "192.0.2.10/24" });
      veth("hw1", "cw1");
      // osl: fmt.Sprintf("error setting interface %q IP to %v", ifaceName, ...) with the name before the rename
      expect(() => sb.addInterface("cw1", "eth", { address: "192.0.2.11/24" })).toThrow(
        /^error setting interface "cw1" IP to 192\.0\.2\.11\/24: cannot program address 192\.0\.2\.11\/24 in sandbox interface because it conflicts with existing route \{Ifindex: \d+ Dst: 192\.0\.2\.0\/24 /,
      );
      expect(hostHas("cw1")).toBe(true);
      // a multicast MAC: the kernel refuses it (EADDRNOTAVAIL); osl formats the MAC with %q
      expect(() => sb.addInterface("cw1", "eth", { mac: "01:00:5e:00:00:01" })).toThrow(/^error setting interface "cw1" MAC to "01:00:5e:00:00:01": /);
      expect(hostHas("cw1")).toBe(true);
      expect(() => sb.addInterface("nosuch0", "eth")).toThrow(/^failed to get link by name "nosuch0": /);
      expect(() => sb.addInterface("lo", "br", { bridge: true })).toThrow(/^failed to create bridge "lo": /);
      expect(() => sb.addStaticRoute({ destination: "203.0.113.0/24", nextHop: "198.18.0.1" })).toThrow(/^route for the next hop 198\.18\.0\.1 could not be found: /);
      expect(() => sb.removeStaticRoute({ destination: "203.0.113.0/24", nextHop: "198.18.0.1" })).toThrow(/^route for the next hop could not be found: /);
      expect(log.messages("error")).toEqual([]);
    } finally {
      sb.destroy();
      inNs(host.path, "ip", "link", "del", "hw1");
    }
  });

  it("GenerateKey keeps 12 bytes of the id as Go's containerID[:12] does, not 12 UTF-16 units", async () => {
    const key = mgr.generateKey("ééééééé"); // 14 bytes: Go keeps "éééééé"
    expect(key).toBe(`${base}/éééééé`);
    const sb = mgr.create(key);
    expect(readdirSync(base)).toContain("éééééé");
    expect(Buffer.byteLength(sb.key.slice(base.length + 1))).toBe(12);
    sb.destroy();
    await mgr.gc();
  });

  it("static and interface routes with host bits go to the kernel as given: IPv4 refuses them, IPv6 clears them", () => {
    const sb = mgr.create("hostbits");
    try {
      veth("hh0", "ch0");
      sb.addInterface("ch0", "eth", { address: "192.0.2.10/24", addressIPv6: "2001:db8::10/64" });
      let err: unknown;
      try {
        sb.addStaticRoute({ destination: "198.51.100.1/24", nextHop: "192.0.2.1" }); // was masked to 198.51.100.0/24 silently
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(NetlinkError);
      expect((err as NetlinkError).code).toBe("EINVAL");
      expect((err as Error).message).toMatch(/Invalid prefix for given prefix length/);
      expect(ipj(sb.key, "route", "show", "198.51.100.0/24")).toEqual([]);
      expect(sb.staticRoutes()).toEqual([]);

      sb.addStaticRoute({ destination: "2001:db8:5::1/64", nextHop: "2001:db8::1" });
      expect(sb.staticRoutes()).toEqual([{ destination: "2001:db8:5::1/64", nextHop: "2001:db8::1" }]);
      expect(ipj(sb.key, "-6", "route", "show", "2001:db8:5::/64")).toEqual([expect.objectContaining({ dst: "2001:db8:5::/64", gateway: "2001:db8::1", dev: "eth0" })]);
      sb.removeStaticRoute({ destination: "2001:db8:5::1/64", nextHop: "2001:db8::1" });
      expect(ipj(sb.key, "-6", "route", "show", "2001:db8:5::/64")).toEqual([]);

      // an interface's connected routes too (osl setInterfaceRoutes hands them over): IPv4 refused, link rolled back
      veth("hh1", "ch1");
      expect(() => sb.addInterface("ch1", "eth", { routes: ["203.0.113.1/24"] })).toThrow(/^error setting interface "ch1" routes to \["203\.0\.113\.1\/24"\]: .*Invalid prefix for given prefix length/);
      expect(hostHas("ch1")).toBe(true);
      expect(ipj(sb.key, "route", "show", "203.0.113.0/24")).toEqual([]);
      const v6 = sb.addInterface("ch1", "eth", { addressIPv6: "2001:db8:8::10/64", routes: ["2001:db8:7::1/64"] });
      expect(v6.routes).toEqual(["2001:db8:7::1/64"]);
      expect(ipj(sb.key, "-6", "route", "show", "2001:db8:7::/64")).toEqual([expect.objectContaining({ dst: "2001:db8:7::/64", dev: v6.dstName })]);
    } finally {
      sb.destroy();
    }
  });

  it("the root namespace's links, addresses, routes and sysctls are unchanged", () => {
    expect(rootSnapshot()).toEqual(root0);
    expect(currentNetnsId()).toBe(ROOT_NETNS_ID);
  });
});
