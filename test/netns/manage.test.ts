// create/list/delete, and interoperability with iproute2's `ip netns`.
import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmdirSync } from "node:fs";
import { attachNetns, createNetns, deleteNetns, listNetns } from "../../lib/netns/manage.ts";
import { currentNetnsId, NetnsHandle, netnsIdOfPath, sameNetns } from "../../lib/netns/handle.ts";
import { runInNetns } from "../../lib/netns/run.ts";
import { SyscallError } from "../../lib/sys/syscall-error.ts";
import { umount2 } from "../../lib/sys/ns.ts";
import { MNT_DETACH } from "../../lib/sys/constants.ts";
import { describeKernel, ROOT_NETNS_ID, TEMP_NETNS_PREFIX, tempNetns } from "../helpers/netns.ts";

function uniqueName(tag: string): string {
  return `${TEMP_NETNS_PREFIX}${tag}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

function ip(...args: string[]): { code: number; out: string; err: string } {
  const r = Bun.spawnSync(["ip", ...args], { stdout: "pipe", stderr: "pipe" });
  return { code: r.exitCode, out: r.stdout.toString(), err: r.stderr.toString() };
}

function mountinfoMentions(s: string): boolean {
  return readFileSync("/proc/self/mountinfo", "utf8").includes(s);
}

describeKernel("createNetns / deleteNetns / listNetns", () => {
  it("creates a namespace file, lists it, and deletes it", () => {
    const name = uniqueName("cdl");
    try {
      const path = createNetns(name);
      expect(path).toBe(`/run/netns/${name}`);
      expect(listNetns()).toContain(name);
      expect(mountinfoMentions(`/run/netns/${name} `)).toBe(true);
      const id = netnsIdOfPath(path);
      expect(id).not.toBe(ROOT_NETNS_ID);
      expect(currentNetnsId()).toBe(ROOT_NETNS_ID); // creating does not leave us inside
    } finally {
      deleteNetns(name);
    }
    expect(listNetns()).not.toContain(name);
    expect(existsSync(`/run/netns/${name}`)).toBe(false);
    expect(mountinfoMentions(`/run/netns/${name} `)).toBe(false);
  });

  it("mounts /run/netns as a shared mount point, as ip netns add does", () => {
    using ns = tempNetns();
    const line = readFileSync("/proc/self/mountinfo", "utf8")
      .split("\n")
      .find((l) => l.split(" ")[4] === "/run/netns");
    expect(line, "a mount at /run/netns").toBeDefined();
    expect(line).toMatch(/ shared:\d+/);
    expect(existsSync(ns.path)).toBe(true);
  });

  it("refuses an existing name with EEXIST and leaves it untouched", () => {
    using ns = tempNetns();
    const before = netnsIdOfPath(ns.path);
    let err: unknown;
    try {
      createNetns(ns.name);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SyscallError);
    expect((err as SyscallError).code).toBe("EEXIST");
    expect((err as SyscallError).message).toBe(`open ${ns.path}: EEXIST (File exists)`);
    expect(netnsIdOfPath(ns.path)).toBe(before);
    expect(currentNetnsId()).toBe(ROOT_NETNS_ID);
  });

  it("deleting a missing namespace is ENOENT", () => {
    expect(() => deleteNetns(uniqueName("missing"))).toThrow(/unlink \/run\/netns\/.*: ENOENT/);
  });

  it("gives each namespace its own identity", () => {
    using a = tempNetns();
    using b = tempNetns();
    using ha = NetnsHandle.fromName(a.name);
    using hb = NetnsHandle.fromPath(b.path);
    using ha2 = NetnsHandle.open(a.path);
    using cur = NetnsHandle.current();
    using self = NetnsHandle.fromPid(process.pid);
    expect(sameNetns(ha, hb)).toBe(false);
    expect(sameNetns(ha, ha2)).toBe(true);
    expect(sameNetns(cur, self)).toBe(true);
    expect(cur.id()).toBe(ROOT_NETNS_ID);
    expect(ha.id()).toBe(netnsIdOfPath(a.path));
  });

  it("a handle keeps working after the name is deleted", () => {
    const ns = tempNetns();
    const h = NetnsHandle.fromName(ns.name);
    try {
      const id = h.id();
      ns.remove();
      expect(runInNetns(h, () => currentNetnsId())).toBe(id);
    } finally {
      h.close();
      h.close();
    }
    expect(() => h.fd).toThrow("netns handle is closed");
  });

  it("supports a custom base directory", () => {
    const base = mkdtempSync("/tmp/bnltest-base-");
    try {
      const name = uniqueName("base");
      const path = createNetns(name, { basePath: base });
      expect(path).toBe(`${base}/${name}`);
      expect(listNetns(base)).toEqual([name]);
      expect(runInNetns(name, () => currentNetnsId(), { basePath: base })).toBe(netnsIdOfPath(path));
      deleteNetns(name, { basePath: base });
      expect(listNetns(base)).toEqual([]);
    } finally {
      // createNetns bind-mounted the base onto itself to make it shared
      while (mountinfoMentions(` ${base} `)) umount2(base, MNT_DETACH);
      rmdirSync(base);
    }
    expect(listNetns(base)).toEqual([]);
  });
});

describeKernel("interoperability with iproute2", () => {
  it("`ip netns list` shows ours and `ip netns exec NAME ip link` runs inside it", () => {
    using ns = tempNetns();
    const list = ip("netns", "list");
    expect(list.code).toBe(0);
    expect(list.out.split("\n").map((l) => l.split(" ")[0])).toContain(ns.name);
    const link = ip("netns", "exec", ns.name, "ip", "-o", "link");
    expect(link.err).toBe("");
    expect(link.code).toBe(0);
    const names = link.out
      .trim()
      .split("\n")
      .map((l) => l.split(": ")[1]);
    expect(names).toEqual(["lo"]);
  });

  it("opens, runs in and deletes a namespace made by `ip netns add`", () => {
    const name = uniqueName("ipadd");
    const add = ip("netns", "add", name);
    expect(add.err).toBe("");
    let deleted = false;
    try {
      expect(listNetns()).toContain(name);
      using h = NetnsHandle.fromName(name);
      expect(h.id()).not.toBe(ROOT_NETNS_ID);
      expect(runInNetns(h, () => currentNetnsId())).toBe(h.id());
      expect(runInNetns(name, () => currentNetnsId())).toBe(h.id());
      deleteNetns(name);
      deleted = true;
      expect(ip("netns", "list").out).not.toContain(name);
    } finally {
      if (!deleted) ip("netns", "del", name);
    }
  });

  it("`ip netns del` removes one of ours", () => {
    const name = uniqueName("ipdel");
    createNetns(name);
    const del = ip("netns", "del", name);
    if (del.code !== 0) deleteNetns(name);
    expect(del.err).toBe("");
    expect(listNetns()).not.toContain(name);
  });

  it("attachNetns names a running process's namespace, as `ip netns attach` does; ip identify and pids agree; bad input refused", () => {
    using ns = tempNetns();
    const proc = Bun.spawn(["ip", "netns", "exec", ns.name, "sleep", "30"], { stdout: "ignore", stderr: "ignore" });
    const name = uniqueName("attach");
    try {
      // the sleep runs once ip netns exec has switched: wait for /proc/PID/ns/net to be the namespace's
      const idOf = (path: string): string | undefined => { try { return netnsIdOfPath(path); } catch { return undefined; } };
      for (let i = 0; i < 100 && idOf(`/proc/${proc.pid}/ns/net`) !== idOf(ns.path); i++) Bun.sleepSync(20);
      expect(attachNetns(name, proc.pid)).toBe(`/run/netns/${name}`);
      expect(netnsIdOfPath(`/run/netns/${name}`)).toBe(netnsIdOfPath(ns.path));
      expect(ip("netns", "pids", name).out.split("\n")).toContain(String(proc.pid));
      expect(ip("netns", "identify", String(proc.pid)).out).toMatch(new RegExp(`^(${ns.name}|${name})\n$`));
      expect(() => attachNetns(name, proc.pid)).toThrow(SyscallError); // EEXIST: the name is taken
    } finally {
      proc.kill();
      if (existsSync(`/run/netns/${name}`)) deleteNetns(name);
    }
    const gone = uniqueName("attachgone");
    expect(() => attachNetns(gone, 0x7ffffffe)).toThrow(/mount/); // no such process: ENOENT from the bind
    expect(existsSync(`/run/netns/${gone}`)).toBe(false); // and the file is removed again
    expect(() => attachNetns(gone, 0)).toThrow(/^pid must be a process id/);
    expect(() => attachNetns("a/b", 1)).toThrow(/name must not contain "\/"/);
  });
});
