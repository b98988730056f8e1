/**
 * Validation of address API input and the RTM_NEWADDR / RTM_DELADDR
 * messages built from it. Pure: nothing here talks to the kernel, so every
 * bad value is rejected before a syscall. Requests are laid out the way
 * iproute2 (ip/ipaddress.c ipaddr_modify) lays out
 * `ip addr add CIDR [peer P] [broadcast B] [label L] [metric M] [proto P]
 * [FLAG...] [valid_lft V] [preferred_lft P] [scope S] dev LINK`, so the bytes
 * can be compared with what ip sends.
 */
import { INFINITY_LIFE_TIME, type AddrAttrs, type AddrMessage } from "../../../codecs/addr/index.ts";
import { ADDR_FLAGS, ADDR_PROTOCOLS, IFA_F, RT_SCOPE, SCOPES } from "../../../codecs/addr/tables.ts";
import { utf8Length } from "../../../codecs/core/fields.ts";
import { AF_INET, AF_INET6, formatIPv4, parseIPv4, parsePrefix, type IpFamily, type Prefix } from "../../../codecs/ip/index.ts";
import { checkIfIndex, checkIfName } from "../shared/ifindex.ts";

/** An address family as the API accepts it. */
export type AddressFamily = 4 | 6 | "inet" | "inet6";

/** Options of `add`/`replace` (the words of `ip addr add`). */
export interface AddressOptions {
  /** Peer of a point-to-point address ("192.0.2.2/32"); the prefix length is the peer's. */
  peer?: string;
  /** IPv4 broadcast address, or "+" for the prefix's broadcast (host bits set; none for /31, /32). */
  broadcast?: string | "+";
  /** IPv4 label; must start with the link name (iproute2's rule, e.g. "eth0:1"), 15 bytes at most. */
  label?: string;
  /**
   * IPv4: scope name ("global", "site", "link", "host", "nowhere") or 0..255;
   * default global (host for 127/8). IPv6: the kernel derives the scope from
   * the address, so only that value is accepted.
   */
  scope?: string | number;
  /** Flags the user may set: nodad, optimistic, home, mngtmpaddr (IPv6 only), noprefixroute, autojoin. */
  flags?: string[];
  /** Valid lifetime in seconds (1..2^32-2) or "forever" (default). */
  validLft?: number | "forever";
  /** Preferred lifetime in seconds or "forever"; must not exceed validLft; defaults to validLft. */
  preferredLft?: number | "forever";
  /** Metric of the prefix route (IFA_RT_PRIORITY), 0..2^32-1. */
  metric?: number;
  /** Address protocol (IFA_PROTO): "unspec", "kernel_lo", "kernel_ra", "kernel_ll" or 0..255. */
  protocol?: number | string;
}

const OPTION_KEYS = ["peer", "broadcast", "label", "scope", "flags", "validLft", "preferredLft", "metric", "protocol"];

/** Flags a request may carry; the others are set by the kernel (ip/ipaddress.c ifa_flag_data, readonly). */
const SETTABLE = new Set(["nodad", "optimistic", "home", "homeaddress", "mngtmpaddr", "managetempaddr", "noprefixroute", "autojoin", "mcautojoin"]);
/** Settable flags the IPv4 stack has no use for (iproute2's v6only entries). */
const V6_ONLY = IFA_F.NODAD | IFA_F.OPTIMISTIC | IFA_F.HOMEADDRESS | IFA_F.MANAGETEMPADDR;

/** An add/replace request, validated but not yet bound to a link index. */
export interface PreparedAddress {
  family: IpFamily;
  local: Prefix;
  peer?: Prefix;
  prefixlen: number;
  broadcast?: string | "+";
  label?: string;
  scope: number;
  flags: number;
  valid?: number;
  preferred?: number;
  metric?: number;
  protocol?: number;
}

/** Validate a link given by name or index; TypeError/RangeError naming `field`. */
export function checkLink(link: unknown, field = "link"): string | number {
  if (typeof link === "number") return checkIfIndex(link, field);
  if (typeof link === "string") return checkIfName(link, field);
  throw new TypeError(`${field}: expected an interface name or index, got ${link === null ? "null" : typeof link}`);
}

/** AF_INET / AF_INET6 for 4, 6, "inet", "inet6"; TypeError naming `field` otherwise. */
export function checkFamily(v: unknown, field = "family"): IpFamily {
  if (v === 4 || v === "inet") return AF_INET;
  if (v === 6 || v === "inet6") return AF_INET6;
  throw new TypeError(`${field}: ${JSON.stringify(v)} is not an address family (expected 4, 6, "inet" or "inet6")`);
}

/** A scope name or number as its number (0..255). */
export function checkScope(v: unknown, field = "scope"): number {
  if (typeof v !== "string" && typeof v !== "number") throw new TypeError(`${field}: expected a scope name or number, got ${typeof v}`);
  return SCOPES.value(v, field, 0xff);
}

