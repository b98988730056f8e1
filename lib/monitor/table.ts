/**
 * The in-memory state a {@link watch} keeps: links, addresses, routes and
 * neighbours, each keyed the way the kernel identifies the object, and a
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
import type { TcMessage } from "../../codecs/tc/message.ts";
import type { AddrMessage } from "../../codecs/addr/index.ts";
import type { LinkMessage } from "../../codecs/link/message.ts";
import type { NeighMessage } from "../../codecs/neigh/index.ts";
import type { RouteMessage } from "../../codecs/route/decode.ts";

/** The families a watch keeps tables of. */
export const WATCH_FAMILIES = ["link", "address", "route", "neighbour", "qdisc"] as const;
/** The families a watch follows when none are named (qdiscs are opt-in). */
export const DEFAULT_WATCH_FAMILIES: readonly WatchFamily[] = ["link", "address", "route", "neighbour"];
/** One of {@link WATCH_FAMILIES}. */
export type WatchFamily = (typeof WATCH_FAMILIES)[number];

/** The object type of each watched family. */
export interface WatchObjects {
  link: LinkMessage;
  address: AddrMessage;
  route: RouteMessage;
  neighbour: NeighMessage;
  qdisc: TcMessage;
}

/** The key of `obj` in its family's table, or null when the table does not track it. */
export function keyOf<F extends WatchFamily>(family: F, obj: WatchObjects[F]): string | null {
  switch (family) {
    case "link": {
      const l = obj as LinkMessage;
      return l.family === 0 ? String(l.index) : null;
    }
    case "address": {
      const a = obj as AddrMessage;
      const local = a.attrs.local ?? a.attrs.address ?? "";
      const peer = a.family === 2 ? (a.attrs.address ?? "") : "";
      return `${a.family}|${a.index}|${local}/${a.prefixlen}|${peer}`;
    }
    case "route": {
      const r = obj as RouteMessage;
      if (r.flags.includes("cloned")) return null;
      return `${routeBase(r)}|${r.type}|${routeNexthops(r)}`;
    }
    case "neighbour": {
      const n = obj as NeighMessage;
      if ((n.family !== 2 && n.family !== 10) || n.flags.includes("proxy")) return null;
      return `${n.family}|${n.ifindex}|${n.attrs.dst ?? ""}`;
    }
    case "qdisc": {
      const q = obj as TcMessage;
      return `${q.ifindex}|${q.parent}|${q.handle}`;
    }
  }
  return null;
}

const SILENT_NUD = ["incomplete", "noarp"];

/**
 * Whether `obj` belongs in its family's table: it has a key (see
 * {@link keyOf}) and, for neighbours, a state the kernel notifies.
 */
export function isTracked<F extends WatchFamily>(family: F, obj: WatchObjects[F]): boolean {
  if (family !== "neighbour") return true;
  const st = (obj as NeighMessage).state;
  return st.length > 0 && !st.some((s) => SILENT_NUD.includes(s));
}

/** The part of a route key that an NLM_F_REPLACE notification replaces within (see the file comment). */
export function routeBase(r: RouteMessage): string {
  const table = r.attrs.table ?? r.table;
  return `${r.family}|${table}|${r.attrs.dst ?? ""}/${r.dstLen}|${r.attrs.src ?? ""}/${r.srcLen}|${r.tos}|${r.attrs.priority ?? 0}`;
}

/** The nexthop part of a route key: "nh<id>", or "ifindex/gateway" per hop, sorted. */
export function routeNexthops(r: RouteMessage): string {
  if (r.attrs.nhId !== undefined) return `nh${r.attrs.nhId}`;
  const mp = r.attrs.multipath as Array<{ ifindex: number; attrs?: { gateway?: string } }> | undefined;
  if (Array.isArray(mp)) return mp.map((h) => `${h.ifindex}/${h.attrs?.gateway ?? ""}`).sort().join(",");
  return `${r.attrs.oif ?? ""}/${r.attrs.gateway ?? ""}`;
}

/**
 * Attribute names whose values the kernel changes without a notification,
 * or that only notifications carry (IFLA_EVENT says why a link message was
 * sent; dumps never have it).
 */
