/**
 * bpf programs from ELF objects (`bpf obj FILE [sec S] [program P]`, tc
 * 6.1 with libbpf 1.1) against the kernel: objects written by a small test
 * writer (bpf-elf-writer.ts; no compiler needed) are loaded by tc in one
 * namespace and by bun-netlink-tc in its twin. Each command gives the same
 * stdout, stderr and exit status (refusals included: missing file, not ELF,
 * not an eBPF object, no such section or program, a legacy `maps` section
 * that libbpf 1.x refuses, a static program, the verifier's log of a
 * rejected program, act_bpf's parse_action lines; classic BPF from a
 * bytecode-file; libbpf's debug lines with `verbose`), and the listings after
 * (text, -j, -d) are equal once the program id and load time, which differ
 * between two loads, are masked: same name (the function's, cut to 15
 * bytes), tag, annotation "FILE:[SECTION]" and flags. tc runs inside
 * `unshare -m --propagation private`, so the bpffs it mounts for its work
 * dir never reaches the host.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { kernelLacks } from "../helpers/kernel-caps.ts";
import { describeKernel } from "../helpers/netns.ts";
import { bpfElf, retProg } from "./bpf-elf-writer.ts";
import { oursTc, tc, tcNetns } from "./kernel-env.ts";

const REJECTED = [[0x61, 0x10, 0, 0, 0, 0, 0, 0], [0x07, 0x01, 0, 0, 0xa0, 0x86, 0x01, 0], [0x63, 0x01, 0, 0, 0, 0, 0, 0], [0x95, 0, 0, 0, 0, 0, 0, 0]];

function objects(dir: string): void {
  const w = (name: string, bytes: Uint8Array) => writeFileSync(join(dir, name), bytes);
  w("ok.o", bpfElf({ license: "GPL", programs: [
    { section: "classifier", name: "cls_main", insns: retProg(-1) },
    { section: "classifier", name: "cls_second", insns: retProg(1) },
    { section: "action", name: "act_main", insns: retProg(0) },
    { section: "other", name: "a_long_function_name_xyz", insns: retProg(2) },
  ] }));
  w("tail.o", bpfElf({ license: "GPL", programs: [{ section: "classifier", name: "cls", insns: retProg(-1) }, { section: "1/2", name: "tail_prog", insns: retProg(0) }] }));
  w("nolicense.o", bpfElf({ programs: [{ section: "classifier", name: "nolic", insns: retProg(-1) }] }));
  w("bad.o", bpfElf({ license: "GPL", programs: [{ section: "classifier", name: "rejected_by_the_verifier", insns: REJECTED }] }));
  w("legacy.o", bpfElf({ license: "GPL", programs: [{ section: "classifier", name: "cls", insns: retProg(-1) }], extra: [{ name: "maps", data: Uint8Array.from([2, 0, 0, 0, 4, 0, 0, 0, 8, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), symbol: "counts" }] }));
  w("static.o", bpfElf({ license: "GPL", programs: [{ section: "classifier", name: "hidden", insns: retProg(-1), local: true }] }));
  w("exec.o", bpfElf({ license: "GPL", eType: 2, programs: [{ section: "classifier", name: "cls", insns: retProg(-1) }] }));
  w("text.o", new TextEncoder().encode("not an object\n"));
  // classic BPF for bytecode-file: one instruction a line, blanks collapsed, as tc reads it
  w("prog.bc", new TextEncoder().encode("4\n40  0 0 12\n21 0\t1 2048\n\n6 0 0 65535\n6 0 0 0\n"));
  w("short.bc", new TextEncoder().encode("2\n6 0 0 0\n"));
}

const ADDS = [
  "filter add dev v0 ingress pref 1 bpf obj @DIR@/ok.o",
  "filter add dev v0 ingress pref 2 bpf object-file @DIR@/ok.o section classifier da",
  "filter add dev v0 ingress pref 3 bpf da obj @DIR@/ok.o sec other",
  "filter add dev v0 ingress pref 4 bpf run obj @DIR@/ok.o program cls_second classid 1:2",
  "filter add dev v0 egress pref 5 protocol ip bpf obj @DIR@/ok.o sec action program a_long_function_name_xyz da",
  "filter add dev v0 egress pref 6 bpf obj @DIR@/nolicense.o",
  "filter add dev v0 egress pref 7 bpf obj @DIR@/tail.o",
  "filter add dev v0 ingress pref 8 bpf obj @DIR@/ok.o sec nope",
  "filter add dev v0 ingress pref 9 bpf obj @DIR@/ok.o program nope",
  "filter add dev v0 ingress pref 10 bpf obj @DIR@/missing.o",
  "filter add dev v0 ingress pref 11 bpf obj @DIR@/text.o",
  "filter add dev v0 ingress pref 12 bpf obj @DIR@/exec.o",
  "filter add dev v0 ingress pref 13 bpf obj @DIR@/legacy.o",
  "filter add dev v0 ingress pref 14 bpf obj @DIR@/static.o",
  "filter add dev v0 ingress pref 15 bpf obj @DIR@/bad.o",
  "filter add dev v0 ingress pref 16 bpf obj @DIR@/ok.o da verbose",
  "filter add dev v0 ingress pref 17 bpf obj",
  "action add action bpf obj @DIR@/ok.o sec classifier",
  "action add action bpf obj @DIR@/missing.o",
  "action add action bpf help",
  "filter add dev v0 ingress pref 18 protocol ip u32 match u32 0 0 action bpf obj @DIR@/ok.o",
  "filter add dev v0 egress pref 20 bpf bytecode-file @DIR@/prog.bc classid 1:1",
  "filter add dev v0 egress pref 21 bpf bcf @DIR@/short.bc",
  "filter add dev v0 egress pref 22 bpf bcf @DIR@/none.bc",
  "action add action bpf bcf @DIR@/prog.bc",
  "action add action bpf bytecode-file @DIR@/none.bc",
  "filter add dev v0 ingress pref 23 bpf obj @DIR@/ok.o verbose da",
  "filter add dev v0 egress pref 24 bpf obj @DIR@/ok.o sec other verbose",
  "filter add dev v0 egress pref 25 bpf obj @DIR@/legacy.o verbose",
  "filter add dev v0 egress pref 26 bpf obj @DIR@/bad.o verbose",
  "filter add dev v0 egress pref 27 bpf obj @DIR@/ok.o sec nope verbose",
  "filter add dev v0 egress pref 28 bpf obj @DIR@/static.o verbose",
  "filter add dev v0 egress pref 29 bpf obj @DIR@/tail.o sec 1/2 verbose",
];
const SHOWS = ["filter show dev v0 ingress", "filter show dev v0 egress", "-j filter show dev v0 ingress", "-d -j filter show dev v0 egress", "-d filter show dev v0 ingress"];

/** Program ids and load times differ between two loads of the same object. */
const mask = (s: string) => s.replace(/("id":|\bid )\d+/g, "$1N").replace(/("load_time":|load_time )\d+/g, "$1N");

