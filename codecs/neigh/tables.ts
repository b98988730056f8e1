/**
 * Name tables of the neighbour family (linux/neighbour.h, rt-neigh.yaml):
 * NUD states, NTF flags and extended flags, and the route type carried in
 * ndm_type. Names are iproute2's spelling, lowercased: `ip neigh` prints
 * states uppercase ("REACHABLE") and flags lowercase ("extern_learn").
 */
import { EnumTable, FlagTable } from "../core/tables.ts";
import { RTN_NAMES } from "../rt-names.ts";

/** NUD_* states of ndm_state (a bit mask; NUD_NONE is 0, i.e. no names). neighbour.h */
export const NUD_STATES = new FlagTable("neighbour state", {
  incomplete: 0x01,
  reachable: 0x02,
  stale: 0x04,
  delay: 0x08,
  probe: 0x10,
  failed: 0x20,
  noarp: 0x40,
  permanent: 0x80,
});

/** The state names the API accepts: every NUD_* bit plus "none" (0). */
export const NUD_NAMES: readonly string[] = ["none", "incomplete", "reachable", "stale", "delay", "probe", "failed", "noarp", "permanent"];

/** NTF_* flags of ndm_flags (8 bits). neighbour.h; "extern_learn" is NTF_EXT_LEARNED as iproute2 names it. */
export const NTF_FLAGS = new FlagTable("neighbour flag", {
  use: 0x01,
  self: 0x02,
  master: 0x04,
  proxy: 0x08,
  extern_learn: 0x10,
  offloaded: 0x20,
  sticky: 0x40,
  router: 0x80,
});

/** NTF_EXT_* flags carried in NDA_FLAGS_EXT (u32). neighbour.h, rt-neigh.yaml ntf-ext-flags. */
export const NTF_EXT_FLAGS = new FlagTable("neighbour extended flag", {
  managed: 0x01,
  locked: 0x02,
  ext_validated: 0x04,
});

/** RTN_* route types as carried in ndm_type. rtnetlink.h, rt-neigh.yaml rtm-type (codecs/rt-names.ts). */
export const NEIGH_TYPES = new EnumTable("route type", RTN_NAMES);

/** FDB_NOTIFY_* bits of NFEA_ACTIVITY_NOTIFY (u8). neighbour.h */
export const FDB_NOTIFY_FLAGS = new FlagTable("fdb notify flag", {
  notify: 0x01,
  inactive: 0x02,
});
