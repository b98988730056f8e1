// runInNetns / openSocketInNetns: the JS thread always comes back to where it was.
import { describe, expect, it } from "vitest";
import { currentNetnsId, NetnsHandle, netnsIdOfPath } from "../../lib/netns/handle.ts";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { NetnsAsyncError, openSocketInNetns, runInNetns } from "../../lib/netns/run.ts";
import { SyscallError } from "../../lib/sys/syscall-error.ts";
import { assertNotRootNetns, describeKernel, ROOT_NETNS_ID, tempNetns } from "../helpers/netns.ts";

/** Names of the links a netlink socket sees (RTM_GETLINK dump, IFLA_IFNAME). */
function linkNames(sock: { send(d: Uint8Array): number; recv(): Uint8Array | null }): string[] {
  const req = new Uint8Array(32);
  const rv = new DataView(req.buffer);
  rv.setUint32(0, 32, true);
  rv.setUint16(4, 18, true);
  rv.setUint16(6, 0x301, true);
  rv.setUint32(8, 9, true);
  sock.send(req);
  const names: string[] = [];
  for (;;) {
    const d = sock.recv() as Uint8Array;
    const dv = new DataView(d.buffer, d.byteOffset, d.byteLength);
    for (let off = 0; off < d.length; ) {
      const len = dv.getUint32(off, true);
      const type = dv.getUint16(off + 4, true);
      if (type === 3) return names;
      if (type === 2) throw new Error("netlink error");
      for (let a = off + 32; a + 4 <= off + len; ) {
        const alen = dv.getUint16(a, true);
        if ((dv.getUint16(a + 2, true) & 0x3fff) === 3) {
          names.push(new TextDecoder().decode(d.subarray(a + 4, a + alen - 1)));
        }
        a += (alen + 3) & ~3;
      }
      off += (len + 3) & ~3;
    }
  }
}

describe("assertNotRootNetns", () => {
  it("refuses in the namespace the process started in", () => {
    expect(currentNetnsId()).toBe(ROOT_NETNS_ID);
    expect(() => assertNotRootNetns()).toThrow(/root network namespace/);
  });
});

