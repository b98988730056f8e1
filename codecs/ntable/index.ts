/**
 * codecs/ntable: the kernel's neighbour tables (arp_cache, ndisc_cache) and
 * their per-device parameters, RTM_NEWNEIGHTBL / RTM_GETNEIGHTBL /
 * RTM_SETNEIGHTBL (linux/neighbour.h, rt-neigh.yaml ndt-attrs), as
 * `ip ntable` reads and changes them.
 */
export { NDTA, NDTPA, ndtConfig, ndtParmsAttrs, ndtStats, ntableAttrs } from "./attrs.ts";
export type { NdtParmsAttrs, NtableAttrs } from "./attrs.ts";
export { ndtmsg, NDTMSG_SIZE } from "./header.ts";
export type { NdtMsg } from "./header.ts";
export { ntableMessage } from "./message.ts";
export type { NtableMessage } from "./message.ts";
