/**
 * The neighbour model (docs/MODEL.md): the plain, JSON-serialisable neighbour entry (ARP/NDP entry,
 * proxy entry, or bridge FDB entry) built from a decoded RTM_NEWNEIGH
 * message (codecs/neigh). Names are the ones iproute2 uses, lowercased.
 */
import type { NeighMessage } from "../../../codecs/neigh/index.ts";
import { AF_BRIDGE, AF_INET, AF_INET6 } from "../../../codecs/ip/index.ts";
import { familyNumber as toAf, familyOf } from "../shared/family.ts";

/** The neighbour families of the API: IPv4 (ARP), IPv6 (NDP) and bridge FDB; inputs also take 4 and 6. */
export type NeighbourFamily = "inet" | "inet6" | "bridge" | 4 | 6;

/** One neighbour entry as the kernel reports it. */
export interface Neighbour {
  /** "inet", "inet6" or "bridge"; another family number is passed through as is. */
  family: "inet" | "inet6" | "bridge" | number;
  /** Link the entry belongs to (ndm_ifindex; 0 for a proxy entry without device). */
  ifindex: number;
  /** Protocol address (NDA_DST); for a bridge FDB entry, the remote of a vxlan entry. */
  dst?: string;
  /** Hardware address (NDA_LLADDR); "" for devices without one. */
  lladdr?: string;
  /** NUD states, lowercase ("reachable", "permanent", ...); ["none"] for NUD_NONE. */
  state: string[];
  /** NTF flags: "self", "master", "proxy", "extern_learn", "router", ... */
  flags: string[];
  /** NTF_EXT flags from NDA_FLAGS_EXT ("managed", "locked"), when the kernel sent them. */
  extFlags?: string[];
  /** Route type of the entry (ndm_type): "unicast", "multicast", ... */
  type: string | number;
  /** True for a proxy (pneigh) entry. */
  proxy: boolean;
  probes?: number;
  vlan?: number;
  /** UDP destination port of a vxlan FDB entry. */
  port?: number;
  vni?: number;
  srcVni?: number;
  /** Ifindex of the bridge for an FDB entry with the master flag (NDA_MASTER). */
  master?: number;
  /** For a vxlan FDB entry: the device to reach the remote through (NDA_IFINDEX, "via"). */
  via?: number;
  linkNetnsid?: number;
  /** Who installed the entry (NDA_PROTOCOL): "static", "boot", ... or a number. */
  protocol?: string | number;
  nhId?: number;
  /** Ages in USER_HZ ticks (1/100 s) and the reference count (NDA_CACHEINFO). */
  cacheinfo?: { confirmed: number; used: number; updated: number; refcnt: number };
}

/** Family number of a NeighbourFamily. */
export function familyNumber(f: NeighbourFamily): number {
  return toAf(f, "family", [AF_INET, AF_INET6, AF_BRIDGE]);
}

/** The model's family of a family number (unknown numbers pass through). */
export function familyOfNumber(n: number): "inet" | "inet6" | "bridge" | number {
  const f = familyOf(n);
  return f === "inet" || f === "inet6" || f === "bridge" ? f : n;
}

/** Turn a decoded RTM_NEWNEIGH message into a Neighbour. */
export function toNeighbour(m: NeighMessage): Neighbour {
  const a = m.attrs;
  const n: Neighbour = {
    family: familyOfNumber(m.family),
    ifindex: m.ifindex,
    state: m.state.length === 0 ? ["none"] : m.state,
    flags: m.flags,
    type: m.type,
    proxy: m.flags.includes("proxy"),
  };
  if (a.dst !== undefined) n.dst = a.dst;
  if (a.lladdr !== undefined) n.lladdr = a.lladdr;
  if (a.flagsExt !== undefined) n.extFlags = a.flagsExt;
  if (a.probes !== undefined) n.probes = a.probes;
  if (a.vlan !== undefined) n.vlan = a.vlan;
  if (a.port !== undefined) n.port = a.port;
  if (a.vni !== undefined) n.vni = a.vni;
  if (a.srcVni !== undefined) n.srcVni = a.srcVni;
  if (a.master !== undefined) n.master = a.master;
  if (a.ifindex !== undefined) n.via = a.ifindex;
  if (a.linkNetnsid !== undefined) n.linkNetnsid = a.linkNetnsid;
  if (a.protocol !== undefined) n.protocol = a.protocol;
  if (a.nhId !== undefined) n.nhId = a.nhId;
  if (a.cacheinfo !== undefined) {
    const c = a.cacheinfo;
    n.cacheinfo = { confirmed: c.confirmed, used: c.used, updated: c.updated, refcnt: c.refcnt };
  }
  return n;
}
