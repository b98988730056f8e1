/**
 * `action tunnel_key` command lines (tdc actions/tunnel_key.json and more)
 * through tc 6.1 and bun-netlink-tc: the request bytes tc sends (strace,
 * now; a kernel without act_tunnel_key refuses after tc sent it) against
 * ours to a fake kernel, and tc's status, stdout and stderr where it
 * refuses the words itself (act-more-env.ts).
 */
import { expect, it } from "vitest";
import { describeKernel } from "../helpers/netns.ts";
import { sameAnswers, sameRequests } from "./act-more-env.ts";

const SET = "actions add action tunnel_key set src_ip 1.1.1.1 dst_ip 2.2.2.2 id 42 dst_port 6081";
const SENT = [
  "actions add action tunnel_key set src_ip 10.10.10.1 dst_ip 20.20.20.2 id 1", // 2b11
  "actions add action tunnel_key set dst_ip 20.20.20.2 id 100", // dc6b
  "actions add action tunnel_key set src_ip 192.168.100.1 dst_ip 192.168.200.1 id 789 dst_port 4000 index 10", // 05af
  "actions add action tunnel_key set src_ip 1.1.1.1 dst_ip 2.2.2.2 id 11 index 4294967295", // da80
  "actions add action tunnel_key set src_ip 1.1.1.1 dst_ip 2.2.2.2 id 4294967295 index 1", // 5cba
  "actions add action tunnel_key set src_ip 1.1.1.1 dst_ip 2.2.2.2 id 429 dst_port 65535 index 1", // 9c19
  "actions add action tunnel_key unset index 1", // 68e2
  "actions add action tunnel_key unset continue index 1", // 6192
  "actions add action tunnel_key set src_ip 192.168.10.1 dst_ip 192.168.20.2 id 123 continue index 1 cookie aa11bb22cc33dd44ee55ff66aa11b1b2", // 061d
  "actions add action tunnel_key set src_ip 10.10.10.1 dst_ip 20.20.20.2 id 1 csum index 99", // b227
  "actions add action tunnel_key set src_ip 10.10.10.1 dst_ip 10.10.10.2 id 7823 nocsum index 234", // 58a7
  `${SET} geneve_opts 0102:80:00880022 index 1`, // 4f20
  `${SET} geneve_opts 0102:80:00880022,0408:42:0040007611223344,0111:02:1020304011223344 index 1`, // e33d
  `${SET} geneve_opts 0102:80:4288 index 1`, // 4039 (the kernel refuses the length)
  `${SET} geneve_opts 0102:80:4288428822 index 1`, // 26a6 (odd length: the last digit is left out)
  `${SET} geneve_opts 0102:80:00880022,0408:42: index 1`, // f44d
  `${SET} geneve_opts 0102 index 1`, `${SET} geneve_opts ,,0102:ff:00000000,, index 1`,
  "actions add action tunnel_key unset geneve_opts ,", "actions add action tunnel_key unset erspan_opts :", // empty option nests
  "actions replace action tunnel_key set src_ip 11.11.11.1 dst_ip 21.21.21.2 dst_port 3129 nocsum id 11 index 1", // 7afc
  "actions replace action tunnel_key set src_ip 11.11.11.1 dst_ip 21.21.21.2 dst_port 3129 id 11 csum reclassify index 1 cookie 123456", // 364d
  "actions replace action tunnel_key set src_ip 10.10.10.2 dst_ip 20.20.20.1 dst_port 3129 id 2 csum goto chain 42 index 90 cookie c1a0c1a0", // 8242
  "actions add action tunnel_key set src_ip 10.10.10.1 dst_ip 20.20.20.2 id 1 no_percpu", // 0cd2
  "actions add action tunnel_key set src_ip 10.10.10.1 dst_ip 10.10.10.2 id 1111 nofrag index 222", // 6bda (nofrag: gact refuses)
  "actions add action tunnel_key set src_ip 10.10.10.1 dst_ip 10.10.10.2 id 7 foobar 999 index 4", // 2575
  "actions add action tunnel_key set src_ip 2001:db8::1 dst_ip 2001:db8::2 vxlan_opts 0x10 tos 0x10 ttl 64 pipe",
  "actions add action tunnel_key set src_ip 192.0.2.1 dst_ip 192.0.2.2 erspan_opts 1:12345:0:0 tos 255 ttl ff",
  "actions add action tunnel_key set src_ip 192.0.2.1 dst_ip 192.0.2.2 erspan_opts 2:0:1:7 drop",
  "actions add action tunnel_key set dst_port 4789 tos 4 dst_ip 192.0.2.2 src_ip 192.0.2.1 id 7", // the words' order
  "actions add action tunnel_key s src_ip 192.0.2.1 d 192.0.2.2 i 9 no", // prefixes
  "actions add action tunnel_key index 3",
  "filter add dev v0 ingress pref 1 protocol ip u32 match u32 0 0 action tunnel_key set src_ip 192.0.2.1 dst_ip 192.0.2.2 id 5 dst_port 4789",
];

