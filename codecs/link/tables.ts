/**
 * Name tables of the link family: IFF_* device flags (linux/if.h), RFC 2863
 * operational states and link modes (linux/if.h), and the rtext-filter bits
 * of IFLA_EXT_MASK (linux/rtnetlink.h, rt-link spec). Flag names are the
 * ones iproute2 prints ("UP", "LOWER_UP", ...).
 */
import { EnumTable, FlagTable } from "../core/tables.ts";

/** IFF_* bits of ifinfomsg.ifi_flags (enum net_device_flags, linux/if.h), named as iproute2 prints them. */
export const IFF = new FlagTable("interface flag", {
  UP: 1 << 0,
  BROADCAST: 1 << 1,
  DEBUG: 1 << 2,
  LOOPBACK: 1 << 3,
  POINTOPOINT: 1 << 4,
  NOTRAILERS: 1 << 5,
  RUNNING: 1 << 6,
  NOARP: 1 << 7,
  PROMISC: 1 << 8,
  ALLMULTI: 1 << 9,
  MASTER: 1 << 10,
  SLAVE: 1 << 11,
  MULTICAST: 1 << 12,
  PORTSEL: 1 << 13,
  AUTOMEDIA: 1 << 14,
  DYNAMIC: 1 << 15,
  LOWER_UP: 1 << 16,
  DORMANT: 1 << 17,
  ECHO: 1 << 18,
});

/** IFF_UP, for requests that switch a link up or down. linux/if.h */
export const IFF_UP = 1;

/** IFLA_OPERSTATE values (IF_OPER_*, linux/if.h), named as iproute2 prints them. */
export const OPERSTATE = new EnumTable("operstate", {
  0: "UNKNOWN",
  1: "NOTPRESENT",
  2: "DOWN",
  3: "LOWERLAYERDOWN",
  4: "TESTING",
  5: "DORMANT",
  6: "UP",
});

/** IFLA_LINKMODE values (IF_LINK_MODE_*, linux/if.h). */
export const LINKMODE = new EnumTable("link mode", { 0: "DEFAULT", 1: "DORMANT", 2: "TESTING" });

/** IFLA_EXT_MASK bits (RTEXT_FILTER_*, linux/rtnetlink.h; rt-link spec `rtext-filter`). */
export const RTEXT_FILTER = new FlagTable("rtext filter", {
  vf: 1 << 0,
  brvlan: 1 << 1,
  brvlanCompressed: 1 << 2,
  skipStats: 1 << 3,
  mrp: 1 << 4,
  cfmConfig: 1 << 5,
  cfmStatus: 1 << 6,
  mst: 1 << 7,
});

/** RTEXT_FILTER_SKIP_STATS: leave IFLA_STATS/IFLA_STATS64 out of answers. linux/rtnetlink.h */
export const RTEXT_FILTER_SKIP_STATS = 1 << 3;

/** IFLA_XDP_ATTACHED values (XDP_ATTACHED_*, linux/if_link.h). */
export const XDP_ATTACHED = new EnumTable("xdp attach mode", { 0: "none", 1: "drv", 2: "skb", 3: "hw", 4: "multi" });

/** IFLA_XDP_FLAGS bits (XDP_FLAGS_*, linux/if_link.h). */
export const XDP_FLAGS = new FlagTable("xdp flag", {
  updateIfNoexist: 1 << 0,
  skbMode: 1 << 1,
  drvMode: 1 << 2,
  hwMode: 1 << 3,
  replace: 1 << 4,
});

/** IFLA_INET6_ADDR_GEN_MODE values (enum in6_addr_gen_mode, linux/if_link.h), iproute2 names. */
export const ADDR_GEN_MODE = new EnumTable("addr gen mode", { 0: "eui64", 1: "none", 2: "stable_secret", 3: "random" });

/** VLAN protocols carried big-endian (ETH_P_8021Q / ETH_P_8021AD, linux/if_ether.h; spec `vlan-protocols`). */
export const VLAN_PROTOCOL = new EnumTable("vlan protocol", { 0x8100: "802.1Q", 0x88a8: "802.1ad" });

/** ARPHRD_* names (linux/if_arp.h) as ip's ll_type_n2a prints them. */
export const ARPHRD = new EnumTable("link type", {
  0: "netrom", 1: "ether", 2: "eether", 3: "ax25", 4: "pronet", 5: "chaos", 6: "ieee802", 7: "arcnet",
  8: "appletlk", 15: "dlci", 19: "atm", 23: "metricom", 24: "ieee1394", 27: "eui64", 32: "infiniband",
  256: "slip", 257: "cslip", 258: "slip6", 259: "cslip6", 260: "rsrvd", 264: "adapt", 270: "rose", 271: "x25",
  272: "hwx25", 280: "can", 290: "mctp", 512: "ppp", 513: "cisco", 516: "lapb", 517: "ddcmp", 518: "rawhdlc",
  519: "rawip", 768: "ipip", 769: "tunnel6", 770: "frad", 771: "skip", 772: "loopback", 773: "localtlk",
  774: "fddi", 775: "bif", 776: "sit", 777: "ip/ddp", 778: "gre", 779: "pimreg", 780: "hippi", 781: "ash",
  782: "econet", 783: "irda", 784: "fcpp", 785: "fcal", 786: "fcpl", 787: "fcfb", 800: "tr", 801: "ieee802.11",
  802: "ieee802.11/prism", 803: "ieee802.11/radiotap", 804: "ieee802.15.4", 805: "ieee802.15.4/monitor",
  820: "phonet", 821: "phonet_pipe", 822: "caif", 823: "ip6gre", 824: "netlink", 825: "6lowpan", 826: "vsockmon",
  65534: "none", 65535: "void",
});

