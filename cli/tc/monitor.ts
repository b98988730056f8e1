/**
 * `tc monitor` (tc 6.1 tc_monitor.c): follows RTNLGRP_TC through
 * lib/monitor's subscribe() and prints each qdisc, class, filter and action
 * notification as tc does (print_qdisc / print_class / print_filter /
 * print_action with their "added", "replaced", "deleted", "Added action",
 * "Flushed table" prefixes; link names, parents and protocols always
 * shown). tc 6.1 prints text even with -json here (no JSON writer is
 * opened), and so does this. Not done: chain notifications (RTM_NEWCHAIN,
 * "added chain ..."), `file FILE`, -timestamp.
 */
import { NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE, NLM_F_ROOT } from "../../codecs/core/constants.ts";
import { RTM_TC } from "../../codecs/tc/tables.ts";
import { subscribe } from "../../lib/monitor/subscription.ts";
import type { ObjectEvent } from "../../lib/monitor/decode-event.ts";
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
      } else if (f & NLM_F_CREATE && !(f & NLM_F_REPLACE)) p.text("Added action ");
      else if (f & NLM_F_REPLACE) p.text("Replaced action ");
      printActions(p, acts, ctx, false);
      return p.take();
    }
    default:
      return "";
  }
}

/** `tc monitor [help]`: runs until the io's signal aborts. */
export async function tcMonitor(ctx: TcCtx, a: string[]): Promise<number> {
  for (const w of a) {
    if (matches(w, "help")) { ctx.io.err("Usage: tc [-timestamp [-tshort] monitor\n"); return 255; }
    if (matches(w, "file")) throw new CliError("bun-netlink-tc: monitor file is not supported\n", 255, true);
    ctx.io.err(`Argument "${w}" is unknown, try "tc monitor help".\n`);
    return 255;
  }
  const sub = subscribe({ families: ["qdisc", "class", "filter", "action"], ...(ctx.opts.netns !== undefined ? { netns: ctx.opts.netns } : {}), ...(ctx.io.signal ? { signal: ctx.io.signal } : {}) });
  await sub.ready;
  ctx.name(0); // ll_init_map: know the links before the first event
  for await (const ev of sub) {
    if (ev.kind !== "new" && ev.kind !== "del") continue;
    if (ev.family === "link") continue;
    const s = formatTcEvent(ctx, ev);
    if (s) ctx.io.out(s);
  }
  return 0;
}
