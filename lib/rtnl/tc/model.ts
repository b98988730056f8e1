/**
 * The tc model: the plain objects qdiscs/classes/filters list() return,
 * that events and watch tables carry, and that add/replace/change/delete
 * take back. Built from decoded RTM_NEW{QDISC,TCLASS,TFILTER} messages the
 * way tc 6.1 reads them (tc_qdisc.c print_qdisc, tc_class.c, tc_filter.c):
 * handles in tc's text form ("1:", "1:10", "root", "ffff:fff1"), the
 * filter protocol by name, statistics from TCA_STATS2 (TCA_STATS on old
 * kernels), options in the same typed shape add() accepts (kinds without
 * one keep TCA_OPTIONS as hex).
 */
import { HOST_LE } from "../../../codecs/core/align.ts";
import type { TcMessage } from "../../../codecs/tc/message.ts";
import { ETH_P, formatClassid, TCM_IFINDEX_MAGIC_BLOCK } from "../../../codecs/tc/tables.ts";
import { filterOptionsFromWire } from "./filter-options.ts";
import { qdiscOptionsFromWire } from "./qdisc-options.ts";
import { stabFromWire, type TcSizeTable } from "./rate-est.ts";

/**
 * Statistics as tc -s prints them: the byte/packet counters when the kernel
 * sent them (TCA_STATS_BASIC), the queue counters when it sent those
 * (TCA_STATS_QUEUE), the estimator when there is one. An object with none
 * of them is an empty TCA_STATS2 (tbf's inner class sends one).
 */
export interface TcStats {
  bytes?: number;
  packets?: number;
  drops?: number;
  overlimits?: number;
  requeues?: number;
  backlog?: number;
  qlen?: number;
  /** Rate estimator, when the object has one. */
  bps?: number;
  pps?: number;
}

/** One qdisc. */
export interface TcQdisc {
  /** The link (tcm_ifindex). */
  ifindex: number;
  kind: string;
  /** "1:", "ffff:", "0:" (the kernel's default qdiscs), in tc's text form. */
  handle: string;
  /** "root", "ffff:fff1" (ingress/clsact) or a class "1:10". */
  parent: string;
  /** tcm_info: references held (tc prints it when not 1). */
  refcnt: number;
  /** Typed options of the kind (see QdiscKindOptions), or TCA_OPTIONS as hex. */
  options?: unknown;
  ingressBlock?: number;
  egressBlock?: number;
  /** TCA_HW_OFFLOAD. */
  offloaded?: boolean;
  /** The size table (TCA_STAB), when there is one. */
  stab?: TcSizeTable;
  /** Read-only. */
  stats?: TcStats;
  /** Kind-specific statistics (htb, sfq typed; others hex). */
  xstats?: Record<string, unknown> | string;
}

/** One class. */
export interface TcClass {
  ifindex: number;
  kind: string;
  /** The class id, "1:10". */
  handle: string;
  /** "root" or the parent class / qdisc ("1:", "1:1"). */
  parent: string;
  /** The qdisc attached under this class, when there is one (tcm_info), "10:". */
  leaf?: string;
  options?: unknown;
  stats?: TcStats;
  xstats?: Record<string, unknown> | string;
}

/** One filter (a chain/prio/protocol header has no handle and no options). */
export interface TcFilter {
  /** The link; 0 for a filter of a shared block (then `block` is set and `parent` is ""). */
  ifindex: number;
  /** The shared block's index (`tc filter ... block N`), when the filter belongs to one. */
  block?: number;
  kind: string;
  /** The qdisc or class it is attached to ("1:", "ffff:fff2" for clsact ingress, "ffff:fff3" egress). */
  parent: string;
  /** "ip", "ipv6", "all", "802.1Q"... or the number. */
  protocol: string | number;
  /** Priority (tc's pref/prio). */
  pref: number;
  /** The classifier's own handle (u32: htid<<20|hash<<12|node); 0 for the chain/prio header. */
  handle: number;
  chain?: number;
  options?: unknown;
}

