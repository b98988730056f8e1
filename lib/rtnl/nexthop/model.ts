/**
 * The nexthop model (docs/MODEL.md): nexthop objects and groups as list/get
 * return them, events carry them and add/replace/delete take them back,
 * built from decoded RTM_NEWNEXTHOP messages (codecs/nexthop) the way `ip -j
 * nexthop show` reads them: group weights 1-based, resilient timers in
 * seconds (clock_t / USER_HZ).
 */
import { USER_HZ } from "../../../codecs/core/constants.ts";
import type { NexthopMessage } from "../../../codecs/nexthop/message.ts";
import { encapView, type RouteEncap } from "../route/encap.ts";
import { familyOf, type Family } from "../shared/family.ts";

/** A nexthop object as `ip -j nexthop show` describes it. */
export interface Nexthop {
  id: number;
  family: Family | number;
  /** "link" for a gateway on a link, "host" for a device-only one, "global" for groups and blackholes. */
  scope: string | number;
  protocol: string | number;
  /** RTNH_F_* names: onlink, dead, linkdown, offload, trap... */
  flags: string[];
  gateway?: string;
  /** The link (NHA_OIF). */
  ifindex?: number;
  blackhole?: true;
  fdb?: true;
  group?: Array<{ id: number; weight: number }>;
  groupType?: string | number;
  /** Resilient group parameters; timers in seconds. */
  resilient?: { buckets?: number; idleTimer?: number; unbalancedTimer?: number; unbalancedTime?: number };
  encap?: RouteEncap;
}

/** A Nexthop from a decoded message. */
export function toNexthop(m: NexthopMessage): Nexthop {
  const a = m.attrs;
  const n = {
    id: a.id ?? 0,
    family: familyOf(m.family),
    scope: m.scope, protocol: m.protocol, flags: m.flags,
  } as Nexthop;
  if (a.gateway !== undefined) n.gateway = a.gateway;
  if (a.oif !== undefined) n.ifindex = a.oif;
  if (a.blackhole) n.blackhole = true;
  if (a.fdb) n.fdb = true;
  if (a.group !== undefined) n.group = a.group.map((g) => ({ id: g.id, weight: ((g.weightHigh << 8) | g.weight) + 1 }));
  if (a.groupType !== undefined) n.groupType = a.groupType;
  if (a.resGroup !== undefined) {
    const r = a.resGroup;
    const out: NonNullable<Nexthop["resilient"]> = {};
    if (r.buckets !== undefined) out.buckets = r.buckets;
    if (r.idleTimer !== undefined) out.idleTimer = r.idleTimer / USER_HZ;
    if (r.unbalancedTimer !== undefined) out.unbalancedTimer = r.unbalancedTimer / USER_HZ;
    if (r.unbalancedTime !== undefined) out.unbalancedTime = Number(r.unbalancedTime) / USER_HZ;
    n.resilient = out;
  }
  if (a.encap !== undefined) n.encap = encapView(a.encapType, a.encap);
  return n;
}
