/**
 * Nexthop objects as the API takes and returns them (`ip nexthop add id N
 * via GW dev D`, `... group A,W/B`, `... blackhole`, `... fdb`), validated
 * before any syscall and laid out as iproute2 sends them (ip/ipnexthop.c):
 * nhmsg family from the gateway (AF_UNSPEC for groups, AF_INET unless told
 * otherwise for the rest), then NHA_ID, NHA_GROUP, NHA_RES_GROUP,
 * NHA_GROUP_TYPE, NHA_BLACKHOLE, NHA_ENCAP + NHA_ENCAP_TYPE, NHA_GATEWAY,
 * NHA_OIF, NHA_FDB.
 */
import { USER_HZ } from "../../../codecs/core/constants.ts";
import type { NexthopMessage } from "../../../codecs/nexthop/message.ts";
import type { NexthopAttrs } from "../../../codecs/nexthop/attrs.ts";
import { AF_INET, AF_INET6, AF_UNSPEC } from "../../../codecs/ip/index.ts";
import { RTPROT } from "../../../codecs/route/tables.ts";
import { checkEncap, encapAttrs, type RouteEncapSpec } from "../route/encap.ts";
import type { Nexthop } from "./model.ts";
import { checkAddr, checkBool, checkEnum, checkFamily, checkInt, checkKeys, checkLink, describe, type RouteFamily } from "../shared/check.ts";

/** A member of a nexthop group. */
export interface NexthopGroupMember {
  id: number;
  /** 1..65536 (default 1); above 256 needs Linux 6.12 (nexthop_grp.weight_high). */
  weight?: number;
}

/** Parameters of a resilient group (`type resilient buckets B idle_timer S unbalanced_timer S`). */
export interface ResilientSpec {
  buckets?: number;
  /** Seconds. */
  idleTimer?: number;
  /** Seconds. */
  unbalancedTimer?: number;
}

/** A nexthop object as `ip nexthop add` takes it. */
export interface NexthopSpec {
  /** 1..2^32-1. */
  id: number;
  family?: RouteFamily;
  gateway?: string;
  dev?: string | number;
  blackhole?: boolean;
  group?: NexthopGroupMember[];
  /** "mpath" (hash-threshold, the default) or "resilient". */
  groupType?: "mpath" | "resilient";
  resilient?: ResilientSpec;
  /** A nexthop for bridge FDB entries (VXLAN). */
  fdb?: boolean;
  onlink?: boolean;
  protocol?: string | number;
  encap?: RouteEncapSpec;
}

const KEYS = ["id", "family", "gateway", "dev", "blackhole", "group", "groupType", "resilient", "fdb", "onlink", "protocol", "encap"];

/** A validated nexthop request whose link is not resolved yet. */
export interface PreparedNexthop {
  msg: NexthopMessage;
  dev?: string | number;
}

