/**
 * Which route deletes -batch may not send speculatively because their
 * undo could fail (cli/batch.ts): the undo of a delete re-adds the route
 * the kernel echoed, and the kernel resolves the gateway of a route it
 * is given (IPv4 fib_check_nh: a route of scope link or host must lead
 * to it; IPv6 ip6_route_check_nh: a route without a gateway). A route
 * that exists keeps its gateway when the route it resolved through goes
 * away, so once the batch may have changed how gateways resolve (deleted
 * a route gateways resolve through, added an IPv6 route or an IPv4 one
 * without a gateway, removed or changed an address, changed a link, a
 * rule or a nexthop object), a delete that may remove a route through a
 * gateway is a barrier for the rest of the batch: sent once every
 * earlier line is confirmed, it is never undone.
 *
 * What a delete naming no gateway removes comes from the table reads of
 * batch-groups.ts (`removes`). A delete of a table not read (the first
 * line of a window) is sent with NLM_F_ECHO, and until its echo says
 * what it removed, a later delete through a gateway waits for it.
 *
 * What this cannot see: a route whose gateway no longer resolved before
 * the batch began (the user deleted the route it resolved through); its
 * speculative delete cannot be undone, and the batch says so ("could not
 * undo line N").
 */
import type { BatchRequest } from "../lib/conn/connection.ts";
import { NLM_F_CREATE, NLM_F_EXCL } from "../codecs/core/constants.ts";
import { AF_INET6 } from "../codecs/ip/family.ts";
import { RTM } from "../codecs/rtnetlink.ts";
import type { RouteGroups } from "./batch-groups.ts";
import { MOVES, NEEDS } from "./batch-route-key.ts";

/** Request types that never change how a gateway resolves (address and nexthop creates only with NLM_F_EXCL). */
const KEEPS = new Set<number>([RTM.NEWNEIGH, RTM.DELNEIGH, RTM.SETNEIGHTBL]);
const KEEPS_IF_NEW = new Set<number>([RTM.NEWADDR, RTM.NEWNEXTHOP]);

/** Route attributes of a request in object form (the generic path's); a fast-path row is a number. */
type Attrs = { gateway?: unknown; via?: unknown; multipath?: unknown; nhId?: unknown };

/** The attributes of route request `req`, or undefined for a fast-path row. */
function attrsOf(req: BatchRequest): Attrs | undefined {
  if (typeof req.msg !== "object" || req.msg === null) return undefined;
  return (req.msg as { attrs?: Attrs }).attrs ?? {};
}

/** True when route request attributes `a` name a next hop through a gateway (gateway, via, paths). */
function throughGateway(a: Attrs): boolean {
  return a.gateway !== undefined || a.via !== undefined || a.multipath !== undefined;
}

/**
 * What the fast path knows of one route request (a row): `family`,
 * `table` and `len` (dst_len) when `family` is non-zero (then its key
 * need not be read from its bytes); `af`, its family in any case.
 */
export interface RouteRow {
  af: number;
  family: number;
  table: number;
  len: number;
  /** For a fast-path row: whether its next hops all have a gateway. */
  gateway: boolean;
  /** With `family` non-zero: its destination's bytes. */
  dst: Uint8Array | undefined;
}

/** The batch's knowledge of whether gateways may resolve differently than when its routes were made. */
export class GatewayWatch {
  /** Set once a request that may change how gateways resolve was queued or sent; it holds for the rest of the batch. */
  private moved = false;
  /** Set while a sent-with-echo delete of an unknown route waits for its echo. */
  private probing = false;

  constructor(private readonly groups: RouteGroups) {}

  /** True when a delete through a gateway must not follow others in a window. */
  hazard(): boolean {
    return this.moved || this.probing;
  }

  /** Something was sent outside the queue that may change anything. */
  changed(): void {
    this.moved = true;
  }

  /** True when undoing route delete `req` (re-adding what it removed) may need a gateway to resolve. */
  needsGateway(req: BatchRequest, row: RouteRow): boolean {
    const a = attrsOf(req);
    if (a === undefined ? row.gateway : throughGateway(a)) return true;
    if (a !== undefined && a.nhId !== undefined) return false; // re-added by its nexthop object's id
    const bits = this.groups.removes(req, row.family, row.table, row.len, row.dst);
    return bits < 0 || (bits & NEEDS) !== 0;
  }

  /**
   * Watch request `req` as it is queued: true when it must be sent with
   * NLM_F_ECHO so that its echo tells what it removed (then `settle`
   * reads it). `probe`: whether such an echo can be asked for (otherwise
   * an unknown delete counts as one that moved gateways).
   */
  watch(req: BatchRequest, row: RouteRow, probe: boolean): boolean {
    if (req.type === RTM.NEWROUTE) {
      const a = attrsOf(req);
      const family = a === undefined ? row.af : (req.msg as { family?: number }).family;
      // IPv6 resolution refuses a gateway route or a reject route found first: any new IPv6 route may change it
      if (family === AF_INET6 || !(a === undefined ? row.gateway : throughGateway(a))) this.moved = true;
    } else if (req.type === RTM.DELROUTE) {
      const a = attrsOf(req);
      if (a === undefined ? row.gateway : throughGateway(a)) return false; // it removes a route through a gateway
      const bits = this.groups.removes(req, row.family, row.table, row.len, row.dst);
      if (bits >= 0) {
        if ((bits & MOVES) !== 0) this.moved = true;
      } else if (probe) {
        this.probing = true;
        return true;
      } else this.moved = true;
    } else if (!KEEPS.has(req.type) && !(KEEPS_IF_NEW.has(req.type) && (req.flags & (NLM_F_CREATE | NLM_F_EXCL)) === (NLM_F_CREATE | NLM_F_EXCL))) {
      this.moved = true;
    }
    return false;
  }

  /** After a window was sent: the echoes (by request index) of the deletes `watch` asked them for. */
  settle(probes: readonly number[], echoes: Map<number, Uint8Array> | undefined): void {
    for (const i of probes) {
      const echo = echoes?.get(i);
      if (echo !== undefined && this.groups.echoMoves(echo)) this.moved = true;
    }
    this.probing = false;
  }
}
