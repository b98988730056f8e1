/**
 * Options of the qdisc kinds this kernel lacks, as tc 6.1 prints them
 * (q_netem.c netem_print_opt, q_fq_codel.c fq_codel_print_opt, q_fq.c
 * fq_print_opt, q_sfq.c sfq_print_opt), from the nl.tc model. Percentages
 * print as "%g%%" in text and as fractions of 1 in JSON; times as
 * sprint_time in text and as the kernel's number (netem: seconds) in JSON.
 * sfq's RED mode prints the flags tc_red_print_flags knows; sfq never sets
 * adaptive/nodrop.
 */
import type { Printer } from "../../lib/format/printer.ts";
import type { FqCodelOptions, FqOptions, NetemOptions, SfqOptions } from "../../lib/rtnl/tc/qdisc-options.ts";
import { fmtG, formatRate, formatSize, formatTime, formatTime64 } from "../../lib/rtnl/tc/units.ts";
import type { TcShowCtx } from "./print-common.ts";

/** __print_percent: text " LABEL %g%%", JSON the fraction. `pc` is in percent. */
function percent(p: Printer, key: string, text: string, pc: number): void {
  p.rawNum(key, `${text} %s%`, p.json ? fmtG(pc / 100) : fmtG(pc));
}

/** print_corr: text only when `present`, JSON always ("correlation"). */
function corr(p: Printer, present: boolean, pc: number | undefined): void {
  if (p.json) p.rawNum("correlation", null, fmtG((pc ?? 0) / 100));
  else if (present) p.text(` ${fmtG(pc ?? 0)}%`);
}

/** __print_int_opt: JSON always, text " LABEL N" when nonzero. */
function intOpt(p: Printer, label: string, v: number): void {
  p.num(label, null, v);
  if (v !== 0) p.text(` ${label} ${v}`);
}

/** __print_time64: text LABEL + " " + sprint_time64, JSON seconds ("%g"). */
function time64(p: Printer, key: string, label: string, ns: number): void {
  p.text(`${label} ${formatTime64(ns)}`);
  p.rawNum(key, null, fmtG(ns / 1e9));
}

/** A loss model's object: its probabilities in order, the model's name before the first ("loss state p13 1% p31 ..."). */
function lossModel(p: Printer, key: string, name: string, probs: ReadonlyArray<readonly [string, number | undefined]>): void {
  p.obj(key);
  probs.forEach(([k, v], i) => percent(p, k, `${i === 0 ? name : ""} ${k}`, v ?? 0));
  p.endObj();
}

/** netem_print_opt. */
export function netem(p: Printer, o: NetemOptions, c: TcShowCtx): void {
  p.num("limit", "limit %s", o.limit ?? 0);
  const delay = (o.delay as number | undefined) ?? 0, jitter = (o.jitter as number | undefined) ?? 0;
  if (delay) {
    p.obj("delay");
    if (!p.json) {
      p.text(` delay ${formatTime(delay)}`);
      if (jitter) p.text(`  ${formatTime(jitter)}`);
    } else {
      p.rawNum("delay", null, fmtG(delay / 1e6));
      p.rawNum("jitter", null, fmtG(jitter / 1e6));
    }
    corr(p, jitter !== 0 && !!o.delayCorrelation, o.delayCorrelation);
    p.endObj();
  }
  const part = (key: string, label: string, v: number | undefined, cv: number | undefined, present: boolean) => {
    if (!v) return;
    p.obj(key);
    percent(p, label, ` ${label}`, v);
    corr(p, present, cv);
    p.endObj();
  };
  part("loss-random", "loss", o.loss, o.lossCorrelation, !!o.lossCorrelation);
  const g = o.lossState, ge = o.lossGemodel;
  if (g) lossModel(p, "loss-state", " loss state", [["p13", g.p13], ["p31", g.p31], ["p32", g.p32], ["p23", g.p23], ["p14", g.p14]]);
  if (ge) lossModel(p, "loss-gemodel", " loss gemodel", [["p", ge.p], ["r", ge.r], ["1-h", ge.oneMinusH], ["1-k", ge.oneMinusK]]);
  part("duplicate", "duplicate", o.duplicate, o.duplicateCorrelation, !!o.duplicateCorrelation);
  part("reorder", "reorder", o.reorder, o.reorderCorrelation, !!o.reorderCorrelation);
  part("corrupt", "corrupt", o.corrupt, o.corruptCorrelation, !!o.corruptCorrelation);
  const rate = (o.rate as number | undefined) ?? 0;
  if (rate) {
    p.obj("rate");
    p.num("rate", " rate %s", rate, formatRate(rate, c.iec));
    intOpt(p, "packetoverhead", o.packetOverhead ?? 0);
    p.num("cellsize", null, o.cellSize ?? 0);
    if (o.cellSize) p.text(` cellsize ${o.cellSize}`);
    intOpt(p, "celloverhead", o.cellOverhead ?? 0);
    p.endObj();
  }
  if (o.slot) {
    const s = o.slot;
    p.obj("slot");
    if ((s.distJitter as number | undefined ?? 0) > 0) {
      time64(p, "distribution", " slot distribution", s.distDelay as number);
      time64(p, "jitter", "", s.distJitter as number);
    } else {
      time64(p, "min-delay", " slot", (s.minDelay as number | undefined) ?? 0);
      time64(p, "max-delay", "", (s.maxDelay as number | undefined) ?? 0);
    }
    intOpt(p, "packets", s.packets ?? 0);
    intOpt(p, "bytes", (s.bytes as number | undefined) ?? 0);
    p.endObj();
  }
  p.bool("ecn", null, !!o.ecn);
  if (o.ecn) p.text(" ecn ");
  p.num("gap", null, o.gap ?? 0);
  if (o.gap) p.text(` gap ${o.gap}`);
}

