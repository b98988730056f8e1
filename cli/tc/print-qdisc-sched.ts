/**
 * drr, ets and multiq as tc 6.1 prints them: q_drr.c drr_print_opt (qdisc
 * and class), drr_print_xstats (a class's deficit), q_ets.c ets_print_opt
 * and ets_print_copt, q_multiq.c multiq_print_opt (an fprintf, so the same
 * bytes inside -json), q_mqprio.c mqprio_print_opt; hfsc and qfq in
 * print-qdisc-fair.ts. From the nl.tc model (lib/rtnl/tc/qdisc-sched.ts).
 */
import type { Printer } from "../../lib/format/printer.ts";
import type { DrrClassOptions, EtsClassOptions, EtsQdiscOptions, MqprioOptions, MultiqOptions } from "../../lib/rtnl/tc/qdisc-sched.ts";
import { formatRate, formatSize } from "../../lib/rtnl/tc/units.ts";
import type { TcShowCtx } from "./print-common.ts";
import { printFairOptions, printFairXstats } from "./print-qdisc-fair.ts";

/** drr_print_opt. */
function drr(p: Printer, o: DrrClassOptions): void {
  if (o.quantum !== undefined) p.text(`quantum ${formatSize(o.quantum as number)} `);
}

/** ets_print_opt (nothing without bands and priomap: tc's "Incomplete ETS options") and ets_print_copt. */
function ets(p: Printer, o: EtsQdiscOptions & EtsClassOptions): void {
  if (o.quantum !== undefined) { p.num("quantum", "quantum %s ", o.quantum); return; }
  if (o.bands === undefined || o.priomap === undefined) return;
  p.num("bands", "bands %s ", o.bands);
  if (o.strict !== undefined) p.num("strict", "strict %s ", o.strict);
  for (const [key, list] of [["quanta", o.quanta], ["priomap", o.priomap]] as const) {
    if (list === undefined) continue;
    p.arr(key, key);
    for (const v of list) p.num(null, " %s", v);
    p.endArr(" ");
  }
}

/** mqprio_print_opt. */
function mqprio(p: Printer, o: MqprioOptions, iec: boolean): void {
  const numTc = o.numTc ?? 0;
  p.num("tc", "tc %s ", numTc);
  p.arr("map", "map ");
  for (const v of o.map ?? []) p.num(null, "%s ", v);
  p.endArr("");
  p.arr("queues", "\n             queues:");
  for (const q of o.queues ?? []) {
    p.arr(null);
    p.num(null, "(%s:", q.offset);
    p.num(null, "%s) ", (q.offset + q.count - 1) >>> 0);
    p.endArr();
  }
  p.endArr("");
  if (!o.extended) return;
  if (o.mode === "channel") p.str("mode", "\n             mode:%s", "channel");
  else if (o.mode === undefined) p.str("mode", "\n             mode:%s", "dcb");
  if (o.shaper === "bw_rlimit") p.str("shaper", "\n             shaper:%s", "bw_rlimit");
  else if (o.shaper === undefined) p.str("shaper", "\n             shaper:%s", "dcb");
  for (const [key, list] of [["min_rate", o.minRate], ["max_rate", o.maxRate]] as const) {
    if (list === undefined) continue;
    p.arr(key, `\t${key}:`);
    for (let i = 0; i < numTc; i++) { const r = (list[i] as number | undefined) ?? 0; p.num(null, "%s ", r, formatRate(r, iec)); }
    p.endArr("");
  }
}

/** The print_qopt/print_copt of drr, ets, multiq, mqprio, hfsc or qfq; false for other kinds. */
export function printSchedOptions(p: Printer, kind: string, o: unknown, c: TcShowCtx): boolean {
  if (o === null || typeof o !== "object") return ["drr", "ets", "multiq", "mqprio", "hfsc", "qfq"].includes(kind);
  if (printFairOptions(p, kind, o, c.iec)) return true;
  switch (kind) {
    case "mqprio": mqprio(p, o as MqprioOptions, c.iec); return true;
    case "drr": drr(p, o as DrrClassOptions); return true;
    case "ets": ets(p, o as EtsQdiscOptions & EtsClassOptions); return true;
    case "multiq": { const m = o as MultiqOptions; if (m.bands !== undefined) p.fp(`bands ${m.bands}/${m.maxBands ?? 0} `); return true; }
    default: return false;
  }
}

/** drr_print_xstats (nothing when the struct is short), hfsc's; false for kinds without print_xstats. */
export function printSchedXstats(p: Printer, kind: string, x: unknown): boolean {
  if (printFairXstats(p, kind, x)) return true;
  if (kind !== "drr") return false;
  const d = (x as { deficit?: number } | null)?.deficit;
  if (typeof x === "object" && d !== undefined) p.text(` deficit ${formatSize(d)} `);
  return true;
}
