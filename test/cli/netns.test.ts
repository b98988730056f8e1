/**
 * Kernel test (root): `bun-netlink netns ...` against ip for list (with
 * ids assigned inside a throwaway namespace, so the root namespace's id
 * table is never touched), list-id, set, identify, add/delete, exec and
 * attach, and the words each refuses (messages and exit codes as ip's).
 */
import { expect, it } from "vitest";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { describeKernel, tempNetns } from "../helpers/netns.ts";
import { cli, expectSame, ip, ipOk } from "./helpers.ts";

describeKernel("cli netns", () => {
  it("list, list-id, set and identify print like ip", async () => {
    const viewer = tempNetns();
    const a = tempNetns();
    const b = tempNetns();
    try {
      // ids live in the viewer namespace (-n viewer)
      ipOk(["-n", viewer.name, "netns", "set", a.name, "7"]);
      expect(await cli(["-n", viewer.name, "netns", "set", b.name, "auto"])).toEqual({ code: 0, stdout: "", stderr: "" });
      for (const args of [["netns", "list"], ["-j", "netns", "list"], ["netns", "list-id"], ["-j", "netns", "list-id"], ["-j", "netns", "list-id", "nsid", "7"]]) {
        await expectSame(["-n", viewer.name, ...args], args.join(" "));
      }
      await expectSame(["netns", "identify", String(process.pid)], "identify");
      await expectSame(["-n", viewer.name, "netns", "identify"], "identify with -n: the -n namespace");
      await expectSame(["-n", viewer.name, "netns", "set", a.name, "bogus"], "bad id");
      await expectSame(["netns", "add", "bad/name"], "bad name");
    } finally {
      viewer.remove();
      a.remove();
      b.remove();
    }
  });

  it("a name whose file is not a namespace: the kernel's refusal of its id printed as ip prints it", async () => {
    // e.g. a namespace bind-mounted only in another mount namespace: here a plain file
    const viewer = tempNetns();
    const plain = `/run/netns/bnltest-plain-${process.pid}`;
    try {
      writeFileSync(plain, "");
      for (const args of [["netns", "list"], ["netns"], ["-j", "netns", "list"], ["netns", "list-id"]]) {
        const want = ip(["-n", viewer.name, ...args]);
        expect(want.stderr).toContain("Error: Peer netns reference is invalid.\n");
        await expectSame(["-n", viewer.name, ...args], args.join(" "));
      }
    } finally {
      rmSync(plain, { force: true });
      viewer.remove();
    }
  });

  it("add, exec and delete", async () => {
    const name = `bnltest-cli-${process.pid}`;
    try {
      expect(await cli(["netns", "add", name])).toEqual({ code: 0, stdout: "", stderr: "" });
      expect(existsSync(`/run/netns/${name}`)).toBe(true);
      expect(ip(["netns", "add", name]).stderr).toBe((await cli(["netns", "add", name])).stderr);
      const want = ip(["netns", "exec", name, "ip", "-j", "link"]);
      const got = await cli(["netns", "exec", name, "ip", "-j", "link"]);
      expect(got).toEqual(want);
      expect((await cli(["netns", "exec", name, "sh", "-c", "exit 7"])).code).toBe(7);
      expect(await cli(["netns", "delete", name])).toEqual({ code: 0, stdout: "", stderr: "" });
      expect(existsSync(`/run/netns/${name}`)).toBe(false);
      const del = await cli(["netns", "delete", name]);
      expect(del).toEqual({ ...ip(["netns", "delete", name]) });
    } finally {
      if (existsSync(`/run/netns/${name}`)) ip(["netns", "delete", name]);
    }
  });

  it("attach names a process's namespace as ip netns attach does", async () => {
    using ns = tempNetns();
    const proc = Bun.spawn(["ip", "netns", "exec", ns.name, "sleep", "30"], { stdout: "ignore", stderr: "ignore" });
    const name = `${ns.name}-att`;
    try {
      for (let i = 0; i < 100 && ip(["netns", "identify", String(proc.pid)]).stdout !== `${ns.name}\n`; i++) Bun.sleepSync(20);
      expect(await cli(["netns", "attach", name, String(proc.pid)])).toEqual({ code: 0, stdout: "", stderr: "" });
      expect(ip(["netns", "pids", name]).stdout.split("\n")).toContain(String(proc.pid));
      await expectSame(["netns", "pids", name], "pids of the attached name");
      await expectSame(["netns", "attach", name, String(proc.pid)], "the name is taken");
    } finally {
      proc.kill();
      if (existsSync(`/run/netns/${name}`)) ip(["netns", "delete", name]);
    }
  });

  it("refused words: missing and extra arguments, bad pids and ids, invalid names, as ip (message and exit code)", async () => {
    using ns = tempNetns();
    const cases = [
      ["netns", "add"], ["netns", "del"], ["netns", "exec"], ["netns", "exec", ns.name], ["netns", "pids"], ["netns", "pids", ns.name, "x"],
      ["netns", "pids", `${ns.name}-nope`], ["netns", "identify", "abc"], ["netns", "identify", "1", "2"], ["netns", "identify", "2147483646"],
      ["netns", "identify", "a/b"], ["netns", "set"], ["netns", "set", ns.name], ["netns", "set", ns.name, "-1"], ["netns", "set", `${ns.name}-nope`, "5"],
      ["netns", "attach"], ["netns", "attach", "x"], ["netns", "attach", "x", "abc"], ["netns", "attach", "x", "0"], ["netns", "attach", `${ns.name}-neg`, "-5"],
      ["netns", "attach", `${ns.name}-gone`, "2147483646"], ["netns", "attach", ns.name, "1"], ["netns", "pids", "."],
    ];
    for (const args of cases) await expectSame(args, args.join(" "));
    expect(existsSync(`/run/netns/${ns.name}-gone`)).toBe(false);
  });
});
