/**
 * Kind-specific options of `LinkApi.add` for IP tunnels: gre/gretap,
 * ip6gre/ip6gretap, ipip/sit, ip6tnl, geneve. iproute2 (6.1) sends a
 * tunnel's whole parameter block, filling in its defaults for what the
 * command did not say (pmtudisc on, hop limit 64 and encapsulation limit 4
 * for IPv6 tunnels, zero keys, no UDP encapsulation...); these builders do
 * the same, in the same attribute order, so the kernel receives exactly
 * what `ip link add ... type KIND ...` would send. Keys are numbers; their
 * wire form is big-endian, as are GRE flags.
 */
import type { GeneveData, GreData, Ip6tnlData, IptunData } from "../../../codecs/link/index.ts";
import { GRE_FLAGS } from "../../../codecs/link/index.ts";
import type { DataBuilder } from "./kinds.ts";
import { checkBool, checkChoice, checkInt, checkIp, checkLinkRef, checkObject, checkU32, checkU8, show, type LinkRef } from "./validate.ts";

/** Options shared by the GRE kinds. */
export interface GreOptions {
  local?: string;
  remote?: string;
  /** Underlying device (IFLA_GRE_LINK). */
  link?: LinkRef;
  ttl?: number;
  tos?: number;
  /** Path MTU discovery (default on). IPv4 GRE only. */
  pmtudisc?: boolean;
  /** Sets both ikey and okey. */
  key?: number;
  ikey?: number;
  okey?: number;
  /** Sequence numbers / checksums both ways, or one way. */
  seq?: boolean;
  iseq?: boolean;
  oseq?: boolean;
  csum?: boolean;
  icsum?: boolean;
  ocsum?: boolean;
  fwmark?: number;
  /** IPv6 kinds: encapsulation limit (default 4). */
  encapLimit?: number;
}

const GRE_KEYS = ["local", "remote", "link", "ttl", "tos", "pmtudisc", "key", "ikey", "okey", "seq", "iseq", "oseq", "csum", "icsum", "ocsum", "fwmark", "encapLimit"];

function greCommon(o: GreOptions, field: string): { ikey: number; okey: number; iflags: number; oflags: number } {
  let ikey = 0;
  let okey = 0;
  let iflags = 0;
  let oflags = 0;
  if (o.key !== undefined) {
    if (o.ikey !== undefined || o.okey !== undefined) throw new TypeError(`${field}.key: ${show(o.key)} cannot be combined with ikey/okey`);
    ikey = okey = checkU32(o.key, `${field}.key`);
    iflags |= GRE_FLAGS.key;
    oflags |= GRE_FLAGS.key;
  }
  if (o.ikey !== undefined) { ikey = checkU32(o.ikey, `${field}.ikey`); iflags |= GRE_FLAGS.key; }
  if (o.okey !== undefined) { okey = checkU32(o.okey, `${field}.okey`); oflags |= GRE_FLAGS.key; }
  const both = (k: "seq" | "csum", bit: number) => {
    if (o[k] !== undefined && checkBool(o[k], `${field}.${k}`)) { iflags |= bit; oflags |= bit; }
  };
  both("seq", GRE_FLAGS.seq);
  both("csum", GRE_FLAGS.csum);
  if (o.iseq !== undefined && checkBool(o.iseq, `${field}.iseq`)) iflags |= GRE_FLAGS.seq;
  if (o.oseq !== undefined && checkBool(o.oseq, `${field}.oseq`)) oflags |= GRE_FLAGS.seq;
  if (o.icsum !== undefined && checkBool(o.icsum, `${field}.icsum`)) iflags |= GRE_FLAGS.csum;
  if (o.ocsum !== undefined && checkBool(o.ocsum, `${field}.ocsum`)) oflags |= GRE_FLAGS.csum;
  return { ikey, okey, iflags, oflags };
}

