/**
 * act_bpf shown as tc 6.1's m_bpf.c bpf_print_opt prints it: crafted
 * kernel-layout filter dumps (a matchall with bpf actions: classic bytecode
 * with a name; an eBPF program by id and tag whose id the kernel does not
 * know) answered to tc's own dump request by the fake-dump shim, against our
 * decode + model + printer. tc writes a raw "\n " after each bpf action even
 * with -json (JSON whitespace): the -json outputs are compared parsed.
 */
import { describe, expect, it } from "vitest";
import { filterMessage, type TcMessageInput } from "../../codecs/tc/message.ts";
import { RTM_TC } from "../../codecs/tc/tables.ts";
import { Printer } from "../../lib/format/printer.ts";
import { toFilter } from "../../lib/rtnl/tc/model.ts";
import { printFilter } from "../../cli/tc/print-filter.ts";
import type { TcShowCtx } from "../../cli/tc/print-common.ts";
import { encodeTc, fakeDumpShim, tcShowOnDump } from "./fake-dump.ts";

const tm = { install: 100n, lastuse: 50n, expires: 0n, firstuse: 0n };
const gen = { index: 1, capab: 0, refcnt: 1, bindcnt: 1 };
const MSG: TcMessageInput = {
  ifindex: 1, handle: 1, parent: 0xfffffff2, info: ((49152 << 16) | 0x0300) >>> 0,
  attrs: { kind: "matchall", chain: 0, options: { flags: 8, act: [
    { order: 1, kind: "bpf", options: { tm, parms: { ...gen, index: 5, action: 3 }, opsLen: 2, ops: "280000000c000000" + "0600000000000000", name: "cbpf" } },
    { order: 2, kind: "bpf", options: { tm, parms: { ...gen, index: 6, action: 2 }, name: "prog.o:[action]", tag: "0102030405060708", id: 999999 } },
    { order: 3, kind: "bpf", options: { tm, parms: { ...gen, index: 7, action: 0 }, opsLen: 1, ops: "06000000ffffffff" } },
  ] } } as never,
};

function ours(m: Uint8Array, json: boolean, stats: number): string {
  const ctx: TcShowCtx = { stats, details: 0, raw: 0, iec: false, pretty: false, name: (i) => (i === 1 ? "lo" : `if${i}`) };
  const p = new Printer({ json, pretty: false, oneline: false });
  p.arr(null);
  printFilter(p, toFilter(filterMessage.decode(m, new DataView(m.buffer, m.byteOffset, m.byteLength), 16, m.length)), ctx, { dev: false, parent: true });
  const text = p.take();
  p.endArr();
  return json ? text + p.take() + "\n" : text;
}

describe.skipIf(fakeDumpShim() === null)("tc filter show of act_bpf equals tc 6.1's printer on the same bytes", () => {
  it("text, -s, -json, -s -json", () => {
    const m = encodeTc(filterMessage, RTM_TC.NEWTFILTER, MSG);
    expect(ours(m, false, 0)).toBe(tcShowOnDump([m], ["filter", "show", "dev", "lo"]));
    expect(ours(m, false, 1)).toBe(tcShowOnDump([m], ["-s", "filter", "show", "dev", "lo"]));
    expect(JSON.parse(ours(m, true, 0))).toEqual(JSON.parse(tcShowOnDump([m], ["-j", "filter", "show", "dev", "lo"])));
    expect(JSON.parse(ours(m, true, 1))).toEqual(JSON.parse(tcShowOnDump([m], ["-s", "-j", "filter", "show", "dev", "lo"])));
    expect(tcShowOnDump([m], ["filter", "show", "dev", "lo"])).toContain("bytecode '2,40 0 0 12,6 0 0 0'");
  });
});
