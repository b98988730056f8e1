/**
 * Validation of neighbour API input and the RTM_NEWNEIGH / RTM_DELNEIGH
 * messages built from it. Pure: nothing here talks to the kernel, so every
 * bad value is rejected before a syscall. Requests are laid out as iproute2
 * lays them out, so the bytes can be compared with what it sends:
 * - IP entries as `ip neigh add [proxy] DST [lladdr LL] dev DEV [nud STATE]
 *   [FLAG...] [protocol P] [managed]` (ip/ipneigh.c): NDA_PROTOCOL, NDA_DST,
 *   NDA_FLAGS_EXT, NDA_LLADDR; state defaults to permanent (none for a
 *   managed entry), a delete also carries state permanent;
 * - FDB entries as `bridge fdb add LLADDR dev DEV [dst IP] [vlan V]
 *   [nhid N] [port P] [vni VNI] [src_vni S] [via DEV] [self|master]
 *   [permanent|static|dynamic]` (bridge/fdb.c): NDA_LLADDR, NDA_DST,
 *   NDA_VLAN, NDA_NH_ID, NDA_PORT, NDA_VNI, NDA_SRC_VNI, NDA_IFINDEX; state
 *   defaults to noarp+permanent and flags to self, as bridge(8) does.
 */
import type { NeighAttrs, NeighMessage } from "../../../codecs/neigh/index.ts";
import { NTF_EXT_FLAGS, NTF_FLAGS, NUD_NAMES, NUD_STATES } from "../../../codecs/neigh/tables.ts";
import { formatMAC, parseIP, parseMAC } from "../../../codecs/ip/index.ts";
import { RT_PROTOCOLS } from "../../../codecs/rule/tables.ts";
import { checkIfIndex, checkIfName } from "../shared/ifindex.ts";
import { familyNumber, type NeighbourFamily } from "./model.ts";

/** What `add`/`replace` take: one ARP/NDP entry, proxy entry or bridge FDB entry. */
export interface NeighbourSpec {
  /** Protocol address (required for IP entries; the vxlan remote for FDB entries). */
  dst?: string;
  /** Hardware address ("02:00:00:00:00:01"); required for FDB entries. */
  lladdr?: string;
  /** The link (name or index). */
  dev: string | number;
  /**
   * IP entries: one NUD state name or a list ("permanent", "reachable",
   * "stale", "noarp", "delay", "probe", "failed", "incomplete", "none");
   * default "permanent". FDB entries: "permanent" (noarp+permanent),
   * "static" (noarp+reachable) or "dynamic" (reachable) as bridge(8)
   * spells them, or a list of NUD names taken literally; default permanent.
   */
  state?: string | string[];
  /** NTF flag names: "router", "extern_learn", "use", "sticky", "offloaded", "self", "master", "proxy". */
  flags?: string[];
  /** 4, 6 or "bridge"; by default the family of `dst`. */
  family?: NeighbourFamily;
  /** FDB: VLAN id 1..4094. */
  vlan?: number;
  /** FDB: add to the master's (the bridge's) table (NTF_MASTER). */
  master?: boolean;
  /** FDB: add to the device's own table (NTF_SELF); the default when neither self nor master. */
  self?: boolean;
  /** A proxy ARP/NDP entry (NTF_PROXY): `dst` only. */
  proxy?: boolean;
  /** Originator (NDA_PROTOCOL): "static", "boot", ... or 0..255. */
  protocol?: string | number;
  /** NTF_EXT flags: "managed" (IP entries), "locked". */
  extFlags?: string[];
  /** FDB (vxlan): UDP destination port. */
  port?: number;
  /** FDB (vxlan): VNI, 0..2^24-1. */
  vni?: number;
  /** FDB (vxlan): source VNI, 0..2^24-1. */
  srcVni?: number;
  /** FDB (vxlan): device to reach the remote through (NDA_IFINDEX). */
  via?: string | number;
  /** FDB: nexthop group id (NDA_NH_ID), 1..2^32-1. */
  nhId?: number;
}

/**
 * What `delete` takes: the keys that identify an entry. For a vxlan FDB
 * entry the remote is matched on dst, port, vni and via, with the device's
 * defaults for those not given (the kernel quietly deletes nothing when no
 * remote matches).
 */
