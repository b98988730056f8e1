/**
 * The generic words of `ip link add|set` (iplink_parse of iproute2 6.1)
 * beyond name, MTU and master, and `type bridge_slave` port options: the ifi_flags switches (promisc,
 * allmulticast, multicast, arp, dynamic, trailers), broadcast, GSO/GRO
 * limits, addrgenmode, protodown, mode, state, xdp off, and the names
 * ll_name_to_index resolves ("v0:1" through SIOCGIFINDEX). The same batch
 * goes through `ip -batch` and ours in twin namespaces and the links read
 * back with `ip -d -j` must agree; each refused word is compared with ip
 * by itself (message and exit code).
 */
import { expect, it } from "vitest";
import { describeKernel } from "../helpers/netns.ts";
import { expectSameBatch, withTwins } from "./batch-twins.ts";
import { ipOk } from "./helpers.ts";

const SETUP = "link add v0 type veth peer name v1\nlink add v2 type veth peer name v3\nlink add br0 type bridge\n";

const LINES = [
  "link set v0 promisc on allmulticast on",
  "link set v1 arp off multicast off",
  "link set v2 dynamic on trailers off",
  "link set v3 addrgenmode none",
  "link set v2 addrgenmode random",
  "link set v0 gso_max_size 32000 gso_max_segs 100 gro_max_size 2000",
  "link set v1 mode dormant state dormant",
  "link set v3 mode DEFAULT state UP",
  "link set v0 xdp off",
  "link set v1 xdpgeneric off",
  "link set v0 broadcast 02:00:00:00:00:ff",
  "link set v0:1 mtu 1400",
  "link add x0 promisc on arp off gso_max_size 20000 type veth peer name x1",
  "link add x2 index 77 type veth peer name x3",
  "link add x4 type veth peer name x5 numtxqueues 3 txqueuelen 77 promisc on arp off group 5 gso_max_size 20000 up",
  "link set v0 promisc off",
];

const BAD = [
  "link set v0 promisc yes", "link set v0 protodown maybe", "link set v0 protodown on", "link set v0 mode sleepy", "link set v0 state bogus",
  "link set v0 addrgenmode eui48", "link set v0 gso_max_segs 70000", "link set v0 gso_max_size x", "link set v0 xdp bogus",
  "link set v0 xdp off up", "link set v0 xdp pinned /sys/fs/bpf/bnl-none", "link set v0 broadcast zz", "link set v0 index 5",
  "link set v0 vrf br0", "link add x9 addrgenmode none type veth", "link set v0 name a/b", "link set nosuch0:1 up",
  "link add x9 index 0 type veth", "link add x9 index 77 index 78 type veth", "link add name x9 dev x8 type veth", "link add x9 index 1 type veth",
  "neigh add 192.0.2.9 lladdr zz dev v0", // the same lladdr parse: a failed command, not an exit
];

/** What the words change, as `ip -d -j link` shows it (MACs, indexes and counters aside). */
function linkState(ns: string): unknown {
  const links = JSON.parse(ipOk(["-n", ns, "-d", "-j", "link", "show"])) as Array<Record<string, unknown>>;
  return links.map((l) => [l.ifname, l.ifname === "x2" ? l.ifindex : undefined, l.flags, l.mtu, l.promiscuity, l.allmulti, l.linkmode, l.broadcast, l.gso_max_size, l.gso_max_segs, l.gro_max_size, l.inet6_addr_gen_mode, l.txqlen, l.num_tx_queues, l.group]);
}

