/**
 * `ip nexthop show|get|add|replace|del|flush` (ip/ipnexthop.c of iproute2
 * 6.1): print_nexthop's keys (group members with weights, resilient
 * arguments), kernel-side dump filters; changes through NexthopApi.
 */
import { nexthopCodec, type NexthopMessage } from "../codecs/nexthop/index.ts";
import { RTM } from "../codecs/rtnetlink.ts";
import { RT_SCOPE, RTNH_F, RTPROT } from "../codecs/route/tables.ts";
import { NexthopApi, type NexthopSpec } from "../lib/rtnl/nexthops.ts";

import { Args, matches } from "./args.ts";
import { AF, type Ctx } from "./context.ts";
import { CliError, invarg, isNetlinkError, kernelError, nodev } from "./errors.ts";
import type { LinkNames } from "./link-names.ts";
import { PROTOS, SCOPES } from "./names.ts";
import { needAddr } from "./prefix.ts";
import type { Printer } from "./printer.ts";
import { printRtFlags } from "./route-format.ts";

const USAGE = `Usage: ip nexthop { list | flush } [ protocol ID ] SELECTOR
       ip nexthop { add | replace } id ID NH [ protocol ID ]
       ip nexthop { get | del } id ID
SELECTOR := [ id ID ] [ dev DEV ] [ vrf NAME ] [ master DEV ]
            [ groups ] [ fdb ]
NH := { blackhole | [ via ADDRESS ] [ dev DEV ] [ onlink ]
        [ encap ENCAPTYPE ENCAPHDR ] |
        group GROUP [ fdb ] [ type TYPE [ TYPE_ARGS ] ] }
GROUP := [ <id[,weight]>/<id[,weight]>/... ]
TYPE := { mpath | resilient }
TYPE_ARGS := [ RESILIENT_ARGS ]
RESILIENT_ARGS := [ buckets BUCKETS ] [ idle_timer IDLE ]
                  [ unbalanced_timer UNBALANCED ]
`;
const usage = () => new CliError(USAGE, 255, true);
const USER_HZ = 100;

const enumNum = (t: { value(v: string | number, p: string, max?: number): number }, v: string | number | undefined): number =>
  v === undefined ? 0 : typeof v === "number" ? v : t.value(v, "nexthop");

/** print_nexthop of ip 6.1 (caller opens/closes the JSON object). */
export function printNexthop(p: Printer, m: NexthopMessage, env: { details: number; nameOf(i: number): string }, deleted = false): void {
  const a = m.attrs as Record<string, any>;
  if (deleted) p.str("deleted", "Deleted ", "");
  p.num("id", "id %s ", a.id ?? 0);
  if (a.group !== undefined) {
    p.arr("group", null);
    p.text("group ");
    a.group.forEach((g: { id: number; weight: number }, i: number) => {
      p.obj();
      if (i) p.text("/");
      p.num("id", "%s", g.id);
      if (g.weight) p.num("weight", ",%s", g.weight + 1);
      p.endObj();
    });
    p.text(" ");
    p.endArr();
    const gtype = a.groupType;
    if (gtype !== undefined && gtype !== "mpath" && gtype !== 0) p.str("type", "type %s ", String(gtype));
    if (a.resGroup !== undefined) {
      const r = a.resGroup;
      p.obj("resilient_args");
      if (r.buckets !== undefined) p.num("buckets", "buckets %s ", r.buckets);
      if (r.idleTimer !== undefined) p.num("idle_timer", "idle_timer %s ", Math.trunc(r.idleTimer / USER_HZ));
      if (r.unbalancedTimer !== undefined) p.num("unbalanced_timer", "unbalanced_timer %s ", Math.trunc(r.unbalancedTimer / USER_HZ));
      if (r.unbalancedTime !== undefined) p.num("unbalanced_time", "unbalanced_time %s ", Number(BigInt(r.unbalancedTime) / BigInt(USER_HZ)));
      p.endObj();
    }
  }
  if (a.gateway !== undefined) p.str("gateway", "via %s ", a.gateway);
  if (a.oif !== undefined) p.str("dev", "dev %s ", env.nameOf(a.oif));
  const scope = enumNum(RT_SCOPE, m.scope);
  if (scope !== 0 || env.details > 0) p.str("scope", "scope %s ", SCOPES.name(scope));
  if (a.blackhole) p.null("blackhole", "blackhole ");
  const proto = enumNum(RTPROT, m.protocol);
  if (proto !== 0 || env.details > 0) p.str("protocol", "proto %s ", PROTOS.name(proto));
  printRtFlags(p, RTNH_F.value(m.flags, "flags"));
  if (a.fdb) p.null("fdb", "fdb");
  p.text("\n");
}

