/**
 * The rtnetlink facade: one connection, opened in the calling thread's
 * namespace or inside another one, with the typed APIs on top.
 *
 *   using nl = openRtnl({ netns: "blue" });
 *   nl.links.add({ name: "v0", kind: "veth", peer: { name: "v1" } });
 *   nl.addresses.add("v0", "192.0.2.1/24");
 *   console.log(nl.routes.list({ table: "main" }));
 *
 * The socket stays bound to the namespace it was opened in (netlink(7)):
 * no later namespace switch of the thread changes where requests go.
 */
import type { NetlinkConnection } from "../conn/connection.ts";
import { openConnection, type OpenOptions } from "../conn/open.ts";
import { AddressApi } from "./address/api.ts";
import { LinkApi } from "./link/api.ts";
import { NeighbourApi } from "./neighbour/api.ts";
import { NetconfApi } from "./netconf/api.ts";
import { NexthopApi } from "./nexthop/api.ts";
import { NsidApi } from "./nsid/api.ts";
import { RouteApi } from "./route/api.ts";
import { RuleApi } from "./rule/api.ts";
import { StatsApi } from "./stats/api.ts";
import { TcApi } from "./tc/api.ts";

/** Options of openRtnl: where and how the connection is opened (lib/conn/open.ts). */
export interface RtnlOptions extends OpenOptions {}

/** The typed rtnetlink API over one connection. Close it (or `using`) when done. */
export class Rtnl implements Disposable {
  /** Links: list, get, add (veth, bridge, macvlan, vxlan, ...), set, delete. */
  readonly links: LinkApi;
  /** IPv4/IPv6 addresses. */
  readonly addresses: AddressApi;
  /** Routes: list/iterate, get (lookup), add/replace/append/change/delete, flush, addMany. */
  readonly routes: RouteApi;
  /** Nexthop objects and groups. */
  readonly nexthops: NexthopApi;
  /** ARP/NDP neighbours, proxy entries and bridge FDB entries. */
  readonly neighbours: NeighbourApi;
  /** Policy routing rules. */
  readonly rules: RuleApi;
  /** Namespace ids. */
  readonly nsid: NsidApi;
  /** Traffic control: qdiscs, classes, filters (with actions). */
  readonly tc: TcApi;
  /** Per-device IP settings (RTM_GETNETCONF, `ip netconf`). */
  readonly netconf: NetconfApi;
  /** Per-device statistics groups (RTM_GETSTATS, `ip stats`). */
  readonly stats: StatsApi;

  constructor(readonly conn: NetlinkConnection) {
    this.links = new LinkApi(conn);
    this.addresses = new AddressApi(conn);
    this.routes = new RouteApi(conn);
    this.nexthops = new NexthopApi(conn);
    this.neighbours = new NeighbourApi(conn);
    this.rules = new RuleApi(conn);
    this.nsid = new NsidApi(conn);
    this.tc = new TcApi(conn);
    this.netconf = new NetconfApi(conn);
    this.stats = new StatsApi(conn);
  }

  /** Close the socket; idempotent. */
  close(): void {
    this.conn.close();
  }
  [Symbol.dispose](): void {
    this.close();
  }
}

/**
 * Open an rtnetlink connection with the typed APIs. With `netns`, the
 * socket is created inside that namespace (switch, socket(), switch back,
 * all synchronous) and keeps talking to it.
 */
export function openRtnl(opts: RtnlOptions = {}): Rtnl {
  const conn = openConnection(opts);
  try {
    return new Rtnl(conn);
  } catch (e) {
    conn.close();
    throw e;
  }
}
