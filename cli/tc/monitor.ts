/**
 * `tc monitor` (tc 6.1 tc_monitor.c): follows RTNLGRP_TC through
 * lib/monitor's subscribe() and prints each qdisc, class, filter and action
 * notification as tc does (print_qdisc / print_class / print_filter /
 * print_action with their "added", "replaced", "deleted", "Added action",
 * "Flushed table" prefixes; link names, parents and protocols always
 * shown) and chain notifications as print_filter prints them ("added
 * chain ..."). tc 6.1 prints text even with -json here (no JSON writer is
 * opened), and so does this. `monitor file FILE` reads netlink messages
 * back to back from a file (rtnl_from_file) and prints them the same way;
 * -timestamp / -tshort put print_timestamp's stamp before each message.
 */
import { NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE, NLM_F_ROOT } from "../../codecs/core/constants.ts";
import { RTM_TC } from "../../codecs/tc/tables.ts";
import { subscribe } from "../../lib/monitor/subscription.ts";
import { decodeDatagram, type ObjectEvent } from "../../lib/monitor/decode-event.ts";
import { readFileSync } from "node:fs";
import { actionMessage } from "../../codecs/tc/message.ts";
import type { TcChain } from "../../lib/rtnl/tc/chains.ts";
import { printChain } from "./chain.ts";
import { actionsFromWire } from "../../lib/rtnl/tc/action-options.ts";
import type { TcClass, TcFilter, TcQdisc } from "../../lib/rtnl/tc/model.ts";
import { CliError } from "../errors.ts";
import { matches } from "../args.ts";
import type { TcCtx } from "./context.ts";
import { printActions } from "./print-action.ts";
import { printFilter } from "./print-filter.ts";
import { printClass, printQdisc } from "./print-qdisc.ts";

/** The u32 TCA_FCNT of a flush notification from its hex. */
function fcnt(hex: string | undefined): number {
  if (hex === undefined || hex.length < 8) return 0;
  const b = hex.match(/../g)!.slice(0, 4).map((x) => Number.parseInt(x, 16));
  return (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) | 0;
}

/** One notification as tc monitor prints it ("" for what tc does not print). */
export function formatTcEvent(ctx: TcCtx, ev: ObjectEvent): string {
  const p = ctx.printer(false);
  const del = ev.kind === "del", f = ev.flags;
  switch (ev.family) {
    case "qdisc":
      if (del) p.text("deleted ");
      if (!del && f & NLM_F_CREATE && f & NLM_F_REPLACE) p.text("replaced ");
      if (!del && f & NLM_F_CREATE && f & NLM_F_EXCL) p.text("added ");
      printQdisc(p, ev.object as TcQdisc, ctx, true);
      return p.take();
    case "class":
      return (del ? "deleted " : "") + printClass(ev.object as TcClass, ctx, true, p);
    case "filter":
      if (del) p.text("deleted ");
      if (!del && f & NLM_F_CREATE && !(f & NLM_F_EXCL)) p.text("replaced ");
      if (!del && f & NLM_F_CREATE && f & NLM_F_EXCL) p.text("added ");
      printFilter(p, ev.object as TcFilter, ctx, { dev: true, parent: true });
      return p.take();
    case "chain":
      // a message without TCA_CHAIN prints no "chain N" (the kernel always sends it)
      printChain(p, ev.object as TcChain, { parent: 0, type: ev.type, flags: f, ...((ev.message as { attrs: { chain?: number } }).attrs.chain === undefined ? { chain: 0 } : {}) }, ctx);
      return p.take();
    case "action": {
      const m = ev.message as { attrs: { tab?: Parameters<typeof actionsFromWire>[0]; count?: number } };
      p.text(`total acts ${m.attrs.count ?? 0}\n`);
      const acts = actionsFromWire(m.attrs.tab) ?? [];
      if (ev.type === RTM_TC.DELACTION) {
        if (f & NLM_F_ROOT) {
          p.text("Flushed table ");
          // tc_print_action_flush: one entry at order 0 holding TCA_KIND and TCA_FCNT (6, which the action set reads as TCA_ACT_COOKIE).
          if (acts.length === 1 && acts[0]!.order === 0) return p.take() + ` ${acts[0]!.kind} (${fcnt(acts[0]!.cookie)} entries)\n`;
        } else p.text("Deleted action ");
      } else if (ev.type === RTM_TC.NEWACTION && f & NLM_F_CREATE && !(f & NLM_F_REPLACE)) p.text("Added action ");
      else if (ev.type === RTM_TC.NEWACTION && f & NLM_F_REPLACE) p.text("Replaced action ");
      printActions(p, acts, ctx, false);
      return p.take();
    }
    default:
      return "";
  }
}

/** print_timestamp: "Timestamp: <asctime> <usec> usec\n", or "[%Y-%m-%dT%H:%M:%S.<usec>] " with -tshort. */
export function tcTimestamp(short: boolean, nowUs = Math.floor((performance.timeOrigin + performance.now()) * 1000)): string {
  const d = new Date(Math.floor(nowUs / 1000));
  const us = nowUs % 1_000_000;
  const two = (n: number) => String(n).padStart(2, "0");
  const hms = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
  if (short) return `[${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${hms}.${String(us).padStart(6, "0")}] `;
  const day = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][d.getDay()]!;
  const mon = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][d.getMonth()]!;
  return `Timestamp: ${day} ${mon} ${String(d.getDate()).padStart(2, " ")} ${hms} ${d.getFullYear()} ${us} usec\n`;
}

