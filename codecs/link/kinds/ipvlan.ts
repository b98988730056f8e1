/**
 * ipvlan / ipvtap data (IFLA_IPVLAN_*, linux/if_link.h): mode (enum
 * ipvlan_mode) and flags (IPVLAN_F_*; 0 means "bridge"), both u16 as
 * drivers/net/ipvlan/ipvlan_main.c writes them.
 */
import { attrSet } from "../../core/attrset.ts";
import { enumField, flagsField } from "../../core/fields.ts";
import { EnumTable, FlagTable } from "../../core/tables.ts";

/** enum ipvlan_mode. */
export const IPVLAN_MODE = new EnumTable("ipvlan mode", { 0: "l2", 1: "l3", 2: "l3s" });
/** IPVLAN_F_* bits (no bit set = bridge). */
export const IPVLAN_FLAGS = new FlagTable("ipvlan flag", { private: 1, vepa: 2 });

/** IFLA_IPVLAN_* (kinds "ipvlan" and "ipvtap"). */
export const ipvlanData = attrSet("ipvlan", () => ({
  mode: enumField(1, 2, IPVLAN_MODE),
  flags: flagsField(2, 2, IPVLAN_FLAGS),
}));

/** Decoded ipvlan data. */
export type IpvlanData = ReturnType<typeof ipvlanData.decode>;
