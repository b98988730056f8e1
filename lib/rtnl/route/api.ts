/**
 * The typed route API over rtnetlink (RTM_GETROUTE / RTM_NEWROUTE /
 * RTM_DELROUTE, struct rtmsg, linux/rtnetlink.h): list with kernel-side
 * filtering, a streaming iterator, route lookups like `ip route get`,
 * add/replace/append/change/delete, flush, and pipelined bulk adds. Every
 * argument is validated before the first syscall; kernel refusals surface
 * as NetlinkError. Requests are laid out as iproute2 sends them.
 *
 *   const routes = new RouteApi(conn);
 *   routes.add({ dst: "198.51.100.0/24", gateway: "192.0.2.2", dev: "eth0", metric: 100 });
 *   routes.add({ dst: "2001:db8:1::/64", multipath: [{ gateway: "2001:db8::2", dev: "eth0" }, { gateway: "2001:db8::3", dev: "eth0", weight: 2 }] });
 *   routes.list({ table: "all", protocol: "static" });
 *   routes.get("198.51.100.7", { from: "192.0.2.1" });
 */
import { RT_TABLE_MAIN } from "../../../codecs/route/tables.ts";
import { NLM_F_APPEND, NLM_F_CREATE, NLM_F_DUMP_FILTERED, NLM_F_DUMP_INTR, NLM_F_ECHO, NLM_F_EXCL, NLM_F_REPLACE } from "../../../codecs/core/constants.ts";
import type { MessageCodec } from "../../../codecs/core/message.ts";
import { AF_INET6 } from "../../../codecs/ip/index.ts";
import { routeCodec, routeRequestCodec } from "../../../codecs/route/message.ts";
import { decodeRoute, type RouteMessage } from "../../../codecs/route/decode.ts";
import { RTM } from "../../../codecs/rtnetlink.ts";
import type { BatchOptions, BatchRequest, BatchResult, NetlinkConnection } from "../../conn/connection.ts";
import { NetlinkError } from "../../conn/errors.ts";
import { resolveIndex } from "../shared/ifindex.ts";
import { checkKeys } from "../shared/check.ts";
import { dumpRequest, prepareFilter, routeMatcher, type PreparedFilter, type RouteFilter, type RouteMatcher } from "./filter.ts";
import { prepareLookup, type RouteLookup } from "./lookup.ts";
import { buildRouteMessage, prepareRoute, type PreparedRoute, type RouteChecks, type RouteSpec } from "./spec.ts";
import { BulkRoutes } from "./bulk.ts";
import { decodeRouteView } from "./view-fast.ts";
import { toRoute, type Route } from "./model.ts";
import { routeSpecOf } from "./input.ts";

/** The decoded RTM_NEWROUTE message the message-level methods take and return (codecs/route). */
export type { RouteMessage };

export type { RouteFilter } from "./filter.ts";
export type { RouteLookup } from "./lookup.ts";
export type { RoutePathSpec, RouteSpec } from "./spec.ts";
export type { Route, RoutePath, RouteVia } from "./model.ts";
export type { RouteEncap, RouteEncapSpec } from "./encap.ts";
export type { RouteMetricsSpec } from "./metrics.ts";
export type { RouteFamily, TableRef } from "../shared/check.ts";


/** Options of `addMany`/`addManyAsync`: how each route is written, and the batch's window, stop, abort and progress options. */
export interface AddManyOptions extends Pick<BatchOptions, "window" | "stopOnError" | "signal" | "onProgress"> {
  mode?: AddMode;
}

/** How `addMany` writes each route. */
export type AddMode = "add" | "replace" | "append";
const MODE_FLAGS: Record<AddMode, number> = {
  add: NLM_F_CREATE | NLM_F_EXCL,
  replace: NLM_F_CREATE | NLM_F_REPLACE,
  append: NLM_F_CREATE | NLM_F_APPEND,
};

/** Options of a RouteApi. */
export interface RouteApiOptions {
  /**
   * "reject" (default): a dst or from prefix with host bits set is a
   * RangeError before any syscall. "kernel": it is sent as given and the
   * kernel decides, as with ip (IPv6: masked; IPv4: refused with an
   * extended ACK).
   */
  hostBits?: "reject" | "kernel";
  /**
   * "lib" (default): next-hop combinations the kernel refuses (multipath
   * with gateway/via/dev, nhid with a next hop, next hops on reject types,
   * a path with neither gateway nor dev), pref/expires on IPv4, nhid 0 and
   * table 0 are TypeErrors/RangeErrors before any syscall. "kernel": they
   * are sent as given and the kernel answers (a NetlinkError with its
   * extended ACK), as with ip; implies hostBits "kernel".
   */
  checks?: "lib" | "kernel";
}