interface NhFilter {
  id?: number;
  oif?: number;
  master?: number;
  groups: boolean;
  fdb: boolean;
  protocol?: number;
}

function u32(v: string, msg: string): number {
  if (!/^(0x[0-9a-f]+|\d+)$/i.test(v) || Number(v) > 0xffffffff) throw invarg(msg, v);
  return Number(v);
}

function parseFilter(argv: string[], names: LinkNames): NhFilter {
  const f: NhFilter = { groups: false, fdb: false };
  const a = new Args(argv);
  while (!a.done) {
    const w = a.word();
    if (w === "dev") {
      const d = a.value();
      const i = names.indexOf(d);
      if (!i) throw nodev(d);
      f.oif = i;
    } else if (w === "groups") f.groups = true;
    else if (w === "fdb") f.fdb = true;
    else if (w === "master") {
      const d = a.value();
      const i = names.indexOf(d);
      if (!i) throw nodev(d);
      f.master = i;
    } else if (w === "id") f.id = u32(a.value(), "invalid id value");
    else if (matches(w, "protocol")) {
      const v = a.value();
      if (!/^(0x[0-9a-f]+|\d+)$/i.test(v) || Number(v) > 255) throw invarg("invalid protocol value", v);
      f.protocol = Number(v);
    } else if (matches(w, "help")) throw usage();
    else throw invarg("", w);
  }
  return f;
}

function dump(ctx: Ctx, f: NhFilter): NexthopMessage[] {
  const attrs: NexthopMessage["attrs"] = {};
  if (f.oif) attrs.oif = f.oif;
  if (f.groups) attrs.groups = true;
  if (f.master) attrs.master = f.master;
  if (f.fdb) attrs.fdb = true;
  const fam = ctx.opts.family;
  const list = ctx.conn.dump(RTM.GETNEXTHOP, nexthopCodec, { family: fam, scope: 0, protocol: 0, resvd: 0, flags: [], attrs } as NexthopMessage);
  return list.filter((m) => f.protocol === undefined || enumNum(RTPROT, m.protocol) === f.protocol);
}

function getOne(ctx: Ctx, id: number): NexthopMessage {
  return ctx.conn.get(RTM.GETNEXTHOP, nexthopCodec, { family: 0, scope: 0, protocol: 0, resvd: 0, flags: [], attrs: { id } } as NexthopMessage);
}

function print(ctx: Ctx, list: NexthopMessage[], names: LinkNames): number {
  const p = ctx.printer();
  p.arr(null);
  let out = "";
  for (const m of list) {
    p.obj();
    printNexthop(p, m, { details: ctx.opts.details, nameOf: (i) => names.nameOf(i) });
    p.endObj();
    if (!p.json) out += p.take();
  }
  p.endArr();
  ctx.io.out(p.json ? p.take() + "\n" : out);
  return 0;
}

