/**
 * Options and extended statistics of codel, pie, fq_pie and red (cake's
 * in print-qdisc-cake.ts, dispatched from here) as tc 6.1
 * prints them (q_codel.c, q_pie.c, q_fq_pie.c, q_red.c print_opt and
 * print_xstats, tc_red.c tc_red_print_flags, tc_qevent.c qevents_print),
 * from the nl.tc model. Times print as sprint_time in text and as the
 * kernel's microseconds in JSON; sizes as sprint_size in text.
 */
import { printFqXstats } from "./print-qdisc-fq-xstats.ts";
import type { Printer } from "../../lib/format/printer.ts";
import type { CodelOptions, FqPieOptions, PieOptions, RedOptions } from "../../lib/rtnl/tc/qdisc-aqm-more.ts";
import { fmtG, formatSize, formatTime } from "../../lib/rtnl/tc/units.ts";
import type { TcShowCtx } from "./print-common.ts";
import { printCake, printCakeXstats } from "./print-qdisc-cake.ts";
import type { CakeStatsWire } from "../../codecs/tc/qdisc-cake.ts";
import { printSchedOptions, printSchedXstats } from "./print-qdisc-sched.ts";
import { printMiscOptions, printMiscXstats } from "./print-qdisc-misc.ts";

/** print_uint(PRINT_JSON) + print_string(PRINT_FP, sprint_time). */
function time(p: Printer, key: string, v: unknown): void {
  if (v !== undefined) p.num(key, `${key} %s `, v as number, formatTime(v as number));
}
function size(p: Printer, key: string, v: unknown): void {
  if (v !== undefined) p.num(key, `${key} %s `, v as number, formatSize(v as number));
}
function on(p: Printer, key: string, v: boolean | undefined): void {
  if (v) p.bool(key, `${key} `, true);
}

/** codel_print_opt. */
function codel(p: Printer, o: CodelOptions): void {
  if (o.limit !== undefined) p.num("limit", "limit %sp ", o.limit);
  time(p, "target", o.target);
  time(p, "ce_threshold", o.ceThreshold);
  time(p, "interval", o.interval);
  on(p, "ecn", o.ecn);
}

/** pie_print_opt and fq_pie_print_opt. */
function pie(p: Printer, o: FqPieOptions, fq: boolean): void {
  if (o.limit !== undefined) p.num("limit", "limit %sp ", o.limit);
  if (fq && o.flows !== undefined) p.num("flows", "flows %s ", o.flows);
  time(p, "target", o.target);
  time(p, "tupdate", o.tupdate);
  if (o.alpha !== undefined) p.num("alpha", "alpha %s ", o.alpha);
  if (o.beta !== undefined) p.num("beta", "beta %s ", o.beta);
  if (fq) {
    size(p, "quantum", o.quantum);
    size(p, "memory_limit", o.memoryLimit);
    if (o.ecnProb !== undefined) p.num("ecn_prob", "ecn_prob %s ", o.ecnProb);
  }
  on(p, "ecn", o.ecn);
  on(p, "bytemode", o.bytemode);
  on(p, "dq_rate_estimator", o.dqRateEstimator);
}

/** red_print_opt (nothing without TCA_RED_PARMS: the model then has no limit). */
function red(p: Printer, o: RedOptions, c: TcShowCtx): void {
  if (o.limit === undefined) return;
  for (const k of ["limit", "min", "max"] as const) p.num(k, `${k} %s `, (o[k] as number | undefined) ?? 0, formatSize((o[k] as number | undefined) ?? 0));
  for (const k of ["ecn", "harddrop", "adaptive", "nodrop"] as const) p.bool(k, o[k] ? `${k} ` : null, !!o[k]);
  if (c.details) {
    p.num("ewma", "ewma %s ", o.ewma ?? 0);
    if (o.probability !== undefined) p.rawNum("probability", "probability %s ", fmtG(o.probability));
    else p.num("Plog", "Plog %s ", o.plog ?? 0);
    p.num("Scell_log", "Scell_log %s", o.scellLog ?? 0);
  }
  const qe = ([["early_drop", o.earlyDropBlock], ["mark", o.markBlock]] as const).filter(([, b]) => b);
  if (qe.length) {
    p.arr("qevents");
    for (const [name, block] of qe) {
      p.obj();
      p.str("kind", "qevent %s", name);
      p.num("block", " block %s", block!);
      p.text(" ");
      p.endObj();
    }
    p.endArr("");
  }
}