export interface NeighbourKey {
  dst?: string;
  lladdr?: string;
  dev: string | number;
  family?: NeighbourFamily;
  proxy?: boolean;
  vlan?: number;
  master?: boolean;
  self?: boolean;
  port?: number;
  vni?: number;
  srcVni?: number;
  via?: string | number;
}

const SPEC_KEYS = ["dst", "lladdr", "dev", "state", "flags", "family", "vlan", "master", "self", "proxy", "protocol", "extFlags", "port", "vni", "srcVni", "via", "nhId"];
const KEY_KEYS = ["dst", "lladdr", "dev", "family", "proxy", "vlan", "master", "self", "port", "vni", "srcVni", "via"];
const FDB_ONLY = ["vlan", "port", "vni", "srcVni", "via", "nhId"] as const;

const NUD = { none: 0, reachable: 0x02, noarp: 0x40, permanent: 0x80 };
const NTF = { self: 0x02, master: 0x04, proxy: 0x08 };
const NTF_EXT_MANAGED = 0x01;

/** A validated request, not yet bound to link indexes. */
export interface PreparedNeighbour {
  family: number;
  dev: string | number;
  via?: string | number;
  state: number;
  flags: number;
  /** Attributes in wire order; NDA_IFINDEX is a placeholder 0 until `via` is resolved. */
  attrs: NeighAttrs;
}

/** Reject anything but a plain object with only `allowed` keys; TypeError naming the key. */
export function checkObject<T>(v: T, allowed: readonly string[], field: string): T {
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw new TypeError(`${field}: expected an object, got ${v === null ? "null" : typeof v}`);
  for (const k of Object.keys(v)) {
    if (!allowed.includes(k)) throw new TypeError(`${field}.${k}: unknown option (known: ${allowed.join(", ")})`);
  }
  return v;
}

/** A link given by name or index, validated without a syscall. */
export function checkDev(v: unknown, field: string): string | number {
  if (typeof v === "number") return checkIfIndex(v, field);
  if (typeof v === "string") return checkIfName(v, field);
  throw new TypeError(`${field}: expected an interface name or index, got ${v === null ? "null" : typeof v}`);
}

/** "inet", "inet6", "bridge", 4 or 6; TypeError otherwise. */
export function checkNeighFamily(v: unknown, field: string): NeighbourFamily {
  if (v === 4 || v === 6 || v === "bridge" || v === "inet" || v === "inet6") return v;
  throw new TypeError(`${field}: expected "inet", "inet6", "bridge", 4 or 6, got ${JSON.stringify(v)}`);
}

function checkInt(v: unknown, min: number, max: number, field: string): number {
  if (typeof v !== "number" || !Number.isInteger(v)) throw new TypeError(`${field}: expected an integer, got ${JSON.stringify(v)}`);
  if (v < min || v > max) throw new RangeError(`${field}: ${v} is out of range ${min}..${max}`);
  return v;
}

function checkBool(v: unknown, field: string): boolean {
  if (v === undefined) return false;
  if (typeof v !== "boolean") throw new TypeError(`${field}: expected a boolean, got ${JSON.stringify(v)}`);
  return v;
}

/** NUD state names (a name or a list, "none" allowed) to bits; TypeError naming `field` for unknown names. */
export function stateBits(v: unknown, field: string): number {
  const names = typeof v === "string" ? [v] : v;
  if (!Array.isArray(names) || names.length === 0) throw new TypeError(`${field}: expected a state name or a non-empty list of them, got ${JSON.stringify(v)}`);
  let bits = 0;
  for (const n of names) {
    if (typeof n !== "string" || !NUD_NAMES.includes(n)) throw new TypeError(`${field}: unknown neighbour state ${JSON.stringify(n)} (known: ${NUD_NAMES.join(", ")})`);
    if (n !== "none") bits |= NUD_STATES.value([n], field);
  }
  return bits;
}

function fdbStateBits(v: unknown, field: string): number {
  if (v === "permanent") return NUD.noarp | NUD.permanent;
  if (v === "static") return NUD.noarp | NUD.reachable;
  if (v === "dynamic") return NUD.reachable;
  if (typeof v === "string") throw new TypeError(`${field}: unknown FDB state ${JSON.stringify(v)} (known: permanent, static, dynamic, or a list of NUD state names)`);
  return stateBits(v, field);
}

