/**
 * List-then-subscribe: an in-memory copy of a namespace's links, addresses,
 * routes and neighbours that stays equal to the kernel's. Tables and events
 * hold the object model of lib/rtnl (docs/MODEL.md): a watched route is
 * deep-equal to the one `nl.routes.list()` returns (volatile counters and
 * timers aside).
 *
 *   await using w = watch({ netns: "blue" });
 *   await w.ready;                     // initial dump applied; w.tables is complete
 *   for await (const ev of w) { ... }  // new/del (kernel or synthetic), overrun, synced
 *
 * Order of operations: subscribe first (the socket has joined its groups
 * before anything is listed), then dump, then apply every event in arrival
 * order. A notification older than the dump only re-applies a state the
 * dump already had or one a later notification corrects, so the tables
 * converge.
 *
 * Where the kernel changes state without a notification, the watch re-lists
 * instead of guessing:
 * - overrun (ENOBUFS, or the subscription's queue limit): every watched
 *   family is re-dumped at once and the differences are emitted as
 *   synthetic events, then `{ kind: "synced", reason: "overrun" }`;
 * - a link deleted: its addresses, routes and neighbours are removed from
 *   the tables right away (synthetic "del"), and routes and neighbours are
 *   re-dumped shortly after (IPv4 flushes routes through a vanished device
 *   silently, net/ipv4/fib_semantics.c fib_sync_down_dev);
 * - a link going down, or an IPv4 address removed: routes (and, for links,
 *   neighbours) are re-dumped `settleMs` later, coalescing bursts (again
 *   silent IPv4 flushes: fib_sync_down_dev, fib_sync_down_addr; the
 *   RTM_DELADDR notification is sent before that flush runs, hence the delay);
 * - a new link, a carrier change, an MTU change: the families the kernel
 *   changes silently then are re-dumped the same way (see watch-silent.ts:
 *   veth peers' IFLA_LINK, RTNH_F_LINKDOWN, IPv6 route MTUs, inet6 mtu6/flags).
 * - a route notification that does not map to exactly one stored route
 *   (see #handleRoute): routes are re-dumped `settleMs` later ("ambiguous").
 * A dump that stays interrupted (NLM_F_DUMP_INTR) is retried after a pause,
 * `resyncAttempts` times, then the watch fails with DumpInterruptedError;
 * the tables are never replaced by an inconsistent dump.
 */
import { NLM_F_REPLACE } from "../../codecs/core/constants.ts";
import { NETLINK_ROUTE } from "../sys/constants.ts";
import { NetlinkSocket } from "../sys/netlink-socket.ts";
import { NetlinkConnection } from "../conn/connection.ts";
import { DumpInterruptedError } from "../conn/errors.ts";
import { KernelTransport } from "../transport/kernel.ts";
import { NetnsHandle } from "../netns/handle.ts";
import { openSocketInNetns } from "../netns/run.ts";
import type { MonitorEvent, OverrunEvent, UndecodableEvent } from "./decode-event.ts";
import { dumpFamily } from "./dumps.ts";
import { AsyncQueue } from "./queue.ts";
import { Subscription } from "./subscription.ts";
import { WatchTables, filterKey, keyOf, type TableChange, type WatchFamily, type WatchObjects } from "./table.ts";
import { checkWatchOptions, type WatchOptions } from "./watch-options.ts";
import { addressFollowUps, linkFollowUps, type LinkFollowUpReason } from "./watch-silent.ts";

export type { WatchOptions };

/** Why a watch re-listed. */
export type SyncReason = "initial" | "overrun" | "link-removed" | "address-removed" | "qdisc-removed" | "class-removed" | "filter-removed" | "filter-header" | "ambiguous" | LinkFollowUpReason;

/** Everything a watch yields. */
export type WatchEvent =
  | (TableChange & { synthetic: boolean })
  | OverrunEvent
  | UndecodableEvent
  | {
    kind: "synced";
    /** Why (the first reason when several re-reads were coalesced into this one). */
    reason: SyncReason;
    /** Every reason coalesced into this re-read, in the order they came up. */
    reasons: SyncReason[];
    families: WatchFamily[];
    changes: number;
  };

const TIMER = Symbol("timer");
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A running list-then-subscribe watch. Single consumer; `close()`, `break`, the signal or `await using` end it. */
export class Watch implements AsyncIterableIterator<WatchEvent>, AsyncDisposable {
  /** The current state: links, addresses, routes, neighbours (only the watched families fill up). */
  readonly tables = new WatchTables();
  /** Resolves once the initial dump is in `tables`; rejects if subscribing or listing failed. */
  readonly ready: Promise<void>;
  /** Resolves when the subscription's socket and the dump connection are closed. */
  readonly closed: Promise<void>;
  readonly families: readonly WatchFamily[];
  readonly #out: AsyncQueue<WatchEvent>;
  readonly #sub: Subscription;
  readonly #conn: NetlinkConnection;
  readonly #attempts: number;
  readonly #settleMs: number;
  readonly #signal: AbortSignal | null;
  readonly #onAbort = (): void => this.close();
  readonly #due = new Set<WatchFamily>();
  #dueReasons: SyncReason[] = [];
  #dueAt = 0;
  #stopped = false;

