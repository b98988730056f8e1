/**
 * Words of `tc qdisc|class add ... hfsc|qfq ARGS` into nl.tc specs, as
 * q_hfsc.c (hfsc_parse_opt, hfsc_parse_class_opt with hfsc_get_sc1/sc2)
 * and q_qfq.c parse them, with tc's messages ("HFSC: Illegal ...", the
 * curve's own complaint first) and exit codes. parse-qdisc-sched.ts
 * dispatches here.
 *
 * Not reproduced: rates given as a percentage of the link's speed
 * (get_percent_rate reads the device's speed): refused as Illegal.
 */
import { CliError, incomplete } from "../errors.ts";
import { matches } from "../args.ts";
import { strtoulWord } from "../../lib/format/names.ts";
import { parseRateString, parseSizeString, parseTimeString } from "../../lib/rtnl/tc/units.ts";

/** explain_qdisc, explain_class, qfq's explain and explain_class. */
export const FAIR_USAGE: Readonly<Record<string, string>> = {
  hfsc: "Usage: ... hfsc [ default CLASSID ]\n\n default: default class for unclassified packets\n",
  "hfsc class": "Usage: ... hfsc [ [ rt SC ] [ ls SC ] | [ sc SC ] ] [ ul SC ]\n\nSC := [ [ m1 BPS ] d SEC ] m2 BPS\n\n m1 : slope of first segment\n d  : x-coordinate of intersection\n m2 : slope of second segment\n\nAlternative format:\n\nSC := [ [ umax BYTE ] dmax SEC ] rate BPS\n\n umax : maximum unit of work\n dmax : maximum delay\n rate : rate\n\nRemarks:\n - at least one of 'rt', 'ls' or 'sc' must be specified\n - 'ul' can only be specified with 'ls' or 'sc'\n\n",
  qfq: "Usage: ... qfq\n",
  "qfq class": "Usage: ... qfq weight NUMBER maxpkt BYTES\n",
};

const fail = (text: string, usage?: string): CliError => new CliError(text + (usage === undefined ? "" : FAIR_USAGE[usage]!), 1, false);
const illegal = (what: string): string => `HFSC: Illegal "${what}"\n`;

/** A curve's failure: the message so far (explain1 of a value, or none). */
class CurveError { constructor(readonly text: string) {} }

/** get_rate (u32), no percentages. */
function rate(v: string, what: string): number {
  const r = v.includes("%") ? undefined : parseRateString(v);
  if (r === undefined || r > 0xffffffff) throw new CurveError(illegal(what));
  return r;
}

/** hfsc_get_sc1 from a[i]: [m1 BPS] [d TIME] m2 BPS; the index of m2's value, or -1 when the form does not fit. */
function sc1(a: string[], i: number, out: Record<string, number>): number {
  const next = (): string => { const v = a[++i]; if (v === undefined) throw incomplete(); return v; };
  let m1 = 0, d = 0;
  if (matches(a[i]!, "m1")) { m1 = rate(next(), "m1"); next(); }
  if (matches(a[i]!, "d")) { const t = parseTimeString(next()); if (t === undefined) throw new CurveError(illegal("d")); d = t; next(); }
  if (!matches(a[i]!, "m2")) return -1;
  const m2 = rate(next(), "m2");
  Object.assign(out, { m1, d, m2 });
  return i;
}

/** hfsc_get_sc2 from a[i]: [umax BYTES] [dmax TIME] rate BPS. */
function sc2(a: string[], i: number, out: Record<string, number>): number {
  const next = (): string => { const v = a[++i]; if (v === undefined) throw incomplete(); return v; };
  let umax = 0, dmax = 0;
  if (matches(a[i]!, "umax")) { const s = parseSizeString(next()); if (s === undefined) throw new CurveError(illegal("umax")); umax = s; next(); }
  if (matches(a[i]!, "dmax")) { const t = parseTimeString(next()); if (t === undefined) throw new CurveError(illegal("dmax")); dmax = t; next(); }
  if (!matches(a[i]!, "rate")) return -1;
  const r = rate(next(), "rate");
  if (umax !== 0 && dmax === 0) throw new CurveError("HFSC: umax given but dmax is zero.\n");
  Object.assign(out, { umax, dmax, rate: r });
  return i;
}

