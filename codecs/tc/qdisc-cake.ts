/**
 * cake's TCA_OPTIONS (TCA_CAKE_*) and its extended statistics, a nest of
 * TCA_CAKE_STATS_* whose TCA_CAKE_STATS_TIN_STATS holds one nest per tin
 * (types 1..TC_CAKE_MAX_TINS) of TCA_CAKE_TIN_STATS_* (linux/pkt_sched.h).
 * The mode enums stay numbers here (lib/rtnl/tc names them).
 * qdisc-kinds.ts registers the layout in QDISC_KINDS.
 *
 * Deviation: the tins decode as members tin1..tin8 (the attribute type is
 * the tin's number), so a dump's order and gaps are kept as sent.
 */
import { attrSet, nest } from "../core/attrset.ts";
import { binary, s32, u32, u64, type Field } from "../core/fields.ts";

const OPT = 2; // TCA_OPTIONS
const XSTATS = 4; // TCA_XSTATS

/** TCA_CAKE_*. */
export const TCA_CAKE = {
  PAD: 1, BASE_RATE64: 2, DIFFSERV_MODE: 3, ATM: 4, FLOW_MODE: 5, OVERHEAD: 6, RTT: 7, TARGET: 8, AUTORATE: 9, MEMORY: 10,
  NAT: 11, RAW: 12, WASH: 13, MPU: 14, INGRESS: 15, ACK_FILTER: 16, SPLIT_GSO: 17, FWMARK: 18,
} as const;
/** TCA_CAKE_STATS_*. */
export const TCA_CAKE_STATS = {
  PAD: 1, CAPACITY_ESTIMATE64: 2, MEMORY_LIMIT: 3, MEMORY_USED: 4, AVG_NETOFF: 5, MIN_NETLEN: 6, MAX_NETLEN: 7, MIN_ADJLEN: 8,
  MAX_ADJLEN: 9, TIN_STATS: 10, DEFICIT: 11, COBALT_COUNT: 12, DROPPING: 13, DROP_NEXT_US: 14, P_DROP: 15, BLUE_TIMER_US: 16,
} as const;
/** TCA_CAKE_TIN_STATS_*. */
export const TCA_CAKE_TIN_STATS = {
  PAD: 1, SENT_PACKETS: 2, SENT_BYTES64: 3, DROPPED_PACKETS: 4, DROPPED_BYTES64: 5, ACKS_DROPPED_PACKETS: 6, ACKS_DROPPED_BYTES64: 7,
  ECN_MARKED_PACKETS: 8, ECN_MARKED_BYTES64: 9, BACKLOG_PACKETS: 10, BACKLOG_BYTES: 11, THRESHOLD_RATE64: 12, TARGET_US: 13,
  INTERVAL_US: 14, WAY_INDIRECT_HITS: 15, WAY_MISSES: 16, WAY_COLLISIONS: 17, PEAK_DELAY_US: 18, AVG_DELAY_US: 19, BASE_DELAY_US: 20,
  SPARSE_FLOWS: 21, BULK_FLOWS: 22, UNRESPONSIVE_FLOWS: 23, MAX_SKBLEN: 24, FLOW_QUANTUM: 25,
} as const;
/** TC_CAKE_MAX_TINS. */
export const TC_CAKE_MAX_TINS = 8;

/** cake options (times in microseconds, rate in bytes per second). */
export const cakeAttrs = attrSet("cake", () => ({
  pad: binary(TCA_CAKE.PAD), baseRate64: u64(TCA_CAKE.BASE_RATE64), diffservMode: u32(TCA_CAKE.DIFFSERV_MODE), atm: u32(TCA_CAKE.ATM),
  flowMode: u32(TCA_CAKE.FLOW_MODE), overhead: s32(TCA_CAKE.OVERHEAD), rtt: u32(TCA_CAKE.RTT), target: u32(TCA_CAKE.TARGET),
  autorate: u32(TCA_CAKE.AUTORATE), memory: u32(TCA_CAKE.MEMORY), nat: u32(TCA_CAKE.NAT), raw: u32(TCA_CAKE.RAW), wash: u32(TCA_CAKE.WASH),
  mpu: u32(TCA_CAKE.MPU), ingress: u32(TCA_CAKE.INGRESS), ackFilter: u32(TCA_CAKE.ACK_FILTER), splitGso: u32(TCA_CAKE.SPLIT_GSO),
  fwmark: u32(TCA_CAKE.FWMARK),
}));

