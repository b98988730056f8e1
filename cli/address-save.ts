/**
 * `ip address save [SELECTOR]`, `ip address restore`, `ip address showdump`
 * as iproute2 6.1 does them (ip/ipaddress.c): save writes the 32-bit magic
 * 0x47361222 (host order) and then every RTM_NEWADDR message of the dump
 * (ip's -4/-6 family and the `dev` index in the request, which the kernel
 * filters on; the other selectors are parsed and checked but filter
 * nothing), byte for byte as the kernel sent it; restore sends each saved
 * message back with REQUEST|CREATE|ACK added, a "File exists" reported and
 * skipped; showdump prints the stream as "ifN:" and the address lines.
 */
import { addrMessage } from "../codecs/addr/index.ts";
import { RTM } from "../codecs/rtnetlink.ts";
import { printAddress } from "../lib/format/address.ts";
import { toAddress } from "../lib/rtnl/address/model.ts";
import type { Ctx } from "./context.ts";
import { eachMessage, readDump, sendBack, startDump, writeBin } from "./dump-stream.ts";
import { CliError, dumpErrorText, isNetlinkError } from "./errors.ts";
import { parseListArgs } from "./ipaddr-list.ts";
import { requestFamily } from "./prefix.ts";
import { ADDRESS_USAGE } from "./usage-texts.ts";

/** ip's ipadd_dump_magic. */
export const ADDR_DUMP_MAGIC = 0x47361222;

/** `ip address save`: the selectors are read first (their errors come before the terminal check and the magic). */
export function save(ctx: Ctx, argv: string[]): number {
  const f = parseListArgs(ctx, argv, ctx.opts.family, ctx.names, () => new CliError(ADDRESS_USAGE, 255, true));
  const refused = startDump(ctx, ADDR_DUMP_MAGIC);
  if (refused !== undefined) {
    ctx.io.err(refused);
    return 1;
  }
  // rtnl_addrdump_req with preferred_family (not the family a "to" prefix implies) and filter.ifindex
  const req = { family: requestFamily(ctx), prefixlen: 0, flags: 0, scope: 0, index: f.ifindex, attrs: {} };
  try {
    ctx.conn.raw(RTM.GETADDR, 0, (w) => addrMessage.encode(w, req), (buf, _dv, payload, end) => writeBin(ctx, buf.slice(payload - 16, end)), true);
  } catch (e) {
    if (!isNetlinkError(e)) throw e;
    ctx.io.err(dumpErrorText(e) + "Save terminated\n");
    return 1;
  }
  return 0;
}

/** `ip address restore`: each saved message sent back in order; a refusal other than EEXIST stops it (exit 255). */
export function restore(ctx: Ctx): number {
  const data = readDump(ctx, "address", ADDR_DUMP_MAGIC);
  if (!data) return 255;
  const ok = eachMessage(ctx, data, (off, len) => {
    const refused = sendBack(ctx, data, off, len);
    if (refused) ctx.io.err(refused.text);
    return refused === undefined || refused.exists;
  });
  return ok ? 0 : 255;
}

/** `ip address showdump`: "ifN:" and the address as `ip address show` prints it, per saved message. */
export function showdump(ctx: Ctx): number {
  const data = readDump(ctx, "address", ADDR_DUMP_MAGIC);
  if (!data) return 255;
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const p = ctx.printer();
  p.arr(null);
  p.obj();
  p.arr("addr_info", null);
  const ok = eachMessage(ctx, data, (off, len) => {
    const m = addrMessage.decode(data, dv, off + 16, off + len);
    p.obj();
    p.num("index", "if%s:", m.index);
    p.nl();
    const a = toAddress(m);
    if (a !== undefined) printAddress(p, a, { brief: ctx.opts.brief });
    p.endObj();
    return true;
  });
  p.endArr();
  p.endObj();
  p.endArr();
  ctx.io.out(p.json ? p.take() + "\n" : p.take());
  return ok ? 0 : 255;
}
