/**
 * `tc filter show` of flower, basic and bpf filters (classifiers this
 * kernel lacks, or bpf options it cannot produce here), compared with tc
 * 6.1's own printers on the same bytes: each case is a RTM_NEWTFILTER as
 * the kernel dumps it (fl_dump / basic_dump / cls_bpf_dump: every key with
 * its mask, the flags word with not_in_hw, actions in the kernel's layout),
 * encoded with codecs/tc. tc prints it through `tc filter show` whose dump
 * answer is replaced by these messages (test/tc/fake-dump.ts; text and
 * -json) and through `tc monitor file` (text). Ours decodes the same bytes
 * into the nl.tc model and prints them with cli/tc/print-filter.ts.
 * Skipped only when no C compiler is there to build the dump shim.
 */
import { describe, expect, it } from "vitest";
import { filterMessage, type TcMessageInput } from "../../codecs/tc/message.ts";
import { RTM_TC } from "../../codecs/tc/tables.ts";
import { encodeTc, fakeDumpShim, tcMonitorFile, tcShowOnDump } from "./fake-dump.ts";
import { printFilters } from "./print-filters-ours.ts";

const tm = { install: 100n, lastuse: 50n, expires: 0n, firstuse: 0n };
const gen = { index: 1, capab: 0, refcnt: 1, bindcnt: 1 };
const zeroRate = { cellLog: 0, linklayer: 0, overhead: 0, cellAlign: 0, mpu: 0, rate: 0 };
const gactDrop = [{ order: 1, kind: "gact", options: { tm, parms: { ...gen, action: 2 } } }];
const mirredTo1 = [{ order: 1, kind: "mirred", options: { tm, parms: { ...gen, action: 4, eaction: 2, ifindex: 1 } } }];

/** A filter on lo (ifindex 1) under clsact ingress. */
function filter(kind: string, options: Record<string, unknown>, o: { handle?: number; pref?: number; proto?: number } = {}): TcMessageInput {
  const proto = o.proto ?? 0x0800;
  return { ifindex: 1, handle: o.handle ?? 1, parent: 0xfffffff2, info: (((o.pref ?? 49152) << 16) | ((proto & 0xff) << 8) | (proto >> 8)) >>> 0, attrs: { kind, chain: 0, options } as never };
}

