/**
 * drr, ets and multiq as tc 6.1 prints them: q_drr.c drr_print_opt (qdisc
 * and class), drr_print_xstats (a class's deficit), q_ets.c ets_print_opt
 * and ets_print_copt, q_multiq.c multiq_print_opt (an fprintf, so the same
 * bytes inside -json). From the nl.tc model (lib/rtnl/tc/qdisc-sched.ts).
 */
import type { Printer } from "../../lib/format/printer.ts";
import type { DrrClassOptions, EtsClassOptions, EtsQdiscOptions, MultiqOptions } from "../../lib/rtnl/tc/qdisc-sched.ts";
import { formatSize } from "../../lib/rtnl/tc/units.ts";

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

/** The print_qopt/print_copt of drr, ets or multiq; false for other kinds. */
export function printSchedOptions(p: Printer, kind: string, o: unknown): boolean {
  if (o === null || typeof o !== "object") return kind === "drr" || kind === "ets" || kind === "multiq";
  switch (kind) {
    case "drr": drr(p, o as DrrClassOptions); return true;
    case "ets": ets(p, o as EtsQdiscOptions & EtsClassOptions); return true;
    case "multiq": { const m = o as MultiqOptions; if (m.bands !== undefined) p.fp(`bands ${m.bands}/${m.maxBands ?? 0} `); return true; }
    default: return false;
  }
}

/** drr_print_xstats (nothing when the struct is short); false for kinds without print_xstats. */
export function printSchedXstats(p: Printer, kind: string, x: unknown): boolean {
  if (kind !== "drr") return false;
  const d = (x as { deficit?: number } | null)?.deficit;
  if (typeof x === "object" && d !== undefined) p.text(` deficit ${formatSize(d)} `);
  return true;
}
