/**
 * `tc filter show` of basic filters with ematch trees and policers, and of
 * a bpf filter with its own policer (TCA_BPF_POLICE), compared with tc
 * 6.1's own printers (print_ematch and the em_* print_eopt, tc_print_police)
 * on the same bytes. Each basic message is tc's own request
 * (fixtures/tc/basic-captures.ts, strace) made a dump entry (on lo, flags
 * 0, handle 1 where tc sent none); tc prints it through `tc [-s] [-j] filter
 * show dev lo` whose dump answer is replaced by it (test/tc/fake-dump.ts)
 * and through `tc monitor file`. tc writes the ematch tree with fprintf,
 * also inside -json output, so -j is compared as the raw bytes. Skipped
 * only when no C compiler is there to build the dump shim.
 */
import { describe, expect, it } from "vitest";
import { fromHex } from "../../codecs/core/hex.ts";
import { filterMessage } from "../../codecs/tc/message.ts";
import { RTM_TC } from "../../codecs/tc/tables.ts";
import { BASIC_CAPTURES } from "../../fixtures/tc/basic-captures.ts";
import { readTcCapture } from "../../fixtures/tc/iproute2-captures.ts";
import { Printer } from "../../lib/format/printer.ts";
import { toFilter } from "../../lib/rtnl/tc/model.ts";
import { printFilter } from "../../cli/tc/print-filter.ts";
import type { TcShowCtx } from "../../cli/tc/print-common.ts";
import { messagesOf } from "../helpers/iproute2-bytes.ts";
import { encodeTc, fakeDumpShim, tcMonitorFile, tcShowOnDump } from "./fake-dump.ts";

const decode = (m: Uint8Array) => filterMessage.decode(m, new DataView(m.buffer, m.byteOffset, m.byteLength), 16, m.length);

/** tc's request as a dump entry: lo, no flags, handle 1 when it had none. */
function dumpOf(name: string): Uint8Array {
  const [m] = messagesOf(readTcCapture(name).requests.map((h) => fromHex(h)), [RTM_TC.NEWTFILTER]);
  if (m === undefined) throw new Error(`${name}: no RTM_NEWTFILTER`);
  const dv = new DataView(m.buffer, m.byteOffset, m.byteLength);
  dv.setUint16(6, 0, true);
  dv.setInt32(20, 1, true);
  if (dv.getUint32(24, true) === 0) dv.setUint32(24, 1, true);
  return m;
}

/** A bpf filter (classic bytecode) carrying the police nest of tc's `basic ... police ...` request. */
function bpfWithPolice(): Uint8Array {
  const basic = decode(dumpOf("tc-basic-police"));
  const police = (basic.attrs.options as { police: unknown }).police;
  return encodeTc(filterMessage, RTM_TC.NEWTFILTER, {
    family: 0, ifindex: 1, handle: 1, parent: 0xfffffff2, info: ((49152 << 16) | 0x0300) >>> 0,
    attrs: { kind: "bpf", chain: 0, options: { classid: 0x10001, opsLen: 1, ops: "0600000000000000", name: "cbpf", flagsGen: 8, police } } as never,
  });
}

/** A u32 filter (one key) carrying the same police nest (TCA_U32_POLICE), and an input device. */
function u32WithPolice(): Uint8Array {
  const basic = decode(dumpOf("tc-basic-police"));
  const police = (basic.attrs.options as { police: unknown }).police;
  const sel = { flags: 1, offshift: 0, offmask: 0, off: 0, offoff: 0, hoff: 0, hmask: 0, keys: [{ mask: 0xff000000, val: 0x45000000, off: 0, offmask: 0 }] };
  return encodeTc(filterMessage, RTM_TC.NEWTFILTER, {
    family: 0, ifindex: 1, handle: 0x800800, parent: 0xfffffff2, info: ((49152 << 16) | 0x0008) >>> 0,
    attrs: { kind: "u32", chain: 0, options: { classid: 0x10001, hash: 0x800000, sel, police, indev: "lo", flags: 8 } } as never,
  });
}

function ours(msgs: Uint8Array[], json: boolean, stats = 0, dev = false): string {
  const ctx: TcShowCtx = { stats, details: 0, raw: 0, iec: false, pretty: false, name: (i) => (i === 1 ? "lo" : `if${i}`) };
  const p = new Printer({ json, pretty: false, oneline: false });
  p.arr(null);
  let out = "";
  for (const m of msgs) {
    printFilter(p, toFilter(decode(m)), ctx, { dev, parent: true });
    if (!json) out += p.take();
  }
  p.endArr();
  return json ? p.take() + "\n" : out;
}

const CASES: Array<[string, () => Uint8Array[]]> = [
  ...BASIC_CAPTURES.map((c): [string, () => Uint8Array[]] => [c.name, () => [dumpOf(c.name)]]),
  ["bpf with its own police nest", () => [bpfWithPolice()]],
  ["u32 with its own police nest and an input device", () => [u32WithPolice()]],
];

describe.skipIf(fakeDumpShim() === null)("tc filter show of basic ematches and basic/bpf police nests equals tc 6.1's printers", () => {
  for (const [name, msgs] of CASES) {
    it(name, () => {
      const m = msgs();
      const text = tcShowOnDump(m, ["filter", "show", "dev", "lo"]);
      expect(ours(m, false)).toBe(text);
      expect(ours(m, true)).toBe(tcShowOnDump(m, ["-j", "filter", "show", "dev", "lo"]));
      expect(ours(m, false, 1)).toBe(tcShowOnDump(m, ["-s", "filter", "show", "dev", "lo"]));
      expect(ours(m, true, 1)).toBe(tcShowOnDump(m, ["-s", "-j", "filter", "show", "dev", "lo"]));
      expect(ours(m, false, 0, true)).toBe(tcMonitorFile(m));
    });
  }
  it("the trees are printed at all (not an empty comparison)", () => {
    expect(tcShowOnDump([dumpOf("tc-basic-nested")], ["filter", "show", "dev", "lo"])).toContain("cmp(u8 at 3 layer 1 eq 4)");
    expect(tcShowOnDump([dumpOf("tc-basic-meta-dev")], ["filter", "show", "dev", "lo"])).toContain('meta(dev eq lo)');
    expect(tcShowOnDump([bpfWithPolice()], ["filter", "show", "dev", "lo"])).toContain(" police 0x0 rate 1Mbit burst 10Kb");
  });
});
