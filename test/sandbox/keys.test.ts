// Keys: validation of base paths and keys, symlink refusal, osl.GenerateKey semantics.
import { describe, expect, it } from "vitest";
import { atoi, checkNoSymlinks, generateKey, keyPath, validateBasePath } from "../../lib/sandbox/keys.ts";
import { FakeOs } from "../../fixtures/sandbox/fake-os.ts";

const BASE = "/run/bnl-fake/netns";

function osWith(names: string[]): FakeOs {
  const os = new FakeOs({ dirs: [BASE] });
  for (const n of names) os.files.add(`${BASE}/${n}`);
  return os;
}

describe("validateBasePath", () => {
  it("accepts absolute canonical paths", () => {
    expect(validateBasePath("/run/netns")).toBe("/run/netns");
    expect(validateBasePath("/var/run/docker/netns")).toBe("/var/run/docker/netns");
  });
  it.each([
    ["run/netns", /absolute/],
    ["/", /absolute/],
    ["/run/netns/", /empty components/],
    ["/run//netns", /empty components/],
    ["/run/../etc", /"\." or "\.\."/],
    ["/run/./netns", /"\." or "\.\."/],
    ["/run/net\0ns", /NUL/],
  ])("rejects %j", (p, re) => {
    expect(() => validateBasePath(p)).toThrow(re);
  });
  it("rejects non-strings", () => {
    expect(() => validateBasePath(42)).toThrow(TypeError);
  });
});

describe("keyPath", () => {
  it("accepts a bare name or a path directly under the base", () => {
    expect(keyPath(BASE, "abc123")).toBe(`${BASE}/abc123`);
    expect(keyPath(BASE, `${BASE}/abc123`)).toBe(`${BASE}/abc123`);
  });
  it.each([
    [`${BASE}/../x`, /\.\./],
    ["..", /"\." or "\.\."/],
    [".", /"\." or "\.\."/],
    [`${BASE}/..`, /\.\./],
    ["/etc/passwd", /outside the base path/],
    [`${BASE}/a/b`, /outside the base path/],
    [`${BASE}x/a`, /outside the base path/],
    ["a\0b", /NUL/],
    ["", /1\.\.255 bytes/],
    [`${BASE}/`, /1\.\.255 bytes/],
    ["x".repeat(256), /1\.\.255 bytes/],
  ])("rejects %j", (k, re) => {
    expect(() => keyPath(BASE, k)).toThrow(re);
  });
  it("rejects non-strings with a TypeError naming key", () => {
    expect(() => keyPath(BASE, 7)).toThrow(/^key: expected a string/);
  });
});

describe("checkNoSymlinks", () => {
  it("passes for plain paths and missing ones", () => {
    const os = osWith(["k"]);
    expect(() => checkNoSymlinks(os, BASE, `${BASE}/k`)).not.toThrow();
    expect(() => checkNoSymlinks(os, BASE, `${BASE}/missing`)).not.toThrow();
    expect(() => checkNoSymlinks(new FakeOs(), BASE, `${BASE}/k`)).not.toThrow();
  });
  it("refuses a key that is a symlink", () => {
    const os = osWith([]);
    os.symlinks.set(`${BASE}/evil`, "/etc/passwd");
    expect(() => checkNoSymlinks(os, BASE, `${BASE}/evil`)).toThrow(/is a symlink/);
  });
  it("refuses a base path that resolves elsewhere", () => {
    const os = new FakeOs();
    os.symlinks.set(BASE, "/tmp/elsewhere");
    expect(() => checkNoSymlinks(os, BASE, `${BASE}/k`)).toThrow(/goes through a symlink/);
  });
});

describe("atoi (Go strconv.Atoi subset)", () => {
  it.each([
    ["12", 12],
    ["+3", 3],
    ["-4", -4],
    ["007", 7],
  ])("%j -> %d", (s, n) => expect(atoi(s)).toBe(n));
  it.each(["", "1a", " 1", "0x10", "1.5", "99999999999999999999"])("%j -> undefined", (s) => expect(atoi(s)).toBeUndefined());
});

describe("generateKey", () => {
  const id = "0123456789abcdef0123";
  it("is the base path plus the first 12 characters", () => {
    expect(generateKey(osWith([]), BASE, id)).toBe(`${BASE}/0123456789ab`);
    expect(generateKey(osWith([]), BASE, "short")).toBe(`${BASE}/short`);
  });
  it("resolves a '-' id to the entry with the highest numeric prefix", () => {
    const dash = "-abcdefghijklmnop"; // first 11 characters: "-abcdefghij"
    const os = osWith(["1-abcdefghij", "7-abcdefghij", "3-abcdefghij", "12-abcdefghij", "other"]);
    expect(generateKey(os, BASE, dash)).toBe(`${BASE}/12-abcdefghi`); // the entry name, at most 12 characters
  });
  it("returns '' when nothing matches, when the prefix is 0 only, or when the base is unreadable", () => {
    expect(generateKey(osWith(["other"]), BASE, "-abcdefghijkl")).toBe("");
    expect(generateKey(osWith(["0-abcdefghij"]), BASE, "-abcdefghijkl")).toBe("");
    expect(generateKey(new FakeOs(), BASE, "-abcdefghijkl")).toBe("");
  });
  it("returns '' when a matching entry's prefix is not a number (as the seed does)", () => {
    expect(generateKey(osWith(["7-abcdefghij", "x-abcdefghij"]), BASE, "-abcdefghijkl")).toBe("");
  });
  it("validates the id", () => {
    expect(() => generateKey(osWith([]), BASE, "")).toThrow(/must not be empty/);
    expect(() => generateKey(osWith([]), BASE, "a/b")).toThrow(/must not contain/);
    expect(() => generateKey(osWith([]), BASE, "..")).toThrow(/"\." or "\.\."/);
    expect(() => generateKey(osWith([]), BASE, 5)).toThrow(TypeError);
  });
});
