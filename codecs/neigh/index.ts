/**
 * codecs/neigh: neighbour (ARP/NDP) and bridge FDB messages, RTM_NEWNEIGH /
 * RTM_DELNEIGH / RTM_GETNEIGH (linux/neighbour.h, rt-neigh.yaml). A decoded
 * message is `{ ...ndmsg, attrs: { dst, lladdr, cacheinfo, ... } }`.
 */

export { NDA, ndaCacheinfo, fdbExtAttrs, neighAttrs } from "./attrs.ts";
export type { NeighAttrs } from "./attrs.ts";
export { ndmsg, NDMSG_SIZE } from "./header.ts";
export type { NdMsg } from "./header.ts";
export { FDB_NOTIFY_FLAGS, NEIGH_TYPES, NTF_EXT_FLAGS, NTF_FLAGS, NUD_NAMES, NUD_STATES } from "./tables.ts";
export { neighMessage } from "./message.ts";
export type { NeighMessage } from "./message.ts";
