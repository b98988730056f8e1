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
  dstEnd: -1,
  gateway: bytes('","gateway":"'), // closes dst
  gatewayEnd: -1,
  addrsEnd: 34, // "
  table: names(',"table":', (v) => TABLES.name(v)),
  protocol: names(',"protocol":', (v) => PROTOS.name(v)),
  scope: names(',"scope":', (v) => SCOPES.name(v)),
  prefsrc: bytes(',"prefsrc":"'),
  prefsrcEnd: 34, // "
  metric: bytes(',"metric":'),
  numberEnd: -1,
  flags: FLAGS,
  noFlags: FLAGS.get(0),
  expires: bytes(',"expires":'),
  expiresEnd: NONE,
  error: bytes(',"error":'),
  pref: names(',"pref":', (v) => String(RT_PREF.name(v))),
  hopsOpen: bytes(',"nexthops":['),
  hopsClose: 93, // ]
  hopFirst: NONE,
  hopNext: bytes(","),
  hopGateway: bytes('{"gateway":"'),
  hopGatewayEnd: 34, // "
  hopNoGateway: 123, // {: dev opens the object, without its comma
  devSkip: 1,
  weight: bytes(',"weight":'),
  hopEnd: 125, // }
  end: 125, // }
};