function stats(a: TcMessage["attrs"]): TcStats | undefined {
  const s2 = typeof a.stats2 === "object" ? a.stats2 : undefined;
  if (s2 !== undefined) {
    const out: TcStats = {};
    if (s2.basic !== undefined) { out.bytes = Number(s2.basic.bytes ?? 0n); out.packets = s2.pkt64 !== undefined ? Number(s2.pkt64) : s2.basic.packets ?? 0; }
    if (s2.queue !== undefined) {
      out.drops = s2.queue.drops ?? 0; out.overlimits = s2.queue.overlimits ?? 0; out.requeues = s2.queue.requeues ?? 0;
      out.backlog = s2.queue.backlog ?? 0; out.qlen = s2.queue.qlen ?? 0;
    }
    const re = s2.rateEst64 ?? s2.rateEst;
    if (re !== undefined) { out.bps = Number(re.bps); out.pps = Number(re.pps); }
    return out;
  }
  const s = a.stats;
  if (s === undefined) return undefined;
  return { bytes: Number(s.bytes ?? 0n), packets: s.packets ?? 0, drops: s.drops ?? 0, overlimits: s.overlimits ?? 0, requeues: 0, backlog: s.backlog ?? 0, qlen: s.qlen ?? 0, bps: s.bps, pps: s.pps };
}

function xstats(a: TcMessage["attrs"]): Record<string, unknown> | string | undefined {
  const app = typeof a.stats2 === "object" ? a.stats2.app : undefined;
  return (app as Record<string, unknown> | string | undefined) ?? a.xstats;
}

/** A TcQdisc from a decoded RTM_NEWQDISC. */
export function toQdisc(m: TcMessage): TcQdisc {
  const a = m.attrs;
  const kind = a.kind ?? "";
  const q: TcQdisc = { ifindex: m.ifindex, kind, handle: `${(m.handle >>> 16).toString(16)}:`, parent: formatClassid(m.parent), refcnt: m.info };
  const o = qdiscOptionsFromWire(kind, "qdisc", a.options);
  if (o !== undefined) q.options = o;
  if (a.ingressBlock) q.ingressBlock = a.ingressBlock;
  if (a.egressBlock) q.egressBlock = a.egressBlock;
  if (a.hwOffload) q.offloaded = true;
  if (typeof a.stab === "object" && a.stab.base !== undefined) q.stab = stabFromWire(a.stab.base);
  const s = stats(a);
  if (s) q.stats = s;
  const x = xstats(a);
  if (x !== undefined) q.xstats = x;
  return q;
}

/** A TcClass from a decoded RTM_NEWTCLASS. */
export function toClass(m: TcMessage): TcClass {
  const a = m.attrs;
  const kind = a.kind ?? "";
  const c: TcClass = { ifindex: m.ifindex, kind, handle: formatClassid(m.handle), parent: formatClassid(m.parent) };
  if (m.info) c.leaf = formatClassid(m.info);
  const o = qdiscOptionsFromWire(kind, "class", a.options);
  if (o !== undefined) c.options = o;
  const s = stats(a);
  if (s) c.stats = s;
  const x = xstats(a);
  if (x !== undefined) c.xstats = x;
  return c;
}

/** The ethertype in tcm_info's low 16 bits (network order on the wire). */
export function filterProtocol(info: number): number {
  const lo = info & 0xffff;
  return HOST_LE ? ((lo & 0xff) << 8) | (lo >> 8) : lo;
}

/** A TcFilter from a decoded RTM_NEWTFILTER. */
export function toFilter(m: TcMessage): TcFilter {
  const a = m.attrs;
  const kind = a.kind ?? "";
  const f: TcFilter = { ifindex: m.ifindex, kind, parent: formatClassid(m.parent), protocol: ETH_P.name(filterProtocol(m.info)), pref: m.info >>> 16, handle: m.handle };
  if (m.ifindex === (TCM_IFINDEX_MAGIC_BLOCK | 0)) { f.ifindex = 0; f.block = m.parent; f.parent = ""; }
  if (a.chain !== undefined) f.chain = a.chain;
  const o = filterOptionsFromWire(kind, a.options);
  if (o !== undefined) f.options = o;
  return f;
}
