/**
 * Turning received multicast datagrams into typed events: each rtnetlink
 * notification (RTM_NEWxxx and RTM_DELxxx of links, addresses, routes, neighbours,
 * rules, nsids, nexthops, qdiscs, classes, filters, filter chains, actions; linux/rtnetlink.h) becomes
 * `{ kind: "new" | "del", family, object }` with the object decoded by the
 * family's codec. Pure TypeScript over the codecs; no syscall.
 */
import { HOST_LE } from "../../codecs/core/align.ts";
import { DecodeError } from "../../codecs/core/errors.ts";
import { checkMessage } from "../../codecs/core/header.ts";
import type { MessageCodec } from "../../codecs/core/message.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import { addrMessage, type AddrMessage } from "../../codecs/addr/index.ts";
import { linkMessage, type LinkMessage } from "../../codecs/link/message.ts";
import { neighMessage, type NeighMessage } from "../../codecs/neigh/index.ts";
import { nexthopCodec, type NexthopMessage } from "../../codecs/nexthop/message.ts";
import { nsidMessage, type NsidMessage } from "../../codecs/nsid/index.ts";
import { routeCodec } from "../../codecs/route/message.ts";
import type { RouteMessage } from "../../codecs/route/decode.ts";
import { ruleMessage, type RuleMessage } from "../../codecs/rule/index.ts";
import { actionMessage, chainMessage, classMessage, filterMessage, qdiscMessage, type TcActionMessage, type TcMessage } from "../../codecs/tc/message.ts";
import { RTM_TC } from "../../codecs/tc/tables.ts";
import type { MonitorFamily } from "./groups.ts";
import { toAddress, type Address } from "../rtnl/address/model.ts";
import { toLink, type Link } from "../rtnl/link/model.ts";
import { toNeighbour, type Neighbour } from "../rtnl/neighbour/model.ts";
import { toNexthop, type Nexthop } from "../rtnl/nexthop/model.ts";
import { toNsid, type NsidEntry } from "../rtnl/nsid/model.ts";
import { toRoute, type Route } from "../rtnl/route/model.ts";
import { toRule, type Rule } from "../rtnl/rule/model.ts";
import { toClass, toFilter, toQdisc, type TcClass, type TcFilter, type TcQdisc } from "../rtnl/tc/model.ts";
import { toChain, type TcChain } from "../rtnl/tc/chains.ts";

/**
 * The object each family's events carry: the object model of lib/rtnl
 * (docs/MODEL.md), deep-equal to what list()/get() return for the same
 * kernel object (tc: what nl.tc.qdiscs/classes/filters list; actions carry
 * their decoded message).
 */
export interface FamilyObjects {
  link: Link;
  address: Address;
  route: Route;
  neighbour: Neighbour;
  rule: Rule;
  nsid: NsidEntry;
  nexthop: Nexthop;
  qdisc: TcQdisc;
  class: TcClass;
  filter: TcFilter;
  chain: TcChain;
  action: TcActionMessage;
}

/** The decoded message of each family (what renderers such as `ip monitor` print from). */
export interface FamilyMessages {
  link: LinkMessage;
  address: AddrMessage;
  route: RouteMessage;
  neighbour: NeighMessage;
  rule: RuleMessage;
  nsid: NsidMessage;
  nexthop: NexthopMessage;
  qdisc: TcMessage;
  class: TcMessage;
  filter: TcMessage;
  chain: TcMessage;
  action: TcActionMessage;
}

/**
 * A kernel notification: an object was created/changed ("new") or removed
 * ("del"). `type` is the RTM_* message type and `flags` the nlmsg flags
 * (NLM_F_CREATE/REPLACE/APPEND... tell how a route or neighbour changed).
 * `synthetic` is true for events a {@link watch} derived from a re-dump
 * rather than received from the kernel.
 */
export type ObjectEvent = {
  [F in MonitorFamily]: { kind: "new" | "del"; family: F; object: FamilyObjects[F]; message: FamilyMessages[F]; type: number; flags: number; synthetic?: boolean };
}[MonitorFamily];

/**
 * The kernel dropped notifications (ENOBUFS: the socket's receive buffer
 * overflowed; source "kernel") or the subscription's own queue hit
 * `maxQueue` because the consumer was too slow (source "queue"). Events
 * before this point may be incomplete; every event after it is delivered
 * until the next overrun, so a dump taken after seeing this event, followed
 * by the events after it, gives the current state (what {@link watch} does).
 */
export interface OverrunEvent {
  kind: "overrun";
  source: "kernel" | "queue";
  /** Notifications that were still queued when the overrun was seen and were discarded. */
  discarded: number;
}

