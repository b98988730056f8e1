/**
 * 802.1Q/802.1ad vlan data (IFLA_VLAN_*, rt-link spec `linkinfo-vlan-attrs`,
 * linux/if_link.h and linux/if_vlan.h for the flag bits). The protocol is
 * big-endian (ETH_P_8021Q / ETH_P_8021AD); the QoS maps are lists of
 * struct ifla_vlan_qos_mapping.
 */
import { attrSet, nest } from "../../core/attrset.ts";
import { multi, u16 } from "../../core/fields.ts";
import { structField } from "../../core/struct.ts";
import { FlagTable } from "../../core/tables.ts";
import { enumBe16 } from "../fields.ts";
import { iflaVlanFlags, iflaVlanQosMapping } from "../structs.ts";
import { VLAN_PROTOCOL } from "../tables.ts";

/** VLAN_FLAG_* bits (linux/if_vlan.h; spec `vlan-flags`), iproute2's option names. */
export const VLAN_FLAGS = new FlagTable("vlan flag", {
  reorder_hdr: 0x1, gvrp: 0x2, loose_binding: 0x4, mvrp: 0x8, bridge_binding: 0x10,
});

/** IFLA_VLAN_QOS_* (spec `ifla-vlan-qos`). */
export const vlanQos = attrSet("vlan-qos", () => ({
  mapping: multi(structField(1, iflaVlanQosMapping)),
}));

/** IFLA_VLAN_* (kind "vlan"). */
export const vlanData = attrSet("vlan", () => ({
  id: u16(1),
  flags: structField(2, iflaVlanFlags),
  egressQos: nest(3, vlanQos),
  ingressQos: nest(4, vlanQos),
  protocol: enumBe16(5, VLAN_PROTOCOL),
}));

/** Decoded vlan data. */
export type VlanData = ReturnType<typeof vlanData.decode>;
