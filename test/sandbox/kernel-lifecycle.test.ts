// Sandbox lifecycle against the kernel (root): keys mounted under a temporary base path, destroy + gc,
// default and external keys, iproute2 interop under /run/netns, run(), 200 create/destroy cycles,
// crash leftovers, symlink refusal — and the root namespace unchanged at the end.
import { afterAll, beforeAll, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { SandboxManager } from "../../lib/sandbox/manager.ts";
import { MemoryLogger } from "../../lib/sandbox/logger.ts";
import { currentNetnsId, netnsIdOfPath } from "../../lib/netns/handle.ts";
import { execInNetns } from "../../lib/netns/exec.ts";
import { describeKernel, ROOT_NETNS_ID, TEMP_NETNS_PREFIX, tempNetns, type TempNetns } from "../helpers/netns.ts";
import { fdCount, ipj, mountsUnder, removeBase, rootSnapshot, sysctlIn } from "./kernel-helpers.ts";

describeKernel("sandbox lifecycle (kernel)", () => {
  const tag = `${process.pid}-${randomBytes(3).toString("hex")}`;
  const base = `/run/bnltest-sandbox-${tag}`;
  let root0: unknown;
  let host: TempNetns;
  let mgr: SandboxManager;
  const log = new MemoryLogger();
  const ipNetns: string[] = [];

  beforeAll(() => {
    root0 = rootSnapshot();
    host = tempNetns();
    mgr = new SandboxManager({ basePath: base, hostNetns: host.path, logger: log, gcPeriodMs: 200 });
  });

  afterAll(() => {
    mgr?.close();
    removeBase(base);
    for (const n of ipNetns) if (existsSync(`/run/netns/${n}`)) Bun.spawnSync(["ip", "netns", "del", n]);
    host?.remove();
  });

  it("create mounts a new namespace on the key with lo up and IPv6 off; destroy + gc leave nothing", async () => {
    const sb = mgr.create("life1");
    const key = `${base}/life1`;
    expect(sb.key).toBe(key);
    expect(mountsUnder(key)).toEqual([key]);
    const id = netnsIdOfPath(key);
    expect(id).not.toBe(ROOT_NETNS_ID);
    expect(id).not.toBe(netnsIdOfPath(host.path));
    expect(ipj(key, "link", "show", "lo")[0].flags).toContain("UP");
    expect(sysctlIn(key, "net/ipv6/conf/all/disable_ipv6")).toBe("1");
    expect(sysctlIn(key, "net/ipv6/conf/lo/disable_ipv6")).toBe("1");
    expect(currentNetnsId()).toBe(ROOT_NETNS_ID);
    sb.destroy();
    expect(mountsUnder(key)).toEqual([]);
    expect(existsSync(key)).toBe(true); // until collected
    expect(mgr.garbage()).toEqual([key]);
    await mgr.gc();
    expect(existsSync(key)).toBe(false);
    expect(mgr.garbage()).toEqual([]);
  });

  it("the periodic collector removes destroyed keys by itself", async () => {
    mgr.create("life2").destroy();
    for (let i = 0; i < 100 && existsSync(`${base}/life2`); i++) await new Promise((r) => setTimeout(r, 20));
    expect(existsSync(`${base}/life2`)).toBe(false);
  });

  it("osCreate=false mounts the host namespace itself; IPv6 is left alone", () => {
    const sb = mgr.create("life3", { osCreate: false });
    expect(sb.isDefault).toBe(true);
    expect(netnsIdOfPath(sb.key)).toBe(netnsIdOfPath(host.path));
    expect(sysctlIn(sb.key, "net/ipv6/conf/all/disable_ipv6")).toBe("0");
    sb.destroy();
    expect(existsSync(host.path)).toBe(true);
  });

  it("forExternalKey binds another namespace file onto a key", () => {
    const other = tempNetns();
    try {
      const sb = mgr.forExternalKey(other.path, "life4");
      expect(netnsIdOfPath(sb.key)).toBe(netnsIdOfPath(other.path));
      expect(sysctlIn(sb.key, "net/ipv6/conf/all/disable_ipv6")).toBe("1");
      expect(ipj(other.path, "link", "show", "lo")[0].flags).toContain("UP");
      sb.destroy();
      expect(existsSync(other.path)).toBe(true); // the source lives on
    } finally {
      other.remove();
    }
  });

  it("create restore=true attaches to a live mount and leaves its IPv6 setting", () => {
    const sb = mgr.create("life5");
    Bun.spawnSync(["nsenter", `--net=${sb.key}`, "sh", "-c", "echo 0 > /proc/sys/net/ipv6/conf/all/disable_ipv6"]);
    const again = mgr.create("life5", { restore: true });
    expect(netnsIdOfPath(again.key)).toBe(netnsIdOfPath(sb.key));
    expect(sysctlIn(sb.key, "net/ipv6/conf/all/disable_ipv6")).toBe("0");
    again.destroy();
    sb.destroy();
  });

  it("under /run/netns a sandbox is an iproute2 namespace: ip netns list/exec, and ip netns add'ed ones restore", async () => {
    const name = `${TEMP_NETNS_PREFIX}sbx-${tag}`;
    const added = `${TEMP_NETNS_PREFIX}ipadd-${tag}`;
    ipNetns.push(name, added);
    const run = new SandboxManager({ basePath: "/run/netns", hostNetns: host.path, gcPeriodMs: 3_600_000 });
    try {
      const sb = run.create(name);
      const list = Bun.spawnSync(["ip", "netns", "list"], { stdout: "pipe" }).stdout.toString();
      expect(list.split("\n").map((l) => l.split(" ")[0])).toContain(name);
      const ex = Bun.spawnSync(["ip", "netns", "exec", name, "ip", "-j", "link", "show", "lo"], { stdout: "pipe", stderr: "pipe" });
      expect(ex.exitCode).toBe(0);
      expect(JSON.parse(ex.stdout.toString())[0].flags).toContain("UP");
      const cat = execInNetns(name, ["cat", "/proc/sys/net/ipv6/conf/all/disable_ipv6"]);
      expect(cat.stdout.trim()).toBe("1");
      sb.destroy();
      await run.gc();
      expect(existsSync(`/run/netns/${name}`)).toBe(false);

      expect(Bun.spawnSync(["ip", "netns", "add", added]).exitCode).toBe(0);
      const attached = run.create(added, { restore: true });
      expect(ipj(attached.key, "link", "show", "lo")[0].flags).toContain("UP");
      attached.destroy();
      await run.gc();
      const list2 = Bun.spawnSync(["ip", "netns", "list"], { stdout: "pipe" }).stdout.toString();
      expect(list2).not.toContain(added);
    } finally {
      run.close();
    }
  });

  it("run() executes inside the sandbox and restores the thread's namespace, also after a throw", () => {
    const sb = mgr.create("life6");
    try {
      const before = currentNetnsId();
      expect(sb.run(() => currentNetnsId())).toBe(netnsIdOfPath(sb.key));
      expect(() =>
        sb.run(() => {
          expect(currentNetnsId()).toBe(netnsIdOfPath(sb.key));
          throw new Error("boom");
        }),
      ).toThrow("boom");
      expect(currentNetnsId()).toBe(before);
      expect(() => sb.run(() => Promise.resolve(1))).toThrow(/synchronous/);
      expect(currentNetnsId()).toBe(before);
    } finally {
      sb.destroy();
    }
  });

  it("200 create/destroy cycles leave no mount, no file after gc, and the same number of fds", async () => {
    mgr.create("warm").destroy();
    await mgr.gc();
    const fds = fdCount();
    const t0 = performance.now();
    for (let i = 0; i < 200; i++) mgr.create(`cyc${i}`).destroy();
    const elapsed = performance.now() - t0;
    expect(mountsUnder(base).filter((m) => m !== base)).toEqual([]);
    await mgr.gc();
    expect(readdirSync(base)).toEqual([]);
    expect(fdCount()).toBe(fds);
    expect(currentNetnsId()).toBe(ROOT_NETNS_ID);
    expect(elapsed).toBeLessThan(30_000);
  });

  it("what a crashed manager leaves behind, a new manager cleans (restore + destroy + gc; a bare file is re-created)", async () => {
    const crashed = new SandboxManager({ basePath: base, hostNetns: host.path });
    crashed.create("crash1");
    crashed.close(); // no destroy: the mount stays
    writeFileSync(`${base}/crash2`, ""); // a crash between creating the file and mounting
    const fresh = new SandboxManager({ basePath: base, hostNetns: host.path });
    try {
      fresh.create("crash1", { restore: true }).destroy();
      const sb = fresh.create("crash2");
      expect(mountsUnder(`${base}/crash2`)).toEqual([`${base}/crash2`]);
      sb.destroy();
      await fresh.gc();
      expect(readdirSync(base)).toEqual([]);
      expect(mountsUnder(base).filter((m) => m !== base)).toEqual([]);
    } finally {
      fresh.close();
    }
  });

  it("refuses a key that is a symlink, leaving its target alone", () => {
    const target = `/run/bnltest-sandbox-target-${tag}`;
    writeFileSync(target, "keep");
    symlinkSync(target, `${base}/evil`);
    try {
      expect(() => mgr.create("evil")).toThrow(/is a symlink/);
      expect(() => mgr.create(`${base}/../evil`)).toThrow(/\.\./);
      expect(mountsUnder(target)).toEqual([]);
    } finally {
      unlinkSync(`${base}/evil`);
      unlinkSync(target);
    }
  });

  it("the root namespace's links, addresses, routes and sysctls are unchanged", () => {
    expect(rootSnapshot()).toEqual(root0);
    expect(currentNetnsId()).toBe(ROOT_NETNS_ID);
  });
});