/** Routes of the namespace a connection talks to. */
export class RouteApi {
  private readonly checks: RouteChecks;

  constructor(readonly conn: NetlinkConnection, opts: RouteApiOptions = {}) {
    if (opts.hostBits !== undefined && opts.hostBits !== "reject" && opts.hostBits !== "kernel") {
      throw new TypeError(`hostBits: expected "reject" or "kernel", got ${JSON.stringify(opts.hostBits)}`);
    }
    if (opts.checks !== undefined && opts.checks !== "lib" && opts.checks !== "kernel") {
      throw new TypeError(`checks: expected "lib" or "kernel", got ${JSON.stringify(opts.checks)}`);
    }
    this.checks = opts.checks === "kernel" ? "kernel" : opts.hostBits === "kernel" ? "hostBits" : "lib";
  }

  /**
   * Routes matching `filter` (default: the main table, like `ip route
   * show`; `table: "all"` for every table). Table, protocol, type and oif
   * go into the dump request for the kernel to filter; see `listDetailed`.
   */
  list(filter?: RouteFilter): Route[] {
    return this.listDetailed(filter).routes;
  }

  /**
   * `list`, also telling whether the kernel filtered the dump itself
   * (NLM_F_DUMP_FILTERED on its answers). The predicates are applied here
   * too, so the routes are right either way. Listing a table that does not
   * exist returns no routes (the kernel's ENOENT for an IPv4 dump).
   */
  listDetailed(filter?: RouteFilter): { routes: Route[]; kernelFiltered: boolean } {
    const { req, match } = this.dumpSetup(prepareFilter(filter, RT_TABLE_MAIN));
    const view = new RouteViewCodec(match);
    let res: { items: Array<Route | undefined>; filtered: boolean };
    try {
      res = this.conn.dumpDetailed(RTM.GETROUTE, routeRequestCodec, req, view);
    } catch (e) {
      if (e instanceof NetlinkError && e.code === "ENOENT" && req.attrs?.table !== undefined) return { routes: [], kernelFiltered: true };
      throw e;
    }
    // The dump's own array when the filter rejected nothing (the common case: no second 100k-slot array).
    const items = res.items;
    let kept = 0;
    while (kept < items.length && items[kept] !== undefined) kept++;
    if (kept === items.length) return { routes: items as Route[], kernelFiltered: res.filtered };
    const routes: Route[] = items.slice(0, kept) as Route[];
    for (let i = kept + 1; i < items.length; i++) if (items[i] !== undefined) routes.push(items[i]!);
    return { routes, kernelFiltered: res.filtered };
  }

  /**
   * Stream the routes matching `filter` (defaults as `list`), decoding one
   * datagram at a time so memory stays flat for a million routes. The
   * connection must not be used for anything else until the iteration ends;
   * a dump the kernel marks interrupted ends with DumpInterruptedError.
   */
  iterate(filter?: RouteFilter): Generator<Route, void> {
    const { req, match } = this.dumpSetup(prepareFilter(filter, RT_TABLE_MAIN));
    const conn = this.conn;
    const view = new RouteViewCodec(match);
    return (function* () {
      try {
        for (const r of conn.dumpIter(RTM.GETROUTE, routeRequestCodec, req, view)) if (r !== undefined) yield r;
      } catch (e) {
        if (e instanceof NetlinkError && e.code === "ENOENT" && req.attrs?.table !== undefined) return;
        throw e;
      }
    })();
  }

  /**
   * Run a route dump and hand each answer's payload to `visit` as it is
   * read, for renderers that print routes from their bytes (lib/format
   * RouteListWriter.visit): nothing is decoded, kept or yielded per route,
   * so memory stays flat for millions of routes. The request carries
   * `query` as `ip route show` sends it (rtmsg family, protocol, type,
   * RTM_F_CLONED; RTA_TABLE, RTA_OIF); nothing is filtered or skipped here,
   * and kernel errors (ENOENT for an IPv4 table that does not exist) are
   * thrown. If `visit` throws, the dump is read to its end and the error
   * rethrown. Returns whether the kernel filtered the dump and whether it
   * was interrupted (NLM_F_DUMP_INTR: the routes may be inconsistent).
   */
  dumpWith(query: RouteDumpQuery, visit: (buf: Uint8Array, dv: DataView, payload: number, end: number) => void): { filtered: boolean; interrupted: boolean } {
    const msg = dumpQueryMessage(query);
    const flags = this.conn.raw(RTM.GETROUTE, 0, (w) => routeRequestCodec.encode(w, msg), visit, true);
    return { filtered: (flags & NLM_F_DUMP_FILTERED) !== 0, interrupted: (flags & NLM_F_DUMP_INTR) !== 0 };
  }

