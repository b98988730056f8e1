/**
 * lib/format/names.ts NameTable: the base file, then FILE.d/*.conf (listed
 * through libc, lib/sys/fileio.ts readDirNames), as ip's rt_names.c reads
 * them; other names in the .d directory are ignored. The table's file name
 * is relative to /etc/iproute2, so a throwaway directory is reached by "../..".
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { NameTable } from "../../lib/format/names.ts";

const dir = mkdtempSync(join(tmpdir(), "bnl-names-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("NameTable with a .d directory", () => {
  it("reads the base file and every *.conf in FILE.d, not other files, directories named *.conf or a missing .d", () => {
    writeFileSync(join(dir, "t"), "# base\n1 one\n2 two\n");
    mkdirSync(join(dir, "t.d"));
    writeFileSync(join(dir, "t.d", "a.conf"), "10 ten # comment\n0x0b eleven\n");
    writeFileSync(join(dir, "t.d", "b.conf"), "12 twelve\n");
    writeFileSync(join(dir, "t.d", "c.txt"), "13 thirteen\n");
    mkdirSync(join(dir, "t.d", "d.conf"));
    const t = new NameTable(`../..${dir}/t`, { 0: "zero" });
    expect([0, 1, 2, 10, 11, 12, 13].map((n) => t.name(n))).toEqual(["zero", "one", "two", "ten", "eleven", "twelve", "13"]);
    expect(t.id("twelve")).toBe(12);
    expect(t.id("thirteen")).toBeUndefined();
    writeFileSync(join(dir, "u"), "5 five\n");
    const u = new NameTable(`../..${dir}/u`, {});
    expect(u.name(5)).toBe("five");
  });
});
