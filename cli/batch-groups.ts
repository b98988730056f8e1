/**
 * Which route deletes -batch may send speculatively (cli/batch.ts): those
 * whose undo, adding back the route the kernel echoed, puts it back where
 * it was. That holds unless the route is one of a group whose members keep
 * an order the echo does not tell:
 *
 * - IPv4: several routes (fib aliases) of one table, prefix, tos and
 *   metric. Only non-EXCL creates make them (`route append`, `prepend`,
 *   and the kernel's own routes of addresses, fib_magic appending). A
 *   re-add (NLM_F_CREATE) goes first among them; `route del` deletes the
 *   first one that matches, so a deleted later one would come back first.
 * - IPv6: several routes of one table, prefix (and source prefix) and
 *   metric: an ECMP route's siblings (deleting one `via G` and adding it
 *   back makes it the last sibling) or same-metric routes that cannot be
 *   siblings (dev-only routes, the per-link fe80::/64 and ff00::/8). A
 *   whole multipath route deleted without a gateway comes back whole and
 *   in its place when it is the only route of its metric. An IPv6 delete
 *   carrying RTA_MULTIPATH removes one route per hop (one echo each) and is
 *   never speculative.
 *
 * The groups of a table are read once, with a dump of that table (sent
 * after the queue, so it sees every earlier line), when a speculative
 * delete first names it; from then on the requests the batch queues for a
 * read table are watched: a non-EXCL create (and an IPv6 multipath one)
 * makes its key a group. A request that may add routes some other way
 * (addresses, links, anything sent outside the queue) makes every read
 * stale; a stale table is read again at the next delete of it, unless the
 * deletes since it went stale are still few next to its size (then the
 * delete is sent as a barrier: a large table is not dumped once per line
 * of a batch alternating address and route lines). A delete whose key is a
 * group at a metric it may hit (any metric when it names none) is a
 * barrier: sent alone once every earlier line is confirmed, it never needs
 * undoing.
 */
import type { BatchRequest, NetlinkConnection } from "../lib/conn/connection.ts";
import { NetlinkError } from "../lib/conn/errors.ts";
import { RouteApi } from "../lib/rtnl/route/api.ts";
import { HOST_LE } from "../codecs/core/align.ts";
import { NLM_F_EXCL } from "../codecs/core/constants.ts";
import { NlWriter } from "../codecs/core/writer.ts";
import { AF_INET, AF_INET6 } from "../codecs/ip/family.ts";
import { RTA } from "../codecs/route/attrs.ts";
import { RouteScan } from "../codecs/route/scan.ts";
import { RT_TABLE_MAIN } from "../codecs/route/tables.ts";
import { RTM } from "../codecs/rtnetlink.ts";

/** What a route delete may be: sent speculatively, sent as a barrier, or a barrier after which its table is read. */
export const EXACT = 0, BARRIER = 1, READ = 2;

/** Request types that add no route to an existing key (other than through the route requests watched here). */
const NO_ROUTES = new Set<number>([
  RTM.DELROUTE, RTM.NEWNEIGH, RTM.DELNEIGH, RTM.NEWRULE, RTM.DELRULE, RTM.NEWNEXTHOP, RTM.DELNEXTHOP,
]);

/** A stale table is read again once the deletes sent as barriers since it went stale reach its size / STALE_RATIO. */
const STALE_RATIO = 32;

/** Key fields of one route message, read from its bytes. */
class Key {
  family = 0;
  table = 0;
  metric = 0;
  gateway = false;
  multipath = false;
  /**
   * The bytes that order routes among each other: family, dst_len, tos
   * (IPv4) or src_len (IPv6), the table (u32), the destination and (IPv6)
   * the source prefix; `n` of them used.
   */
  readonly bytes = new Uint8Array(40);
  n = 0;
  private readonly scan = new RouteScan();

