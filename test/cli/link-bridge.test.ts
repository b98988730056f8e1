/**
 * `ip link add|set ... type bridge ...` against ip 6.1 (bridge_parse_opt):
 * every option, including those ip passes on for the kernel to judge
 * (vlan_filtering 2, mcast_igmp_version 9), goes through `ip -batch` and
 * ours in twin namespaces; status, messages and the bridges read back with
 * `ip -d -j` must agree.
 */
import { expect, it } from "vitest";
import { describeKernel } from "../helpers/netns.ts";
import { expectSameBatch, withTwins } from "./batch-twins.ts";
import { ipOk } from "./helpers.ts";

const LINES = [
  "link add b1 type bridge group_fwd_mask 0x4000 mcast_querier 1 nf_call_iptables 1 ageing_time 1000",
  "link add b2 type bridge no_linklocal_learn 1 mcast_vlan_snooping 1 vlan_filtering 1 vlan_protocol 802.1ad",
  "link add b3 type bridge mcast_last_member_interval 200 mcast_membership_interval 30000 mcast_querier_interval 26000 mcast_query_interval 13000 mcast_query_response_interval 1100 mcast_startup_query_interval 3200",
  "link add b4 type bridge mcast_hash_elasticity 10 mcast_hash_max 8192 mcast_last_member_count 3 mcast_startup_query_count 3 mcast_stats_enabled 1",
  "link add b5 type bridge vlan_stats_enabled 1 vlan_stats_per_port 1 vlan_filtering 1 vlan_default_pvid 5",
  "link add b6 type bridge nf_call_ip6tables 1 nf_call_arptables 1 stp_state 1 hello_time 300 max_age 2500 mcast_igmp_version 3 mcast_mld_version 2",
  "link add b7 type bridge fdb_flush priority 0x100",
  "link set b1 type bridge vlan_filtering 1 mcast_snooping 0",
  "link set b2 type bridge fdb_flush",
];

const BAD = [
  "link add z0 type bridge forward_delay x", "link add z0 type bridge vlan_filtering 2", "link add z0 type bridge vlan_protocol 802.1x",
  "link add z0 type bridge vlan_protocol ip", "link add z0 type bridge group_address zz", "link add z0 type bridge priority 70000",
  "link add z0 type bridge mcast_igmp_version 9", "link add z0 type bridge no_linklocal 1", "link add z0 type bridge bogus",
  "link add z0 type bridge help", "link add z0 type bridge stp_state 5", "link add z0 type bridge mcast_router 7",
];

describeKernel("ip link add|set type bridge, as ip 6.1 parses it", () => {
  it("each option builds the bridge ip builds; refusals (ip's or the kernel's) are ip's", async () => {
    await withTwins("", async (a, b) => {
      await expectSameBatch(a, b, LINES.join("\n") + "\n", ["-force"]);
      const br = (ns: string) => (JSON.parse(ipOk(["-n", ns, "-d", "-j", "link", "show", "type", "bridge"])) as Array<{ ifname: string; linkinfo: { info_data: Record<string, unknown> } }>)
        .map((l) => {
          const { bridge_id: _b, root_id: _r, gc_timer: _g, hello_timer: _h, tcn_timer: _t, topology_change_timer: _c, ...d } = l.linkinfo.info_data;
          return [l.ifname, d];
        });
      expect(br(b)).toEqual(br(a));
      // lines a kernel refuses for a missing option (VLAN filtering, IGMP snooping) fail alike for both; b7 needs none
      expect(br(a).map((x) => x[0])).toContain("b7");
      for (const line of BAD) await expectSameBatch(a, b, line + "\n", [], line);
    });
  });
});
