/**
 * `action vlan` command lines (tdc actions/vlan.json and more) through tc
 * 6.1 and bun-netlink-tc: the request bytes tc sends (strace, now; a kernel
 * without act_vlan refuses after tc sent it) against ours to a fake kernel,
 * and tc's status, stdout and stderr where it refuses the words itself
 * (act-more-env.ts).
 */
import { expect, it } from "vitest";
import { describeKernel } from "../helpers/netns.ts";
import { sameAnswers, sameRequests } from "./act-more-env.ts";

const SENT = [
  "actions add action vlan pop pipe index 8", // 6f5a
  "actions add action vlan pop pass index 8", // df35
  "actions add action vlan pop drop index 8", // b0d4
  "actions add action vlan pop reclassify index 8", // 95ee
  "actions add action vlan pop continue index 8", // 0283
  "actions add action vlan pop jump 10 index 8", // b6b9
  "actions add action vlan pop trap index 8", // 87c3
  "actions add action vlan pop index 4294967295", // ee6f
  "actions add action vlan push id 123 index 18", // 3989
  "actions add action vlan push id 77 protocol 802.1Q priority 3 continue index 734", // 79dc
  "actions add action vlan push id 1024 protocol 802.1AD pass index 10000", // 4d73
  "actions add action vlan push id 4094 index 1", // 1f4b
  "actions add action vlan push id 5678 index 1", // 1f7b (the kernel refuses)
  "actions add action vlan push id 4 priority 7 reclassify index 1", // fe40
  "actions add action vlan modify protocol 802.1Q id 5 priority 0 index 100", // ba5b
  "actions add action vlan modify protocol 802.1ad id 500 reclassify index 12", // 5a31
  "actions replace action vlan push id 700 pipe index 12", // 3deb
  "actions replace action vlan pop continue index 1 cookie a1b1c2d1", // d413
  "actions add action vlan push id 4 cookie a0a0a0a0a0a0a0", // 1d78
  "actions replace action vlan push id 500 goto chain 42 index 90 cookie c1a0c1a0", // e394
  "actions add action vlan push protocol 802.1q id 4094 priority 7 pipe index 1 cookie aabbccddeeff112233445566778800a1 action vlan pop continue index 2", // 294e-like
  "actions add action vlan pop no_percpu", // 1a3d
  "actions add action vlan index 5", // binds (v_action 0)
  "actions add action vlan pop_eth", "actions add action vlan push_eth dst_mac 02:00:00:00:00:01 src_mac 2:0:0:0:0:2 drop",
  "actions add action vlan push_eth dst_mac 1:2:3 src_mac 192.0.2.1", // short addresses: zero-filled
  "actions add action vlan push_eth dst_mac 1:2:3:4:5:6:7 src_mac 2:0:0:0:0:2", // more parts than ETH_ALEN
  "actions add action vlan push id 0x10 protocol 0x8100 priority 07",
  "actions add action vlan mod id 3 prio 1", // prefixes
  "actions add action vlan pop foo index 8", // a178: foo ends vlan's words (gact refuses it)
  "filter add dev v0 ingress pref 1 protocol ip u32 match u32 0 0 action vlan push id 5",
  "filter add dev v0 ingress pref 1 protocol all u32 match u32 0 0 action vlan pop action vlan push_eth dst_mac 2:0:0:0:0:1 src_mac 2:0:0:0:0:2 pass",
];

const PARSE = [
  "actions add action vlan pop reclassify index 429496729599", // 0dfa
  "actions add action vlan bad_mode", // 2b91
  "actions add action vlan push protocol ABCD", // 57fc
  "actions add action vlan push id 5 priority 10 index 1", // 5d02
  "actions add action vlan push priority 3", // id needs to be set
  "actions add action vlan modify protocol 802.1Q priority 3",
  "actions add action vlan push id 70000",
  "actions add action vlan push id 5 protocol ip", // protocol not supported
  "actions add action vlan push id 5 protocol 0x0800 index 3",
  "actions add action vlan pop id 5", "actions add action vlan pop protocol 802.1Q", "actions add action vlan pop priority 1",
  "actions add action vlan push dst_mac 02:00:00:00:00:01", "actions add action vlan push_eth src_mac 02:00:00:00:00:01",
  "actions add action vlan push_eth dst_mac 02:00:00:00:00:01", "actions add action vlan push_eth dst_mac zz:00 src_mac 02:00:00:00:00:01",
  "actions add action vlan push_eth dst_mac 02:00:00:00:00:01 src_mac 1.2.3", "actions add action vlan push_eth dst_mac 02:00:00:00:00:100 src_mac 1:2",
  "actions add action vlan pop push", "actions add action vlan push id 1 pop_eth", // unexpected
  "actions add action vlan pop goto foo", "actions add action vlan pop goto chain x", "actions add action vlan pop jump x", // printed by the kind's parse_action_control_dflt, then by gact's
  "actions add action vlan", "actions add action vlan push id", "actions add action vlan help", "actions add action vlan pop index",
  "filter add dev v0 ingress pref 1 protocol ip u32 match u32 0 0 action vlan push",
  "filter add dev v0 ingress pref 1 protocol ip u32 match u32 0 0 action vlan pop pop",
];

describeKernel("tc vlan action: requests and refusals equal tc 6.1's", () => {
  it("command lines tc sends (tdc actions/vlan.json and more)", async () => {
    const sent = await sameRequests(SENT);
    expect(sent.length).toBeGreaterThan(SENT.length - 2);
  }, 120_000);
  it("command lines tc refuses", async () => {
    await sameAnswers(PARSE);
  }, 120_000);
});
