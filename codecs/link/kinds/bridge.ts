/**
 * Bridge device data (IFLA_INFO_DATA of kind "bridge", IFLA_BR_*) and
 * bridge port data (IFLA_INFO_SLAVE_DATA of slave kind "bridge",
 * IFLA_BRPORT_*). Numbers from the rt-link spec (`linkinfo-bridge-attrs`,
 * `linkinfo-brport-attrs`) and linux/if_link.h.
 *
 * Kernel behaviour the spec does not say: IFLA_BR_VLAN_PROTOCOL is written
 * with nla_put_be16 (net/bridge/br_netlink.c), so it is decoded big-endian;
 * the boolean port options (mode, guard, learning, flood...) are written as
 * u8 0/1 (br_port_fill_attrs), not as NLA_FLAGs, and iproute2 sends them
 * as u8 too; only IFLA_BRPORT_FLUSH is a real flag. Timers are in
 * centiseconds (clock_t), as the kernel reports them.
 */
import { attrSet } from "../../core/attrset.ts";
import { binary, enumField, flag, lladdr, u16, u32, u64, u8 } from "../../core/fields.ts";
import { EnumTable } from "../../core/tables.ts";
import { structField } from "../../core/struct.ts";
import { enumBe16 } from "../fields.ts";
import { bridgeId, brBooloptMulti } from "../structs.ts";
import { VLAN_PROTOCOL } from "../tables.ts";

/** Bridge port STP states (BR_STATE_*, linux/if_bridge.h), named as iproute2 prints them. */
export const BR_PORT_STATE = new EnumTable("bridge port state", {
  0: "disabled", 1: "listening", 2: "learning", 3: "forwarding", 4: "blocking",
});

/** IFLA_BR_* (kind "bridge"). */
export const bridgeData = attrSet("bridge", () => ({
  forwardDelay: u32(1),
  helloTime: u32(2),
  maxAge: u32(3),
  ageingTime: u32(4),
  stpState: u32(5),
  priority: u16(6),
  vlanFiltering: u8(7),
  vlanProtocol: enumBe16(8, VLAN_PROTOCOL),
  groupFwdMask: u16(9),
  rootId: bridgeId(10),
  bridgeId: bridgeId(11),
  rootPort: u16(12),
  rootPathCost: u32(13),
  topologyChange: u8(14),
  topologyChangeDetected: u8(15),
  helloTimer: u64(16),
  tcnTimer: u64(17),
  topologyChangeTimer: u64(18),
  gcTimer: u64(19),
  groupAddr: lladdr(20),
  fdbFlush: binary(21),
  mcastRouter: u8(22),
  mcastSnooping: u8(23),
  mcastQueryUseIfaddr: u8(24),
  mcastQuerier: u8(25),
  mcastHashElasticity: u32(26),
  mcastHashMax: u32(27),
  mcastLastMemberCnt: u32(28),
  mcastStartupQueryCnt: u32(29),
  mcastLastMemberIntvl: u64(30),
  mcastMembershipIntvl: u64(31),
  mcastQuerierIntvl: u64(32),
  mcastQueryIntvl: u64(33),
  mcastQueryResponseIntvl: u64(34),
  mcastStartupQueryIntvl: u64(35),
  nfCallIptables: u8(36),
  nfCallIp6tables: u8(37),
  nfCallArptables: u8(38),
  vlanDefaultPvid: u16(39),
  vlanStatsEnabled: u8(41),
  mcastStatsEnabled: u8(42),
  mcastIgmpVersion: u8(43),
  mcastMldVersion: u8(44),
  vlanStatsPerPort: u8(45),
  multiBoolopt: structField(46, brBooloptMulti),
  mcastQuerierState: binary(47, { wireFlags: 0x8000 }),
  fdbNLearned: u32(48),
  fdbMaxLearned: u32(49),
}));

/** IFLA_BRPORT_* (slave kind "bridge"; also IFLA_PROTINFO of AF_BRIDGE messages). */
export const bridgePortData = attrSet("bridge-port", () => ({
  state: enumField(1, 1, BR_PORT_STATE),
  priority: u16(2),
  cost: u32(3),
  mode: u8(4),
  guard: u8(5),
  protect: u8(6),
  fastLeave: u8(7),
  learning: u8(8),
  unicastFlood: u8(9),
  proxyarp: u8(10),
  learningSync: u8(11),
  proxyarpWifi: u8(12),
  rootId: bridgeId(13),
  bridgeId: bridgeId(14),
  designatedPort: u16(15),
  designatedCost: u16(16),
  id: u16(17),
  no: u16(18),
  topologyChangeAck: u8(19),
  configPending: u8(20),
  messageAgeTimer: u64(21),
  forwardDelayTimer: u64(22),
  holdTimer: u64(23),
  flush: flag(24),
  multicastRouter: u8(25),
  mcastFlood: u8(27),
  mcastToUcast: u8(28),
  vlanTunnel: u8(29),
  bcastFlood: u8(30),
  groupFwdMask: u16(31),
  neighSuppress: u8(32),
  isolated: u8(33),
  backupPort: u32(34),
  mrpRingOpen: u8(35),
  mrpInOpen: u8(36),
  mcastEhtHostsLimit: u32(37),
  mcastEhtHostsCnt: u32(38),
  locked: u8(39),
  mab: u8(40),
  mcastNGroups: u32(41),
  mcastMaxGroups: u32(42),
  neighVlanSuppress: u8(43),
  backupNhid: u32(44),
}));

/** Decoded bridge data. */
export type BridgeData = ReturnType<typeof bridgeData.decode>;
/** Decoded bridge port data. */
export type BridgePortData = ReturnType<typeof bridgePortData.decode>;