function parseSpec(ctx: Ctx, argv: string[], names: LinkNames): NexthopSpec {
  const spec: Partial<NexthopSpec> = {};
  const fam = ctx.opts.family === AF.INET6 || ctx.opts.family === AF.INET ? ctx.opts.family : AF.UNSPEC;
  if (fam === AF.INET6) spec.family = 6;
  const a = new Args(argv);
  while (!a.done) {
    const w = a.word();
    if (w === "id") spec.id = u32(a.value(), "invalid id value");
    else if (w === "dev") {
      const d = a.value();
      const i = names.indexOf(d);
      if (!i) throw nodev(d);
      spec.dev = i;
    } else if (w === "via") spec.gateway = needAddr(a.value(), fam).text;
    else if (w === "blackhole") spec.blackhole = true;
    else if (w === "onlink") spec.onlink = true;
    else if (w === "fdb") spec.fdb = true;
    else if (w === "group") {
      const v = a.value();
      spec.group = v.split("/").map((part) => {
        const m = /^(\d+)(?:,(\d+))?$/.exec(part);
        if (!m) throw invarg("Invalid group", v);
        return m[2] === undefined ? { id: Number(m[1]) } : { id: Number(m[1]), weight: Number(m[2]) };
      });
    } else if (w === "type") {
      const v = a.value();
      if (v !== "mpath" && v !== "resilient") throw invarg("Invalid nexthop group type", v);
      spec.groupType = v;
      if (v === "resilient") {
        const r: NonNullable<NexthopSpec["resilient"]> = {};
        while (!a.done && ["buckets", "idle_timer", "unbalanced_timer"].includes(a.peek()!)) {
          const k = a.word();
          const n = u32(a.value(), `Invalid "${k}" value`);
          if (k === "buckets") r.buckets = n;
          else if (k === "idle_timer") r.idleTimer = n;
          else r.unbalancedTimer = n;
        }
        spec.resilient = r;
      }
    } else if (matches(w, "protocol")) {
      const v = a.value();
      const pr = PROTOS.id(v);
      if (pr === undefined || pr > 255) throw invarg('"protocol" value is invalid\n', v);
      spec.protocol = pr;
    } else if (matches(w, "help")) throw usage();
    else throw invarg("", w);
  }
  if (spec.id === undefined) throw new CliError("Nexthop id is required\n", 255, true);
  return spec as NexthopSpec;
}

/** The `nexthop` object. */
export function run(ctx: Ctx, argv: string[]): number {
  const cmd = argv[0];
  const rest = argv.slice(1);
  const names = ctx.names;
  try {
    if (cmd === undefined || matches(cmd, "list") || matches(cmd, "show") || matches(cmd, "lst")) {
      const f = parseFilter(rest, names);
      if (f.id !== undefined) return print(ctx, [getOne(ctx, f.id)], names);
      return print(ctx, dump(ctx, f), names);
    }
    if (matches(cmd, "get")) {
      const f = parseFilter(rest, names);
      if (f.id === undefined) throw new CliError("id is required\n", 255, true);
      return print(ctx, [getOne(ctx, f.id)], names);
    }
    if (matches(cmd, "add") || matches(cmd, "replace")) {
      const spec = parseSpec(ctx, rest, names);
      const api = new NexthopApi(ctx.conn);
      if (matches(cmd, "add")) api.add(spec);
      else api.replace(spec);
      return 0;
    }
    if (matches(cmd, "delete")) {
      const f = parseFilter(rest, names);
      if (f.id === undefined) throw new CliError("id is required\n", 255, true);
      new NexthopApi(ctx.conn).delete(f.id);
      return 0;
    }
    if (matches(cmd, "flush")) {
      const f = parseFilter(rest, names);
      const victims = dump(ctx, f).filter((m) => f.id === undefined || m.attrs.id === f.id);
      if (victims.length === 0) {
        if (ctx.opts.stats) ctx.io.out("Nothing to flush\n");
        return 0;
      }
      const r = ctx.conn.batch(victims.map((m) => ({ type: RTM.DELNEXTHOP, flags: 0, codec: nexthopCodec, msg: { family: m.family, scope: 0, protocol: 0, resvd: 0, flags: [], attrs: { id: m.attrs.id } } as NexthopMessage })));
      const bad = r.errors.find((e) => e.error.code !== "ENOENT");
      if (bad) throw kernelError(bad.error);
      if (ctx.opts.stats) ctx.io.out(`Flushed ${r.ok} nexthops\n`);
      return 0;
    }
  } catch (e) {
    if (isNetlinkError(e)) throw kernelError(e);
    throw e;
  }
  if (matches(cmd, "help")) throw usage();
  throw new CliError(`Command "${cmd}" is unknown, try "ip nexthop help".\n`, 255, true);
}


