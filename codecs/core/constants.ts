/**
 * Netlink protocol constants, from /usr/include/linux/netlink.h.
 * Numbers only; no behaviour lives here.
 */

// ---- netlink.h: protocols ----------------------------------------------------
/** Routing/device hook (netlink.h NETLINK_ROUTE). */
export const NETLINK_ROUTE = 0;
/** Netfilter (netlink.h NETLINK_NETFILTER). */
export const NETLINK_NETFILTER = 12;
/** Kernel uevents (netlink.h NETLINK_KOBJECT_UEVENT). */
export const NETLINK_KOBJECT_UEVENT = 15;
/** Generic netlink (netlink.h NETLINK_GENERIC). */
export const NETLINK_GENERIC = 16;

/** Control message types below NLMSG_MIN_TYPE. netlink.h */
export const NLMSG_NOOP = 0x1;
export const NLMSG_ERROR = 0x2;
export const NLMSG_DONE = 0x3;
export const NLMSG_OVERRUN = 0x4;
export const NLMSG_MIN_TYPE = 0x10;

/** Standard nlmsghdr flag bits. netlink.h */
export const NLM_F_REQUEST = 0x01;
export const NLM_F_MULTI = 0x02;
export const NLM_F_ACK = 0x04;
export const NLM_F_ECHO = 0x08;
export const NLM_F_DUMP_INTR = 0x10;
export const NLM_F_DUMP_FILTERED = 0x20;

/** Modifiers to GET requests. netlink.h */
export const NLM_F_ROOT = 0x100;
export const NLM_F_MATCH = 0x200;
export const NLM_F_ATOMIC = 0x400;
export const NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;

/** Modifiers to NEW requests. netlink.h */
export const NLM_F_REPLACE = 0x100;
export const NLM_F_EXCL = 0x200;
export const NLM_F_CREATE = 0x400;
export const NLM_F_APPEND = 0x800;

/** Modifiers to DELETE requests. netlink.h */
export const NLM_F_NONREC = 0x100;
export const NLM_F_BULK = 0x200;

/** Flags on NLMSG_ERROR (ACK) messages. netlink.h */
export const NLM_F_CAPPED = 0x100;
export const NLM_F_ACK_TLVS = 0x200;

/** Attribute type flag bits and mask. netlink.h */
export const NLA_F_NESTED = 1 << 15;
export const NLA_F_NET_BYTEORDER = 1 << 14;
export const NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff;

/** Extended ACK TLV types (enum nlmsgerr_attrs). netlink.h */
export const NLMSGERR_ATTR_MSG = 1;
export const NLMSGERR_ATTR_OFFS = 2;
export const NLMSGERR_ATTR_COOKIE = 3;
export const NLMSGERR_ATTR_POLICY = 4;
export const NLMSGERR_ATTR_MISS_TYPE = 5;
export const NLMSGERR_ATTR_MISS_NEST = 6;

// ---- netlink.h: SOL_NETLINK socket options -------------------------------------
/** Join a multicast group (netlink.h NETLINK_ADD_MEMBERSHIP). */
export const NETLINK_ADD_MEMBERSHIP = 1;
/** Leave a multicast group (netlink.h NETLINK_DROP_MEMBERSHIP). */
export const NETLINK_DROP_MEMBERSHIP = 2;
/** Deliver NETLINK_PKTINFO cmsgs (netlink.h). */
export const NETLINK_PKTINFO = 3;
/** Report multicast delivery errors (netlink.h NETLINK_BROADCAST_ERROR). */
export const NETLINK_BROADCAST_ERROR = 4;
/** Suppress ENOBUFS on overrun (netlink.h NETLINK_NO_ENOBUFS). */
export const NETLINK_NO_ENOBUFS = 5;
/** Receive multicast from all peer namespaces with an nsid (netlink.h). */
export const NETLINK_LISTEN_ALL_NSID = 8;
/** Read the joined groups bitmap (netlink.h NETLINK_LIST_MEMBERSHIPS). */
export const NETLINK_LIST_MEMBERSHIPS = 9;
/** Do not echo the request in error ACKs (netlink.h NETLINK_CAP_ACK). */
export const NETLINK_CAP_ACK = 10;
/** Extended ACK TLVs in nlmsgerr (netlink.h NETLINK_EXT_ACK). */
export const NETLINK_EXT_ACK = 11;
/** Strict header checking of dump requests (netlink.h NETLINK_GET_STRICT_CHK). */
export const NETLINK_GET_STRICT_CHK = 12;

/** Size of struct nlmsghdr and of struct nlattr's header. netlink.h */
export const NLMSG_HDRLEN = 16;
export const NLA_HDRLEN = 4;

/** Named nlmsghdr flags for display: the meaning of 0x100..0x800 depends on the request kind. */
export const NLM_F_NAMES: Readonly<Record<number, string>> = {
  [NLM_F_REQUEST]: "REQUEST",
  [NLM_F_MULTI]: "MULTI",
  [NLM_F_ACK]: "ACK",
  [NLM_F_ECHO]: "ECHO",
  [NLM_F_DUMP_INTR]: "DUMP_INTR",
  [NLM_F_DUMP_FILTERED]: "DUMP_FILTERED",
};

/**
 * USER_HZ: the tick rate of the clock_t values rtnetlink reports (route
 * expiry, neighbour ages, nexthop group timers; sysconf(_SC_CLK_TCK), 100
 * on every Linux architecture's user ABI).
 */
export const USER_HZ = 100;
