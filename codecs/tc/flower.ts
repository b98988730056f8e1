/**
 * flower classifier options (TCA_FLOWER_*, linux/pkt_cls.h): the keys tc
 * users write most (addresses, ports, protocol, VLAN, ICMP, ARP, MPLS
 * label/tc/bos/ttl and label stacks, conntrack, flags, IP TOS/TTL, tunnel
 * addresses and tunnel options (geneve, vxlan, erspan, gtp)).
 * Attribute numbers follow the uapi enum; the others (hash, l2tpv3) stay
 * raw in `unknown`, which re-encodes unchanged. Ports and ether types are
 * network order, VLAN ids host order (the kernel's NLA_U16).
 *
 * Nest flags as tc 6.1 sends them: MPLS_OPTS and each LSE carry
 * NLA_F_NESTED; ENC_OPTS/ENC_OPTS_MASK carry it except around geneve
 * options (f_flower.c flower_parse_enc_opts_*), the vxlan/erspan/gtp
 * option nests carry it, geneve's do not.
 */
import { attrSet, NESTED, nest } from "../core/attrset.ts";
import type { Field } from "../core/fields.ts";
import { binary, ipAddr, lladdr, multi, string, u16, u16be, u32, u32be, u8 } from "../core/fields.ts";
import { actionsField } from "./actions.ts";

/** TCA_FLOWER_* numbers of the typed keys. */
export const TCA_FLOWER = {
  CLASSID: 1, INDEV: 2, ACT: 3, KEY_ETH_DST: 4, KEY_ETH_DST_MASK: 5, KEY_ETH_SRC: 6, KEY_ETH_SRC_MASK: 7,
  KEY_ETH_TYPE: 8, KEY_IP_PROTO: 9, KEY_IPV4_SRC: 10, KEY_IPV4_SRC_MASK: 11, KEY_IPV4_DST: 12, KEY_IPV4_DST_MASK: 13,
  KEY_IPV6_SRC: 14, KEY_IPV6_SRC_MASK: 15, KEY_IPV6_DST: 16, KEY_IPV6_DST_MASK: 17, KEY_TCP_SRC: 18, KEY_TCP_DST: 19,
  KEY_UDP_SRC: 20, KEY_UDP_DST: 21, FLAGS: 22, KEY_VLAN_ID: 23, KEY_VLAN_PRIO: 24, KEY_VLAN_ETH_TYPE: 25,
  KEY_ENC_KEY_ID: 26, KEY_TCP_SRC_MASK: 35, KEY_TCP_DST_MASK: 36, KEY_UDP_SRC_MASK: 37, KEY_UDP_DST_MASK: 38,
  KEY_SCTP_SRC_MASK: 39, KEY_SCTP_DST_MASK: 40, KEY_SCTP_SRC: 41, KEY_SCTP_DST: 42, KEY_FLAGS: 47, KEY_FLAGS_MASK: 48,
  KEY_ICMPV4_CODE: 49, KEY_ICMPV4_CODE_MASK: 50, KEY_ICMPV4_TYPE: 51, KEY_ICMPV4_TYPE_MASK: 52,
  KEY_ICMPV6_CODE: 53, KEY_ICMPV6_CODE_MASK: 54, KEY_ICMPV6_TYPE: 55, KEY_ICMPV6_TYPE_MASK: 56,
  KEY_TCP_FLAGS: 71, KEY_TCP_FLAGS_MASK: 72, KEY_IP_TOS: 73, KEY_IP_TOS_MASK: 74, KEY_IP_TTL: 75, KEY_IP_TTL_MASK: 76,
  IN_HW_COUNT: 86, KEY_PORT_SRC_MIN: 87, KEY_PORT_SRC_MAX: 88, KEY_PORT_DST_MIN: 89, KEY_PORT_DST_MAX: 90,
  KEY_ARP_SIP: 57, KEY_ARP_SIP_MASK: 58, KEY_ARP_TIP: 59, KEY_ARP_TIP_MASK: 60, KEY_ARP_OP: 61, KEY_ARP_OP_MASK: 62,
  KEY_ARP_SHA: 63, KEY_ARP_SHA_MASK: 64, KEY_ARP_THA: 65, KEY_ARP_THA_MASK: 66,
  KEY_MPLS_TTL: 67, KEY_MPLS_BOS: 68, KEY_MPLS_TC: 69, KEY_MPLS_LABEL: 70,
  KEY_ENC_IP_TOS: 80, KEY_ENC_IP_TOS_MASK: 81, KEY_ENC_IP_TTL: 82, KEY_ENC_IP_TTL_MASK: 83,
  KEY_CT_STATE: 91, KEY_CT_STATE_MASK: 92, KEY_CT_ZONE: 93, KEY_CT_ZONE_MASK: 94, KEY_CT_MARK: 95, KEY_CT_MARK_MASK: 96,
  KEY_ENC_OPTS: 84, KEY_ENC_OPTS_MASK: 85, KEY_MPLS_OPTS: 99,
  KEY_NUM_OF_VLANS: 102, KEY_PPPOE_SID: 103, KEY_PPP_PROTO: 104,
} as const;

