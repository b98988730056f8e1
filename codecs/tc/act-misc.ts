/**
 * TCA_ACT_OPTIONS of act_skbmod (linux/tc_act/tc_skbmod.h: tc_gen and u64
 * flags, so 32 bytes; ETYPE host order), act_sample (tc_sample.h), act_mpls
 * (tc_mpls.h: PROTO network order, LABEL host order) and act_ctinfo
 * (tc_ctinfo.h; its parameter struct travels as TCA_CTINFO_ACT, decoded
 * under `parms` like every other kind's).
 */
import { attrSet } from "../core/attrset.ts";
import { binary, lladdr, u16, u16be, u32, u64, u8 } from "../core/fields.ts";
import { struct, structField } from "../core/struct.ts";
import { TC_GEN } from "./act-gen.ts";
import { tcfT } from "./structs.ts";

/** TCA_SKBMOD_*. */
export const TCA_SKBMOD = { TM: 1, PARMS: 2, DMAC: 3, SMAC: 4, ETYPE: 5, PAD: 6 } as const;
/** SKBMOD_F_* bits of tc_skbmod.flags. */
export const SKBMOD_F = { DMAC: 1, SMAC: 2, ETYPE: 4, SWAPMAC: 8, ECN: 16 } as const;
/** struct tc_skbmod. */
export const tcSkbmod = struct("tc_skbmod", [...TC_GEN, ["flags", "u64"]] as const, { flexible: true });
/** skbmod options. */
export const skbmodAttrs = attrSet("skbmod", () => ({
  tm: structField(TCA_SKBMOD.TM, tcfT),
  parms: structField(TCA_SKBMOD.PARMS, tcSkbmod),
  dmac: lladdr(TCA_SKBMOD.DMAC),
  smac: lladdr(TCA_SKBMOD.SMAC),
  etype: u16(TCA_SKBMOD.ETYPE),
  pad: binary(TCA_SKBMOD.PAD),
}));

/** TCA_SAMPLE_*. */
export const TCA_SAMPLE = { TM: 1, PARMS: 2, RATE: 3, TRUNC_SIZE: 4, PSAMPLE_GROUP: 5, PAD: 6 } as const;
/** struct tc_sample. */
export const tcSample = struct("tc_sample", TC_GEN, { flexible: true });
/** sample options. */
export const sampleAttrs = attrSet("sample", () => ({
  tm: structField(TCA_SAMPLE.TM, tcfT),
  parms: structField(TCA_SAMPLE.PARMS, tcSample),
  rate: u32(TCA_SAMPLE.RATE),
  truncSize: u32(TCA_SAMPLE.TRUNC_SIZE),
  psampleGroup: u32(TCA_SAMPLE.PSAMPLE_GROUP),
  pad: binary(TCA_SAMPLE.PAD),
}));

/** TCA_MPLS_*. */
export const TCA_MPLS = { TM: 1, PARMS: 2, PAD: 3, PROTO: 4, LABEL: 5, TC: 6, TTL: 7, BOS: 8 } as const;
/** struct tc_mpls (m_action: TCA_MPLS_ACT_* 1 pop, 2 push, 3 modify, 4 dec_ttl, 5 mac_push). */
export const tcMpls = struct("tc_mpls", [...TC_GEN, ["mAction", "s32"]] as const, { flexible: true });
/** mpls options. */
export const mplsAttrs = attrSet("mpls", () => ({
  tm: structField(TCA_MPLS.TM, tcfT),
  parms: structField(TCA_MPLS.PARMS, tcMpls),
  pad: binary(TCA_MPLS.PAD),
  proto: u16be(TCA_MPLS.PROTO),
  label: u32(TCA_MPLS.LABEL),
  tc: u8(TCA_MPLS.TC),
  ttl: u8(TCA_MPLS.TTL),
  bos: u8(TCA_MPLS.BOS),
}));

/** TCA_CTINFO_*. */
export const TCA_CTINFO = {
  PAD: 1, TM: 2, ACT: 3, ZONE: 4, PARMS_DSCP_MASK: 5, PARMS_DSCP_STATEMASK: 6, PARMS_CPMARK_MASK: 7,
  STATS_DSCP_SET: 8, STATS_DSCP_ERROR: 9, STATS_CPMARK_SET: 10,
} as const;
/** struct tc_ctinfo. */
export const tcCtinfo = struct("tc_ctinfo", TC_GEN, { flexible: true });
/** ctinfo options. */
export const ctinfoAttrs = attrSet("ctinfo", () => ({
  pad: binary(TCA_CTINFO.PAD),
  tm: structField(TCA_CTINFO.TM, tcfT),
  parms: structField(TCA_CTINFO.ACT, tcCtinfo),
  zone: u16(TCA_CTINFO.ZONE),
  dscpMask: u32(TCA_CTINFO.PARMS_DSCP_MASK),
  dscpStatemask: u32(TCA_CTINFO.PARMS_DSCP_STATEMASK),
  cpmarkMask: u32(TCA_CTINFO.PARMS_CPMARK_MASK),
  statsDscpSet: u64(TCA_CTINFO.STATS_DSCP_SET),
  statsDscpError: u64(TCA_CTINFO.STATS_DSCP_ERROR),
  statsCpmarkSet: u64(TCA_CTINFO.STATS_CPMARK_SET),
}));