describeKernel("runInNetns", () => {
  it("runs inside by name, path or handle and switches back", () => {
    using ns = tempNetns();
    const id = netnsIdOfPath(ns.path);
    expect(runInNetns(ns.name, () => currentNetnsId())).toBe(id);
    expect(runInNetns(ns.path, () => currentNetnsId())).toBe(id);
    using h = NetnsHandle.fromPath(ns.path);
    expect(
      runInNetns(h, () => {
        assertNotRootNetns();
        return currentNetnsId();
      }),
    ).toBe(id);
    expect(h.closed).toBe(false); // a caller's handle is not closed for it
    expect(currentNetnsId()).toBe(ROOT_NETNS_ID);
  });

  it("restores the namespace when fn throws, and rethrows the same error", () => {
    using ns = tempNetns();
    const boom = new Error("boom");
    let seenInside = "";
    expect(() =>
      runInNetns(ns.name, () => {
        seenInside = currentNetnsId();
        throw boom;
      }),
    ).toThrow(boom);
    expect(seenInside).toBe(netnsIdOfPath(ns.path));
    expect(currentNetnsId()).toBe(ROOT_NETNS_ID);
  });

  it("refuses async, generator and async generator functions before calling them (none of their code runs)", () => {
    using ns = tempNetns();
    let ran = 0;
    const fns: Array<[() => unknown, RegExp]> = [
      [async () => { ran++; }, /fn is an async function; .*nothing was run/],
      [(async () => { ran++; }).bind(null), /fn is an async function/],
      [function* () { ran++; } as () => unknown, /fn is a generator function/],
      [async function* () { ran++; } as () => unknown, /fn is an async generator function/],
    ];
    for (const [fn, msg] of fns) {
      expect(() => runInNetns(ns.name, fn)).toThrow(TypeError);
      expect(() => runInNetns(ns.name, fn)).toThrow(msg);
    }
    expect(ran).toBe(0);
    expect(currentNetnsId()).toBe(ROOT_NETNS_ID);
  });

  it("a plain fn returning a thenable: restored, TypeError carrying the thenable, its rejection not unhandled", async () => {
    using ns = tempNetns();
    let inside = "";
    let after = "";
    const work = async () => {
      inside = currentNetnsId();
      await null;
      after = currentNetnsId();
    };
    let err: unknown;
    try {
      runInNetns(ns.name, () => work());
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NetnsAsyncError);
    expect(err).toBeInstanceOf(TypeError);
    expect((err as Error).message).toMatch(/returned a Promise\/thenable; .*The namespace was restored/);
    await (err as NetnsAsyncError).result;
    expect(inside).toBe(netnsIdOfPath(ns.path)); // its synchronous part ran inside
    expect(after).toBe(ROOT_NETNS_ID); // the rest could only run outside: hence the error
    expect(currentNetnsId()).toBe(ROOT_NETNS_ID);
    expect(() => runInNetns(ns.name, () => Promise.reject(new Error("later")))).toThrow(TypeError);
    const thenable = { then: (_ok: (v: number) => void) => undefined };
    expect(() => runInNetns(ns.name, () => thenable)).toThrow(TypeError);
    await new Promise((r) => setTimeout(r, 10));
    expect(currentNetnsId()).toBe(ROOT_NETNS_ID);
  });

  // Without CAP_SYS_ADMIN setns(2) into another namespace fails with EPERM; that
  // failure must be what the caller sees, not a restore that was never needed.
  it("a failed switch raises that failure (EPERM) and restores nothing: runInNetns, openRtnl, subscribe, mountNewNetnsAt", () => {
    using ns = tempNetns();
    const file = join(mkdtempSync(join(tmpdir(), "bnl-noperm-")), "ns");
    writeFileSync(file, "");
    const lib = (p: string) => JSON.stringify(new URL(`../../lib/${p}`, import.meta.url).pathname);
    const script = `
      const { runInNetns } = await import(${lib("netns/run.ts")});
      const { openRtnl } = await import(${lib("rtnl/rtnl.ts")});
      const { subscribe } = await import(${lib("monitor/index.ts")});
      const { mountNewNetnsAt } = await import(${lib("netns/attach.ts")});
      const out = [];
      const tryIt = async (name, fn) => { try { await fn(); out.push(name + ": no error"); } catch (e) { out.push(name + ": " + e.message); } };
      await tryIt("runInNetns", () => runInNetns(${JSON.stringify(ns.path)}, () => 1));
      await tryIt("openRtnl", () => openRtnl({ netns: ${JSON.stringify(ns.path)} }));
      await tryIt("subscribe", async () => { const s = subscribe({ groups: ["link"], netns: ${JSON.stringify(ns.path)} }); for await (const _ of s) break; });
      await tryIt("mountNewNetnsAt", () => mountNewNetnsAt(${JSON.stringify(file)}));
      console.log(JSON.stringify(out));
    `;
    const r = spawnSync("setpriv", ["--bounding-set=-sys_admin", "--inh-caps=-sys_admin", "--", process.execPath, "-e", script], { encoding: "utf8", timeout: 30_000 });
    expect(r.stderr).toBe("");
    const lines = JSON.parse(r.stdout) as string[];
    expect(lines.length).toBe(4);
    for (const l of lines) {
      expect(l).toMatch(/^\w+: (setns|unshare)\b.*EPERM/);
      expect(l).not.toMatch(/restoring/);
    }
    rmSync(dirname(file), { recursive: true });
  });

  it("nests: each level returns to the level above", () => {
    using a = tempNetns();
    using b = tempNetns();
    const ida = netnsIdOfPath(a.path);
    const idb = netnsIdOfPath(b.path);
    const trail: string[] = [];
    runInNetns(a.name, () => {
      trail.push(currentNetnsId());
      runInNetns(b.name, () => {
        trail.push(currentNetnsId());
        runInNetns(a.name, () => trail.push(currentNetnsId()));
        trail.push(currentNetnsId());
      });
      trail.push(currentNetnsId());
      expect(() =>
        runInNetns(b.name, () => {
          throw new Error("inner");
        }),
      ).toThrow("inner");
      trail.push(currentNetnsId());
    });
    expect(trail).toEqual([ida, idb, ida, idb, ida, ida]);
    expect(currentNetnsId()).toBe(ROOT_NETNS_ID);
  });

  it("fails before switching for a missing namespace or a closed handle", () => {
    expect(() => runInNetns("bnltest-does-not-exist", () => 1)).toThrow(SyscallError);
    expect(() => runInNetns("bnltest-does-not-exist", () => 1)).toThrow(/open \/run\/netns\/bnltest-does-not-exist: ENOENT/);
    using ns = tempNetns();
    const h = NetnsHandle.fromPath(ns.path);
    h.close();
    let ran = false;
    expect(() => runInNetns(h, () => (ran = true))).toThrow("netns handle is closed");
    expect(ran).toBe(false);
    expect(currentNetnsId()).toBe(ROOT_NETNS_ID);
  });

  it("reports setns on a file that is not a namespace with its path", () => {
    expect(() => runInNetns("/dev/null", () => 1)).toThrow("setns /dev/null: EINVAL (Invalid argument)");
    expect(currentNetnsId()).toBe(ROOT_NETNS_ID);
  });
});

describeKernel("openSocketInNetns", () => {
  it("opens a socket bound to the namespace that keeps working after switching back", () => {
    using ns = tempNetns();
    using inside = openSocketInNetns(ns.name, 0);
    expect(currentNetnsId()).toBe(ROOT_NETNS_ID);
    expect(linkNames(inside)).toEqual(["lo"]);
    using h = NetnsHandle.fromName(ns.name);
    using viaHandle = openSocketInNetns(h, 0, { rcvbuf: 1 << 20 });
    expect(linkNames(viaHandle)).toEqual(["lo"]);
    expect(currentNetnsId()).toBe(ROOT_NETNS_ID);
  });
});