  /**
   * Message level: send one route message as saved by `ip route save`
   * (`ip route restore`): its rtmsg and attributes byte for byte, with the
   * nlmsg type and flags it was saved with plus NLM_F_CREATE, and wait for
   * the ACK. Kernel refusals throw a NetlinkError.
   */
  restoreMessage(type: number, flags: number, payload: Uint8Array): void {
    if (!Number.isInteger(type) || type < 0 || type > 0xffff) throw new RangeError(`type: expected an integer 0..65535, got ${String(type)}`);
    if (!Number.isInteger(flags) || flags < 0 || flags > 0xffff) throw new RangeError(`flags: expected an integer 0..65535, got ${String(flags)}`);
    if (!(payload instanceof Uint8Array)) throw new TypeError("payload: expected a Uint8Array");
    this.conn.raw(type, flags | NLM_F_CREATE, (w) => w.bytes(payload));
  }

  /** Look a destination up like `ip route get` (RTM_GETROUTE with RTM_F_LOOKUP_TABLE, or the FIB entry with fibMatch). */
  get(dst: string, opts: RouteLookup = {}): Route {
    const p = prepareLookup(dst, opts);
    const msg = p.build((link, field) => resolveIndex(this.conn, link, field));
    const m = this.conn.get(RTM.GETROUTE, routeRequestCodec, msg, routeCodec);
    const r = toRoute(m);
    if (r === undefined) throw new Error(`RTM_GETROUTE: the kernel answered with a route of family ${m.family}`);
    return r;
  }

  /**
   * Message level, for iproute2-compatible tools: `get`'s request, the
   * kernel's answer as the decoded message (what `ip route get` prints).
   */
  lookupMessage(dst: string, opts: RouteLookup = {}): RouteMessage {
    const msg = prepareLookup(dst, opts).build((link, field) => resolveIndex(this.conn, link, field));
    return this.conn.get(RTM.GETROUTE, routeRequestCodec, msg, routeCodec);
  }

  /**
   * Message level: the decoded messages of one RTM_GETROUTE dump whose
   * request is `req` byte for byte (`ip route show`'s rtmsg with its
   * RTA_TABLE/RTA_OIF); nothing is filtered here, kernel errors are thrown.
   */
  dumpMessages(req: RouteMessage): RouteMessage[] {
    return this.conn.dump(RTM.GETROUTE, routeCodec, req);
  }

  /**
   * Message level: delete dumped routes by sending each message back as
   * RTM_DELROUTE, pipelined with one ACK per window (`ip route flush`'s
   * exact requests); every refusal is in the result, tied to its message.
   */
  deleteMessages(msgs: readonly RouteMessage[]): BatchResult {
    return this.conn.batch(msgs.map((msg): BatchRequest => ({ type: RTM.DELROUTE, flags: 0, codec: routeCodec, msg })));
  }

  /**
   * Add a route and return it as the kernel made it (its echo of the
   * request, NLM_F_ECHO, as `ip -echo route add`); EEXIST when an identical
   * one is there. With `{ echo: false }` the request is `ip route add`'s
   * byte for byte and nothing is returned.
   */
  add(spec: RouteSpec | Route): Route;
  add(spec: RouteSpec | Route, opts: { echo: false }): undefined;
  add(spec: RouteSpec | Route, opts: { echo?: boolean } = {}): Route | undefined {
    const p = prepareRoute(routeSpecOf(spec), false, this.checks);
    if (opts.echo === false) {
      this.modify(RTM.NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, p);
      return undefined;
    }
    const msg = buildRouteMessage(p, (link, field) => resolveIndex(this.conn, link, field));
    for (const m of this.conn.echo(RTM.NEWROUTE, NLM_F_CREATE | NLM_F_EXCL | NLM_F_ECHO, routeRequestCodec, msg, routeCodec)) {
      const r = toRoute(m);
      if (r !== undefined) return r;
    }
    throw new Error("RTM_NEWROUTE: the kernel acknowledged the route but sent no echo of it (NLM_F_ECHO)");
  }

