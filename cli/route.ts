/**
 * `ip route show|list|flush|get|add|del|change|append|replace|prepend`
 * with ip 6.1's grammar (ip/iproute.c): listing filters split between the
 * kernel (family, table, protocol, oif) and ip's filter_nlmsg (route-filter.ts),
 * shared by show and flush (here); changes and get go through the library's
 * RouteApi (route-modify.ts).
 */
import { RouteListWriter } from "../lib/format/route-list.ts";
import { Printer } from "../lib/format/printer.ts";
import { printRoute } from "../lib/format/route.ts";
import { RouteApi, type RouteMessage } from "../lib/rtnl/route/api.ts";
import { AF, type Ctx } from "./context.ts";
import { CliError, dumpErrorText, failed, isNetlinkError, strerror } from "./errors.ts";
import { steadyJit } from "./launch.ts";
import { routeCommand } from "./route-commands.ts";
import { dumpQuery, dumpRoutes, familyTableOnly, mainTableMissing, parseRouteFilter, routePasses, showEnv, usage, type RouteFilter } from "./route-filter.ts";

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
    const ip6 = f.ip6!;
    let routes = 0;
    const { interrupted } = new RouteApi(ctx.conn).dumpWith(dumpQuery(f), (buf, dv, off, end) => {
      if (++routes === LONG_LISTING) steadyJit();
      // ip6_multiple_tables also learns from the routes the byte writers print (rtm_table: 252 stands for > 255)
      if (buf[off] === AF.INET6 && buf[off + 4] !== 254) ip6.multipleTables = true;
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

/** ip's show_stats >= 2 while flushing: each route printed as `show` does, as text (flush opens no JSON object). */
function printFlushed(ctx: Ctx, f: RouteFilter, routes: readonly RouteMessage[]): void {
  const p = new Printer({ json: false, pretty: false, oneline: ctx.opts.oneline, ...(ctx.color ? { color: ctx.color } : {}) });
  const env = showEnv(ctx, f, ctx.names);
  for (const m of routes) {
    p.obj();
    printRoute(p, m, env);
    p.endObj();
  }
  ctx.io.out(p.take());
}

/** ip's iproute_flush_cache: "-1" into the namespace's /proc/sys/net/ipv4/route/flush; false after its complaint. */
function flushCache(ctx: Ctx): boolean {
  const path = "/proc/sys/net/ipv4/route/flush";
  const { openSync, writeSync, closeSync } = require("node:fs") as typeof import("node:fs");
  const open = () => openSync(path, "w");
  let fd: number;
  try {
    // by path: a module loaded by require may not be the one whose NetnsHandle class ctx.netns is (vitest)
    fd = ctx.netns ? (require("../lib/netns/run.ts") as typeof import("../lib/netns/run.ts")).runInNetns(ctx.netns.path, open) : open();
  } catch (e) {
    ctx.io.err(`Cannot open "${path}": ${strerror((e as { errno?: number }).errno ?? 0)}\n`);
    return false;
  }
  try {
    writeSync(fd, "-1");
  } catch {
    ctx.io.err("Cannot flush routing cache\n");
    return false;
  } finally {
    closeSync(fd);
  }
  return true;
}

/** ip's flush buffer skips the kernel's IPv6 null route (default unreachable, metric 0xffffffff). */
const ip6NullRoute = (m: RouteMessage) => m.family === AF.INET6 && m.dstLen === 0 && m.type === "unreachable" && m.attrs.priority === 0xffffffff;

/**
 * `ip route flush SELECTOR` as ip 6.1's iproute_flush: the IPv4 cache
 * (`cached`) through /proc unless -6; then rounds of dump, filter and
 * delete until a dump finds nothing, -s telling the rounds (and -s -s
 * printing each route as text), any refused deletion ending it with
 * "Failed to send flush request" and status 2.
 */
function flush(ctx: Ctx, argv: string[]): number {
  if (argv.length === 0) throw failed('"ip route flush" requires arguments.');
  const f = parseRouteFilter(ctx, argv, ctx.names);
  const stats = ctx.opts.stats;
  if (f.cloned) {
    if (f.family !== AF.INET6) {
      flushCache(ctx);
      if (stats) ctx.io.out("*** IPv4 routing cache is flushed.\n");
    }
    if (f.family === AF.INET) return 0;
  }
  const start = Math.floor(Date.now() / 1000);
  const api = new RouteApi(ctx.conn);
  for (let round = 0; ; ) {
    let dumped: RouteMessage[];
    try {
      dumped = dumpRoutes(ctx, f);
    } catch (e) {
      // rtnl_dump_done's text, then "Flush terminated", status 2
      if (!isNetlinkError(e)) throw e;
      ctx.io.err(dumpErrorText(e) + "Flush terminated\n");
      return 2;
    }
    const victims = dumped.filter((m) => routePasses(f, m) && !ip6NullRoute(m));
    if (victims.length === 0) {
      if (stats) {
        if (round === 0 && (!f.cloned || f.family === AF.INET6)) ctx.io.out("Nothing to flush.\n");
        else ctx.io.out(`*** Flush is complete after ${round} round${round > 1 ? "s" : ""} ***\n`);
      }
      return 0;
    }
    if (stats >= 2) printFlushed(ctx, f, victims);
    round++;
    const bad = api.deleteMessages(victims).errors[0];
    if (bad) {
      ctx.io.err(`Failed to send flush request: ${strerror(bad.error.errno)}\n`);
      return 2;
    }
    const now = Math.floor(Date.now() / 1000);
    if (now - start > 30) {
      ctx.io.out(`\n*** Flush not completed after ${now - start} seconds, ${victims.length} entries remain ***\n`);
      return 1;
    }
    if (stats) ctx.io.out(`\n*** Round ${round}, deleting ${victims.length} entries ***\n`);
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
    case "flush": return flush(ctx, rest);
    case "help": throw usage();
    case "save": case "restore": case "showdump":
      return (await import("./route-save.ts")).run(ctx, c, rest);
    default: throw new CliError(`Command "${cmd}" is unknown, try "ip route help".\n`, 255, true);
  }
}
