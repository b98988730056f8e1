/**
 * codecs/netconf: per-device IP configuration messages, RTM_NEWNETCONF /
 * RTM_DELNETCONF / RTM_GETNETCONF (linux/netconf.h, net/ipv4/devinet.c,
 * net/ipv6/addrconf.c).
 *
 * Fixed header: struct netconfmsg, one byte, and the attributes start at
 * NLMSG_ALIGN(1) = 4:
 *
 *   0        1                          4
 *   +--------+--------+--------+--------+
 *   | family | (padding, zero)          |  then NETCONFA_* attributes
 *   +--------+--------+--------+--------+
 *
 * NETCONFA_IFINDEX is an s32: a device index, or NETCONFA_IFINDEX_ALL (-1,
 * the `all` settings) or NETCONFA_IFINDEX_DEFAULT (-2, the `default` ones).
 * The other attributes are u32 sysctl values (rp_filter 0 off, 1 strict,
 * 2 loose). The padding is written as zeros and not kept on decode.
 */
import { attrSet } from "../core/attrset.ts";
import { s32, u32 } from "../core/fields.ts";
import { headerInt, messageCodec, type FixedHeader, type MessageCodec } from "../core/message.ts";

/** NETCONFA_* attribute numbers. netconf.h */
export const NETCONFA = {
  IFINDEX: 1, FORWARDING: 2, RP_FILTER: 3, MC_FORWARDING: 4, PROXY_NEIGH: 5,
  IGNORE_ROUTES_WITH_LINKDOWN: 6, INPUT: 7, BC_FORWARDING: 8,
} as const;

/** NETCONFA_IFINDEX_ALL: the `all` pseudo-device. netconf.h */
export const NETCONFA_IFINDEX_ALL = -1;
/** NETCONFA_IFINDEX_DEFAULT: the `default` pseudo-device. netconf.h */
export const NETCONFA_IFINDEX_DEFAULT = -2;

/** Decoded struct netconfmsg. */
export interface NetconfMsg {
  family: number;
}

/** The netconfmsg fixed-header codec (1 byte; messageCodec pads to 4). */
export const netconfmsg: FixedHeader<NetconfMsg> = {
  name: "netconfmsg",
  size: 1,
  decode: (buf, _dv, off) => ({ family: buf[off]! }),
  encode(w, h, path) {
    w.u8(headerInt(h.family, 0, 0xff, `${path}.family`));
  },
};

/** NETCONFA_* attributes (netconf.h): IFINDEX s32, the rest u32; declared in the order the kernel writes them (devinet.c). */
export const netconfAttrs = attrSet("netconf", () => ({
  ifindex: s32(NETCONFA.IFINDEX),
  forwarding: u32(NETCONFA.FORWARDING),
  rpFilter: u32(NETCONFA.RP_FILTER),
  mcForwarding: u32(NETCONFA.MC_FORWARDING),
  bcForwarding: u32(NETCONFA.BC_FORWARDING),
  proxyNeigh: u32(NETCONFA.PROXY_NEIGH),
  ignoreRoutesWithLinkdown: u32(NETCONFA.IGNORE_ROUTES_WITH_LINKDOWN),
  input: u32(NETCONFA.INPUT),
}));

/** The decoded NETCONFA_* attributes. */
export type NetconfAttrs = typeof netconfAttrs._type;

/** A decoded netconf message: `{ family, attrs }`. */
export type NetconfMessage = NetconfMsg & { attrs: NetconfAttrs };

/** Codec of RTM_*NETCONF payloads (struct netconfmsg + NETCONFA_* attributes). */
export const netconfMessage: MessageCodec<NetconfMessage> = messageCodec("netconf", netconfmsg, netconfAttrs);
