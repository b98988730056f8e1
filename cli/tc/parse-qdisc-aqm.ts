/**
 * Words of `tc qdisc add ... codel|pie|fq_pie|red ARGS` into nl.tc option
 * specs, as tc 6.1's parse_opt does (q_codel.c, q_pie.c, q_fq_pie.c,
 * q_red.c with tc_qevent.c's `qevent NAME block IDX`): the same words, the
 * same refusals ("Illegal", "What is", then the kind's usage; exit 1), and
 * red's stderr notes (bandwidth default, large burst). parse-qdisc.ts
 * dispatches here.
 *
 * Not reproduced: red's `bandwidth N%` (get_percent_rate reads the
 * device's speed, which the parser does not know): refused as Illegal.
 */
import { CliError, incomplete } from "../errors.ts";
import { matches } from "../args.ts";
import { strtoulWord } from "../../lib/format/names.ts";
import { parseRateString, parseSizeString, parseTimeString } from "../../lib/rtnl/tc/units.ts";
import { redEvalEwma, redEvalP, redIdleDamping } from "../../lib/rtnl/tc/red.ts";
import { parseCake } from "./parse-qdisc-cake.ts";
import { parseSchedArgs } from "./parse-qdisc-sched.ts";
import { lg, parseMiscArgs } from "./parse-qdisc-misc.ts";

/** Each kind's explain() text. */
export const AQM_MORE_USAGE: Readonly<Record<string, string>> = {
  codel: "Usage: ... codel [ limit PACKETS ] [ target TIME ]\n\t\t [ interval TIME ] [ ecn | noecn ]\n\t\t [ ce_threshold TIME ]\n",
  pie: "Usage: ... pie [ limit PACKETS ] [ target TIME ]\n               [ tupdate TIME ] [ alpha ALPHA ] [ beta BETA ]\n               [ bytemode | nobytemode ] [ ecn | noecn ]\n               [ dq_rate_estimator | no_dq_rate_estimator ]\n",
  fq_pie: "Usage: ... fq_pie [ limit PACKETS ] [ flows NUMBER ]\n                  [ target TIME ] [ tupdate TIME ]\n                  [ alpha NUMBER ] [ beta NUMBER ]\n                  [ quantum BYTES ] [ memory_limit BYTES ]\n                  [ ecn_prob PERCENTAGE ] [ [no]ecn ]\n                  [ [no]bytemode ] [ [no_]dq_rate_estimator ]\n",
  red: "Usage: ... red\tlimit BYTES [min BYTES] [max BYTES] avpkt BYTES [burst PACKETS]\n\t\t[adaptive] [probability PROBABILITY] [bandwidth KBPS]\n\t\t[ecn] [harddrop] [nodrop]\n\t\t[qevent early_drop block IDX] [qevent mark block IDX]\n",
};

/** A parse_opt failure: its text, then the usage when tc prints it; exit 1. */
const fail = (text: string, usageOf?: string): CliError => new CliError(text + (usageOf === undefined ? "" : AQM_MORE_USAGE[usageOf]!), 1, false);
const illegal = (key: string): CliError => fail(`Illegal "${key}"\n`);

/** get_unsigned(base 0), get_time, get_size, get_rate: the value or tc's Illegal "KEY". */
function unsigned(v: string, key: string, max = 0xffffffff): number {
  const n = strtoulWord(v, 0);
  if (n === undefined || n > 0xffffffffn || Number(n) > max) throw illegal(key);
  return Number(n);
}
function time(v: string, key: string): number {
  const t = parseTimeString(v);
  if (t === undefined) throw illegal(key);
  return t;
}
function size(v: string, key: string): number {
  const s = parseSizeString(v);
  if (s === undefined) throw illegal(key);
  return s;
}

/** Walks the words; `take` returns the value after the current word (tc's NEXT_ARG). */
function walk(a: string[], kind: string, on: (w: string, take: () => string) => boolean): void {
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    const take = (): string => { const v = a[++i]; if (v === undefined) throw incomplete(); return v; };
    if (w === "help") throw fail("", kind);
    if (!on(w, take)) throw fail(`What is "${w}"?\n`, kind);
  }
}

/** The ecn/bytemode/dq_rate_estimator switch words of codel, pie and fq_pie. */
function toggle(o: Record<string, unknown>, w: string, pie: boolean): boolean {
  if (w === "ecn" || w === "noecn") o.ecn = w === "ecn";
  else if (pie && (w === "bytemode" || w === "nobytemode")) o.bytemode = w === "bytemode";
  else if (pie && (w === "dq_rate_estimator" || w === "no_dq_rate_estimator")) o.dqRateEstimator = w === "dq_rate_estimator";
  else return false;
  return true;
}

/** q_codel.c codel_parse_opt. */
function codel(a: string[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  walk(a, "codel", (w, take) => {
    if (w === "limit") o.limit = unsigned(take(), w);
    else if (w === "target" || w === "interval") o[w] = time(take(), w);
    else if (w === "ce_threshold") o.ceThreshold = time(take(), w);
    else return toggle(o, w, false);
    return true;
  });
  return o;
}

/** q_pie.c pie_parse_opt and q_fq_pie.c fq_pie_parse_opt. */
function pie(a: string[], kind: "pie" | "fq_pie"): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const fq = kind === "fq_pie";
  walk(a, kind, (w, take) => {
    if (w === "limit" || (fq && w === "flows")) o[w] = unsigned(take(), w);
    else if (w === "target" || w === "tupdate") o[w] = time(take(), w);
    else if (w === "alpha" || w === "beta") o[w] = unsigned(take(), w, 32);
    else if (fq && w === "quantum") o.quantum = size(take(), w);
    else if (fq && w === "memory_limit") o.memoryLimit = size(take(), w);
    else if (fq && w === "ecn_prob") o.ecnProb = unsigned(take(), w, 99);
    else return toggle(o, w, true);
    return true;
  });
  return o;
}

