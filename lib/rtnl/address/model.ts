/**
 * The address model (docs/MODEL.md): the plain `Address` objects that
 * list returns, events and watch tables carry and add/replace/delete take
 * back, built from decoded
 * RTM_NEWADDR messages the way `ip addr show` reads them (ip/ipaddress.c
 * print_addrinfo): IFA_LOCAL is the address, IFA_ADDRESS the peer when it
 * differs, the 32-bit IFA_FLAGS win over the header's 8 bits.
 */
import { ADDR_FLAGS, INFINITY_LIFE_TIME, type AddrMessage } from "../../../codecs/addr/index.ts";
import { AF_INET, AF_INET6 } from "../../../codecs/ip/index.ts";

/** One address as `ip -j addr show` describes it. JSON-serialisable. */
export interface Address {
  family: "inet" | "inet6";
  /** The link the address is on. */
  ifindex: number;
  /** The address itself. */
  local: string;
  prefixlen: number;
  /** The peer of a point-to-point address (IFA_ADDRESS when it differs from IFA_LOCAL). */
  peer?: string;
  broadcast?: string;
  anycast?: string;
  /** "global", "site", "link", "host", "nowhere" or a number. */
  scope: string | number;
  /** IPv4 label (defaults to the link name in the kernel). */
  label?: string;
  /**
   * Flag names as iproute2 prints them: secondary (temporary on IPv6),
   * nodad, optimistic, dadfailed, home, deprecated, tentative, permanent,
   * mngtmpaddr, noprefixroute, autojoin, stable-privacy; unnamed bits as "0x..".
   */
  flags: string[];
  /** Seconds left, or "forever". Absent only when the kernel sent no IFA_CACHEINFO. */
  validLft?: number | "forever";
  preferredLft?: number | "forever";
  /** Prefix route metric (IFA_RT_PRIORITY), when set. */
  metric?: number;
  /** IFA_PROTO, when set: "kernel_lo", "kernel_ra", "kernel_ll" or a number. */
  protocol?: string | number;
}

const lft = (v: number): number | "forever" => (v === INFINITY_LIFE_TIME ? "forever" : v);

/**
 * Build an Address from a decoded message; undefined for families other
 * than inet/inet6 (a dump of AF_UNSPEC also returns e.g. MCTP addresses) and
 * for messages carrying neither IFA_LOCAL nor IFA_ADDRESS.
 */
export function toAddress(m: AddrMessage): Address | undefined {
  if (m.family !== AF_INET && m.family !== AF_INET6) return undefined;
  const a = m.attrs;
  const local = a.local ?? a.address;
  if (local === undefined) return undefined;
  const bits = a.flags !== undefined ? ADDR_FLAGS.value(a.flags, "flags") : ADDR_FLAGS.value(m.flags, "flags");
  let flags = ADDR_FLAGS.names(bits);
  if (m.family === AF_INET6) flags = flags.map((f) => (f === "secondary" ? "temporary" : f));
  const out = { family: m.family === AF_INET ? "inet" : "inet6", ifindex: m.index, local, prefixlen: m.prefixlen } as Address;
  if (a.local !== undefined && a.address !== undefined && a.address !== a.local) out.peer = a.address;
  if (a.broadcast !== undefined) out.broadcast = a.broadcast;
  if (a.anycast !== undefined) out.anycast = a.anycast;
  out.scope = m.scope;
  if (a.label !== undefined) out.label = a.label;
  out.flags = flags;
  if (a.cacheinfo !== undefined) {
    out.validLft = lft(a.cacheinfo.valid);
    out.preferredLft = lft(a.cacheinfo.preferred);
  }
  if (a.rtPriority !== undefined) out.metric = a.rtPriority;
  if (a.proto !== undefined) out.protocol = a.proto;
  return out;
}

