/**
 * `bun-netlink-tc filter add ... basic ...` lines that tc 6.1 refuses (or
 * that reach the kernel, which lacks cls_basic here): stdout, stderr and
 * exit status equal tc's, run live in twin namespaces. Covers f_basic.c's
 * own errors, the ematch grammar's "Parse error" report (the words read so
 * far, the last one marked), tc's one-word look-back at the end of the line,
 * the kinds' em_parse_error reports (cmp, nbyte, u32, meta), unknown kinds
 * and bad escapes in quoted strings.
 */
import { expect, it } from "vitest";
import { describeKernel } from "../helpers/netns.ts";
import { tc, tcNetns, oursTc, theirsTc } from "./kernel-env.ts";

const HEAD = ["filter", "add", "dev", "v0", "ingress", "basic"];

const LINES: string[][] = [
  ["match", "cmp(u8 at 0 layer network eq 0x45)"],
  ["match", "cmp(u8 at 0 layer network eq 0x45)", "classid", "1:1"],
  ["match", "cmp", "(", "u8", "at", "0", "eq", "1", ")"],
  ["match"],
  ["match", "cmp(u8 at 0 eq 1)", "and", "classid", "1:1"],
  ["match", "(cmp(u8 at 0 eq 1)", "classid", "1:1"],
  ["match", "cmp(u8 at 0 eq 1) classid 1:1"],
  ["match", "foo(1 2)", "classid", "1:1"],
  ["match", "text(kmp foo)", "classid", "1:1"],
  ["match", "cmp(u9 at 0 eq 1)", "classid", "1:1"],
  ["match", "cmp(u8 at x eq 1)", "classid", "1:1"],
  ["match", "cmp(u8 at 0 layer 7 eq 1)", "classid", "1:1"],
  ["match", "cmp(u8 at 0 bogus eq 1)", "classid", "1:1"],
  ["match", "cmp(u8 at 0)", "classid", "1:1"],
  ["match", "cmp(u8 at)", "classid", "1:1"],
  ["match", "nbyte(\"\" at 0)", "classid", "1:1"],
  ["match", "nbyte(\"ab\")", "classid", "1:1"],
  ["match", "nbyte(\"\\777\" at 0)", "classid", "1:1"],
  ["match", "nbyte(\"\\8\" at 0)", "classid", "1:1"],
  ["match", "u32(u16 0x10000 0xffff at 0)", "classid", "1:1"],
  ["match", "u32(u32 1 2 at 2)", "classid", "1:1"],
  ["match", "u32(u32 1 2 3)", "classid", "1:1"],
  ["match", "u32(u32 1 2 at 0 4)", "classid", "1:1"],
  ["match", "meta(mark eq 5)", "classid", "1:1"],
  ["match", "meta(nf_mark)", "classid", "1:1"],
  ["match", "meta(nf_mark ne 5)", "classid", "1:1"],
  ["match", "meta(nf_mark eq)", "classid", "1:1"],
  ["match", "meta(nf_mark eq 5 6)", "classid", "1:1"],
  ["match", "meta(nf_mark shift x eq 5)", "classid", "1:1"],
  ["match", "cmp(u8 at 0 eq 1)", "classid", "zz"],
  ["bogus"],
  ["help"],
  ["classid"],
  ["police", "rate", "1mbit", "burst", "10k", "classid", "1:1"],
];

describeKernel("bun-netlink-tc basic command lines: refusals and kernel answers equal tc's", () => {
  it("every line prints the same and exits the same", async () => {
    using a = tcNetns(false);
    using b = tcNetns(false);
    for (const ns of [a.name, b.name]) tc(ns, ["qdisc", "add", "dev", "v0", "clsact"]);
    for (const l of LINES) {
      const args = [...HEAD, ...l];
      expect(await oursTc(b.name, args), JSON.stringify(l)).toEqual(theirsTc(a.name, args));
    }
    // the reports compared are tc's real ones
    const err = (l: string[]) => theirsTc(a.name, [...HEAD, ...l]).err;
    expect(err(["match", "(cmp(u8 at 0 eq 1)", "classid", "1:1"])).toContain("... (cmp(u8 at 0 eq 1) >>classid<< ...");
    expect(err(["match", "u32(u32 1 2 at 2)", "classid", "1:1"])).toContain("... u32(u32 1 2 at >>2<<)...");
    expect(err(["match", "cmp(u8 at 0 layer network eq 0x45)"])).toContain('What is "cmp(u8 at 0 layer network eq 0x45)"?');
  }, 60_000);
});
