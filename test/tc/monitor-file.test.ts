/**
 * `bun-netlink-tc monitor file F` prints what `tc monitor file F` prints
 * (stdout, stderr, exit status) for the same file of netlink messages
 * (iproute2 6.1 rtnl_from_file: nlmsghdr after nlmsghdr, each padded to 4
 * bytes). The file holds the kernel's own qdisc, class, filter and action
 * answers of fixtures/tc/dumps.json under the notification types and flags
 * tc distinguishes (added / replaced / deleted), chain messages crafted from
 * struct tcmsg + TCA_CHAIN / TCA_KIND (by link, by shared block, with a
 * template kind), NLMSG_DONE and a type tc does not know; then a truncated
 * and a malformed file, and -timestamp / -tshort (the clock masked).
 * Both run in one throwaway namespace so that link names resolve the same.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { describeKernel } from "../helpers/netns.ts";
import { oursTc, tcNetns, theirsTc } from "./kernel-env.ts";

const dumps = JSON.parse(readFileSync(new URL("../../fixtures/tc/dumps.json", import.meta.url), "utf8")) as { answers: Record<string, string[]> };
const dir = mkdtempSync(join(tmpdir(), "tc-monitor-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function nlmsg(type: number, flags: number, payload: Uint8Array): Uint8Array {
  const len = 16 + payload.length;
  const out = new Uint8Array((len + 3) & ~3);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, len, true); dv.setUint16(4, type, true); dv.setUint16(6, flags, true); dv.setUint32(8, 7, true);
  out.set(payload, 16);
  return out;
}
const hex = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (x) => Number.parseInt(x, 16));
/** struct tcmsg + attributes [type, bytes]. */
function tcmsg(ifindex: number, parent: number, attrs: Array<[number, Uint8Array]>): Uint8Array {
  const parts: number[] = [];
  const head = new DataView(new ArrayBuffer(20));
  head.setInt32(4, ifindex, true); head.setUint32(12, parent, true);
  parts.push(...new Uint8Array(head.buffer));
  for (const [t, v] of attrs) {
    const a = new DataView(new ArrayBuffer((4 + v.length + 3) & ~3));
    a.setUint16(0, 4 + v.length, true); a.setUint16(2, t, true);
    new Uint8Array(a.buffer).set(v, 4);
    parts.push(...new Uint8Array(a.buffer));
  }
  return Uint8Array.from(parts);
}
const u32 = (n: number) => { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, n, true); return b; };
const str = (s: string) => new TextEncoder().encode(`${s}\0`);
const CREATE = 0x400, EXCL = 0x200, REPLACE = 0x100;

function messages(): Uint8Array[] {
  const out: Uint8Array[] = [];
  const flagsFor = [0x2, CREATE | EXCL, CREATE | REPLACE, CREATE];
  let i = 0;
  for (const fam of ["qdisc", "class", "filter", "action"]) {
    for (const line of dumps.answers[fam] ?? []) {
      const [t, , h] = line.split(" ");
      const type = Number(t);
      out.push(nlmsg(type, flagsFor[i++ % flagsFor.length]!, hex(h!)));
      if (fam !== "action") out.push(nlmsg(type + 1, 0, hex(h!))); // the DEL twin
    }
  }
  out.push(nlmsg(100, CREATE | EXCL, tcmsg(10, 0xfffffff2, [[11, u32(7)]])));
  out.push(nlmsg(100, CREATE, tcmsg(11, 0xffffffff, [[11, u32(0)]])));
  out.push(nlmsg(100, 0, tcmsg(10, 0x10000, [[11, u32(3)], [1, str("u32")]])));
  out.push(nlmsg(100, CREATE | EXCL, tcmsg(-1, 21, [[11, u32(9)]])));
  out.push(nlmsg(101, 0, tcmsg(-1, 21, [[11, u32(9)]])));
  out.push(nlmsg(101, 0, tcmsg(10, 0xfffffff3, [[11, u32(0x10)]])));
  out.push(nlmsg(101, 0, tcmsg(99, 0x50000, [])));
  out.push(nlmsg(3, 2, u32(0)));
  out.push(nlmsg(16, 0, new Uint8Array(16)));
  out.push(nlmsg(2, 0, new Uint8Array(20)));
  return out;
}

function file(name: string, parts: Uint8Array[]): string {
  const p = join(dir, name);
  writeFileSync(p, Buffer.concat(parts));
  return p;
}

/** Clock readings masked (print_timestamp's exact layout is still checked by the patterns). */
function mask(s: string): string {
  return s
    .replace(/Timestamp: (Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ 1-3]\d \d\d:\d\d:\d\d \d{4} \d{1,6} usec\n/g, "Timestamp: T usec\n")
    .replace(/\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\] /g, "[T] ");
}

describeKernel("tc monitor file: bun-netlink-tc prints what tc prints", () => {
  it("kernel answers, crafted chain messages, unknown types, truncated and malformed files, timestamps", async () => {
    using ns = tcNetns(false);
    const all = messages();
    const cases: string[][] = [
      ["monitor", "file", file("all", all)],
      ["-s", "-d", "monitor", "file", file("all2", all)],
      ["monitor", "file", file("trunc", [...all.slice(0, 3), all[3]!.subarray(0, 30)])],
      ["monitor", "file", file("trunc-head", [all[0]!, all[1]!.subarray(0, 9)])],
      ["monitor", "file", file("malformed", [all[0]!, Uint8Array.of(8, 0, 0, 0, 36, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)])],
      ["monitor", "file", file("huge", [Uint8Array.of(0, 0, 1, 0, 36, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)])],
      ["monitor", "file", file("empty", [])],
      ["monitor", "file", join(dir, "nonexistent")],
      ["monitor", "file"],
      ["-timestamp", "monitor", "file", file("ts", all.slice(-12))],
      ["-tshort", "monitor", "file", file("tshort", all.slice(-12))],
      ["-ts", "monitor", "f", file("tshort2", all.slice(-4))],
      ["monitor", "help"],
      ["monitor", "bogus"],
    ];
    for (const c of cases) {
      const t = theirsTc(ns.name, c), o = await oursTc(ns.name, c);
      expect({ ...o, out: mask(o.out) }, c.join(" ")).toEqual({ ...t, out: mask(t.out) });
    }
    const t = theirsTc(ns.name, cases[0]!);
    expect(t.out).toContain("added chain dev v0 ingress chain 7");
    expect(t.out).toContain("deleted chain block 21 chain 9");
    expect(t.err).toContain("Unknown message");
    expect(mask(theirsTc(ns.name, cases[9]!).out)).toContain("Timestamp: T usec\n");
  }, 60_000);
});
