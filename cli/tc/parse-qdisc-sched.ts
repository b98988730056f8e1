/**
 * Words of `tc qdisc|class add ... drr|ets|multiq ARGS` into nl.tc specs, as
 * q_drr.c, q_ets.c and q_multiq.c parse them (parse_opt, parse_copt): the
 * same words, tc's refusals and usages (exit 1). parse-qdisc-aqm.ts
 * dispatches here.
 */
import { CliError, incomplete } from "../errors.ts";
import { strtoulWord } from "../../lib/format/names.ts";
import { parseSizeString } from "../../lib/rtnl/tc/units.ts";

/** Each kind's explain() (qdisc) and class explain. */
export const SCHED_USAGE: Readonly<Record<string, string>> = {
  drr: "Usage: ... drr\n", "drr class": "Usage: ... drr quantum SIZE\n",
  ets: "Usage: ... ets [bands NUMBER] [strict NUMBER] [quanta Q1 Q2...] [priomap P1 P2...]\n", "ets class": "Usage: ... ets [quantum Q1]\n",
  multiq: "Usage: ... multiq [help]\n",
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
  const o: Record<string, unknown> = { bands };
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

/** Options spec of drr, ets or multiq from its words (undefined: tc sends no TCA_OPTIONS). */
export function parseSchedArgs(kind: string, cls: "qdisc" | "class", a: string[]): Record<string, unknown> | undefined {
  switch (kind) {
    case "drr": return drr(a, cls);
    case "ets": return cls === "qdisc" ? etsQdisc(a) : etsClass(a);
    case "multiq": if (cls === "class") throw fail('Error: Qdisc "multiq" is classless.\n'); return multiq(a);
    default: return undefined;
  }
}