/** hfsc_get_sc: sc1, else sc2 (a value sc1 refused is reported, then sc2 tries from the start). */
function curve(a: string[], i: number, what: string): [Record<string, number>, number] {
  const out: Record<string, number> = {};
  let said = "";
  let j: number;
  try { j = sc1(a, i, out); } catch (e) { if (!(e instanceof CurveError)) throw e; said = e.text; j = -1; }
  if (j < 0) {
    try { j = sc2(a, i, out); } catch (e) { if (!(e instanceof CurveError)) throw e; throw fail(said + e.text + illegal(what)); }
    if (j < 0) throw fail(said + illegal(what));
  }
  const m1 = out.m2 !== undefined ? out.m1! : out.dmax && Math.ceil((out.umax! * 1e6) / out.dmax) > out.rate! ? 1 : 0;
  if (m1 === 0 && (out.m2 ?? out.rate) === 0) throw fail(said + "HFSC: Service Curve has two zero slopes\n" + illegal(what));
  if (said) throw fail(said + illegal(what)); // unreachable: sc1 reported only when it failed
  return [out, j];
}

function hfsc(a: string[], cls: "qdisc" | "class"): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const usage = cls === "qdisc" ? "hfsc" : "hfsc class";
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    if (cls === "qdisc" && matches(w, "default")) {
      const v = a[++i];
      if (v === undefined) throw incomplete();
      if (o.defaultClass) throw fail('HFSC: Double "default"\n');
      const n = strtoulWord(v, 16);
      if (n === undefined || n > 0xffffn) throw fail(illegal("default"));
      o.defaultClass = Number(n);
    } else if (cls === "class" && (matches(w, "rt") || matches(w, "ls") || matches(w, "sc") || matches(w, "ul"))) {
      const name = matches(w, "rt") ? "rt" : matches(w, "ls") ? "ls" : matches(w, "sc") ? "sc" : "ul";
      if (a[i + 1] === undefined) throw incomplete();
      const [c, j] = curve(a, i + 1, name);
      if (name === "sc") { o.rt = c; o.ls = c; } else o[name] = c;
      i = j;
    } else if (matches(w, "help")) throw fail("", usage);
    else throw fail(`HFSC: What is "${w}" ?\n`, usage);
  }
  if (cls === "class") {
    if (!o.rt && !o.ls && !o.ul) throw fail("HFSC: no parameters given\n", usage);
    if (o.ul && !o.ls) throw fail("HFSC: Upper-limit Service Curve without Link-Share Service Curve\n", usage);
  }
  return o;
}

function qfq(a: string[], cls: "qdisc" | "class"): Record<string, unknown> | undefined {
  if (cls === "qdisc") {
    if (a.length) throw fail(matches(a[0]!, "help") ? "" : `What is "${a[0]}"?\n`, "qfq");
    return undefined;
  }
  const o: Record<string, unknown> = {};
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    const key = matches(w, "weight") ? "weight" : matches(w, "maxpkt") ? "maxpkt" : undefined;
    if (key !== undefined) {
      const v = a[++i];
      if (v === undefined) throw incomplete();
      const n = strtoulWord(v, 10);
      if (n === undefined || n > 0xffffffffn) throw fail(`Illegal "${key}"\n`);
      o[key] = Number(n);
    } else if (w === "help") throw fail("", "qfq class");
    else throw fail(`What is "${w}"?\n`, "qfq class");
  }
  return o;
}

/** Options spec of hfsc or qfq from its words (undefined: no TCA_OPTIONS). */
export function parseFairArgs(kind: string, cls: "qdisc" | "class", a: string[]): Record<string, unknown> | undefined {
  return kind === "hfsc" ? hfsc(a, cls) : qfq(a, cls);
}