/** The four UDP-encapsulation attributes iproute2 always appends (no encapsulation). */
function noEncap(d: { encapType?: number; encapFlags?: number; encapSport?: number; encapDport?: number }, flags: number): void {
  d.encapType = 0;
  d.encapFlags = flags;
  d.encapSport = 0;
  d.encapDport = 0;
}

/** Builder for gre/gretap (v6 = false) or ip6gre/ip6gretap (v6 = true). */
export function greData(v6: boolean): DataBuilder {
  return (opts, ctx, field) => {
    const o = checkObject<GreOptions>(opts, GRE_KEYS, field);
    const fam = v6 ? 6 : 4;
    if (o.local !== undefined) checkIp(o.local, `${field}.local`, fam);
    if (o.remote !== undefined) checkIp(o.remote, `${field}.remote`, fam);
    if (v6 && o.pmtudisc !== undefined) throw new TypeError(`${field}.pmtudisc: not an option of IPv6 GRE`);
    if (v6 && o.tos !== undefined) throw new TypeError(`${field}.tos: not an option of IPv6 GRE`);
    if (!v6 && o.encapLimit !== undefined) throw new TypeError(`${field}.encapLimit: only an option of IPv6 GRE`);
    const k = greCommon(o, field);
    const d: GreData = { ikey: k.ikey, okey: k.okey, iflags: k.iflags, oflags: k.oflags };
    if (o.local !== undefined) d.local = o.local;
    if (o.remote !== undefined) d.remote = o.remote;
    const link = o.link === undefined ? undefined : ctx.index(checkLinkRef(o.link, `${field}.link`), `${field}.link`);
    const ttl = o.ttl === undefined ? (v6 ? 64 : 0) : checkU8(o.ttl, `${field}.ttl`);
    const fwmark = o.fwmark === undefined ? 0 : checkU32(o.fwmark, `${field}.fwmark`);
    if (v6) {
      if (link !== undefined) d.link = link;
      d.ttl = ttl;
      d.encapLimit = o.encapLimit === undefined ? 4 : checkU8(o.encapLimit, `${field}.encapLimit`);
      d.flowinfo = 0;
      d.flags = 0;
      d.fwmark = fwmark;
      d.erspanVer = 1;
      noEncap(d, 2);
    } else {
      d.pmtudisc = o.pmtudisc === undefined ? 1 : checkBool(o.pmtudisc, `${field}.pmtudisc`) ? 1 : 0;
      d.tos = o.tos === undefined ? 0 : checkU8(o.tos, `${field}.tos`);
      if (link !== undefined) d.link = link;
      d.ttl = ttl;
      d.fwmark = fwmark;
      noEncap(d, 0);
    }
    return d;
  };
}

/** Options of ipip and sit. */
export interface IptunOptions {
  local?: string;
  remote?: string;
  link?: LinkRef;
  ttl?: number;
  tos?: number;
  /** Default on; a fixed ttl needs it on. */
  pmtudisc?: boolean;
  fwmark?: number;
}

/** Builder for ipip (sit = false) and sit (sit = true). */
export function iptunData(sit: boolean): DataBuilder {
  return (opts, ctx, field) => {
    const o = checkObject<IptunOptions>(opts, ["local", "remote", "link", "ttl", "tos", "pmtudisc", "fwmark"], field);
    if (o.local !== undefined) checkIp(o.local, `${field}.local`, 4);
    if (o.remote !== undefined) checkIp(o.remote, `${field}.remote`, 4);
    const ttl = o.ttl === undefined ? 0 : checkU8(o.ttl, `${field}.ttl`);
    const pmtudisc = o.pmtudisc === undefined ? true : checkBool(o.pmtudisc, `${field}.pmtudisc`);
    if (ttl !== 0 && !pmtudisc) throw new TypeError(`${field}.ttl: ${ttl} needs pmtudisc (a fixed ttl and no path MTU discovery are incompatible)`);
    const d: IptunData = { proto: 0 };
    if (o.local !== undefined) d.local = o.local;
    if (o.remote !== undefined) d.remote = o.remote;
    d.pmtudisc = pmtudisc ? 1 : 0;
    d.tos = o.tos === undefined ? 0 : checkU8(o.tos, `${field}.tos`);
    d.ttl = ttl;
    d.link = o.link === undefined ? 0 : ctx.index(checkLinkRef(o.link, `${field}.link`), `${field}.link`);
    d.fwmark = o.fwmark === undefined ? 0 : checkU32(o.fwmark, `${field}.fwmark`);
    noEncap(d, 0);
    if (sit) d.flags = 0;
    return d;
  };
}

