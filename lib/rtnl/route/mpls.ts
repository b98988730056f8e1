/**
 * AF_MPLS routes as RouteSpecs (`family: "mpls"`): the label switching
 * table of net/mpls/af_mpls.c, written as `ip -f mpls route add|del` does
 * (ip/iproute.c iproute_modify, iproute2 6.1):
 *
 *   ip -f mpls route add 100 as 200/300 via inet 192.0.2.1 dev v0
 *   routes.add({ family: "mpls", dst: "100", newdst: "200/300", via: "192.0.2.1", dev: "v0" })
 *
 * dst is one incoming label (rtm_dst_len 20, RTA_DST), newdst the outgoing
 * label stack ("200/300", RTA_NEWDST; none: the label is popped), via the
 * next hop's IPv4 or IPv6 address (RTA_VIA, since it is never of the
 * route's own family). Header as ip sends it: table main, protocol boot
 * (0 on delete), scope universe, type unicast (also on delete). The label
 * encoding itself is codecs/route/mpls.ts; what the kernel refuses (a table
 * other than main, a device without MPLS input enabled, a kernel without
 * mpls_router) is left to it, as ip leaves it.
 */
import { AF_MPLS } from "../../../codecs/ip/index.ts";
import { MPLS_LABEL_MAX, parseLabels } from "../../../codecs/route/mpls.ts";
import { RTN, RTPROT, RT_TABLE_MAIN } from "../../../codecs/route/tables.ts";
import { checkAddr, checkBool, checkEnum, checkInt, checkKeys, checkLink, checkTable, describe } from "../shared/check.ts";
import type { PreparedRoute, RouteSpec } from "./spec.ts";

/** Whether a spec or filter family names MPLS ("mpls" or AF_MPLS, 28). */
export function isMplsFamily(v: unknown): boolean {
  return v === "mpls" || v === AF_MPLS;
}

const MPLS_KEYS = ["dst", "family", "newdst", "via", "dev", "multipath", "table", "protocol", "type"] as const;
const MPLS_HOP_KEYS = ["newdst", "via", "dev", "weight", "onlink"] as const;
const RTN_UNICAST = 1, RTPROT_BOOT = 3, RT_SCOPE_UNIVERSE = 0;

/** One incoming label as text ("100"): TypeError/RangeError naming `field`. */
function checkLabel(v: unknown, field: string): string {
  if (typeof v !== "string" || !/^\d+$/.test(v)) throw new TypeError(`${field}: expected one MPLS label as a decimal string like "100", got ${describe(v)}`);
  if (Number(v) > MPLS_LABEL_MAX) throw new RangeError(`${field}: label ${v} is over ${MPLS_LABEL_MAX}`);
  return String(Number(v));
}

/** An outgoing label stack ("200/300"), checked by the codec's parser; the text is kept. */
function checkStack(v: unknown, field: string): string {
  if (typeof v !== "string" || !/^\d+(\/\d+)*$/.test(v)) throw new TypeError(`${field}: expected an MPLS label stack like "200/300", got ${describe(v)}`);
  parseLabels(v, field);
  return v.split("/").map(Number).join("/");
}

/** The next hop of an MPLS route: an IPv4 or IPv6 address, sent as RTA_VIA. */
function checkVia(v: unknown, field: string): { family: number; address: string } {
  const a = checkAddr(v, field);
  return { family: a.family, address: a.text };
}

/** Validate an MPLS RouteSpec for a NEWROUTE (`del` false) or DELROUTE; no syscall. */
export function prepareMplsRoute(spec: RouteSpec, del: boolean): PreparedRoute {
  const s = checkKeys(spec, MPLS_KEYS, "route") as unknown as RouteSpec;
  if (s.dst === undefined) throw new TypeError('dst: required (the incoming MPLS label, like "100")');
  const dst = checkLabel(s.dst, "dst");
  if (s.multipath !== undefined && (s.via !== undefined || s.dev !== undefined || s.newdst !== undefined)) {
    throw new TypeError("multipath: cannot be combined with via, dev or newdst (give them per path)");
  }
  const table = s.table === undefined ? RT_TABLE_MAIN : checkTable(s.table);
  const p: PreparedRoute = {
    family: AF_MPLS,
    header: {
      family: AF_MPLS, dstLen: 20, srcLen: 0, tos: 0, table: table < 256 ? table : 0,
      protocol: s.protocol === undefined ? (del ? 0 : RTPROT_BOOT) : checkEnum(s.protocol, RTPROT, "protocol", 0xff),
      scope: RT_SCOPE_UNIVERSE,
      type: s.type === undefined ? RTN_UNICAST : checkEnum(s.type, RTN, "type", 0xff),
      flags: 0,
    },
    hop: {},
    dst,
  };
  if (table >= 256) p.table = table;
  if (s.newdst !== undefined) p.newdst = checkStack(s.newdst, "newdst");
  if (s.via !== undefined) p.hop = { via: checkVia(s.via, "via") };
  if (s.dev !== undefined) p.dev = checkLink(s.dev, "dev");
  if (s.multipath !== undefined) {
    if (!Array.isArray(s.multipath) || s.multipath.length === 0) throw new TypeError(`multipath: expected a non-empty array of paths, got ${describe(s.multipath)}`);
    p.multipath = s.multipath.map((h, i) => {
      const path = `multipath[${i}]`;
      const o = checkKeys(h, MPLS_HOP_KEYS, path) as { newdst?: unknown; via?: unknown; dev?: unknown; weight?: unknown; onlink?: unknown };
      if (o.via === undefined && o.dev === undefined) throw new TypeError(`${path}: a path needs a via or dev`);
      const out: NonNullable<PreparedRoute["multipath"]>[number] = {
        weight: o.weight === undefined ? 1 : checkInt(o.weight, 1, 256, `${path}.weight`),
        onlink: o.onlink === undefined ? false : checkBool(o.onlink, `${path}.onlink`),
      };
      if (o.newdst !== undefined) out.newdst = checkStack(o.newdst, `${path}.newdst`);
      if (o.via !== undefined) out.via = checkVia(o.via, `${path}.via`);
      if (o.dev !== undefined) out.dev = checkLink(o.dev, `${path}.dev`);
      return out;
    });
  }
  return p;
}
