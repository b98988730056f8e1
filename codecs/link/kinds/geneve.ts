/**
 * geneve data (IFLA_GENEVE_*, rt-link spec `linkinfo-geneve-attrs`).
 * IFLA_GENEVE_REMOTE is an IPv4 address in network order (the spec's u32
 * with display-hint ipv4), the port and label big-endian.
 */
import { attrSet } from "../../core/attrset.ts";
import { enumField, flag, u16be, u32, u32be, u8 } from "../../core/fields.ts";
import { structField } from "../../core/struct.ts";
import { EnumTable } from "../../core/tables.ts";
import { ipOf } from "../fields.ts";
import { portRange } from "../structs.ts";

/** enum ifla_geneve_df. */
export const GENEVE_DF = new EnumTable("geneve df", { 0: "unset", 1: "set", 2: "inherit" });

/** IFLA_GENEVE_* (kind "geneve"). */
export const geneveData = attrSet("geneve", () => ({
  id: u32(1),
  remote: ipOf(2, 4),
  ttl: u8(3),
  tos: u8(4),
  port: u16be(5),
  collectMetadata: flag(6),
  remote6: ipOf(7, 16),
  udpCsum: u8(8),
  udpZeroCsum6Tx: u8(9),
  udpZeroCsum6Rx: u8(10),
  label: u32be(11),
  ttlInherit: u8(12),
  df: enumField(13, 1, GENEVE_DF),
  innerProtoInherit: flag(14),
  portRange: structField(15, portRange),
}));

/** Decoded geneve data. */
export type GeneveData = ReturnType<typeof geneveData.decode>;
