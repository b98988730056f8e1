/**
 * The declarative state document: what a network namespace should contain,
 * as plain JSON (schema/state.schema.json is its shipped JSON Schema).
 * Links are named, never numbered: every reference (dev, master, peer) is
 * an interface name, so a document applies to any namespace. A field left
 * out means "whatever the kernel has": plan, apply and drift compare only
 * the fields a document gives.
 */

/** One link. `kind` absent: a link the document does not create (lo, a moved-in device); only its settings are managed. */
export interface LinkState {
  name: string;
  /** "veth", "bridge", "macvlan", ... (created with this kind). */
  kind?: string;
  /** veth only: the other end, which must be listed as a link too. */
  peer?: string;
  mtu?: number;
  /** MAC address ("02:00:00:00:00:01"). Absent: the kernel's (random) choice. */
  address?: string;
  up?: boolean;
  alias?: string;
  /** Name of the master (a bridge); null: no master. */
  master?: string | null;
  txqlen?: number;
  group?: number;
  /** macvlan/ipvlan/vlan parent link name. */
  link?: string;
  /** Kind options passed to creation (bridge: vlanFiltering, stpState, ...), as LinkApi.add takes them. */
  data?: Record<string, unknown>;
  /** Values the kernel chose (a generated MAC): shown by export, never applied or compared. */
  derived?: { address?: string };
}

/** One IPv4/IPv6 address on a link. */
export interface AddressState {
  dev: string;
  /** "192.0.2.1/24" or "2001:db8::1/64". */
  address: string;
  peer?: string;
  broadcast?: string;
  label?: string;
  scope?: string | number;
  /** Configuration flags: nodad, noprefixroute, mngtmpaddr, home, autojoin, optimistic. */
  flags?: string[];
  metric?: number;
}

/** One path of a multipath route. */
export interface RoutePathState {
  gateway?: string;
  dev?: string;
  weight?: number;
  onlink?: boolean;
}

/** One route, in any table. */
export interface RouteState {
  /** "198.51.100.0/24", "2001:db8::/64" or "default" (then `family` says which). */
  dst: string;
  family?: 4 | 6;
  /** "main" (default), "local", "default" or a number. */
  table?: string | number;
  /** "unicast" (default), "blackhole", "unreachable", "prohibit", "throw", "local", ... */
  type?: string;
  gateway?: string;
  dev?: string;
  metric?: number;
  /** "boot" (the default of ip route add), "static", ... or a number. */
  protocol?: string | number;
  scope?: string | number;
  /** Preferred source address. */
  src?: string;
  /** Source prefix (IPv6 source routing). */
  from?: string;
  tos?: number;
  onlink?: boolean;
  /** A nexthop object id from `nexthops`. */
  nhid?: number;
  multipath?: RoutePathState[];
}

/** A nexthop object or group. */
export interface NexthopState {
  id: number;
  family?: 4 | 6;
  gateway?: string;
  dev?: string;
  blackhole?: boolean;
  onlink?: boolean;
  fdb?: boolean;
  group?: Array<{ id: number; weight?: number }>;
  protocol?: string | number;
}

/** A permanent neighbour entry (ARP/NDP). */
export interface NeighbourState {
  dev: string;
  dst: string;
  lladdr?: string;
  /** A proxy entry (no lladdr). */
  proxy?: boolean;
  router?: boolean;
}

/** A policy routing rule; `priority` is required so that applying twice finds the same rule. */
export interface RuleState {
  family: 4 | 6;
  priority: number;
  action?: "table" | "goto" | "nop" | "blackhole" | "unreachable" | "prohibit";
  table?: string | number;
  from?: string;
  to?: string;
  iif?: string;
  oif?: string;
  fwmark?: number;
  fwmask?: number;
  not?: boolean;
  tos?: number;
  goto?: number;
  ipProto?: string | number;
  sport?: { start: number; end: number };
  dport?: { start: number; end: number };
  uidRange?: { start: number; end: number };
  suppressPrefixlen?: number;
  protocol?: string | number;
}

/** A whole document. Every section is optional. */
export interface StateDocument {
  version: 1;
  links?: LinkState[];
  addresses?: AddressState[];
  routes?: RouteState[];
  nexthops?: NexthopState[];
  neighbours?: NeighbourState[];
  rules?: RuleState[];
  /** net.* sysctls of the namespace, dotted ("net.ipv4.ip_forward", "net.ipv6.conf.v0.disable_ipv6"), values as strings. */
  sysctls?: Record<string, string>;
}

/** The families of a document, in the order the planner creates them. */
export type Section = "sysctls" | "links" | "addresses" | "neighbours" | "nexthops" | "routes" | "rules";

/** An item of any section; sysctls are `{ key, value }`. */
export type Item = LinkState | AddressState | RouteState | NexthopState | NeighbourState | RuleState | SysctlState;

/** One sysctl as an item. */
export interface SysctlState {
  key: string;
  value: string;
}
