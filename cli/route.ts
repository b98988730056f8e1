/**
 * `ip route show|list|flush|get|add|del|change|append|replace|prepend`
 * with ip 6.1's grammar (ip/iproute.c): listing filters split between the
 * kernel (family, table, protocol, oif) and ip's filter_nlmsg (route-filter.ts);
 * changes go through the library's RouteApi (route-modify.ts).
 */
import { RouteListWriter } from "../lib/format/route-list.ts";
import { RouteApi } from "../lib/rtnl/route/api.ts";
import type { Ctx } from "./context.ts";
import { CliError, dumpErrorText, isNetlinkError } from "./errors.ts";
import { steadyJit } from "./launch.ts";
import { routeCommand } from "./route-commands.ts";
import { dumpQuery, familyTableOnly, mainTableMissing, parseRouteFilter, routePasses, showEnv, usage } from "./route-filter.ts";

export { usage } from "./route-filter.ts";

/**
 * Routes after which a listing counts as long: the JIT goes back to its
 * normal policy (launch.ts) before the first 64 KiB of output would have
 * done it (~900 routes, run at the reluctant start-up policy). v6-mix 100k
 * text under chrt, interleaved: wall median 206 -> 192 ms; switching at the
 * listing's start gained as much but cost a listing of four routes ~2 ms.
 */
const LONG_LISTING = 256;

/** Print the routes as the dump arrives (ip prints each as it reads it), through lib's RouteListWriter. */
function list(ctx: Ctx, argv: string[]): number {
  const names = ctx.names;
  const f = parseRouteFilter(ctx, argv, names);
  const o = ctx.opts;
  const io = ctx.io;
  const w = new RouteListWriter({
    json: o.json, pretty: o.pretty, oneline: o.oneline,
    // compact output of a filter on family and table: plain routes are written from the dump's bytes
    bytes: !o.pretty && !o.details && !o.stats && familyTableOnly(f),
    family: f.family, table: f.tb,
    passes: (m) => routePasses(f, m),
    show: showEnv(ctx, f, names),
    write: io.outBytes ? (b) => io.outBytes!(b) : (b) => io.out(new TextDecoder().decode(b)),
    ...(ctx.color ? { color: ctx.color } : {}),
  });
  ctx.streaming = true;
  w.begin();
  try {
    const visit = w.visit;
    let routes = 0;
    const { interrupted } = new RouteApi(ctx.conn).dumpWith(dumpQuery(f), (buf, dv, off, end) => {
      if (++routes === LONG_LISTING) steadyJit();
      visit(buf, dv, off, end);
    });
    w.end();
    if (interrupted) ctx.io.err("Dump was interrupted and may be inconsistent.\n");
    return 0;
  } catch (e) {
    if (!isNetlinkError(e)) throw e;
    if (mainTableMissing(e, f.tb)) {
      w.end();
      return 0;
    }
    // ip has printed the routes before the failure, its JSON array left open
    w.flush();
    ctx.io.err(dumpErrorText(e) + "Dump terminated\n");
    return 2;
  } finally {
    ctx.streaming = false;
  }
}

let modifyModule: typeof import("./route-modify.ts") | undefined;

/** route-modify.ts, loaded once (a batch of route lines must not pay a dynamic import per line). */
async function routeModify(): Promise<typeof import("./route-modify.ts")> {
  return (modifyModule ??= await import("./route-modify.ts"));
}

/** The `route` object. */
export async function run(ctx: Ctx, argv: string[]): Promise<number> {
  const cmd = argv[0];
  if (cmd === undefined) return list(ctx, []);
  const rest = argv.slice(1);
  const c = routeCommand(cmd);
  switch (c) {
    case "add": case "change": case "replace": case "prepend": case "append": case "test": case "del":
      return (modifyModule ?? (await routeModify())).modify(ctx, rest, c);
    case "list": return list(ctx, rest);
    case "get": return (modifyModule ?? (await routeModify())).get(ctx, rest);
    case "flush": return (modifyModule ?? (await routeModify())).flush(ctx, rest);
    case "help": throw usage();
    case "save": case "restore": case "showdump":
      return (await import("./route-save.ts")).run(ctx, c, rest);
    default: throw new CliError(`Command "${cmd}" is unknown, try "ip route help".\n`, 255, true);
  }
}
