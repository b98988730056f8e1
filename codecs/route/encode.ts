/**
 * Fast encoder for route messages: writes the same bytes as the generic
 * engine (`routeAttrs.encode` after the rtmsg) but handles the common
 * attributes inline (addresses parsed straight into the output buffer,
 * u32s without per-attribute path strings). Anything unusual, including
 * every invalid value, is handed to the generic field so error messages
 * stay the engine's, and so is an object carrying the engine's wire-layout
 * record. test/route/codec.test.ts and the fuzz test check byte equality
 * with the generic encoder.
 */
import { HOST_LE } from "../core/align.ts";
import type { AttrSet } from "../core/attrset.ts";
import type { NlWriter } from "../core/writer.ts";
import { parseIPv4Into } from "../ip/ipv4-parse.ts";
import { parseIPv6Into } from "../ip/ipv6-parse.ts";
import { RTA, type RouteAttrs } from "./attrs.ts";
import { encodeRtMsg, type RtMsg } from "./header.ts";
import { RT_SCOPE, RT_TABLE, RTN, RTPROT } from "./tables.ts";

function isU32(v: unknown): v is number {
  return typeof v === "number" && v >= 0 && v <= 0xffffffff && Number.isInteger(v);
}

/** Write an address attribute parsed in place; false (nothing written) when `v` is not a valid address. */
function addrAttr(w: NlWriter, type: number, v: unknown): boolean {
  if (typeof v !== "string") return false;
  w.ensure(20);
  const p = w.pos;
  const v6 = v.indexOf(":") >= 0;
  if (v6 ? !parseIPv6Into(v, 0, v.length, w.buf, p + 4) : !parseIPv4Into(v, 0, v.length, w.buf, p + 4)) return false;
  const len = v6 ? 20 : 8;
  w.dv.setUint16(p, len, HOST_LE);
  w.dv.setUint16(p + 2, type, HOST_LE);
  w.pos = p + len;
  return true;
}

/** Encode route attributes with `set` as the reference for everything not inlined. */
export function encodeRouteAttrsFast(w: NlWriter, attrs: RouteAttrs, set: AttrSet<RouteAttrs>, path: string): void {
  if (attrs === null || typeof attrs !== "object" || Array.isArray(attrs)) throw new TypeError(`${path}: expected an object of attributes`);
  // A decoded object may carry the engine's hidden wire-layout record (a
  // symbol-keyed property): only the engine knows how to follow it.
  if (Object.getOwnPropertySymbols(attrs).length !== 0) {
    set.encode(w, attrs, path);
    return;
  }
  const rec = attrs as Record<string, unknown>;
  for (const key in rec) {
    const v = rec[key];
    if (v === undefined) continue;
    let t = 0;
    switch (key) {
      case "dst": if (addrAttr(w, RTA.DST, v)) continue; break;
      case "gateway": if (addrAttr(w, RTA.GATEWAY, v)) continue; break;
      case "prefsrc": if (addrAttr(w, RTA.PREFSRC, v)) continue; break;
      case "src": if (addrAttr(w, RTA.SRC, v)) continue; break;
      case "oif": t = RTA.OIF; break;
      case "priority": t = RTA.PRIORITY; break;
      case "iif": t = RTA.IIF; break;
      case "mark": t = RTA.MARK; break;
      case "nhId": t = RTA.NH_ID; break;
      case "uid": t = RTA.UID; break;
      case "flow": t = RTA.FLOW; break;
      case "expires": t = RTA.EXPIRES; break;
      case "table": {
        const n = typeof v === "string" ? RT_TABLE.byName.get(v) : v;
        if (isU32(n)) {
          w.attrU32(RTA.TABLE, n);
          continue;
        }
        break;
      }
    }
    if (t !== 0 && isU32(v)) {
      w.attrU32(t, v);
      continue;
    }
    set.encode(w, { [key]: v } as RouteAttrs, path);
  }
}

function isU8(v: unknown): v is number {
  return typeof v === "number" && v >= 0 && v <= 0xff && Number.isInteger(v);
}

function u8Of(v: unknown, t: { byName: Map<string, number> }): number | undefined {
  if (v === undefined) return 0;
  const n = typeof v === "string" ? t.byName.get(v) : v;
  return typeof n === "number" && n >= 0 && n <= 0xff && Number.isInteger(n) ? n : undefined;
}

/** Write the rtmsg, inline for the usual member values, else through the checked encoder. */
export function encodeRtMsgFast(w: NlWriter, h: Partial<RtMsg>, path: string): void {
  const table = u8Of(h.table, RT_TABLE), protocol = u8Of(h.protocol, RTPROT), scope = u8Of(h.scope, RT_SCOPE), type = u8Of(h.type, RTN);
  const fam = h.family ?? 0, dl = h.dstLen ?? 0, sl = h.srcLen ?? 0, tos = h.tos ?? 0;
  const simple = table !== undefined && protocol !== undefined && scope !== undefined && type !== undefined &&
    (h.flags === undefined || (Array.isArray(h.flags) && h.flags.length === 0)) &&
    isU8(fam) && isU8(dl) && isU8(sl) && isU8(tos);
  if (!simple) {
    encodeRtMsg(w, h, path);
    return;
  }
  w.ensure(12);
  const b = w.buf, p = w.pos;
  b[p] = fam; b[p + 1] = dl; b[p + 2] = sl; b[p + 3] = tos;
  b[p + 4] = table; b[p + 5] = protocol; b[p + 6] = scope; b[p + 7] = type;
  w.dv.setUint32(p + 8, 0, HOST_LE);
  w.pos = p + 12;
}
