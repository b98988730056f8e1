/**
 * `ip -json route show` for big tables: the words of compact JSON around
 * the values route-walk.ts writes from a plain route's bytes (the keys
 * printRoute prints through a JSON Printer, in its order, names from the
 * same tables).
 */
import { RT_PREF } from "../../codecs/route/tables.ts";
import { jsonString } from "./json.ts";
import { PROTOS, rtnName, SCOPES, TABLES } from "./names.ts";
import { FLAG_ORDER } from "./rt-flags.ts";
import { Words, type RouteStyle } from "./route-walk.ts";

const enc = new TextEncoder();
const bytes = (s: string): Uint8Array => enc.encode(s);

/** `,"key":"name"` fragments by number, made once per value seen. */
const names = (prefix: string, name: (v: number) => string): Words => new Words(prefix, (v) => jsonString(name(v)), "");

/** `,"flags":[...]`: print_rt_flags' JSON array. */
const FLAGS = new Words(',"flags":[', (f) => FLAG_ORDER.filter(([bit]) => f & bit).map(([, name]) => jsonString(name)).join(","), "]");
const NONE = new Uint8Array(0);

/** A route as one JSON object (`{...}`, no separator). */
export const JSON_ROUTE: RouteStyle = {
  type: names('{"type":', rtnName),
  dstAfterType: bytes(',"dst":"'),
  dstFirst: bytes('{"dst":"'),
  default: bytes("default"),
  dstEnd: NONE,
  gateway: bytes('","gateway":"'), // closes dst
  gatewayEnd: NONE,
  addrsEnd: bytes('"'),
  table: names(',"table":', (v) => TABLES.name(v)),
  protocol: names(',"protocol":', (v) => PROTOS.name(v)),
  scope: names(',"scope":', (v) => SCOPES.name(v)),
  prefsrc: bytes(',"prefsrc":"'),
  prefsrcEnd: bytes('"'),
  metric: bytes(',"metric":'),
  numberEnd: NONE,
  flags: FLAGS,
  noFlags: FLAGS.get(0),
  expires: bytes(',"expires":'),
  expiresEnd: NONE,
  error: bytes(',"error":'),
  pref: names(',"pref":', (v) => String(RT_PREF.name(v))),
  hopsOpen: bytes(',"nexthops":['),
  hopsClose: bytes("]"),
  hopFirst: NONE,
  hopNext: bytes(","),
  hopGateway: bytes('{"gateway":"'),
  hopGatewayEnd: bytes('"'),
  hopNoGateway: bytes("{"), // dev opens the object, without its comma
  devSkip: 1,
  weight: bytes(',"weight":'),
  hopEnd: bytes("}"),
  end: bytes("}"),
};
