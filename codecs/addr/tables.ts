/**
 * Name tables of the address family: IFA_F_* flag bits (linux/if_addr.h),
 * address scopes (enum rt_scope_t, linux/rtnetlink.h) and address protocols
 * (IFAPROT_*, linux/if_addr.h). Names are the ones iproute2 prints
 * (`ip addr show`, lib/rt_names.c and ip/ipaddress.c).
 */
import { EnumTable, FlagTable } from "../core/tables.ts";
import { scopeTable } from "../rt-names.ts";

/** IFA_F_* bits. linux/if_addr.h */
export const IFA_F = {
  SECONDARY: 0x01,
  TEMPORARY: 0x01,
  NODAD: 0x02,
  OPTIMISTIC: 0x04,
  DADFAILED: 0x08,
  HOMEADDRESS: 0x10,
  DEPRECATED: 0x20,
  TENTATIVE: 0x40,
  PERMANENT: 0x80,
  MANAGETEMPADDR: 0x100,
  NOPREFIXROUTE: 0x200,
  MCAUTOJOIN: 0x400,
  STABLE_PRIVACY: 0x800,
} as const;

/**
 * IFA_F_* flags by iproute2's names (ip/ipaddress.c ifa_flag_data). Decoding
 * yields these names; encoding also accepts the spec's spellings
 * (`temporary`, `homeaddress`, `managetempaddr`, `mcautojoin`), which come
 * after the canonical ones so they never win on decode.
 */
export const ADDR_FLAGS = new FlagTable("address flag", {
  secondary: IFA_F.SECONDARY,
  nodad: IFA_F.NODAD,
  optimistic: IFA_F.OPTIMISTIC,
  dadfailed: IFA_F.DADFAILED,
  home: IFA_F.HOMEADDRESS,
  deprecated: IFA_F.DEPRECATED,
  tentative: IFA_F.TENTATIVE,
  permanent: IFA_F.PERMANENT,
  mngtmpaddr: IFA_F.MANAGETEMPADDR,
  noprefixroute: IFA_F.NOPREFIXROUTE,
  autojoin: IFA_F.MCAUTOJOIN,
  "stable-privacy": IFA_F.STABLE_PRIVACY,
  temporary: IFA_F.TEMPORARY,
  homeaddress: IFA_F.HOMEADDRESS,
  managetempaddr: IFA_F.MANAGETEMPADDR,
  mcautojoin: IFA_F.MCAUTOJOIN,
});

/** enum rt_scope_t values. linux/rtnetlink.h */
export const RT_SCOPE = { UNIVERSE: 0, SITE: 200, LINK: 253, HOST: 254, NOWHERE: 255 } as const;

/** Scope names as iproute2 prints them (lib/rt_names.c rtnl_rtscope_tab, codecs/rt-names.ts); other values stay numbers; "universe" is accepted for 0. */
export const SCOPES = scopeTable("scope");

/** IFAPROT_* values. linux/if_addr.h */
export const IFAPROT = { UNSPEC: 0, KERNEL_LO: 1, KERNEL_RA: 2, KERNEL_LL: 3 } as const;

/** Address protocol names as iproute2 prints them (lib/rt_names.c rtnl_addrprot_tab). */
export const ADDR_PROTOCOLS = new EnumTable("address protocol", {
  [IFAPROT.UNSPEC]: "unspec",
  [IFAPROT.KERNEL_LO]: "kernel_lo",
  [IFAPROT.KERNEL_RA]: "kernel_ra",
  [IFAPROT.KERNEL_LL]: "kernel_ll",
});