  /** Read the route message payload [off, end) of `b`; false when it is not a plain IPv4/IPv6 route message. */
  read(b: Uint8Array, dv: DataView, off: number, end: number): boolean {
    const s = this.scan;
    if (!s.read(dv, off, end)) return false;
    const family = b[off]!;
    if (family !== AF_INET && family !== AF_INET6) return false;
    const alen = family === AF_INET ? 4 : 16;
    let table = s.has(RTA.TABLE) && s.len[RTA.TABLE] === 4 ? dv.getUint32(s.at[RTA.TABLE]!, HOST_LE) : b[off + 4]!;
    if (table === 0) table = RT_TABLE_MAIN; // fib_get_table / fib6_get_table
    const k = this.bytes;
    k[0] = family;
    k[1] = b[off + 1]!;
    k[2] = family === AF_INET ? b[off + 3]! : b[off + 2]!;
    k[3] = table & 255;
    k[4] = (table >>> 8) & 255;
    k[5] = (table >>> 16) & 255;
    k[6] = table >>> 24;
    let n = 7;
    for (let t = RTA.DST; t <= (family === AF_INET ? RTA.DST : RTA.SRC); t++) {
      if (!s.has(t)) {
        for (let i = 0; i < alen; i++) k[n++] = 0;
        continue;
      }
      if (s.len[t] !== alen) return false;
      for (let p = s.at[t]!, e = p + alen; p < e; p++) k[n++] = b[p]!;
    }
    this.n = n;
    this.family = family;
    this.table = table;
    this.metric = s.has(RTA.PRIORITY) && s.len[RTA.PRIORITY] === 4 ? dv.getUint32(s.at[RTA.PRIORITY]!, HOST_LE) : 0;
    this.gateway = s.has(RTA.GATEWAY);
    this.multipath = s.has(RTA.MULTIPATH);
    return true;
  }

  /** True when `o` holds the same key bytes. */
  same(o: Key): boolean {
    if (o.n !== this.n) return false;
    for (let i = 0; i < this.n; i++) if (o.bytes[i] !== this.bytes[i]) return false;
    return true;
  }

  /** The key as a map key (its bytes in hex). */
  text(): string {
    let t = "";
    for (let i = 0; i < this.n; i++) t += (this.bytes[i]! + 256).toString(16).slice(1);
    return t;
  }
}

/** Group marks at one metric: a whole multipath route (IPv6: only a one-hop delete is inexact) or a group. */
const MULTI = 1, GROUP = 2;

/** The state of one (family, table) read. */
interface Table {
  /** Routes it had when read (what reading it again costs). */
  size: number;
  /** Made stale by a request that may have added routes to it; `owed`: deletes sent as barriers since. */
  stale: boolean;
  owed: number;
  /** True when a route of it could not be read (then every delete of it is a barrier). */
  unknown: boolean;
  /** Key text -> metric -> MULTI | GROUP: its keys with more than one route at a metric. */
  groups: Map<string, Map<number, number>>;
}

/** The route groups of the tables a batch deletes from (see the file comment). */
export class RouteGroups {
  /** By tableId(family, table). */
  private readonly tables = new Map<number, Table>();
  private readonly key = new Key();
  private readonly last = new Key();
  private readonly w = new NlWriter(512);
  /** Dumps made (for tests and the note). */
  reads = 0;

  constructor(private readonly conn: NetlinkConnection) {}

  /**
   * Watch a request the batch queues or sends: group-making creates mark
   * their key, others may make reads stale. `plain`: `req` is known to
   * carry no RTA_MULTIPATH.
   */
  note(req: BatchRequest, plain = false): void {
    if (req.type === RTM.NEWROUTE) {
      if (this.tables.size === 0 || (plain && (req.flags & NLM_F_EXCL) !== 0) || !this.readReq(req)) return;
      const k = this.key;
      const t = this.tables.get(tableId(k.family, k.table));
      if (t === undefined || t.stale) return; // read (after the queue is sent) when a delete needs it
      const excl = (req.flags & NLM_F_EXCL) !== 0;
      if (excl && !(k.family === AF_INET6 && k.multipath)) return; // an EXCL create makes a key of one route
      // the metric it lands at: IPv6 0 -> IP6_RT_PRIO_USER
      mark(t, k.text(), k.family === AF_INET6 && k.metric === 0 ? 1024 : k.metric, excl ? MULTI : GROUP);
    } else if (!NO_ROUTES.has(req.type)) this.stale();
  }

