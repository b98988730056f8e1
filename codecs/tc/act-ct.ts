/**
 * TCA_ACT_OPTIONS of act_ct (linux/tc_act/tc_ct.h): struct tc_ct (tc_gen),
 * the TCA_CT_ACT_* flags (u16), zone (u16), mark and mask (u32), labels and
 * mask (up to 16 bytes, hex), NAT address range (IPv4 or IPv6) and port
 * range (network order). Newer kernels add HELPER_* (23+), kept as unknown.
 */
import { attrSet } from "../core/attrset.ts";
import { binary, ipAddr, u16, u16be, u32 } from "../core/fields.ts";
import { struct, structField } from "../core/struct.ts";
import { TC_GEN } from "./act-gen.ts";
import { tcfT } from "./structs.ts";

/** TCA_CT_*. */
export const TCA_CT = {
  PARMS: 1, TM: 2, ACTION: 3, ZONE: 4, MARK: 5, MARK_MASK: 6, LABELS: 7, LABELS_MASK: 8,
  NAT_IPV4_MIN: 9, NAT_IPV4_MAX: 10, NAT_IPV6_MIN: 11, NAT_IPV6_MAX: 12, NAT_PORT_MIN: 13, NAT_PORT_MAX: 14, PAD: 15,
} as const;
/** TCA_CT_ACT_* bits of TCA_CT_ACTION. */
export const TCA_CT_ACT = { COMMIT: 1, FORCE: 2, CLEAR: 4, NAT: 8, NAT_SRC: 16, NAT_DST: 32 } as const;

/** struct tc_ct. */
export const tcCt = struct("tc_ct", TC_GEN, { flexible: true });

/** ct options. */
export const ctAttrs = attrSet("ct", () => ({
  parms: structField(TCA_CT.PARMS, tcCt),
  tm: structField(TCA_CT.TM, tcfT),
  action: u16(TCA_CT.ACTION),
  zone: u16(TCA_CT.ZONE),
  mark: u32(TCA_CT.MARK),
  markMask: u32(TCA_CT.MARK_MASK),
  labels: binary(TCA_CT.LABELS),
  labelsMask: binary(TCA_CT.LABELS_MASK),
  natIpv4Min: ipAddr(TCA_CT.NAT_IPV4_MIN),
  natIpv4Max: ipAddr(TCA_CT.NAT_IPV4_MAX),
  natIpv6Min: ipAddr(TCA_CT.NAT_IPV6_MIN),
  natIpv6Max: ipAddr(TCA_CT.NAT_IPV6_MAX),
  natPortMin: u16be(TCA_CT.NAT_PORT_MIN),
  natPortMax: u16be(TCA_CT.NAT_PORT_MAX),
  pad: binary(TCA_CT.PAD),
}));
