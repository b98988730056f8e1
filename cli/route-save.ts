/**
 * `ip route save [SELECTOR]`, `ip route restore`, `ip route showdump` as
 * iproute2 6.1 does them (ip/iproute.c): save writes the 32-bit magic
 * 0x45311224 (host order) and then each RTM_NEWROUTE message of the dump
 * that passes ip's filter, byte for byte as the kernel sent it; restore
 * reads such a stream from stdin and sends the routes back in three passes
 * (no gateway and no/own prefsrc; no gateway with another prefsrc; with a
 * gateway), flags |= REQUEST|CREATE|ACK, EEXIST reported and skipped;
 * showdump prints the stream as `ip route show` does.
 */
import { routeCodec } from "../codecs/route/message.ts";
import { RouteApi } from "../lib/rtnl/route/api.ts";
import type { Ctx } from "./context.ts";
import { eachMessage, readDump, startDump, stdinSeekable, writeBin } from "./dump-stream.ts";
import { dumpErrorText, isNetlinkError, kernelError } from "./errors.ts";
import { dumpQuery, mainTableMissing, parseRouteFilter, routePasses, showEnv } from "./route-filter.ts";
import { Printer } from "../lib/format/printer.ts";
import { printRoute, routeFlags } from "../lib/format/route.ts";

/** ip's route_dump_magic. */
export const ROUTE_DUMP_MAGIC = 0x45311224;

const RTA_DST = 1, RTA_GATEWAY = 5, RTA_PREFSRC = 7;
const RTMSG_LEN = 12;

/**
 * `ip route save SELECTOR`: as ip's save_route_prep, the terminal check
 * and the magic come before the selector is read, so a bad selector (or
 * device) leaves the magic on stdout ahead of its error.
 */
export function save(ctx: Ctx, argv: string[]): number {
  const refused = startDump(ctx, ROUTE_DUMP_MAGIC);
  if (refused !== undefined) {
    ctx.io.err(refused);
    return 1;
  }
  const f = parseRouteFilter(ctx, argv, ctx.names);
  // -json: ip opens its (empty) JSON array on buffered stdout, which comes out after the messages it wrote
  const { json, pretty } = ctx.opts;
  const jsonEnd = (ok: boolean) => {
    if (json) ctx.io.out(ok ? (pretty ? "[ ]\n" : "[]\n") : pretty ? "[ " : "[");
  };
  try {
    new RouteApi(ctx.conn).dumpWith(dumpQuery(f), (buf, dv, payload, end) => {
      if (routePasses(f, routeCodec.decode(buf, dv, payload, end))) writeBin(ctx, buf.slice(payload - 16, end));
    });
  } catch (e) {
    if (!isNetlinkError(e)) throw e;
    const missing = mainTableMissing(e, f.tb);
    jsonEnd(missing);
    if (missing) return 0;
    ctx.io.err(dumpErrorText(e) + "Dump terminated\n");
    return 2;
  }
  jsonEnd(true);
  return 0;
}

/** The route attribute `type` of the message at `off` (its payload), or undefined. */
function attr(data: Uint8Array, dv: DataView, off: number, len: number, type: number): Uint8Array | undefined {
  let p = off + 16 + RTMSG_LEN;
  const end = off + len;
  let found: Uint8Array | undefined;
  while (p + 4 <= end) {
    const alen = dv.getUint16(p, true);
    if (alen < 4 || p + alen > end) break;
    if ((dv.getUint16(p + 2, true) & 0x3fff) === type) found = data.subarray(p + 4, p + alen);
    p += (alen + 3) & ~3;
  }
  return found;
}

const differ = (a: Uint8Array | undefined, b: Uint8Array | undefined): boolean =>
  !a || !b || a.length !== b.length || a.some((x, i) => x !== b[i]);

/** `ip route restore`: three passes over stdin, as restore_handler orders them. */
export function restore(ctx: Ctx): number {
  const data = readDump(ctx, "route", ROUTE_DUMP_MAGIC);
  if (!data) return 1;
  // iproute_restore rewinds stdin for each pass, so it first asks ftell, which fails on a pipe
  if (!stdinSeekable(ctx)) {
    ctx.io.err("Failed to restore: ftell: Illegal seek\n");
    return 1;
  }
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const api = new RouteApi(ctx.conn);
  for (let prio = 0; prio < 3; prio++) {
    const ok = eachMessage(ctx, data, (off, len) => {
      const gw = attr(data, dv, off, len, RTA_GATEWAY);
      const pref = attr(data, dv, off, len, RTA_PREFSRC);
      const other = pref !== undefined && differ(pref, attr(data, dv, off, len, RTA_DST));
      const pass = prio === 0 ? !gw && !other : prio === 1 ? !gw && other : gw !== undefined;
      if (!pass) return true;
      const type = dv.getUint16(off + 4, true);
      const flags = dv.getUint16(off + 6, true);
      try {
        api.restoreMessage(type, flags, data.subarray(off + 16, off + len));
      } catch (e) {
        if (!isNetlinkError(e)) throw e;
        ctx.io.err(kernelError(e).message);
        return e.errno === 17 || e.errno === -17;
      }
      return true;
    });
    if (!ok) return 2;
  }
  return 0;
}

/**
 * `ip route showdump`: print a saved stream as print_route does with ip's
 * filter untouched (all zero): routes of -4/-6's family only, none of the
 * cloned ones, and as text even with -j (no JSON object is opened).
 */
export function showdump(ctx: Ctx): number {
  const data = readDump(ctx, "route", ROUTE_DUMP_MAGIC);
  if (!data) return 1;
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const env = showEnv(ctx, undefined, ctx.names);
  const color = ctx.color;
  const p = new Printer({ json: false, pretty: false, oneline: ctx.opts.oneline, ...(color ? { color } : {}) });
  const family = ctx.opts.family;
  const ok = eachMessage(ctx, data, (off, len) => {
    const m = routeCodec.decode(data, dv, off + 16, off + len);
    if ((family !== 0 && m.family !== family) || (routeFlags(m) & 0x200) !== 0) return true;
    p.obj();
    printRoute(p, m, env);
    p.endObj();
    return true;
  });
  ctx.io.out(p.take());
  return ok ? 0 : 2;
}

/** Dispatch of the three commands from route.ts (restore and showdump ignore arguments, as ip does). */
export function run(ctx: Ctx, cmd: "save" | "restore" | "showdump", argv: string[]): number {
  if (cmd === "save") return save(ctx, argv);
  return cmd === "restore" ? restore(ctx) : showdump(ctx);
}
