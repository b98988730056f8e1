/**
 * The in-memory state a {@link watch} keeps: links, addresses, routes,
 * neighbours (and qdiscs when asked), as the object model of lib/rtnl
 * (docs/MODEL.md), each keyed the way the kernel identifies the object, and a
 * comparison that ignores counters the kernel changes without notifying
 * (statistics, cache timers, lifetimes counting down).
 *
 * Keys (what makes two messages "the same object"):
 * - link: ifindex (AF_UNSPEC messages only; AF_BRIDGE/AF_INET6 per-port
 *   messages describe a link, they are not one).
 * - address: family, ifindex, local address (IFA_LOCAL, else IFA_ADDRESS),
 *   prefix length and, for IPv4, the peer (IFA_ADDRESS).
 * - route: the "base" (family, table from RTA_TABLE else rtm_table,
 *   destination and source prefixes, tos, metric from RTA_PRIORITY: the fib
 *   alias key of net/ipv4/fib_trie.c and the fib6 node + metric of net/ipv6)
 *   plus the type and the nexthops (nexthop object id, or each hop's
 *   ifindex and gateway), because the kernel keeps several routes with one
 *   base: a /24 prefix route per interface holding an address in it,
 *   fe80::/64 on every IPv6 link, `ip route append` aliases. Cached clones
 *   (RTM_F_CLONED) are not tracked.
 * - neighbour: family, ifindex, destination, for AF_INET/AF_INET6 entries
 *   that are not proxies (NTF_PROXY); bridge FDB entries are not tracked.
 *   Entries in NUD_NONE, NUD_INCOMPLETE or NUD_NOARP are left out: the
 *   kernel creates them (multicast entries, lookups being resolved) without
 *   a notification (net/core/neighbour.c __neigh_create), so no watch could
 *   follow them; a tracked entry notified in such a state leaves the table.
 */
import type { Address } from "../rtnl/address/model.ts";
import type { Link } from "../rtnl/link/model.ts";
import type { Neighbour } from "../rtnl/neighbour/model.ts";
import type { Route } from "../rtnl/route/model.ts";
import type { TcClass, TcFilter, TcQdisc } from "../rtnl/tc/model.ts";

/** The families a watch keeps tables of. */
export const WATCH_FAMILIES = ["link", "address", "route", "neighbour", "qdisc", "class", "filter"] as const;
/** The families a watch follows when none are named (qdiscs, classes and filters are opt-in). */
export const DEFAULT_WATCH_FAMILIES: readonly WatchFamily[] = ["link", "address", "route", "neighbour"];
/** One of {@link WATCH_FAMILIES}. */
export type WatchFamily = (typeof WATCH_FAMILIES)[number];

/**
 * The object type of each watched family: the object model of lib/rtnl
 * (docs/MODEL.md), deep-equal to what list()/get() return for the same
 * kernel object (apart from the counters and timers the kernel changes
 * between two reads).
 */
export interface WatchObjects {
  link: Link;
  address: Address;
  route: Route;
  neighbour: Neighbour;
  qdisc: TcQdisc;
  class: TcClass;
  filter: TcFilter;
}

/** The key of `obj` in its family's table, or null when the table does not track it. */
export function keyOf<F extends WatchFamily>(family: F, obj: WatchObjects[F]): string | null {
  switch (family) {
    case "link": {
      const l = obj as Link;
      return l.family === undefined ? String(l.ifindex) : null;
    }
    case "address": {
      const a = obj as Address;
      if (typeof a.local !== "string") return null; // a family without a model (MCTP...): its message stands in
      const peer = a.family === "inet" ? (a.peer ?? "") : "";
      return `${a.family}|${a.ifindex}|${a.local}/${a.prefixlen}|${peer}`;
    }
    case "route": {
      const r = obj as Route;
      if (r.flags.includes("cloned")) return null;
      return `${routeBase(r)}|${r.type}|${routeNexthops(r)}`;
    }
    case "neighbour": {
      const n = obj as Neighbour;
      if ((n.family !== "inet" && n.family !== "inet6") || n.proxy) return null;
      return `${n.family}|${n.ifindex}|${n.dst ?? ""}`;
    }
    case "qdisc": {
      const q = obj as TcQdisc;
      return `${q.ifindex}|${q.parent}|${q.handle}`;
    }
    case "class": {
      const c = obj as TcClass;
      return `${c.ifindex}|${c.handle}`;
    }
    case "filter": {
      const f = obj as TcFilter;
      return filterKey(f, f.handle);
    }
  }
  return null;
}

