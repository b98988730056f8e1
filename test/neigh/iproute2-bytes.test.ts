/**
 * The neighbour API sends the same bytes as iproute2 for the same command:
 * each fixtures/iproute2/neigh-*.json (captured by
 * fixtures/neigh/iproute2-captures.ts with strace) is compared with what
 * the API puts on the wire over a fake kernel, seq and pid aside. Link
 * names resolve to the indexes the captures gave the links.
 */
import { RTM } from "../../codecs/rtnetlink.ts";
import { LINKS, NEIGH_CAPTURES } from "../../fixtures/neigh/iproute2-captures.ts";
import { NeighbourApi } from "../../lib/rtnl/neighbour/api.ts";
import { describeIproute2Bytes } from "../helpers/iproute2-bytes.ts";

const ll = (n: number) => `02:00:00:00:00:${n.toString(16).padStart(2, "0")}`;

/** The API call for each captured command. */
const CALLS: Record<string, (n: NeighbourApi) => void> = {
  "neigh-add-permanent": (n) => n.add({ dst: "192.0.2.5", lladdr: ll(5), dev: "v0" }, { echo: false }),
  "neigh-add-reachable-router": (n) => n.add({ dst: "192.0.2.6", lladdr: ll(6), dev: "v0", state: "reachable", flags: ["router"] }, { echo: false }),
  "neigh-replace-stale": (n) => n.replace({ dst: "192.0.2.7", lladdr: ll(7), dev: "v0", state: "stale" }),
  "neigh-change-noarp": (n) => n.change({ dst: "192.0.2.5", lladdr: ll(0x15), dev: "v0", state: "noarp" }),
  "neigh-add-protocol-extern-learn": (n) => n.add({ dst: "192.0.2.8", lladdr: ll(8), dev: "v0", state: "stale", flags: ["extern_learn"], protocol: "static" }, { echo: false }),
  "neigh-add-noarp": (n) => n.add({ dst: "192.0.2.9", dev: "v0", state: "noarp" }, { echo: false }),
  "neigh-add-managed": (n) => n.add({ dst: "192.0.2.10", lladdr: ll(10), dev: "v0", extFlags: ["managed"] }, { echo: false }),
  "neigh-add-v6-router": (n) => n.add({ dst: "2001:db8::5", lladdr: ll(11), dev: "v0", state: "reachable", flags: ["router"] }, { echo: false }),
  "neigh-add-proxy": (n) => n.add({ dst: "192.0.2.20", dev: "v0", proxy: true }, { echo: false }),
  "neigh-add-proxy6": (n) => n.add({ dst: "2001:db8::6", dev: "v0", proxy: true }, { echo: false }),
  "neigh-del": (n) => n.delete({ dst: "192.0.2.5", dev: "v0" }),
  "neigh-del-proxy6": (n) => n.delete({ dst: "2001:db8::6", dev: "v0", proxy: true }),
  "neigh-fdb-add-master-static": (n) => n.add({ family: "bridge", lladdr: ll(0x10), dev: "v1", master: true, state: "static" }, { echo: false }),
  "neigh-fdb-add-self-permanent": (n) => n.add({ family: "bridge", lladdr: ll(0x12), dev: "v1", self: true, state: "permanent" }, { echo: false }),
  "neigh-fdb-add-default": (n) => n.add({ family: "bridge", lladdr: ll(0x13), dev: "v1" }, { echo: false }),
  "neigh-fdb-add-dynamic-sticky": (n) => n.add({ family: "bridge", lladdr: ll(0x14), dev: "v1", master: true, flags: ["sticky"], state: "dynamic" }, { echo: false }),
  "neigh-fdb-add-extern-learn": (n) => n.add({ family: "bridge", lladdr: ll(0x16), dev: "v1", master: true, flags: ["extern_learn"], state: "static" }, { echo: false }),
  "neigh-fdb-add-vlan": (n) => n.add({ family: "bridge", lladdr: ll(0x17), dev: "v1", master: true, state: "static", vlan: 5 }, { echo: false }),
  "neigh-fdb-replace": (n) => n.replace({ family: "bridge", lladdr: ll(0x18), dev: "v1", master: true, state: "static" }),
  "neigh-fdb-add-vxlan": (n) => n.add({ family: "bridge", lladdr: "00:00:00:00:00:00", dev: "vx0", dst: "198.51.100.7", port: 4790, vni: 43, self: true, state: "permanent" }, { echo: false }),
  "neigh-fdb-add-vxlan-via": (n) => n.add({ family: "bridge", lladdr: ll(0x19), dev: "vx0", dst: "198.51.100.8", srcVni: 44, via: "v0", self: true, state: "permanent" }, { echo: false }),
  "neigh-fdb-del-master": (n) => n.delete({ family: "bridge", lladdr: ll(0x10), dev: "v1", master: true }),
  "neigh-fdb-del-vxlan-remote": (n) => n.delete({ family: "bridge", lladdr: ll(0x19), dev: "vx0", dst: "198.51.100.8", port: 4790, vni: 44, via: "v0", self: true }),
  "neigh-fdb-del-vlan": (n) => n.delete({ family: "bridge", lladdr: ll(0x17), dev: "v1", master: true, vlan: 5 }),
};

describeIproute2Bytes("neighbour requests equal iproute2's", {
  captures: NEIGH_CAPTURES, calls: CALLS, api: (c) => new NeighbourApi(c), types: [RTM.NEWNEIGH, RTM.DELNEIGH, RTM.GETNEIGH], links: LINKS,
});