/** Reject keys a caller may have misspelt. */
export function checkKeys(o: unknown, known: readonly string[], what: string): Record<string, unknown> {
  if (o === null || typeof o !== "object" || Array.isArray(o)) throw new TypeError(`${what}: expected an options object`);
  for (const k of Object.keys(o)) {
    if (!known.includes(k)) throw new TypeError(`${what}.${k}: unknown option (known: ${known.join(", ")})`);
  }
  return o as Record<string, unknown>;
}

function lifetime(v: unknown, field: string): number {
  if (v === "forever") return INFINITY_LIFE_TIME;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > INFINITY_LIFE_TIME) {
    throw new RangeError(`${field}: ${JSON.stringify(v)} is not a lifetime (seconds 0..${INFINITY_LIFE_TIME} or "forever")`);
  }
  return v;
}

function checkLabelSyntax(v: unknown): string {
  if (typeof v !== "string") throw new TypeError(`label: expected a string, got ${typeof v}`);
  const n = utf8Length(v);
  if (n < 1 || n > 15) throw new RangeError(`label: ${JSON.stringify(v)} must be 1-15 bytes (IFNAMSIZ - 1)`);
  if (/[\s\0\/]/.test(v)) throw new TypeError(`label: ${JSON.stringify(v)} contains whitespace, '/' or NUL`);
  return v;
}

/** iproute2 refuses a label that does not start with the device name ("dev" must match "label"). */
export function checkLabelPrefix(label: string, linkName: string): void {
  if (!label.startsWith(linkName)) throw new TypeError(`label: ${JSON.stringify(label)} must start with the link name ${JSON.stringify(linkName)} (e.g. "${linkName}:1")`);
}

function checkFlags(v: unknown, family: IpFamily): number {
  if (!Array.isArray(v)) throw new TypeError(`flags: expected an array of flag names, got ${typeof v}`);
  let bits = 0;
  for (const name of v) {
    if (typeof name !== "string" || !SETTABLE.has(name)) {
      const why = typeof name === "string" && isKnownFlag(name) ? "is set by the kernel, not by a request" : "is not an address flag";
      throw new TypeError(`flags: ${JSON.stringify(name)} ${why} (settable: ${[...SETTABLE].join(", ")})`);
    }
    const bit = ADDR_FLAGS.value([name], "flags");
    if (family === AF_INET && bit & V6_ONLY) throw new TypeError(`flags: ${JSON.stringify(name)} applies to IPv6 addresses only`);
    bits |= bit;
  }
  return bits >>> 0;
}

function isKnownFlag(name: string): boolean {
  if (/^0x/i.test(name)) return false;
  try {
    ADDR_FLAGS.value([name], "flags");
    return true;
  } catch {
    return false;
  }
}

/**
 * Validate `cidr` and the options of an add/replace; throws TypeError or
 * RangeError naming the field and value. The label prefix rule is checked
 * here when the link is given by name, else by the caller once the name is known.
 */
export function prepareAddress(link: unknown, cidr: unknown, opts: unknown = {}): PreparedAddress {
  const l = checkLink(link);
  const o = checkKeys(opts ?? {}, OPTION_KEYS, "opts");
  const local = parsePrefix(cidr as string, "cidr");
  const family = local.family;
  const req: PreparedAddress = { family, local, prefixlen: local.prefixLen, scope: 0, flags: 0 };

  if (o.peer !== undefined) {
    if (typeof cidr === "string" && cidr.includes("/")) throw new TypeError(`cidr: ${JSON.stringify(cidr)}: with a peer the prefix length goes on the peer (peer "${String(o.peer).split("/")[0]}/N")`);
    const peer = parsePrefix(o.peer as string, "peer");
    if (peer.family !== family) throw new TypeError(`peer: ${JSON.stringify(o.peer)} is not of the family of cidr ${JSON.stringify(cidr)}`);
    req.peer = peer;
    req.prefixlen = peer.prefixLen;
  }
  if (o.broadcast !== undefined) {
    if (family !== AF_INET) throw new TypeError(`broadcast: ${JSON.stringify(o.broadcast)}: a broadcast address applies to IPv4 only`);
    if (o.broadcast !== "+") parseIPv4(o.broadcast as string, "broadcast");
    req.broadcast = o.broadcast as string;
  }
  if (o.label !== undefined) {
    if (family !== AF_INET) throw new TypeError(`label: ${JSON.stringify(o.label)}: labels apply to IPv4 addresses only (the IPv6 stack ignores them)`);
    req.label = checkLabelSyntax(o.label);
    if (typeof l === "string") checkLabelPrefix(req.label, l);
  }
  if (family === AF_INET) {
    req.scope = o.scope !== undefined ? checkScope(o.scope) : local.bytes[0] === 127 ? RT_SCOPE.HOST : RT_SCOPE.UNIVERSE;
  } else if (o.scope !== undefined) {
    // The IPv6 stack ignores ifa_scope and derives the scope from the address: refuse any other value.
    const scope = checkScope(o.scope);
    const derived = ipv6Scope(local.bytes);
    if (scope !== derived) throw new TypeError(`scope: ${JSON.stringify(o.scope)} does not apply to ${local.address}: the kernel derives IPv6 scopes from the address (${SCOPES.name(derived)} here)`);
    req.scope = scope;
  }
  if (o.flags !== undefined) req.flags = checkFlags(o.flags, family);
  if (o.validLft !== undefined || o.preferredLft !== undefined) {
    const valid = o.validLft === undefined ? INFINITY_LIFE_TIME : lifetime(o.validLft, "validLft");
    // Only validLft given: preferred = valid (iproute2 would refuse "preferred_lft is greater than valid_lft").
    const preferred = o.preferredLft === undefined ? valid : lifetime(o.preferredLft, "preferredLft");
    if (valid === 0) throw new RangeError("validLft: 0 is not a valid lifetime (an address must be valid for at least 1 s)");
    if (preferred > valid) throw new RangeError(`preferredLft: ${fmtLft(preferred)} is greater than validLft ${fmtLft(valid)}`);
    req.valid = valid;
    req.preferred = preferred;
  }
  if (o.metric !== undefined) {
    if (typeof o.metric !== "number" || !Number.isInteger(o.metric) || o.metric < 0 || o.metric > 0xffffffff) throw new RangeError(`metric: ${JSON.stringify(o.metric)} is not an integer 0..4294967295`);
    req.metric = o.metric;
  }
  if (o.protocol !== undefined) {
    if (typeof o.protocol !== "string" && typeof o.protocol !== "number") throw new TypeError(`protocol: expected a name or number, got ${typeof o.protocol}`);
    req.protocol = ADDR_PROTOCOLS.value(o.protocol, "protocol", 0xff);
  }
  return req;
}