const T = TCA_CAKE_TIN_STATS;
/** One tin's statistics. */
export const cakeTinAttrs = attrSet("cake-tin", () => ({
  pad: binary(T.PAD), sentPackets: u32(T.SENT_PACKETS), sentBytes64: u64(T.SENT_BYTES64), droppedPackets: u32(T.DROPPED_PACKETS),
  droppedBytes64: u64(T.DROPPED_BYTES64), acksDroppedPackets: u32(T.ACKS_DROPPED_PACKETS), acksDroppedBytes64: u64(T.ACKS_DROPPED_BYTES64),
  ecnMarkedPackets: u32(T.ECN_MARKED_PACKETS), ecnMarkedBytes64: u64(T.ECN_MARKED_BYTES64), backlogPackets: u32(T.BACKLOG_PACKETS),
  backlogBytes: u32(T.BACKLOG_BYTES), thresholdRate64: u64(T.THRESHOLD_RATE64), targetUs: u32(T.TARGET_US), intervalUs: u32(T.INTERVAL_US),
  wayIndirectHits: u32(T.WAY_INDIRECT_HITS), wayMisses: u32(T.WAY_MISSES), wayCollisions: u32(T.WAY_COLLISIONS),
  peakDelayUs: u32(T.PEAK_DELAY_US), avgDelayUs: u32(T.AVG_DELAY_US), baseDelayUs: u32(T.BASE_DELAY_US), sparseFlows: u32(T.SPARSE_FLOWS),
  bulkFlows: u32(T.BULK_FLOWS), unresponsiveFlows: u32(T.UNRESPONSIVE_FLOWS), maxSkblen: u32(T.MAX_SKBLEN), flowQuantum: u32(T.FLOW_QUANTUM),
}));

/** The tins nest: tin1..tin8 by attribute type. */
export const cakeTinsAttrs = attrSet("cake-tins", () => ({
  tin1: nest(1, cakeTinAttrs), tin2: nest(2, cakeTinAttrs), tin3: nest(3, cakeTinAttrs), tin4: nest(4, cakeTinAttrs),
  tin5: nest(5, cakeTinAttrs), tin6: nest(6, cakeTinAttrs), tin7: nest(7, cakeTinAttrs), tin8: nest(8, cakeTinAttrs),
}));

const S = TCA_CAKE_STATS;
/** cake's extended statistics (qdisc: totals and tins; class: one flow's deficit, COBALT and BLUE state). */
export const cakeStatsAttrs = attrSet("cake-stats", () => ({
  pad: binary(S.PAD), capacityEstimate64: u64(S.CAPACITY_ESTIMATE64), memoryLimit: u32(S.MEMORY_LIMIT), memoryUsed: u32(S.MEMORY_USED),
  avgNetoff: u32(S.AVG_NETOFF), minNetlen: u32(S.MIN_NETLEN), maxNetlen: u32(S.MAX_NETLEN), minAdjlen: u32(S.MIN_ADJLEN),
  maxAdjlen: u32(S.MAX_ADJLEN), tinStats: nest(S.TIN_STATS, cakeTinsAttrs), deficit: s32(S.DEFICIT), cobaltCount: u32(S.COBALT_COUNT),
  dropping: u32(S.DROPPING), dropNextUs: s32(S.DROP_NEXT_US), pDrop: u32(S.P_DROP), blueTimerUs: s32(S.BLUE_TIMER_US),
}));

/** cake's QDISC_KINDS entry. */
export const CAKE_LAYOUT: { options: Field<any>; xstats: Field<any> } = { options: nest(OPT, cakeAttrs), xstats: nest(XSTATS, cakeStatsAttrs) };

/** Decoded cake options and statistics. */
export type CakeWire = typeof cakeAttrs._type;
/** Decoded cake xstats. */
export type CakeStatsWire = typeof cakeStatsAttrs._type;
/** Decoded stats of one tin. */
export type CakeTinWire = typeof cakeTinAttrs._type;