const CASES: Record<string, TcMessageInput[]> = {
  "flower ipv4 tcp dst 192.0.2.0/24 port 80, classid, not_in_hw": [filter("flower", {
    classid: 0x10010, ethType: 0x0800, ipProto: 6, ipv4Dst: "192.0.2.0", ipv4DstMask: "255.255.255.0", tcpDst: 80, tcpDstMask: 0xffff, flags: 8, inHwCount: 0,
  })],
  "flower ipv6 udp host src, masked src port, skip_hw, gact drop": [filter("flower", {
    ethType: 0x86dd, ipProto: 17, ipv6Src: "2001:db8::1", ipv6SrcMask: "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", ipv6Dst: "2001:db8:1::", ipv6DstMask: "ffff:ffff:ff00::",
    udpSrc: 0x1200, udpSrcMask: 0xff00, flags: 9, inHwCount: 0, act: gactDrop,
  }, { handle: 0x2a, pref: 3, proto: 0x86dd })],
  "flower vlan, macs, tos/ttl, ip_flags, in_hw count": [filter("flower", {
    vlanId: 100, vlanPrio: 3, vlanEthType: 0x0800, ethDst: "02:00:00:00:00:01", ethDstMask: "ff:ff:ff:00:00:00",
    ethSrc: "02:00:00:00:00:02", ethSrcMask: "ff:00:ff:00:00:00", ethType: 0x8100, ipTos: 0x10, ipTosMask: 0xfc, ipTtl: 64, ipTtlMask: 0xff,
    keyFlags: 1, keyFlagsMask: 3, flags: 4, inHwCount: 2,
  }, { proto: 0x8100 })],
  "flower icmp, tcp flags, port range, hw_tc": [filter("flower", {
    classid: 0xffff_ffe2, ethType: 0x0800, ipProto: 1, icmpv4Type: 8, icmpv4TypeMask: 0xff, icmpv4Code: 0, icmpv4CodeMask: 0x0f, flags: 8,
  }), filter("flower", {
    ethType: 0x0800, ipProto: 6, tcpFlags: 0x12, tcpFlagsMask: 0x3f, portDstMin: 1000, portDstMax: 2000, portSrcMin: 5, portSrcMax: 6, flags: 8,
  }, { handle: 2 })],
  "flower arp, mpls, ct, tunnel keys": [filter("flower", {
    ethType: 0x0806, arpSip: "192.0.2.1", arpSipMask: "255.255.255.255", arpTip: "198.51.100.0", arpTipMask: "255.255.255.0", arpOp: 1, arpOpMask: 0xff,
    arpSha: "02:00:00:00:00:03", arpShaMask: "ff:ff:ff:ff:ff:ff", arpTha: "02:00:00:00:00:04", arpThaMask: "ff:ff:ff:ff:ff:00", flags: 8,
  }, { proto: 0x0806 }), filter("flower", {
    ethType: 0x8847, mplsLabel: 1000, mplsTc: 3, mplsBos: 1, mplsTtl: 64, flags: 8,
  }, { handle: 3, proto: 0x8847 }), filter("flower", {
    ethType: 0x0800, ctState: 5, ctStateMask: 0x17, ctZone: 7, ctZoneMask: 0xffff, ctMark: 0x10, ctMarkMask: 0xf0,
    ctLabels: "0102030405060708090a0b0c0d0e0f10", ctLabelsMask: "ffffffffffffffffffffffffffffffff",
    encIpv4Src: "203.0.113.1", encIpv4SrcMask: "255.255.255.255", encIpv4Dst: "203.0.113.0", encIpv4DstMask: "255.255.255.0", encKeyId: 42,
    encUdpDstPort: 4789, encUdpDstPortMask: 0xffff, encIpTos: 4, encIpTosMask: 0xff, encIpTtl: 10, encIpTtlMask: 0x0f, flags: 8,
  }, { handle: 4 }), filter("flower", {
    indev: "lo", ethType: 0x86dd, ctState: 1, ctStateMask: 1, ctLabels: "01000000000000000000000000000000", ctLabelsMask: "ff000000000000000000000000000000",
    encIpv6Dst: "2001:db8::", encIpv6DstMask: "ffff:ffff::", cvlanId: 5, cvlanPrio: 1, cvlanEthType: 0x86dd, flags: 10, act: mirredTo1,
  }, { handle: 5, proto: 0x86dd })],
  "matchall with a packet-rate police (pkts_rate/pkts_burst) and conform verdict": [filter("matchall", { flags: 8, act: [{ order: 1, kind: "police", options: {
    tbf: { index: 3, action: 2, limit: 0, burst: 0, mtu: 0, rate: zeroRate, peakrate: zeroRate, refcnt: 1, bindcnt: 1, capab: 0 }, tm, result: 3, pktrate64: 1000n, pktburst64: 800000000n,
  } }] }, { proto: 3 })],
  "matchall with gact random, skbedit (queue_mapping, ptype, mark/mask) and pedit keys": [filter("matchall", { flags: 8, act: [
    { order: 1, kind: "gact", options: { tm, parms: { ...gen, action: 0 }, prob: { ptype: 1, pval: 100, paction: 2 } } },
    { order: 2, kind: "skbedit", options: { tm, parms: { ...gen, index: 2, action: 3 }, queueMapping: 3, ptype: 2, mark: 0x10, mask: 0xff, priority: 0x10020 } },
    { order: 3, kind: "pedit", options: { tm, parms: { ...gen, index: 4, action: 3, flags: 0, keys: [{ mask: 0xffffff00, val: 0x2a, off: 8, at: 0, offmask: 0, shift: 0 }, { mask: 0, val: 0xc0000201, off: 16, at: 0, offmask: 0, shift: 0 }] } } },
  ] }, { proto: 3 })],
  "basic with classid and an action": [filter("basic", { classid: 0x10020, act: gactDrop }, { handle: 7, proto: 3 }), filter("basic", {}, { handle: 0, proto: 3 })],
  "bpf classic bytecode, direct-action, skip_hw, name, id and tag": [filter("bpf", {
    classid: 0x10001, opsLen: 2, ops: "280000000c000000" + "0600000000000000", name: "cbpf", flags: 1, flagsGen: 9,
  }, { proto: 3 }), filter("bpf", { name: "prog.o:[classifier]", flags: 1, flagsGen: 8, tag: "0102030405060708", id: 999999, act: gactDrop }, { handle: 2, proto: 3 })],
};


/** Our `filter show dev lo [ingress]`: decode, model, print (commands.ts filterShow's loop). */

describe.skipIf(fakeDumpShim() === null)("tc filter show of flower/basic/bpf equals tc 6.1's printers on the same bytes", () => {
  for (const [name, list] of Object.entries(CASES)) {
    it(name, () => {
      const msgs = list.map((m) => encodeTc(filterMessage, RTM_TC.NEWTFILTER, m));
      expect(printFilters(msgs, false, true)).toBe(tcShowOnDump(msgs, ["filter", "show", "dev", "lo"]));
      expect(printFilters(msgs, false, false)).toBe(tcShowOnDump(msgs, ["filter", "show", "dev", "lo", "ingress"]));
      expect(printFilters(msgs, true, true)).toBe(tcShowOnDump(msgs, ["-j", "filter", "show", "dev", "lo"]));
      expect(printFilters(msgs, false, true, true)).toBe(tcMonitorFile(msgs));
      expect(printFilters(msgs, false, true, false, 1)).toBe(tcShowOnDump(msgs, ["-s", "filter", "show", "dev", "lo"]));
      expect(printFilters(msgs, true, true, false, 1)).toBe(tcShowOnDump(msgs, ["-s", "-j", "filter", "show", "dev", "lo"]));
    });
  }
});
