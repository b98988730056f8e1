// SandboxManager logic over the recording fake system layer: keys, mounts, cleanup on failure,
// the garbage list and its interplay with create (osl createNamespaceFile), logging, options.
import { describe, expect, it } from "vitest";
import { SandboxManager, type SandboxManagerOptions } from "../../lib/sandbox/manager.ts";
import { MemoryLogger, makeLogger, silentLogger } from "../../lib/sandbox/logger.ts";
import { SandboxDestroyedError } from "../../lib/sandbox/errors.ts";
import { FakeOs } from "../../fixtures/sandbox/fake-os.ts";
import { FakeNetlink } from "../../fixtures/sandbox/fake-netlink.ts";
import type { NetlinkConnection } from "../../lib/conn/connection.ts";

const BASE = "/run/bnl-fake/mgr";
const HOST = "/proc/self/ns/net";

function setup(opts: Partial<SandboxManagerOptions> = {}) {
  const nls: FakeNetlink[] = [];
  const os = new FakeOs({ netlink: (path) => ({ path }) as unknown as NetlinkConnection });
  const log = new MemoryLogger();
  const failNext = new Set<string>();
  const mgr = new SandboxManager({
    basePath: BASE,
    hostNetns: HOST,
    os,
    logger: log,
    netlink: (conn) => {
      const nl = new FakeNetlink((conn as unknown as { path: string }).path);
      for (const f of failNext) nl.fail.add(f);
      nls.push(nl);
      return nl;
    },
    ...opts,
  });
  return { mgr, os, log, nls, failNext };
}

describe("SandboxManager options", () => {
  it("defaults: /run/netns, 60 s collection, 3 s netlink timeout, silent logger", () => {
    const mgr = new SandboxManager({ os: new FakeOs() });
    expect(mgr.basePath).toBe("/run/netns");
    expect(mgr.hostNetns).toBe("/proc/self/ns/net");
    expect(mgr.gcPeriodMs).toBe(60_000);
    expect(mgr.netlinkTimeoutMs).toBe(3000);
    expect(mgr.log).toBe(silentLogger);
    mgr.close();
  });
  it.each([
    [{ basePath: "relative" }, /basePath/],
    [{ basePath: "/a/../b" }, /basePath/],
    [{ hostNetns: "x" }, /hostNetns/],
    [{ gcPeriodMs: 0 }, /gcPeriodMs/],
    [{ netlinkTimeoutMs: -1 }, /netlinkTimeoutMs/],
    [{ logger: { warn: 5 } }, /logger\.warn/],
    [{ netlink: 3 }, /netlink/],
    [{ colour: "blue" }, /options\.colour: unknown option/],
  ])("rejects %j", (o, re) => {
    expect(() => new SandboxManager({ os: new FakeOs(), ...(o as object) })).toThrow(re);
  });
  it("makeLogger fills in missing levels", () => {
    const seen: string[] = [];
    const l = makeLogger({ warn: (m) => seen.push(m) });
    l.debug("d");
    l.warn("w");
    expect(seen).toEqual(["w"]);
  });
});

