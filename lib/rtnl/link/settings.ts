/**
 * Device settings that `LinkApi.add` and `LinkApi.set` both take, beyond
 * name, MTU and the like: the ifi_flags bits `ip link set` switches
 * (promisc, allmulticast, multicast, arp, dynamic, trailers), the link-layer
 * broadcast address, GSO/GRO limits, the IPv6 address generation mode
 * (IFLA_AF_SPEC { AF_INET6 { IFLA_INET6_ADDR_GEN_MODE } }), protodown, the
 * link mode and operstate, and detaching an XDP program. Validated and
 * written into a request in one place, in ip 6.1's attribute order.
 *
 *   nl.links.set("v0", { promisc: true, addrGenMode: "none", xdp: null });
 */
import type { LinkAttrs } from "../../../codecs/link/index.ts";
import { IFF } from "../../../codecs/link/tables.ts";
import { checkBool, checkInt, checkMac, checkU32, show } from "./validate.ts";

/** Where an XDP program runs: skb (generic), driver or offload; absent: the kernel's choice. */
export type XdpMode = "generic" | "driver" | "offload";

/** An XDP program to attach by fd, or -1 to detach (in `mode`, when given). */
export interface XdpSetting {
  fd: number;
  mode?: XdpMode;
  /** XDP_FLAGS_UPDATE_IF_NOEXIST: fail (EBUSY) rather than replace an attached program (ip without -force). */
  ifNotExists?: boolean;
}

/** Settings of a link that add and set take. */
export interface LinkSettings {
  /** IFF_PROMISC (`promisc on|off`). */
  promisc?: boolean;
  /** IFF_ALLMULTI (`allmulticast on|off`). */
  allmulticast?: boolean;
  /** IFF_MULTICAST (`multicast on|off`). */
  multicast?: boolean;
  /** ARP on the link: false sets IFF_NOARP (`arp on|off`). */
  arp?: boolean;
  /** IFF_DYNAMIC (`dynamic on|off`). */
  dynamic?: boolean;
  /** Trailers: false sets IFF_NOTRAILERS (`trailers on|off`). */
  trailers?: boolean;
  /** Link-layer broadcast address (IFLA_BROADCAST, `broadcast`). */
  broadcast?: string;
  /** IFLA_GSO_MAX_SIZE. */
  gsoMaxSize?: number;
  /** IFLA_GSO_MAX_SEGS (at most 65535). */
  gsoMaxSegs?: number;
  /** IFLA_GRO_MAX_SIZE. */
  groMaxSize?: number;
  /**
   * IPv6 link-local address generation (`addrgenmode`). The kernel takes it
   * on an existing link only (at creation it answers EAFNOSUPPORT: the link
   * has no IPv6 state yet), so give it to set() after add(), before `up`.
   */
  addrGenMode?: "eui64" | "none" | "stable_secret" | "random";
  /** IFLA_PROTO_DOWN (only devices that support it, e.g. vxlan, macvlan). */
  protoDown?: boolean;
  /** IFLA_LINKMODE (`mode default|dormant`). */
  linkMode?: "default" | "dormant" | "testing";
  /** IFLA_OPERSTATE (`state UP`...), as ip prints it. */
  operState?: "UNKNOWN" | "NOTPRESENT" | "DOWN" | "LOWERLAYERDOWN" | "TESTING" | "DORMANT" | "UP";
  /** Attach an XDP program by fd, or detach: null (any mode) or { fd: -1, mode }. */
  xdp?: XdpSetting | null;
}

/** The keys of LinkSettings (for the specs' key checks). */
export const SETTING_KEYS = [
  "promisc", "allmulticast", "multicast", "arp", "dynamic", "trailers", "broadcast", "gsoMaxSize", "gsoMaxSegs", "groMaxSize",
  "addrGenMode", "protoDown", "linkMode", "operState", "xdp",
] as const;

/** ifi_flags bit of each flag setting, and whether `true` sets it (arp and trailers clear their NO* bit). */
const FLAG_BITS: ReadonlyArray<[keyof LinkSettings, string, boolean]> = [
  ["multicast", "MULTICAST", true], ["allmulticast", "ALLMULTI", true], ["promisc", "PROMISC", true],
  ["trailers", "NOTRAILERS", false], ["arp", "NOARP", false], ["dynamic", "DYNAMIC", true],
];

