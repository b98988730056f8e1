/**
 * `ip route show|list|flush|get|add|del|change|append|replace|prepend`
 * with ip 6.1's grammar (ip/iproute.c): listing filters split between the
 * kernel (family, table, protocol, oif) and ip's filter_nlmsg (route-filter.ts);
 * changes go through the library's RouteApi (route-modify.ts).
 */
import type { RouteMessage } from "../codecs/route/decode.ts";
import { routeCodec } from "../codecs/route/message.ts";
import { RTM } from "../codecs/rtnetlink.ts";
import type { Ctx } from "./context.ts";
import { CliError, isNetlinkError, kernelError } from "./errors.ts";
import { routeCommand } from "./route-commands.ts";
import { dumpRequest, familyTableOnly, parseRouteFilter, routePasses, showEnv, usage } from "./route-filter.ts";
import { printRoute } from "./route-format.ts";
import { RouteArena } from "./route-json.ts";

export { usage } from "./route-filter.ts";

/** Routes printed between two writes of a listing: the output and the kept dump bytes stay bounded. */
const STREAM_BATCH = 2048;

/** Print the routes as the dump arrives, STREAM_BATCH at a time (ip prints each as it reads it). */
function list(ctx: Ctx, argv: string[]): number {
  const names = ctx.names;
  const f = parseRouteFilter(ctx, argv, names);
  const o = ctx.opts;
  // compact JSON and text of a filter on family and table: plain routes are printed from the dump's bytes
  const arena = !o.pretty && !o.details && !o.stats && familyTableOnly(f) ? new RouteArena() : undefined;
  const env = showEnv(ctx, f, names);
  const p = ctx.printer();
  let started = false;
  const writeBytes = (b: Uint8Array) => {
    if (ctx.io.outBytes) ctx.io.outBytes(b);
    else ctx.io.out(new TextDecoder().decode(b));
  };
  ctx.streaming = true;
  try {
    if (arena) {
      // JSON or text printed from the dump's bytes (route-json.ts, route-text.ts), the same output as printRoute's
      const jenv = { family: f.family, table: f.tb, names, passes: (m: RouteMessage) => routePasses(f, m), show: env };
      let kept: number[] = [];
      let first = true;
      const flush = (close: boolean) => {
        let out: Uint8Array;
        if (o.json) {
          const part = arena.jsonPart(kept, jenv, first, close, !started);
          first = part.first;
          out = part.out;
        } else out = arena.textPart(kept, jenv, o.oneline);
        if (kept.length > 0) arena.release(arena.endOf(kept[kept.length - 1]!));
        kept = [];
        started = true;
        writeBytes(out);
      };
      for (const at of ctx.conn.dumpIter(RTM.GETROUTE, routeCodec, dumpRequest(f), arena.codec)) {
        kept.push(at);
        if (kept.length >= STREAM_BATCH) flush(false);
      }
      flush(true);
      return 0;
    }
    p.arr(null);
    let pending = 0;
    for (const m of ctx.conn.dumpIter(RTM.GETROUTE, routeCodec, dumpRequest(f))) {
      if (!routePasses(f, m)) continue;
      p.obj();
      printRoute(p, m, env);
      p.endObj();
      if (++pending === STREAM_BATCH) {
        ctx.io.out(p.take());
        started = true;
        pending = 0;
      }
    }
    p.endArr();
    ctx.io.out(p.json ? p.take() + "\n" : p.take());
    return 0;
  } catch (e) {
    if (!isNetlinkError(e)) throw e;
    // ip has already opened its JSON array when the dump fails
    if (ctx.opts.json && !started) ctx.io.out("[");
    ctx.io.err(kernelError(e).message + "Dump terminated\n");
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
