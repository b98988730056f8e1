/**
 * TCA_ACT_OPTIONS of the action kinds that are a parameter struct and
 * little more: act_csum (linux/tc_act/tc_csum.h), act_nat (tc_nat.h:
 * addresses and mask in network order), act_simple (tc_defact.h: tc_gen and
 * a string), act_connmark (tc_connmark.h: tc_gen and a conntrack zone).
 */
import { attrSet } from "../core/attrset.ts";
import { binary } from "../core/fields.ts";
import { struct, structField } from "../core/struct.ts";
import { TC_GEN } from "./act-gen.ts";
import { tcfT } from "./structs.ts";

/** TCA_CSUM_*. */
export const TCA_CSUM = { PARMS: 1, TM: 2, PAD: 3 } as const;
/** TCA_CSUM_UPDATE_FLAG_* bits of tc_csum.update_flags, by tc's names. */
export const CSUM_FLAGS: ReadonlyArray<readonly [string, number]> = [["iph", 1], ["icmp", 2], ["igmp", 4], ["tcp", 8], ["udp", 16], ["udplite", 32], ["sctp", 64]];
/** struct tc_csum. */
export const tcCsum = struct("tc_csum", [...TC_GEN, ["updateFlags", "u32"]] as const, { flexible: true });
/** csum options. */
export const csumAttrs = attrSet("csum", () => ({
  parms: structField(TCA_CSUM.PARMS, tcCsum),
  tm: structField(TCA_CSUM.TM, tcfT),
  pad: binary(TCA_CSUM.PAD),
}));

/** TCA_NAT_*. */
export const TCA_NAT = { PARMS: 1, TM: 2, PAD: 3 } as const;
/** struct tc_nat (flags: TCA_NAT_FLAG_EGRESS 1). */
export const tcNat = struct("tc_nat", [...TC_GEN, ["oldAddr", "be32"], ["newAddr", "be32"], ["mask", "be32"], ["flags", "u32"]] as const, { flexible: true });
/** nat options. */
export const natAttrs = attrSet("nat", () => ({
  parms: structField(TCA_NAT.PARMS, tcNat),
  tm: structField(TCA_NAT.TM, tcfT),
  pad: binary(TCA_NAT.PAD),
}));

/** TCA_DEF_* (act_simple). */
export const TCA_DEF = { TM: 1, PARMS: 2, DATA: 3, PAD: 4 } as const;
/** struct tc_defact. */
export const tcDefact = struct("tc_defact", TC_GEN, { flexible: true });
/** simple options: DATA is a NUL-terminated string (tc sends SIMP_MAX_DATA, 32 bytes). */
export const simpleAttrs = attrSet("simple", () => ({
  tm: structField(TCA_DEF.TM, tcfT),
  parms: structField(TCA_DEF.PARMS, tcDefact),
  data: binary(TCA_DEF.DATA),
  pad: binary(TCA_DEF.PAD),
}));

/** TCA_CONNMARK_*. */
export const TCA_CONNMARK = { PARMS: 1, TM: 2, PAD: 3 } as const;
/** struct tc_connmark (24 bytes: the u16 zone padded). */
export const tcConnmark = struct("tc_connmark", [...TC_GEN, ["zone", "u16"]] as const, { flexible: true });
/** connmark options. */
export const connmarkAttrs = attrSet("connmark", () => ({
  parms: structField(TCA_CONNMARK.PARMS, tcConnmark),
  tm: structField(TCA_CONNMARK.TM, tcfT),
  pad: binary(TCA_CONNMARK.PAD),
}));

