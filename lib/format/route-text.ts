/**
 * `ip route show` as text for big tables: a plain route (route-plain.ts)
 * written as text bytes straight from the dump's bytes, exactly as
 * printRoute prints it through a text Printer (the same words in the same
 * order, names from the same tables, link names through the same lookups
 * in the same order; test/format/route-bytes.test.ts compares them).
 * route-list.ts decides which routes come here.
 */
import { HOST_LE } from "../../codecs/core/align.ts";
import { USER_HZ } from "../../codecs/core/constants.ts";
import { RTA } from "../../codecs/route/attrs.ts";
import { RT_PREF, RT_TABLE_MAIN, RTN_UNICAST, RTPROT_BOOT } from "../../codecs/route/tables.ts";
import type { Bytes } from "./bytes.ts";
import { PROTOS, rtnName, SCOPES, TABLES } from "./names.ts";
import { FLAG_ORDER } from "./rt-flags.ts";
import { plain, RTNH_SIZE } from "./route-plain.ts";

const enc = new TextEncoder();

/** `PREFIX name SUFFIX` as bytes by number, made once per value seen. */
export class Words {
  private readonly cache = new Map<number, Uint8Array>();
  constructor(private readonly prefix: string, private readonly name: (v: number) => string, private readonly suffix = " ") {}
  /** The bytes for value `v`. */
  get(v: number): Uint8Array {
    let b = this.cache.get(v);
    if (b === undefined) {
      b = enc.encode(this.prefix + this.name(v) + this.suffix);
      this.cache.set(v, b);
    }
    return b;
  }
}

const TYPE = new Words("", rtnName);
const TABLE = new Words("table ", (v) => TABLES.name(v));
const PROTO = new Words("proto ", (v) => PROTOS.name(v));
const SCOPE = new Words("scope ", (v) => SCOPES.name(v));
const PREF = new Words("pref ", (v) => String(RT_PREF.name(v)), "");
const FLAGS = new Words("", (f) => FLAG_ORDER.filter(([bit]) => f & bit).map(([, name]) => `${name} `).join(""), "");
const DEFAULT = enc.encode("default ");
const VIA = enc.encode("via ");
const SRC = enc.encode("src ");
const METRIC = enc.encode("metric ");
const EXPIRES = enc.encode("expires ");
const SEC = enc.encode("sec ");
const ERROR = enc.encode("error ");
const NEXTHOP = enc.encode("\tnexthop ");
const WEIGHT = enc.encode("weight ");

function byte(out: Bytes, c: number): void {
  out.byte(c);
}

/**
 * Write the route `plainRoute` just accepted (payload at a[off]) as one
 * text line. `dev(i)` gives "dev NAME " for link i; `sl` is the line
 * separator inside a record ("\n", or "\\" with -oneline); `filterTable`
 * the table the listing is restricted to (0: all).
 */
export function writeTextRoute(a: Uint8Array, dv: DataView, off: number, out: Bytes, dev: (i: number) => Uint8Array, sl: number, filterTable: number): void {
  const { alen, dstLen, table, flags, expires, error } = plain;
  const at = plain.scan.at, len = plain.scan.len, has = plain.scan.present;
  const type = a[off + 7]!;
  if (type !== RTN_UNICAST) out.put(TYPE.get(type));
  if (!(has & (1 << RTA.DST))) out.put(DEFAULT);
  else {
    out.addr(a, at[RTA.DST]!, alen);
    if (dstLen !== alen * 8) {
      byte(out, 47);
      out.decimal(dstLen);
    }
    byte(out, 32);
  }
  if (has & (1 << RTA.GATEWAY)) {
    out.put(VIA);
    out.addr(a, at[RTA.GATEWAY]!, alen);
    byte(out, 32);
  }
  if (has & (1 << RTA.OIF)) out.put(dev(dv.getUint32(at[RTA.OIF]!, HOST_LE)));
  if (table !== 0 && table !== RT_TABLE_MAIN && filterTable === 0) out.put(TABLE.get(table));
  const proto = a[off + 5]!;
  if (proto !== RTPROT_BOOT) out.put(PROTO.get(proto));
  const scope = a[off + 6]!;
  if (scope !== 0) out.put(SCOPE.get(scope));
  if (has & (1 << RTA.PREFSRC)) {
    out.put(SRC);
    out.addr(a, at[RTA.PREFSRC]!, alen);
    byte(out, 32);
  }
  if (has & (1 << RTA.PRIORITY)) {
    out.put(METRIC);
    out.decimal(dv.getUint32(at[RTA.PRIORITY]!, HOST_LE));
    byte(out, 32);
  }
  if (flags !== 0) out.put(FLAGS.get(flags));
  if (expires) {
    out.put(EXPIRES);
    out.signed(Math.trunc(expires / USER_HZ));
    out.put(SEC);
  }
  if (error) {
    out.put(ERROR);
    out.decimal(error);
    byte(out, 32);
  }
  if (has & (1 << RTA.PREF)) out.put(PREF.get(a[at[RTA.PREF]!]!));
  if (has & (1 << RTA.MULTIPATH)) {
    let p = at[RTA.MULTIPATH]!;
    const end = p + len[RTA.MULTIPATH]!;
    while (p < end) {
      const rlen = dv.getUint16(p, HOST_LE);
      byte(out, sl);
      out.put(NEXTHOP);
      if (rlen > RTNH_SIZE) {
        out.put(VIA);
        out.addr(a, p + 12, alen);
        byte(out, 32);
      }
      out.put(dev(dv.getInt32(p + 4, HOST_LE)));
      out.put(WEIGHT);
      out.decimal(a[p + 3]! + 1);
      byte(out, 32);
      const f = a[p + 2]!;
      if (f !== 0) out.put(FLAGS.get(f));
      p += (rlen + 3) & ~3;
    }
  }
  byte(out, 10);
}
