/**
 * The neighbour table model (docs/MODEL.md): one plain, JSON-serialisable
 * object per RTM_NEWNEIGHTBL message of the dump (codecs/ntable). Each
 * table (arp_cache, ndisc_cache) comes once with its table-wide values
 * (thresholds, gc interval, config, statistics) and its default
 * parameters, then once per device of the namespace with that device's
 * parameters (`ifindex` set). Parameter names are the codec's (rt-neigh.yaml
 * ndtpa-attrs); times are milliseconds, as the kernel reports them and ip
 * prints them. The table-wide values are global (shared by every
 * namespace); the parameters are per namespace and device.
 */
import type { NtableMessage } from "../../../codecs/ntable/index.ts";
import { familyOf } from "../shared/family.ts";

/** struct ndt_config (read-only; ages are milliseconds before the dump). */
export interface NeighbourTableConfig {
  keyLen: number;
  entrySize: number;
  /** Entries the table holds (all namespaces). */
  entries: number;
  /** Milliseconds since the last flush. */
  lastFlush: number;
  /** Milliseconds since reachable times were last re-randomised. */
  lastRand: number;
  hashRnd: number;
  hashMask: number;
  hashChainGc: number;
  proxyQlen: number;
}

/** struct ndt_stats (read-only counters, bigint: they are 64-bit). */
export interface NeighbourTableStats {
  allocs: bigint;
  destroys: bigint;
  hashGrows: bigint;
  resFailed: bigint;
  lookups: bigint;
  hits: bigint;
  rcvProbesMcast: bigint;
  rcvProbesUcast: bigint;
  periodicGcRuns: bigint;
  forcedGcRuns: bigint;
  /** Absent on kernels older than 4.4, whose struct has no table_fulls. */
  tableFulls?: bigint;
}

/** The writable parameters of a table or device (NDTPA_*); times in milliseconds. */
export interface NeighbourTableParms {
  baseReachableTime?: number;
  retransTime?: number;
  gcStaletime?: number;
  delayProbeTime?: number;
  queueLen?: number;
  queueLenbytes?: number;
  appProbes?: number;
  ucastProbes?: number;
  mcastProbes?: number;
  mcastReprobes?: number;
  anycastDelay?: number;
  proxyDelay?: number;
  proxyQlen?: number;
  locktime?: number;
  intervalProbeTimeMs?: number;
}

/** The table-wide writable values (NDTA_THRESH1..3, NDTA_GC_INTERVAL); only the init namespace may change them. */
export interface NeighbourTableLimits {
  thresh1?: number;
  thresh2?: number;
  thresh3?: number;
  /** Milliseconds. */
  gcInterval?: number;
}

/** One entry of the neighbour table dump: a table's own values or one device's parameters. */
export interface NeighbourTable extends NeighbourTableLimits, NeighbourTableParms {
  /** "inet" (arp_cache), "inet6" (ndisc_cache), or another family number. */
  family: "inet" | "inet6" | number;
  /** Table name: "arp_cache", "ndisc_cache". */
  name: string;
  /** The device these parameters belong to; absent on the table's own entry. */
  ifindex?: number;
  /** References to this parameter set (read-only). */
  refcnt?: number;
  /** The current reachable time, randomised from baseReachableTime (read-only, ms). */
  reachableTime?: number;
  /** Only on the table's own entry (read-only). */
  config?: NeighbourTableConfig;
  /** Only on the table's own entry (read-only). */
  stats?: NeighbourTableStats;
}

/** The writable parameters that are milliseconds (u64 on the wire). */
export const PARM_TIMES = [
  "baseReachableTime", "retransTime", "gcStaletime", "delayProbeTime", "anycastDelay", "proxyDelay", "locktime", "intervalProbeTimeMs",
] as const;
/** The writable u32 parameters. */
export const PARM_COUNTS = ["queueLen", "queueLenbytes", "appProbes", "ucastProbes", "mcastProbes", "mcastReprobes", "proxyQlen"] as const;

/** The model object of a decoded RTM_NEWNEIGHTBL message. */
export function toNeighbourTable(m: NtableMessage): NeighbourTable {
  const a = m.attrs;
  const f = familyOf(m.family);
  const t: NeighbourTable = { family: f === "inet" || f === "inet6" ? f : m.family, name: a.name ?? "" };
  const p = a.parms;
  if (p?.ifindex !== undefined) t.ifindex = p.ifindex;
  if (a.thresh1 !== undefined) t.thresh1 = a.thresh1;
  if (a.thresh2 !== undefined) t.thresh2 = a.thresh2;
  if (a.thresh3 !== undefined) t.thresh3 = a.thresh3;
  if (a.gcInterval !== undefined) t.gcInterval = Number(a.gcInterval);
  if (a.config !== undefined) {
    const { tail: _tail, ...c } = a.config;
    t.config = c;
  }
  if (a.stats !== undefined) {
    const { tail: _tail, ...s } = a.stats;
    t.stats = s as NeighbourTableStats;
  }
  if (p === undefined) return t;
  if (p.refcnt !== undefined) t.refcnt = p.refcnt;
  if (p.reachableTime !== undefined) t.reachableTime = Number(p.reachableTime);
  for (const k of PARM_TIMES) if (p[k] !== undefined) t[k] = Number(p[k]);
  for (const k of PARM_COUNTS) if (p[k] !== undefined) t[k] = p[k];
  return t;
}
