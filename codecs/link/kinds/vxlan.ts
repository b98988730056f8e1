/**
 * vxlan data (IFLA_VXLAN_*, linux/if_link.h). Byte order as
 * drivers/net/vxlan/vxlan_core.c writes it: addresses in network order
 * (group/local 4 bytes, group6/local6 16), IFLA_VXLAN_PORT and the port
 * range big-endian, IFLA_VXLAN_LABEL big-endian; everything else host
 * order; IFLA_VXLAN_TTL_INHERIT is a u8 0/1 in current kernels though
 * the other option bits (gbp, gpe, remcsum-nopartial) are NLA_FLAGs.
 * Attributes newer than this machine's uapi header (31+, e.g.
 * LOCALBYPASS) are kept raw in `unknown`.
 */
import { attrSet } from "../../core/attrset.ts";
import { DecodeError } from "../../core/errors.ts";
import type { Field } from "../../core/fields.ts";
import { enumField, flag, u16be, u32, u32be, u8 } from "../../core/fields.ts";
import { structField } from "../../core/struct.ts";
import { EnumTable } from "../../core/tables.ts";
import { ipOf } from "../fields.ts";
import { portRange } from "../structs.ts";

/** enum ifla_vxlan_df. */
export const VXLAN_DF = new EnumTable("vxlan df", { 0: "unset", 1: "set", 2: "inherit" });

/** IFLA_VXLAN_* (kind "vxlan"). */
/**
 * IFLA_VXLAN_TTL_INHERIT: requests carry it as a flag (NLA_FLAG, no
 * payload: `true`), the kernel dumps it as a u8 (0 or 1: a number). Each
 * form decodes to its own value and encodes back to its own bytes.
 */
function flagOrU8(type: number): Field<number | true> {
  return {
    type,
    wireFlags: 0,
    decode: (b, _dv, off, len, path) => {
      if (len === 0) return true;
      if (len !== 1) throw new DecodeError(`flag or u8 needs 0 or 1 bytes, got ${len}`, path, off);
      return b[off]!;
    },
    encode: (w, v, path) => {
      if (v === true) return;
      if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 0xff) throw new TypeError(`${path}: expected true (the flag) or a u8`);
      w.u8(v);
    },
  };
}

export const vxlanData = attrSet("vxlan", () => ({
  id: u32(1),
  group: ipOf(2, 4),
  link: u32(3),
  local: ipOf(4, 4),
  ttl: u8(5),
  tos: u8(6),
  learning: u8(7),
  ageing: u32(8),
  limit: u32(9),
  portRange: structField(10, portRange),
  proxy: u8(11),
  rsc: u8(12),
  l2miss: u8(13),
  l3miss: u8(14),
  port: u16be(15),
  group6: ipOf(16, 16),
  local6: ipOf(17, 16),
  udpCsum: u8(18),
  udpZeroCsum6Tx: u8(19),
  udpZeroCsum6Rx: u8(20),
  remcsumTx: u8(21),
  remcsumRx: u8(22),
  gbp: flag(23),
  remcsumNopartial: flag(24),
  collectMetadata: u8(25),
  label: u32be(26),
  gpe: flag(27),
  ttlInherit: flagOrU8(28),
  df: enumField(29, 1, VXLAN_DF),
  vnifilter: u8(30),
}));

/** Decoded vxlan data. */
export type VxlanData = ReturnType<typeof vxlanData.decode>;