/** The print_qopt/print_copt of codel, pie, fq_pie, red, cake, drr, ets or multiq; false for other kinds. */
export function printAqmMoreOptions(p: Printer, kind: string, o: unknown, c: TcShowCtx): boolean {
  if (printSchedOptions(p, kind, o, c)) return true;
  if (o === null || typeof o !== "object") return ["codel", "pie", "fq_pie", "red", "cake", ...MISC].includes(kind);
  if (printMiscOptions(p, kind, o, c)) return true;
  switch (kind) {
    case "cake": printCake(p, o as never, c); return true;
    case "codel": codel(p, o as CodelOptions); return true;
    case "pie": case "fq_pie": pie(p, o as FqPieOptions, kind === "fq_pie"); return true;
    case "red": red(p, o as RedOptions, c); return true;
    default: return false;
  }
}

/** The kinds of print-qdisc-misc.ts. */
const MISC = ["choke", "sfb", "hhf", "cbs", "etf", "skbprio", "plug"];

type X = Record<string, number | bigint | undefined>;
const n = (v: number | bigint | undefined): number => Number(v ?? 0);

/** codel_print_xstats (a short struct reads as zeros). */
function codelX(p: Printer, x: X): void {
  p.num("count", "  count %s", n(x.count));
  p.num("lastcount", " lastcount %s", n(x.lastcount));
  p.num("ldelay", " ldelay %s", n(x.ldelay), formatTime(n(x.ldelay)));
  if (n(x.dropping)) p.bool("dropping", " dropping", true);
  const next = n(x.dropNext);
  p.num("drop_next", null, next);
  p.text(next < 0 ? ` drop_next -${formatTime(-next)}` : ` drop_next ${formatTime(next)}`);
  p.nl();
  p.num("maxpacket", "  maxpacket %s", n(x.maxpacket));
  p.num("ecn_mark", " ecn_mark %s", n(x.ecnMark));
  p.num("drop_overlimit", " drop_overlimit %s", n(x.dropOverlimit));
  if (n(x.ceMark)) p.num("ce_mark", " ce_mark %s", n(x.ceMark));
}

/** pie_print_xstats (nothing when the struct is short). */
function pieX(p: Printer, x: X): void {
  if (x.ecnMark === undefined) return;
  p.rawNum("prob", "  prob %s", fmtG(n(x.prob) / 18446744073709551615));
  p.num("delay", " delay %s", n(x.delay), formatTime(n(x.delay)));
  if (n(x.dqRateEstimating)) p.num("avg_dq_rate", " avg_dq_rate %s", n(x.avgDqRate));
  p.nl();
  p.num("pkts_in", "  pkts_in %s", n(x.packetsIn));
  p.num("overlimit", " overlimit %s", n(x.overlimit));
  p.num("dropped", " dropped %s", n(x.dropped));
  p.num("maxq", " maxq %s", n(x.maxq));
  p.num("ecn_mark", " ecn_mark %s", n(x.ecnMark));
}

/** fq_pie_print_xstats (a short struct reads as zeros). */
function fqPieX(p: Printer, x: X): void {
  p.num("pkts_in", "  pkts_in %s", n(x.packetsIn));
  p.num("overlimit", " overlimit %s", n(x.overlimit));
  p.num("overmemory", " overmemory %s", n(x.overmemory));
  p.num("dropped", " dropped %s", n(x.dropped));
  p.num("ecn_mark", " ecn_mark %s", n(x.ecnMark));
  p.nl();
  p.num("new_flow_count", "  new_flow_count %s", n(x.newFlowCount));
  p.num("new_flows_len", " new_flows_len %s", n(x.newFlowsLen));
  p.num("old_flows_len", " old_flows_len %s", n(x.oldFlowsLen));
  p.num("memory_used", " memory_used %s", n(x.memoryUsage));
}

/** red_print_xstats (nothing when the struct is short). */
function redX(p: Printer, x: X): void {
  if (x.marked === undefined) return;
  p.num("marked", "  marked %s ", n(x.marked));
  p.num("early", "early %s ", n(x.early));
  p.num("pdrop", "pdrop %s ", n(x.pdrop));
  p.num("other", "other %s ", n(x.other));
}

/** The print_xstats of codel, pie, fq_pie, red, cake or drr on decoded xstats; false for other kinds (tc then prints no line). */
export function printAqmMoreXstats(p: Printer, kind: string, x: unknown, c: TcShowCtx): boolean {
  if (printFqXstats(p, kind, x)) return true; // fq_codel, fq
  if (printSchedXstats(p, kind, x)) return true;
  const has = ["codel", "pie", "fq_pie", "red", "cake", "choke", "sfb", "hhf"].includes(kind);
  if (!has || x === null || typeof x !== "object") return has;
  if (printMiscXstats(p, kind, x as Record<string, number>)) return true;
  if (kind === "cake") { printCakeXstats(p, x as CakeStatsWire, c.iec); return true; }
  const f = { codel: codelX, pie: pieX, fq_pie: fqPieX, red: redX }[kind as "codel"];
  f(p, x as X);
  return true;
}
