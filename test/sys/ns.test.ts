// Namespace/mount/file syscall wrappers that can be checked without changing anything.
import { describe, expect, it } from "vitest";
import { readFileSync, statSync } from "node:fs";
import { closeFd, fcntl, getpid, isReadOnlyFs, mount, openPath, umount2, unlinkPath } from "../../lib/sys/ns.ts";
import { F_GETFD, FD_CLOEXEC, MS_BIND, O_CLOEXEC, O_DIRECTORY, O_RDONLY } from "../../lib/sys/constants.ts";
import { SyscallError } from "../../lib/sys/syscall-error.ts";

describe("file and mount wrappers", () => {
  it("openPath defaults to O_RDONLY|O_CLOEXEC and honours explicit flags", () => {
    const a = openPath("/dev/null");
    const b = openPath("/", O_RDONLY | O_DIRECTORY);
    try {
      expect(fcntl(a, F_GETFD) & FD_CLOEXEC).toBe(FD_CLOEXEC);
      expect(fcntl(b, F_GETFD) & FD_CLOEXEC).toBe(0);
    } finally {
      closeFd(a);
      closeFd(b);
    }
    expect(() => openPath("/dev/null", O_RDONLY | O_DIRECTORY | O_CLOEXEC)).toThrow("open /dev/null: ENOTDIR (Not a directory)");
  });

  it("isReadOnlyFs agrees with the per-mount options in mountinfo", () => {
    const byPoint = new Map<string, boolean>();
    for (const line of readFileSync("/proc/self/mountinfo", "utf8").trim().split("\n")) {
      const f = line.split(" ");
      const point = f[4] as string;
      if (point.includes("\\") || point.startsWith("/run/netns/")) continue; // escaped names; ns files come and go
      byPoint.set(point, (f[5] as string).split(",").includes("ro")); // later lines stack on earlier ones
    }
    let checked = 0;
    for (const [point, ro] of byPoint) {
      try {
        statSync(point);
      } catch {
        continue;
      }
      expect(isReadOnlyFs(point), point).toBe(ro);
      checked++;
    }
    expect(checked).toBeGreaterThan(3);
    expect(isReadOnlyFs("/")).toBe(false);
  });

  it("mount/umount2/unlink report failures with the path", () => {
    expect(() => mount("/nonexistent-bnltest-a", "/nonexistent-bnltest-b", null, MS_BIND)).toThrow(SyscallError);
    expect(() => mount("/nonexistent-bnltest-a", "/nonexistent-bnltest-b", null, MS_BIND)).toThrow(/^mount \/nonexistent-bnltest-b: ENOENT/);
    expect(() => umount2("/nonexistent-bnltest-b", 0)).toThrow(/umount2 \/nonexistent-bnltest-b: ENOENT/);
    expect(() => unlinkPath("/nonexistent-bnltest-b")).toThrow("unlink /nonexistent-bnltest-b: ENOENT (No such file or directory)");
    expect(() => mount(null, "/x", null, -1)).toThrow(RangeError);
    expect(() => mount(null, "/x\0", null, 0)).toThrow(/target must not contain a NUL/);
    expect(getpid()).toBe(process.pid);
  });
});