const ADDR_GEN_MODES = ["eui64", "none", "stable_secret", "random"] as const;
const XDP_MODE_FLAG: Record<XdpMode, string> = { generic: "skbMode", driver: "drvMode", offload: "hwMode" };

function oneOf<T extends string>(v: unknown, allowed: readonly T[], field: string): T {
  if (typeof v !== "string" || !(allowed as readonly string[]).includes(v)) {
    throw new TypeError(`${field}: expected one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}, got ${show(v)}`);
  }
  return v as T;
}

/**
 * Write the settings in `s` into `attrs` (ip's order: broadcast first,
 * then xdp, linkmode, operstate, addrgenmode, protodown, gso/gro) and
 * return the ifi_flags bits to set and the ifi_change mask to add.
 * Throws TypeError/RangeError naming the field (after `prefix`, e.g. "peer.").
 */
export function applySettings(s: LinkSettings, attrs: LinkAttrs, prefix = ""): { set: number; change: number } {
  let set = 0, change = 0;
  for (const [key, name, setWhenTrue] of FLAG_BITS) {
    const v = s[key];
    if (v === undefined) continue;
    const bit = IFF.value([name], key);
    change |= bit;
    if (checkBool(v, prefix + key) === setWhenTrue) set |= bit;
  }
  if (s.broadcast !== undefined) attrs.broadcast = checkMac(s.broadcast, prefix + "broadcast");
  if (s.xdp !== undefined) attrs.xdp = xdpAttrs(s.xdp, prefix);
  if (s.linkMode !== undefined) attrs.linkmode = oneOf(s.linkMode, ["default", "dormant", "testing"], prefix + "linkMode").toUpperCase() as never;
  if (s.operState !== undefined) attrs.operstate = oneOf(s.operState, OPERSTATE_NAMES, prefix + "operState") as never;
  if (s.addrGenMode !== undefined) attrs.afSpec = { inet6: { addrGenMode: oneOf(s.addrGenMode, ADDR_GEN_MODES, prefix + "addrGenMode") } } as never;
  if (s.protoDown !== undefined) attrs.protoDown = checkBool(s.protoDown, prefix + "protoDown") ? 1 : 0;
  if (s.gsoMaxSize !== undefined) attrs.gsoMaxSize = checkU32(s.gsoMaxSize, prefix + "gsoMaxSize");
  if (s.gsoMaxSegs !== undefined) attrs.gsoMaxSegs = checkInt(s.gsoMaxSegs, 0, 65535, prefix + "gsoMaxSegs");
  if (s.groMaxSize !== undefined) attrs.groMaxSize = checkU32(s.groMaxSize, prefix + "groMaxSize");
  return { set, change };
}

const OPERSTATE_NAMES = ["UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP"] as const;

function xdpAttrs(x: XdpSetting | null, prefix: string): NonNullable<LinkAttrs["xdp"]> {
  if (x === null) return { fd: -1 };
  if (typeof x !== "object") throw new TypeError(`${prefix}xdp: expected { fd, mode? } or null (detach), got ${show(x)}`);
  for (const k of Object.keys(x)) if (k !== "fd" && k !== "mode" && k !== "ifNotExists") throw new TypeError(`${prefix}xdp.${k}: unknown option (expected fd, mode, ifNotExists)`);
  const fd = checkInt(x.fd, -1, 0x7fffffff, `${prefix}xdp.fd`);
  const out: NonNullable<LinkAttrs["xdp"]> = { fd };
  const flags: string[] = [];
  if (x.ifNotExists !== undefined && checkBool(x.ifNotExists, `${prefix}xdp.ifNotExists`)) flags.push("updateIfNoexist");
  if (x.mode !== undefined) flags.push(XDP_MODE_FLAG[oneOf(x.mode, ["generic", "driver", "offload"], `${prefix}xdp.mode`)]);
  if (flags.length > 0) out.flags = flags;
  return out;
}