/** fq_codel_print_opt: each option the kernel sent. */
export function fqCodel(p: Printer, o: FqCodelOptions): void {
  if (o.limit !== undefined) p.num("limit", "limit %sp ", o.limit);
  if (o.flows !== undefined) p.num("flows", "flows %s ", o.flows);
  if (o.quantum !== undefined) p.num("quantum", "quantum %s ", o.quantum);
  const time = (key: string, v: unknown) => { if (v !== undefined) p.num(key, `${key} %s `, v as number, formatTime(v as number)); };
  time("target", o.target);
  time("ce_threshold", o.ceThreshold);
  time("interval", o.interval);
  if (o.memoryLimit !== undefined) p.num("memory_limit", "memory_limit %s ", o.memoryLimit as number, formatSize(o.memoryLimit as number));
  if (o.ecn) p.bool("ecn", "ecn ", true);
  if (o.dropBatch) p.num("drop_batch", "drop_batch %s ", o.dropBatch);
}

/** fq_print_opt: each option the kernel sent. */
export function fq(p: Printer, o: FqOptions, c: TcShowCtx): void {
  if (o.limit !== undefined) p.num("limit", "limit %sp ", o.limit);
  if (o.flowLimit !== undefined) p.num("flow_limit", "flow_limit %sp ", o.flowLimit);
  if (o.bucketsLog !== undefined) p.num("buckets", "buckets %s ", 2 ** o.bucketsLog);
  if (o.orphanMask !== undefined) p.num("orphan_mask", "orphan_mask %s ", o.orphanMask);
  if (o.pacing === false) p.bool("pacing", "nopacing ", false);
  if (o.quantum !== undefined) p.num("quantum", "quantum %s ", o.quantum as number, formatSize(o.quantum as number));
  if (o.initialQuantum !== undefined) p.num("initial_quantum", "initial_quantum %s ", o.initialQuantum as number, formatSize(o.initialQuantum as number));
  const maxrate = o.maxrate as number | undefined;
  if (maxrate !== undefined && maxrate !== 0xffffffff) p.num("maxrate", "maxrate %s ", maxrate, formatRate(maxrate, c.iec));
  const def = o.defrate as number | undefined;
  if (def) p.num("defrate", "defrate %s ", def, formatRate(def, c.iec));
  const low = o.lowRateThreshold as number | undefined;
  if (low) p.num("low_rate_threshold", "low_rate_threshold %s ", low, formatRate(low, c.iec));
  if (o.refillDelay !== undefined) p.num("refill_delay", "refill_delay %s ", o.refillDelay as number, formatTime(o.refillDelay as number));
  const ce = o.ceThreshold as number | undefined;
  if (ce !== undefined && ce !== 0xffffffff) p.num("ce_threshold", "ce_threshold %s ", ce, formatTime(ce));
  if (o.timerSlack !== undefined) p.num("timer_slack", "timer_slack %s ", o.timerSlack as number, formatTime64(o.timerSlack as number));
  if (o.horizon !== undefined) p.num("horizon", "horizon %s ", o.horizon as number, formatTime(o.horizon as number));
  if (o.horizonDrop !== undefined) p.null(o.horizonDrop ? "horizon_drop" : "horizon_cap", o.horizonDrop ? "horizon_drop " : "horizon_cap ");
}

/** sfq_print_opt. */
export function sfq(p: Printer, o: SfqOptions, c: TcShowCtx): void {
  p.num("limit", "limit %sp ", o.limit ?? 0);
  p.num("quantum", "quantum %s ", (o.quantum as number | undefined) ?? 0, formatSize((o.quantum as number | undefined) ?? 0));
  if (o.depth) p.num("depth", "depth %s ", o.depth);
  if (o.headdrop) p.bool("headdrop", "headdrop ", true);
  if (c.details) p.num("flows", "flows %s ", o.flows ?? 0);
  p.num("divisor", "divisor %s ", o.divisor ?? 0);
  if (o.perturb) p.num("perturb", "perturb %ssec ", o.perturb);
  const r = o.red;
  if (r?.min) {
    p.num("ewma", "ewma %s ", r.ewma ?? 0);
    p.num("min", "min %s ", r.min as number, formatSize(r.min as number));
    p.num("max", "max %s ", (r.max as number | undefined) ?? 0, formatSize((r.max as number | undefined) ?? 0));
    p.rawNum("probability", "probability %s ", fmtG(r.probability ?? 0));
    // tc_red_print_flags
    p.bool("ecn", r.ecn ? "ecn " : null, !!r.ecn);
    p.bool("harddrop", r.harddrop ? "harddrop " : null, !!r.harddrop);
    p.bool("adaptive", null, false);
    p.bool("nodrop", null, false);
    if (c.stats && r.stats) {
      const s = r.stats;
      // two lines: prob_* then forced_*, each "  mark N mark_head N drop N"
      for (const [kind, mark, head, drop] of [["prob", s.probMark, s.probMarkHead, s.probDrop], ["forced", s.forcedMark, s.forcedMarkHead, s.forcedDrop]] as const) {
        p.nl();
        p.num(`${kind}_mark`, `  ${kind}_mark %s`, mark);
        p.num(`${kind}_mark_head`, ` ${kind}_mark_head %s`, head);
        p.num(`${kind}_drop`, ` ${kind}_drop %s`, drop);
      }
    }
  }
}
