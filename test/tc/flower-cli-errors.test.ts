/**
 * `bun-netlink-tc filter ... flower ...` refusals equal tc 6.1's: the same
 * stderr and exit status for bad words (tc parses flower before sending,
 * and this kernel lacks flower, so every line here ends before or at the
 * kernel's refusal, in one throwaway namespace with a clsact on v0).
 */
import { expect, it } from "vitest";
import { describeKernel } from "../helpers/netns.ts";
import { tc, tcNetns, oursTc, theirsTc } from "./kernel-env.ts";

const P = "filter add dev v0 ingress";
/** Command lines (after `tc`), each compared as stdout, stderr and exit status. */
export const FLOWER_ERROR_LINES: string[] = [
  `${P} flower help`, `${P} protocol ip flower bogus 1`, `${P} flower dst_ip`, `${P} flower dst_ip 192.0.2.1`,
  `${P} protocol ip flower dst_ip 2001:db8::1`, `${P} protocol ip flower dst_ip 192.0.2.300`, `${P} protocol ipv6 flower src_ip 192.0.2.1`,
  `${P} protocol ip flower src_ip 192.0.2.0/33`, `${P} protocol ip flower src_ip 192.0.2.0/255.255.255.0 dst_ip 192.0.2`,
  `${P} protocol ip flower ip_proto icmpv6`, `${P} flower ip_proto tcp`, `${P} protocol ip flower ip_proto 100`, `${P} protocol ip flower ip_proto zz`,
  `${P} protocol ip flower dst_port 80`, `${P} protocol ip flower ip_proto tcp dst_port 80-20`, `${P} protocol ip flower ip_proto tcp dst_port 0-20`,
  `${P} protocol ip flower ip_proto tcp dst_port x`, `${P} protocol ip flower ip_proto udp src_port 70000`, `${P} protocol ip flower ip_proto tcp dst_port 80/0xfffff`,
  `${P} protocol ip flower ip_proto tcp tcp_flags 0x1000`, `${P} protocol ip flower ip_proto tcp tcp_flags 0x10/zz`,
  `${P} protocol ip flower ip_tos 300`, `${P} protocol ip flower ip_ttl 64/0x1ff`, `${P} protocol ip flower type 8`,
  `${P} protocol ip flower ip_proto icmp type 8/0xff`, `${P} protocol ip flower ip_proto icmp code 256`,
  `${P} protocol ip flower vlan_id 5`, `${P} protocol 802.1Q flower vlan_id 4096`, `${P} protocol 802.1Q flower vlan_prio 8`,
  `${P} protocol 802.1Q flower cvlan_id 5`, `${P} protocol 802.1Q flower vlan_ethtype bogus`, `${P} protocol ip flower vlan_ethtype ip`,
  `${P} protocol 802.1Q flower vlan_ethtype 802.1Q cvlan_prio 9`, `${P} protocol ip flower cvlan_ethtype ip`,
  `${P} flower dst_mac 02:00:00:00:00:zz`, `${P} flower src_mac 02:00:00:00:00:01/zz`, `${P} flower src_mac 02:00:00:00:00:01/ff:100`,
  `${P} flower indev 0123456789abcdef`, `${P} flower indev a/b`, `${P} flower ip_flags frag/bogus`, `${P} flower ip_flags nofoo`,
  `${P} flower ct_state +trk+bogus`, `${P} flower ct_state trk`, `${P} flower ct_zone 70000`, `${P} flower ct_mark 1/zz`,
  `${P} flower ct_label 0102030405060708091011121314151617`, `${P} flower ct_label zz`, `${P} flower ct_label 01/zz`,
  `${P} flower arp_op request`, `${P} protocol arp flower arp_op 3`, `${P} protocol arp flower arp_tip 2001:db8::1`, `${P} protocol ip flower arp_sip 192.0.2.1`,
  `${P} protocol arp flower arp_op reply/zz`, `${P} protocol mpls_uc flower mpls_label 1048576`, `${P} protocol ip flower mpls_tc 1`,
  `${P} protocol mpls_uc flower mpls_tc 8`, `${P} protocol mpls_uc flower mpls_bos 2`, `${P} protocol mpls_uc flower mpls_ttl 256`,
  `${P} flower enc_key_id x`, `${P} flower enc_dst_port 65536`, `${P} flower enc_tos x`, `${P} flower enc_dst_ip 192.0.2.`,
  `${P} flower hw_tc 16`, `${P} flower hw_tc x`, `${P} flower classid 1:2:3`, `${P} flower num_of_vlans 256`, `${P} flower num_of_v 1`,
  `${P} flower pppoe_sid 5`, `${P} flower ppp_proto ip`, `${P} protocol 0x8864 flower ppp_proto bogus`,
  `${P} protocol 0x8864 flower ppp_proto mpls_uc mpls_label 5 dst_ip 192.0.2.1`, `${P} protocol 0x8864 flower pppoe_sid 70000`, `${P} flower handle`, `${P} handle x flower`,
  `${P} protocol ip flower ip_proto tcp action bogus`, `${P} protocol ip flower action drop dst_ip 192.0.2.1`,
  `${P} protocol ip pref 2 flower dst_ip 192.0.2.1 ip_proto tcp dst_port 22 classid 1:1`,
  // mpls lse stacks
  `${P} protocol ip flower mpls lse depth 1`, `${P} protocol mpls_uc flower mpls`, `${P} protocol mpls_uc flower mpls lse`,
  `${P} protocol mpls_uc flower mpls lse label 5`, `${P} protocol mpls_uc flower mpls lse depth 0`, `${P} protocol mpls_uc flower mpls lse depth 1 label 1048576`,
  `${P} protocol mpls_uc flower mpls lse depth 1 tc 8`, `${P} protocol mpls_uc flower mpls lse depth 1 bos 2`, `${P} protocol mpls_uc flower mpls lse depth 1 ttl 256`,
  `${P} protocol mpls_uc flower mpls lse depth x`, `${P} protocol mpls_uc flower mpls lse depth 1 label`,
  `${P} protocol mpls_uc flower mpls_label 5 mpls lse depth 1`, `${P} protocol mpls_uc flower mpls lse depth 1 mpls_tc 1`, `${P} protocol mpls_uc flower mpls lse depth 1 bogus`,
  // tunnel options
  `${P} flower geneve_opts 1:2`, `${P} flower geneve_opts :2:00`, `${P} flower geneve_opts 1::00`, `${P} flower geneve_opts 1:2:zz`, `${P} flower geneve_opts 10000:1:00`,
  `${P} flower geneve_opts 1:100:00`, `${P} flower geneve_opts 1:1:00/1:1:00:5`, `${P} flower geneve_opts 1:1:00,`, `${P} flower geneve_opts 1:1:00/zz:1:00`, `${P} flower geneve_opts`,
  `${P} flower vxlan_opts x`, `${P} flower vxlan_opts 1/x`, `${P} flower vxlan_opts 0x100000000`,
  `${P} flower erspan_opts 1:2:3:4:5`, `${P} flower erspan_opts 300:1:1:1`, `${P} flower erspan_opts 1:x`, `${P} flower erspan_opts 1:1:1:1/1:1:1:1:1`,
  `${P} flower gtp_opts 1:100`, `${P} flower gtp_opts zz:1`, `${P} flower gtp_opts 1:1/zz:1`, `${P} flower gtp_opt 1:1`,
  // left to the kernel, as tc does
  `${P} protocol ip flower skip_hw skip_sw`,
];

describeKernel("tc filter ... flower: bun-netlink-tc refuses what tc refuses, with the same words", () => {
  it("every line prints the same and exits the same", async () => {
    using a = tcNetns(false);
    tc(a.name, ["qdisc", "add", "dev", "v0", "clsact"]);
    for (const line of FLOWER_ERROR_LINES) {
      const args = line.split(" ");
      expect(await oursTc(a.name, args), line).toEqual(theirsTc(a.name, args));
    }
  }, 60_000);
});
