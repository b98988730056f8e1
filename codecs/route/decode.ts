/**
 * Hand-written decoder for route messages (rtmsg + route-attrs), the hot
 * path of a 100k-route dump. It walks the message once with RouteScan
 * (scan.ts, the walk every route reader shares) and produces exactly what
 * the generic attribute engine produces for `routeAttrs`, but inlines the
 * common attributes (addresses, u32s, table, pref) instead of calling a
 * field closure per attribute; every other attribute goes through its
 * generic field, and unusual input through the generic engine. The equivalence is checked by a seeded fuzz test
 * (test/route/fuzz.test.ts) that runs both decoders on the same inputs.
 */
import { HOST_LE } from "../core/align.ts";
import { DecodeError } from "../core/errors.ts";
import type { Field } from "../core/fields.ts";
import { formatIPv4, formatIPv6 } from "../ip/index.ts";
import { AF_MPLS } from "../ip/index.ts";
import { RTA, routeAttrFields, routeAttrs, routeAttrsMpls, type RouteAttrs } from "./attrs.ts";
import { RTMSG_SIZE, type RtMsg } from "./header.ts";
import { RouteScan } from "./scan.ts";
import { typeEncapIn } from "./multipath.ts";
import { ROUTE_NAMES, RTM_F } from "./tables.ts";

/** A decoded route message: the rtmsg members and the attributes. */
export type RouteMessage = RtMsg & { attrs: RouteAttrs };

interface Slot {
  name: string;
  path: string;
  field: Field<unknown>;
}

const SLOTS: Array<Slot | undefined> = [];
for (const [name, field] of Object.entries(routeAttrFields(false))) {
  SLOTS[field.type] = { name, path: `route.${name}`, field: field as Field<unknown> };
}

const { table: TABLE_NAMES, protocol: PROTO_NAMES, scope: SCOPE_NAMES, type: TYPE_NAMES, pref: PREF_NAMES } = ROUTE_NAMES;

function addr(b: Uint8Array, off: number, len: number, path: string): string {
  if (len === 4) return formatIPv4(b, off);
  if (len === 16) return formatIPv6(b, off);
  throw new DecodeError(`address needs 4 or 16 bytes, got ${len}`, path, off);
}

/**
 * Gateways and preferred sources repeat across a table (a few next hops
 * serve many routes): remember the last one of each and reuse its string
 * instead of formatting the same four bytes again (a 100k-route dump spends
 * a fifth of its decoding time in formatIPv4 otherwise).
 */
const lastV4 = { gateway: -1, gatewayText: "", prefsrc: -1, prefsrcText: "" };
function gatewayV4(dv: DataView, b: Uint8Array, p: number, n: number): string {
  if (n !== 4) return addr(b, p, n, "route.gateway");
  const k = dv.getUint32(p, HOST_LE);
  if (k !== lastV4.gateway) {
    lastV4.gatewayText = formatIPv4(b, p);
    lastV4.gateway = k;
  }
  return lastV4.gatewayText;
}
function prefsrcV4(dv: DataView, b: Uint8Array, p: number, n: number): string {
  if (n !== 4) return addr(b, p, n, "route.prefsrc");
  const k = dv.getUint32(p, HOST_LE);
  if (k !== lastV4.prefsrc) {
    lastV4.prefsrcText = formatIPv4(b, p);
    lastV4.prefsrc = k;
  }
  return lastV4.prefsrcText;
}

function u32At(dv: DataView, off: number, len: number, path: string): number {
  if (len !== 4) throw new DecodeError(`u32 needs 4 bytes, got ${len}`, path, off);
  return dv.getUint32(off, HOST_LE);
}

const scan = new RouteScan();

/**
 * Decode route-attrs in [off, end) exactly as `routeAttrs.decode` does,
 * then type the encap. Messages the scan takes (scan.ts: every kernel
 * route) are decoded from it with the common attributes inline; anything
 * else goes to the generic engine, which also records the wire layout
 * needed to re-encode such input byte for byte.
 */
export function decodeRouteAttrs(b: Uint8Array, dv: DataView, off: number, end: number): RouteAttrs {
  if (!scan.readAttrs(dv, off, end)) return generic(b, dv, off, end);
  const out: Record<string, unknown> = {};
  const { at, len, order, count } = scan;
  for (let k = 0; k < count; k++) {
    const type = order[k]!;
    const s = SLOTS[type];
    if (s === undefined) return generic(b, dv, off, end);
    const p = at[type]!;
    const n = len[type]!;
    switch (type) {
      case RTA.DST: out.dst = addr(b, p, n, "route.dst"); break;
      case RTA.GATEWAY: out.gateway = gatewayV4(dv, b, p, n); break;
      case RTA.PREFSRC: out.prefsrc = prefsrcV4(dv, b, p, n); break;
      case RTA.OIF: out.oif = u32At(dv, p, n, "route.oif"); break;
      case RTA.PRIORITY: out.priority = u32At(dv, p, n, "route.priority"); break;
      case RTA.TABLE: {
        const t = u32At(dv, p, n, "route.table");
        out.table = t < 256 ? TABLE_NAMES[t]! : t;
        break;
      }
      case RTA.PREF:
        if (n !== 1) throw new DecodeError(`route preference needs 1 bytes, got ${n}`, "route.pref", p);
        out.pref = PREF_NAMES[b[p]!]!;
        break;
      default:
        out[s.name] = s.field.decode(b, dv, p, n, s.path);
    }
  }
  if (out.encap !== undefined) typeEncapIn(out, b, dv, off, end, RTA.ENCAP);
  return out as RouteAttrs;
}

/** The generic engine's decode (of `set`, default the inet table), with the encap typed. */
function generic(b: Uint8Array, dv: DataView, start: number, end: number, set = routeAttrs): RouteAttrs {
  const out = set.decode(b, dv, start, end);
  if (out.encap !== undefined) typeEncapIn(out, b, dv, start, end, RTA.ENCAP);
  return out;
}

/** Decode one route message payload (rtmsg + attributes) in [off, end); AF_MPLS routes decode labels (mpls.ts). */
export function decodeRoute(b: Uint8Array, dv: DataView, off: number, end: number): RouteMessage {
  if (end - off < RTMSG_SIZE) throw new DecodeError(`rtmsg needs ${RTMSG_SIZE} bytes, got ${end - off}`, "route", off);
  const f = dv.getUint32(off + 8, HOST_LE);
  const a = off + RTMSG_SIZE;
  const attrs = a >= end ? ({} as RouteAttrs) : b[off] === AF_MPLS ? generic(b, dv, a, end, routeAttrsMpls) : decodeRouteAttrs(b, dv, a, end);
  return {
    family: b[off]!,
    dstLen: b[off + 1]!,
    srcLen: b[off + 2]!,
    tos: b[off + 3]!,
    table: TABLE_NAMES[b[off + 4]!]!,
    protocol: PROTO_NAMES[b[off + 5]!]!,
    scope: SCOPE_NAMES[b[off + 6]!]!,
    type: TYPE_NAMES[b[off + 7]!]!,
    flags: f === 0 ? [] : RTM_F.names(f),
    attrs,
  };
}
