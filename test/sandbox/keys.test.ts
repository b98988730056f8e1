// Keys: validation of base paths and keys, symlink refusal, osl.GenerateKey semantics.
import { describe, expect, it } from "vitest";
import { atoi, atoi64, checkKeyFile, generateKey, keyPath, validateBasePath } from "../../lib/sandbox/keys.ts";
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
  it("accepts a bare name (under the base) or an absolute path anywhere, as osl does", () => {
    expect(keyPath(BASE, "abc123")).toBe(`${BASE}/abc123`);
    expect(keyPath(BASE, `${BASE}/abc123`)).toBe(`${BASE}/abc123`);
    expect(keyPath(BASE, "/tmp/netns0123456789ab")).toBe("/tmp/netns0123456789ab"); // osl's own tests put keys in /tmp
    expect(keyPath(BASE, `${BASE}/a/b`)).toBe(`${BASE}/a/b`);
    expect(keyPath(BASE, "/run/docker/netns/x")).toBe("/run/docker/netns/x");
  });
  it.each([
    [`${BASE}/../x`, /"\." or "\.\."/],
    ["..", /"\." or "\.\."/],
    [".", /"\." or "\.\."/],
    [`${BASE}/..`, /"\." or "\.\."/],
    ["/tmp/./k", /"\." or "\.\."/],
    ["a/b", /bare name or an absolute path/],
    ["./k", /bare name or an absolute path/],
    ["/run//netns/k", /empty components/],
    ["a\0b", /NUL/],
    ["", /1\.\.255 bytes/],
    [`${BASE}/`, /trailing/],
    ["/", /trailing/],
    ["x".repeat(256), /1\.\.255 bytes/],
    [`/tmp/${"x".repeat(256)}`, /1\.\.255 bytes/],
  ])("rejects %j", (k, re) => {
    expect(() => keyPath(BASE, k)).toThrow(re);
  });
  it("rejects non-strings with a TypeError naming key", () => {
    expect(() => keyPath(BASE, 7)).toThrow(/^key: expected a string/);
  });
});

describe("checkKeyFile", () => {
  it("passes for plain paths and missing ones, whatever the base path resolves to", () => {
    const os = osWith(["k"]);
    expect(() => checkKeyFile(os, `${BASE}/k`)).not.toThrow();
    expect(() => checkKeyFile(os, `${BASE}/missing`)).not.toThrow();
    const linked = new FakeOs();
    linked.symlinks.set(BASE, "/tmp/elsewhere"); // a symlinked directory on the way is fine
    expect(() => checkKeyFile(linked, `${BASE}/k`)).not.toThrow();
  });
  it("refuses a key that is a symlink", () => {
    const os = osWith([]);
    os.symlinks.set(`${BASE}/evil`, "/etc/passwd");
    expect(() => checkKeyFile(os, `${BASE}/evil`)).toThrow(/is a symlink/);
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
  it("atoi64 takes Go's int64 range (strconv.Atoi on 64-bit)", () => {
    expect(atoi64("9223372036854775807")).toBe(9223372036854775807n);
    expect(atoi64("-9223372036854775808")).toBe(-9223372036854775808n);
    expect(atoi64("9223372036854775808")).toBeUndefined();
    expect(atoi("9007199254740993")).toBeUndefined(); // int64 but not a safe JS number
  });
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
  it("counts 12 bytes as Go's containerID[:12] does, not UTF-16 units", () => {
    // "é" is 2 UTF-8 bytes: Go keeps 6 of 7; counting UTF-16 units would keep all 7.
    expect(generateKey(osWith([]), BASE, "ééééééé")).toBe(`${BASE}/éééééé`);
    expect(generateKey(osWith([]), BASE, "abcdefghi€x")).toBe(`${BASE}/abcdefghi€`); // 9 + 3 bytes
  });
  it("refuses (RangeError) where Go would cut inside a character, and a '-' id shorter than Go's 11-byte slice", () => {
    expect(() => generateKey(osWith([]), BASE, "abcdefghijk€")).toThrow(RangeError); // byte 12 is inside "€"
    expect(() => generateKey(osWith([]), BASE, "-abc")).toThrow(/at least 11/);
  });
  it("matches '-' ids on the first 11 bytes", () => {
    const os = osWith(["4-ééééé"]); // "-ééééé" is 11 bytes
    expect(generateKey(os, BASE, "-éééééxyz")).toBe(`${BASE}/4-ééééé`);
  });
  it("validates the id", () => {
    expect(() => generateKey(osWith([]), BASE, "")).toThrow(/must not be empty/);
    expect(() => generateKey(osWith([]), BASE, "a/b")).toThrow(/must not contain/);
    expect(() => generateKey(osWith([]), BASE, "..")).toThrow(/"\." or "\.\."/);
    expect(() => generateKey(osWith([]), BASE, 5)).toThrow(TypeError);
  });
});