  /** Add or replace the route with the same key (`ip route replace`); a listed route given back unchanged changes nothing. */
  replace(spec: RouteSpec | Route): void {
    this.modify(RTM.NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE, prepareRoute(routeSpecOf(spec), false, this.checks));
  }

  /** Add a route after existing ones of the same key (`ip route append`; IPv6 adds it as a path of a multipath route). */
  append(spec: RouteSpec | Route): void {
    this.modify(RTM.NEWROUTE, NLM_F_CREATE | NLM_F_APPEND, prepareRoute(routeSpecOf(spec), false, this.checks));
  }

  /** Add a route before existing ones of the same key (`ip route prepend`: NLM_F_CREATE alone). */
  prepend(spec: RouteSpec | Route): void {
    this.modify(RTM.NEWROUTE, NLM_F_CREATE, prepareRoute(routeSpecOf(spec), false, this.checks));
  }

  /** Change an existing route (`ip route change`); ENOENT/ESRCH when there is none. */
  change(spec: RouteSpec | Route): void {
    this.modify(RTM.NEWROUTE, NLM_F_REPLACE, prepareRoute(routeSpecOf(spec), false, this.checks));
  }

  /**
   * Delete a route (`ip route del`): the first one matching the given
   * fields; ESRCH when none does. A Route from list/get names every key
   * field, so exactly that route goes.
   */
  delete(spec: RouteSpec | Route): void {
    this.modify(RTM.DELROUTE, 0, prepareRoute(routeSpecOf(spec), true, this.checks));
  }

  private modify(type: number, flags: number, p: PreparedRoute): void {
    const msg = buildRouteMessage(p, (link, field) => resolveIndex(this.conn, link, field));
    this.conn.ack(type, flags, routeRequestCodec, msg);
  }

  /**
   * Delete every route matching `filter` (`ip route flush`; no default
   * table: give `table: "all"` to flush all of them) and return how many
   * were removed. Each dumped route is sent back as RTM_DELROUTE, as ip
   * does; the IPv6 null entries ip skips are skipped too. Routes that
   * vanished meanwhile are not counted; any other refusal throws after the
   * batch with the count so far in `removed`.
   */
  flush(filter: RouteFilter): number {
    const f = checkKeys(filter, ["family", "table", "protocol", "type", "ifindex", "dev"], "filter");
    if (Object.keys(f).length === 0) throw new TypeError("filter: flush needs at least one selector (family, table, protocol, type, ifindex, dev); use { table: \"all\" } to flush every table");
    const { req, match } = this.dumpSetup(prepareFilter(filter, undefined));
    let msgs: RouteMessage[];
    try {
      msgs = this.conn.dump(RTM.GETROUTE, routeRequestCodec, req, routeCodec);
    } catch (e) {
      if (e instanceof NetlinkError && e.code === "ENOENT" && req.attrs?.table !== undefined) return 0;
      throw e;
    }
    const victims = msgs.filter((m) => match.test(m) && !isIpv6NullEntry(m) && !m.flags.includes("cloned"));
    if (victims.length === 0) return 0;
    const r = this.conn.batch(victims.map((msg): BatchRequest => ({ type: RTM.DELROUTE, flags: 0, codec: routeCodec, msg })));
    const fatal = r.errors.find((e) => e.error.code !== "ESRCH" && e.error.code !== "ENOENT");
    if (fatal) throw Object.assign(fatal.error, { removed: r.ok }) as NetlinkError & { removed: number };
    return r.ok;
  }

  /**
   * Add many routes in pipelined batches (conn.batch): every spec is
   * validated and every link name resolved before the first route is sent;
   * each refusal is reported with the index of its spec. `signal` stops it
   * between windows (the result then has `aborted`), `onProgress` sees the
   * totals after each window; see {@link addManyAsync} to let timers and
   * signal handlers run during it.
   */
  addMany(specs: Iterable<RouteSpec>, opts: AddManyOptions = {}): BatchResult {
    const { requests, batchOpts } = this.prepareMany(specs, opts);
    return this.conn.batch(requests, batchOpts);
  }

  /** {@link addMany} that yields to the event loop between windows (conn.batchAsync). */
  async addManyAsync(specs: Iterable<RouteSpec>, opts: AddManyOptions = {}): Promise<BatchResult> {
    const { requests, batchOpts } = this.prepareMany(specs, opts);
    return await this.conn.batchAsync(requests, batchOpts);
  }