const SILENT_NUD = ["none", "incomplete", "noarp"];

/**
 * Whether `obj` belongs in its family's table: it has a key (see
 * {@link keyOf}) and, for neighbours, a state the kernel notifies.
 */
export function isTracked<F extends WatchFamily>(family: F, obj: WatchObjects[F]): boolean {
  if (family !== "neighbour") return true;
  const st = (obj as Neighbour).state;
  return st.length > 0 && !st.some((s) => SILENT_NUD.includes(s));
}

/** A filter's key with `handle` (0: the chain/prio header tc lists before a classifier's filters). */
export function filterKey(f: TcFilter, handle: number): string {
  return `${f.ifindex}|${f.parent}|${f.chain ?? 0}|${f.pref}|${f.protocol}|${f.kind}|${handle}`;
}

/** The part of a route key that an NLM_F_REPLACE notification replaces within (see the file comment). */
export function routeBase(r: Route): string {
  return `${r.family}|${r.table}|${r.dst}|${r.from ?? ""}|${r.tos}|${r.metric ?? 0}`;
}

/** The nexthop part of a route key: "nh<id>", or "ifindex/gateway" per hop, sorted. */
export function routeNexthops(r: Route): string {
  if (r.nhid !== undefined) return `nh${r.nhid}`;
  if (r.multipath !== undefined) return r.multipath.map((h) => `${h.ifindex ?? ""}/${h.gateway ?? h.via?.address ?? ""}`).sort().join(",");
  return `${r.ifindex ?? ""}/${r.gateway ?? r.via?.address ?? ""}`;
}

/**
 * Fields whose values the kernel changes without a notification: link
 * statistics (in `attrs`), address lifetimes counting down, route expiry,
 * neighbour ages and probes, qdisc statistics.
 */
const VOLATILE: Record<WatchFamily, readonly string[]> = {
  link: [],
  address: ["validLft", "preferredLft"],
  route: ["expires"],
  neighbour: ["cacheinfo", "probes"],
  qdisc: ["stats", "xstats"],
  class: ["stats", "xstats"],
  filter: [],
};
/** Counters and timers inside filter options (u32 counters, matchall/basic hits, action statistics and timers). */
const VOLATILE_FILTER = new Set(["counters", "hits", "pcnt", "stats", "installed", "lastUsed", "firstUsed", "expires"]);
const VOLATILE_LINK_ATTRS = ["stats", "stats64"];
const VOLATILE_INET6 = new Set(["stats", "icmp6stats", "cacheinfo"]);

function stable(v: unknown, drop?: ReadonlySet<string>): string {
  return JSON.stringify(v, (k, x) => (drop?.has(k) ? undefined : typeof x === "bigint" ? `${x}n` : x));
}

/**
 * A string that is equal for two objects describing the same state: the
 * object minus the volatile fields (see VOLATILE and, for links, the
 * statistics and the IPv6 statistics and cache timers in attrs.afSpec).
 */
export function fingerprint(family: WatchFamily, obj: object): string {
  const top: Record<string, unknown> = { ...obj };
  for (const k of VOLATILE[family]) delete top[k];
  if (family === "link" && top.attrs !== null && typeof top.attrs === "object") {
    const attrs = { ...(top.attrs as Record<string, unknown>) };
    for (const k of VOLATILE_LINK_ATTRS) delete attrs[k];
    if (attrs.afSpec !== null && typeof attrs.afSpec === "object") {
      const spec = { ...(attrs.afSpec as Record<string, unknown>) };
      if (spec.inet6 !== null && typeof spec.inet6 === "object") {
        spec.inet6 = Object.fromEntries(Object.entries(spec.inet6 as Record<string, unknown>).filter(([k]) => !VOLATILE_INET6.has(k)));
      }
      attrs.afSpec = spec;
    }
    top.attrs = attrs;
  }
  return stable(top, family === "filter" ? VOLATILE_FILTER : undefined);
}

/** A change a table made: what a watch emits. */
export interface TableChange<F extends WatchFamily = WatchFamily> {
  kind: "new" | "del";
  family: F;
  object: WatchObjects[F];
}

/**
 * The tables; each maps a key (see {@link keyOf}) to the latest
 * object. Routes are also indexed by {@link routeBase}. Read them; only
 * the watch changes them.
 */
