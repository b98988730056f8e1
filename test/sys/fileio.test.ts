/**
 * lib/sys/fileio.ts: read(2)/write(2)/open(2) without node:fs, checked
 * against node:fs on the same files (multi-chunk, multi-byte UTF-8,
 * invalid sequences, missing files, directories).
 */
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isDirectory, readDirNames, readTextFile, writeFd } from "../../lib/sys/fileio.ts";

const dir = mkdtempSync(join(tmpdir(), "bnl-fileio-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("readTextFile", () => {
  it("reads what readFileSync(path, 'utf8') reads: empty, small, past one 64 KiB read, split multi-byte characters, invalid bytes", () => {
    const cases: Array<[string, Uint8Array]> = [
      ["empty", new Uint8Array(0)],
      ["small", new TextEncoder().encode("0\tdefault\n# comment\n1 büro\n")],
      ["big", new TextEncoder().encode("€".repeat(70_000))], // 210,000 bytes: a character split at every 64 KiB read
      ["invalid", Uint8Array.from([0x61, 0xff, 0xc3, 0x28, 0x62, 0xe2, 0x82])],
    ];
    for (const [name, bytes] of cases) {
      const p = join(dir, name);
      writeFileSync(p, bytes);
      expect(readTextFile(p), name).toBe(readFileSync(p, "utf8"));
    }
  });

  it("undefined for a file that cannot be opened; a directory opens but its read fails (EISDIR)", () => {
    expect(readTextFile(join(dir, "missing"))).toBeUndefined();
    expect(() => readTextFile(dir)).toThrow(/read.*EISDIR/);
    expect(() => readTextFile("a\0b")).toThrow(TypeError);
  });
});

describe("isDirectory", () => {
  it("true for a directory, false for a file or a missing path", () => {
    writeFileSync(join(dir, "f"), "x");
    expect(isDirectory(dir)).toBe(true);
    expect(isDirectory(join(dir, "f"))).toBe(false);
    expect(isDirectory(join(dir, "nope"))).toBe(false);
  });
});

describe("writeFd", () => {
  it("writes a range of a buffer and returns the count; a bad fd is a SyscallError EBADF; a range outside the buffer a RangeError", () => {
    const p = join(dir, "w");
    const fd = openSync(p, "w");
    try {
      const b = new TextEncoder().encode("hello, world");
      expect(writeFd(fd, b, 7)).toBe(5);
      expect(writeFd(fd, b, 0, 5)).toBe(5);
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(p, "utf8")).toBe("worldhello");
    expect(() => writeFd(-1, new Uint8Array(1))).toThrow(expect.objectContaining({ syscall: "write", code: "EBADF" }));
    expect(() => writeFd(1, new Uint8Array(4), 3, 2)).toThrow(RangeError);
  });
});

describe("readDirNames", () => {
  it("lists what readdirSync lists (files, subdirectories, symlinks, UTF-8 and long names; no . or ..), in any order", () => {
    const d = mkdtempSync(join(dir, "list-"));
    expect(readDirNames(d)).toEqual([]);
    const names = ["a.conf", "b", "büro.conf", ".hidden", "x".repeat(255), "with space"];
    for (const n of names) writeFileSync(join(d, n), "1 x\n");
    mkdirSync(join(d, "sub.conf"));
    symlinkSync(join(d, "b"), join(d, "link.conf"));
    for (let i = 0; i < 300; i++) writeFileSync(join(d, `many-${i}`), "");
    const got = readDirNames(d)!;
    expect(got.length).toBe(readdirSync(d).length);
    expect([...got].sort()).toEqual(readdirSync(d).sort());
    expect(got).not.toContain(".");
    expect(got).not.toContain("..");
  });

  it("undefined for a missing path or a file; TypeError for a NUL byte", () => {
    writeFileSync(join(dir, "plain"), "x");
    expect(readDirNames(join(dir, "missing"))).toBeUndefined();
    expect(readDirNames(join(dir, "plain"))).toBeUndefined();
    expect(() => readDirNames("a\0b")).toThrow(TypeError);
  });
});
