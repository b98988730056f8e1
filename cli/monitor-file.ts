/**
 * `ip monitor file FILE`: the netlink messages saved in FILE (one after
 * the other, as `ip monitor` receives them) printed as monitor prints
 * events: ip/ipmonitor.c of iproute2 6.1 with lib/libnetlink.c
 * rtnl_from_file and accept_msg. A file that cannot be opened gives ip's
 * message and status 255, broken framing its message and status 1; a message type ip does not know gives its
 * "Unknown message" line; types ip prints and bun-netlink has no printer
 * for are named on stderr.
 */
import { readFileSync } from "node:fs";
import { HOST_LE } from "../codecs/core/align.ts";
import { RTM } from "../codecs/rtnetlink.ts";
import { RTM_F_CLONED } from "../codecs/route/tables.ts";
import { decodeDatagram, type MonitorEvent } from "../lib/monitor/decode-event.ts";
import type { Ctx } from "./context.ts";
import { strerror } from "./errors.ts";
import type { MonitorArgs } from "./monitor-args.ts";
import { formatEvent, onDev } from "./monitor-format.ts";

/** rtnl_from_file's buffer: longer messages are "malformed". */
const BUF = 16384;
/** RTNL_FAMILY_IPMR, RTNL_FAMILY_IP6MR (linux/rtnetlink.h): multicast routes ([MROUTE]). */
const MROUTE_FAMILIES = new Set([128, 129]);
/** Types accept_msg prints that have no printer here; NLMSG_NOOP/ERROR/DONE and the families below are handled. */
const NO_PRINTER = new Map<number, string>([
  [RTM.NEWADDRLABEL, "addrlabel"], [RTM.DELADDRLABEL, "addrlabel"], [RTM.NEWNETCONF, "netconf"], [RTM.DELNETCONF, "netconf"],
  [RTM.NEWSTATS, "stats"], [RTM.NEWNEXTHOPBUCKET, "nexthop bucket"], [RTM.DELNEXTHOPBUCKET, "nexthop bucket"],
  [52, "prefix"], [0x0a, "timestamp"], // RTM_NEWPREFIX, NLMSG_TSTAMP
]);
/** The types accept_msg prints with the families' printers (RTM_GETNEIGH too: print_neigh's "miss" lines). */
const PRINTED = new Set<number>([
  RTM.NEWLINK, RTM.DELLINK, RTM.NEWADDR, RTM.DELADDR, RTM.NEWROUTE, RTM.DELROUTE, RTM.NEWNEIGH, RTM.DELNEIGH, RTM.GETNEIGH,
  RTM.NEWRULE, RTM.DELRULE, RTM.NEWNSID, RTM.DELNSID, RTM.NEWNEXTHOP, RTM.DELNEXTHOP,
]);

/** Print the messages of `file`; ip's exit status (0, or 255 / 1 after its complaint). */
export function monitorFile(ctx: Ctx, file: string, args: MonitorArgs, dev: number | undefined): number {
  let buf: Uint8Array;
  try {
    buf = readFileSync(file);
  } catch (e) {
    const errno = (e as { errno?: number }).errno;
    ctx.io.err(`Cannot fopen: ${errno !== undefined ? strerror(Math.abs(errno)) : (e as Error).message}\n`);
    return 255;
  }
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let off = 0;
  while (off < buf.length) {
    if (buf.length - off < 16) return truncated(ctx);
    const len = dv.getUint32(off, HOST_LE);
    if (len < 16 || len > BUF) {
      ctx.io.err(`!!!malformed message: len=${len | 0} @${off + 16}\n`);
      return 1;
    }
    const end = off + ((len + 3) & ~3);
    if (end > buf.length) return truncated(ctx);
    printMessage(ctx, buf.subarray(off, off + len), dv, off, args, dev);
    off = end;
  }
  return 0;
}

function truncated(ctx: Ctx): number {
  ctx.io.err("rtnl-from_file: truncated message\n");
  return 1;
}

/** accept_msg for one message of the file. */
function printMessage(ctx: Ctx, msg: Uint8Array, dv: DataView, off: number, args: MonitorArgs, dev: number | undefined): void {
  const type = dv.getUint16(off + 4, HOST_LE);
  if (type === 1 || type === 2 || type === 3) return; // NLMSG_NOOP, NLMSG_ERROR, NLMSG_DONE
  if ((type === RTM.NEWROUTE || type === RTM.DELROUTE) && msg.length >= 28) {
    if (dv.getUint32(off + 24, HOST_LE) & RTM_F_CLONED) return;
    if (MROUTE_FAMILIES.has(msg[16]!)) return unsupported(ctx, "mroute");
  }
  if ((type === RTM.NEWNEIGH || type === RTM.DELNEIGH || type === RTM.GETNEIGH) && ctx.opts.family && msg[16] !== ctx.opts.family) return;
  const missing = NO_PRINTER.get(type);
  if (missing !== undefined) return unsupported(ctx, missing);
  if (!PRINTED.has(type)) {
    const flags = dv.getUint16(off + 6, HOST_LE);
    const hex = (n: number) => n.toString(16).padStart(8, "0");
    ctx.io.err(`Unknown message: type=0x${hex(type)}(${type}) flags=0x${hex(flags)}(${flags}) len=0x${hex(msg.length)}(${msg.length})\n`);
    return;
  }
  decodeDatagram(msg, (ev: MonitorEvent) => {
    if (dev !== undefined && ev.kind !== "overrun" && ev.kind !== "undecodable" && !onDev(ev, dev)) return;
    const s = formatEvent(ctx, ev, args.label);
    if (s) ctx.io.out(s);
  });
}

function unsupported(ctx: Ctx, what: string): void {
  ctx.io.err(`bun-netlink: ${what} messages are not printed by "ip monitor file"\n`);
}