describeKernel("bpf obj: bun-netlink-tc loads ELF objects as tc does", () => {
  it.skipIf(kernelLacks("filter:bpf") || (process.env.CI !== "true" && spawnSync("unshare", ["-m", "--propagation", "private", "true"]).status !== 0))("filter and action add from objects, refusals, listings", async () => {
    using a = tcNetns(false);
    using b = tcNetns(false);
    for (const ns of [a.name, b.name]) tc(ns, ["qdisc", "add", "dev", "v0", "clsact"]);
    const dir = mkdtempSync(join(tmpdir(), "tcbpf-obj-"));
    try {
      objects(dir);
      for (const c of ADDS) {
        const args = c.replaceAll("@DIR@", dir).split(" ");
        const t = spawnSync("unshare", ["-m", "--propagation", "private", "tc", "-n", a.name, ...args], { encoding: "utf8" });
        const theirs = { code: t.status, out: t.stdout, err: t.stderr };
        const ours = await oursTc(b.name, args);
        expect(ours, c).toEqual(theirs);
      }
      for (const s of SHOWS) {
        const t = spawnSync("tc", ["-n", a.name, ...s.split(" ")], { encoding: "utf8" });
        const ours = await oursTc(b.name, s.split(" "));
        expect({ code: ours.code, out: mask(ours.out), err: ours.err }, s).toEqual({ code: t.status, out: mask(t.stdout), err: t.stderr });
      }
      const listing = tc(a.name, ["filter", "show", "dev", "v0", "ingress"]);
      expect(listing).toContain("ok.o:[classifier] direct-action not_in_hw id");
      expect(listing).toContain("name a_long_function tag");
      expect(tc(a.name, ["filter", "show", "dev", "v0", "egress"])).toContain("bytecode '4,40 0 0 12,21 0 1 2048,6 0 0 65535,6 0 0 0'");
    } finally {
      rmSync(dir, { recursive: true });
    }
  }, 120_000);
});
