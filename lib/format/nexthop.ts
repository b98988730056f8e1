/**
 * One nexthop object (the lib model, lib/rtnl/nexthop/model.ts) as
 * `ip nexthop show` prints it, in text and in `-json` (ip/ipnexthop.c
 * print_nexthop of iproute2 6.1). Used by the CLI's `ip nexthop` and
 * `ip monitor`; exported for users who want ip-shaped output.
 *
 *   for (const nh of nl.nexthops.list()) process.stdout.write(formatNexthop(nh, { devName }));
 */
import { RT_SCOPE, RTNH_F, RTPROT } from "../../codecs/route/tables.ts";
import type { Nexthop } from "../rtnl/nexthop/model.ts";
import type { NexthopBucket } from "../rtnl/nexthop/bucket.ts";
import { encapOfView } from "../rtnl/route/encap.ts";
import { fmtG } from "./c-printf.ts";
import { PROTOS, SCOPES } from "./names.ts";
import { COLOR, familyColor, Printer } from "./printer.ts";
import { printEncap } from "./route-encap.ts";
import { printRtFlags } from "./rt-flags.ts";

const enumNum = (t: { value(v: string | number, p: string, max?: number): number }, v: string | number): number =>
  typeof v === "number" ? v : t.value(v, "nexthop");

/** Options of one nexthop line. */
export interface NexthopPrintOptions {
  /** Name of a link by index; default: the index as a string. */
  devName?(ifindex: number): string;
  /** ip -details level: with 1 or more, scope and protocol even when 0. */
  details?: number;
  /** Print as a removal ("Deleted ", as ip monitor does). */
  deleted?: boolean;
}

/** Print one nexthop line into `p`, newline included (print_nexthop; the caller opens/closes the JSON object). */
export function printNexthop(p: Printer, nh: Nexthop, o: NexthopPrintOptions = {}): void {
  printNexthopEntry(p, nh, o);
  p.text("\n");
}

/** The nexthop's fields without the line's end (__print_nexthop_entry: also a route's -details "nh_info"). */
export function printNexthopEntry(p: Printer, nh: Nexthop, o: NexthopPrintOptions = {}): void {
  const details = o.details ?? 0;
  if (o.deleted) p.str("deleted", "Deleted ", "");
  p.num("id", "id %s ", nh.id);
  if (nh.group !== undefined) {
    p.arr("group", null);
    p.text("group ");
    nh.group.forEach((g, i) => {
      p.obj();
      if (i) p.text("/");
      p.num("id", "%s", g.id);
      if (g.weight > 1) p.num("weight", ",%s", g.weight);
      p.endObj();
    });
    p.text(" ");
    p.endArr();
    const gtype = nh.groupType;
    if (gtype !== undefined && gtype !== "mpath" && gtype !== 0) p.str("type", "type %s ", String(gtype));
    if (nh.resilient !== undefined) {
      const r = nh.resilient;
      p.obj("resilient_args");
      // print_nh_res_group: every member (0 when absent), the timers as "%g" seconds in text and JSON
      p.num("buckets", "buckets %s ", r.buckets ?? 0);
      p.rawNum("idle_timer", "idle_timer %s ", fmtG(r.idleTimer ?? 0));
      p.rawNum("unbalanced_timer", "unbalanced_timer %s ", fmtG(r.unbalancedTimer ?? 0));
      p.rawNum("unbalanced_time", "unbalanced_time %s ", fmtG(r.unbalancedTime ?? 0));
      p.endObj();
    }
  }
  if (nh.encap !== undefined) {
    const e = encapOfView(nh.encap);
    printEncap(p, e.encapType, e.encap, { nameOf: (i) => (o.devName ? o.devName(i) : String(i)), stats: 0 });
  }
  // __print_rta_gateway and print_rta_ifidx: the words plain, the gateway and the link coloured
  if (nh.gateway !== undefined) {
    p.text("via ");
    p.str("gateway", "%s ", nh.gateway, familyColor(nh.family));
  }
  if (nh.ifindex !== undefined) {
    p.text("dev ");
    p.str("dev", "%s ", o.devName ? o.devName(nh.ifindex) : String(nh.ifindex), COLOR.IFNAME);
  }
  const scope = enumNum(RT_SCOPE, nh.scope);
  if (scope !== 0 || details > 0) p.str("scope", "scope %s ", SCOPES.name(scope));
  if (nh.blackhole) p.null("blackhole", "blackhole ");
  const proto = enumNum(RTPROT, nh.protocol);
  if (proto !== 0 || details > 0) p.str("protocol", "proto %s ", PROTOS.name(proto));
  printRtFlags(p, RTNH_F.value(nh.flags, "flags"));
  if (nh.fdb) p.null("fdb", "fdb");
}

/** Options of formatNexthop: the output mode and the line options. */
export interface NexthopFormatOptions extends NexthopPrintOptions {
  /** ip -json: one JSON object instead of text. */
  json?: boolean;
  /** ip -json -pretty layout. */
  pretty?: boolean;
}

/** One nexthop as ip prints it: a text line (`id 1 via 192.0.2.2 dev v0 scope link`) or, with `json`, its object. */
export function formatNexthop(nh: Nexthop, o: NexthopFormatOptions = {}): string {
  const p = new Printer({ json: o.json === true, pretty: o.pretty === true, oneline: false });
  p.obj();
  printNexthop(p, nh, o);
  p.endObj();
  return p.take();
}

/**
 * One bucket of a resilient group as `ip nexthop bucket` prints it
 * (print_nexthop_bucket of iproute2 6.1): `id 10 index 0 idle_time 1.28
 * nhid 2 ` and the flags; JSON `{"id":10,"bucket":{"index":0,
 * "idle_time":1.28,"nhid":2},"flags":[]}`. ip 6.1 never prints "Deleted"
 * for a bucket (it tests the type against RTM_DELNEXTHOP). The caller
 * opens/closes the JSON object.
 */
export function printNexthopBucket(p: Printer, b: NexthopBucket): void {
  p.num("id", "id %s ", b.id);
  p.obj("bucket");
  if (b.index !== undefined) p.num("index", "index %s ", b.index);
  if (b.idleTime !== undefined) p.rawNum("idle_time", "idle_time %s ", fmtG(b.idleTime));
  if (b.nhid !== undefined) p.num("nhid", "nhid %s ", b.nhid);
  p.endObj();
  printRtFlags(p, RTNH_F.value(b.flags, "flags"));
  p.text("\n");
}

/** One bucket as ip prints it: a text line or, with `json`, its object. */
export function formatNexthopBucket(b: NexthopBucket, o: { json?: boolean; pretty?: boolean } = {}): string {
  const p = new Printer({ json: o.json === true, pretty: o.pretty === true, oneline: false });
  p.obj();
  printNexthopBucket(p, b);
  p.endObj();
  return p.take();
}
