/**
 * The members every action's parameter struct starts with (`tc_gen`,
 * linux/pkt_cls.h: index, capab, action, refcnt, bindcnt), shared by the
 * action kinds' struct layouts (act-kinds.ts, act-vlan.ts, ...).
 */

/** tc_gen as struct() members. */
export const TC_GEN = [["index", "u32"], ["capab", "u32"], ["action", "s32"], ["refcnt", "s32"], ["bindcnt", "s32"]] as const;