export class WatchTables {
  readonly #maps = {
    link: new Map<string, Link>(),
    address: new Map<string, Address>(),
    route: new Map<string, Route>(),
    neighbour: new Map<string, Neighbour>(),
    qdisc: new Map<string, TcQdisc>(),
    class: new Map<string, TcClass>(),
    filter: new Map<string, TcFilter>(),
  };
  readonly #routeBases = new Map<string, Set<string>>();

  get links(): ReadonlyMap<string, Link> {
    return this.#maps.link;
  }
  get addresses(): ReadonlyMap<string, Address> {
    return this.#maps.address;
  }
  get routes(): ReadonlyMap<string, Route> {
    return this.#maps.route;
  }
  get neighbours(): ReadonlyMap<string, Neighbour> {
    return this.#maps.neighbour;
  }

  /** The table of `family`. */
  of<F extends WatchFamily>(family: F): ReadonlyMap<string, WatchObjects[F]> {
    return this.#maps[family] as unknown as ReadonlyMap<string, WatchObjects[F]>;
  }

  #set(family: WatchFamily, key: string, obj: object): void {
    (this.#maps[family] as Map<string, object>).set(key, obj);
    if (family === "route") {
      const base = routeBase(obj as Route);
      let keys = this.#routeBases.get(base);
      if (keys === undefined) this.#routeBases.set(base, (keys = new Set()));
      keys.add(key);
    }
  }

  #delete(family: WatchFamily, key: string, obj: object): void {
    this.#maps[family].delete(key);
    if (family === "route") {
      const base = routeBase(obj as Route);
      const keys = this.#routeBases.get(base);
      keys?.delete(key);
      if (keys?.size === 0) this.#routeBases.delete(base);
    }
  }

  /**
   * Apply a "new": store it; returns the change, or null when it has no key
   * or is identical to what is stored. A neighbour in an untracked state
   * (see {@link isTracked}) removes the entry instead.
   */
  put<F extends WatchFamily>(family: F, obj: WatchObjects[F]): TableChange<F> | null {
    const key = keyOf(family, obj);
    if (key === null) return null;
    if (!isTracked(family, obj)) return this.remove(family, obj);
    const old = this.of(family).get(key);
    this.#set(family, key, obj);
    if (old !== undefined && fingerprint(family, old) === fingerprint(family, obj)) return null;
    return { kind: "new", family, object: obj };
  }

  /** Apply a "del": returns the change (with the stored object), or null when it was not there. */
  remove<F extends WatchFamily>(family: F, obj: WatchObjects[F]): TableChange<F> | null {
    const key = keyOf(family, obj);
    if (key === null) return null;
    const old = this.of(family).get(key);
    if (old === undefined) return null;
    this.#delete(family, key, old);
    return { kind: "del", family, object: old };
  }

  /**
   * Replace `family`'s table with a fresh dump and return the differences:
   * "del" for keys that vanished, "new" for keys that appeared or changed.
   */
  replace<F extends WatchFamily>(family: F, dumped: Iterable<WatchObjects[F]>): TableChange<F>[] {
    const map = this.of(family);
    const fresh = new Map<string, WatchObjects[F]>();
    for (const o of dumped) {
      const k = keyOf(family, o);
      if (k !== null && isTracked(family, o)) fresh.set(k, o);
    }
    const changes: TableChange<F>[] = [];
    for (const [k, old] of [...map]) {
      if (fresh.has(k)) continue;
      changes.push({ kind: "del", family, object: old });
      this.#delete(family, k, old);
    }
    for (const [k, o] of fresh) {
      const old = map.get(k);
      if (old === undefined || fingerprint(family, old) !== fingerprint(family, o)) changes.push({ kind: "new", family, object: o });
      this.#set(family, k, o);
    }
    return changes;
  }

  /** Stored routes with the same {@link routeBase} as `r` (its own entry included when stored). */
  routesLike(r: Route): Route[] {
    const keys = this.#routeBases.get(routeBase(r));
    return keys === undefined ? [] : [...keys].map((k) => this.#maps.route.get(k)!);
  }

  /** Objects of `family` that refer to interface `ifindex` (routes: oif or any multipath hop). */
  onLink<F extends WatchFamily>(family: F, ifindex: number): WatchObjects[F][] {
    const out: WatchObjects[F][] = [];
    for (const o of this.of(family).values()) if (refersTo(family, o, ifindex)) out.push(o);
    return out;
  }
}

function refersTo(family: WatchFamily, o: unknown, ifindex: number): boolean {
  if (family !== "route") return (o as { ifindex: number }).ifindex === ifindex;
  const r = o as Route;
  return r.ifindex === ifindex || (r.multipath?.some((h) => h.ifindex === ifindex) ?? false);
}
