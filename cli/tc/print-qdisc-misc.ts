/**
 * choke, sfb, hhf, cbs, etf, skbprio and plug as tc 6.1 prints them
 * (q_choke.c, q_sfb.c, q_hhf.c print_opt and print_xstats, q_cbs.c,
 * q_etf.c, q_skbprio.c print_opt; plug prints nothing), from the nl.tc
 * model (lib/rtnl/tc/qdisc-misc.ts) and the decoded xstats structs.
 */
import type { Printer } from "../../lib/format/printer.ts";
import type { CbsOptions, ChokeOptions, EtfOptions, HhfOptions, SfbOptions } from "../../lib/rtnl/tc/qdisc-misc.ts";
import { fmtG, formatSize, formatTime } from "../../lib/rtnl/tc/units.ts";
import type { TcShowCtx } from "./print-common.ts";

/** choke_print_opt (nothing without TCA_CHOKE_PARMS). */
function choke(p: Printer, o: ChokeOptions, c: TcShowCtx): void {
  if (o.limit === undefined) return;
  for (const k of ["limit", "min", "max"] as const) p.num(k, `${k} %sp `, (o[k] as number | undefined) ?? 0);
  for (const k of ["ecn", "harddrop", "adaptive", "nodrop"] as const) p.bool(k, o[k] ? `${k} ` : null, !!o[k]);
  if (c.details) {
    p.num("ewma", "ewma %s ", o.ewma ?? 0);
    if (o.probability !== undefined) p.rawNum("probability", "probability %s ", fmtG(o.probability));
    else p.num("Plog", "Plog %s ", o.plog ?? 0);
    p.num("Scell_log", "Scell_log %s", o.scellLog ?? 0);
  }
}

/** sfb_print_opt: rehash and db are milliseconds printed as sprint_time(ms * 1000) of a u32. */
function sfb(p: Printer, o: SfbOptions): void {
  if (o.rehash === undefined) return;
  for (const k of ["rehash", "db"] as const) { const us = Math.imul(o[k] ?? 0, 1000) >>> 0; p.num(k, `${k} %s `, us, formatTime(us)); }
  p.num("limit", "limit %sp ", o.limit ?? 0);
  p.num("max", "max %sp ", o.max ?? 0);
  p.num("target", "target %sp ", o.target ?? 0);
  p.rawNum("increment", "increment %s ", fmtG(o.increment ?? 0));
  p.rawNum("decrement", "decrement %s ", fmtG(o.decrement ?? 0));
  p.num("penalty_rate", "penalty_rate %spps ", o.penaltyRate ?? 0);
  p.num("penalty_burst", "penalty_burst %sp ", o.penaltyBurst ?? 0);
}

function hhf(p: Printer, o: HhfOptions): void {
  if (o.limit !== undefined) p.num("limit", "limit %sp ", o.limit);
  if (o.quantum !== undefined) p.num("quantum", "quantum %s ", o.quantum as number, formatSize(o.quantum as number));
  if (o.hhLimit !== undefined) p.num("hh_limit", "hh_limit %s ", o.hhLimit);
  if (o.resetTimeout !== undefined) p.num("reset_timeout", "reset_timeout %s ", o.resetTimeout as number, formatTime(o.resetTimeout as number));
  if (o.admitBytes !== undefined) p.num("admit_bytes", "admit_bytes %s ", o.admitBytes as number, formatSize(o.admitBytes as number));
  if (o.evictTimeout !== undefined) p.num("evict_timeout", "evict_timeout %s ", o.evictTimeout as number, formatTime(o.evictTimeout as number));
  if (o.nonHhWeight !== undefined) p.num("non_hh_weight", "non_hh_weight %s ", o.nonHhWeight);
}

function cbs(p: Printer, o: CbsOptions): void {
  if (o.hicredit === undefined) return;
  for (const k of ["hicredit", "locredit", "sendslope", "idleslope", "offload"] as const) p.num(k, `${k} %s `, o[k] ?? 0);
}

/** etf_print_opt: delta goes through print_uint with "%d" (signed in text, unsigned in JSON). */
function etf(p: Printer, o: EtfOptions): void {
  if (o.delta === undefined) return;
  p.str("clockid", "clockid %s ", typeof o.clockid === "string" ? o.clockid : "invalid");
  p.num("delta", "delta %s ", o.delta >>> 0, String(o.delta | 0));
  p.str("offload", "offload %s ", o.offload ? "on" : "off");
  p.str("deadline_mode", "deadline_mode %s ", o.deadlineMode ? "on" : "off");
  p.str("skip_sock_check", "skip_sock_check %s", o.skipSockCheck ? "on" : "off");
}

/** The print_qopt of these kinds; false for other kinds. */
export function printMiscOptions(p: Printer, kind: string, o: object, c: TcShowCtx): boolean {
  switch (kind) {
    case "choke": choke(p, o as ChokeOptions, c); return true;
    case "sfb": sfb(p, o as SfbOptions); return true;
    case "hhf": hhf(p, o as HhfOptions); return true;
    case "cbs": cbs(p, o as CbsOptions); return true;
    case "etf": etf(p, o as EtfOptions); return true;
    case "skbprio": { const l = (o as { limit?: number }).limit; if (l !== undefined) p.num("limit", "limit %s ", l); return true; }
    case "plug": return true;
    default: return false;
  }
}

type X = Record<string, number | undefined>;
/** print_uint(PRINT_ANY) of each [key, text, member]. */
function uints(p: Printer, x: X, list: ReadonlyArray<readonly [string, string, string]>): void {
  for (const [k, t, m] of list) p.num(k, t, x[m] ?? 0);
}

/** choke's, sfb's and hhf's print_xstats (nothing when the struct is short); false for kinds without one. */
export function printMiscXstats(p: Printer, kind: string, x: X): boolean {
  switch (kind) {
    case "choke":
      if (x.matched !== undefined) uints(p, x, [["marked", "  marked %s", "marked"], ["early", " early %s", "early"], ["pdrop", " pdrop %s", "pdrop"], ["other", " other %s", "other"], ["matched", " matched %s", "matched"]]);
      return true;
    case "sfb":
      if (x.avgprob === undefined) return true;
      uints(p, x, [["earlydrop", "  earlydrop %s", "earlydrop"], ["penaltydrop", " penaltydrop %s", "penaltydrop"], ["bucketdrop", " bucketdrop %s", "bucketdrop"], ["queuedrop", " queuedrop %s", "queuedrop"], ["childdrop", " childdrop %s", "childdrop"], ["marked", " marked %s", "marked"]]);
      p.nl();
      p.num("maxqlen", "  maxqlen %s", x.maxqlen ?? 0);
      p.rawNum("maxprob", " maxprob %s", fmtG((x.maxprob ?? 0) / 0xffff));
      p.rawNum("avgprob", " avgprob %s", fmtG((x.avgprob ?? 0) / 0xffff));
      return true;
    case "hhf":
      if (x.hhCurCount !== undefined) uints(p, x, [["drop_overlimit", "  drop_overlimit %s", "dropOverlimit"], ["hh_overlimit", " hh_overlimit %s", "hhOverlimit"], ["tot_hh", " tot_hh %s", "hhTotCount"], ["cur_hh", " cur_hh %s", "hhCurCount"]]);
      return true;
    default: return false;
  }
}
