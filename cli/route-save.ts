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
import { readFileSync } from "node:fs";
import { routeCodec } from "../codecs/route/message.ts";
import { RouteApi } from "../lib/rtnl/route/api.ts";
import type { Ctx } from "./context.ts";
import { dumpErrorText, isNetlinkError, kernelError } from "./errors.ts";
import { dumpQuery, mainTableMissing, parseRouteFilter, routePasses, showEnv } from "./route-filter.ts";
import { Printer } from "../lib/format/printer.ts";
import { printRoute, routeFlags } from "../lib/format/route.ts";

/** ip's route_dump_magic. */
export const ROUTE_DUMP_MAGIC = 0x45311224;

const RTA_DST = 1, RTA_GATEWAY = 5, RTA_PREFSRC = 7;
const RTMSG_LEN = 12;

/** An in-memory Io (tests) has no terminal and keeps its streams as strings. */
const isMemoryIo = (ctx: Ctx): boolean => "stdout" in ctx.io;

/**
 * isatty(3), with node:tty loaded on first use: a bundle hoists every static
 * import of a builtin to its start, and node:tty (with the streams it pulls
 * in) was the largest single cost of every CLI command's start-up.
 */
function isatty(fd: number): boolean {
  return (require("node:tty") as typeof import("node:tty")).isatty(fd);
}

function writeBin(ctx: Ctx, b: Uint8Array): void {
  if (ctx.io.outBytes && !isMemoryIo(ctx)) ctx.io.outBytes(b);
  else ctx.io.out(Buffer.from(b).toString("latin1"));
}

/**
 * `ip route save SELECTOR`: as ip's save_route_prep, the terminal check
 * and the magic come before the selector is read, so a bad selector (or
 * device) leaves the magic on stdout ahead of its error.
 */
export function save(ctx: Ctx, argv: string[]): number {
  if (!isMemoryIo(ctx) && isatty(1)) {
    ctx.io.err("Not sending a binary stream to stdout\n");
    return 1;
  }
  const magic = new Uint8Array(4);
  new DataView(magic.buffer).setUint32(0, ROUTE_DUMP_MAGIC, true);
  writeBin(ctx, magic);
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

/** stdin as bytes after ip's checks (terminal, magic); undefined after printing ip's complaint. */
function readDump(ctx: Ctx): Uint8Array | undefined {
  let data: Uint8Array;
  if (isMemoryIo(ctx)) data = Buffer.from(ctx.io.readStdin(), "latin1");
  else {
    if (isatty(0)) {
      ctx.io.err("Can't restore route dump from a terminal\n");
      return undefined;
    }
    data = readFileSync(0);
  }
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  // fread of one 4-byte item: a short stdin counts 0 items but fills what it had
  const elems = data.length >= 4 ? 1 : 0;
  let magic = 0;
  for (let i = Math.min(data.length, 4) - 1; i >= 0; i--) magic = magic * 256 + dv.getUint8(i);
  if (magic !== ROUTE_DUMP_MAGIC) {
    ctx.io.err(`Magic mismatch (${elems} elems, ${magic.toString(16)} magic)\n`);
    return undefined;
  }
  return data.subarray(4);
}

/** Walk the messages as ip's rtnl_from_file does; false after printing its complaint. */
function eachMessage(ctx: Ctx, data: Uint8Array, visit: (off: number, len: number) => boolean): boolean {
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let off = 0;
  while (off < data.length) {
    if (data.length - off < 16) {
      ctx.io.err("rtnl-from_file: truncated message\n");
      return false;
    }
    const len = dv.getUint32(off, true);
    if (len < 16 || len > 16384) {
      ctx.io.err(`!!!malformed message: len=${len | 0} @${4 + off + 16}\n`);
      return false;
    }
    const next = off + 16 + ((len - 16 + 3) & ~3);
    if (next > data.length) {
      ctx.io.err("rtnl-from_file: truncated message\n");
      return false;
    }
    if (!visit(off, len)) return false;
    off = next;
  }
  return true;
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
  const data = readDump(ctx);
  if (!data) return 1;
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
  const data = readDump(ctx);
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
