// libnetwork's own osl tests, ported to the SandboxManager API. Sources (moby/moby):
//   libnetwork/osl/sandbox_linux_test.go at 1ce347468f32 (the last version with the netns path GC that this
//     manager keeps: GC(), gpmCleanupPeriod), and its TestAddRemoveInterface as in
//     daemon/libnetwork/osl/sandbox_linux_test.go at b985e2313a (index reuse, see below);
//   daemon/libnetwork/osl/interface_linux_test.go at b985e2313a;
//   the GenerateKey and GC behaviours of libnetwork/osl/namespace_linux.go at 1ce347468f32.
// Each test names the upstream test it comes from. Differences, all forced by this machine or the API:
//   - veth stands in for dummy (this kernel has no dummy links);
//   - upstream's addresses outside the documentation ranges are replaced (192.168.1.0/24 -> 192.0.2.0/24,
//     172.30.0.0/24 -> 198.51.100.0/24, fdac:97b4:dbcc::/64 -> 2001:db8:dbcc::/64); 2001:db8::/32 stays;
//   - upstream creates the links in the test process's own (test-context) namespace; here a throwaway
//     namespace is the host namespace the manager moves links from;
//   - keys are files in /tmp as upstream's newKey makes them, named bnltest-netns-<12 hex> so leftovers are
//     recognisable (upstream: /tmp/netns<12 hex>);
//   - upstream's internal helpers (setInterfaceIP/setInterfaceIPv6 on a link inside the sandbox) are
//     reached through addInterface, whose configuration runs the same steps;
//   - the GC period is 300 ms instead of 2 s, to keep the wait short.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { existsSync, unlinkSync, writeFileSync } from "node:fs";
import { SandboxManager } from "../../lib/sandbox/manager.ts";
import type { Sandbox } from "../../lib/sandbox/sandbox.ts";
import { nextIfIndex } from "../../lib/sandbox/interfaces.ts";
import type { SandboxState } from "../../lib/sandbox/state.ts";
import { generateKey } from "../../lib/sandbox/keys.ts";
import { unmountNetnsAt } from "../../lib/netns/attach.ts";
import { FakeOs } from "../../fixtures/sandbox/fake-os.ts";
import { describeKernel, tempNetns, type TempNetns } from "../helpers/netns.ts";
import { inNs, ipj, removeBase, rootSnapshot } from "./kernel-helpers.ts";

const GC_PERIOD_MS = 300;

// interface_linux_test.go TestGenerateIfaceName: the lowest free index among the sandbox's interfaces.
describe("osl TestGenerateIfaceName", () => {
  it.each([
    [["test0", "test1"], "test2"],
    [["test0", "test2"], "test1"],
    [["test2"], "test0"],
    [["test-0", "test-1"], "test0"],
    [[], "test0"],
  ])("names %j -> %s", (names, want) => {
    const st = { ifaces: names.map((dstName) => ({ dstName })) } as unknown as SandboxState;
    expect(`test${nextIfIndex(st, "test")}`).toBe(want);
  });
});

// namespace_linux.go GenerateKey: basePath + "/" + the first 12 bytes; a "-" id picks the existing entry
// ending with its first 11 bytes whose numeric prefix is highest; "" when none, or when a prefix is not a number.
describe("osl GenerateKey", () => {
  const base = "/var/run/docker/netns"; // upstream's default (only a string here: the fake system layer)
  const os = (names: string[]) => {
    const f = new FakeOs({ dirs: [base] });
    for (const n of names) f.files.add(`${base}/${n}`);
    return f;
  };
  it("keeps the first 12 bytes of a container id, or all of a shorter one", () => {
    expect(generateKey(os([]), base, "c3f279d17e0a8c3f279d17e0a8")).toBe(`${base}/c3f279d17e0a`);
    expect(generateKey(os([]), base, "abc")).toBe(`${base}/abc`);
  });
  it("resolves a '-' id from the host's entries (the overlay driver's sandbox keys)", () => {
    const names = ["1-c3f279d17e", "2-c3f279d17e", "10-c3f279d17e", "unrelated"];
    expect(generateKey(os(names), base, "-c3f279d17e0a8c3f")).toBe(`${base}/10-c3f279d17`);
    expect(generateKey(os(["unrelated"]), base, "-c3f279d17e0a8c3f")).toBe("");
    expect(generateKey(os(["x-c3f279d17e"]), base, "-c3f279d17e0a8c3f")).toBe("");
  });
});

