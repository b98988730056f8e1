/**
 * act_skbmod, act_sample, act_mpls and act_ctinfo shown as tc 6.1 prints
 * them (m_skbmod.c, m_sample.c, m_mpls.c, m_ctinfo.c; filter show and
 * actions ls; text, -s, -d, -j): crafted kernel-layout dumps answered to
 * tc's own dump request by the fake-dump shim, against our printers.
 * skbmod prints with fprintf, which lands inside tc's -json output as is:
 * so does ours.
 */
import { describe, it } from "vitest";
import { fakeDumpShim } from "./fake-dump.ts";
import { expectSamePrint, GEN, STATS, TM } from "./act-more-print.ts";

const act = (kind: string, index: number, action: number, parms: Record<string, unknown>, more: Record<string, unknown> = {}) =>
  ({ order: index, kind, options: { tm: TM, parms: { ...GEN, index, action, ...parms }, ...more }, stats: STATS }) as never;

describe.skipIf(fakeDumpShim() === null)("tc skbmod, sample, mpls, ctinfo printing equals tc 6.1's", () => {
  it("skbmod", () => {
    expectSamePrint("skbmod", [
      act("skbmod", 1, 3, { flags: 1n | 4n }, { dmac: "02:00:00:00:00:01", etype: 0x800 }),
      act("skbmod", 2, 0, { flags: 2n }, { smac: "0a:0b:0c:0d:0e:0f" }),
      act("skbmod", 3, 0x20000000 | 4, { flags: 8n | 16n }),
      act("skbmod", 4, 2, { flags: 1n | 2n }, { dmac: "02:00:00:00:00:01", smac: "02:00:00:00:00:02" }),
    ]);
  });
  it("sample", () => {
    expectSamePrint("sample", [
      act("sample", 1, 3, {}, { rate: 100, psampleGroup: 5 }),
      act("sample", 2, 2, {}, { rate: 4294967295, psampleGroup: 1, truncSize: 128 }),
      act("sample", 3, 0x10000000 | 4, {}, { rate: 1, psampleGroup: 0 }),
    ]);
  });
  it("mpls", () => {
    expectSamePrint("mpls", [
      act("mpls", 1, 3, { mAction: 1 }, { proto: 0x0800 }),
      act("mpls", 2, 0, { mAction: 2 }, { proto: 0x8847, label: 20, tc: 3, ttl: 128, bos: 1 }),
      act("mpls", 3, 1, { mAction: 3 }, { label: 0xfffff, ttl: 1 }),
      act("mpls", 4, 2, { mAction: 4 }),
      act("mpls", 5, 0x20000000 | 9, { mAction: 5 }, { proto: 0x8848, label: 5, bos: 0 }),
    ]);
  });
  it("ctinfo", () => {
    expectSamePrint("ctinfo", [
      act("ctinfo", 1, 3, {}, { zone: 0 }),
      act("ctinfo", 2, 0, {}, { zone: 7, dscpMask: 0xfc000000, dscpStatemask: 0x01000000, statsDscpSet: 12n, statsDscpError: 1n }),
      act("ctinfo", 3, 2, {}, { zone: 65535, dscpMask: 0xfc, cpmarkMask: 0xffffffff, statsCpmarkSet: 99n }),
      act("ctinfo", 4, 1, {}, { cpmarkMask: 0x00ff0000 }),
    ]);
  });
});
