/**
 * `ip -json route show` for big tables: a plain route (route-plain.ts)
 * written as compact JSON bytes straight from the dump's bytes, with no
 * RouteMessage, Printer or string per route. The output is byte for byte
 * what printRoute prints through a JSON Printer (test/format/route-bytes.test.ts
 * compares them): the same keys in the same order, names from the same
 * tables, link names through the same lookups in the same order.
 * route-list.ts decides which routes come here.
 */
import { HOST_LE } from "../../codecs/core/align.ts";
import { USER_HZ } from "../../codecs/core/constants.ts";
import { RTA } from "../../codecs/route/attrs.ts";
import { RT_PREF, RT_TABLE_MAIN, RTN_UNICAST, RTPROT_BOOT } from "../../codecs/route/tables.ts";
import type { Bytes } from "./bytes.ts";
import { jsonString } from "./json.ts";
import { PROTOS, rtnName, SCOPES, TABLES } from "./names.ts";
import { FLAG_ORDER } from "./rt-flags.ts";
import { plain, RTNH_SIZE } from "./route-plain.ts";
import { Words } from "./route-text.ts";

const enc = new TextEncoder();
const bytes = (s: string): Uint8Array => enc.encode(s);

/** `,"key":"name"` fragments by number, made once per value seen. */
const names = (prefix: string, name: (v: number) => string): Words => new Words(prefix, (v) => jsonString(name(v)), "");

const TYPE = names('{"type":', rtnName);
const TABLE = names(',"table":', (v) => TABLES.name(v));
const PROTO = names(',"protocol":', (v) => PROTOS.name(v));
const SCOPE = names(',"scope":', (v) => SCOPES.name(v));
const PREF = names(',"pref":', (v) => String(RT_PREF.name(v)));
/** `,"flags":[...]`: print_rt_flags' JSON array. */
const FLAGS = new Words(',"flags":[', (f) => FLAG_ORDER.filter(([bit]) => f & bit).map(([, name]) => jsonString(name)).join(","), "]");
const DST_AFTER_TYPE = bytes(',"dst":"');
const DST_FIRST = bytes('{"dst":"');
const DEFAULT = bytes("default");
const GATEWAY = bytes('","gateway":"');
const QUOTE = bytes('"');
const PREFSRC = bytes(',"prefsrc":"');
const METRIC = bytes(',"metric":');
const EXPIRES = bytes(',"expires":');
const ERROR = bytes(',"error":');
const NEXTHOPS = bytes(',"nexthops":[');
const HOP_GATEWAY = bytes('{"gateway":"');
const WEIGHT = bytes(',"weight":');
const NO_FLAGS = FLAGS.get(0);

/**
 * Write the route `plainRoute` just accepted (payload at a[off]) as one
 * JSON object. `dev(i)` gives `,"dev":NAME` for link i; `filterTable` is
 * the table the listing is restricted to (0: all).
 */
export function writeJsonRoute(a: Uint8Array, dv: DataView, off: number, out: Bytes, dev: (i: number) => Uint8Array, filterTable: number): void {
  const { alen, dstLen, table, flags, expires, error } = plain;
  const at = plain.scan.at, len = plain.scan.len, has = plain.scan.present;
  const type = a[off + 7]!;
  if (type !== RTN_UNICAST) {
    out.put(TYPE.get(type));
    out.put(DST_AFTER_TYPE);
  } else out.put(DST_FIRST);
  if (!(has & (1 << RTA.DST))) out.put(DEFAULT);
  else {
    out.addr(a, at[RTA.DST]!, alen);
    if (dstLen !== alen * 8) {
      out.byte(47);
      out.decimal(dstLen);
    }
  }
  if (has & (1 << RTA.GATEWAY)) {
    out.put(GATEWAY); // closes dst
    out.addr(a, at[RTA.GATEWAY]!, alen);
  }
  out.byte(34);
  if (has & (1 << RTA.OIF)) out.put(dev(dv.getUint32(at[RTA.OIF]!, HOST_LE)));
  if (table !== 0 && table !== RT_TABLE_MAIN && filterTable === 0) out.put(TABLE.get(table));
  const proto = a[off + 5]!;
  if (proto !== RTPROT_BOOT) out.put(PROTO.get(proto));
  const scope = a[off + 6]!;
  if (scope !== 0) out.put(SCOPE.get(scope));
  if (has & (1 << RTA.PREFSRC)) {
    out.put(PREFSRC);
    out.addr(a, at[RTA.PREFSRC]!, alen);
    out.put(QUOTE);
  }
  if (has & (1 << RTA.PRIORITY)) {
    out.put(METRIC);
    out.decimal(dv.getUint32(at[RTA.PRIORITY]!, HOST_LE));
  }
  out.put(flags === 0 ? NO_FLAGS : FLAGS.get(flags));
  if (expires) {
    out.put(EXPIRES);
    out.signed(Math.trunc(expires / USER_HZ));
  }
  if (error) {
    out.put(ERROR);
    out.decimal(error);
  }
  if (has & (1 << RTA.PREF)) out.put(PREF.get(a[at[RTA.PREF]!]!));
  if (has & (1 << RTA.MULTIPATH)) writePaths(a, dv, at[RTA.MULTIPATH]!, len[RTA.MULTIPATH]!, alen, out, dev);
  out.byte(125); // }
}

/** `,"nexthops":[...]` as printMultipath writes it for the paths plainRoute accepted. */
function writePaths(a: Uint8Array, dv: DataView, p: number, n: number, alen: number, out: Bytes, dev: (i: number) => Uint8Array): void {
  const end = p + n;
  out.put(NEXTHOPS);
  let first = true;
  while (p < end) {
    const rlen = dv.getUint16(p, HOST_LE);
    if (!first) out.byte(44); // ,
    first = false;
    const d = dev(dv.getInt32(p + 4, HOST_LE));
    if (rlen > RTNH_SIZE) {
      out.put(HOP_GATEWAY);
      out.addr(a, p + 12, alen);
      out.byte(34);
      out.put(d);
    } else {
      out.byte(123); // {: dev opens the object, without its comma
      out.put(d.subarray(1));
    }
    out.put(WEIGHT);
    out.decimal(a[p + 3]! + 1);
    const f = a[p + 2]!;
    out.put(f === 0 ? NO_FLAGS : FLAGS.get(f));
    out.byte(125); // }
    p += (rlen + 3) & ~3;
  }
  out.byte(93); // ]
}
