/**
 * TCA_ACT_OPTIONS of act_vlan (linux/tc_act/tc_vlan.h): struct tc_vlan
 * (tc_gen, v_action) and the pushed tag's id (host order), protocol
 * (network order, as the kernel reads it with nla_get_be16), priority, and
 * push_eth's addresses.
 */
import { attrSet } from "../core/attrset.ts";
import { binary, lladdr, u16, u16be, u8 } from "../core/fields.ts";
import { struct, structField } from "../core/struct.ts";
import { TC_GEN } from "./act-gen.ts";
import { tcfT } from "./structs.ts";

/** TCA_VLAN_ACT_* (v_action). */
export const TCA_VLAN_ACT = { POP: 1, PUSH: 2, MODIFY: 3, POP_ETH: 4, PUSH_ETH: 5 } as const;
/** TCA_VLAN_*. */
export const TCA_VLAN = { TM: 1, PARMS: 2, PUSH_VLAN_ID: 3, PUSH_VLAN_PROTOCOL: 4, PAD: 5, PUSH_VLAN_PRIORITY: 6, PUSH_ETH_DST: 7, PUSH_ETH_SRC: 8 } as const;

/** struct tc_vlan. */
export const tcVlan = struct("tc_vlan", [...TC_GEN, ["vAction", "s32"]] as const, { flexible: true });

/** vlan options. */
export const vlanAttrs = attrSet("vlan", () => ({
  tm: structField(TCA_VLAN.TM, tcfT),
  parms: structField(TCA_VLAN.PARMS, tcVlan),
  pushVlanId: u16(TCA_VLAN.PUSH_VLAN_ID),
  pushVlanProtocol: u16be(TCA_VLAN.PUSH_VLAN_PROTOCOL),
  pad: binary(TCA_VLAN.PAD),
  pushVlanPriority: u8(TCA_VLAN.PUSH_VLAN_PRIORITY),
  pushEthDst: lladdr(TCA_VLAN.PUSH_ETH_DST),
  pushEthSrc: lladdr(TCA_VLAN.PUSH_ETH_SRC),
}));
