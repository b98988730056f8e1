// Finding the C library: glibc's soname first, then musl's names, one clear error when none loads.
import { dlopen } from "bun:ffi";
import { describe, expect, it } from "vitest";
import { libcCandidates, openLibc } from "../../lib/sys/libc.ts";

describe("libc loading", () => {
  it("tries glibc, then musl's library and loader names for the machine", () => {
    expect(libcCandidates("x64")).toEqual(["libc.so.6", "libc.musl-x86_64.so.1", "/lib/ld-musl-x86_64.so.1", "libc.so"]);
    expect(libcCandidates("arm64")).toEqual(["libc.so.6", "libc.musl-aarch64.so.1", "/lib/ld-musl-aarch64.so.1", "libc.so"]);
  });

  it("takes the first name that loads", () => {
    const tried: string[] = [];
    const got = openLibc(["nope.so.1", "libc.so.6", "never-tried"], (n) => {
      tried.push(n);
      if (n !== "libc.so.6") throw new Error("not here");
      return n;
    });
    expect(got).toBe("libc.so.6");
    expect(tried).toEqual(["nope.so.1", "libc.so.6"]);
  });

  it("names every attempt and glibc/musl in one error when none loads (real dlopen)", () => {
    const names = ["libc.musl-nonexistent.so.1", "/nonexistent/ld-musl.so.1"];
    let err: unknown;
    try {
      openLibc(names, (n) => dlopen(n, { getpid: { args: [], returns: "i32" } }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(Error);
    const msg = (err as Error).message;
    expect(msg).toMatch(/^bun-netlink: cannot load the C library \(it needs Linux with glibc or musl\); tried /);
    for (const n of names) expect(msg).toContain(`${n}: `);
  });
});
