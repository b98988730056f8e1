/**
 * Bonding device data (IFLA_BOND_*) and bond port data (IFLA_BOND_SLAVE_*),
 * rt-link spec `linkinfo-bond-attrs`, `bond-ad-info-attrs`,
 * `bond-slave-attrs`. The mode and transmit hash policy are named
 * (BOND_MODE_*, BOND_XMIT_POLICY_* in linux/if_bonding.h, iproute2's
 * names); the ARP / NS targets are indexed arrays of addresses.
 */
import { attrSet, nest } from "../../core/attrset.ts";
import { enumField, lladdr, u16, u32, u8 } from "../../core/fields.ts";
import { EnumTable } from "../../core/tables.ts";
import { indexedArray, ipOf } from "../fields.ts";

/** BOND_MODE_* (linux/if_bonding.h). */
export const BOND_MODE = new EnumTable("bond mode", {
  0: "balance-rr", 1: "active-backup", 2: "balance-xor", 3: "broadcast", 4: "802.3ad", 5: "balance-tlb", 6: "balance-alb",
});
/** BOND_XMIT_POLICY_* (linux/if_bonding.h). */
export const BOND_XMIT_HASH_POLICY = new EnumTable("bond xmit hash policy", {
  0: "layer2", 1: "layer3+4", 2: "layer2+3", 3: "encap2+3", 4: "encap3+4", 5: "vlan+srcmac",
});

/** IFLA_BOND_AD_INFO_*. */
export const bondAdInfo = attrSet("bond-ad-info", () => ({
  aggregator: u16(1),
  numPorts: u16(2),
  actorKey: u16(3),
  partnerKey: u16(4),
  partnerMac: lladdr(5),
}));

/** IFLA_BOND_* (kind "bond"). */
export const bondData = attrSet("bond", () => ({
  mode: enumField(1, 1, BOND_MODE),
  activeSlave: u32(2),
  miimon: u32(3),
  updelay: u32(4),
  downdelay: u32(5),
  useCarrier: u8(6),
  arpInterval: u32(7),
  arpIpTarget: indexedArray(8, (i) => ipOf(i, 4)),
  arpValidate: u32(9),
  arpAllTargets: u32(10),
  primary: u32(11),
  primaryReselect: u8(12),
  failOverMac: u8(13),
  xmitHashPolicy: enumField(14, 1, BOND_XMIT_HASH_POLICY),
  resendIgmp: u32(15),
  numPeerNotif: u8(16),
  allSlavesActive: u8(17),
  minLinks: u32(18),
  lpInterval: u32(19),
  packetsPerSlave: u32(20),
  adLacpRate: u8(21),
  adSelect: u8(22),
  adInfo: nest(23, bondAdInfo),
  adActorSysPrio: u16(24),
  adUserPortKey: u16(25),
  adActorSystem: lladdr(26),
  tlbDynamicLb: u8(27),
  peerNotifDelay: u32(28),
  adLacpActive: u8(29),
  missedMax: u8(30),
  nsIp6Target: indexedArray(31, (i) => ipOf(i, 16)),
  coupledControl: u8(32),
}));

/** IFLA_BOND_SLAVE_* (slave kind "bond"). */
export const bondPortData = attrSet("bond-port", () => ({
  state: u8(1),
  miiStatus: u8(2),
  linkFailureCount: u32(3),
  permHwaddr: lladdr(4),
  queueId: u16(5),
  adAggregatorId: u16(6),
  adActorOperPortState: u8(7),
  adPartnerOperPortState: u16(8),
  prio: u32(9),
}));

/** Decoded bond data. */
export type BondData = ReturnType<typeof bondData.decode>;