const F = TCA_FLOWER;

/** One MPLS label stack entry match (TCA_FLOWER_KEY_MPLS_OPT_LSE_*); depth 1 is the outermost. */
const lseAttrs = attrSet("flower.mplsOpts.lse", () => ({ depth: u8(1), ttl: u8(2), bos: u8(3), tc: u8(4), label: u32(5) }));
/** TCA_FLOWER_KEY_MPLS_OPTS: a list of LSE nests. */
const mplsOptsAttrs = attrSet("flower.mplsOpts", () => ({ lse: multi(nest(1, lseAttrs, { wireFlags: NESTED })) }));

/** One geneve option (TCA_FLOWER_KEY_ENC_OPT_GENEVE_*): class (network order), type, data (hex, 4..128 bytes). */
const geneveAttrs = attrSet("flower.encOpts.geneve", () => ({ class: u16be(1), type: u8(2), data: binary(3) }));
/** The vxlan group policy id (TCA_FLOWER_KEY_ENC_OPT_VXLAN_GBP, host order). */
const vxlanAttrs = attrSet("flower.encOpts.vxlan", () => ({ gbp: u32(1) }));
/** erspan metadata (TCA_FLOWER_KEY_ENC_OPT_ERSPAN_*): version, index (v1, network order), dir and hwid (v2). */
const erspanAttrs = attrSet("flower.encOpts.erspan", () => ({ ver: u8(1), index: u32be(2), dir: u8(3), hwid: u8(4) }));
/** GTP-U PDU session container (TCA_FLOWER_KEY_ENC_OPT_GTP_*). */
const gtpAttrs = attrSet("flower.encOpts.gtp", () => ({ pduType: u8(1), qfi: u8(2) }));
/** TCA_FLOWER_KEY_ENC_OPTS and its mask: geneve options (repeatable) or one vxlan, erspan or gtp nest. */
const encOptsAttrs = attrSet("flower.encOpts", () => ({
  geneve: multi(nest(1, geneveAttrs)), vxlan: nest(2, vxlanAttrs, { wireFlags: NESTED }),
  erspan: nest(3, erspanAttrs, { wireFlags: NESTED }), gtp: nest(4, gtpAttrs, { wireFlags: NESTED }),
}));
type EncOpts = typeof encOptsAttrs._type;
/** ENC_OPTS(_MASK): NLA_F_NESTED unless it holds geneve options (as tc sends them). */
function encOptsField(type: number): Field<EncOpts> {
  return { ...nest(type, encOptsAttrs), wireFlagsOf: (v: EncOpts) => (v !== null && typeof v === "object" && v.geneve !== undefined ? 0 : NESTED) };
}

