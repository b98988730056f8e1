/**
 * The neighbour table attribute sets (linux/neighbour.h; numbers and types
 * from rt-neigh.yaml ndt-attrs and ndtpa-attrs): NDTA_* of a table, with
 * NDTA_PARMS a nest of NDTPA_* (one parameter set: the table's defaults or
 * one device's), NDTA_CONFIG a struct ndt_config and NDTA_STATS a struct
 * ndt_stats. Times are milliseconds as the kernel converts them
 * (NDTPA_*_TIME, *_DELAY, LOCKTIME and NDTA_GC_INTERVAL are u64, decoded as
 * bigint like every u64). NDTA_PAD / NDTPA_PAD (alignment padding of the
 * 64-bit attributes, sent only on architectures that need it) are kept as
 * hex. The kernel writes NDTA_PARMS without NLA_F_NESTED, as iproute2 does.
 */
import { attrSet, nest } from "../core/attrset.ts";
import { binary, string, u32, u64 } from "../core/fields.ts";
import { struct, structField } from "../core/struct.ts";

/** NDTA_* attribute numbers. neighbour.h */
export const NDTA = {
  NAME: 1, THRESH1: 2, THRESH2: 3, THRESH3: 4, CONFIG: 5, PARMS: 6, STATS: 7, GC_INTERVAL: 8, PAD: 9,
} as const;

/** NDTPA_* attribute numbers (inside NDTA_PARMS). neighbour.h */
export const NDTPA = {
  IFINDEX: 1, REFCNT: 2, REACHABLE_TIME: 3, BASE_REACHABLE_TIME: 4, RETRANS_TIME: 5, GC_STALETIME: 6,
  DELAY_PROBE_TIME: 7, QUEUE_LEN: 8, APP_PROBES: 9, UCAST_PROBES: 10, MCAST_PROBES: 11, ANYCAST_DELAY: 12,
  PROXY_DELAY: 13, PROXY_QLEN: 14, LOCKTIME: 15, QUEUE_LENBYTES: 16, MCAST_REPROBES: 17, PAD: 18,
  INTERVAL_PROBE_TIME_MS: 19,
} as const;

/**
 * struct ndt_config (NDTA_CONFIG, read-only), 32 bytes:
 *
 *   0                 2                 4                                   8
 *   +-----------------+-----------------+-----------------------------------+
 *   | key_len (u16)   | entry_size (u16)| entries (u32)                     |
 *   +-----------------+-----------------+-----------------------------------+
 *   | last_flush (u32, ms ago)          | last_rand (u32, ms ago)           |  8..16
 *   +-----------------------------------+-----------------------------------+
 *   | hash_rnd (u32)                    | hash_mask (u32)                   |  16..24
 *   +-----------------------------------+-----------------------------------+
 *   | hash_chain_gc (u32)               | proxy_qlen (u32)                  |  24..32
 *   +-----------------------------------+-----------------------------------+
 */
export const ndtConfig = struct("ndt_config", [
  ["keyLen", "u16"], ["entrySize", "u16"], ["entries", "u32"], ["lastFlush", "u32"], ["lastRand", "u32"],
  ["hashRnd", "u32"], ["hashMask", "u32"], ["hashChainGc", "u32"], ["proxyQlen", "u32"],
] as const);

/**
 * struct ndt_stats (NDTA_STATS, read-only), eleven u64 counters, 88 bytes:
 *
 *   0                 8                 16                24                32
 *   +-----------------+-----------------+-----------------+-----------------+
 *   | allocs          | destroys        | hash_grows      | res_failed      |
 *   +-----------------+-----------------+-----------------+-----------------+
 *   | lookups         | hits            | rcv_probes_mcast| rcv_probes_ucast|  32..64
 *   +-----------------+-----------------+-----------------+-----------------+
 *   | periodic_gc_runs| forced_gc_runs  | table_fulls     |                    64..88
 *   +-----------------+-----------------+-----------------+
 *
 * Flexible: an older kernel without table_fulls (80 bytes) decodes the
 * counters it has, a newer one's extra bytes are kept in `tail`.
 */
export const ndtStats = struct("ndt_stats", [
  ["allocs", "u64"], ["destroys", "u64"], ["hashGrows", "u64"], ["resFailed", "u64"], ["lookups", "u64"],
  ["hits", "u64"], ["rcvProbesMcast", "u64"], ["rcvProbesUcast", "u64"], ["periodicGcRuns", "u64"],
  ["forcedGcRuns", "u64"], ["tableFulls", "u64"],
] as const, { flexible: true });

/** NDTPA_* attributes: one parameter set, in the order the kernel writes them (neightbl_fill_parms). */
export const ndtParmsAttrs = attrSet("ntable.parms", () => ({
  ifindex: u32(NDTPA.IFINDEX),
  refcnt: u32(NDTPA.REFCNT),
  queueLenbytes: u32(NDTPA.QUEUE_LENBYTES),
  queueLen: u32(NDTPA.QUEUE_LEN),
  proxyQlen: u32(NDTPA.PROXY_QLEN),
  appProbes: u32(NDTPA.APP_PROBES),
  ucastProbes: u32(NDTPA.UCAST_PROBES),
  mcastProbes: u32(NDTPA.MCAST_PROBES),
  mcastReprobes: u32(NDTPA.MCAST_REPROBES),
  reachableTime: u64(NDTPA.REACHABLE_TIME),
  baseReachableTime: u64(NDTPA.BASE_REACHABLE_TIME),
  gcStaletime: u64(NDTPA.GC_STALETIME),
  delayProbeTime: u64(NDTPA.DELAY_PROBE_TIME),
  retransTime: u64(NDTPA.RETRANS_TIME),
  anycastDelay: u64(NDTPA.ANYCAST_DELAY),
  proxyDelay: u64(NDTPA.PROXY_DELAY),
  locktime: u64(NDTPA.LOCKTIME),
  intervalProbeTimeMs: u64(NDTPA.INTERVAL_PROBE_TIME_MS),
  pad: binary(NDTPA.PAD),
}));

/** The decoded NDTPA_* attributes. */
export type NdtParmsAttrs = typeof ndtParmsAttrs._type;

/** NDTA_* attributes of RTM_NEWNEIGHTBL / RTM_SETNEIGHTBL, in the order the kernel writes them (neightbl_fill_info). */
export const ntableAttrs = attrSet("ntable", () => ({
  name: string(NDTA.NAME),
  gcInterval: u64(NDTA.GC_INTERVAL),
  thresh1: u32(NDTA.THRESH1),
  thresh2: u32(NDTA.THRESH2),
  thresh3: u32(NDTA.THRESH3),
  config: structField(NDTA.CONFIG, ndtConfig),
  stats: structField(NDTA.STATS, ndtStats),
  parms: nest(NDTA.PARMS, ndtParmsAttrs),
  pad: binary(NDTA.PAD),
}));

/** The decoded NDTA_* attributes. */
export type NtableAttrs = typeof ntableAttrs._type;