describeKernel("osl sandbox_linux_test.go / interface_linux_test.go, ported", () => {
  const tag = `${process.pid}-${randomBytes(3).toString("hex")}`;
  const base = `/run/bnltest-osl-${tag}`;
  let root0: unknown;
  let host: TempNetns;
  let mgr: SandboxManager;
  const keys: string[] = [];
  const hostIp = (...args: string[]): string => inNs(host.path, "ip", ...args);
  const hostHas = (name: string): boolean => Bun.spawnSync(["nsenter", `--net=${host.path}`, "ip", "link", "show", name]).exitCode === 0;
  const linkNames = (sb: Sandbox): string[] => ipj(sb.key, "link", "show").map((l: any) => l.ifname);

  /** newKey: an empty file /tmp/netns<12 hex> (here bnltest-netns-<12 hex>). */
  function newKey(): string {
    const key = `/tmp/bnltest-netns-${randomBytes(6).toString("hex")}`;
    writeFileSync(key, "");
    keys.push(key);
    return key;
  }

  /** newInfo: two veth pairs in the host namespace and the three interfaces upstream adds. */
  function newInfo() {
    hostIp("link", "add", "wierdlongname1", "type", "veth", "peer", "name", "wierdlongname2");
    hostIp("link", "add", "wierdlongname3", "type", "veth", "peer", "name", "wierdlongname4");
    return {
      ifaces: [
        // upstream: 192.168.1.100/24 and fdac:97b4:dbcc::2/64
        { srcName: "wierdlongname2", dstPrefix: "containername", options: { address: "192.0.2.100/24", addressIPv6: "2001:db8:dbcc::2/64" } },
        { srcName: "testbridge", dstPrefix: "containername", options: { bridge: true } },
        // upstream sets master "testbridge" on this one, but its tests do not pass WithMaster
        { srcName: "wierdlongname4", dstPrefix: "containername", options: {} },
      ],
      gw: "192.0.2.1", // upstream: 192.168.1.1
      // upstream: net.ParseIP("fdac:97b4:dbcc::1/64"), which is nil (a prefix is not an IP), so SetGatewayIPv6 is a no-op
      gw6: undefined,
    };
  }

  /** verifySandbox: every containername<suffix> link exists inside the sandbox. */
  function verifySandbox(sb: Sandbox, suffixes: string[]): void {
    const names = linkNames(sb);
    for (const s of suffixes) expect(names, `containername${s} inside the sandbox`).toContain(`containername${s}`);
  }

  /** verifyCleanup: the key file is gone, after twice the GC period when `wait`, else right after gc(). */
  async function verifyCleanup(sb: Sandbox, wait: boolean): Promise<void> {
    if (wait) await new Promise((r) => setTimeout(r, GC_PERIOD_MS * 2));
    expect(existsSync(sb.key), `${sb.key} cleaned up`).toBe(false);
  }

  /**
   * netnsutils.SetupTestOSContext: the links a test made are gone afterwards. A veth whose peer went with a
   * destroyed sandbox disappears when the kernel tears that namespace down, which may be just now: a failed
   * delete of a vanished link is fine.
   */
  afterEach(() => {
    for (const l of ["wierdlongname1", "wierdlongname3", "sideA", "sideB", ...Array.from({ length: 10 }, (_, i) => `veth${i}`)]) {
      Bun.spawnSync(["nsenter", `--net=${host.path}`, "ip", "link", "del", l], { stderr: "ignore" });
    }
  });

  beforeAll(() => {
    root0 = rootSnapshot();
    host = tempNetns();
    mgr = new SandboxManager({ basePath: base, hostNetns: host.path, gcPeriodMs: GC_PERIOD_MS });
  });

  afterAll(() => {
    mgr?.close();
    for (const k of keys) {
      if (!existsSync(k)) continue;
      while (unmountNetnsAt(k)) {
        // a key mounted twice (TestSandboxCreateTwice) has two layers
      }
      unlinkSync(k);
    }
    removeBase(base);
    host?.remove();
    expect(rootSnapshot()).toEqual(root0);
  });

  it("TestDisableIPv6DAD: the IPv6 address is added with IFA_F_NODAD", () => {
    const sb = mgr.create(newKey());
    try {
      hostIp("link", "add", "sideA", "type", "veth", "peer", "name", "sideB");
      sb.addInterface("sideA", "sideA", { addressIPv6: "2001:db8::44/64" });
      const addr = ipj(sb.key, "-6", "addr", "show", "dev", "sideA0")[0].addr_info.find((a: any) => a.local === "2001:db8::44");
      expect(addr.nodad).toBe(true);
    } finally {
      sb.destroy();
    }
  });

  it("TestSetInterfaceIP: a second link with the same IPv4 or IPv6 prefix conflicts with the existing route", () => {
    const sb = mgr.create(newKey());
    try {
      hostIp("link", "add", "sideA", "type", "veth", "peer", "name", "sideB");
      // upstream: 172.30.0.33/24
      sb.addInterface("sideA", "side", { address: "198.51.100.33/24", addressIPv6: "2001:db8::44/64" });
      expect(() => sb.addInterface("sideB", "side", { address: "198.51.100.33/24" })).toThrow(/conflicts with existing route/);
      expect(() => sb.addInterface("sideB", "side", { addressIPv6: "2001:db8::44/64" })).toThrow(/conflicts with existing route/);
      expect(hostHas("sideB")).toBe(true);
    } finally {
      sb.destroy();
    }
  });

  it("TestLiveRestore: create with restore=true leaves the live configuration in place", () => {
    const key = newKey();
    const sb = mgr.create(key);
    let n2: Sandbox | undefined;
    try {
      hostIp("link", "add", "sideA", "type", "veth", "peer", "name", "sideB");
      sb.addInterface("sideA", "side", { address: "198.51.100.33/24", addressIPv6: "2001:db8::44/64" });
      expect(() => sb.addInterface("sideB", "side", { address: "198.51.100.33/24" })).toThrow(/conflicts with existing route/);
      expect(() => sb.addInterface("sideB", "side", { addressIPv6: "2001:db8::44/64" })).toThrow(/conflicts with existing route/);

      n2 = mgr.create(key, { restore: true });
      // the addresses (and their routes) are still there: programming them again conflicts. (Upstream sets
      // them again on sideA through its first handle; n2's record is empty, so a new prefix avoids "side0".)
      expect(() => n2!.addInterface("sideB", "other", { addressIPv6: "2001:db8::44/64" })).toThrow(/conflicts with existing route/);
      expect(() => n2!.addInterface("sideB", "other", { address: "198.51.100.33/24" })).toThrow(/conflicts with existing route/);
      const a = ipj(key, "addr", "show", "dev", "side0")[0].addr_info.map((x: any) => `${x.local}/${x.prefixlen}`);
      expect(a).toEqual(expect.arrayContaining(["198.51.100.33/24", "2001:db8::44/64"]));
    } finally {
      n2?.destroy();
      sb.destroy();
    }
  });

  it("TestSandboxCreate: three interfaces (two veth, one bridge) and a gateway; the key is collected after the period", async () => {
    const key = newKey();
    const s = mgr.create(key);
    expect(s.key).toBe(key);
    const tbox = newInfo();
    for (const i of tbox.ifaces) s.addInterface(i.srcName, i.dstPrefix, i.options);
    s.setGateway(tbox.gw);
    s.setGatewayIPv6(tbox.gw6);
    verifySandbox(s, ["0", "1", "2"]);
    expect(ipj(key, "route", "show", "default")).toEqual([expect.objectContaining({ gateway: "192.0.2.1", dev: "containername0" })]);
    s.destroy();
    await verifyCleanup(s, true);
  });

  it("TestSandboxCreateTwice: a second create on the same key is handled gracefully", async () => {
    const key = newKey();
    const first = mgr.create(key);
    const s = mgr.create(key);
    s.destroy();
    await mgr.gc();
    await verifyCleanup(s, false);
    first.destroy(); // upstream leaves the first one alone; here its handle is closed too
    await mgr.gc();
  });

  it("TestSandboxGC: destroy + GC removes the key", async () => {
    const s = mgr.create(newKey());
    s.destroy();
    await mgr.gc();
    await verifyCleanup(s, false);
  });

  it("TestAddRemoveInterface: remove the first interface and add it again (it takes the freed index)", async () => {
    const key = newKey();
    const s = mgr.create(key);
    expect(s.key).toBe(key);
    const tbox = newInfo();
    for (const i of tbox.ifaces) s.addInterface(i.srcName, i.dstPrefix, i.options);
    verifySandbox(s, ["0", "1", "2"]);

    s.removeInterface(s.interfaces()[0]!);
    verifySandbox(s, ["1", "2"]);
    expect(hostHas("wierdlongname2")).toBe(true);

    const i = tbox.ifaces[0]!;
    s.addInterface(i.srcName, i.dstPrefix, i.options);
    // current upstream: "0", "1", "2" (generateIfaceName); the 1ce347468f32 version counted on to "3"
    verifySandbox(s, ["0", "1", "2"]);

    s.destroy();
    await mgr.gc();
    await verifyCleanup(s, false);
  });

  it("TestAddInterfaceInParallel: ten links added get eth0..eth9 (JavaScript runs them one after another)", () => {
    const s = mgr.create(newKey());
    try {
      // upstream: dummy0..dummy9 created inside the namespace with WithCreatedInContainer; here veth peers moved in
      for (let i = 0; i < 10; i++) hostIp("link", "add", `veth${i}`, "type", "veth", "peer", "name", `vpeer${i}`);
      for (let i = 0; i < 10; i++) s.addInterface(`veth${i}`, "eth");
      const eths = linkNames(s).filter((n) => n.startsWith("eth")).sort();
      expect(eths).toEqual(["eth0", "eth1", "eth2", "eth3", "eth4", "eth5", "eth6", "eth7", "eth8", "eth9"]);
    } finally {
      s.destroy();
    }
  });

  it("TestRemoveInterfaceTwice: a removal that fails part-way keeps the interface; a second removal fails again", () => {
    const s = mgr.create(newKey());
    try {
      hostIp("link", "add", "sideA", "type", "veth", "peer", "name", "sideB");
      s.addInterface("sideA", "eth");
      const ifaces = s.interfaces();
      expect(ifaces).toHaveLength(1);
      // delete the link so that the first removal fails part-way through
      inNs(s.key, "ip", "link", "del", ifaces[0]!.dstName);
      expect(() => s.removeInterface(ifaces[0]!)).toThrow();
      const remaining = s.interfaces();
      expect(remaining).toHaveLength(1);
      expect(remaining[0]).toEqual(ifaces[0]);
      expect(() => s.removeInterface(ifaces[0]!)).toThrow();
    } finally {
      s.destroy();
    }
  });
});