  private prepareMany(specs: Iterable<RouteSpec>, opts: AddManyOptions): { requests: Iterable<BatchRequest>; batchOpts: BatchOptions } {
    const o = checkKeys(opts, ["mode", "window", "stopOnError", "signal", "onProgress"], "opts");
    const mode = (o.mode ?? "add") as AddMode;
    if (!(mode in MODE_FLAGS)) throw new TypeError(`opts.mode: ${JSON.stringify(o.mode)} is not one of add, replace, append`);
    if (specs === null || typeof (specs as Iterable<RouteSpec>)?.[Symbol.iterator] !== "function") throw new TypeError("specs: expected an iterable of route specs");
    // Validation and encoding of the common route shapes without per-route objects: see bulk.ts.
    const bulk = new BulkRoutes(specs);
    const cache = new Map<string | number, number>();
    for (const l of bulk.links()) cache.set(l, resolveIndex(this.conn, l));
    const batchOpts: BatchOptions = {};
    if (o.window !== undefined) batchOpts.window = o.window as number;
    if (o.stopOnError !== undefined) batchOpts.stopOnError = o.stopOnError as boolean;
    if (o.signal !== undefined) batchOpts.signal = o.signal as AbortSignal;
    if (o.onProgress !== undefined) batchOpts.onProgress = o.onProgress as BatchOptions["onProgress"];
    return { requests: bulk.requests(MODE_FLAGS[mode], (l) => cache.get(l)!), batchOpts };
  }

  /** Resolve the filter's link and build the dump request and the matcher. */
  private dumpSetup(f: PreparedFilter): { req: RouteMessage; match: RouteMatcher } {
    const oif = f.oif === undefined ? 0 : resolveIndex(this.conn, f.oif, "filter.oif");
    return { req: dumpRequest(f, oif), match: routeMatcher(f, oif) };
  }
}

/**
 * Decode answers straight to Route objects (undefined for those `match`
 * rejects); never used to encode. A class, so every list() calls the same
 * `decode` function (a closure per call made the JIT recompile the dump's
 * hot loop on the second list()).
 */
class RouteViewCodec implements MessageCodec<Route | undefined> {
  readonly name = "route";
  constructor(private readonly match: RouteMatcher) {}
  decode(b: Uint8Array, dv: DataView, o: number, e: number): Route | undefined {
    return decodeRouteView(b, dv, o, e, this.match); // view-fast.ts
  }
  encode(): never {
    throw new Error("route view codec: decode only");
  }
}

/** The ip6_null_entry copies an IPv6 table dump shows (unreachable ::/0, metric 0xffffffff), which ip route flush skips. */
function isIpv6NullEntry(m: RouteMessage): boolean {
  return m.family === AF_INET6 && m.dstLen === 0 && m.type === "unreachable" && m.attrs.priority === 0xffffffff;
}

/** The rtmsg members and attributes of a raw route dump request (RouteApi.dumpWith); absent or 0: not asked for. */
export interface RouteDumpQuery {
  family?: number;
  table?: number;
  protocol?: number;
  type?: number;
  oif?: number;
  /** RTM_F_CLONED: the IPv4/IPv6 route caches instead of the FIB. */
  cloned?: boolean;
}

function dumpQueryMessage(q: RouteDumpQuery): RouteMessage {
  checkKeys(q, ["family", "table", "protocol", "type", "oif", "cloned"], "query");
  const u = (v: number | undefined, field: string, max: number): number => {
    if (v === undefined) return 0;
    if (!Number.isInteger(v) || v < 0 || v > max) throw new RangeError(`query.${field}: expected an integer 0..${max}, got ${String(v)}`);
    return v;
  };
  const attrs: RouteMessage["attrs"] = {};
  const table = u(q.table, "table", 0xffffffff);
  const oif = u(q.oif, "oif", 0x7fffffff);
  if (table) attrs.table = table;
  if (oif) attrs.oif = oif;
  if (q.cloned !== undefined && typeof q.cloned !== "boolean") throw new TypeError(`query.cloned: expected a boolean, got ${typeof q.cloned}`);
  return {
    family: u(q.family, "family", 255), dstLen: 0, srcLen: 0, tos: 0, table: 0, protocol: u(q.protocol, "protocol", 255), scope: 0,
    type: u(q.type, "type", 255), flags: q.cloned ? ["cloned"] : [], attrs,
  } as RouteMessage;
}
