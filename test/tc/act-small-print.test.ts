/**
 * act_csum, act_nat, act_simple and act_connmark shown as tc 6.1 prints
 * them (m_csum.c, m_nat.c, m_simple.c, m_connmark.c; filter show and
 * actions ls; text, -s, -d, -j): crafted kernel-layout dumps answered to
 * tc's own dump request by the fake-dump shim, against our printers.
 */
import { describe, it } from "vitest";
import { fakeDumpShim } from "./fake-dump.ts";
import { expectSamePrint, GEN, STATS, TM } from "./act-more-print.ts";

const act = (kind: string, index: number, action: number, parms: Record<string, unknown>, more: Record<string, unknown> = {}) =>
  ({ order: index, kind, options: { parms: { ...GEN, index, action, ...parms }, tm: TM, ...more }, stats: STATS }) as never;
const hex32 = (s: string) => Buffer.concat([Buffer.from(s), Buffer.alloc(32 - s.length)]).toString("hex");

describe.skipIf(fakeDumpShim() === null)("tc csum, nat, simple, connmark printing equals tc 6.1's", () => {
  it("csum", () => {
    expectSamePrint("csum", [
      act("csum", 1, 0, { updateFlags: 1 }), act("csum", 2, 3, { updateFlags: 0x7f }), act("csum", 3, 0x20000000 | 4, { updateFlags: 8 | 16 }),
      act("csum", 4, -1, { updateFlags: 0 }), act("csum", 5, 2, { updateFlags: 2 | 64 }),
    ]);
  });
  it("nat", () => {
    expectSamePrint("nat", [
      act("nat", 1, 0, { oldAddr: 0xc0000201, newAddr: 0xc6336401, mask: 0xffffffff, flags: 0 }),
      act("nat", 2, 3, { oldAddr: 0xc0000200, newAddr: 0xc6336400, mask: 0xffffff00, flags: 1 }),
      act("nat", 3, 1, { oldAddr: 0, newAddr: 0x0a0a0a01, mask: 0, flags: 0 }),
      act("nat", 4, 0x10000000 | 7, { oldAddr: 0xcb007100, newAddr: 0xcb007101, mask: 0xfffe0000, flags: 1 }),
      act("nat", 5, 2, { oldAddr: 0xcb007100, newAddr: 0xcb007101, mask: 0xff00ff00, flags: 0 }),
    ]);
  });
  it("simple", () => {
    expectSamePrint("simple", [act("simple", 1, 3, {}, { data: hex32("hello") }), act("simple", 2, 2, {}, { data: hex32("0123456789012345678901234567890") })]);
  });
  it("connmark", () => {
    expectSamePrint("connmark", [act("connmark", 1, 3, { zone: 0 }), act("connmark", 2, 0x20000000 | 42, { zone: 65535 }), act("connmark", 3, 2, { zone: 7 })]);
  });
});
