/**
 * hfsc and qfq as tc 6.1 prints them: q_hfsc.c hfsc_print_opt (the default
 * class), hfsc_print_class_opt (sc when the real-time and link-share curves
 * are equal, else rt and ls; then ul), hfsc_print_xstats, and q_qfq.c
 * qfq_print_opt. tc writes these with fprintf (the same bytes inside
 * -json) except the curves' rates (tc_print_rate, text only).
 */
import type { Printer } from "../../lib/format/printer.ts";
import type { HfscClassOptions, HfscQdiscOptions, QfqClassOptions } from "../../lib/rtnl/tc/qdisc-fair.ts";
import { formatRate, formatTime } from "../../lib/rtnl/tc/units.ts";

type Sc = { m1: number; d: number; m2: number };

/** hfsc_print_sc. */
function sc(p: Printer, name: string, c: Sc, iec: boolean): void {
  p.fp(`${name} `);
  p.text(`m1 ${formatRate(c.m1, iec)} `);
  p.fp(`d ${formatTime(c.d)} `);
  p.text(`m2 ${formatRate(c.m2, iec)} `);
}

function hfsc(p: Printer, o: HfscQdiscOptions & HfscClassOptions, iec: boolean): void {
  if (o.defaultClass !== undefined) { if (o.defaultClass) p.fp(`default ${o.defaultClass.toString(16)} `); return; }
  const rt = o.rt as Sc | undefined, ls = o.ls as Sc | undefined, ul = o.ul as Sc | undefined;
  if (rt && ls && rt.m1 === ls.m1 && rt.d === ls.d && rt.m2 === ls.m2) sc(p, "sc", rt, iec);
  else {
    if (rt) sc(p, "rt", rt, iec);
    if (ls) sc(p, "ls", ls, iec);
  }
  if (ul) sc(p, "ul", ul, iec);
}

/** The print_qopt/print_copt of hfsc or qfq; false for other kinds. */
export function printFairOptions(p: Printer, kind: string, o: object, iec: boolean): boolean {
  if (kind === "hfsc") { hfsc(p, o as HfscQdiscOptions & HfscClassOptions, iec); return true; }
  if (kind !== "qfq") return false;
  const q = o as QfqClassOptions;
  if (q.weight !== undefined) p.fp(`weight ${q.weight} `);
  if (q.maxpkt !== undefined) p.fp(`maxpkt ${q.maxpkt} `);
  return true;
}

/** hfsc_print_xstats (nothing when the struct is short); false for other kinds. */
export function printFairXstats(p: Printer, kind: string, x: unknown): boolean {
  if (kind !== "hfsc") return false;
  const s = x as { work?: bigint; rtwork?: bigint; period?: number; level?: number } | null;
  if (s === null || typeof s !== "object" || s.level === undefined) return true;
  p.fp(` period ${s.period} `);
  if (s.work) p.fp(`work ${s.work} bytes `);
  if (s.rtwork) p.fp(`rtwork ${s.rtwork} bytes `);
  p.fp(`level ${s.level} \n`);
  return true;
}

