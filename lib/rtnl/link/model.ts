/**
 * The link model (docs/MODEL.md): what LinkApi.list/get/iterate return,
 * what link events and watch tables carry, and what delete/change take
 * back. The fields every program needs are flat (`ifindex`, `name`,
 * `flags`, `mtu`, `operstate`, `address`, `master`, `kind`...); the whole
 * decoded attribute tree of the RTM_NEWLINK message (codecs/link: linkinfo
 * with the kind's data, afSpec, statistics...) stays reachable as `attrs`.
 *
 * Left out on purpose: ifi_change (0 in dumps) and IFLA_EVENT (only
 * notifications carry it; it says why a message was sent, not what the
 * link is), so that an event and a dump of the same link are equal.
 */
import type { LinkMessage, LinkAttrs } from "../../../codecs/link/message.ts";
import { ARPHRD } from "../../../codecs/link/tables.ts";
import { familyNumber, familyOf, type Family } from "../shared/family.ts";

/** One network interface as the kernel reports it. JSON-serialisable except 64-bit counters in `attrs.stats64` (bigint). */
export interface Link {
  /** Interface index. */
  ifindex: number;
  /** Interface name (IFLA_IFNAME). */
  name: string;
  /** Device type (ifi_type, ARPHRD_*): "ether", "loopback", "none"... or the number. */
  linkType: string | number;
  /** IFF_* flags as the kernel reports them ("UP", "BROADCAST", "LOWER_UP"...). */
  flags: string[];
  /** Present only for per-family link messages (AF_BRIDGE port info, AF_INET6): "bridge", "inet6". */
  family?: Family | number;
  mtu?: number;
  /** RFC 2863 operational state: "UP", "DOWN", "UNKNOWN", "LOWERLAYERDOWN"... */
  operstate?: string | number;
  /** Link-layer address ("02:00:00:00:00:01"). */
  address?: string;
  broadcast?: string;
  /** Kind of a virtual link ("veth", "bridge", "vxlan"...; IFLA_INFO_KIND). */
  kind?: string;
  /** ifindex of the master (bridge, bond, VRF) the link is enslaved to. */
  master?: number;
  /** ifindex of the lower link or peer (IFLA_LINK; in the namespace of `linkNetnsid` when that is set). */
  link?: number;
  /** Namespace id of the peer's namespace (IFLA_LINK_NETNSID). */
  linkNetnsid?: number;
  txqlen?: number;
  /** Interface group (IFLA_GROUP). */
  group?: number;
  /** IFLA_IFALIAS. */
  alias?: string;
  /** Queueing discipline name (IFLA_QDISC). */
  qdisc?: string;
  /** Every decoded attribute of the message (IFLA_EVENT left out). */
  attrs: LinkAttrs;
}

/** Build a Link from a decoded RTM_NEWLINK / RTM_DELLINK message. */
export function toLink(m: LinkMessage): Link {
  // The decoded attributes are the model's (a copy only to leave out IFLA_EVENT, which notifications carry).
  let attrs: LinkAttrs = m.attrs;
  if (attrs.event !== undefined) {
    const { event: _event, ...rest } = attrs;
    attrs = rest;
  }
  const l: Link = { ifindex: m.index, name: attrs.ifname ?? "", linkType: ARPHRD.name(m.type), flags: m.flags, attrs };
  if (m.family !== 0) l.family = familyOf(m.family);
  if (attrs.mtu !== undefined) l.mtu = attrs.mtu;
  if (attrs.operstate !== undefined) l.operstate = attrs.operstate;
  if (attrs.address !== undefined) l.address = attrs.address;
  if (attrs.broadcast !== undefined) l.broadcast = attrs.broadcast;
  if (attrs.linkinfo?.kind !== undefined) l.kind = attrs.linkinfo.kind;
  if (attrs.master !== undefined) l.master = attrs.master;
  if (attrs.link !== undefined) l.link = attrs.link;
  if (attrs.linkNetnsid !== undefined) l.linkNetnsid = attrs.linkNetnsid;
  if (attrs.txqlen !== undefined) l.txqlen = attrs.txqlen;
  if (attrs.group !== undefined) l.group = attrs.group;
  if (attrs.ifalias !== undefined) l.alias = attrs.ifalias;
  if (attrs.qdisc !== undefined) l.qdisc = attrs.qdisc;
  return l;
}

/** Whether `v` looks like a Link read from the kernel (has a numeric ifindex and an attrs object). */
export function isLinkObject(v: unknown): v is Pick<Link, "ifindex"> {
  return v !== null && typeof v === "object" && typeof (v as { ifindex?: unknown }).ifindex === "number";
}

/**
 * The decoded RTM_NEWLINK message a Link stands for (the inverse of toLink:
 * the header from the flat fields, the attribute tree as kept in `attrs`),
 * so the one link printer (lib/format/link.ts) renders model objects too.
 * IFLA_EVENT, which the model leaves out, is absent (ip prints no event for links).
 */
export function linkMessageOf(l: Link): LinkMessage {
  const family = l.family === undefined ? 0 : typeof l.family === "number" ? l.family : familyNumber(l.family, "family");
  const type = typeof l.linkType === "number" ? l.linkType : ARPHRD.value(l.linkType, "linkType", 0xffff);
  return { family, type, index: l.ifindex, flags: l.flags, change: 0, attrs: l.attrs };
}
