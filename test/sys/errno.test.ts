// errno plumbing: the table, SyscallError's shape, and that errno read through
// __errno_location right after a failing FFI call is the right one every time,
// even when thousands of failures interleave with successful calls and GC.
import { describe, expect, it } from "vitest";
import { Errno, errnoMessage, errnoName, errnoNumber } from "../../lib/sys/errno.ts";
import { isSyscallError, SyscallError } from "../../lib/sys/syscall-error.ts";
import { closeFd, getpid, gettid, openPath, setns, unshare } from "../../lib/sys/ns.ts";
import { NetlinkSocket } from "../../lib/sys/netlink-socket.ts";
import { lastErrno, libc } from "../../lib/sys/libc.ts";
import { AF_NETLINK, CLONE_NEWNET, SOCK_CLOEXEC, SOCK_RAW } from "../../lib/sys/constants.ts";

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof SyscallError) return e.code;
    throw e;
  }
  throw new Error("expected a SyscallError, call succeeded");
}

describe("errno table", () => {
  it("maps numbers to names and strerror-style messages", () => {
    expect(errnoName(1)).toBe("EPERM");
    expect(errnoName(2)).toBe("ENOENT");
    expect(errnoName(22)).toBe("EINVAL");
    expect(errnoName(105)).toBe("ENOBUFS");
    expect(errnoName(11)).toBe("EAGAIN");
    expect(errnoName(110)).toBe("ETIMEDOUT");
    expect(errnoName(95)).toBe("EOPNOTSUPP");
    expect(errnoName(133)).toBe("EHWPOISON");
    expect(errnoMessage(22)).toBe("Invalid argument");
    expect(errnoMessage(2)).toBe("No such file or directory");
    expect(errnoMessage(105)).toBe("No buffer space available");
    expect(errnoMessage(11)).toBe("Resource temporarily unavailable");
  });

  it("falls back to E<n> / Unknown error <n>, and treats -errno like errno", () => {
    expect(errnoName(999)).toBe("E999");
    expect(errnoName(0)).toBe("E0");
    expect(errnoMessage(999)).toBe("Unknown error 999");
    expect(errnoName(-17)).toBe("EEXIST");
    expect(errnoMessage(-17)).toBe("File exists");
  });

  it("has named constants that agree with the table, aliases included", () => {
    for (const [name, n] of Object.entries(Errno)) {
      expect(errnoNumber(name), name).toBe(n);
      if (!["EWOULDBLOCK", "ENOTSUP"].includes(name)) expect(errnoName(n)).toBe(name);
    }
    expect(errnoNumber("EWOULDBLOCK")).toBe(11);
    expect(errnoNumber("ENOTSUP")).toBe(95);
    expect(errnoNumber("EDEADLOCK")).toBe(35);
    expect(errnoNumber("ENOPE")).toBeUndefined();
  });
});

describe("SyscallError", () => {
  it("formats syscall: CODE (message)", () => {
    const e = new SyscallError("setns", 22);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe("SyscallError");
    expect(e.message).toBe("setns: EINVAL (Invalid argument)");
    expect(e.syscall).toBe("setns");
    expect(e.errno).toBe(22);
    expect(e.code).toBe("EINVAL");
    expect(e.context).toBeUndefined();
  });

  it("appends context such as a path", () => {
    const e = new SyscallError("open", 2, "/x/y");
    expect(e.message).toBe("open /x/y: ENOENT (No such file or directory)");
    expect(e.context).toBe("/x/y");
  });

  it("isSyscallError filters by code", () => {
    const e = new SyscallError("close", 9);
    expect(isSyscallError(e)).toBe(true);
    expect(isSyscallError(e, "EBADF")).toBe(true);
    expect(isSyscallError(e, "EINVAL", "ENOENT")).toBe(false);
    expect(isSyscallError(new Error("x"))).toBe(false);
  });

  it("real failures carry syscall, errno, code and context", () => {
    try {
      openPath("/nonexistent-bnltest/dir/file");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SyscallError);
      const se = e as SyscallError;
      expect(se.syscall).toBe("open");
      expect(se.errno).toBe(2);
      expect(se.code).toBe("ENOENT");
      expect(se.message).toBe("open /nonexistent-bnltest/dir/file: ENOENT (No such file or directory)");
    }
  });
});

describe("errno under load", () => {
  const UNUSED_FD = 987_654; // far above any fd this process opens
  const rawSocket = (domain: number, type: number, protocol: number): void => {
    const fd = libc.socket(domain, type, protocol);
    if (fd >= 0) {
      libc.close(fd);
      throw new Error("socket unexpectedly succeeded");
    }
    throw new SyscallError("socket", lastErrno());
  };

  it("reports the right code every time across thousands of interleaved calls", () => {
    const devNull = openPath("/dev/null"); // a real fd that is not a namespace
    const counts: Record<string, number> = {};
    const bump = (k: string) => (counts[k] = (counts[k] ?? 0) + 1);
    try {
      for (let i = 0; i < 3000; i++) {
        expect(codeOf(() => closeFd(UNUSED_FD))).toBe("EBADF");
        bump("EBADF");
        // success in between: must not leave a stale errno behind
        closeFd(openPath("/dev/null"));
        expect(codeOf(() => openPath(`/nonexistent-bnltest/${i}`))).toBe("ENOENT");
        bump("ENOENT");
        expect(codeOf(() => setns(-1, CLONE_NEWNET))).toBe("EBADF");
        expect(getpid()).toBe(process.pid);
        expect(codeOf(() => setns(devNull, CLONE_NEWNET))).toBe("EINVAL");
        bump("EINVAL");
        expect(codeOf(() => unshare(0x1))).toBe("EINVAL"); // CSIGNAL bits are not unshare flags
        expect(codeOf(() => rawSocket(12345, SOCK_RAW, 0))).toBe("EAFNOSUPPORT");
        bump("EAFNOSUPPORT");
        if (i % 10 === 0) NetlinkSocket.open(0).close();
        expect(codeOf(() => NetlinkSocket.open(31))).toBe("EPROTONOSUPPORT"); // no such netlink family
        bump("EPROTONOSUPPORT");
        expect(codeOf(() => rawSocket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, 31))).toBe("EPROTONOSUPPORT");
        if (i % 100 === 0) {
          // churn the heap so GC runs between failing calls and errno reads
          const junk: unknown[] = [];
          for (let j = 0; j < 2000; j++) junk.push({ j, s: `x${j}`, a: new Uint8Array(64) });
          Bun.gc(false);
        }
      }
    } finally {
      closeFd(devNull);
    }
    expect(counts).toEqual({ EBADF: 3000, ENOENT: 3000, EINVAL: 3000, EAFNOSUPPORT: 3000, EPROTONOSUPPORT: 3000 });
  });

  it("gettid is the JS thread, getpid the process", () => {
    expect(getpid()).toBe(process.pid);
    expect(gettid()).toBeGreaterThan(0);
    expect(gettid()).toBe(gettid());
  });

  it("validates arguments before any syscall", () => {
    expect(() => setns(1.5, CLONE_NEWNET)).toThrow(TypeError);
    expect(() => setns(0, 2 ** 40)).toThrow(RangeError);
    expect(() => openPath("/tmp/a\0b")).toThrow(/path must not contain a NUL byte/);
    expect(() => unshare(Number.NaN)).toThrow(/flags must be an integer/);
  });
});
