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
 *
 * The same read records, for batch-gateways.ts, the keys that hold a
 * route other gateways may resolve through (IPv4: scope link or host;
 * IPv6: no gateway), with what every route of such a key is (`removes`):
 * a delete naming no gateway may remove one of them, or a route through a
 * gateway whose re-add needs that gateway to resolve.
 */
import type { BatchRequest, NetlinkConnection } from "../lib/conn/connection.ts";
import { NetlinkError } from "../lib/conn/errors.ts";
import { RouteApi } from "../lib/rtnl/route/api.ts";
import { HOST_LE } from "../codecs/core/align.ts";
import { NLM_F_EXCL } from "../codecs/core/constants.ts";
import { NlWriter } from "../codecs/core/writer.ts";
import { AF_INET6 } from "../codecs/ip/family.ts";
import { RTM } from "../codecs/rtnetlink.ts";
import { Key, MOVES, NEEDS } from "./batch-route-key.ts";

/** What a route delete may be: sent speculatively, sent as a barrier, or a barrier after which its table is read. */
export const EXACT = 0, BARRIER = 1, READ = 2;

/** Request types that add no route to an existing key (other than through the route requests watched here). */
const NO_ROUTES = new Set<number>([
  RTM.DELROUTE, RTM.NEWNEIGH, RTM.DELNEIGH, RTM.NEWRULE, RTM.DELRULE, RTM.NEWNEXTHOP, RTM.DELNEXTHOP,
]);

/** Keys with a MOVES route a table records (beyond them every delete of it may remove anything). */
const KINDS_MAX = 1 << 17;

/** A stale table is read again once the deletes sent as barriers since it went stale reach its size / STALE_RATIO. */
const STALE_RATIO = 32;

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
  /** Key text -> metric -> MOVES | NEEDS of its routes there: the keys with a MOVES route; `lens[dst_len]` 1 when one has that length. */
  kinds: Map<string, Map<number, number>>;
  lens: Uint8Array;
  /** Key.hash of each key of `kinds`. */
  hashes: Set<number>;
  /** True when it has more than KINDS_MAX such keys (then `kinds` is not kept). */
  many: boolean;
}