describe("create", () => {
  it("makes the file, mounts a new namespace, disables IPv6, brings lo up", () => {
    const { mgr, os, nls } = setup();
    const sb = mgr.create("a");
    expect(sb.key).toBe(`${BASE}/a`);
    expect(os.calls).toEqual([
      `prepareBase ${BASE}`,
      `createFile ${BASE}/a`,
      `mountNewNetns ${BASE}/a`,
      `openNetlink ${BASE}/a 3000`,
      `readSysctl ${BASE}/a net/ipv6/conf/all/disable_ipv6`,
      `writeSysctl ${BASE}/a net/ipv6/conf/all/disable_ipv6 1`,
    ]);
    expect(nls[0]!.calls).toEqual(["linkByName lo", "setLinkUp 1 true"]);
    expect(os.mounts.has(`${BASE}/a`)).toBe(true);
    mgr.close();
  });

  it("validates keys and options before touching anything", () => {
    const { mgr, os } = setup();
    for (const bad of ["../x", "a/b", "/tmp/../x", "/tmp/", "//x", "a\0", "", ".."]) {
      let err: unknown;
      try {
        mgr.create(bad);
      } catch (e) {
        err = e;
      }
      expect(err instanceof TypeError || err instanceof RangeError, String(err)).toBe(true);
    }
    expect(() => mgr.create("a", { osCreate: "yes" as never })).toThrow(/osCreate/);
    expect(() => mgr.create("a", { fast: true } as never)).toThrow(/options\.fast/);
    expect(os.calls).toEqual([]);
    mgr.close();
  });

  it("refuses a key that is a symlink; a base path through a symlink is fine", () => {
    const { mgr, os } = setup();
    os.dirs.add(BASE);
    os.symlinks.set(`${BASE}/evil`, "/etc/shadow");
    expect(() => mgr.create("evil")).toThrow(/is a symlink/);
    expect(() => mgr.forExternalKey("/proc/1/ns/net", "evil")).toThrow(/is a symlink/);
    expect(os.calls.filter((c) => c.startsWith("createFile") || c.includes("ount"))).toEqual([]);
    const other = setup();
    other.os.symlinks.set(BASE, "/tmp/elsewhere");
    other.mgr.create("k");
    other.mgr.create("k2");
    expect(other.os.calls.filter((c) => c.startsWith("mountNewNetns"))).toEqual([`mountNewNetns ${BASE}/k`, `mountNewNetns ${BASE}/k2`]);
    mgr.close();
    other.mgr.close();
  });

  it("a key anywhere is used as given (osl's tests use /tmp)", () => {
    const { mgr, os } = setup();
    os.dirs.add("/tmp");
    const sb = mgr.create("/tmp/netns0123456789ab");
    expect(sb.key).toBe("/tmp/netns0123456789ab");
    expect(os.calls).toContain("mountNewNetns /tmp/netns0123456789ab");
    expect(() => mgr.create("tmp/x")).toThrow(/^key: .*absolute path/);
    mgr.close();
  });

  it("a failed mount removes the file again", () => {
    const { mgr, os } = setup();
    os.mountNewNetns = () => {
      throw new Error("mount: EPERM");
    };
    expect(() => mgr.create("a")).toThrow(/EPERM/);
    expect(os.files.has(`${BASE}/a`)).toBe(false);
    mgr.close();
  });

  it("a failed netlink handle or lo-up detaches and removes the key", () => {
    const { mgr, os, nls, failNext } = setup();
    failNext.add("setLinkUp");
    expect(() => mgr.create("a")).toThrow(/injected failure/);
    expect(nls[0]!.closed).toBe(true);
    expect(os.mounts.size).toBe(0);
    expect(os.files.size).toBe(0);
    os.openNetlink = () => {
      throw new Error("socket: EMFILE");
    };
    expect(() => mgr.create("b")).toThrow(/^failed to create a netlink handle: socket: EMFILE/);
    expect(os.mounts.size).toBe(0);
    expect(os.files.size).toBe(0);
    mgr.close();
  });

  it("osCreate=false bind-mounts the host namespace and leaves IPv6 alone", () => {
    const { mgr, os } = setup();
    const sb = mgr.create("d", { osCreate: false });
    expect(sb.isDefault).toBe(true);
    expect(os.calls).toContain(`bindNetns ${HOST} ${BASE}/d`);
    expect(os.calls.some((c) => c.startsWith("writeSysctl"))).toBe(false);
    mgr.close();
  });

  it("restore=true only attaches: no file, no mount, no IPv6 change", () => {
    const { mgr, os } = setup();
    mgr.create("r", { restore: true });
    expect(os.calls).toEqual([`prepareBase ${BASE}`, `openNetlink ${BASE}/r 3000`]);
    mgr.close();
  });

  it("creating an existing key detaches the stale mount first (osl createNamespaceFile)", () => {
    const { mgr, os } = setup();
    mgr.create("a");
    mgr.create("a");
    expect(os.calls.filter((c) => /^(unmount|createFile|mountNewNetns)/.test(c))).toEqual([
      `createFile ${BASE}/a`, `mountNewNetns ${BASE}/a`, `unmount ${BASE}/a`, `createFile ${BASE}/a`, `mountNewNetns ${BASE}/a`,
    ]);
    mgr.close();
  });

  it("a closed manager refuses new sandboxes", () => {
    const { mgr } = setup();
    mgr.close();
    mgr.close();
    expect(() => mgr.create("a")).toThrow(/closed/);
  });

  it("sandboxes outlive their manager's close: the host handle stays open until the last destroy, which removes the key at once", () => {
    const { mgr, os, nls } = setup();
    const a = mgr.create("a");
    const b = mgr.create("b");
    mgr.close();
    expect(a.netlink).toBe(nls[0]);
    a.destroy();
    expect(os.files.has(`${BASE}/a`)).toBe(false); // no collector any more: removed now
    expect(mgr.garbage()).toEqual([]);
    b.destroy();
    expect(os.files.has(`${BASE}/b`)).toBe(false);
  });
});

