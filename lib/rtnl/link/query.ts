/**
 * The message-level link reads (`ip link show`'s RTM_GETLINK dump and its
 * `dev X` get), on their own: LinkApi.dumpMessages / getMessage call these,
 * and the command line's `link show` imports this module instead of the
 * LinkApi, so that a one-shot listing does not load the add/set code
 * (spec.ts, kinds.ts, input.ts, ~40 KB) on its start.
 */
import { linkMessage, type LinkAttrs, type LinkMessage } from "../../../codecs/link/message.ts";
import { RTM } from "../../../codecs/rtnetlink.ts";
import type { NetlinkConnection } from "../../conn/connection.ts";
import { checkLinkRef, checkObject } from "./validate.ts";
import { isAltName } from "../shared/ifindex.ts";

/** What a message-level link dump asks for (LinkApi.dumpMessages); absent: not asked for. */
export interface LinkDumpQuery {
  /** ifi_family: 0, AF_BRIDGE (7) or AF_INET6 (10, which refuses attributes under strict checking). */
  family?: number;
  /** IFLA_EXT_MASK: RTEXT_FILTER_* bits (VF 1, SKIP_STATS 8, ...). */
  extMask?: number;
  /** IFLA_MASTER: only links enslaved to this ifindex. */
  master?: number;
  /** IFLA_LINKINFO/IFLA_INFO_KIND: only links of this kind. */
  kind?: string;
}

/**
 * The decoded messages of `ip link show`'s dump, its request byte for byte
 * (ifi_family, then IFLA_EXT_MASK, IFLA_MASTER and IFLA_LINKINFO/IFLA_INFO_KIND
 * when given, which the kernel filters on under strict checking); nothing is
 * filtered here. The implementation of LinkApi.dumpMessages.
 */
export function dumpLinkMessages(conn: NetlinkConnection, query: LinkDumpQuery = {}): LinkMessage[] {
  return conn.dump(RTM.GETLINK, linkMessage, linkQueryMessage(query, 0));
}

/**
 * One link by index or name as `ip link show dev X` asks for it (ifi_index
 * or IFLA_IFNAME, ifi_family and IFLA_EXT_MASK as given); the kernel's
 * refusal (ENODEV...) is thrown as a NetlinkError. The implementation of
 * LinkApi.getMessage.
 */
export function getLinkMessage(conn: NetlinkConnection, ref: number | string, query: Pick<LinkDumpQuery, "family" | "extMask"> = {}): LinkMessage {
  checkLinkRef(ref, "link");
  const msg = linkQueryMessage(query, typeof ref === "number" ? ref : 0);
  if (typeof ref === "string") {
    if (isAltName(ref)) msg.attrs.altIfname = ref; // as ip's iplink_get: a name only an altname can be
    else msg.attrs.ifname = ref;
  }
  return conn.get(RTM.GETLINK, linkMessage, msg);
}

function linkQueryMessage(q: LinkDumpQuery, index: number): LinkMessage {
  checkObject<LinkDumpQuery>(q, ["family", "extMask", "master", "kind"], "query");
  const u = (v: number | undefined, field: string, max: number): void => {
    if (v !== undefined && (!Number.isInteger(v) || v < 0 || v > max)) throw new RangeError(`query.${field}: expected an integer 0..${max}, got ${String(v)}`);
  };
  u(q.family, "family", 255);
  u(q.extMask, "extMask", 0xffffffff);
  u(q.master, "master", 0x7fffffff);
  if (q.kind !== undefined && typeof q.kind !== "string") throw new TypeError(`query.kind: expected a string, got ${typeof q.kind}`);
  const attrs: LinkAttrs = {};
  // a flags field also takes the raw bit mask (unnamed bits included)
  if (q.extMask !== undefined) (attrs as Record<string, unknown>).extMask = q.extMask;
  if (q.master !== undefined) attrs.master = q.master;
  if (q.kind !== undefined) attrs.linkinfo = { kind: q.kind };
  return { family: q.family ?? 0, type: 0, index, flags: [], change: 0, attrs };
}