/** A table that was read and is still known (not stale, every route of it read). */
function fresh(t: Table | undefined): t is Table {
  return t !== undefined && !t.stale && !t.unknown;
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
   * carry no RTA_MULTIPATH; `gateway`: false when it may have no gateway.
   */
  note(req: BatchRequest, plain = false, gateway = true): void {
    if (req.type === RTM.NEWROUTE) {
      if (this.tables.size === 0) return;
      const excl = (req.flags & NLM_F_EXCL) !== 0;
      // a plain EXCL create through a gateway makes no group, and changes `kinds` only where a table has some
      if (plain && excl && gateway && !this.anyKinds()) return;
      if (!this.readReq(req)) return;
      const k = this.key;
      const t = this.tables.get(tableId(k.family, k.table));
      if (t === undefined || t.stale) return; // read (after the queue is sent) when a delete needs it
      noteKind(t, k, k.family === AF_INET6 && k.metric === 0 ? 1024 : k.metric);
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
        t.kinds.clear();
        t.hashes.clear();
      }
    }
  }

  /** True when a table keeps MOVES keys (then every route create is looked at). */
  private anyKinds(): boolean {
    for (const t of this.tables.values()) if (!t.stale && (t.many || t.kinds.size > 0)) return true;
    return false;
  }

  /**
   * What route delete `req` (naming no gateway) may remove, as MOVES |
   * NEEDS bits (0: nothing); -1 when its table is not known (not read,
   * stale, or a route of it unreadable). `family`, `table`, `len` (the
   * dst_len) and `dst` (the destination's bytes), when `family` is
   * non-zero, are `req`'s.
   */
  removes(req: BatchRequest, family = 0, table = 0, len = 0, dst?: Uint8Array): number {
    if (family !== 0) {
      const t = this.tables.get(tableId(family, table));
      if (!fresh(t)) return -1;
      if (!t.many) {
        if (t.lens[len] === 0) return NEEDS; // no MOVES route has its length
        if (dst !== undefined) {
          this.key.setPlain(family, len, table, dst);
          if (!t.hashes.has(this.key.hash())) return NEEDS;
        }
      }
    }
    if (!this.readReq(req)) return -1;
    const k = this.key;
    const t = this.tables.get(tableId(k.family, k.table));
    if (!fresh(t)) return -1;
    if (t.many) return MOVES | NEEDS;
    const m = t.kinds.get(k.text());
    if (m === undefined) return NEEDS;
    let bits = 0;
    for (const [metric, b] of m) if (k.metric === 0 || k.metric === metric) bits |= b;
    return bits;
  }

  /** True when `echo` (an RTM_DELROUTE, nlmsghdr included) removed a MOVES route (or one that could not be read). */
  echoMoves(echo: Uint8Array): boolean {
    const dv = new DataView(echo.buffer, echo.byteOffset, echo.byteLength);
    if (!this.key.read(echo, dv, 16, Math.min(echo.length, dv.getUint32(0, HOST_LE)))) return true;
    return (this.key.kind() & MOVES) !== 0;
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
    const t: Table = { size: 0, stale: false, owed: 0, unknown: false, groups: new Map(), kinds: new Map(), lens: new Uint8Array(129), hashes: new Set(), many: false };
    this.tables.set(tableId(family, table), t);
    // the route read and the one before it (swapped, not copied)
    let k = this.key, last = this.last;
    last.n = 0;
    // the routes of the current key: their metrics and kinds, kept when one of them is MOVES
    const metrics: number[] = [], kinds: number[] = [];
    let moves = false;
    const endKey = (key: Key): void => {
      if (moves) {
        for (let i = 0; i < metrics.length; i++) addKind(t, key, metrics[i]!, kinds[i]!);
        moves = false;
      }
      metrics.length = 0;
      kinds.length = 0;
    };
    const visit = (b: Uint8Array, dv: DataView, off: number, end: number): void => {
      t.size++;
      if (!k.read(b, dv, off, end)) {
        t.unknown = true;
        return;
      }
      if (k.family !== family || k.table !== table) return; // a kernel that did not filter the dump
      // one key's routes come one after the other (a leaf's aliases, a fib6 node's routes by metric)
      const sameKey = k.same(last);
      if (!sameKey) endKey(last);
      const kind = k.kind();
      if ((kind & MOVES) !== 0) moves = true;
      metrics.push(k.metric);
      kinds.push(kind);
      if (sameKey && k.metric === last.metric) mark(t, k.text(), k.metric, GROUP);
      else if (family === AF_INET6 && k.multipath) mark(t, k.text(), k.metric, MULTI);
      const was = last;
      last = k;
      k = was;
    };
    this.reads++;
    try {
      const r = new RouteApi(this.conn).dumpWith({ family, table }, visit);
      endKey(last);
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

/** Record in `t.kinds` that key `k` has a route of `kind` at `metric` (a key without MOVES routes only when already there). */
function addKind(t: Table, k: Key, metric: number, kind: number): void {
  if (t.many) return;
  const text = k.text();
  let m = t.kinds.get(text);
  if (m === undefined) {
    if (t.kinds.size >= KINDS_MAX) {
      t.many = true;
      t.kinds.clear();
      t.hashes.clear();
      return;
    }
    t.kinds.set(text, (m = new Map()));
    t.lens[k.bytes[1]!] = 1;
    t.hashes.add(k.hash());
  }
  m.set(metric, (m.get(metric) ?? 0) | kind);
}

/** A create of key `k` (read from the request) at `metric`: a MOVES route makes its key kept; others join a kept key. */
function noteKind(t: Table, k: Key, metric: number): void {
  if (t.many) return;
  const kind = k.kind();
  if ((kind & MOVES) !== 0 || (t.lens[k.bytes[1]!] === 1 && t.kinds.has(k.text()))) addKind(t, k, metric, kind);
}

/** One number per (family, table). */
function tableId(family: number, table: number): number {
  return family * 0x100000000 + table;
}