function flagBits(v: unknown, field: string): number {
  if (!Array.isArray(v)) throw new TypeError(`${field}: expected an array of flag names, got ${JSON.stringify(v)}`);
  for (const n of v) if (typeof n !== "string" || /^0x/i.test(n)) throw new TypeError(`${field}: unknown neighbour flag ${JSON.stringify(n)}`);
  return NTF_FLAGS.value(v as string[], field);
}

function extFlagBits(v: unknown, field: string): number {
  if (!Array.isArray(v)) throw new TypeError(`${field}: expected an array of flag names, got ${JSON.stringify(v)}`);
  for (const n of v) if (typeof n !== "string" || /^0x/i.test(n)) throw new TypeError(`${field}: unknown neighbour extended flag ${JSON.stringify(n)}`);
  return NTF_EXT_FLAGS.value(v as string[], field);
}

/** Family from an explicit value or the destination; checks they agree. */
function resolveFamily(family: unknown, dst: string | undefined, dstFamily: number | undefined, field: string): number {
  if (family !== undefined) {
    const f = familyNumber(checkNeighFamily(family, `${field}.family`));
    if (dstFamily !== undefined && f !== 7 && f !== dstFamily) {
      throw new TypeError(`${field}.dst: ${JSON.stringify(dst)} is an IPv${dstFamily === 2 ? 4 : 6} address but family is ${family}`);
    }
    return f;
  }
  if (dstFamily === undefined) throw new TypeError(`${field}.dst: required for an IP neighbour (set family: "bridge" for an FDB entry)`);
  return dstFamily;
}

/** Validate an add/replace spec. Throws TypeError/RangeError naming the field. */
export function prepareNeighbour(spec: NeighbourSpec, field = "spec"): PreparedNeighbour {
  const s = checkObject(spec, SPEC_KEYS, field);
  const dev = checkDev(s.dev, `${field}.dev`);
  const dst = s.dst === undefined ? undefined : parseIP(s.dst, `${field}.dst`);
  const family = resolveFamily(s.family, s.dst, dst?.family, field);
  const bridge = family === 7;
  const proxy = checkBool(s.proxy, `${field}.proxy`);
  const master = checkBool(s.master, `${field}.master`);
  const self = checkBool(s.self, `${field}.self`);
  let flags = (s.flags === undefined ? 0 : flagBits(s.flags, `${field}.flags`)) | (proxy ? NTF.proxy : 0) | (master ? NTF.master : 0) | (self ? NTF.self : 0);
  const ext = s.extFlags === undefined ? undefined : extFlagBits(s.extFlags, `${field}.extFlags`);
  const lladdr = s.lladdr === undefined ? undefined : formatMAC(parseMAC(s.lladdr, `${field}.lladdr`));
  const protocol = s.protocol === undefined ? undefined : RT_PROTOCOLS.value(s.protocol, `${field}.protocol`, 0xff);
  const attrs: NeighAttrs = {};

  if (bridge) {
    if (lladdr === undefined) throw new TypeError(`${field}.lladdr: required for a bridge FDB entry`);
    if (flags & NTF.proxy) throw new TypeError(`${field}.proxy: bridge FDB entries cannot be proxy entries`);
    const state = s.state === undefined ? NUD.noarp | NUD.permanent : fdbStateBits(s.state, `${field}.state`);
    if (!(flags & (NTF.self | NTF.master))) flags |= NTF.self;
    attrs.lladdr = lladdr;
    if (dst !== undefined) attrs.dst = s.dst;
    if (s.vlan !== undefined) attrs.vlan = checkInt(s.vlan, 1, 4094, `${field}.vlan`);
    if (s.nhId !== undefined) attrs.nhId = checkInt(s.nhId, 1, 0xffffffff, `${field}.nhId`);
    if (s.port !== undefined) attrs.port = checkInt(s.port, 0, 0xffff, `${field}.port`);
    if (s.vni !== undefined) attrs.vni = checkInt(s.vni, 0, 0xffffff, `${field}.vni`);
    if (s.srcVni !== undefined) attrs.srcVni = checkInt(s.srcVni, 0, 0xffffff, `${field}.srcVni`);
    const via = s.via === undefined ? undefined : checkDev(s.via, `${field}.via`);
    if (via !== undefined) attrs.ifindex = 0; // holds NDA_IFINDEX's place until `via` is resolved
    if (protocol !== undefined) attrs.protocol = protocol;
    if (ext !== undefined) attrs.flagsExt = NTF_EXT_FLAGS.names(ext);
    const p: PreparedNeighbour = { family, dev, state, flags, attrs };
    if (via !== undefined) p.via = via;
    return p;
  }

  for (const k of FDB_ONLY) if (s[k] !== undefined) throw new TypeError(`${field}.${k}: only bridge FDB entries (family "bridge") take ${k}`);
  if (flags & NTF.proxy && lladdr !== undefined) throw new TypeError(`${field}.lladdr: proxy entries carry no link-layer address`);
  const managed = ext !== undefined && (ext & NTF_EXT_MANAGED) !== 0;
  const state = s.state === undefined ? (managed ? NUD.none : NUD.permanent) : stateBits(s.state, `${field}.state`);
  if (protocol !== undefined) attrs.protocol = protocol;
  attrs.dst = s.dst;
  if (ext !== undefined) attrs.flagsExt = NTF_EXT_FLAGS.names(ext);
  if (lladdr !== undefined) attrs.lladdr = lladdr;
  return { family, dev, state, flags, attrs };
}