  /** Something may have added routes (an address, a link, a request sent outside the queue): every read goes stale. */
  stale(): void {
    for (const t of this.tables.values()) {
      if (!t.stale) {
        t.stale = true;
        t.owed = 0;
        t.groups.clear();
      }
    }
  }

  /**
   * How to send route delete `req` queued behind others: EXACT (with
   * NLM_F_ECHO, undone from its echo), BARRIER, or READ (a barrier, then
   * `read(req)` once the queue before it is sent). `family` and `table`,
   * when given (non-zero), are `req`'s, which then has no RTA_MULTIPATH.
   */
  classify(req: BatchRequest, family = 0, table = 0): number {
    if (family !== 0) {
      // the caller knows the family and table, and that `req` carries no RTA_MULTIPATH: a table without groups needs no more
      const t = this.tables.get(tableId(family, table));
      if (t !== undefined && !t.stale && !t.unknown && t.groups.size === 0) return EXACT;
    }
    if (!this.readReq(req)) return BARRIER;
    const k = this.key;
    if (k.family === AF_INET6 && k.multipath) return BARRIER;
    const t = this.tables.get(tableId(k.family, k.table));
    if (t === undefined) return READ;
    if (t.unknown) return BARRIER;
    if (t.stale) {
      if ((t.owed + 1) * STALE_RATIO >= t.size) return READ;
      t.owed++;
      return BARRIER;
    }
    if (t.groups.size === 0) return EXACT;
    const g = t.groups.get(k.text());
    if (g === undefined) return EXACT;
    for (const [metric, kind] of g) {
      if (k.metric !== 0 && k.metric !== metric) continue;
      if (kind === GROUP || (k.family === AF_INET6 && k.gateway)) return BARRIER;
    }
    return EXACT;
  }

  /** Read the table of route request `req` (the queue before it sent): its groups replace what was known of it. */
  read(req: BatchRequest): void {
    if (!this.readReq(req)) return;
    const family = this.key.family, table = this.key.table;
    const t: Table = { size: 0, stale: false, owed: 0, unknown: false, groups: new Map() };
    this.tables.set(tableId(family, table), t);
    // the route read and the one before it (swapped, not copied)
    let k = this.key, last = this.last;
    last.n = 0;
    const visit = (b: Uint8Array, dv: DataView, off: number, end: number): void => {
      t.size++;
      if (!k.read(b, dv, off, end)) {
        t.unknown = true;
        return;
      }
      if (k.family !== family || k.table !== table) return; // a kernel that did not filter the dump
      // one key's routes come one after the other (a leaf's aliases, a fib6 node's routes by metric)
      if (k.metric === last.metric && k.same(last)) mark(t, k.text(), k.metric, GROUP);
      else if (family === AF_INET6 && k.multipath) mark(t, k.text(), k.metric, MULTI);
      const was = last;
      last = k;
      k = was;
    };
    this.reads++;
    try {
      const r = new RouteApi(this.conn).dumpWith({ family, table }, visit);
      if (r.interrupted) t.unknown = true;
    } catch (e) {
      // an IPv4 table that does not exist: no routes
      if (!(e instanceof NetlinkError && e.code === "ENOENT")) throw e;
    }
  }

  /** Read request `req`'s key into `this.key` (its bytes as the batch writes them); false for anything but an IPv4/IPv6 route. */
  private readReq(req: BatchRequest): boolean {
    const w = this.w;
    w.reset();
    try {
      req.codec.encode(w, req.msg);
    } catch {
      return false; // the batch itself reports the request's error when it encodes it
    }
    return this.key.read(w.buf, w.dv, 0, w.pos);
  }
}

/** Record that key `text` of table `t` has more than one route (or a multipath one) at `metric`. */
function mark(t: Table, text: string, metric: number, kind: number): void {
  let g = t.groups.get(text);
  if (g === undefined) t.groups.set(text, (g = new Map()));
  if ((g.get(metric) ?? 0) < kind) g.set(metric, kind);
}

/** One number per (family, table). */
function tableId(family: number, table: number): number {
  return family * 0x100000000 + table;
}
