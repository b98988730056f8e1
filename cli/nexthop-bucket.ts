/**
 * `ip nexthop bucket { list | show | lst | get | help }` as ip 6.1 parses
 * and prints it (ip/ipnexthop.c do_ipnh_bucket, ipnh_bucket_list,
 * ipnh_bucket_get, print_nexthop_bucket): the buckets of resilient groups
 * through NexthopApi.buckets/bucket (lib/rtnl/nexthop/bucket.ts).
 */
import { NexthopApi, type NexthopBucket } from "../lib/rtnl/nexthop/api.ts";
import { printNexthopBucket } from "../lib/format/nexthop.ts";
import { getUnsigned, matches } from "./args.ts";
import { AF, type Ctx } from "./context.ts";
import { CliError, dumpErrorText, incomplete, invarg, isNetlinkError, kernelError } from "./errors.ts";
import { nhId } from "./nexthop-modify.ts";
import { printRows } from "./rows.ts";

const familyOf = (ctx: Ctx) => (ctx.opts.family === AF.INET ? "inet" as const : ctx.opts.family === AF.INET6 ? "inet6" as const : undefined);

/** ipnh_bucket_list: the selectors (ip's NEXT_ARG/invarg texts), then one dump. */
function list(ctx: Ctx, argv: string[], usage: () => CliError): number {
  const filter: { family?: "inet" | "inet6"; id?: number; nhid?: number; dev?: number; master?: number } = {};
  const fam = familyOf(ctx);
  if (fam !== undefined) filter.family = fam;
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i]!;
    const next = (): string => {
      if (++i >= argv.length) throw incomplete();
      return argv[i]!;
    };
    if (matches(w, "dev") || matches(w, "master")) {
      const d = next();
      const index = ctx.names.indexOf(d);
      if (!index) throw invarg("Device does not exist\n", d);
      if (matches(w, "dev")) filter.dev = index;
      else filter.master = index;
    } else if (matches(w, "vrf")) {
      // ip checks the link's kind (name_is_vrf); VRF links are not supported here, as in `nexthop list vrf`
      throw invarg("Invalid VRF\n", next());
    } else if (w === "id" || w === "nhid") {
      // ip sends a selector only when it is not 0 (`id 0` selects every group)
      const n = nhId(next());
      if (w === "id") n ? (filter.id = n) : delete filter.id;
      else n ? (filter.nhid = n) : delete filter.nhid;
    }
    else if (matches(w, "help")) throw usage();
    else throw invarg("", w);
  }
  let buckets: NexthopBucket[];
  try {
    buckets = new NexthopApi(ctx.conn).buckets(filter);
  } catch (e) {
    if (!isNetlinkError(e)) throw e;
    ctx.io.err(dumpErrorText(e) + "Dump terminated\n");
    // ip has opened its JSON array (new_json_obj) before the dump and leaves it so (its stdout is flushed at exit)
    if (ctx.opts.json) ctx.io.out(ctx.opts.pretty ? "[ " : "[");
    return 2;
  }
  printRows(ctx, buckets, (p, b) => printNexthopBucket(p, b));
  return 0;
}

/** ipnh_bucket_get: `id ID index INDEX` (anything else: the usage text). */
function get(ctx: Ctx, argv: string[], usage: () => CliError): number {
  let id = 0;
  let index: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i]!;
    const next = (): string => {
      if (++i >= argv.length) throw incomplete();
      return argv[i]!;
    };
    if (w === "id") id = nhId(next());
    else if (w === "index") {
      const v = next();
      const n = getUnsigned(v, 0xffff);
      if (n === undefined) throw invarg("invalid bucket index value", v);
      index = n;
    } else throw usage();
  }
  if (!id || index === undefined) throw usage();
  let b: NexthopBucket;
  try {
    b = new NexthopApi(ctx.conn).bucket(id, index, familyOf(ctx));
  } catch (e) {
    if (isNetlinkError(e)) throw kernelError(e);
    throw e;
  }
  printRows(ctx, [b], (p, x) => printNexthopBucket(p, x));
  return 0;
}

/** do_ipnh_bucket: `argv` follows the word `bucket`; `usage` is ip nexthop's usage error (exit 255). */
export function bucketCommand(ctx: Ctx, argv: string[], usage: () => CliError): number {
  const cmd = argv[0];
  if (cmd === undefined) return list(ctx, [], usage);
  if (matches(cmd, "list") || matches(cmd, "show") || matches(cmd, "lst")) return list(ctx, argv.slice(1), usage);
  if (matches(cmd, "get")) return get(ctx, argv.slice(1), usage);
  if (matches(cmd, "help")) throw usage();
  throw new CliError(`Command "${cmd}" is unknown, try "ip nexthop help".\n`, 255, true);
}
