/**
 * `tc filter show` of fw, route, flow and cgroup filters compared with tc
 * 6.1's own printers (f_fw.c, f_route.c, f_flow.c, f_cgroup.c print_opt,
 * which write with fprintf: the same bytes inside -json output) on the same
 * bytes. Each fw/route/flow message is tc's own request
 * (fixtures/tc/classic-captures.ts, strace) made a dump entry (on lo, flags
 * 0, handle 1 where tc sent none); cgroup messages (this kernel cannot make
 * cgroup filters) are crafted from the ematch tree and policer of tc's basic
 * requests. tc prints them through `tc [-s] [-d] [-j] filter show dev lo`
 * whose dump answer is replaced (test/tc/fake-dump.ts) and through
 * `tc monitor file`. Skipped only when no C compiler builds the dump shim.
 */
import { describe, expect, it } from "vitest";
import { fromHex } from "../../codecs/core/hex.ts";
import { filterMessage } from "../../codecs/tc/message.ts";
import { RTM_TC } from "../../codecs/tc/tables.ts";
import { CLASSIC_CAPTURES } from "../../fixtures/tc/classic-captures.ts";
import { readTcCapture } from "../../fixtures/tc/iproute2-captures.ts";
import { Printer } from "../../lib/format/printer.ts";
import { toFilter } from "../../lib/rtnl/tc/model.ts";
import { printFilter } from "../../cli/tc/print-filter.ts";
import type { TcShowCtx } from "../../cli/tc/print-common.ts";
import { messagesOf } from "../helpers/iproute2-bytes.ts";
import { encodeTc, fakeDumpShim, tcMonitorFile, tcShowOnDump } from "./fake-dump.ts";

/** The fw, route and flow captures (the u32/matchall ones carry no u32 hash table, and `mirred index N` is a request form the kernel never lists). */
const FILTERS = CLASSIC_CAPTURES.filter((c) => c.args[0] === "filter" && c.args[1] !== "get" && c.args.some((w) => w === "fw" || w === "route" || w === "flow"));
const decode = (m: Uint8Array) => filterMessage.decode(m, new DataView(m.buffer, m.byteOffset, m.byteLength), 16, m.length);

/** tc's request as a dump entry: lo, no flags, handle 1 when it had none. */
function dumpOf(name: string): Uint8Array {
  const [m] = messagesOf(readTcCapture(name).requests.map((h) => fromHex(h)), [RTM_TC.NEWTFILTER, RTM_TC.DELTFILTER]);
  if (m === undefined) throw new Error(`${name}: no filter request`);
  const dv = new DataView(m.buffer, m.byteOffset, m.byteLength);
  dv.setUint16(4, RTM_TC.NEWTFILTER, true);
  dv.setUint16(6, 0, true);
  dv.setInt32(20, 1, true);
  if (dv.getUint32(24, true) === 0) dv.setUint32(24, 1, true);
  return m;
}

/** The options of one of tc's basic requests (its ematch tree and police nest). */
function basicOptions(name: string): { ematches?: string; police?: unknown } {
  return decode(dumpOf(name)).attrs.options as { ematches?: string; police?: unknown };
}

/** A cgroup filter on lo with these options (TCA_CGROUP_* in the order given). */
function cgroup(handle: number, options: Record<string, unknown>): Uint8Array {
  return encodeTc(filterMessage, RTM_TC.NEWTFILTER, {
    family: 0, ifindex: 1, handle, parent: 0xfffffff2, info: ((1 << 16) | 0x0008) >>> 0,
    attrs: { kind: "cgroup", chain: 0, options } as never,
  });
}

/** A flow filter whose TCA_OPTIONS carry what the kernel dumps beyond the request (a baseclass, an unknown mode, key bits past rxhash). */
function flowDumped(): Uint8Array {
  return encodeTc(filterMessage, RTM_TC.NEWTFILTER, {
    family: 0, ifindex: 1, handle: 0x2a, parent: 0xfffffff2, info: ((2 << 16) | 0x0008) >>> 0,
    attrs: { kind: "flow", chain: 0, options: { keys: 0x80003, mode: 7, baseclass: 0x10001, mask: 0xffffffff, xor: 0x5, addend: 0xfffffff0 } } as never,
  });
}

