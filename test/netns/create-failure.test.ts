// createNetns failure paths: the JS thread is switched back and the file is
// removed even when a step fails after the real unshare(CLONE_NEWNET).
import { afterEach, expect, it, vi } from "vitest";
import { existsSync } from "node:fs";
import { SyscallError } from "../../lib/sys/syscall-error.ts";
import { createNetns, listNetns } from "../../lib/netns/manage.ts";
import { currentNetnsId } from "../../lib/netns/handle.ts";
import { describeKernel, ROOT_NETNS_ID, TEMP_NETNS_PREFIX } from "../helpers/netns.ts";

const inject = vi.hoisted(() => ({ failMountOf: "", failUnshare: false, unshares: 0 }));

vi.mock("../../lib/sys/ns.ts", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../lib/sys/ns.ts")>();
  return {
    ...real,
    unshare: (flags: number) => {
      if (inject.failUnshare) throw new SyscallError("unshare", 1);
      inject.unshares++;
      real.unshare(flags);
    },
    mount: (...args: Parameters<typeof real.mount>) => {
      if (inject.failMountOf !== "" && args[0] === inject.failMountOf) throw new SyscallError("mount", 12, args[1]);
      real.mount(...args);
    },
  };
});

afterEach(() => {
  inject.failMountOf = "";
  inject.failUnshare = false;
});

describeKernel("createNetns failures", () => {
  it("switches back and removes the file when the bind mount fails after unshare", () => {
    const name = `${TEMP_NETNS_PREFIX}fail-mount-${process.pid}`;
    inject.failMountOf = "/proc/thread-self/ns/net";
    const before = inject.unshares;
    expect(() => createNetns(name)).toThrow(`mount /run/netns/${name}: ENOMEM`);
    expect(inject.unshares).toBe(before + 1); // the thread really was in a new namespace
    expect(currentNetnsId()).toBe(ROOT_NETNS_ID);
    expect(existsSync(`/run/netns/${name}`)).toBe(false);
    expect(listNetns()).not.toContain(name);
  });

  it("removes the file when unshare fails", () => {
    const name = `${TEMP_NETNS_PREFIX}fail-unshare-${process.pid}`;
    inject.failUnshare = true;
    expect(() => createNetns(name)).toThrow("unshare: EPERM (Operation not permitted)");
    expect(currentNetnsId()).toBe(ROOT_NETNS_ID);
    expect(existsSync(`/run/netns/${name}`)).toBe(false);
  });
});
