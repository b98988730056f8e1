/**
 * act_vlan shown as tc 6.1's m_vlan.c print_vlan prints it (filter show and
 * actions ls; text, -s, -d, -j): crafted kernel-layout dumps answered to
 * tc's own dump request by the fake-dump shim, against our printers.
 */
import { describe, it } from "vitest";
import { fakeDumpShim } from "./fake-dump.ts";
import { expectSamePrint, GEN, STATS, TM } from "./act-more-print.ts";

const vlan = (index: number, vAction: number, action: number, more: Record<string, unknown> = {}) =>
  ({ order: index, kind: "vlan", options: { tm: TM, parms: { ...GEN, index, action, vAction }, ...more }, stats: STATS }) as never;

describe.skipIf(fakeDumpShim() === null)("tc vlan action printing equals tc 6.1's", () => {
  it("pop, push, modify, pop_eth, push_eth with their verdicts", () => {
    expectSamePrint("vlan", [
      vlan(1, 1, 3),
      vlan(2, 2, 0, { pushVlanId: 123, pushVlanProtocol: 0x8100, pushVlanPriority: 3 }),
      vlan(3, 3, 1, { pushVlanId: 4094, pushVlanProtocol: 0x88a8, pushVlanPriority: 0 }),
      vlan(4, 2, 0x20000000 | 42, { pushVlanId: 7 }),
      vlan(5, 4, 2),
      vlan(6, 5, -1, { pushEthDst: "02:00:00:00:00:01", pushEthSrc: "0a:0b:0c:0d:0e:0f" }),
      vlan(7, 2, 0x10000000 | 2, { pushVlanId: 0, pushVlanProtocol: 0x0800 }),
    ]);
  });
});
