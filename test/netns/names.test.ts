// Input validation of namespace names and references: pure, no root needed.
import { describe, expect, it } from "vitest";
import { resolveNetnsPath, validateNetnsName } from "../../lib/netns/names.ts";
import { createNetns, deleteNetns, listNetns } from "../../lib/netns/manage.ts";
import { NetnsHandle } from "../../lib/netns/handle.ts";
import { runInNetns } from "../../lib/netns/run.ts";
import { execInNetns } from "../../lib/netns/exec.ts";

describe("namespace names", () => {
  it("accepts ordinary names up to 255 bytes", () => {
    for (const n of ["a", "blue", "ns-1.2_x", "é", "x".repeat(255)]) expect(() => validateNetnsName(n)).not.toThrow();
  });

  it("rejects bad names with TypeError/RangeError naming the field", () => {
    expect(() => validateNetnsName("")).toThrow(RangeError);
    expect(() => validateNetnsName("x".repeat(256))).toThrow(/name must be 1\.\.255 bytes/);
    expect(() => validateNetnsName("é".repeat(128))).toThrow(RangeError); // 256 bytes
    expect(() => validateNetnsName("a/b")).toThrow(TypeError);
    expect(() => validateNetnsName(".")).toThrow(/"\." or "\.\."/);
    expect(() => validateNetnsName("..")).toThrow(TypeError);
    expect(() => validateNetnsName("a\0b")).toThrow(/NUL/);
    expect(() => validateNetnsName(42)).toThrow(/name must be a string/);
  });

  it("resolves names under the base path and passes paths through", () => {
    expect(resolveNetnsPath("blue")).toBe("/run/netns/blue");
    expect(resolveNetnsPath("blue", "/tmp/ns/")).toBe("/tmp/ns/blue");
    expect(resolveNetnsPath("/proc/1/ns/net")).toBe("/proc/1/ns/net");
    expect(resolveNetnsPath("./x")).toBe("./x");
    expect(() => resolveNetnsPath("..")).toThrow(TypeError);
  });

  it("rejects bad input before touching the system", () => {
    expect(() => createNetns("a/b")).toThrow(/name must not contain "\/"/);
    expect(() => createNetns("")).toThrow(RangeError);
    expect(() => createNetns("ok", { basePath: "" })).toThrow(/basePath/);
    expect(() => deleteNetns("..")).toThrow(TypeError);
    expect(() => listNetns("")).toThrow(/basePath/);
    expect(() => NetnsHandle.fromPid(0)).toThrow(/pid/);
    expect(() => NetnsHandle.fromPid(1.5)).toThrow(RangeError);
    expect(() => NetnsHandle.fromName("a/b")).toThrow(/name/);
    expect(() => runInNetns(42 as unknown as string, () => 1)).toThrow(/ns must be/);
    expect(() => runInNetns("x", 1 as unknown as () => number)).toThrow(/fn must be a function/);
    expect(() => execInNetns("x", [])).toThrow(/argv must be a non-empty array/);
    expect(() => execInNetns("x", ["a\0"])).toThrow(/argv\[0\] must not contain a NUL/);
    expect(() => execInNetns("x", ["ls"], { timeoutMs: -1 })).toThrow(RangeError);
  });
});
