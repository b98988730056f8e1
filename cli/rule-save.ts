/**
 * `ip rule save` and `ip rule restore` as iproute2 6.1 does them
 * (ip/iprule.c): save takes no selector, writes the 32-bit magic
 * 0x71706986 (host order) and then every RTM_NEWRULE message of the
 * listing family's dump byte for byte as the kernel sent it; restore reads
 * such a stream from stdin (rtnl_from_file) and sends each message back
 * with NLM_F_REQUEST|NLM_F_CREATE|NLM_F_ACK added to its flags, reporting
 * every refusal and going on past EEXIST only.
 */
import { readFileSync } from "node:fs";
import { RTM } from "../codecs/rtnetlink.ts";
import { NLM_F_CREATE } from "../codecs/core/constants.ts";
import type { Ctx } from "./context.ts";
import { CliError, isNetlinkError, kernelError } from "./errors.ts";
import { printRows } from "./rows.ts";

/** ip's rule_dump_magic. */
export const RULE_DUMP_MAGIC = 0x71706986;

/** An in-memory Io (tests) has no terminal and keeps its streams as strings. */
const isMemoryIo = (ctx: Ctx): boolean => "stdout" in ctx.io;

/** isatty(3), node:tty loaded on first use (a static import of it costs every command's start-up). */
function isatty(fd: number): boolean {
  return (require("node:tty") as typeof import("node:tty")).isatty(fd);
}

function writeBin(ctx: Ctx, b: Uint8Array): void {
  if (ctx.io.outBytes && !isMemoryIo(ctx)) ctx.io.outBytes(b);
  else ctx.io.out(Buffer.from(b).toString("latin1"));
}

/**
 * `ip rule save` (`af`: the listing family, AF_INET without -4/-6/-f).
 * With -j ip's JSON array ("[]", or "[" after a dump error) follows the
 * binary stream, as ip's stdio buffer does after its write(2)s.
 */
export function save(ctx: Ctx, argv: string[], af: number): number {
  if (argv.length > 0) throw new CliError('"ip rule save" does not take any arguments.\n', 1, false);
  if (!isMemoryIo(ctx) && isatty(1)) throw new CliError("Not sending a binary stream to stdout\n", 1, false);
  const magic = new Uint8Array(4);
  new DataView(magic.buffer).setUint32(0, RULE_DUMP_MAGIC, true);
  writeBin(ctx, magic);
  const hdr = new Uint8Array(12);
  hdr[0] = af;
  try {
    ctx.conn.raw(RTM.GETRULE, 0, (w) => w.bytes(hdr), (buf, _dv, payload, end) => writeBin(ctx, buf.slice(payload - 16, end)), true);
  } catch (e) {
    if (!isNetlinkError(e)) throw e;
    if (ctx.opts.json) ctx.io.out(ctx.opts.pretty ? "[ " : "[");
    throw new CliError(kernelError(e).message + "Dump terminated\n", 255, false);
  }
  if (ctx.opts.json) printRows(ctx, [], () => undefined);
  return 0;
}

/** stdin as bytes, after rule_dump_check_magic (ip exits -1 on a terminal or a wrong magic). */
function readDump(ctx: Ctx): Uint8Array {
  let data: Uint8Array;
  if (isMemoryIo(ctx)) data = Buffer.from(ctx.io.readStdin(), "latin1");
  else {
    if (isatty(0)) throw new CliError("Can't restore rule dump from a terminal\n", 255, true);
    data = readFileSync(0);
  }
  // fread of one 4-byte item: a short stdin counts 0 items but fills what it had
  let magic = 0;
  for (let i = Math.min(data.length, 4) - 1; i >= 0; i--) magic = magic * 256 + data[i]!;
  if (magic !== RULE_DUMP_MAGIC) throw new CliError(`Magic mismatch (${data.length >= 4 ? 1 : 0} elems, ${magic.toString(16)} magic)\n`, 255, true);
  return data.subarray(4);
}

/**
 * `ip rule restore`: each message of stdin in turn (rtnl_from_file: a
 * truncated or malformed one ends it, status 255), sent as restore_handler
 * does; a refusal other than EEXIST ends it with status 255. ip exit()s
 * with that status, also 0, so it always ends a batch: the outcome is
 * thrown as a fatal CliError. (ip also re-reads the link table before each
 * message, a dump that changes nothing; it is not repeated here.)
 */
export function restore(ctx: Ctx): never {
  const data = readDump(ctx);
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let off = 0;
  while (off < data.length) {
    if (data.length - off < 16) throw new CliError("rtnl-from_file: truncated message\n", 255, true);
    const len = dv.getUint32(off, true);
    if (len < 16 || len > 16384) throw new CliError(`!!!malformed message: len=${len | 0} @${malformedAt(ctx, off)}\n`, 255, true);
    const next = off + 16 + ((len - 16 + 3) & ~3);
    if (next > data.length) throw new CliError("rtnl-from_file: truncated message\n", 255, true);
    const type = dv.getUint16(off + 4, true);
    const flags = dv.getUint16(off + 6, true);
    const payload = data.subarray(off + 16, off + len);
    try {
      ctx.conn.raw(type, flags | NLM_F_CREATE, (w) => w.bytes(payload));
    } catch (e) {
      if (!isNetlinkError(e)) throw e;
      if (e.errno !== 17 && e.errno !== -17) throw new CliError(kernelError(e).message, 255, true);
      ctx.io.err(kernelError(e).message);
    }
    off = next;
  }
  throw new CliError("", 0, true);
}

/** ftell(stdin) after the header ip read: the offset in a file, -1 (printed as %lu) on a pipe. */
function malformedAt(ctx: Ctx, off: number): string {
  let seekable = false;
  if (!isMemoryIo(ctx)) {
    try {
      seekable = require("node:fs").fstatSync(0).isFile();
    } catch {
      seekable = false;
    }
  }
  return seekable ? String(4 + off + 16) : "18446744073709551615";
}
