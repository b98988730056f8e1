/**
 * IFLA_* link attributes (rt-link spec `link-attrs`, linux/if_link.h), as a
 * field table shared by the family-specific attribute sets in message.ts.
 *
 * Where the kernel's output differs from the spec's type, the kernel wins
 * (and the difference is noted): IFLA_PROTO_DOWN_REASON is a nest of
 * IFLA_PROTO_DOWN_REASON_MASK/VALUE u32s, and IFLA_PROP_LIST and
 * IFLA_DPLL_PIN are written with nla_nest_start (NLA_F_NESTED set).
 * Obsolete or opaque attributes (cost, priority, wireless, vfinfo-list,
 * vf-ports, port-self, devlink-port) are kept as hex; IFLA_PROTINFO and
 * IFLA_AF_SPEC depend on the message's family and are chosen in message.ts.
 */
import { attrSet, nest, NESTED } from "../core/attrset.ts";
import { binary, enumField, flagsField, lladdr, multi, s32, string, u16, u32, u8, uint } from "../core/fields.ts";
import { structField } from "../core/struct.ts";
import { rtnlLinkIfmap, rtnlLinkStats, rtnlLinkStats64 } from "./structs.ts";
import { LINKMODE, OPERSTATE, RTEXT_FILTER, XDP_ATTACHED, XDP_FLAGS } from "./tables.ts";


/** IFLA_* numbers used by requests. linux/if_link.h */
export const IFLA = {
  ADDRESS: 1, BROADCAST: 2, IFNAME: 3, MTU: 4, LINK: 5, MASTER: 10, PROTINFO: 12, TXQLEN: 13, OPERSTATE: 16,
  LINKMODE: 17, LINKINFO: 18, NET_NS_PID: 19, IFALIAS: 20, AF_SPEC: 26, GROUP: 27, NET_NS_FD: 28, EXT_MASK: 29,
  NUM_TX_QUEUES: 31, NUM_RX_QUEUES: 32, LINK_NETNSID: 37, TARGET_NETNSID: 46, ALT_IFNAME: 53,
} as const;

/** IFLA_XDP_* (spec `xdp-attrs`). */
export const xdpAttrs = attrSet("xdp", () => ({
  fd: s32(1),
  attached: enumField(2, 1, XDP_ATTACHED),
  flags: flagsField(3, 4, XDP_FLAGS),
  progId: u32(4),
  drvProgId: u32(5),
  skbProgId: u32(6),
  hwProgId: u32(7),
  expectedFd: s32(8),
}));

/** IFLA_PROP_LIST (spec `prop-list-link-attrs`): alternative names. */
export const propListAttrs = attrSet("prop-list", () => ({
  altIfname: multi(string(53)),
}));

/** IFLA_PROTO_DOWN_REASON_* (linux/if_link.h). */
export const protoDownReasonAttrs = attrSet("proto-down-reason", () => ({
  mask: u32(1),
  value: u32(2),
}));

/** IFLA_DPLL_PIN (spec `link-dpll-pin-attrs`). */
export const dpllPinAttrs = attrSet("dpll-pin", () => ({
  id: u32(1),
}));

/**
 * The fields of link-attrs except linkinfo, protinfo and af-spec, which
 * message.ts adds per family. Order here is the attribute number order.
 */
export const LINK_FIELDS_HEAD = {
  address: lladdr(1),
  broadcast: lladdr(2),
  ifname: string(3),
  mtu: u32(4),
  link: u32(5),
  qdisc: string(6),
  stats: structField(7, rtnlLinkStats),
  cost: binary(8),
  priority: binary(9),
  master: u32(10),
  wireless: binary(11),
} as const;

/** link-attrs 13..69 (after protinfo, without linkinfo and af-spec). */
export const LINK_FIELDS_TAIL = {
  txqlen: u32(13),
  map: structField(14, rtnlLinkIfmap),
  weight: u32(15),
  operstate: enumField(16, 1, OPERSTATE),
  linkmode: enumField(17, 1, LINKMODE),
  netNsPid: u32(19),
  ifalias: string(20),
  numVf: u32(21),
  vfinfoList: binary(22),
  stats64: structField(23, rtnlLinkStats64),
  vfPorts: binary(24),
  portSelf: binary(25),
  group: u32(27),
  netNsFd: u32(28),
  extMask: flagsField(29, 4, RTEXT_FILTER),
  promiscuity: u32(30),
  numTxQueues: u32(31),
  numRxQueues: u32(32),
  carrier: u8(33),
  physPortId: binary(34),
  carrierChanges: u32(35),
  physSwitchId: binary(36),
  linkNetnsid: s32(37),
  physPortName: string(38),
  protoDown: u8(39),
  gsoMaxSegs: u32(40),
  gsoMaxSize: u32(41),
  xdp: nest(43, xdpAttrs),
  event: u32(44),
  newNetnsid: s32(45),
  targetNetnsid: s32(46),
  carrierUpCount: u32(47),
  carrierDownCount: u32(48),
  newIfindex: s32(49),
  minMtu: u32(50),
  maxMtu: u32(51),
  propList: nest(52, propListAttrs, { wireFlags: NESTED }),
  altIfname: string(53),
  permAddress: lladdr(54),
  protoDownReason: nest(55, protoDownReasonAttrs, { wireFlags: NESTED }),
  parentDevName: string(56),
  parentDevBusName: string(57),
  groMaxSize: u32(58),
  tsoMaxSize: u32(59),
  tsoMaxSegs: u32(60),
  allmulti: u32(61),
  devlinkPort: binary(62, { wireFlags: NESTED }), // the kernel opens it with nla_nest_start (rtnl_fill_devlink_port)
  gsoIpv4MaxSize: u32(63),
  groIpv4MaxSize: u32(64),
  dpllPin: nest(65, dpllPinAttrs, { wireFlags: NESTED }),
  maxPacingOffloadHorizon: uint(66),
  netnsImmutable: u8(67),
  headroom: u16(68),
  tailroom: u16(69),
} as const;
