/**
 * tc filter show of u32 filters this kernel cannot list equals tc 6.1's
 * printer (u32_print_opt), through the fake-dump shim: tc's own captured
 * u32 requests (fixtures/tc/u32-captures.ts: policers, which need the
 * act_police this kernel lacks; hash/offset/hashkey selectors) turned into
 * dump entries, and crafted entries with TCA_U32_MARK (not built into
 * this kernel) and hit counters. Text, -j, -s, -s -j, -s -d and monitor.
 */
import { describe, expect, it } from "vitest";
import { fromHex } from "../../codecs/core/hex.ts";
import { filterMessage } from "../../codecs/tc/message.ts";
import { RTM_TC } from "../../codecs/tc/tables.ts";
import { U32_CAPTURES } from "../../fixtures/tc/u32-captures.ts";
import { readTcCapture } from "../../fixtures/tc/iproute2-captures.ts";
import { toFilter } from "../../lib/rtnl/tc/model.ts";
import { Printer } from "../../lib/format/printer.ts";
import { printFilter } from "../../cli/tc/print-filter.ts";
import type { TcShowCtx } from "../../cli/tc/print-common.ts";
import { messagesOf } from "../helpers/iproute2-bytes.ts";
import { encodeTc, fakeDumpShim, tcMonitorFile, tcShowOnDump } from "./fake-dump.ts";

const decode = (m: Uint8Array) => filterMessage.decode(m, new DataView(m.buffer, m.byteOffset, m.byteLength), 16, m.length);

/** tc's request as a dump entry on lo: no flags, handle 800::800 when it had none, a key node's hash (the kernel always lists it). */
function dumpOf(name: string): Uint8Array {
  const [m] = messagesOf(readTcCapture(name).requests.map((h) => fromHex(h)), [RTM_TC.NEWTFILTER]);
  if (m === undefined) throw new Error(`${name}: no filter request`);
  const d = decode(m);
  const o = d.attrs.options as Record<string, unknown>;
  const options = o.divisor !== undefined || o.hash !== undefined ? o : { hash: 0x80000000, ...o };
  return encodeTc(filterMessage, RTM_TC.NEWTFILTER, { ...d, ifindex: 1, handle: d.handle || 0x80000800, attrs: { ...d.attrs, options } } as never);
}

/** A u32 filter on lo, protocol ip, with these options (TCA_U32_* in the order given). */
function u32(handle: number, options: Record<string, unknown>): Uint8Array {
  return encodeTc(filterMessage, RTM_TC.NEWTFILTER, {
    family: 0, ifindex: 1, handle, parent: 0xfffffff2, info: ((1 << 16) | 0x0008) >>> 0,
    attrs: { kind: "u32", chain: 0, options } as never,
  });
}

const sel = { flags: 1, offshift: 0, offmask: 0, off: 0, offoff: 0, hoff: 0, hmask: 0, keys: [{ mask: 0xffffff00, val: 0xc0000200, off: 12, offmask: 0 }, { mask: 0xffff, val: 80, off: 20, offmask: 0 }] };
const pcnt = { rcnt: 7n, rhit: 3n, kcnts: [5n, 2n] };

const CASES: Array<[string, () => Uint8Array[]]> = [
  ...U32_CAPTURES.map((c): [string, () => Uint8Array[]] => [c.name, () => [dumpOf(c.name)]]),
  ["all captured u32 requests in one dump", () => U32_CAPTURES.map((c) => dumpOf(c.name))],
  ["mark with counters", () => [u32(0x80000800, { hash: 0x80000000, classid: 0x10001, mark: { val: 0x10, mask: 0xff, success: 4 }, sel, pcnt })]],
  ["mark only (no selector)", () => [u32(0x80000801, { hash: 0x80000000, mark: { val: 0, mask: 0x12345, success: 0xffffffff } })]],
  ["hash table and node", () => [u32(0x01000000, { divisor: 16 }), u32(0x01007800, { hash: 0x01007000, link: 0x02000000, sel: { ...sel, flags: 0, offshift: 6, offmask: 0x0f00, off: 8, offoff: -2, hoff: 16, hmask: 0xff, keys: [] }, pcnt: { rcnt: 1n, rhit: 0n, kcnts: [] }, indev: "v1", flags: 9 })]],
];

function ours(msgs: Uint8Array[], json: boolean, stats = 0, details = 0, dev = false): string {
  const ctx: TcShowCtx = { stats, details, raw: 0, iec: false, pretty: false, name: (i) => (i === 1 ? "lo" : `if${i}`) };
  const p = new Printer({ json, pretty: false, oneline: false });
  if (json) p.arr(null);
  let out = "";
  for (const m of msgs) {
    printFilter(p, toFilter(decode(m)), ctx, { dev, parent: true });
    if (!json) out += p.take();
  }
  if (json) p.endArr();
  return json ? p.take() + "\n" : out;
}

describe.skipIf(fakeDumpShim() === null)("tc filter show of u32 filters equals tc 6.1's printer", () => {
  for (const [name, msgs] of CASES) {
    it(name, () => {
      const m = msgs();
      const show = ["filter", "show", "dev", "lo"];
      expect(ours(m, false)).toBe(tcShowOnDump(m, show));
      expect(ours(m, true)).toBe(tcShowOnDump(m, ["-j", ...show]));
      expect(ours(m, false, 1)).toBe(tcShowOnDump(m, ["-s", ...show]));
      expect(ours(m, true, 1)).toBe(tcShowOnDump(m, ["-s", "-j", ...show]));
      expect(ours(m, false, 1, 1)).toBe(tcShowOnDump(m, ["-s", "-d", ...show]));
      expect(ours(m, false, 0, 0, true)).toBe(tcMonitorFile(m));
    });
  }
  it("tc printed the options at all (not an empty comparison)", () => {
    const show = (m: Uint8Array[]) => tcShowOnDump(m, ["filter", "show", "dev", "lo"]);
    expect(show([dumpOf("tc-u32-police")])).toContain("police 0x");
    expect(show(CASES.find(([n]) => n === "mark with counters")![1]())).toContain("  mark 0x0010 0x00ff (success 4)");
  });
});