/** Options of ip6tnl. */
export interface Ip6tnlOptions {
  local?: string;
  remote?: string;
  link?: LinkRef;
  /** Hop limit, default 64. */
  ttl?: number;
  /** Default 4. */
  encapLimit?: number;
  /** Inner protocol: ip6ip6 (41), ipip6 (4) or any (0, the default). */
  mode?: "ip6ip6" | "ipip6" | "any";
  fwmark?: number;
}

export const ip6tnlData: DataBuilder = (opts, ctx, field) => {
  const o = checkObject<Ip6tnlOptions>(opts, ["local", "remote", "link", "ttl", "encapLimit", "mode", "fwmark"], field);
  if (o.local !== undefined) checkIp(o.local, `${field}.local`, 6);
  if (o.remote !== undefined) checkIp(o.remote, `${field}.remote`, 6);
  const mode = o.mode === undefined ? "any" : checkChoice(o.mode, ["ip6ip6", "ipip6", "any"], `${field}.mode`);
  const d: Ip6tnlData = { proto: mode === "ip6ip6" ? 41 : mode === "ipip6" ? 4 : 0 };
  if (o.local !== undefined) d.local = o.local;
  if (o.remote !== undefined) d.remote = o.remote;
  d.ttl = o.ttl === undefined ? 64 : checkU8(o.ttl, `${field}.ttl`);
  d.encapLimit = o.encapLimit === undefined ? 4 : checkU8(o.encapLimit, `${field}.encapLimit`);
  d.flowinfo = 0;
  d.flags = 0;
  d.link = o.link === undefined ? 0 : ctx.index(checkLinkRef(o.link, `${field}.link`), `${field}.link`);
  d.fwmark = o.fwmark === undefined ? 0 : checkU32(o.fwmark, `${field}.fwmark`);
  noEncap(d, 2);
  return d;
};

/** Options of geneve. */
export interface GeneveOptions {
  id: number;
  /** IPv4 or IPv6 remote. */
  remote?: string;
  ttl?: number;
  tos?: number;
  /** Flow label (IPv6), 20 bits. */
  label?: number;
  dstPort?: number;
}

/** geneve data as iproute2 writes it: id, remote, label, ttl, tos, then the port when given. */
export const geneveData: DataBuilder = (opts, _ctx, field) => {
  const o = checkObject<GeneveOptions>(opts, ["id", "remote", "ttl", "tos", "label", "dstPort"], field);
  const d: GeneveData = { id: checkInt(o.id, 0, 0xffffff, `${field}.id`) };
  if (o.remote !== undefined) {
    if (checkIp(o.remote, `${field}.remote`) === 4) d.remote = o.remote;
    else d.remote6 = o.remote;
  }
  d.label = o.label === undefined ? 0 : checkInt(o.label, 0, 0xfffff, `${field}.label`);
  d.ttl = o.ttl === undefined ? 0 : checkU8(o.ttl, `${field}.ttl`);
  d.tos = o.tos === undefined ? 0 : checkU8(o.tos, `${field}.tos`);
  if (o.dstPort !== undefined) d.port = checkInt(o.dstPort, 1, 0xffff, `${field}.dstPort`);
  return d;
};
