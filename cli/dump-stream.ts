/**
 * The binary dump streams of `ip route|rule|address save`, `restore` and
 * `showdump` (iproute2 6.1): a 32-bit magic in host order, then the
 * kernel's messages as it sent them. Writing one (stdout must not be a
 * terminal), reading stdin back after ip's checks, and walking its
 * messages as rtnl_from_file does, with ip's complaints; route-save.ts,
 * rule-save.ts and address-save.ts decide what each complaint costs (ip's
 * statuses differ per object).
 */
import { fstatSync, readFileSync } from "node:fs";
import { NLM_F_CREATE } from "../codecs/core/constants.ts";
import type { Ctx } from "./context.ts";
import { isNetlinkError, kernelError } from "./errors.ts";

/** An in-memory Io (tests, embedding): no terminal, its streams are strings. */
export const isMemoryIo = (ctx: Ctx): boolean => "stdout" in ctx.io;

/**
 * isatty(3), with node:tty loaded on first use: a bundle hoists every static
 * import of a builtin to its start, and node:tty (with the streams it pulls
 * in) was the largest single cost of every CLI command's start-up.
 */
function isatty(fd: number): boolean {
  return (require("node:tty") as typeof import("node:tty")).isatty(fd);
}

/** Bytes to stdout (latin1 text for an in-memory Io). */
export function writeBin(ctx: Ctx, b: Uint8Array): void {
  if (ctx.io.outBytes && !isMemoryIo(ctx)) ctx.io.outBytes(b);
  else ctx.io.out(Buffer.from(b).toString("latin1"));
}

/**
 * The save commands' first steps: ip's complaint when stdout is a terminal
 * (nothing written), else the magic written and undefined.
 */
export function startDump(ctx: Ctx, magic: number): string | undefined {
  if (!isMemoryIo(ctx) && isatty(1)) return "Not sending a binary stream to stdout\n";
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, magic, true);
  writeBin(ctx, b);
  return undefined;
}

/**
 * stdin after ip's checks: the messages after the magic, or ip's complaint
 * ("Can't restore WHAT dump from a terminal", "Magic mismatch ..."; ip's
 * fread of one 4-byte item counts 0 items on a short stdin but fills what
 * it had).
 */
export function dumpInput(ctx: Ctx, what: string, magic: number): { data: Uint8Array } | { error: string } {
  let data: Uint8Array;
  if (isMemoryIo(ctx)) data = Buffer.from(ctx.io.readStdin(), "latin1");
  else {
    if (isatty(0)) return { error: `Can't restore ${what} dump from a terminal\n` };
    data = readFileSync(0);
  }
  let got = 0;
  for (let i = Math.min(data.length, 4) - 1; i >= 0; i--) got = got * 256 + data[i]!;
  if (got !== magic) return { error: `Magic mismatch (${data.length >= 4 ? 1 : 0} elems, ${got.toString(16)} magic)\n` };
  return { data: data.subarray(4) };
}

/**
 * rtnl_from_file's walk over `data` (the stream after its magic): `visit`
 * gets each message's offset and nlmsg_len and returns false to stop.
 * Returns ip's complaint for a truncated or malformed stream ("" when
 * `visit` stopped it), undefined when every message was visited.
 */
export function walkDump(ctx: Ctx, data: Uint8Array, visit: (off: number, len: number) => boolean): string | undefined {
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let off = 0; off < data.length; ) {
    if (data.length - off < 16) return "rtnl-from_file: truncated message\n";
    const len = dv.getUint32(off, true);
    if (len < 16 || len > 16384) return `!!!malformed message: len=${len | 0} @${streamOffset(ctx, 4 + off + 16)}\n`;
    const next = off + 16 + ((len - 16 + 3) & ~3);
    if (next > data.length) return "rtnl-from_file: truncated message\n";
    if (!visit(off, len)) return "";
    off = next;
  }
  return undefined;
}

/** {@link dumpInput} that prints ip's complaint and returns undefined in its place. */
export function readDump(ctx: Ctx, what: string, magic: number): Uint8Array | undefined {
  const r = dumpInput(ctx, what, magic);
  if ("data" in r) return r.data;
  ctx.io.err(r.error);
  return undefined;
}

/** {@link walkDump} that prints ip's complaint; true when every message was visited. */
export function eachMessage(ctx: Ctx, data: Uint8Array, visit: (off: number, len: number) => boolean): boolean {
  const complaint = walkDump(ctx, data, visit);
  if (complaint !== undefined) ctx.io.err(complaint);
  return complaint === undefined;
}

/** ftell(stdin) where ip reports a malformed message: the offset, or -1 (printed as %lu) where stdin cannot seek. */
function streamOffset(ctx: Ctx, at: number): string {
  return stdinSeekable(ctx) ? String(at) : "18446744073709551615";
}

/**
 * Whether ftell/fseek work on stdin: not on a pipe or a socket (ESPIPE).
 * An in-memory Io's stdin is a string, read as if from a file.
 */
export function stdinSeekable(ctx: Ctx): boolean {
  if (isMemoryIo(ctx)) return true;
  try {
    const st = fstatSync(0);
    return !st.isFIFO() && !st.isSocket();
  } catch {
    return false;
  }
}

/**
 * restore_handler of ip's rule and address restore: the saved message at
 * `off` sent back as it is with NLM_F_CREATE added (the connection adds
 * REQUEST and ACK). A refusal's RTNETLINK text is returned, with `exists`
 * set for EEXIST (which ip reports and skips); undefined when accepted.
 */
export function sendBack(ctx: Ctx, data: Uint8Array, off: number, len: number): { text: string; exists: boolean } | undefined {
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const type = dv.getUint16(off + 4, true);
  const flags = dv.getUint16(off + 6, true);
  try {
    ctx.conn.raw(type, flags | NLM_F_CREATE, (w) => w.bytes(data.subarray(off + 16, off + len)));
    return undefined;
  } catch (e) {
    if (!isNetlinkError(e)) throw e;
    return { text: kernelError(e).message, exists: e.errno === 17 || e.errno === -17 };
  }
}
