/**
 * Words of `tc qdisc|class add ... drr|ets|multiq|mqprio ARGS` into nl.tc
 * specs, as q_drr.c, q_ets.c, q_multiq.c and q_mqprio.c parse them (parse_opt, parse_copt): the
 * same words, tc's refusals and usages (exit 1); hfsc and qfq in
 * parse-qdisc-fair.ts. parse-qdisc-aqm.ts dispatches here.
 */
import { CliError, incomplete, invarg } from "../errors.ts";
import { matches } from "../args.ts";
import { strtoulWord } from "../../lib/format/names.ts";
import { parseRateString, parseSizeString } from "../../lib/rtnl/tc/units.ts";
import { parseFairArgs } from "./parse-qdisc-fair.ts";

/** Each kind's explain() (qdisc) and class explain. */
export const SCHED_USAGE: Readonly<Record<string, string>> = {
  drr: "Usage: ... drr\n", "drr class": "Usage: ... drr quantum SIZE\n",
  ets: "Usage: ... ets [bands NUMBER] [strict NUMBER] [quanta Q1 Q2...] [priomap P1 P2...]\n", "ets class": "Usage: ... ets [quantum Q1]\n",
  multiq: "Usage: ... multiq [help]\n",
  mqprio: "Usage: ... mqprio\t[num_tc NUMBER] [map P0 P1 ...]\n\t\t\t[queues count1@offset1 count2@offset2 ...] [hw 1|0]\n\t\t\t[mode dcb|channel]\n\t\t\t[shaper bw_rlimit SHAPER_PARAMS]\nWhere: SHAPER_PARAMS := { min_rate MIN_RATE1 MIN_RATE2 ...|\n\t\t\t  max_rate MAX_RATE1 MAX_RATE2 ... }\n",
};

const fail = (text: string, usage?: string): CliError => new CliError(text + (usage === undefined ? "" : SCHED_USAGE[usage]!), 1, false);
/** get_unsigned(base 10). */
const u10 = (v: string): number | undefined => { const n = strtoulWord(v, 10); return n === undefined || n > 0xffffffffn ? undefined : Number(n); };

/** q_drr.c drr_parse_opt / drr_parse_class_opt. */
function drr(a: string[], cls: "qdisc" | "class"): Record<string, unknown> | undefined {
  const usage = cls === "qdisc" ? "drr" : "drr class";
  const o: Record<string, unknown> = {};
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    if (cls === "class" && w === "quantum") {
      const v = a[++i];
      if (v === undefined) throw incomplete();
      const s = parseSizeString(v);
      if (s === undefined) throw fail('Illegal "quantum"\n');
      o.quantum = s;
    } else if (w === "help") throw fail("", usage);
    else throw fail(`What is "${w}"?\n`, usage);
  }
  return cls === "qdisc" ? undefined : o;
}

/** parse_quantum: the value, or tc's message (it prints "must be > 0" and fails for 0). */
function quantum(v: string): number {
  const q = u10(v);
  if (q === undefined) throw fail('Illegal "quanta" element\n');
  if (!q) throw fail('"quanta" must be > 0\n');
  return q;
}

/** parse_nbands. */
function nbands(v: string, what: string): number {
  const n = u10(v);
  if (n === undefined) throw fail(`Illegal "${what}"\n`);
  if (n > 16) throw fail(`The number of "${what}" must be <= 16\n`);
  return n;
}

/** q_ets.c ets_parse_opt: bands/strict, then `quanta` and `priomap` take numbers until another keyword. */
function etsQdisc(a: string[]): Record<string, unknown> {
  let bands = 0, strict = 0, mode: "quanta" | "priomap" | undefined;
  const quanta: number[] = [], priomap: number[] = [];
  const value = (w: string): void => {
    if (mode === "quanta") { quanta.push(quantum(w)); return; }
    const b = u10(w);
    if (b === undefined) throw fail('Illegal "priomap" element\n');
    if (priomap.length > 15) throw fail('"priomap" index cannot be higher than 15\n');
    priomap.push(b & 0xff);
  };
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    const take = (): string => { const v = a[++i]; if (v === undefined) throw incomplete(); return v; };
    if (w === "bands" || w === "strict") {
      if (w === "bands" ? bands : strict) throw fail(`Duplicate "${w}"\n`);
      const n = nbands(take(), w);
      if (w === "bands") bands = n & 0xff; else strict = n & 0xff;
      mode = undefined;
    } else if (w === "quanta" || w === "priomap") {
      if ((w === "quanta" ? quanta : priomap).length) throw fail(`Duplicate "${w}"\n`);
      mode = w;
      value(take()); // the word after the keyword is always its first value (tc's goto)
    } else if (w === "help") throw fail("", "ets");
    else if (mode !== undefined) value(w);
    else throw fail(`What is "${w}"?\n`, "ets");
  }
  if (!bands) bands = (quanta.length + strict) & 0xff;
  if (!bands) throw fail('One of "bands", "quanta" or "strict" needs to be specified\n', "ets");
  if (strict + quanta.length > bands) throw fail("Not enough total bands to cover all the strict bands and quanta\n", "ets");
  if (priomap.some((b) => b >= bands)) throw fail('"priomap" element is out of bounds\n');
  // nl.tc derives bands from strict + quanta as tc does (a given 0 counts as not given)
  const o: Record<string, unknown> = bands === ((quanta.length + strict) & 0xff) ? {} : { bands };
  if (strict) o.strict = strict;
  if (quanta.length) o.quanta = quanta;
  if (priomap.length) o.priomap = priomap;
  return o;
}

