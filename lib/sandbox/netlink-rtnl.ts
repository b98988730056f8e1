/**
 * SandboxNetlink over the typed rtnetlink API (lib/rtnl): LinkApi,
 * AddressApi, RouteApi and NeighbourApi on one connection bound to a
 * namespace. Links are always addressed by ifindex, so no request carries a
 * name lookup the manager did not ask for.
 *
 * Routes use a RouteApi with `hostBits: "kernel"`: osl hands a prefix with
 * host bits set to the kernel as given (which refuses it for IPv4 and
 * clears them for IPv6).
 */
import type { NetlinkConnection } from "../conn/connection.ts";
import type { Link } from "../rtnl/link/api.ts";
import type { NeighbourKey, NeighbourSpec } from "../rtnl/neighbour/api.ts";
import { RouteApi, type Route, type RouteSpec } from "../rtnl/route/api.ts";
import { Rtnl } from "../rtnl/rtnl.ts";
import type { InterfaceStatistics, NlLink, NlNeighbourSpec, NlRoute, NlRouteSpec, SandboxNetlink } from "./netlink.ts";

const SCOPE = { link: 253, universe: 0 } as const;

function toNlLink(l: Link): NlLink {
  const a = l.attrs;
  const out: NlLink = { index: l.ifindex, name: a.ifname ?? "", up: l.flags.includes("UP") };
  if (a.linkinfo?.kind !== undefined) out.kind = a.linkinfo.kind;
  if (a.master !== undefined) out.master = a.master;
  if (a.address !== undefined) out.mac = a.address;
  const s = a.stats64;
  if (s !== undefined) {
    const stats: InterfaceStatistics = {
      rxBytes: s.rxBytes, txBytes: s.txBytes, rxPackets: s.rxPackets, txPackets: s.txPackets,
      rxErrors: s.rxErrors, txErrors: s.txErrors, rxDropped: s.rxDropped, txDropped: s.txDropped,
    };
    out.stats = stats;
  }
  return out;
}

function toNlRoute(r: Route): NlRoute {
  const out: NlRoute = {};
  if (r.dst !== "default") out.dst = r.dst;
  if (r.gateway !== undefined) out.gateway = r.gateway;
  if (r.ifindex !== undefined) out.oif = r.ifindex;
  return out;
}

function routeSpec(s: NlRouteSpec): RouteSpec {
  const spec: RouteSpec = { dst: s.dst, dev: s.oif, scope: SCOPE[s.scope] };
  if (s.gateway !== undefined) spec.gateway = s.gateway;
  return spec;
}

/** The adapter: one connection and the typed APIs of lib/rtnl over it. */
export class RtnlNetlink implements SandboxNetlink {
  readonly nl: Rtnl;
  /** Routes with host bits handed to the kernel (osl's behaviour). */
  readonly routeApi: RouteApi;

  constructor(readonly conn: NetlinkConnection) {
    this.nl = new Rtnl(conn);
    this.routeApi = new RouteApi(conn, { hostBits: "kernel" });
  }

  linkByName(name: string): NlLink {
    return toNlLink(this.nl.links.get(name));
  }
  linkList(): NlLink[] {
    return this.nl.links.list().map(toNlLink);
  }
  addBridge(name: string): void {
    this.nl.links.add({ name, kind: "bridge" }, { echo: false });
  }
  deleteLink(index: number): void {
    this.nl.links.delete(index);
  }
  setLinkUp(index: number, up: boolean): void {
    this.nl.links.set(index, { up });
  }
  renameLink(index: number, name: string): void {
    this.nl.links.set(index, { name });
  }
  setLinkMac(index: number, mac: string): void {
    this.nl.links.set(index, { address: mac });
  }
  setLinkMaster(index: number, master: string): void {
    this.nl.links.set(index, { master });
  }
  moveLinkToNetns(index: number, fd: number): void {
    this.nl.links.set(index, { netns: { fd } });
  }
  addAddress(index: number, cidr: string, nodad = false): void {
    this.nl.addresses.add(index, cidr, nodad ? { flags: ["nodad"] } : {}, { echo: false });
  }
  deleteAddress(index: number, cidr: string): void {
    this.nl.addresses.delete(index, cidr);
  }
  addresses(index: number, family: 4 | 6): string[] {
    return this.nl.addresses.list({ link: index, family }).map((a) => `${a.local}/${a.prefixlen}`);
  }
  routeGet(ip: string): NlRoute[] {
    return [toNlRoute(this.nl.routes.get(ip))];
  }
  addRoute(spec: NlRouteSpec): void {
    this.routeApi.add(routeSpec(spec), { echo: false });
  }
  deleteRoute(spec: NlRouteSpec): void {
    this.routeApi.delete(routeSpec(spec));
  }
  routes(family: 4 | 6): NlRoute[] {
    return this.nl.routes.list({ family, table: "main" }).map(toNlRoute);
  }
  setNeighbour(s: NlNeighbourSpec): void {
    const spec: NeighbourSpec = { dst: s.ip, dev: s.index, state: ["permanent"], flags: [...s.flags] };
    if (s.mac !== undefined) spec.lladdr = s.mac;
    if (s.family !== undefined) spec.family = s.family === "inet" ? 4 : s.family === "inet6" ? 6 : "bridge";
    this.nl.neighbours.replace(spec);
  }
  deleteNeighbour(s: NlNeighbourSpec): void {
    const key: NeighbourKey = { dst: s.ip, dev: s.index };
    if (s.family !== undefined) key.family = s.family === "inet" ? 4 : s.family === "inet6" ? 6 : "bridge";
    if (s.mac !== undefined && s.family === "bridge") key.lladdr = s.mac;
    if (s.flags.includes("self")) key.self = true;
    if (s.flags.includes("master")) key.master = true;
    this.nl.neighbours.delete(key);
  }
  close(): void {
    this.conn.close();
  }
}

/** The default adapter factory of SandboxManager. */
export function rtnlNetlink(conn: NetlinkConnection): SandboxNetlink {
  return new RtnlNetlink(conn);
}
