/**
 * act_pedit shown as tc 6.1 prints it (m_pedit.c print_pedit; filter show
 * and actions ls; text, -s, -d, -j): crafted kernel-layout dumps (plain
 * TCA_PEDIT_PARMS, the extended PARMS_EX + KEYS_EX with every header type,
 * add commands, negative offsets, no keys) and the requests our parser
 * builds from tc command lines (byte-equal to tc's in act-pedit-cli.test.ts),
 * answered to tc's own dump request by the fake-dump shim, against our
 * decode + model + printer. Also: nl.tc's read-back of those given back to
 * add is the same request.
 */
import { describe, expect, it } from "vitest";
import { fakeDumpShim } from "./fake-dump.ts";
import { expectSamePrint, expectSameTerse, GEN, STATS, TM } from "./act-more-print.ts";
import { parseActions } from "../../cli/tc/parse-filter.ts";
import { actionsFromWire, actionsToWire } from "../../lib/rtnl/tc/action-options.ts";
import type { TcAction } from "../../codecs/tc/actions.ts";
import { actionMessage } from "../../codecs/tc/message.ts";
import { RTM_TC } from "../../codecs/tc/tables.ts";
import { fromHex } from "../../codecs/core/hex.ts";
import { readTcCapture } from "../../fixtures/tc/iproute2-captures.ts";
import { messagesOf } from "../helpers/iproute2-bytes.ts";

/**
 * The kernel dumps TCA_PEDIT_KEYS_EX and each TCA_PEDIT_KEY_EX without NLA_F_NESTED (nla_nest_start_noflag),
 * and tc 6.1's print_pedit compares the type with the flag included: our codec sets it (as tc's requests
 * do), so the crafted dump drops it.
 */
function kernelNests(m: Uint8Array): Uint8Array {
  const out = m.slice();
  const dv = new DataView(out.buffer);
  for (let p = 16; p + 4 <= out.length; p += 4) {
    if (dv.getUint16(p + 2, true) !== 0x8005) continue;
    const end = p + dv.getUint16(p, true);
    let q = p + 4;
    const inner: number[] = [];
    while (q + 4 <= end && dv.getUint16(q + 2, true) === 0x8006 && dv.getUint16(q, true) >= 4) { inner.push(q); q += (dv.getUint16(q, true) + 3) & ~3; }
    if (q !== end) continue;
    dv.setUint16(p + 2, 5, true);
    for (const i of inner) dv.setUint16(i + 2, 6, true);
  }
  return out;
}

const key = (off: number, val: number, mask: number) => ({ off, val, mask, at: 0, offmask: 0, shift: 0 });
const plain = (index: number, action: number, keys: unknown[]) =>
  ({ order: index, kind: "pedit", options: { tm: TM, parms: { ...GEN, index, action, flags: 0, keys } }, stats: STATS }) as never;
const ex = (index: number, action: number, keys: unknown[], kx: Array<[number, number]>) =>
  ({ order: index, kind: "pedit", options: { tm: TM, parmsEx: { ...GEN, index, action, flags: 0, keys }, keysEx: { keyEx: kx.map(([htype, cmd]) => ({ htype, cmd })) } }, stats: STATS }) as never;

const LINES = [
  "pedit munge offset 12 u32 set 0x90abcdef munge offset 0 u8 set 0x11 retain 0x0f drop index 3",
  "pedit munge ip src set 192.0.2.1 munge ip dport set 0x1234 munge offset -14 u16 set 0 pipe index 4",
  "pedit ex munge eth src set 11:22:33:44:55:66 munge ip ttl dec munge tcp flags clear munge offset 15 u8 add 40 retain 0xf0 munge udp dport add 1 index 5",
  "pedit ex munge ip6 src set 2001:db8::1 munge ip6 traffic_class set 0x40 munge ip6 hoplimit preserve goto chain 7 index 6",
  "pedit munge offset 8 u32 at 12 0f 2 set 0x12345678 continue index 7",
];

