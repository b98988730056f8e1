/**
 * The requests LinkApi sends equal, byte for byte (nlmsg_seq and nlmsg_pid
 * zeroed), what iproute2 6.1 sends for the same `ip link` command, for
 * every kind this kernel lacks (dummy, vlan, ipvlan, bond, vrf, the GRE
 * family, ipip, sit, ip6tnl, geneve, wireguard: captured although the
 * kernel refused them) and for the ones it has. The iproute2 side comes
 * from `sudo bun fixtures/link/iproute2-captures.ts` (strace, in a scratch
 * namespace where v0 = 10, v1 = 11, b0 = 12). Only the RTM_NEWLINK /
 * RTM_DELLINK message is compared, not ip's name lookups before it.
 */
import { RTM } from "../../codecs/rtnetlink.ts";
import { LinkApi } from "../../lib/rtnl/link/api.ts";
import { CAPTURES, LINKS } from "../../fixtures/link/iproute2-captures.ts";
import { describeIproute2Bytes } from "../helpers/iproute2-bytes.ts";

/** The API call equivalent to each capture (same name). */
const CALLS: Record<string, (l: LinkApi) => void> = {
  "link-add-dummy": (l) => l.add({ name: "d0", kind: "dummy" }, { echo: false }),
  "link-add-dummy-generic": (l) => l.add({ name: "d0", kind: "dummy", address: "02:00:00:00:00:01", mtu: 1400, txqlen: 500, numTxQueues: 2, numRxQueues: 3, master: "b0", up: true }, { echo: false }),
  "link-add-vlan": (l) => l.add({ name: "vl5", kind: "vlan", link: "v0", data: { id: 5 } }, { echo: false }),
  "link-add-vlan-opts": (l) => l.add({
    name: "vl6", kind: "vlan", link: 10,
    data: { protocol: "802.1ad", id: 6, flags: { reorderHdr: false, gvrp: true, mvrp: true, looseBinding: true, bridgeBinding: true }, ingressQos: [{ from: 1, to: 2 }, { from: 3, to: 4 }], egressQos: [{ from: 5, to: 6 }] },
  }, { echo: false }),
  "link-add-ipvlan": (l) => l.add({ name: "ipv0", kind: "ipvlan", link: "v0", data: { mode: "l3", flags: "private" } }, { echo: false }),
  "link-add-ipvlan-default": (l) => l.add({ name: "ipv1", kind: "ipvlan", link: "v0" }, { echo: false }),
  "link-add-bond": (l) => l.add({ name: "bond0", kind: "bond", data: { mode: "active-backup", miimon: 100, updelay: 200, downdelay: 300 } }, { echo: false }),
  "link-add-bond-opts": (l) => l.add({
    name: "bond1", kind: "bond",
    data: { mode: "802.3ad", xmitHashPolicy: "layer3+4", adLacpRate: "fast", adSelect: "bandwidth", minLinks: 2, useCarrier: false, arpInterval: 100, arpIpTarget: ["192.0.2.1", "192.0.2.2"], resendIgmp: 3, allSlavesActive: true },
  }, { echo: false }),
  "link-add-vrf": (l) => l.add({ name: "vrf0", kind: "vrf", data: { table: 10 } }, { echo: false }),
  "link-add-gre": (l) => l.add({ name: "gre0", kind: "gre", data: { local: "192.0.2.1", remote: "192.0.2.2", ttl: 64, tos: 0x16, key: 42 } }, { echo: false }),
  "link-add-gre-min": (l) => l.add({ name: "gre1", kind: "gre", data: { remote: "198.51.100.7" } }, { echo: false }),
  "link-add-gre-opts": (l) => l.add({ name: "gre2", kind: "gre", data: { local: "192.0.2.1", remote: "192.0.2.2", pmtudisc: false, iseq: true, ocsum: true, fwmark: 7, link: "v0" } }, { echo: false }),
  "link-add-gretap": (l) => l.add({ name: "gt0", kind: "gretap", data: { local: "192.0.2.1", remote: "192.0.2.2", ikey: 1, okey: 2, csum: true, seq: true, link: "v0" } }, { echo: false }),
  "link-add-ipip": (l) => l.add({ name: "ipip0", kind: "ipip", data: { local: "192.0.2.1", remote: "192.0.2.2", ttl: 32, link: "v0" } }, { echo: false }),
  "link-add-ipip-min": (l) => l.add({ name: "ipip1", kind: "ipip", data: { remote: "192.0.2.2" } }, { echo: false }),
  "link-add-sit": (l) => l.add({ name: "sit0", kind: "sit", data: { local: "192.0.2.1", remote: "203.0.113.9", ttl: 16 } }, { echo: false }),
  "link-add-ip6gre": (l) => l.add({ name: "ip6gre0", kind: "ip6gre", data: { local: "2001:db8::1", remote: "2001:db8::2", ttl: 40, key: 7 } }, { echo: false }),
  "link-add-ip6gre-dev": (l) => l.add({ name: "ip6gre1", kind: "ip6gre", data: { remote: "2001:db8::2", link: "v0" } }, { echo: false }),
  "link-add-ip6tnl": (l) => l.add({ name: "ip6tnl0", kind: "ip6tnl", data: { local: "2001:db8::1", remote: "2001:db8::2", ttl: 40, mode: "ip6ip6" } }, { echo: false }),
  "link-add-ip6tnl-dev": (l) => l.add({ name: "ip6tnl1", kind: "ip6tnl", data: { remote: "2001:db8::2", link: "v0" } }, { echo: false }),
  "link-add-geneve": (l) => l.add({ name: "gnv0", kind: "geneve", data: { id: 100, remote: "192.0.2.9", dstPort: 6081, ttl: 10 } }, { echo: false }),
  "link-add-geneve-opts": (l) => l.add({ name: "gnv2", kind: "geneve", data: { id: 102, remote: "192.0.2.9", ttl: 10, tos: 0x10, dstPort: 6081 } }, { echo: false }),
  "link-add-geneve6": (l) => l.add({ name: "gnv1", kind: "geneve", data: { id: 101, remote: "2001:db8::9" } }, { echo: false }),
  "link-add-wireguard": (l) => l.add({ name: "wg0", kind: "wireguard" }, { echo: false }),
  "link-add-veth": (l) => l.add({ name: "va", kind: "veth", peer: { name: "vb" } }, { echo: false }),
  "link-add-veth-opts": (l) => l.add({ name: "va", kind: "veth", address: "02:00:00:00:00:0a", mtu: 9000, peer: { name: "vb", address: "02:00:00:00:00:0b", mtu: 9000 } }, { echo: false }),
  "link-add-bridge": (l) => l.add({ name: "br1", kind: "bridge", data: { forwardDelay: 400, helloTime: 300, maxAge: 2500, ageingTime: 6000, stpState: 1, priority: 4096, mcastSnooping: false } }, { echo: false }),
  "link-add-macvlan": (l) => l.add({ name: "mv0", kind: "macvlan", link: "v0", data: { mode: "bridge" } }, { echo: false }),
  "link-add-macvtap": (l) => l.add({ name: "mvt0", kind: "macvtap", link: "v0", data: { mode: "vepa" } }, { echo: false }),
  "link-add-vxlan": (l) => l.add({ name: "vx0", kind: "vxlan", data: { id: 42, link: "v0", ttl: 5, local: "192.0.2.1", group: "239.1.1.1", dstPort: 4789 } }, { echo: false }),
  "link-add-vxlan6": (l) => l.add({ name: "vx1", kind: "vxlan", data: { id: 43, local: "2001:db8::1", remote: "2001:db8::2", srcPortRange: { low: 1000, high: 2000 }, learning: false, dstPort: 4790 } }, { echo: false }),
  "link-add-ifb": (l) => l.add({ name: "ifb0", kind: "ifb" }, { echo: false }),
  "link-set-up": (l) => l.set("v0", { up: true }),
  "link-set-down": (l) => l.set("v0", { up: false }),
  "link-set-mtu": (l) => l.set("v0", { mtu: 1400 }),
  "link-set-address": (l) => l.set("v0", { address: "02:00:00:00:00:99" }),
  "link-set-name": (l) => l.set("v0", { name: "v9" }),
  "link-set-master": (l) => l.set("v0", { master: "b0" }),
  "link-set-nomaster": (l) => l.set(10, { master: null }),
  "link-set-txqlen": (l) => l.set("v0", { txqlen: 77 }),
  "link-set-alias": (l) => l.set("v0", { alias: "uplink" }),
  "link-set-group": (l) => l.set("v0", { group: 5 }),
  "link-set-many": (l) => l.set("v0", { address: "02:00:00:00:00:98", mtu: 1300, txqlen: 66, master: "b0", up: true }),
  "link-delete": (l) => l.delete("v0"),
};

describeIproute2Bytes("link requests equal iproute2's (strace captures)", {
  captures: CAPTURES, calls: CALLS, api: (c) => new LinkApi(c), types: [RTM.NEWLINK, RTM.DELLINK], links: LINKS,
});
