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
import { NetlinkConnection, type ConnectionOptions } from "../conn/connection.ts";
import { NetnsHandle } from "../netns/handle.ts";
import { DEFAULT_NETNS_BASE, resolveNetnsPath } from "../netns/names.ts";
import { openSocketInNetns } from "../netns/run.ts";
import { NetlinkSocket } from "../sys/netlink-socket.ts";
import { KernelTransport } from "../transport/kernel.ts";
import type { Transport } from "../transport/transport.ts";
import { AddressApi } from "./address/api.ts";
import { LinkApi } from "./link/api.ts";
import { NeighbourApi } from "./neighbour/api.ts";
import { NetconfApi } from "./netconf/api.ts";
import { NexthopApi } from "./nexthop/api.ts";
import { NsidApi } from "./nsid/api.ts";
import { RouteApi } from "./route/api.ts";
import { RuleApi } from "./rule/api.ts";
import { TcApi } from "./tc/api.ts";

/** Options of openRtnl. */
export interface RtnlOptions extends ConnectionOptions {
  /** Namespace to talk to: a handle, a name under `basePath` or a path. Default: the calling thread's. */
  netns?: NetnsHandle | string;
  /** Base directory for namespace names (default /run/netns). */
  basePath?: string;
  /** Receive buffer in bytes (SO_RCVBUFFORCE as root); larger buffers allow larger batch windows. */
  rcvbuf?: number;
  /** Use this transport instead of a kernel socket (replay, recording, tests). */
  transport?: Transport;
}

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
  const { netns, basePath, rcvbuf, transport, ...connOpts } = opts;
  if (netns !== undefined && !(netns instanceof NetnsHandle)) {
    if (typeof netns !== "string") throw new TypeError(`netns: expected a namespace name, path or NetnsHandle, got ${typeof netns}`);
    resolveNetnsPath(netns, basePath ?? DEFAULT_NETNS_BASE, "netns");
  }
  let t = transport;
  if (t === undefined) {
    const sockOpts = rcvbuf === undefined ? {} : { rcvbuf };
    const sock = netns === undefined
      ? NetlinkSocket.open(0, sockOpts)
      : openSocketInNetns(netns, 0, sockOpts, basePath === undefined ? {} : { basePath });
    t = new KernelTransport(sock);
  }
  try {
    return new Rtnl(new NetlinkConnection(t, connOpts));
  } catch (e) {
    t.close();
    throw e;
  }
}
