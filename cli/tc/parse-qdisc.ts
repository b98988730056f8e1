/**
 * Kind arguments of `tc qdisc|class add ... KIND ARGS` into nl.tc option
 * specs, with tc 6.1's keywords (q_netem.c, q_fq_codel.c, q_fq.c, q_sfq.c,
 * q_prio.c here; htb, tbf and the fifos in parse-qdisc-shaping.ts) and its
 * error texts for the common mistakes. Values stay in tc's string form
 * here: the library parses rates, sizes and times exactly as tc does.
 */
import { CliError } from "../errors.ts";
import { matches } from "../args.ts";
import { parseNetem } from "./parse-netem.ts";
import { strtoulWord } from "../../lib/format/names.ts";
import { QDISC_USAGE } from "./qdisc-usage.ts";
import { AQM_MORE_KINDS, parseAqmMoreArgs } from "./parse-qdisc-aqm.ts";
import { parseFifo, parseHtbClass, parseHtbQdisc, parseTbf } from "./parse-qdisc-shaping.ts";
import type { DevSpeed } from "./dev-speed.ts";

/** A kind's parse failure as tc reports it: the text, then the kind's usage where tc prints it; exit 1 (parse_qopt's -1). */
function fail(text: string, kind?: string): CliError {
  return new CliError(text + (kind === undefined ? "" : QDISC_USAGE[kind] ?? ""), 1, false);
}
/** An unknown word: fq_codel, sfq, fq and prio ask "What is", then print the usage. */
function what(kind: string, word: string): CliError {
  return fail(`What is "${word}"?\n`, kind);
}
/** A value that does not parse: `Illegal "KEY"`. */
function illegal(_kind: string, key: string, _v: string): CliError {
  return fail(`Illegal "${key}"\n`);
}
function next(a: string[], i: number, kind: string, key: string): string {
  const v = a[i + 1];
  if (v === undefined) throw new CliError('Command line is not complete. Try option "help"\n', 255, true);
  void kind; void key;
  return v;
}
/** tc's get_u32/get_u16/get_unsigned with `base` (strtoul's rules: blanks, a sign; 0x with 0 and 16, octal with 0) up to `max`. */
function uint(v: string, kind: string, key: string, base: 0 | 10 | 16 = 10, max = 0xffffffff): number {
  const n = strtoulWord(v, base);
  if (n === undefined || n > BigInt(max)) throw illegal(kind, key, v);
  return Number(n);
}
const isNum = (w: string | undefined) => w !== undefined && /^[0-9.]/.test(w);

function fqCodel(a: string[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    const v = () => next(a, i++, "fq_codel", w);
    if (w === "limit") o.limit = uint(v(), "fq_codel", w, 0);
    else if (w === "flows") o.flows = uint(v(), "fq_codel", w, 0);
    else if (w === "quantum") o.quantum = uint(v(), "fq_codel", w, 0);
    else if (w === "drop_batch") o.dropBatch = uint(v(), "fq_codel", w, 0);
    else if (w === "target") o.target = v();
    else if (w === "interval") o.interval = v();
    else if (w === "ce_threshold") o.ceThreshold = v();
    else if (w === "memory_limit") o.memoryLimit = v();
    else if (w === "ecn") o.ecn = true;
    else if (w === "noecn") o.ecn = false;
    else throw what("fq_codel", w);
  }
  return o;
}

function sfq(a: string[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const red = () => (o.red ??= {}) as Record<string, unknown>;
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    const v = () => next(a, i++, "sfq", w);
    if (w === "quantum") o.quantum = v();
    else if (w === "perturb") o.perturb = uint(v(), "sfq", w, 0);
    else if (w === "limit") {
      o.limit = uint(v(), "sfq", w, 0);
      if ((o.limit as number) < 2) throw fail('Illegal "limit", must be > 1\n');
    }
    else if (w === "divisor") o.divisor = uint(v(), "sfq", w, 0);
    else if (w === "flows") o.flows = uint(v(), "sfq", w, 0);
    else if (w === "depth") o.depth = uint(v(), "sfq", w, 0);
    else if (w === "headdrop") o.headdrop = true;
    else if (w === "redflowlimit") red().limit = uint(v(), "sfq", w, 0);
    else if (w === "min" || w === "max") red()[w] = uint(v(), "sfq", w, 0);
    else if (w === "burst") red().burst = uint(v(), "sfq", w, 0);
    else if (w === "avpkt") red().avpkt = v();
    else if (w === "probability") { const x = v(); if (!/^[0-9.]+(e[+-]?\d+)?$/i.test(x)) throw new CliError('Illegal "probability"\n', 1, false); red().probability = Number(x); }
    else if (w === "ecn" || w === "harddrop") red()[w] = true;
    else throw what("sfq", w);
  }
  if (o.red !== undefined && (o.red as Record<string, unknown>).limit === undefined) throw new CliError("Required parameter (redflowlimit) is missing\n", 1, false);
  return o;
}

