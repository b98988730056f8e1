/**
 * How -batch undoes a speculative request (cli/batch.ts): an EXCL create
 * is undone by deleting what it made; a route delete, sent with
 * NLM_F_ECHO, by adding back the route the kernel reported it deleted.
 *
 * The kernel answers an RTM_DELROUTE carrying NLM_F_ECHO with the
 * RTM_DELROUTE notification of the route it removed (IPv4 rtmsg_fib,
 * IPv6 inet6_rt_notify / __ip6_del_rt_siblings: every attribute of the
 * route, next hops and metrics included), queued before the request's
 * ACK. Adding that message back as RTM_NEWROUTE restores the route
 * (IPv4: NLM_F_CREATE, which puts it first among the routes of its prefix,
 * tos and metric, where `route del` without a next hop finds it; IPv6:
 * NLM_F_CREATE | NLM_F_APPEND, so that a deleted ECMP sibling joins its
 * route again), after removing what the kernel reports
 * but refuses on input: the state flags it computes (dead, linkdown,
 * offload/trap, ...; only onlink is a request flag), the cache info, and
 * the next hops it expands from a nexthop object (RTA_NH_ID names them).
 * What a re-add cannot restore: the position of a deleted route among
 * IPv4 routes of the same prefix, tos and metric when it was not the first,
 * of an IPv6 ECMP sibling among the others (it goes last), and cached
 * exceptions (PMTU). The batch therefore sends deletes that may hit such
 * a group as barriers (batch-groups.ts), never speculatively.
 */
import type { BatchRequest } from "../lib/conn/connection.ts";
import { NLM_F_APPEND, NLM_F_CREATE, NLM_F_ECHO, NLM_F_EXCL } from "../codecs/core/constants.ts";
import { routeCodec, type RouteMessage } from "../codecs/route/index.ts";
import { RTM } from "../codecs/rtnetlink.ts";
import { AF_INET6 } from "../codecs/ip/family.ts";

/** RTM_NEW* types whose EXCL create is undone by the RTM_DEL* of the same message (type + 1). */
const UNDO_BY_SAME_MESSAGE = new Set<number>([RTM.NEWROUTE, RTM.NEWADDR, RTM.NEWNEIGH]);

/** The request that undoes `req` exactly once it succeeded, or undefined when there is none (a barrier). */
export function undoOf(req: BatchRequest): BatchRequest | undefined {
  if ((req.flags & (NLM_F_CREATE | NLM_F_EXCL)) !== (NLM_F_CREATE | NLM_F_EXCL)) return undefined;
  if (UNDO_BY_SAME_MESSAGE.has(req.type)) return { type: req.type + 1, flags: 0, codec: req.codec, msg: req.msg };
  if (req.type === RTM.NEWNEXTHOP) {
    const id = (req.msg as { attrs?: { id?: number } }).attrs?.id;
    if (!id) return undefined; // the kernel picks the id: nothing names the new object
    return { type: RTM.DELNEXTHOP, flags: 0, codec: req.codec, msg: { family: 0, scope: 0, protocol: 0, resvd: 0, flags: [], attrs: { id } } };
  }
  return undefined;
}

/** True for a request undone from its echo (a route delete); `echoed` gives it the flag that asks for the echo. */
export function undoneByEcho(req: BatchRequest): boolean {
  return req.type === RTM.DELROUTE;
}

/** `req` asking the kernel to echo what it removes. */
export function echoed(req: BatchRequest): BatchRequest {
  return { type: req.type, flags: req.flags | NLM_F_ECHO, codec: req.codec, msg: req.msg };
}

/** Flags of a route or hop that a request may carry (the rest the kernel computes). */
const onlyOnlink = (flags: readonly string[]): string[] => flags.filter((f) => f === "onlink");

/**
 * The request that adds back the route of `echo` (an RTM_DELROUTE message,
 * nlmsghdr included), or undefined when `echo` is not one.
 */
export function restoreRequest(echo: Uint8Array): BatchRequest | undefined {
  const dv = new DataView(echo.buffer, echo.byteOffset, echo.byteLength);
  if (echo.length < 28 || dv.getUint16(4, true) !== RTM.DELROUTE) return undefined;
  const m: RouteMessage = routeCodec.decode(echo, dv, 16, Math.min(echo.length, dv.getUint32(0, true)));
  const { cacheinfo: _cacheinfo, ...attrs } = m.attrs;
  if (attrs.nhId !== undefined) {
    // the kernel expands the nexthop object into the route's own next hop fields; only the id is input
    delete attrs.gateway;
    delete attrs.oif;
    delete attrs.multipath;
    delete attrs.via;
    delete attrs.encap;
    delete attrs.encapType;
    delete attrs.flow;
  }
  if (attrs.multipath !== undefined) attrs.multipath = attrs.multipath.map((h) => ({ ...h, flags: onlyOnlink(h.flags) }));
  const msg: RouteMessage = { ...m, flags: onlyOnlink(m.flags), attrs };
  return { type: RTM.NEWROUTE, flags: m.family === AF_INET6 ? NLM_F_CREATE | NLM_F_APPEND : NLM_F_CREATE, codec: routeCodec, msg };
}