/**
 * The scope the kernel gives an IPv6 address (net/ipv6 __ipv6_addr_type and
 * rt_scope()): ::1 host, fe80::/10 link, fec0::/10 site, multicast by its
 * scope nibble (1 host, 2 link, 5 site), anything else global.
 */
export function ipv6Scope(b: Uint8Array): number {
  if (b[0] === 0xff) {
    const s = b[1]! & 0x0f;
    return s === 1 ? RT_SCOPE.HOST : s === 2 ? RT_SCOPE.LINK : s === 5 ? RT_SCOPE.SITE : RT_SCOPE.UNIVERSE;
  }
  if (b[0] === 0xfe && (b[1]! & 0xc0) === 0x80) return RT_SCOPE.LINK;
  if (b[0] === 0xfe && (b[1]! & 0xc0) === 0xc0) return RT_SCOPE.SITE;
  if (b.every((x, i) => x === (i === 15 ? 1 : 0))) return RT_SCOPE.HOST;
  return RT_SCOPE.UNIVERSE;
}

function fmtLft(v: number): string {
  return v === INFINITY_LIFE_TIME ? "forever" : String(v);
}

/** The broadcast address of `bytes`/`len` with host bits set, or undefined for /31 and /32 (as iproute2). */
function plusBroadcast(bytes: Uint8Array, len: number): string | undefined {
  if (len > 30) return undefined;
  const b = bytes.slice();
  for (let bit = len; bit < 32; bit++) b[bit >> 3]! |= 0x80 >> (bit & 7);
  return formatIPv4(b);
}

/** RTM_NEWADDR payload for a prepared request on link `index`, attributes in iproute2's order. */
export function newAddrMessage(req: PreparedAddress, index: number): AddrMessage {
  const attrs: AddrAttrs = { local: req.local.address };
  if (req.peer) attrs.address = req.peer.address;
  if (req.broadcast !== undefined && req.broadcast !== "+") attrs.broadcast = req.broadcast;
  if (req.label !== undefined) attrs.label = req.label;
  if (req.metric !== undefined) attrs.rtPriority = req.metric;
  if (req.protocol !== undefined) attrs.proto = req.protocol;
  // iproute2 puts flags in the 8-bit header field when they fit, else IFA_FLAGS only.
  if (req.flags > 0xff) attrs.flags = ADDR_FLAGS.names(req.flags);
  if (!req.peer) attrs.address = req.local.address;
  if (req.broadcast === "+") {
    const base = req.peer ?? req.local;
    const brd = plusBroadcast(base.bytes, req.prefixlen);
    if (brd !== undefined) attrs.broadcast = brd;
  }
  if (req.valid !== undefined) attrs.cacheinfo = { preferred: req.preferred!, valid: req.valid, cstamp: 0, tstamp: 0 };
  return { family: req.family, prefixlen: req.prefixlen, flags: req.flags > 0xff ? 0 : req.flags, scope: req.scope, index, attrs };
}

/**
 * RTM_DELADDR payload for `cidr` on link `index`, as `ip addr del CIDR dev
 * LINK` sends it. An IPv4 address without "/N" is a wildcard delete (no
 * IFA_ADDRESS, so any prefix length matches), as in iproute2.
 */
export function delAddrMessage(cidr: unknown, index: number): AddrMessage {
  const p = parsePrefix(cidr as string, "cidr");
  const attrs: AddrAttrs = { local: p.address };
  if (!(p.family === AF_INET && !(cidr as string).includes("/"))) attrs.address = p.address;
  return { family: p.family, prefixlen: p.prefixLen, flags: 0, scope: 0, index, attrs };
}
