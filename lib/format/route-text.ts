/**
 * `ip route show` as text for big tables: the words of print_route's text
 * around the values route-walk.ts writes from a plain route's bytes (the
 * words printRoute prints through a text Printer, in its order, names
 * from the same tables).
 */
import { RT_PREF } from "../../codecs/route/tables.ts";
import { PROTOS, rtnName, SCOPES, TABLES } from "./names.ts";
import { FLAG_ORDER } from "./rt-flags.ts";
import { Words, type RouteStyle } from "./route-walk.ts";

const enc = new TextEncoder();
const bytes = (s: string): Uint8Array => enc.encode(s);
const NONE = new Uint8Array(0);

const TYPE = new Words("", rtnName);
const TABLE = new Words("table ", (v) => TABLES.name(v));
const PROTO = new Words("proto ", (v) => PROTOS.name(v));
const SCOPE = new Words("scope ", (v) => SCOPES.name(v));
const PREF = new Words("pref ", (v) => String(RT_PREF.name(v)), "");
const FLAGS = new Words("", (f) => FLAG_ORDER.filter(([bit]) => f & bit).map(([, name]) => `${name} `).join(""), "");

/** The text style with `sl` (10: "\n"; 92: "\\" with -oneline) before each nexthop line, made once per separator. */
function textStyle(sl: number): RouteStyle {
  const hop = new Uint8Array([sl, ...bytes("\tnexthop ")]);
  return {
    type: TYPE,
    dstAfterType: NONE,
    dstFirst: NONE,
    default: bytes("default"),
    dstEnd: 32, // space
    gateway: bytes("via "),
    gatewayEnd: 32, // space
    addrsEnd: -1,
    table: TABLE,
    protocol: PROTO,
    scope: SCOPE,
    prefsrc: bytes("src "),
    prefsrcEnd: 32, // space
    metric: bytes("metric "),
    numberEnd: 32, // space
    flags: FLAGS,
    noFlags: NONE,
    expires: bytes("expires "),
    expiresEnd: bytes("sec "),
    error: bytes("error "),
    pref: PREF,
    hopsOpen: NONE,
    hopsClose: -1,
    hopFirst: hop,
    hopNext: hop,
    hopGateway: bytes("via "),
    hopGatewayEnd: 32, // space
    hopNoGateway: -1,
    devSkip: 0,
    weight: bytes("weight "),
    hopEnd: -1,
    end: 10, // newline
  };
}

/** A route as one text line (its nexthops on lines of their own, "\n"-separated). */
export const TEXT_ROUTE = textStyle(10);
/** The same with -oneline: nexthops after "\\". */
export const TEXT_ROUTE_ONELINE = textStyle(92);
