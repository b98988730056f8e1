/**
 * macvlan / macvtap data (IFLA_MACVLAN_*, linux/if_link.h). The mode is a
 * u32 enum of single bits (enum macvlan_mode), the flags a u16 bit set
 * (MACVLAN_FLAG_*), written with nla_put_u16 by drivers/net/macvlan.c.
 */
import { attrSet, nest } from "../../core/attrset.ts";
import { enumField, flagsField, lladdr, multi, u32 } from "../../core/fields.ts";
import { EnumTable, FlagTable } from "../../core/tables.ts";

/** enum macvlan_mode, named as iproute2 prints it. */
export const MACVLAN_MODE = new EnumTable("macvlan mode", { 1: "private", 2: "vepa", 4: "bridge", 8: "passthru", 16: "source" });
/** MACVLAN_FLAG_* bits. */
export const MACVLAN_FLAGS = new FlagTable("macvlan flag", { nopromisc: 1, nodst: 2 });
/** enum macvlan_macaddr_mode. */
export const MACVLAN_MACADDR_MODE = new EnumTable("macvlan macaddr mode", { 0: "add", 1: "del", 2: "flush", 3: "set" });

/** IFLA_MACVLAN_MACADDR_DATA: a list of IFLA_MACVLAN_MACADDR. */
export const macvlanMacaddrData = attrSet("macvlan-macaddr-data", () => ({
  macaddr: multi(lladdr(4)),
}));

/** IFLA_MACVLAN_* (kinds "macvlan" and "macvtap"). */
export const macvlanData = attrSet("macvlan", () => ({
  mode: enumField(1, 4, MACVLAN_MODE),
  flags: flagsField(2, 2, MACVLAN_FLAGS),
  macaddrMode: enumField(3, 4, MACVLAN_MACADDR_MODE),
  macaddr: lladdr(4),
  macaddrData: nest(5, macvlanMacaddrData),
  macaddrCount: u32(6),
  bcQueueLen: u32(7),
  bcQueueLenUsed: u32(8),
}));

/** Decoded macvlan data. */
export type MacvlanData = ReturnType<typeof macvlanData.decode>;
