/**
 * Kernel test (root): `bun-netlink netns ...` against ip for list (with
 * ids assigned inside a throwaway namespace, so the root namespace's id
 * table is never touched), list-id, set, identify, add/delete and exec.
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
});