/** Our parser's request for each line, as a dump entry (index, refcounts, timers, counters added). */
function parsed(): TcAction[] {
  return LINES.map((l, n) => {
    const specs = parseActions(l.split(" "), { i: 0 });
    const [w] = actionsToWire(specs, "actions", () => 1);
    const o = w!.options as Record<string, Record<string, unknown>>;
    const sel = o.parms ?? o.parmsEx!;
    Object.assign(sel, GEN);
    return { ...w!, order: n + 1, options: { tm: TM, ...o }, stats: STATS } as TcAction;
  });
}

/** tc's own requests (strace captures tc-act-pedit, tc-act-pedit-ex) as dump entries. */
function captured(): TcAction[] {
  return ["tc-act-pedit", "tc-act-pedit-ex"].map((name, n) => {
    const [m] = messagesOf(readTcCapture(name).requests.map((h) => fromHex(h)), [RTM_TC.NEWACTION]);
    const [w] = actionMessage.decode(m!, new DataView(m!.buffer, m!.byteOffset, m!.byteLength), 16, m!.length).attrs.tab!;
    const o = w!.options as Record<string, Record<string, unknown>>;
    Object.assign(o.parms ?? o.parmsEx!, GEN);
    return { ...w!, order: n + 1, options: { tm: TM, ...o }, stats: STATS } as TcAction;
  });
}

describe.skipIf(fakeDumpShim() === null)("tc pedit printing equals tc 6.1's", () => {
  it("tc's captured requests", () => {
    expectSamePrint("pedit", captured(), kernelNests);
  });
  it("crafted keys", () => {
    expectSamePrint("pedit", [
      plain(1, 0, [key(8, 0x2a, 0xffffff00), key(16, 0xc0000201, 0)]),
      plain(2, 2, [key(-4, 0x01020304, 0xffff0000)]),
      ex(3, 3, [key(0, 0x11223344, 0), key(4, 0x5566, 0xffff0000), key(8, 0xff, 0xffffff00), key(12, 0x10, 0)], [[1, 0], [2, 1], [3, 0], [4, 1]]),
      ex(4, 0x20000000 | 9, [key(0, 1, 0), key(-8, 2, 0), key(2, 3, 0)], [[5, 1], [0, 0], [7, 0]]),
      plain(5, 1, []),
      ex(6, 0x10000000 | 2, [], []),
    ], kernelNests);
  });
  it("our parser's requests", () => {
    expectSamePrint("pedit", parsed(), kernelNests);
  });
  it("terse dump (-br: no options)", () => {
    expectSameTerse("pedit");
  });
});

describe("nl.tc pedit read-back", () => {
  it("a listed pedit given back to add is the same request", () => {
    for (const a of parsed()) {
      const back = actionsFromWire([a])!;
      const again = actionsToWire(back, "actions", () => 1)[0]!;
      const o = a.options as Record<string, Record<string, unknown>>;
      const sel = { ...(o.parms ?? o.parmsEx!), refcnt: 0, bindcnt: 0 };
      const want = o.parms ? { parms: sel } : { parmsEx: sel, keysEx: o.keysEx };
      expect(again.options).toEqual(want);
    }
  });
  it("refuses htype/cmd without extended, and bad values, naming the field", () => {
    expect(() => actionsToWire([{ kind: "pedit", extended: false, keys: [{ ...key(0, 1, 0), htype: 2 }] }], "a", () => 1)).toThrow("a[0].keys[0].htype: needs extended: true");
    expect(() => actionsToWire([{ kind: "pedit", keys: [{ ...key(0, 1, 0), htype: 6 }] }], "a", () => 1)).toThrow("a[0].keys[0].htype");
    expect(() => actionsToWire([{ kind: "pedit", keys: [{ ...key(0, 1, 0), cmd: 2 }] }], "a", () => 1)).toThrow("a[0].keys[0].cmd");
    expect(() => actionsToWire([{ kind: "pedit", extended: 1, keys: [] }], "a", () => 1)).toThrow("a[0].extended");
  });
});
