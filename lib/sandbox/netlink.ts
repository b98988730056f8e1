/**
 * The netlink operations the sandbox manager performs, as one narrow
 * interface over the typed rtnetlink API (lib/rtnl). osl calls the same
 * handful of vishvananda/netlink methods (LinkByName, LinkSetUp,
 * LinkSetNsFd, AddrAdd, RouteGet, NeighSet...); keeping them in one place
 * makes the manager's kernel traffic easy to audit and to replay.
 * The implementation is netlink-rtnl.ts.
 */
import type { NetlinkConnection } from "../conn/connection.ts";

/** Per-interface counters (osl types.InterfaceStatistics plus errors), from IFLA_STATS64. */
export interface InterfaceStatistics {
  rxBytes: bigint;
  txBytes: bigint;
  rxPackets: bigint;
  txPackets: bigint;
  rxErrors: bigint;
  txErrors: bigint;
  rxDropped: bigint;
  txDropped: bigint;
}

/** What the manager needs to know about a link. */
export interface NlLink {
  index: number;
  name: string;
  /** IFLA_INFO_KIND ("veth", "bridge", "vxlan"...), when the link has one. */
  kind?: string;
  up: boolean;
  /** ifindex of the master (IFLA_MASTER), when enslaved. */
  master?: number;
  /** Link-layer address, lower-case. */
  mac?: string;
  stats?: InterfaceStatistics;
}

/** A route as the manager reads it (main table). */
export interface NlRoute {
  /** "net/len"; undefined for a default route (no RTA_DST). */
  dst?: string;
  gateway?: string;
  oif?: number;
}

/** A route the manager adds or deletes (main table, protocol boot like `ip route add`). */
export interface NlRouteSpec {
  /**
   * "addr/len" sent as given, host bits included (the kernel refuses them
   * for IPv4, clears them for IPv6); a default destination "0.0.0.0/0"/"::/0"
   * is sent with RTA_DST; "default": no RTA_DST, family from the gateway.
   */
  dst: string;
  gateway?: string;
  oif: number;
  scope: "link" | "universe";
}

/** A permanent neighbour / FDB entry. */
export interface NlNeighbourSpec {
  ip: string;
  mac?: string;
  /** ifindex, 0 for none. */
  index: number;
  /** "inet"/"inet6" from the address when undefined; "bridge" for an FDB entry (AF_BRIDGE). */
  family?: "inet" | "inet6" | "bridge";
  /** NTF_SELF / NTF_MASTER of ndm_flags. */
  flags: Array<"self" | "master">;
}

/** Netlink operations inside one namespace. Kernel refusals throw NetlinkError. */
export interface SandboxNetlink {
  readonly conn: NetlinkConnection;
  /** RTM_GETLINK by name (ENODEV when missing). */
  linkByName(name: string): NlLink;
  /** Every link of the namespace. */
  linkList(): NlLink[];
  /** `ip link add NAME type bridge`. */
  addBridge(name: string): void;
  /** `ip link del`. */
  deleteLink(index: number): void;
  /** `ip link set up|down`. */
  setLinkUp(index: number, up: boolean): void;
  /** `ip link set name`. */
  renameLink(index: number, name: string): void;
  /** `ip link set address`. */
  setLinkMac(index: number, mac: string): void;
  /** `ip link set master` (by the master's name). */
  setLinkMaster(index: number, master: string): void;
  /** `ip link set netns` by namespace fd (IFLA_NET_NS_FD). */
  moveLinkToNetns(index: number, fd: number): void;
  /** `ip addr add CIDR dev` (with IFA_F_NODAD when `nodad`). */
  addAddress(index: number, cidr: string, nodad?: boolean): void;
  /** `ip addr del CIDR dev`. */
  deleteAddress(index: number, cidr: string): void;
  /** Addresses of a link, "addr/len". */
  addresses(index: number, family: 4 | 6): string[];
  /** `ip route get IP` (RTM_GETROUTE lookup). */
  routeGet(ip: string): NlRoute[];
  /** `ip route add`. */
  addRoute(spec: NlRouteSpec): void;
  /** `ip route del`. */
  deleteRoute(spec: NlRouteSpec): void;
  /** Routes of the main table of a family. */
  routes(family: 4 | 6): NlRoute[];
  /** `ip neigh replace ... nud permanent` / `bridge fdb replace`. */
  setNeighbour(spec: NlNeighbourSpec): void;
  /** `ip neigh del` / `bridge fdb del`. */
  deleteNeighbour(spec: NlNeighbourSpec): void;
  /** Close the connection (idempotent). */
  close(): void;
}
