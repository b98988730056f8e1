/**
 * The generic words of `ip link add|set` (iplink_parse of iproute2 6.1)
 * beyond name, MTU and master: the ifi_flags switches (promisc,
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
  "link set v0 promisc off",
];

const BAD = [
  "link set v0 promisc yes", "link set v0 protodown maybe", "link set v0 protodown on", "link set v0 mode sleepy", "link set v0 state bogus",
  "link set v0 addrgenmode eui48", "link set v0 gso_max_segs 70000", "link set v0 gso_max_size x", "link set v0 xdp bogus",
  "link set v0 xdp off up", "link set v0 xdp pinned /sys/fs/bpf/bnl-none", "link set v0 broadcast zz", "link set v0 index 5",
  "link set v0 vrf br0", "link add x9 addrgenmode none type veth", "link set v0 name a/b", "link set nosuch0:1 up",
  "neigh add 192.0.2.9 lladdr zz dev v0", // the same lladdr parse: a failed command, not an exit
];

/** What the words change, as `ip -d -j link` shows it (MACs, indexes and counters aside). */
function linkState(ns: string): unknown {
  const links = JSON.parse(ipOk(["-n", ns, "-d", "-j", "link", "show"])) as Array<Record<string, unknown>>;
  return links.map((l) => [l.ifname, l.flags, l.mtu, l.promiscuity, l.allmulti, l.linkmode, l.broadcast, l.gso_max_size, l.gso_max_segs, l.gro_max_size, l.inet6_addr_gen_mode]);
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
});