/** q_ets.c ets_parse_copt. */
function etsClass(a: string[]): Record<string, unknown> {
  let q = 0;
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    if (w === "quantum") {
      if (q) throw fail('Duplicate "quantum"\n');
      const v = a[++i];
      if (v === undefined) throw incomplete();
      q = quantum(v);
    } else if (w === "help") throw fail("", "ets class");
    else throw fail(`What is "${w}"?\n`, "ets class");
  }
  return q ? { quantum: q } : {};
}

/** q_multiq.c multiq_parse_opt: only `help`. */
function multiq(a: string[]): Record<string, unknown> {
  if (a.length) throw a[0] === "help" ? fail("", "multiq") : fail(`What is "${a[0]}"?\n`, "multiq");
  return {};
}

/** get_u8/get_u16 (base 10). */
const uMax = (v: string | undefined, max: number): number | undefined => { if (v === undefined) return undefined; const n = u10(v); return n === undefined || n > max ? undefined : n; };

/** q_mqprio.c mqprio_parse_opt: lists read values until one does not parse (that word is read again as a keyword). */
function mqprio(a: string[]): Record<string, unknown> {
  let numTc = 8, hw = 1, mode = 0, shaper = 0, flags = 0, pairs = 0;
  const map = [0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 1, 1, 3, 3, 3, 3];
  const queues: Array<{ count: number; offset: number }> = [];
  const rates: Record<string, Array<number>> = { min_rate: [], max_rate: [] };
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    const more = (): boolean => i + 1 < a.length; // NEXT_ARG_OK
    if (w === "num_tc") {
      const n = uMax(a[++i] ?? (() => { throw incomplete(); })(), 255);
      if (n === undefined) throw fail('Illegal "num_tc"\n');
      numTc = n;
    } else if (w === "map") {
      let idx = 0;
      while (idx < 16 && more()) {
        const n = uMax(a[i + 1], 255);
        if (n === undefined) break;
        map[idx++] = n; i++;
      }
      for (; idx < 16; idx++) map[idx] = 0;
    } else if (w === "queues") {
      let idx = 0;
      while (idx < 16 && more()) {
        const [c, o] = a[i + 1]!.split("@").filter((t) => t !== ""); // strtok(tmp, "@") twice
        const count = uMax(c, 0xffff), offset = count === undefined ? undefined : uMax(o, 0xffff);
        if (count === undefined || offset === undefined) break;
        queues[idx++] = { count, offset }; pairs++; i++;
      }
    } else if (w === "hw") {
      const n = uMax(a[++i] ?? (() => { throw incomplete(); })(), 255);
      if (n === undefined) throw fail('Illegal "hw"\n');
      hw = n;
    } else if (hw && w === "mode") {
      const v = a[++i];
      if (v === undefined) throw incomplete();
      if (matches(v, "dcb")) mode = 0;
      else if (matches(v, "channel")) mode = 1;
      else throw fail(`Illegal mode (${v})\n`);
      if (mode) flags |= 1;
    } else if (hw && w === "shaper") {
      const v = a[++i];
      if (v === undefined) throw incomplete();
      if (matches(v, "dcb")) shaper = 0;
      else if (matches(v, "bw_rlimit")) { shaper = 1; if (!more()) throw fail("Incomplete shaper arguments\n"); }
      else throw fail(`Illegal shaper (${v})\n`);
      if (shaper) flags |= 2;
    } else if (shaper === 1 && (w === "min_rate" || w === "max_rate")) {
      let idx = 0;
      const list = rates[w]!;
      while (idx < 16 && more()) {
        const r = parseRateString(a[i + 1]!);
        if (r === undefined) break;
        list[idx++] = r; i++;
      }
      if (idx < numTc && !more()) throw fail(`Incomplete arguments, ${w} values expected\n`);
      flags |= w === "min_rate" ? 4 : 8;
    } else if (w === "help") throw fail("", "mqprio");
    else throw invarg("unknown argument", w);
  }
  if (pairs > numTc) throw fail(`queues count/offset pair count ${pairs} can not be higher than given num_tc ${numTc}\n`);
  const o: Record<string, unknown> = { numTc, map, hw, queues };
  if (flags & 1) o.mode = mode ? "channel" : "dcb";
  if (flags & 2) o.shaper = shaper ? "bw_rlimit" : "dcb";
  if (flags & 4) o.minRate = rates.min_rate;
  if (flags & 8) o.maxRate = rates.max_rate;
  return o;
}

/** Options spec of drr, ets or multiq from its words (undefined: tc sends no TCA_OPTIONS). */
export function parseSchedArgs(kind: string, cls: "qdisc" | "class", a: string[]): Record<string, unknown> | undefined {
  switch (kind) {
    case "drr": return drr(a, cls);
    case "ets": return cls === "qdisc" ? etsQdisc(a) : etsClass(a);
    case "multiq": if (cls === "class") throw fail('Error: Qdisc "multiq" is classless.\n'); return multiq(a);
    case "hfsc": case "qfq": return parseFairArgs(kind, cls, a);
    case "mqprio": if (cls === "class") throw fail('Error: Qdisc "mqprio" is classless.\n'); return mqprio(a);
    default: return undefined;
  }
}
