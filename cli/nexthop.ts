/**
 * `ip nexthop show|get|add|replace|del|flush` (ip/ipnexthop.c of iproute2
 * 6.1): print_nexthop's keys (group members with weights, resilient
 * arguments), kernel-side dump filters; changes through NexthopApi.
 */
import { NexthopApi, RTPROT, type NexthopMessage, type NexthopSpec } from "../lib/rtnl/nexthop/api.ts";

import { Args, getUnsigned, matches } from "./args.ts";
import { modify, nhId } from "./nexthop-modify.ts";
import { bucketCommand } from "./nexthop-bucket.ts";
import { AF, type Ctx } from "./context.ts";
import { printRows } from "./rows.ts";
import { CliError, invarg, isNetlinkError, kernelError, nodev } from "./errors.ts";
import type { LinkNames } from "./link-names.ts";
import { needAddr } from "./prefix.ts";
import type { Printer } from "../lib/format/printer.ts";
import { printNexthop as printNexthopModel } from "../lib/format/nexthop.ts";
import { toNexthop, type Nexthop } from "../lib/rtnl/nexthop/model.ts";
import { NEXTHOP_USAGE } from "./usage-texts.ts";

const USAGE = NEXTHOP_USAGE;
const usage = () => new CliError(USAGE, 255, true);

const enumNum = (t: { value(v: string | number, p: string, max?: number): number }, v: string | number | undefined): number =>
  v === undefined ? 0 : typeof v === "number" ? v : t.value(v, "nexthop");

/** print_nexthop of ip 6.1 for a decoded message: lib/format/nexthop.ts renders its model (caller opens/closes the JSON object). */
export function printNexthop(p: Printer, m: NexthopMessage, env: { details: number; nameOf(i: number): string }, deleted = false): void {
  printNexthopModel(p, toNexthop(m), { devName: (i) => env.nameOf(i), details: env.details, deleted });
}

interface NhFilter {
  id?: number;
  oif?: number;
  master?: number;
  groups: boolean;
  fdb: boolean;
  protocol?: number;
}

/** ipnh_list_flush's selectors; `id` ends the parse (ip lists or deletes that one nexthop). */
function parseFilter(argv: string[], names: LinkNames): NhFilter {
  const f: NhFilter = { groups: false, fdb: false };
  const a = new Args(argv);
  while (!a.done) {
    const w = a.word();
    if (matches(w, "dev")) {
      const d = a.value();
      const i = names.indexOf(d);
      if (!i) throw invarg("Device does not exist\n", d);
      f.oif = i;
    } else if (matches(w, "groups")) f.groups = true;
    else if (matches(w, "master")) {
      const d = a.value();
      const i = names.indexOf(d);
      if (!i) throw invarg("Device does not exist\n", d);
      f.master = i;
    } else if (matches(w, "vrf")) {
      // ip checks the link's kind (name_is_vrf); VRF links are not supported here
      throw invarg("Invalid VRF\n", a.value());
    } else if (w === "id") {
      f.id = nhId(a.value());
      return f;
    } else if (matches(w, "protocol")) {
      const v = a.value();
      const n = getUnsigned(v);
      if (n === undefined) throw invarg("invalid protocol value", v);
      f.protocol = n & 0xff;
    } else if (matches(w, "fdb")) f.fdb = true;
    else if (matches(w, "help")) throw usage();
    else throw invarg("", w);
  }
  return f;
}

function dump(ctx: Ctx, f: NhFilter): Nexthop[] {
  const fam = ctx.opts.family;
  const list = new NexthopApi(ctx.conn).listAsSent({
    ...(fam === AF.INET ? { family: "inet" as const } : fam === AF.INET6 ? { family: "inet6" as const } : {}),
    ...(f.oif ? { dev: f.oif } : {}), ...(f.groups ? { groups: true } : {}), ...(f.master ? { master: f.master } : {}), ...(f.fdb ? { fdb: true } : {}),
  });
  return list.filter((n) => !f.protocol || enumNum(RTPROT, n.protocol) === f.protocol);
}

function print(ctx: Ctx, list: Nexthop[], names: LinkNames): number {
  printRows(ctx, list, (p, n) => printNexthopModel(p, n, { details: ctx.opts.details, devName: (i) => names.nameOf(i) }));
  return 0;
}

/** Delete nexthop `id` (ip's delete_nexthop); false, after printing the kernel's message, when it refuses. */
function deleteOne(ctx: Ctx, id: number): boolean {
  try {
    new NexthopApi(ctx.conn).sendUnchecked(0, { family: 0, scope: 0, protocol: 0, resvd: 0, flags: [], attrs: { id } }, true);
    return true;
  } catch (e) {
    if (!isNetlinkError(e)) throw e;
    ctx.io.err(kernelError(e).message);
    return false;
  }
}

/** ipnh_flush: every nexthop the filter selects, groups first when flushing all; prints the count as ip does. */
function flush(ctx: Ctx, f: NhFilter, all: boolean): number {
  let flushed = 0;
  const pass = (filter: NhFilter): void => {
    for (const n of dump(ctx, filter)) if (n.id && deleteOne(ctx, n.id)) flushed++;
  };
  if (all) pass({ groups: true, fdb: false, protocol: f.protocol });
  pass(all ? { groups: false, fdb: f.fdb, protocol: f.protocol } : f);
  ctx.io.out(flushed ? `Flushed ${flushed} nexthops\n` : "Nothing to flush\n");
  return 0;
}

/** ipnh_get: `id N` and nothing else, else the usage text. */
function get(ctx: Ctx, argv: string[], names: LinkNames): number {
  let id = 0;
  const a = new Args(argv);
  while (!a.done) {
    if (a.word() === "id") id = nhId(a.value());
    else throw usage();
  }
  if (!id) throw usage();
  return print(ctx, [new NexthopApi(ctx.conn).get(id)], names);
}

/** The `nexthop` object (do_ipnh: command words in ip's order). */
export function run(ctx: Ctx, argv: string[]): number {
  const cmd = argv[0];
  const rest = argv.slice(1);
  const names = ctx.names;
  try {
    if (cmd === undefined) return print(ctx, dump(ctx, parseFilter([], names)), names);
    if (matches(cmd, "add")) return modify(ctx, rest, "add", usage);
    if (matches(cmd, "replace")) return modify(ctx, rest, "replace", usage);
    if (matches(cmd, "delete")) return modify(ctx, rest, "del", usage);
    if (matches(cmd, "list") || matches(cmd, "show") || matches(cmd, "lst")) {
      const f = parseFilter(rest, names);
      if (f.id !== undefined) return print(ctx, [new NexthopApi(ctx.conn).get(f.id)], names);
      return print(ctx, dump(ctx, f), names);
    }
    if (matches(cmd, "get")) return get(ctx, rest, names);
    if (matches(cmd, "flush")) {
      const f = parseFilter(rest, names);
      if (f.id !== undefined) return deleteOne(ctx, f.id) ? 0 : 1;
      return flush(ctx, f, rest.length === 0);
    }
    if (matches(cmd, "bucket")) return bucketCommand(ctx, rest, usage);
  } catch (e) {
    if (isNetlinkError(e)) throw kernelError(e);
    throw e;
  }
  if (matches(cmd, "help")) throw usage();
  throw new CliError(`Command "${cmd}" is unknown, try "ip nexthop help".\n`, 255, true);
}