/** flower options; `iproute2` selects iproute2's action layout. */
export function flowerAttrs(iproute2: boolean) {
  return attrSet("flower", {
    classid: u32(F.CLASSID), indev: string(F.INDEV), act: actionsField(F.ACT, iproute2),
    ethDst: lladdr(F.KEY_ETH_DST), ethDstMask: lladdr(F.KEY_ETH_DST_MASK),
    ethSrc: lladdr(F.KEY_ETH_SRC), ethSrcMask: lladdr(F.KEY_ETH_SRC_MASK),
    ethType: u16be(F.KEY_ETH_TYPE), ipProto: u8(F.KEY_IP_PROTO),
    ipv4Src: ipAddr(F.KEY_IPV4_SRC), ipv4SrcMask: ipAddr(F.KEY_IPV4_SRC_MASK),
    ipv4Dst: ipAddr(F.KEY_IPV4_DST), ipv4DstMask: ipAddr(F.KEY_IPV4_DST_MASK),
    ipv6Src: ipAddr(F.KEY_IPV6_SRC), ipv6SrcMask: ipAddr(F.KEY_IPV6_SRC_MASK),
    ipv6Dst: ipAddr(F.KEY_IPV6_DST), ipv6DstMask: ipAddr(F.KEY_IPV6_DST_MASK),
    tcpSrc: u16be(F.KEY_TCP_SRC), tcpDst: u16be(F.KEY_TCP_DST), udpSrc: u16be(F.KEY_UDP_SRC), udpDst: u16be(F.KEY_UDP_DST),
    flags: u32(F.FLAGS), vlanId: u16(F.KEY_VLAN_ID), vlanPrio: u8(F.KEY_VLAN_PRIO), vlanEthType: u16be(F.KEY_VLAN_ETH_TYPE),
    encKeyId: u32be(F.KEY_ENC_KEY_ID),
    tcpSrcMask: u16be(F.KEY_TCP_SRC_MASK), tcpDstMask: u16be(F.KEY_TCP_DST_MASK),
    udpSrcMask: u16be(F.KEY_UDP_SRC_MASK), udpDstMask: u16be(F.KEY_UDP_DST_MASK),
    sctpSrcMask: u16be(F.KEY_SCTP_SRC_MASK), sctpDstMask: u16be(F.KEY_SCTP_DST_MASK),
    sctpSrc: u16be(F.KEY_SCTP_SRC), sctpDst: u16be(F.KEY_SCTP_DST),
    keyFlags: u32be(F.KEY_FLAGS), keyFlagsMask: u32be(F.KEY_FLAGS_MASK),
    icmpv4Code: u8(F.KEY_ICMPV4_CODE), icmpv4CodeMask: u8(F.KEY_ICMPV4_CODE_MASK),
    icmpv4Type: u8(F.KEY_ICMPV4_TYPE), icmpv4TypeMask: u8(F.KEY_ICMPV4_TYPE_MASK),
    icmpv6Code: u8(F.KEY_ICMPV6_CODE), icmpv6CodeMask: u8(F.KEY_ICMPV6_CODE_MASK),
    icmpv6Type: u8(F.KEY_ICMPV6_TYPE), icmpv6TypeMask: u8(F.KEY_ICMPV6_TYPE_MASK),
    tcpFlags: u16be(F.KEY_TCP_FLAGS), tcpFlagsMask: u16be(F.KEY_TCP_FLAGS_MASK),
    ipTos: u8(F.KEY_IP_TOS), ipTosMask: u8(F.KEY_IP_TOS_MASK), ipTtl: u8(F.KEY_IP_TTL), ipTtlMask: u8(F.KEY_IP_TTL_MASK),
    inHwCount: u32(F.IN_HW_COUNT),
    portSrcMin: u16be(F.KEY_PORT_SRC_MIN), portSrcMax: u16be(F.KEY_PORT_SRC_MAX),
    portDstMin: u16be(F.KEY_PORT_DST_MIN), portDstMax: u16be(F.KEY_PORT_DST_MAX),
    encIpv4Src: ipAddr(27), encIpv4SrcMask: ipAddr(28), encIpv4Dst: ipAddr(29), encIpv4DstMask: ipAddr(30),
    encIpv6Src: ipAddr(31), encIpv6SrcMask: ipAddr(32), encIpv6Dst: ipAddr(33), encIpv6DstMask: ipAddr(34),
    encUdpSrcPort: u16be(43), encUdpSrcPortMask: u16be(44), encUdpDstPort: u16be(45), encUdpDstPortMask: u16be(46),
    cvlanId: u16(77), cvlanPrio: u8(78), cvlanEthType: u16be(79),
    ctLabels: binary(97), ctLabelsMask: binary(98),
    arpSip: ipAddr(F.KEY_ARP_SIP), arpSipMask: ipAddr(F.KEY_ARP_SIP_MASK), arpTip: ipAddr(F.KEY_ARP_TIP), arpTipMask: ipAddr(F.KEY_ARP_TIP_MASK),
    arpOp: u8(F.KEY_ARP_OP), arpOpMask: u8(F.KEY_ARP_OP_MASK),
    arpSha: lladdr(F.KEY_ARP_SHA), arpShaMask: lladdr(F.KEY_ARP_SHA_MASK), arpTha: lladdr(F.KEY_ARP_THA), arpThaMask: lladdr(F.KEY_ARP_THA_MASK),
    mplsTtl: u8(F.KEY_MPLS_TTL), mplsBos: u8(F.KEY_MPLS_BOS), mplsTc: u8(F.KEY_MPLS_TC), mplsLabel: u32(F.KEY_MPLS_LABEL),
    encIpTos: u8(F.KEY_ENC_IP_TOS), encIpTosMask: u8(F.KEY_ENC_IP_TOS_MASK), encIpTtl: u8(F.KEY_ENC_IP_TTL), encIpTtlMask: u8(F.KEY_ENC_IP_TTL_MASK),
    ctState: u16(F.KEY_CT_STATE), ctStateMask: u16(F.KEY_CT_STATE_MASK), ctZone: u16(F.KEY_CT_ZONE), ctZoneMask: u16(F.KEY_CT_ZONE_MASK),
    ctMark: u32(F.KEY_CT_MARK), ctMarkMask: u32(F.KEY_CT_MARK_MASK),
    encOpts: encOptsField(F.KEY_ENC_OPTS), encOptsMask: encOptsField(F.KEY_ENC_OPTS_MASK),
    mplsOpts: nest(F.KEY_MPLS_OPTS, mplsOptsAttrs, { wireFlags: NESTED }),
    numOfVlans: u8(F.KEY_NUM_OF_VLANS), pppoeSid: u16be(F.KEY_PPPOE_SID), pppProto: u16be(F.KEY_PPP_PROTO),
  });
}