  /** @internal use {@link watch}. */
  constructor(opts: WatchOptions | undefined) {
    const { families, resyncAttempts, settleMs, checked } = checkWatchOptions(opts);
    this.families = families;
    this.#attempts = resyncAttempts;
    this.#settleMs = settleMs;
    this.#signal = checked.signal;
    this.#out = new AsyncQueue<WatchEvent>(checked.maxQueue, (discarded) => ({ kind: "overrun", source: "queue", discarded }));
    let readyResolve!: () => void, readyReject!: (e: unknown) => void;
    this.ready = new Promise<void>((res, rej) => { readyResolve = res; readyReject = rej; });
    this.ready.catch(() => {});
    const owned = typeof checked.netns === "string" ? NetnsHandle.open(checked.netns) : null;
    try {
      const ns = owned ?? (checked.netns as NetnsHandle | null);
      const sock = ns === null ? NetlinkSocket.open(NETLINK_ROUTE) : openSocketInNetns(ns, NETLINK_ROUTE);
      this.#conn = new NetlinkConnection(new KernelTransport(sock));
      try {
        this.#sub = new Subscription({ ...checked, netns: ns, signal: null });
      } catch (e) {
        this.#conn.close();
        throw e;
      }
    } catch (e) {
      owned?.close();
      throw e;
    }
    this.closed = this.#sub.closed;
    if (checked.signal?.aborted) {
      this.close();
      owned?.close();
      readyReject(new Error("watch was aborted before it started"));
      return;
    }
    checked.signal?.addEventListener("abort", this.#onAbort, { once: true });
    this.#run(() => owned?.close(), readyResolve).catch((e) => {
      readyReject(e);
      owned?.close();
      if (!this.#stopped) {
        this.#out.fail(e);
        this.#shutdown();
      }
    });
  }

  async #run(releaseNs: () => void, readyResolve: () => void): Promise<void> {
    await this.#sub.ready;
    releaseNs();
    await this.#resync(this.families, "initial");
    readyResolve();
    let nextP = this.#sub.next();
    while (!this.#stopped) {
      let r: IteratorResult<MonitorEvent> | typeof TIMER;
      if (this.#due.size > 0) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const tp = new Promise<typeof TIMER>((res) => { timer = setTimeout(() => res(TIMER), Math.max(0, this.#dueAt - performance.now())); });
        r = await Promise.race([nextP, tp]);
        clearTimeout(timer);
      } else {
        r = await nextP;
      }
      if (this.#stopped) return;
      if (r === TIMER) {
        const fams = this.families.filter((f) => this.#due.has(f));
        this.#due.clear();
        await this.#resync(fams, ...(this.#dueReasons as [SyncReason, ...SyncReason[]]));
        continue;
      }
      if (r.done) {
        this.#out.end();
        return;
      }
      nextP = this.#sub.next();
      await this.#handle(r.value);
    }
  }

  /** Re-list `families` later (coalesced). */
  #schedule(families: WatchFamily[], reason: SyncReason): void {
    const wanted = families.filter((f) => this.families.includes(f));
    if (wanted.length === 0) return;
    if (this.#due.size === 0) {
      this.#dueReasons = [];
      this.#dueAt = performance.now() + this.#settleMs;
    }
    if (!this.#dueReasons.includes(reason)) this.#dueReasons.push(reason);
    for (const f of wanted) this.#due.add(f);
  }

  #emit(c: TableChange | null, synthetic: boolean): void {
    if (c !== null) this.#out.push({ ...c, synthetic } as WatchEvent);
  }

  async #handle(ev: MonitorEvent): Promise<void> {
    if (ev.kind === "overrun") {
      this.#out.push(ev);
      await this.#resync(this.families, "overrun");
      return;
    }
    if (ev.kind === "undecodable") {
      this.#out.push(ev);
      return;
    }
    const family = ev.family as WatchFamily;
    if (!this.families.includes(family)) return;
    const t = this.tables;
    const obj = ev.object as WatchObjects[WatchFamily];
    if (family === "route") {
      this.#handleRoute(ev.kind, obj as WatchObjects["route"], ev.flags);
      return;
    }
    if (ev.kind === "new") {
      if (family === "link") {
        const key = keyOf("link", obj as WatchObjects["link"]);
        if (key !== null) for (const f of linkFollowUps(t.links.get(key), obj as WatchObjects["link"])) this.#schedule(f.families, f.reason);
      } else if (family === "address") {
        const a = obj as WatchObjects["address"];
        const key = keyOf("address", a);
        if (key !== null && typeof a.local === "string") for (const f of addressFollowUps(t.addresses.get(key), a)) this.#schedule(f.families, f.reason);
      }
      this.#emit(t.put<WatchFamily>(family, obj), false);
      // The first filter of a chain/prio also creates the header (and u32 its hash table) a dump lists, unannounced.
      if (family === "filter" && !t.of("filter").has(filterKey(obj as WatchObjects["filter"], 0))) this.#schedule(["filter"], "filter-header");
      return;
    }
    const removed = t.remove<WatchFamily>(family, obj);
    this.#emit(removed, false);
    if (family === "link" && removed !== null) {
      const index = (obj as WatchObjects["link"]).ifindex;
      for (const f of ["address", "route", "neighbour", "qdisc", "class", "filter"] as const) {
        if (!this.families.includes(f)) continue;
        for (const o of t.onLink(f, index)) this.#emit(t.remove(f, o), true);
      }
      this.#schedule(["route", "neighbour"], "link-removed");
    } else if (family === "address" && (obj as WatchObjects["address"]).family === "inet") {
      this.#schedule(["route"], "address-removed");
    } else if (family === "qdisc") {
      // The kernel puts the link's default qdisc back, and drops the qdisc's classes and filters, without notifications: re-list.
      this.#schedule(["qdisc", "class", "filter"], "qdisc-removed");
    } else if (family === "class") {
      this.#schedule(["filter"], "class-removed"); // filters attached to the class go silently
    } else if (family === "filter") {
      this.#schedule(["filter"], "filter-removed"); // a prio/chain delete removes every filter in it with one notification
    }
  }

  /**
   * Routes share a base key when they differ only in nexthop or type. An
   * NLM_F_REPLACE notification replaced whatever had that base; a
   * notification that does not map to exactly one stored route (a deleted
   * hop of an IPv6 multipath route, an appended sibling, a replace among
   * several aliases) makes the watch re-list routes rather than guess.
   */
  #handleRoute(kind: "new" | "del", r: WatchObjects["route"], flags: number): void {
    const t = this.tables;
    const key = keyOf("route", r);
    if (key === null) return;
    const others = t.routesLike(r).filter((o) => keyOf("route", o) !== key);
    if (kind === "new") {
      if (flags & NLM_F_REPLACE) {
        for (const o of others) this.#emit(t.remove("route", o), true);
        if (others.length > 1) this.#schedule(["route"], "ambiguous");
      } else if (others.length > 0 && (r.multipath !== undefined || others.some((o) => o.multipath !== undefined))) {
        this.#schedule(["route"], "ambiguous");
      }
      this.#emit(t.put("route", r), false);
      return;
    }
    const removed = t.remove("route", r);
    this.#emit(removed, false);
    if (removed === null && others.length > 0) this.#schedule(["route"], "ambiguous");
  }

  /** Dump `families` and replace their tables, emitting the differences; retries interrupted dumps. */
  async #resync(families: readonly WatchFamily[], reason: SyncReason, ...more: SyncReason[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      if (this.#stopped) return;
      let dumps: Array<[WatchFamily, WatchObjects[WatchFamily][]]>;
      try {
        dumps = families.map((f) => [f, dumpFamily(this.#conn, f)]);
      } catch (e) {
        if (!(e instanceof DumpInterruptedError) || attempt >= this.#attempts) throw e;
        await sleep(Math.min(200, 5 * attempt));
        continue;
      }
      let changes = 0;
      for (const [f, items] of dumps) {
        for (const c of this.tables.replace(f, items)) {
          this.#emit(c, true);
          changes++;
        }
      }
      this.#out.push({ kind: "synced", reason, reasons: [reason, ...more], families: [...families], changes });
      return;
    }
  }

  #shutdown(): void {
    this.#stopped = true;
    this.#signal?.removeEventListener("abort", this.#onAbort);
    this.#sub.close();
    this.#conn.close();
  }

  /** The next event; done once closed; rejects once if the watch failed. */
  next(): Promise<IteratorResult<WatchEvent>> {
    return this.#out.next();
  }

  /** What `break` calls: close. */
  return(): Promise<IteratorResult<WatchEvent>> {
    this.close();
    return Promise.resolve({ done: true, value: undefined });
  }

  /** Stop: drop queued events, close the subscription and the dump connection. Idempotent. */
  close(): void {
    this.#out.clear();
    this.#out.end();
    if (!this.#stopped) this.#shutdown();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
    await this.closed;
  }
}

/**
 * Start a list-then-subscribe watch (see the file comment). Options are
 * validated before any syscall; the namespace (name, path or handle) is
 * opened synchronously.
 */
export function watch(opts?: WatchOptions): Watch {
  return new Watch(opts);
}
