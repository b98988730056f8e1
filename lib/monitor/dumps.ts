/**
 * The full dumps a watch lists before (and re-lists after) subscribing:
 * RTM_GETLINK, RTM_GETADDR, RTM_GETROUTE (AF_INET and AF_INET6 separately,
 * so RTNL_FAMILY_IPMR multicast routes, which arrive on other groups, stay
 * out) and RTM_GETNEIGH (tc qdiscs, classes and filters through nl.tc), each with an all-zero header as strict dump
 * checking requires (rtnl_valid_dump_ifinfo_req and friends). A dump the
 * kernel keeps flagging NLM_F_DUMP_INTR ends in DumpInterruptedError from
 * the connection (bounded retry), never in a result presented as consistent.
 */
import { qdiscMessage } from "../../codecs/tc/message.ts";
import { RTM_TC } from "../../codecs/tc/tables.ts";
import { addrMessage } from "../../codecs/addr/index.ts";
import { linkMessage } from "../../codecs/link/message.ts";
import { neighMessage } from "../../codecs/neigh/index.ts";
import { routeCodec } from "../../codecs/route/message.ts";
import type { RouteMessage } from "../../codecs/route/decode.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import type { NetlinkConnection } from "../conn/connection.ts";
import { toAddress, type Address } from "../rtnl/address/model.ts";
import { toLink, type Link } from "../rtnl/link/model.ts";
import { toNeighbour, type Neighbour } from "../rtnl/neighbour/model.ts";
import { toRoute, type Route } from "../rtnl/route/model.ts";
import { TcApi } from "../rtnl/tc/api.ts";
import { toQdisc, type TcClass, type TcFilter } from "../rtnl/tc/model.ts";
import type { WatchFamily, WatchObjects } from "./table.ts";

const AF_INET = 2;
const AF_INET6 = 10;

/** Every link (AF_UNSPEC dump), as the link model. */
export function dumpLinks(conn: NetlinkConnection): Link[] {
  return conn.dump(RTM.GETLINK, linkMessage, { family: 0, type: 0, index: 0, flags: [], change: 0, attrs: {} }).map(toLink);
}

/** Every IPv4 and IPv6 address, as the address model (other families, such as MCTP, are left out). */
export function dumpAddresses(conn: NetlinkConnection): Address[] {
  const out: Address[] = [];
  for (const m of conn.dump(RTM.GETADDR, addrMessage, { family: 0, prefixlen: 0, flags: 0, scope: 0, index: 0, attrs: {} })) {
    const a = toAddress(m);
    if (a !== undefined) out.push(a);
  }
  return out;
}

/** Every IPv4 and IPv6 route of every table, as the route model. */
export function dumpRoutes(conn: NetlinkConnection): Route[] {
  const out: Route[] = [];
  for (const family of [AF_INET, AF_INET6]) {
    for (const r of conn.dump(RTM.GETROUTE, routeCodec, { family, attrs: {} } as RouteMessage)) out.push(toRoute(r));
  }
  return out;
}

/** Every ARP and NDP neighbour entry (the AF_UNSPEC neighbour dump; proxies and FDB are not included), as the neighbour model. */
export function dumpNeighbours(conn: NetlinkConnection): Neighbour[] {
  return conn.dump(RTM.GETNEIGH, neighMessage, { family: 0, ifindex: 0, state: [], flags: [], type: 0, attrs: {} }).map(toNeighbour);
}

/** The links holding qdiscs (the kernel dumps classes and filters per link). */
function tcLinks(conn: NetlinkConnection): number[] {
  return [...new Set(new TcApi(conn).qdiscs.list().map((q) => q.ifindex))];
}

/** Every class of every link holding qdiscs, as nl.tc.classes.list() returns them. */
export function dumpClasses(conn: NetlinkConnection): TcClass[] {
  const api = new TcApi(conn);
  return tcLinks(conn).flatMap((ifindex) => api.classes.list({ ifindex }));
}

/** Every filter (chain/prio headers included) of every qdisc and class, as nl.tc.filters.list() returns them. */
export function dumpFilters(conn: NetlinkConnection): TcFilter[] {
  const api = new TcApi(conn);
  return tcLinks(conn).flatMap((ifindex) => api.filters.list({ ifindex }));
}

/** Dump one family. */
export function dumpFamily<F extends WatchFamily>(conn: NetlinkConnection, family: F): WatchObjects[F][] {
  switch (family) {
    case "link":
      return dumpLinks(conn) as WatchObjects[F][];
    case "address":
      return dumpAddresses(conn) as WatchObjects[F][];
    case "route":
      return dumpRoutes(conn) as WatchObjects[F][];
    case "qdisc":
      return conn.dump(RTM_TC.GETQDISC, qdiscMessage, { family: 0, ifindex: 0, handle: 0, parent: 0, info: 0, attrs: {} }).map(toQdisc) as WatchObjects[F][];
    case "class":
      return dumpClasses(conn) as WatchObjects[F][];
    case "filter":
      return dumpFilters(conn) as WatchObjects[F][];
    default:
      return dumpNeighbours(conn) as WatchObjects[F][];
  }
}