const NLMSG_NOOP = 1, NLMSG_ERROR = 2, NLMSG_DONE = 3;

/** accept_tcmsg for one whole netlink message (header included): what tc prints, on stdout and stderr. */
export function formatTcMessage(ctx: TcCtx, msg: Uint8Array): { out: string; err: string } {
  const dv = new DataView(msg.buffer, msg.byteOffset, msg.byteLength);
  const type = dv.getUint16(4, true), flags = dv.getUint16(6, true);
  let out = ctx.opts.timestamp ? tcTimestamp(ctx.opts.timestamp === "short") : "";
  let err = "";
  if (type === RTM_TC.GETACTION) {
    const m = actionMessage.decode(msg, dv, 16, msg.length);
    out += formatTcEvent(ctx, { kind: "new", family: "action", object: m, message: m, type, flags });
  } else if (type === RTM_TC.NEWTFILTER || type === RTM_TC.DELTFILTER || type === RTM_TC.NEWCHAIN || type === RTM_TC.DELCHAIN ||
    type === RTM_TC.NEWTCLASS || type === RTM_TC.DELTCLASS || type === RTM_TC.NEWQDISC || type === RTM_TC.DELQDISC ||
    type === RTM_TC.NEWACTION || type === RTM_TC.DELACTION) {
    decodeDatagram(msg, (ev) => {
      if (ev.kind === "new" || ev.kind === "del") out += formatTcEvent(ctx, ev);
      else if (ev.kind === "undecodable") err += `bun-netlink-tc: undecodable message of type ${ev.type}: ${ev.error.message}\n`;
    });
  } else if (type !== NLMSG_ERROR && type !== NLMSG_NOOP && type !== NLMSG_DONE) {
    const p8 = (n: number) => String(n).padStart(8, "0"), x8 = (n: number) => n.toString(16).padStart(8, "0");
    err += `Unknown message: length ${p8(dv.getUint32(0, true))} type ${x8(type)} flags ${x8(flags)}\n`;
  }
  return { out, err };
}

/** rtnl_from_file: nlmsghdr after nlmsghdr (each padded to 4 bytes); 0 at a clean end, 255 on a truncated or malformed one. */
function monitorFile(ctx: TcCtx, file: string): number {
  let buf: Uint8Array;
  try {
    buf = new Uint8Array(readFileSync(file));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    ctx.io.err(`Cannot fopen: ${code === "ENOENT" ? "No such file or directory" : code === "EACCES" ? "Permission denied" : code === "EISDIR" ? "Is a directory" : String(code)}\n`);
    return 255;
  }
  ctx.name(0);
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let off = 0;
  for (;;) {
    if (off === buf.length) return 0;
    if (buf.length - off < 16) { ctx.io.err("rtnl-from_file: truncated message\n"); return 255; }
    const len = dv.getUint32(off, true);
    if (len < 16 || len > 16384) { ctx.io.err(`!!!malformed message: len=${len | 0} @${off + 16}\n`); return 255; }
    const body = (len - 16 + 3) & ~3;
    if (buf.length - off - 16 < body) { ctx.io.err("rtnl-from_file: truncated message\n"); return 255; }
    const { out, err } = formatTcMessage(ctx, buf.subarray(off, off + len));
    if (out) ctx.io.out(out);
    if (err) ctx.io.err(err);
    off += 16 + body;
  }
}

/** `tc monitor [file FILE] [help]`: runs until the io's signal aborts. */
export async function tcMonitor(ctx: TcCtx, a: string[]): Promise<number> {
  let file: string | undefined;
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    if (matches(w, "file")) {
      const f = a[++i];
      if (f === undefined) throw new CliError('Command line is not complete. Try option "help"\n', 255, true);
      file = f;
      continue;
    }
    if (matches(w, "help")) { ctx.io.err("Usage: tc [-timestamp [-tshort] monitor\n"); return 255; }
    ctx.io.err(`Argument "${w}" is unknown, try "tc monitor help".\n`);
    return 255;
  }
  if (file !== undefined) return monitorFile(ctx, file);
  const sub = subscribe({ families: ["qdisc", "class", "filter", "chain", "action"], ...(ctx.opts.netns !== undefined ? { netns: ctx.opts.netns } : {}), ...(ctx.io.signal ? { signal: ctx.io.signal } : {}) });
  await sub.ready;
  ctx.name(0); // ll_init_map: know the links before the first event
  for await (const ev of sub) {
    if (ev.kind !== "new" && ev.kind !== "del") continue;
    if (ev.family === "link") continue;
    const s = formatTcEvent(ctx, ev);
    if (s || ctx.opts.timestamp) ctx.io.out((ctx.opts.timestamp ? tcTimestamp(ctx.opts.timestamp === "short") : "") + s);
  }
  return 0;
}