/** Validate `spec` (no syscall). */
export function prepareNexthop(spec: NexthopSpec): PreparedNexthop {
  const s = checkKeys(spec, KEYS, "nexthop") as unknown as NexthopSpec;
  if (s.id === undefined) throw new TypeError("id: required (1..4294967295)");
  const id = checkInt(s.id, 1, 0xffffffff, "id");
  const blackhole = s.blackhole === undefined ? false : checkBool(s.blackhole, "blackhole");
  const fdb = s.fdb === undefined ? false : checkBool(s.fdb, "fdb");
  const onlink = s.onlink === undefined ? false : checkBool(s.onlink, "onlink");
  const isGroup = s.group !== undefined;
  if (isGroup) {
    for (const k of ["gateway", "dev", "blackhole", "encap", "onlink"] as const) {
      if (s[k] !== undefined) throw new TypeError(`${k}: a nexthop group cannot have ${k} (its members do)`);
    }
  } else if (s.groupType !== undefined || s.resilient !== undefined) {
    throw new TypeError(`${s.groupType !== undefined ? "groupType" : "resilient"}: only for a nexthop group (give group)`);
  }
  if (blackhole) {
    for (const k of ["gateway", "dev", "encap", "fdb", "onlink"] as const) {
      if (s[k] !== undefined && s[k] !== false) throw new TypeError(`${k}: a blackhole nexthop cannot have ${k}`);
    }
  }
  if (fdb && (s.dev !== undefined || s.encap !== undefined)) throw new TypeError(`${s.dev !== undefined ? "dev" : "encap"}: an fdb nexthop cannot have ${s.dev !== undefined ? "dev" : "encap"}`);
  if (!isGroup && !blackhole && s.gateway === undefined && s.dev === undefined) throw new TypeError("nexthop: needs gateway, dev, blackhole or group");

  let family: number = s.family === undefined ? AF_UNSPEC : checkFamily(s.family);
  const a: NexthopAttrs = { id };
  if (isGroup) {
    if (s.family !== undefined) throw new TypeError("family: a nexthop group has no family");
    a.group = checkGroup(s.group);
    const type = s.groupType === undefined ? "mpath" : s.groupType;
    if (type !== "mpath" && type !== "resilient") throw new TypeError(`groupType: ${describe(type)} is not "mpath" or "resilient"`);
    if (s.resilient !== undefined) {
      if (type !== "resilient") throw new TypeError('resilient: only for groupType "resilient"');
      a.resGroup = checkResilient(s.resilient);
    }
    if (type === "resilient") a.groupType = "resilient";
  } else {
    if (blackhole) a.blackhole = true;
    if (s.encap !== undefined) Object.assign(a, encapAttrs(checkEncap(s.encap, "encap")));
    if (s.gateway !== undefined) {
      const g = checkAddr(s.gateway, "gateway", family === AF_UNSPEC ? undefined : family);
      family = g.family;
      a.gateway = g.text;
    }
    if (family === AF_UNSPEC) family = AF_INET;
  }
  const msg: NexthopMessage = {
    family, scope: 0, resvd: 0, flags: onlink ? ["onlink"] : [],
    protocol: s.protocol === undefined ? 0 : checkEnum(s.protocol, RTPROT, "protocol", 0xff),
    attrs: a,
  };
  const p: PreparedNexthop = { msg };
  if (s.dev !== undefined) p.dev = checkLink(s.dev, "dev");
  if (fdb) p.msg.attrs.fdb = true; // written after NHA_OIF by buildNexthopMessage
  return p;
}

function checkGroup(v: unknown): NonNullable<NexthopAttrs["group"]> {
  if (!Array.isArray(v) || v.length === 0) throw new TypeError(`group: expected a non-empty array of { id, weight }, got ${describe(v)}`);
  const seen = new Set<number>();
  return v.map((m, i) => {
    const o = checkKeys(m, ["id", "weight"], `group[${i}]`);
    const id = checkInt(o.id, 1, 0xffffffff, `group[${i}].id`);
    if (seen.has(id)) throw new TypeError(`group[${i}].id: ${id} is listed twice`);
    seen.add(id);
    const w = (o.weight === undefined ? 1 : checkInt(o.weight, 1, 65536, `group[${i}].weight`)) - 1;
    return { id, weight: w & 0xff, weightHigh: w >>> 8, resvd2: 0 };
  });
}

function checkResilient(v: unknown): NonNullable<NexthopAttrs["resGroup"]> {
  const o = checkKeys(v, ["buckets", "idleTimer", "unbalancedTimer"], "resilient") as ResilientSpec;
  const out: NonNullable<NexthopAttrs["resGroup"]> = {};
  if (o.buckets !== undefined) out.buckets = checkInt(o.buckets, 1, 0xffff, "resilient.buckets");
  if (o.idleTimer !== undefined) out.idleTimer = checkInt(o.idleTimer, 0, Math.floor(0xffffffff / USER_HZ), "resilient.idleTimer") * USER_HZ;
  if (o.unbalancedTimer !== undefined) out.unbalancedTimer = checkInt(o.unbalancedTimer, 0, Math.floor(0xffffffff / USER_HZ), "resilient.unbalancedTimer") * USER_HZ;
  return out;
}

/** The request with the link resolved: NHA_OIF goes after NHA_GATEWAY, NHA_FDB last. */
export function buildNexthopMessage(p: PreparedNexthop, index: (link: string | number, field: string) => number): NexthopMessage {
  const { fdb, ...rest } = p.msg.attrs;
  const a: NexthopAttrs = rest;
  if (p.dev !== undefined) a.oif = index(p.dev, "dev");
  if (fdb) a.fdb = true;
  return { ...p.msg, attrs: a };
}
