/**
 * act_ct shown as tc 6.1's m_ct.c print_ct prints it (filter show and
 * actions ls; text, -s, -d, -j): crafted kernel-layout dumps answered to
 * tc's own dump request by the fake-dump shim, against our printers.
 */
import { describe, it } from "vitest";
import { fakeDumpShim } from "./fake-dump.ts";
import { expectSamePrint, GEN, STATS, TM } from "./act-more-print.ts";

const ct = (index: number, verdict: number, more: Record<string, unknown>) =>
  ({ order: index, kind: "ct", options: { parms: { ...GEN, index, action: verdict }, tm: TM, ...more }, stats: STATS }) as never;
const FF = "ff".repeat(16);

describe.skipIf(fakeDumpShim() === null)("tc ct action printing equals tc 6.1's", () => {
  it("commit/force/clear, zone, mark, labels, nat", () => {
    expectSamePrint("ct", [
      ct(1, 3, { action: 0, zone: 0 }),
      ct(2, 3, { action: 4 }),
      ct(3, 0, { action: 1, zone: 404, mark: 0x42, markMask: 0xffffffff }),
      ct(4, 2, { action: 1 | 2 | 8 | 16, zone: 5, mark: 0x42, markMask: 0xf0, natIpv4Min: "192.0.2.7", natIpv4Max: "192.0.2.9", natPortMin: 1000, natPortMax: 2000 }),
      ct(5, 3, { action: 1 | 8 | 32, natIpv6Min: "2001:db8::1", natIpv6Max: "2001:db8::1", natPortMin: 80, natPortMax: 80 }),
      ct(6, 0x20000000 | 42, { action: 8, labels: "12312300000000000000000000000001", labelsMask: FF }),
      ct(7, 1, { action: 0, labels: "12312300000000000000000000000001", labelsMask: "ffffffff000000000000000000000001" }),
      ct(8, -1, { action: 1 | 8 | 16, natIpv4Min: "198.51.100.1", natIpv4Max: "198.51.100.1" }),
    ]);
  });
});
