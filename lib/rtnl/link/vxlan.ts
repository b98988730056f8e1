/**
 * Options of `LinkApi.add` for kind "vxlan" (IFLA_VXLAN_*), validated and
 * written in the order `ip link add ... type vxlan ...` (iproute2 6.1)
 * writes them: the per-option attributes first, then id, local,
 * group/remote, learning (always) and the destination port.
 */
import type { VxlanData } from "../../../codecs/link/index.ts";
import { b01, type DataBuilder } from "./kinds.ts";
import { checkBool, checkInt, checkIp, checkLinkRef, checkObject, checkU16, checkU32, checkU8, isMulticast, show, type LinkRef } from "./validate.ts";

/** Options of kind "vxlan". Give `group` (multicast) or `remote` (unicast), not both. */
export interface VxlanOptions {
  id?: number;
  group?: string;
  remote?: string;
  local?: string;
  /** Underlying device (IFLA_VXLAN_LINK), required with a multicast group. */
  link?: LinkRef;
  /** Hop limit, 0 (auto) .. 255, or "inherit" (from the inner packet; IFLA_VXLAN_TTL_INHERIT). */
  ttl?: number | "inherit";
  /** 1: inherit from the inner packet. */
  tos?: number;
  /** The outer IPv4 header's DF bit: "unset", "set" or "inherit". */
  df?: "unset" | "set" | "inherit";
  label?: number;
  ageing?: number;
  limit?: number;
  srcPortRange?: { low: number; high: number };
  /** UDP destination port; 0 (or absent): the kernel's default (8472; 4790 with gpe). */
  dstPort?: number;
  learning?: boolean;
  proxy?: boolean;
  rsc?: boolean;
  l2miss?: boolean;
  l3miss?: boolean;
  udpCsum?: boolean;
  udpZeroCsum6Tx?: boolean;
  udpZeroCsum6Rx?: boolean;
  remcsumTx?: boolean;
  remcsumRx?: boolean;
  /** With external: per-VNI filtering (IFLA_VXLAN_VNIFILTER). */
  vnifilter?: boolean;
  /** Collect metadata ("external"): no VNI, learning off. */
  external?: boolean;
  gbp?: boolean;
  gpe?: boolean;
}

const VXLAN_KEYS = [
  "id", "group", "remote", "local", "link", "ttl", "tos", "label", "ageing", "limit", "srcPortRange", "dstPort", "learning",
  "proxy", "rsc", "l2miss", "l3miss", "udpCsum", "udpZeroCsum6Tx", "udpZeroCsum6Rx", "remcsumTx", "remcsumRx", "external", "gbp", "gpe",
  "vnifilter", "df",
];

/**
 * vxlan data as iproute2 writes it: the per-option attributes first (link,
 * ttl, tos, label, ageing, limit, port range, booleans), then id, local,
 * group/remote, learning (default on; for a change only when given) and
 * the destination port.
 */