/** Validate a delete key. Throws TypeError/RangeError naming the field. */
export function prepareNeighbourKey(key: NeighbourKey, field = "key"): PreparedNeighbour {
  const k = checkObject(key, KEY_KEYS, field);
  const dev = checkDev(k.dev, `${field}.dev`);
  const dst = k.dst === undefined ? undefined : parseIP(k.dst, `${field}.dst`);
  const family = resolveFamily(k.family, k.dst, dst?.family, field);
  const proxy = checkBool(k.proxy, `${field}.proxy`);
  const master = checkBool(k.master, `${field}.master`);
  const self = checkBool(k.self, `${field}.self`);
  const lladdr = k.lladdr === undefined ? undefined : formatMAC(parseMAC(k.lladdr, `${field}.lladdr`));
  const attrs: NeighAttrs = {};
  if (family === 7) {
    if (lladdr === undefined) throw new TypeError(`${field}.lladdr: required to delete a bridge FDB entry`);
    if (proxy) throw new TypeError(`${field}.proxy: bridge FDB entries cannot be proxy entries`);
    const flags = (master ? NTF.master : 0) | (self ? NTF.self : 0) || NTF.self;
    attrs.lladdr = lladdr;
    if (dst !== undefined) attrs.dst = k.dst;
    if (k.vlan !== undefined) attrs.vlan = checkInt(k.vlan, 1, 4094, `${field}.vlan`);
    if (k.port !== undefined) attrs.port = checkInt(k.port, 0, 0xffff, `${field}.port`);
    if (k.vni !== undefined) attrs.vni = checkInt(k.vni, 0, 0xffffff, `${field}.vni`);
    if (k.srcVni !== undefined) attrs.srcVni = checkInt(k.srcVni, 0, 0xffffff, `${field}.srcVni`);
    const p: PreparedNeighbour = { family, dev, state: NUD.noarp | NUD.permanent, flags, attrs };
    if (k.via !== undefined) {
      p.via = checkDev(k.via, `${field}.via`);
      attrs.ifindex = 0; // resolved by neighbourMessage
    }
    return p;
  }
  for (const key of ["vlan", "port", "vni", "srcVni", "via"] as const) {
    if (k[key] !== undefined) throw new TypeError(`${field}.${key}: only bridge FDB entries (family "bridge") take ${key}`);
  }
  if (master || self) throw new TypeError(`${field}.${master ? "master" : "self"}: only bridge FDB entries (family "bridge") take it`);
  attrs.dst = k.dst;
  if (lladdr !== undefined) attrs.lladdr = lladdr;
  return { family, dev, state: NUD.permanent, flags: proxy ? NTF.proxy : 0, attrs };
}

/** The RTM_NEWNEIGH/DELNEIGH message of a prepared request once its links are resolved. */
export function neighbourMessage(p: PreparedNeighbour, ifindex: number, viaIndex?: number): NeighMessage {
  const attrs = { ...p.attrs };
  if (viaIndex !== undefined) attrs.ifindex = viaIndex; // the key is already in place, so the order holds
  return { family: p.family, ifindex, state: NUD_STATES.names(p.state), flags: NTF_FLAGS.names(p.flags), type: 0, attrs };
}