const VOLATILE_ATTRS: Record<WatchFamily, readonly string[]> = {
  link: ["stats", "stats64", "event"],
  address: ["cacheinfo"],
  route: ["cacheinfo", "expires"],
  neighbour: ["cacheinfo", "probes"],
  qdisc: ["stats", "stats2", "xstats"],
};
const VOLATILE_INET6 = new Set(["stats", "icmp6stats", "cacheinfo"]);

function stable(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? `${x}n` : x));
}

/**
 * A string that is equal for two messages describing the same state of an
 * object: the message minus the volatile attributes (see VOLATILE_ATTRS and,
 * for links, ifi_change and the IPv6 statistics and cache timers in
 * IFLA_AF_SPEC).
 */
export function fingerprint(family: WatchFamily, obj: object): string {
  const o = obj as { attrs?: Record<string, unknown> };
  const attrs = { ...(o.attrs ?? {}) };
  for (const k of VOLATILE_ATTRS[family]) delete attrs[k];
  if (family === "link" && attrs.afSpec !== null && typeof attrs.afSpec === "object") {
    const spec = { ...(attrs.afSpec as Record<string, unknown>) };
    if (spec.inet6 !== null && typeof spec.inet6 === "object") {
      spec.inet6 = Object.fromEntries(Object.entries(spec.inet6 as Record<string, unknown>).filter(([k]) => !VOLATILE_INET6.has(k)));
    }
    attrs.afSpec = spec;
  }
  const top: Record<string, unknown> = { ...obj, attrs };
  if (family === "link") delete top.change; // ifi_change: set in notifications, 0 in dumps
  return stable(top);
}

/** A change a table made: what a watch emits. */
export interface TableChange<F extends WatchFamily = WatchFamily> {
  kind: "new" | "del";
  family: F;
  object: WatchObjects[F];
}

/**
 * The four tables; each maps a key (see {@link keyOf}) to the latest
 * message. Routes are also indexed by {@link routeBase}. Read them; only
 * the watch changes them.
 */
export class WatchTables {
  readonly #maps = {
    link: new Map<string, LinkMessage>(),
    address: new Map<string, AddrMessage>(),
    route: new Map<string, RouteMessage>(),
    neighbour: new Map<string, NeighMessage>(),
    qdisc: new Map<string, TcMessage>(),
  };
  readonly #routeBases = new Map<string, Set<string>>();

  get links(): ReadonlyMap<string, LinkMessage> {
    return this.#maps.link;
  }
  get addresses(): ReadonlyMap<string, AddrMessage> {
    return this.#maps.address;
  }
  get routes(): ReadonlyMap<string, RouteMessage> {
    return this.#maps.route;
  }
  get neighbours(): ReadonlyMap<string, NeighMessage> {
    return this.#maps.neighbour;
  }

  /** The table of `family`. */
  of<F extends WatchFamily>(family: F): ReadonlyMap<string, WatchObjects[F]> {
    return this.#maps[family] as unknown as ReadonlyMap<string, WatchObjects[F]>;
  }

  #set(family: WatchFamily, key: string, obj: object): void {
    (this.#maps[family] as Map<string, object>).set(key, obj);
    if (family === "route") {
      const base = routeBase(obj as RouteMessage);
      let keys = this.#routeBases.get(base);
      if (keys === undefined) this.#routeBases.set(base, (keys = new Set()));
      keys.add(key);
    }
  }

  #delete(family: WatchFamily, key: string, obj: object): void {
    this.#maps[family].delete(key);
    if (family === "route") {
      const base = routeBase(obj as RouteMessage);
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
  routesLike(r: RouteMessage): RouteMessage[] {
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
  switch (family) {
    case "link":
      return (o as LinkMessage).index === ifindex;
    case "address":
      return (o as AddrMessage).index === ifindex;
    case "neighbour":
      return (o as NeighMessage).ifindex === ifindex;
    case "qdisc":
      return (o as TcMessage).ifindex === ifindex;
    case "route": {
      const r = o as RouteMessage;
      if (r.attrs.oif === ifindex) return true;
      return Array.isArray(r.attrs.multipath) && r.attrs.multipath.some((h: { ifindex: number }) => h.ifindex === ifindex);
    }
  }
}