export const vxlanData: DataBuilder = (opts, ctx, field) => {
  const o = checkObject<VxlanOptions>(opts, VXLAN_KEYS, field);
  const external = o.external === undefined ? false : checkBool(o.external, `${field}.external`);
  if (external && o.id !== undefined) throw new TypeError(`${field}.id: ${show(o.id)} cannot be combined with external`);
  if (!external && o.id === undefined && !ctx.change && o.vnifilter === undefined) throw new TypeError(`${field}.id: required (the VNI, 0..16777215)`);
  if (o.group !== undefined && o.remote !== undefined) throw new TypeError(`${field}.remote: ${show(o.remote)} cannot be combined with group`);
  const d: VxlanData = {};
  if (o.link !== undefined) d.link = ctx.index(checkLinkRef(o.link, `${field}.link`), `${field}.link`);
  if (o.ttl === "inherit") d.ttlInherit = true;
  else if (o.ttl !== undefined) d.ttl = checkU8(o.ttl, `${field}.ttl`);
  if (o.tos !== undefined) d.tos = checkU8(o.tos, `${field}.tos`);
  if (o.label !== undefined) d.label = checkInt(o.label, 0, 0xfffff, `${field}.label`);
  if (o.ageing !== undefined) d.ageing = checkU32(o.ageing, `${field}.ageing`);
  if (o.limit !== undefined) d.limit = checkU32(o.limit, `${field}.limit`);
  if (o.srcPortRange !== undefined) {
    const r = checkObject<{ low: unknown; high: unknown }>(o.srcPortRange, ["low", "high"], `${field}.srcPortRange`);
    const low = checkU16(r.low, `${field}.srcPortRange.low`);
    const high = checkU16(r.high, `${field}.srcPortRange.high`);
    if (high < low) throw new RangeError(`${field}.srcPortRange: high ${high} is below low ${low}`);
    d.portRange = { low, high };
  }
  const bool8 = (k: keyof VxlanOptions, attr: keyof VxlanData) => {
    if (o[k] !== undefined) (d as Record<string, unknown>)[attr] = b01(o[k], `${field}.${k}`);
  };
  bool8("proxy", "proxy");
  bool8("rsc", "rsc");
  bool8("l2miss", "l2miss");
  bool8("l3miss", "l3miss");
  bool8("udpCsum", "udpCsum");
  bool8("udpZeroCsum6Tx", "udpZeroCsum6Tx");
  bool8("udpZeroCsum6Rx", "udpZeroCsum6Rx");
  bool8("remcsumTx", "remcsumTx");
  bool8("remcsumRx", "remcsumRx");
  if (o.df !== undefined) {
    if (o.df !== "unset" && o.df !== "set" && o.df !== "inherit") throw new TypeError(`${field}.df: expected "unset", "set" or "inherit", got ${show(o.df)}`);
    d.df = o.df;
  }
  if (o.external !== undefined) d.collectMetadata = external ? 1 : 0;
  if (o.gbp !== undefined && checkBool(o.gbp, `${field}.gbp`)) d.gbp = true;
  if (o.gpe !== undefined && checkBool(o.gpe, `${field}.gpe`)) d.gpe = true;
  if (o.vnifilter !== undefined) {
    d.vnifilter = b01(o.vnifilter, `${field}.vnifilter`);
    if (d.vnifilter && !external) throw new TypeError(`${field}.vnifilter: only with external`);
  }
  if (o.id !== undefined) d.id = checkInt(o.id, 0, 0xffffff, `${field}.id`);
  let fam: 4 | 16 | undefined;
  if (o.local !== undefined) {
    fam = checkIp(o.local, `${field}.local`);
    if (isMulticast(o.local, `${field}.local`)) throw new TypeError(`${field}.local: ${show(o.local)} is a multicast address`);
    if (fam === 4) d.local = o.local; else d.local6 = o.local;
  }
  const peerKey = o.group !== undefined ? "group" : o.remote !== undefined ? "remote" : undefined;
  if (peerKey !== undefined) {
    const addr = o[peerKey] as string;
    const len = checkIp(addr, `${field}.${peerKey}`);
    if (fam !== undefined && len !== fam) throw new TypeError(`${field}.${peerKey}: ${show(addr)} is not of the same family as local`);
    const multicast = isMulticast(addr, `${field}.${peerKey}`);
    if (peerKey === "group" && !multicast) throw new TypeError(`${field}.group: ${show(addr)} is not a multicast address (use remote)`);
    if (peerKey === "remote" && multicast) throw new TypeError(`${field}.remote: ${show(addr)} is a multicast address (use group)`);
    if (peerKey === "group" && o.link === undefined) throw new TypeError(`${field}.link: required with a multicast group`);
    if (len === 4) d.group = addr; else d.group6 = addr;
  }
  if (o.learning !== undefined) d.learning = b01(o.learning, `${field}.learning`);
  else if (!ctx.change) d.learning = external ? 0 : 1; // a change sends learning only when given, as ip's set_op
  const port = o.dstPort === undefined ? 0 : checkInt(o.dstPort, 0, 0xffff, `${field}.dstPort`);
  if (port !== 0) d.port = port;
  else if (o.dstPort === undefined && d.gpe) d.port = 4790;
  return d;
};