const PARSE = [
  "actions add action tunnel_key set src_ip 300.168.100.1 dst_ip 192.168.200.1 id 7 index 1", // a5e0 (exit 1)
  "actions add action tunnel_key set src_ip 192.168.100.1 dst_ip 192.168.800.1 id 10 index 11", // eaa8
  "actions add action tunnel_key set src_ip 1.1.1.1 dst_ip 2.2.2.2 id 112233445566778899 index 1", // 3b09
  "actions add action tunnel_key set src_ip 1.1.1.1 dst_ip 2.2.2.2 id 11 dst_port 998877 index 1", // 9625
  "actions add action tunnel_key set src_ip 1.1.1.1 dst_ip 2.2.2.2 id 11 index 4294967295678", // d407
  "actions add action tunnel_key set src_ip 1.1.1.1 dst_ip 2.2.2.2 id 42949672955 index 1", // e84a
  "actions add action tunnel_key set src_ip 1.1.1.1 dst_ip 2.2.2.2 id 429 dst_port 65535789 index 1", // 3bd9
  "actions add action tunnel_key set src_ip 192.168.10.1 dst_ip 192.168.20.2 id 123 continue index 1 cookie aa11bb22cc33dd44ee55ff66aa11b1b2777888", // 8acb
  "actions add action tunnel_key set src_ip 10.10.10.1 id 100", // 7f25
  "actions add action tunnel_key src_ip 10.10.10.1 dst_ip 20.20.20.2 id 1", // a07e
  `${SET} geneve_opts 824212:80:00880022 index 1`, // 0778
  `${SET} geneve_opts 0102:4224:00880022 index 1`, // 4ae8
  `${SET} geneve_opts 0102:80:0088zz22 index 1`, `${SET} geneve_opts 1:2:33:44 index 1`,
  `${SET} vxlan_opts x1`, `${SET} erspan_opts 1:2:3:4:5`, `${SET} erspan_opts 1:0x100000000`, `${SET} tos 256`, `${SET} ttl -`,
  "actions add action tunnel_key set unset", "actions add action tunnel_key unset set",
  "actions add action tunnel_key", "actions add action tunnel_key set src_ip", "actions add action tunnel_key help",
  "actions add action tunnel_key set src_ip 2001:db8::zz dst_ip 192.0.2.1",
  "filter add dev v0 ingress pref 1 protocol ip u32 match u32 0 0 action tunnel_key set src_ip 192.0.2.1",
  "actions add action tunnel_key unset cookie 123", "actions add action tunnel_key unset cookie 12zz",
  "filter add dev v0 ingress pref 1 protocol ip u32 match u32 0 0 action tunnel_key unset cookie aa11bb22cc33dd44ee55ff66aa11b1b2777888",
  "filter add dev v0 ingress pref 1 protocol ip u32 match u32 0 0 action tunnel_key unset cookie 123",
  "filter add dev v0 ingress pref 1 protocol ip u32 match u32 0 0 action tunnel_key set src_ip 192.0.2.999 dst_ip 192.0.2.1",
];

describeKernel("tc tunnel_key action: requests and refusals equal tc 6.1's", () => {
  it("command lines tc sends (tdc actions/tunnel_key.json and more)", async () => {
    const sent = await sameRequests(SENT);
    expect(sent.length).toBeGreaterThan(SENT.length - 5);
  }, 120_000);
  it("command lines tc refuses", async () => {
    await sameAnswers(PARSE);
  }, 120_000);
});
