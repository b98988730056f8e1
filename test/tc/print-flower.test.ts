/**
 * `tc filter show` of flower's nested keys: MPLS label stacks (mpls lse),
 * tunnel options (geneve/vxlan/erspan/gtp key and mask) and ppp_proto,
 * compared with tc 6.1's own printer on the same bytes, as
 * print-filters.test.ts does (each RTM_NEWTFILTER laid out as fl_dump sends
 * it, encoded with codecs/tc; tc prints it through `filter show` over the
 * LD_PRELOAD dump shim in text, -json, -s and through `tc monitor file`).
 * Skipped only when no C compiler is there to build the shim.
 */
import { describe, expect, it } from "vitest";
import { filterMessage, type TcMessageInput } from "../../codecs/tc/message.ts";
import { RTM_TC } from "../../codecs/tc/tables.ts";
import { encodeTc, fakeDumpShim, tcMonitorFile, tcShowOnDump } from "./fake-dump.ts";
import { printFilters } from "./print-filters-ours.ts";

/** A flower filter on lo (ifindex 1) under clsact ingress. */
function flower(options: Record<string, unknown>, o: { handle?: number; proto?: number } = {}): TcMessageInput {
  const proto = o.proto ?? 0x0800;
  return { ifindex: 1, handle: o.handle ?? 1, parent: 0xfffffff2, info: ((49152 << 16) | ((proto & 0xff) << 8) | (proto >> 8)) >>> 0, attrs: { kind: "flower", chain: 0, options } as never };
}

const CASES: Record<string, TcMessageInput[]> = {
  "mpls lse stack (all fields, then some) and the old keys": [flower({
    ethType: 0x8847, mplsOpts: { lse: [{ depth: 1, ttl: 64, bos: 0, tc: 3, label: 100 }, { depth: 2, label: 200, bos: 1 }] }, flags: 8,
  }, { proto: 0x8847 }), flower({
    ethType: 0x8848, mplsOpts: { lse: [{ depth: 3, ttl: 1 }] }, mplsLabel: 5, mplsTtl: 9, flags: 9,
  }, { handle: 2, proto: 0x8848 })],
  "geneve options (two; tc shows the first) with tunnel keys": [flower({
    ethType: 0x0800, encIpv4Dst: "192.0.2.1", encIpv4DstMask: "255.255.255.255", encKeyId: 5,
    encOpts: { geneve: [{ class: 0x0102, type: 0x80, data: "00880022" }, { class: 0xffff, type: 1, data: "01020304" }] },
    encOptsMask: { geneve: [{ class: 0xffff, type: 0xff, data: "ffffffff" }, { class: 0xfff0, type: 0xff, data: "ffffff00" }] }, flags: 8,
  }), flower({
    encOpts: { geneve: [{ class: 1, type: 2, data: "abcdef0011223344" }] }, encOptsMask: { geneve: [{ class: 0, type: 0x0f, data: "f0f0f0f0ffffffff" }] }, flags: 8,
  }, { handle: 2, proto: 3 })],
  "vxlan gbp with and without a mask": [flower({
    ethType: 0x0800, encUdpDstPort: 4789, encUdpDstPortMask: 0xffff, encOpts: { vxlan: { gbp: 0x800ff } }, encOptsMask: { vxlan: { gbp: 0xffff } }, flags: 8,
  }), flower({ encOpts: { vxlan: { gbp: 10 } }, encOptsMask: { vxlan: { gbp: 0xffffffff } }, flags: 8 }, { handle: 2, proto: 3 })],
  "erspan version 1 and 2": [flower({
    ethType: 0x0800, encOpts: { erspan: { ver: 1, index: 12 } }, encOptsMask: { erspan: { ver: 0xff, index: 0xffffffff, dir: 0xff, hwid: 0xff } }, flags: 8,
  }), flower({
    ethType: 0x0800, encOpts: { erspan: { ver: 2, dir: 1, hwid: 7 } }, encOptsMask: { erspan: { ver: 0xff, index: 0, dir: 1, hwid: 0x3f } }, flags: 8,
  }, { handle: 2 })],
  "gtp pdu type and qfi": [flower({
    ethType: 0x0800, encOpts: { gtp: { pduType: 1, qfi: 8 } }, encOptsMask: { gtp: { pduType: 0xff, qfi: 0xff } }, flags: 8,
  }), flower({ ethType: 0x0800, encOpts: { gtp: { pduType: 1, qfi: 10 } }, encOptsMask: { gtp: { pduType: 0xff, qfi: 0x0f } }, flags: 8 }, { handle: 2 })],
  "pppoe sid and ppp_proto (named and not)": [flower({
    ethType: 0x8864, pppoeSid: 5, pppProto: 0x57, ipProto: 17, flags: 8,
  }, { proto: 0x8864 }), flower({ ethType: 0x8864, pppProto: 0x1234, flags: 8 }, { handle: 2, proto: 0x8864 }),
  flower({ ethType: 0x8864, pppoeSid: 7, pppProto: 0xc021, flags: 8 }, { handle: 3, proto: 0x8864 })],
};


/** Our `filter show dev lo [ingress]`: decode, model, print (commands.ts filterShow's loop). */

describe.skipIf(fakeDumpShim() === null)("tc filter show of flower mpls lse, tunnel options and ppp_proto equals tc 6.1's printer", () => {
  for (const [name, list] of Object.entries(CASES)) {
    it(name, () => {
      const msgs = list.map((m) => encodeTc(filterMessage, RTM_TC.NEWTFILTER, m));
      expect(printFilters(msgs, false, true)).toBe(tcShowOnDump(msgs, ["filter", "show", "dev", "lo"]));
      expect(printFilters(msgs, false, false)).toBe(tcShowOnDump(msgs, ["filter", "show", "dev", "lo", "ingress"]));
      expect(printFilters(msgs, true, true)).toBe(tcShowOnDump(msgs, ["-j", "filter", "show", "dev", "lo"]));
      expect(printFilters(msgs, false, true, true)).toBe(tcMonitorFile(msgs));
      expect(printFilters(msgs, false, true, false, 1)).toBe(tcShowOnDump(msgs, ["-s", "-d", "filter", "show", "dev", "lo"]));
    });
  }
});