function ours(msgs: Uint8Array[], json: boolean, stats = 0, details = 0): string {
  const ctx: TcShowCtx = { stats, details, raw: 0, iec: false, pretty: false, name: (i) => (i === 1 ? "lo" : `if${i}`) };
  const p = new Printer({ json, pretty: false, oneline: false });
  p.arr(null);
  let out = "";
  for (const m of msgs) {
    printFilter(p, toFilter(decode(m)), ctx, { dev: false, parent: true });
    if (!json) out += p.take();
  }
  p.endArr();
  return json ? p.take() + "\n" : out;
}

function oursMonitor(msgs: Uint8Array[]): string {
  const ctx: TcShowCtx = { stats: 0, details: 0, raw: 0, iec: false, pretty: false, name: (i) => (i === 1 ? "lo" : `if${i}`) };
  const p = new Printer({ json: false, pretty: false, oneline: false });
  let out = "";
  for (const m of msgs) { printFilter(p, toFilter(decode(m)), ctx, { dev: true, parent: true }); out += p.take(); }
  return out;
}

const CASES: Array<[string, () => Uint8Array[]]> = [
  ...FILTERS.map((c): [string, () => Uint8Array[]] => [c.name, () => [dumpOf(c.name)]]),
  ["all fw, route and flow requests in one dump", () => FILTERS.map((c) => dumpOf(c.name))],
  ["flow options as the kernel dumps them", () => [flowDumped()]],
  ["cgroup: ematch tree", () => [cgroup(1, { ematches: basicOptions("tc-basic-tree").ematches })]],
  ["cgroup: police and actions", () => [cgroup(3, { police: basicOptions("tc-basic-police").police, ...actionsOf("tc-cls-route-actions") })]],
  ["cgroup: no handle, ematches and police", () => [cgroup(0, { ematches: basicOptions("tc-basic-nested").ematches, police: basicOptions("tc-basic-police-only").police })]],
  ["cgroup: empty options", () => [cgroup(1, {})]],
];

/** The action list of one of the classic captures, as a cgroup option. */
function actionsOf(name: string): { act: unknown } {
  return { act: (decode(dumpOf(name)).attrs.options as { act: unknown }).act };
}

describe.skipIf(fakeDumpShim() === null)("tc filter show of fw, route, flow and cgroup filters equals tc 6.1's printers", () => {
  for (const [name, msgs] of CASES) {
    it(name, () => {
      const m = msgs();
      const show = ["filter", "show", "dev", "lo"];
      expect(ours(m, false)).toBe(tcShowOnDump(m, show));
      expect(ours(m, true)).toBe(tcShowOnDump(m, ["-j", ...show]));
      expect(ours(m, false, 1)).toBe(tcShowOnDump(m, ["-s", ...show]));
      expect(ours(m, true, 1)).toBe(tcShowOnDump(m, ["-s", "-j", ...show]));
      expect(ours(m, false, 1, 1)).toBe(tcShowOnDump(m, ["-s", "-d", ...show]));
      expect(oursMonitor(m)).toBe(tcMonitorFile(m));
    });
  }
  it("tc printed the options at all (not an empty comparison)", () => {
    const show = (n: string) => tcShowOnDump([dumpOf(n)], ["filter", "show", "dev", "lo"]);
    expect(show("tc-cls-fw-indev-mirred")).toContain("handle 0xa1b2cdff/0x1a2bffdc classid 1:2 input dev v1 \n");
    expect(show("tc-cls-route-realm-name")).toContain("fh 0x800b7f00 order 127 flowid 1:1 to unknown fromif if11");
    expect(show("tc-cls-flow-bitops")).toContain("handle 0x2 map keys mark and 0x000000f0 or 0x00000103 rshift 2 addend 0x10 divisor 64 baseclass 1:10");
    expect(tcShowOnDump([cgroup(1, { ematches: basicOptions("tc-basic-tree").ematches })], ["filter", "show", "dev", "lo"])).toContain("handle 0x1 ");
  });
});