/** fq arguments (q_fq.c fq_parse_opt). */
function fq(a: string[]): Record<string, unknown> | undefined {
  const o: Record<string, unknown> = {};
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    const v = () => next(a, i++, "fq", w);
    if (w === "limit") o.limit = uint(v(), "fq", w, 0);
    else if (w === "flow_limit") o.flowLimit = uint(v(), "fq", w, 0);
    else if (w === "buckets") { const b = uint(v(), "fq", w, 0); if (b) o.bucketsLog = b === 1 ? 0 : 32 - Math.clz32(b - 1); } // ilog2 rounds up
    else if (w === "maxrate") o.maxrate = v();
    else if (w === "defrate") o.defrate = v();
    else if (w === "low_rate_threshold") o.lowRateThreshold = v();
    else if (w === "ce_threshold") o.ceThreshold = v();
    else if (w === "timer_slack") o.timerSlack = v();
    else if (w === "horizon") o.horizon = v();
    else if (w === "horizon_drop") o.horizonDrop = true;
    else if (w === "horizon_cap") o.horizonDrop = false;
    else if (w === "quantum") o.quantum = uint(v(), "fq", w, 0);
    else if (w === "initial_quantum") o.initialQuantum = uint(v(), "fq", w, 0);
    else if (w === "orphan_mask") o.orphanMask = uint(v(), "fq", w, 0);
    else if (w === "refill_delay") o.refillDelay = v();
    else if (w === "pacing") o.pacing = true;
    else if (w === "nopacing") o.pacing = false;
    else throw what("fq", w);
  }
  return Object.keys(o).length ? o : undefined;
}

function prio(a: string[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    if (w === "bands") o.bands = uint(next(a, i++, "prio", w), "prio", w);
    else if (w === "priomap") { const m: number[] = []; while (isNum(a[i + 1])) m.push(Number(a[++i])); o.priomap = m; }
    else throw what("prio", w);
  }
  return o;
}

/** Kinds tc 6.1 has its own option parser for (a q_*.c), besides those parsed above. */
const TC_PARSED_KINDS = new Set([
  "atm", "cbq", "dsmark", "gred", "rr", "taprio",
]);

/** Options spec for `kind` from its words; undefined when tc would send no TCA_OPTIONS. `speed` reads the link's speed (rates in percent). */
export function parseQdiscArgs(kind: string, cls: "qdisc" | "class", a: string[], warn: (s: string) => void = (s) => void process.stderr.write(s), speed?: DevSpeed): unknown {
  if (AQM_MORE_KINDS.has(kind)) return parseAqmMoreArgs(kind, cls, a, warn);
  switch (kind) {
    case "htb": return cls === "qdisc" ? parseHtbQdisc(a) : parseHtbClass(a, speed);
    case "tbf": return parseTbf(a, speed);
    case "pfifo": case "bfifo": case "pfifo_head_drop": return parseFifo(kind, a);
    case "netem": return parseNetem(a);
    case "fq_codel": return fqCodel(a);
    case "sfq": return sfq(a);
    case "prio": return prio(a);
    case "fq": return fq(a);
    case "ingress": case "clsact":
      // ingress_parse_opt skips "handle X" words; clsact_parse_opt refuses every word
      for (let i = 0; i < a.length; i++) {
        if (a[i] !== "handle" || kind === "clsact") throw fail(`What is "${a[i]}"?\nUsage: ... ${kind}\n`);
        next(a, i++, kind, "handle");
      }
      return undefined;
    default:
      if (a.length === 0) return undefined;
      // tc's own parsers of the kinds below are not reproduced; a kind without a q_*.c is parse_noqopt's
      if (kind === "pfifo_fast" || TC_PARSED_KINDS.has(kind)) throw new CliError(`qdisc '${kind}' does not support option parsing\n`, 255, true);
      throw fail(`Unknown qdisc "${kind}", hence option "${a[0]}" is unparsable\n`);
  }
}

/** The kinds tc 6.1 has a class parser for (a parse_copt in q_atm.c, q_cbq.c, q_drr.c, q_dsmark.c, q_ets.c, q_hfsc.c, q_htb.c, q_qfq.c). */
const CLASSFUL_KINDS = new Set(["atm", "cbq", "drr", "dsmark", "ets", "hfsc", "htb", "qfq"]);

/** `tc class add ... KIND ARGS`: tc_class_modify refuses a kind without a class parser (unknown kinds too) before sending; `speed` as parseQdiscArgs. */
export function parseClassArgs(kind: string, a: string[], speed?: DevSpeed): unknown {
  if (!CLASSFUL_KINDS.has(kind)) throw fail(`Error: Qdisc "${kind}" is classless.\n`);
  return parseQdiscArgs(kind, "class", a, undefined, speed);
}