describeKernel("ip link add|set generic words, as ip reads them", () => {
  it("flags, broadcast, GSO/GRO, addrgenmode, mode, state, xdp off and v0:1 names change the links as ip's do", async () => {
    await withTwins(SETUP, async (a, b) => {
      await expectSameBatch(a, b, LINES.join("\n") + "\n", []);
      expect(linkState(b)).toEqual(linkState(a));
      expect(linkState(a)).toContainEqual(expect.arrayContaining(["v3", "none"]));
    });
  });

  it("refused words: the message and exit code of ip", async () => {
    await withTwins(SETUP, async (a, b) => {
      for (const line of BAD) await expectSameBatch(a, b, line + "\n", [], line);
      expect(linkState(b)).toEqual(linkState(a));
    });
  });

  it("type bridge_slave: the port options ip sets (IFLA_INFO_SLAVE_DATA), and its refusals", async () => {
    const port = (ns: string) => {
      const l = (JSON.parse(ipOk(["-n", ns, "-d", "-j", "link", "show", "v1"])) as Array<{ linkinfo?: { info_slave_data?: Record<string, unknown> } }>)[0]!;
      const { hold_timer: _h, message_age_timer: _m, forward_delay_timer: _f, bridge_id: _b, root_id: _r, ...rest } = l.linkinfo?.info_slave_data ?? {};
      return rest;
    };
    await withTwins(SETUP + "link set v1 master br0\nlink set v2 master br0\n", async (a, b) => {
      const lines = [
        "link set v1 type bridge_slave cost 5 priority 7 learning off",
        "link set v1 type bridge_slave hairpin on isolated on neigh_suppress on mcast_flood off bcast_flood off",
        "link set v1 type bridge_slave state 1 group_fwd_mask 0x4000 mcast_router 2 proxy_arp on fastleave on",
        "link set v1 type bridge_slave fdb_flush guard on root_block on flood off mcast_to_unicast on vlan_tunnel on locked on",
        "link set v1 type bridge_slave backup_port v2",
      ];
      // -force: a line this kernel refuses (locked needs newer kernels) does not stop the others
      await expectSameBatch(a, b, lines.join("\n") + "\n", ["-force"]);
      expect(port(b)).toEqual(port(a));
      expect(port(a)).toMatchObject({ cost: 5, priority: 7, learning: false, hairpin: true, isolated: true, backup_port: "v2" });
      await expectSameBatch(a, b, "link set v1 type bridge_slave nobackup_port\n", []);
      expect(port(b)).toEqual(port(a));
      for (const line of ["link set v1 type bridge_slave learning maybe", "link set v1 type bridge_slave cost x", "link set v1 type bridge_slave bogus",
        "link set v1 type bridge_slave help", "link set v0 type bridge_slave cost 5", "link set v1 type bridge_slave state 300",
        "link set v1 type bridge_slave backup_port nosuch"]) {
        await expectSameBatch(a, b, line + "\n", [], line);
      }
    });
  });

  it("link property add|del altname: the names ip gives and takes, found by name afterwards; refusals as ip's", async () => {
    const alt = (ns: string) => (JSON.parse(ipOk(["-n", ns, "-j", "link", "show"])) as Array<{ ifname: string; altnames?: string[] }>).map((l) => [l.ifname, l.altnames]);
    await withTwins(SETUP, async (a, b) => {
      const lines = [
        "link property add dev v0 altname foo altname averyveryverylongalternativename0123456789",
        "link property add v1 altname bar",
        "link set averyveryverylongalternativename0123456789 mtu 1400",
        "link property del dev bar altname bar",
        "link property add dev v2",
      ];
      await expectSameBatch(a, b, lines.join("\n") + "\n", []);
      expect(alt(b)).toEqual(alt(a));
      expect(alt(a)).toContainEqual(["v0", ["foo", "averyveryverylongalternativename0123456789"]]);
      for (const line of ["link property add dev v0 altname a/b", "link property add altname x", "link property add dev nosuch altname x",
        "link property add dev v0 altname v1", "link property add dev v1 altname foo", "link property del dev v0 altname nosuch", "link property bogus dev v0",
        "link property add dev v0 dev v1"]) {
        await expectSameBatch(a, b, line + "\n", [], line);
      }
    });
  });
});