/** tc_qevent.c qevent_parse for red's early_drop and mark: returns the index after the qevent's words. */
function qevent(a: string[], i: number, o: Record<string, unknown>): number {
  const name = a[i];
  if (name === undefined) throw incomplete();
  const key = name === "early_drop" ? "earlyDropBlock" : name === "mark" ? "markBlock" : undefined;
  if (key === undefined) throw fail(`Unknown qevent \`${name}'\n`);
  if (i + 1 >= a.length) throw incomplete();
  if (o[key] !== undefined) throw fail("Duplicate qevent\n");
  let j = i + 1;
  let idx = 0;
  while (j < a.length && a[j] === "block") {
    const v = a[j + 1];
    if (v === undefined) throw incomplete();
    if (idx) throw fail("Qevent block index already specified\n");
    const n = strtoulWord(v, 10);
    if (n === undefined || n > 0xffffffffn || n === 0n) throw fail("Illegal qevent block index\n");
    idx = Number(n);
    j += 2;
  }
  if (!idx) throw fail("Unspecified qevent block index\n");
  o[key] = idx;
  return j;
}

/** q_red.c red_parse_opt; tc's notes go to `warn`. */
function red(a: string[], warn: (s: string) => void): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    const take = (): string => { const v = a[++i]; if (v === undefined) throw incomplete(); return v; };
    if (w === "limit" || w === "min" || w === "max" || w === "avpkt") o[w] = size(take(), w);
    else if (w === "burst") o.burst = unsigned(take(), w);
    else if (w === "probability") { const p = lg(take()); if (p === undefined) throw illegal(w); o.probability = p; }
    else if (w === "bandwidth") { const v = take(); const r = v.includes("%") ? undefined : parseRateString(v); if (r === undefined || r > 0xffffffff) throw illegal(w); o.bandwidth = r; }
    else if (w === "ecn" || w === "harddrop" || w === "nodrop" || w === "adaptive") o[w] = true;
    else if (w === "adaptative") o.adaptive = true;
    else if (matches(w, "qevent")) { i = qevent(a, i + 1, o) - 1; }
    else if (w === "help") throw fail("", "red");
    else throw fail(`What is "${w}"?\n`, "red");
  }
  const limit = (o.limit as number | undefined) ?? 0, avpkt = (o.avpkt as number | undefined) ?? 0;
  if (!limit || !avpkt) throw fail("RED: Required parameter (limit, avpkt) is missing\n");
  // the checks and notes of red_parse_opt, in its order (nl.tc recomputes the same values)
  let max = (o.max as number | undefined) ?? 0, min = (o.min as number | undefined) ?? 0;
  if (!max) max = min ? (min * 3) >>> 0 : Math.trunc(limit / 4);
  if (!min) min = Math.trunc(max / 3);
  const burst = (o.burst as number | undefined) || Math.trunc(((2 * min + max) >>> 0) / ((3 * avpkt) >>> 0));
  if (!o.bandwidth) warn("RED: set bandwidth to 10Mbit\n");
  const ewma = redEvalEwma(min, burst, avpkt);
  if (typeof ewma === "string") {
    const tooSmall = burst + 1 - min / avpkt < 1;
    throw fail(`${tooSmall ? `tc_red_eval_ewma() burst ${burst} is too small ? Try burst ${1 + Math.trunc(min / avpkt)}\n` : ""}RED: failed to calculate EWMA constant.\n`);
  }
  if (ewma >= 10) warn(`RED: WARNING. Burst ${burst} seems to be too large.\n`);
  if (redEvalP(min, max, (o.probability as number | undefined) ?? 0.02) < 0) throw fail("RED: failed to calculate probability.\n");
  if (redIdleDamping(ewma, avpkt, (o.bandwidth as number | undefined) || 1250000) === undefined) throw fail("RED: failed to calculate idle damping table.\n");
  return o;
}

/** The kinds of parse-qdisc-sched.ts. */
const SCHED_KINDS = new Set(["drr", "ets", "multiq", "mqprio", "hfsc", "qfq"]);
const MISC_KINDS = new Set(["choke", "sfb", "hhf", "cbs", "etf", "skbprio", "plug"]);
/** The kinds parsed here and in parse-qdisc-cake.ts, parse-qdisc-sched.ts, parse-qdisc-misc.ts. */
export const AQM_MORE_KINDS: ReadonlySet<string> = new Set(["codel", "pie", "fq_pie", "red", "cake", ...SCHED_KINDS, ...MISC_KINDS]);

/** Options spec of a kind of AQM_MORE_KINDS from its words (undefined: no TCA_OPTIONS). */
export function parseAqmMoreArgs(kind: string, cls: "qdisc" | "class", a: string[], warn: (s: string) => void): Record<string, unknown> | undefined {
  if (SCHED_KINDS.has(kind)) return parseSchedArgs(kind, cls, a);
  if (cls === "qdisc" && MISC_KINDS.has(kind)) return parseMiscArgs(kind, a, warn);
  if (cls === "class") throw fail(`Error: Qdisc "${kind}" is classless.\n`); // tc_class_modify: no parse_copt
  switch (kind) {
    case "codel": return codel(a);
    case "pie": case "fq_pie": return pie(a, kind);
    case "red": return red(a, warn);
    case "cake": return parseCake(a);
    default: return undefined;
  }
}
