/**
 * `action skbmod|sample|mpls|ctinfo` command lines (tdc actions/skbmod.json,
 * sample.json, mpls.json, ctinfo.json and more) through tc 6.1 and
 * bun-netlink-tc: the request bytes of each line tc sends (strace, now; a
 * kernel without the module refuses after tc sent it) against ours to a
 * fake kernel; where tc refuses the words itself, its status, stdout and
 * stderr against ours (act-more-env.ts sameRequests does both).
 */
import { expect, it } from "vitest";
import { describeKernel } from "../helpers/netns.ts";
import { sameAnswers, sameRequests } from "./act-more-env.ts";

const SKBMOD = [
  "actions add action skbmod set dmac 11:22:33:44:55:66 index 5", // 7d50
  "actions add action skbmod set smac 77:88:99:AA:BB:CC index 7", // 9b29
  "actions add action skbmod set smac 00:44:55:44:55", // 1724
  "actions add action skbmod set etype 0xfefe", // 3cf1
  "actions add action skbmod set etype 0xfefef", // a749
  "actions add action skbmod swap mac", // bfe6
  "actions add action skbmod swap mac pipe", // 839b
  "actions add action skbmod set etype 0xbeef reclassify", // c167
  "actions add action skbmod set etype 0x0001 drop", // 0c2f
  "actions add action skbmod set etype 0x1 continue", // d113
  "actions add action skbmod set smac 00:00:00:00:00:01 pass", // 7242
  "actions add action skbmod set smac 00:01:02:03:04:01 reclassify index 1 cookie ddeeffaabb11cc22", // 6046
  "actions replace action skbmod set etype 0x1111 goto chain 42 index 90 cookie c1a0c1a0", // b651
  "actions add action skbmod ecn", // fe09
  "actions add action skbmod set dmac 0x1:2:3:4:5:6 set smac 1:2:3:4:5:6:7 set etype 0 swap mac ecn",
  "actions add action skbmod s dmac 1:2:3:4:5",
  "actions add action skbmod",
  "actions add action skbmod help",
  "actions add action skbmod pipe",
  "actions add action skbmod mac index 0x10",
  "actions add action skbmod mac index zz",
  "filter add dev v0 ingress pref 1 protocol ip u32 match u32 0 0 action skbmod set dmac 02:00:00:00:00:01 etype 0x800",
];
const SAMPLE = [
  "actions add action sample rate 10 group 1 index 2", // 9784
  "actions add action sample rate 700 group 2 continue index 2", // 5c91
  "actions add action sample rate 10000 group 11 drop index 22", // 334b
  "actions add action sample rate 20000 group 72 reclassify index 100", // da69
  "actions add action sample rate 20 group 2 pipe index 100", // 13ce
  "actions add action sample rate 700 group 25 jump 4 index 200", // 1886
  "actions add action sample rate 0 group 1 index 2", // 7571
  "actions add action sample rate 200000 group 52 foo index 1", // b6d4
  "actions add action sample index 1", // a874
  "actions add action sample group 10 index 1", // ac01
  "actions add action sample rate 100 index 10", // 4203
  "actions add action sample rate 100 index 10", // 14a7
  "actions add action sample rate 1024 group 4 trunc 1024 index 10", // 8f2e
  "actions add action sample rate 4294967295 group 4 index 10", // 45f8
  "actions add action sample rate 16000 group 4 trunc 4294967295 index 10", // ad0c
  "actions add action sample rate 4294 group 4294967295 index 1", // 83a9
  "actions add action sample rate 4294967296 group 4 index 10", // ed27
  "actions add action sample rate 4098 group 5294967299 continue index 1", // 2eae
  "actions add action sample rate 1024 group 4 trunc 112233445566 index 11", // 6ff3
  "actions add action sample rate 1024 group 4 index 5294967299", // 2b2a
  "actions add action sample rate 1024 group 4 index 4294967295", // dee2
  "actions add action sample rate 1024 group 4 index 45 cookie aabbccdd", // 560e
  "actions replace action sample rate 2048 group 4 index 4", // 704a
  "actions replace action sample rate 1024 group 7 index 4", // 60eb
  "actions replace action sample rate 1024 group 7 trunc 64 index 4", // 2cce
  "actions replace action sample rate 1024 group 7 pipe index 4", // 59d1
  "actions replace action sample rate 1024 group 7 goto chain 42 index 90 cookie c1a0c1a0", // 0a6e
  "actions add action sample",
  "actions add action sample help",
  "actions add action sample rate 5 group 1 trunc",
  "actions add action sample rate 5",
  "filter add dev v0 ingress pref 1 protocol ip u32 match u32 0 0 action sample rate 5 group 1 trunc 64",
];
const MPLS = [
  "actions add action mpls dec_ttl pipe index 8", // a933
  "actions add action mpls dec_ttl pass index 8", // 08d1
  "actions add action mpls dec_ttl drop index 8", // d786
  "actions add action mpls dec_ttl reclassify index 8", // f334
  "actions add action mpls dec_ttl continue index 8", // 29bd
  "actions add action mpls dec_ttl jump 10 index 8", // 48df
  "actions add action mpls dec_ttl trap index 8", // 62eb
  "actions add action mpls dec_ttl pipe index 8 cookie aabbccddeeff", // 09d2
  "actions add action mpls dec_ttl continue index 8 cookie aa11bb22cc33dd44ee55ff66aa11b1b2", // c170
  "actions add action mpls dec_ttl foo index 8", // 9118
  "actions add action mpls dec_ttl label 20", // 6ce1
  "actions add action mpls dec_ttl tc 3", // 352f
  "actions add action mpls dec_ttl ttl 20", // fa1c
  "actions add action mpls dec_ttl bos 1", // 6b79
  "actions add action mpls pop protocol ipv4", // d4c4
  "actions add action mpls pop protocol ipv4 cookie 12345678", // 91fb
  "actions add action mpls pop protocol mpls_mc", // 92fe
  "actions add action mpls pop", // 7e23
  "actions add action mpls pop protocol ipv4 label 20", // 6182
  "actions add action mpls pop protocol ipv4 tc 3", // 6475
  "actions add action mpls pop protocol ipv4 ttl 20", // 067b
  "actions add action mpls pop protocol ipv4 bos 1", // 7316
  "actions add action mpls push label 20", // 38cc
  "actions add action mpls push protocol mpls_mc label 20", // c281
  "actions add action mpls push label 20 tc 3 ttl 128", // 5db4
  "actions add action mpls push label 20 tc 3 ttl 128 cookie aa11bb22cc33dd44ee55ff66aa11b1b2", // 7c34
  "actions add action mpls push label 20 bos 1", // 16eb
  "actions add action mpls push", // d69d
  "actions add action mpls push protocol ipv4 label 20", // e8e4
  "actions add action mpls push label 1048576", // ecd0
  "actions add action mpls push label 20 tc 8", // d303
  "actions add action mpls push label 20 ttl 0", // fd6e
  "actions add action mpls mod label 20", // 19e9
  "actions add action mpls mod label 0xfffff", // 1fde
  "actions add action mpls mod label 0x100000", // 0c50
  "actions add action mpls mod label 3", // 10b6
  "actions add action mpls mod tc 0", // 57c9
  "actions add action mpls mod tc 7", // 6872
  "actions add action mpls mod tc 8", // a70a
  "actions add action mpls mod ttl 128", // 6ed5
  "actions add action mpls mod ttl 128 cookie aa11bb22cc33dd44ee55ff66aa11b1b2", // 77c1
  "actions add action mpls mod ttl 255", // b80f
  "actions add action mpls mod ttl 1", // 8864
  "actions add action mpls mod ttl 0", // 6c06
  "actions add action mpls mod ttl 256", // b5d8
  "actions add action mpls mod bos 1", // 451f
  "actions add action mpls mod bos 0", // a1ed
  "actions add action mpls mod bos 2", // 3dcf
  "actions add action mpls mod protocol ipv4", // db7c
  "actions replace action mpls push label 30 pipe index 12", // b070
  "actions replace action mpls push label 30 tc 2 ttl 125 pipe index 1 cookie aa11bb22cc33", // 95a9
  "actions add action mpls mac_push label 5 protocol mpls_uc",
  "actions add action mpls mac_push protocol ip",
  "actions add action mpls push label 1 pop",
  "actions add action mpls",
  "actions add action mpls help",
  "actions add action mpls pop protocol 0x800 index x",
  "actions add action mpls modify label 1 bos 1 ttl 2 tc 3",
  "filter add dev v0 ingress pref 1 protocol ip u32 match u32 0 0 action mpls pop protocol ip",
];
const CTINFO = [
  "action add action ctinfo index 10", // c826
  "action add action ctinfo dscp 0xfc000000 0x01000000 index 100", // 0286
  "action add action ctinfo cpmark 0x01000000 zone 1 index 1", // 4938
  "action add action ctinfo drop index 1000", // 7593
  "action replace action ctinfo zone 200 pass index 1", // 2961
  "action add action ctinfo cpmark 0x02000000 drop index 101", // 3201
  "action add action ctinfo zone 20 index 4294967296", // 8295
  "action replace action ctinfo goto chain 42 index 90", // 3964
  "action add action ctinfo dscp 0xfc000000",
  "action add action ctinfo dscp 0xfc000000 0x0c000000",
  "action add action ctinfo dscp 0xf0000000",
  "action add action ctinfo dscp x",
  "action add action ctinfo cpmark",
  "action add action ctinfo cpmark pass zone 3",
  "action add action ctinfo zone 65536",
  "action add action ctinfo help",
  "filter add dev v0 ingress pref 1 protocol ip u32 match u32 0 0 action ctinfo dscp 0xfc 0x1 cpmark 0xff zone 4 drop",
];

describeKernel("tc skbmod, sample, mpls and ctinfo actions: requests and refusals equal tc 6.1's", () => {
  for (const [name, lines] of [["skbmod", SKBMOD], ["sample", SAMPLE], ["mpls", MPLS], ["ctinfo", CTINFO]] as const) {
    it(`${name} (tdc actions/${name}.json)`, async () => {
      expect((await sameRequests(lines)).length).toBeGreaterThan(3);
    }, 180_000);
  }
  // m_skbmod.c's stderr lines on success come before the kernel's answer (this kernel refuses act_skbmod; one with it accepts)
  it("skbmod's stderr lines, then the kernel's answer", async () => {
    await sameAnswers(["actions add action skbmod set dmac 02:00:00:00:00:01 set etype 0x800 set smac 2:0:0:0:0:2"]);
  }, 60_000);
});