/** A notification that did not decode (never silently skipped); the subscription continues. */
export interface UndecodableEvent {
  kind: "undecodable";
  /** RTM_* message type. */
  type: number;
  error: DecodeError;
  /** A copy of the whole netlink message (header included). */
  bytes: Uint8Array;
}

/** Everything a subscription yields. */
export type MonitorEvent = ObjectEvent | OverrunEvent | UndecodableEvent;

interface TypeInfo {
  kind: "new" | "del";
  family: MonitorFamily;
  codec: MessageCodec<unknown>;
  /** The message -> model conversion; undefined: the message itself is the object. */
  model?: (m: never) => unknown;
}

const TYPES = new Map<number, TypeInfo>();
function register(family: MonitorFamily, codec: MessageCodec<unknown>, newType: number, delType: number, model?: (m: never) => unknown): void {
  TYPES.set(newType, model === undefined ? { kind: "new", family, codec } : { kind: "new", family, codec, model });
  TYPES.set(delType, model === undefined ? { kind: "del", family, codec } : { kind: "del", family, codec, model });
}
register("link", linkMessage as MessageCodec<unknown>, RTM.NEWLINK, RTM.DELLINK, toLink);
register("address", addrMessage as MessageCodec<unknown>, RTM.NEWADDR, RTM.DELADDR, toAddress);
register("route", routeCodec as MessageCodec<unknown>, RTM.NEWROUTE, RTM.DELROUTE, toRoute);
register("neighbour", neighMessage as MessageCodec<unknown>, RTM.NEWNEIGH, RTM.DELNEIGH, toNeighbour);
register("rule", ruleMessage as MessageCodec<unknown>, RTM.NEWRULE, RTM.DELRULE, toRule);
register("nsid", nsidMessage as MessageCodec<unknown>, RTM.NEWNSID, RTM.DELNSID, toNsid);
register("nexthop", nexthopCodec as MessageCodec<unknown>, RTM.NEWNEXTHOP, RTM.DELNEXTHOP, toNexthop);
register("qdisc", qdiscMessage as MessageCodec<unknown>, RTM_TC.NEWQDISC, RTM_TC.DELQDISC, toQdisc);
register("class", classMessage as MessageCodec<unknown>, RTM_TC.NEWTCLASS, RTM_TC.DELTCLASS, toClass);
register("filter", filterMessage as MessageCodec<unknown>, RTM_TC.NEWTFILTER, RTM_TC.DELTFILTER, toFilter);
register("chain", chainMessage as MessageCodec<unknown>, RTM_TC.NEWCHAIN, RTM_TC.DELCHAIN, toChain);
register("action", actionMessage as MessageCodec<unknown>, RTM_TC.NEWACTION, RTM_TC.DELACTION);

/** The family of an RTM_* notification type, or undefined for types a subscription does not deliver. */
export function familyOfType(type: number): MonitorFamily | undefined {
  return TYPES.get(type)?.family;
}

/**
 * Decode every notification in one datagram and pass the events to `emit`,
 * in order. Messages of other types (NLMSG_NOOP, netconf, ...) are skipped;
 * a notification that does not decode becomes an "undecodable" event; a
 * datagram whose netlink framing is broken yields one "undecodable" event
 * for the rest of it.
 */
export function decodeDatagram(buf: Uint8Array, emit: (ev: MonitorEvent) => void): void {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let off = 0;
  while (off + 16 <= buf.length) {
    let len: number;
    try {
      len = checkMessage(dv, off, buf.length);
    } catch (e) {
      emit({ kind: "undecodable", type: dv.getUint16(off + 4, HOST_LE), error: e as DecodeError, bytes: buf.slice(off) });
      return;
    }
    const type = dv.getUint16(off + 4, HOST_LE);
    const info = TYPES.get(type);
    if (info !== undefined) {
      const flags = dv.getUint16(off + 6, HOST_LE);
      try {
        const message = info.codec.decode(buf, dv, off + 16, off + len);
        // An address of a family the model does not cover (MCTP...) or an nsid message without an id has no model: the message stands in.
        const object = info.model === undefined ? message : (info.model(message as never) ?? message);
        emit({ kind: info.kind, family: info.family, object, message, type, flags } as ObjectEvent);
      } catch (e) {
        if (!(e instanceof DecodeError)) throw e;
        emit({ kind: "undecodable", type, error: e, bytes: buf.slice(off, off + len) });
      }
    }
    off += (len + 3) & ~3;
  }
}
