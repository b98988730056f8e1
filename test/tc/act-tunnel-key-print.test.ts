/**
 * act_tunnel_key shown as tc 6.1's m_tunnel_key.c print_tunnel_key prints
 * it (filter show and actions ls; text, -s, -d, -j): crafted kernel-layout
 * dumps answered to tc's own dump request by the fake-dump shim, against
 * our printers.
 */
import { describe, it } from "vitest";
import { fakeDumpShim } from "./fake-dump.ts";
import { expectSamePrint, GEN, STATS, TM } from "./act-more-print.ts";

const tk = (index: number, tAction: number, action: number, more: Record<string, unknown> = {}) =>
  ({ order: index, kind: "tunnel_key", options: { tm: TM, ...more, parms: { ...GEN, index, action, tAction } }, stats: STATS }) as never;

describe.skipIf(fakeDumpShim() === null)("tc tunnel_key action printing equals tc 6.1's", () => {
  // the kernel dumps all geneve options in one GENEVE nest (tc 6.1 prints only that layout fully)
  it("set (IPv4, IPv6, geneve, vxlan, erspan v1/v2, csum, tos, ttl) and unset", () => {
    expectSamePrint("tunnel_key", [
      tk(1, 1, 3, { encIpv4Src: "192.0.2.1", encIpv4Dst: "192.0.2.2", encKeyId: 42, encDstPort: 4789, noCsum: 0 }),
      tk(2, 1, 0, { encIpv6Src: "2001:db8::1", encIpv6Dst: "2001:db8::2", encKeyId: 4294967295, noCsum: 1, encTos: 0x10, encTtl: 64 }),
      tk(3, 1, 2, { encIpv4Dst: "198.51.100.2", encIpv4Src: "198.51.100.1", encOpts: { geneve: [[{ class: 0x102, type: 0x80, data: "00880022" }, { class: 0xffff, type: 2, data: "0a0b0c0d11223344" }]] }, noCsum: 0, encTos: 0, encTtl: 0 }),
      tk(4, 1, 0x20000000 | 42, { encIpv4Src: "203.0.113.1", encIpv4Dst: "203.0.113.2", encOpts: { vxlan: { gbp: 0x800ff } } }),
      tk(5, 1, -1, { encIpv4Src: "203.0.113.1", encIpv4Dst: "203.0.113.2", encOpts: { erspan: { ver: 1, index: 12345 } } }),
      tk(6, 1, 1, { encIpv4Src: "203.0.113.1", encIpv4Dst: "203.0.113.2", encOpts: { erspan: { ver: 2, dir: 1, hwid: 7 } } }),
      tk(7, 2, 3, { noCsum: 0 }),
      tk(8, 2, 0x10000000 | 1),
    ]);
  });
});