describe("forExternalKey", () => {
  it("bind-mounts the source onto the key and disables IPv6", () => {
    const { mgr, os } = setup();
    const sb = mgr.forExternalKey("/proc/4242/ns/net", "ext");
    expect(sb.isDefault).toBe(false);
    expect(os.calls).toContain(`bindNetns /proc/4242/ns/net ${BASE}/ext`);
    expect(os.calls).toContain(`writeSysctl ${BASE}/ext net/ipv6/conf/all/disable_ipv6 1`);
    expect(() => mgr.forExternalKey("relative", "x")).toThrow(/sourcePath/);
    mgr.close();
  });
});

describe("destroy and garbage collection", () => {
  it("destroy closes the handle, detaches the mount, lists the key; gc removes the file", async () => {
    const { mgr, os, nls } = setup();
    const sb = mgr.create("a");
    sb.destroy();
    expect(nls[0]!.closed).toBe(true);
    expect(os.mounts.size).toBe(0);
    expect(os.files.has(`${BASE}/a`)).toBe(true);
    expect(mgr.garbage()).toEqual([`${BASE}/a`]);
    expect(() => sb.interfaces()).not.toThrow(); // getters of the record stay readable
    expect(() => sb.addInterface("x", "eth")).toThrow(SandboxDestroyedError);
    await mgr.gc();
    expect(os.files.size).toBe(0);
    expect(mgr.garbage()).toEqual([]);
    mgr.close();
  });

  it("creating a listed key takes it off the list", async () => {
    const { mgr, os } = setup();
    mgr.create("a").destroy();
    mgr.create("a");
    expect(mgr.garbage()).toEqual([]);
    await mgr.gc();
    expect(os.files.has(`${BASE}/a`)).toBe(true);
    mgr.close();
  });

  it("creating a key while a collection holding it runs waits for that collection before making the file", async () => {
    const { mgr, os } = setup();
    for (const k of ["a", "b", "c"]) mgr.create(k).destroy();
    const collecting = mgr.gc(); // snapshot [a, b, c]; "a" is removed at once
    expect(os.files.has(`${BASE}/a`)).toBe(false);
    expect(os.files.has(`${BASE}/c`)).toBe(true);
    mgr.create("c"); // must not be undone by the collection in progress
    await collecting;
    expect(os.files.has(`${BASE}/c`)).toBe(true);
    expect(os.mounts.has(`${BASE}/c`)).toBe(true);
    const tail = os.calls.slice(os.calls.indexOf(`removeFile ${BASE}/a`));
    expect(tail.slice(0, 5)).toEqual([`removeFile ${BASE}/a`, `unmount ${BASE}/c`, `removeFile ${BASE}/b`, `removeFile ${BASE}/c`, `createFile ${BASE}/c`]);
    mgr.close();
  });

  it("the periodic collector runs on the configured period", async () => {
    const { mgr, os } = setup({ gcPeriodMs: 20 });
    mgr.create("p").destroy();
    for (let i = 0; i < 100 && os.files.size > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(os.files.size).toBe(0);
    expect(mgr.gcRuns).toBeGreaterThanOrEqual(1);
    mgr.close();
  });

  it("a sandbox left behind by a crashed manager is cleaned by a new one (restore + destroy + gc)", async () => {
    const first = setup();
    first.mgr.create("left");
    first.mgr.close(); // "crash": no destroy
    const { os } = first;
    const second = new SandboxManager({ basePath: BASE, os, netlink: () => new FakeNetlink("x") });
    second.create("left", { restore: true }).destroy();
    await second.gc();
    expect(os.mounts.size).toBe(0);
    expect(os.files.size).toBe(0);
    second.close();
  });

  it("generateKey goes through the manager's base path and system layer", () => {
    const { mgr, os } = setup();
    os.dirs.add(BASE);
    os.files.add(`${BASE}/3-abcdefghij`);
    expect(mgr.generateKey("0123456789abcdef")).toBe(`${BASE}/0123456789ab`);
    expect(mgr.generateKey("-abcdefghijzzz")).toBe(`${BASE}/3-abcdefghij`);
    expect(mgr.keyPath("x")).toBe(`${BASE}/x`);
    mgr.close();
  });
});
