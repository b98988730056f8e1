/**
 * Changes the kernel makes without a notification of their own, and which
 * link notification gives them away. A watch re-reads the affected families
 * (settle-delayed, coalesced) when it sees such a link change:
 *
 * - a new link: the first-notified end of a new veth pair is announced
 *   before its peer exists, with IFLA_LINK 0, and is not announced again when
 *   the peer appears -> links re-read ("link-added");
 * - carrier gained or lost (IFF_LOWER_UP): the kernel sets or clears
 *   RTNH_F_LINKDOWN on the routes through the link (fib_sync_down_dev /
 *   fib_sync_up, rt6_sync_down_dev / rt6_sync_up) and changes the link's
 *   inet6 flags, all silently -> routes and links re-read ("link-carrier");
 * - MTU changed: IPv6 routes through the link have their MTU metric lowered
 *   or raised (rt6_mtu_change) and the link's inet6 mtu6 follows, silently
 *   -> routes and links re-read ("link-mtu");
 * - administratively down: IPv4 routes through it are flushed silently
 *   (fib_sync_down_dev) -> routes and neighbours re-read ("link-down").
 *
 * and which address notification does:
 *
 * - DAD of an IPv6 link-local address ended (its notification without
 *   "tentative"): addrconf_dad_completed() then sends a router solicitation
 *   and sets the link's inet6 IF_RS_SENT flag silently -> links re-read
 *   ("address-dad").
 */
import type { Address } from "../rtnl/address/model.ts";
import type { Link } from "../rtnl/link/model.ts";
import type { WatchFamily } from "./table.ts";

/** Why a watch re-reads after a link or an address notification. */
export type LinkFollowUpReason = "link-added" | "link-carrier" | "link-mtu" | "link-down" | "address-dad";

/** One re-read: which families and why. */
export interface FollowUp {
  families: WatchFamily[];
  reason: LinkFollowUpReason;
}

/** The re-reads an address notification `now` calls for, given the stored `old` address (undefined for a new one). */
export function addressFollowUps(old: Address | undefined, now: Address): FollowUp[] {
  if (now.family !== "inet6" || !/^fe[89ab]/i.test(now.local) || now.flags.includes("tentative")) return [];
  if (old !== undefined && !old.flags.includes("tentative")) return []; // DAD ended before; nothing new
  return [{ families: ["link"], reason: "address-dad" }];
}

/** The re-reads a link notification `now` calls for, given the stored `old` link (undefined for a new link). */
export function linkFollowUps(old: Link | undefined, now: Link): FollowUp[] {
  if (old === undefined) return [{ families: ["link"], reason: "link-added" }];
  const out: FollowUp[] = [];
  if (old.flags.includes("UP") && !now.flags.includes("UP")) out.push({ families: ["route", "neighbour"], reason: "link-down" });
  if (old.flags.includes("LOWER_UP") !== now.flags.includes("LOWER_UP")) out.push({ families: ["route", "link"], reason: "link-carrier" });
  if (old.mtu !== now.mtu) out.push({ families: ["route", "link"], reason: "link-mtu" });
  return out;
}
