/**
 * The registry of typed IFLA_INFO_DATA / IFLA_INFO_SLAVE_DATA layouts by
 * kind name (the string the kernel puts in IFLA_INFO_KIND). veth is not
 * here: its data embeds a whole link message and is built in linkinfo.ts.
 * Kinds without data (dummy, ifb, nlmon, wireguard...) need no entry; any
 * data they carry is kept raw.
 */
import type { AttrSet } from "../../core/attrset.ts";
import { bondData, bondPortData } from "./bond.ts";
import { bridgeData, bridgePortData } from "./bridge.ts";
import { geneveData } from "./geneve.ts";
import { ipvlanData } from "./ipvlan.ts";
import { macvlanData } from "./macvlan.ts";
import { tunData } from "./tun.ts";
import { greData, ip6tnlData, iptunData, vtiData } from "./tunnels.ts";
import { vlanData } from "./vlan.ts";
import { vrfData, vrfPortData } from "./vrf.ts";
import { vxlanData } from "./vxlan.ts";

/** IFLA_INFO_DATA layouts by kind. */
export const KIND_DATA: ReadonlyMap<string, AttrSet<any>> = new Map<string, AttrSet<any>>([
  ["bridge", bridgeData],
  ["macvlan", macvlanData],
  ["macvtap", macvlanData],
  ["ipvlan", ipvlanData],
  ["ipvtap", ipvlanData],
  ["vxlan", vxlanData],
  ["vlan", vlanData],
  ["bond", bondData],
  ["vrf", vrfData],
  ["gre", greData],
  ["gretap", greData],
  ["erspan", greData],
  ["ip6gre", greData],
  ["ip6gretap", greData],
  ["ip6erspan", greData],
  ["ipip", iptunData],
  ["sit", iptunData],
  ["ip6tnl", ip6tnlData],
  ["vti", vtiData],
  ["vti6", vtiData],
  ["geneve", geneveData],
  ["tun", tunData],
]);

/** IFLA_INFO_SLAVE_DATA layouts by slave kind (the master's kind). */
export const SLAVE_KIND_DATA: ReadonlyMap<string, AttrSet<any>> = new Map<string, AttrSet<any>>([
  ["bridge", bridgePortData],
  ["bond", bondPortData],
  ["vrf", vrfPortData],
]);

export * from "./bond.ts";
export * from "./bridge.ts";
export * from "./geneve.ts";
export * from "./ipvlan.ts";
export * from "./macvlan.ts";
export * from "./tun.ts";
export * from "./tunnels.ts";
export * from "./veth.ts";
export * from "./vlan.ts";
export * from "./vrf.ts";
export * from "./vxlan.ts";
