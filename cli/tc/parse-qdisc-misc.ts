/**
 * Words of `tc qdisc add ... choke|sfb|hhf|cbs|etf|skbprio|plug ARGS` into
 * nl.tc specs, as q_choke.c, q_sfb.c, q_hhf.c, q_cbs.c, q_etf.c,
 * q_skbprio.c and q_plug.c parse them: the same words (prefixes where tc
 * uses matches()), tc's refusals, choke's notes. parse-qdisc-aqm.ts
 * dispatches here.
 *
 * Not reproduced: choke's `bandwidth N%` (get_percent_rate reads the
 * device's speed): refused as Illegal.
 */
import { CliError, incomplete } from "../errors.ts";
import { matches } from "../args.ts";
import { strtoulWord } from "../../lib/format/names.ts";
import { parseRateString, parseSizeString, parseTimeString } from "../../lib/rtnl/tc/units.ts";
import { redEvalEwma, redEvalP, redIdleDamping } from "../../lib/rtnl/tc/red.ts";
import { ETF_CLOCKS } from "../../lib/rtnl/tc/qdisc-misc.ts";

/** Each kind's explain(). */
export const MISC_USAGE: Readonly<Record<string, string>> = {
  choke: "Usage: ... choke limit PACKETS bandwidth KBPS [ecn]\n\t\t [ min PACKETS ] [ max PACKETS ] [ burst PACKETS ]\n",
  sfb: "Usage: ... sfb [ rehash SECS ] [ db SECS ]\n\t    [ limit PACKETS ] [ max PACKETS ] [ target PACKETS ]\n\t    [ increment FLOAT ] [ decrement FLOAT ]\n\t    [ penalty_rate PPS ] [ penalty_burst PACKETS ]\n",
  hhf: "Usage: ... hhf\t[ limit PACKETS ] [ quantum BYTES]\n\t\t[ hh_limit NUMBER ]\n\t\t[ reset_timeout TIME ]\n\t\t[ admit_bytes BYTES ]\n\t\t[ evict_timeout TIME ]\n\t\t[ non_hh_weight NUMBER ]\n",
  cbs: "Usage: ... cbs hicredit BYTES locredit BYTES sendslope BPS idleslope BPS\n\t   [offload 0|1]\n",
  etf: "Usage: ... etf delta NANOS clockid CLOCKID [offload] [deadline_mode]\nCLOCKID must be a valid SYS-V id (i.e. CLOCK_TAI)\n",
  skbprio: "Usage: ... <skbprio> [ limit NUMBER ]\n",
  plug: "Usage: ... plug [block | release | release_indefinite | limit NUMBER]\n",
};

const fail = (text: string, usage?: string): CliError => new CliError(text + (usage === undefined ? "" : MISC_USAGE[usage]!), 1, false);

/** sscanf("%lg"): the leading number of `v` (strtod's forms), or undefined. */
export function lg(v: string): number | undefined {
  const m = /^\s*([+-]?(?:0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?\d+)?|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?|nan))/i.exec(v);
  if (m === null) return undefined;
  const s = m[1]!.toLowerCase();
  if (/inf/.test(s)) return s.startsWith("-") ? -Infinity : Infinity;
  if (/nan/.test(s)) return NaN;
  if (/0x/.test(s)) {
    const neg = s.startsWith("-");
    const [, mant, exp] = /0x([0-9a-f.]*)(?:p([+-]?\d+))?/.exec(s)!;
    const [ip, fp = ""] = mant!.split(".");
    const n = (Number.parseInt(ip || "0", 16) + (fp ? Number.parseInt(fp, 16) / 16 ** fp.length : 0)) * 2 ** Number(exp ?? 0);
    return neg ? -n : n;
  }
  return Number(s);
}

/** get_unsigned/get_u32 (base 0) up to `max`. */
function u(v: string, max = 0xffffffff): number | undefined {
  const n = strtoulWord(v, 0);
  return n === undefined || n > BigInt(max) ? undefined : Number(n);
}
/** get_s32 (base 0). */
function s32(v: string): number | undefined {
  const n = strtoulWord(v, 0, true);
  return n === undefined || n > 0x7fffffffn || n < -0x80000000n || /^\s*$/.test(v) ? undefined : Number(n);
}

/** A cursor: `take` is tc's NEXT_ARG. */
function words(a: string[], each: (w: string, take: () => string) => void): void {
  for (let i = 0; i < a.length; i++) each(a[i]!, () => { const v = a[++i]; if (v === undefined) throw incomplete(); return v; });
}

function choke(a: string[], warn: (s: string) => void): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  words(a, (w, take) => {
    const num = (key: string, n: number | undefined) => { if (n === undefined) throw fail(`Illegal "${key}"\n`); o[key] = n; };
    if (w === "limit" || w === "min" || w === "max" || w === "burst") num(w, u(take()));
    else if (w === "bandwidth") { const v = take(); const r = v.includes("%") ? undefined : parseRateString(v); num(w, r !== undefined && r <= 0xffffffff ? r : undefined); }
    else if (w === "ecn") o.ecn = true;
    else if (w === "avpkt") num(w, parseSizeString(take()));
    else if (w === "probability") num(w, lg(take()));
    else if (w === "help") throw fail("", "choke");
    else throw fail(`What is "${w}"?\n`, "choke");
  });
  const limit = (o.limit as number | undefined) ?? 0, rate = (o.bandwidth as number | undefined) ?? 0, avpkt = (o.avpkt as number | undefined) ?? 1000;
  if (!rate || !limit) throw fail("Required parameter (bandwidth, limit) is missing\n");
  const max = (o.max as number | undefined) || Math.trunc(limit / 4);
  const min = (o.min as number | undefined) || Math.trunc(max / 3);
  const burst = (o.burst as number | undefined) || Math.trunc(((2 * min + max) >>> 0) / 3);
  if (max > limit) throw fail('"max" is larger than "limit"\n');
  if (min >= max) throw fail('"min" is not smaller than "max"\n');
  const qmin = Math.imul(min, avpkt) >>> 0;
  const e = redEvalEwma(qmin, burst, avpkt);
  if (typeof e === "string") {
    const small = burst + 1 - qmin / avpkt < 1 ? `tc_red_eval_ewma() burst ${burst} is too small ? Try burst ${1 + Math.trunc(qmin / avpkt)}\n` : "";
    throw fail(`${small}CHOKE: failed to calculate EWMA constant.\n`);
  }
  if (e >= 10) warn(`CHOKE: WARNING. Burst ${burst | 0} seems to be too large.\n`);
  if (redEvalP(qmin, Math.imul(max, avpkt) >>> 0, (o.probability as number | undefined) ?? 0.02) < 0) throw fail("CHOKE: failed to calculate probability.\n");
  if (redIdleDamping(e, avpkt, rate) === undefined) throw fail("CHOKE: failed to calculate idle damping table.\n");
  return o;
}

/** q_sfb.c get_prob's strtod: a number at the start, 0..1 (what follows is ignored). */
function fraction(v: string): number | undefined {
  const d = lg(v);
  return d === undefined || d < 0 || d > 1 ? undefined : d;
}

function sfb(a: string[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const KEYS: Record<string, string> = { rehash: "rehash", db: "db", limit: "limit", max: "max", target: "target", penalty_rate: "penaltyRate", penalty_burst: "penaltyBurst" };
  words(a, (w, take) => {
    if (KEYS[w] !== undefined) { const n = u(take()); if (n === undefined) throw fail(`Illegal "${w}"\n`); o[KEYS[w]!] = n; }
    else if (w === "increment" || w === "decrement") { const d = fraction(take()); if (d === undefined) throw fail(`Illegal "${w}"\n`); o[w] = d; }
    else throw fail(`What is "${w}"?\n`, "sfb"); // q_sfb.c has no help word
  });
  return o;
}

function hhf(a: string[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const NUM: Record<string, string> = { limit: "limit", quantum: "quantum", hh_limit: "hhLimit", admit_bytes: "admitBytes", non_hh_weight: "nonHhWeight" };
  words(a, (w, take) => {
    if (NUM[w] !== undefined) { const n = u(take()); if (n === undefined) throw fail(`Illegal "${w}"\n`); o[NUM[w]!] = n; }
    else if (w === "reset_timeout" || w === "evict_timeout") { const t = parseTimeString(take()); if (t === undefined) throw fail(`Illegal "${w}"\n`); o[w === "reset_timeout" ? "resetTimeout" : "evictTimeout"] = t; }
    else if (w === "help") throw fail("", "hhf");
    else throw fail(`What is "${w}"?\n`, "hhf");
  });
  return o;
}

function cbs(a: string[]): Record<string, unknown> {
  const o: Record<string, number> = {};
  words(a, (w, take) => {
    const key = ["offload", "hicredit", "locredit", "sendslope", "idleslope"].find((k) => matches(w, k));
    if (key !== undefined) {
      const v = take();
      if (o[key]) throw fail(`cbs: duplicate "${key}" specification\n`);
      const n = key === "offload" ? u(v, 0xff) : s32(v);
      if (n === undefined) throw fail(`cbs: illegal value for "${key}": "${v}"\n`);
      o[key] = n;
    } else if (w === "help") throw fail("", "cbs");
    else throw fail(`cbs: unknown parameter "${w}"\n`, "cbs");
  });
  return o;
}

/** q_etf.c get_clockid: a "CLOCK_" anywhere drops the first six characters, then a name case-insensitively. */
function clockid(v: string): number | undefined {
  const name = (v.toUpperCase().includes("CLOCK_") ? v.slice(6) : v).toUpperCase();
  return Object.hasOwn(ETF_CLOCKS, name) ? ETF_CLOCKS[name] : undefined;
}

function etf(a: string[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  words(a, (w, take) => {
    const flag = (key: string, name: string) => { if (o[key]) throw fail(`etf: duplicate "${name}" specification\n`); o[key] = true; };
    if (matches(w, "offload")) flag("offload", "offload");
    else if (matches(w, "deadline_mode")) flag("deadlineMode", "deadline_mode");
    else if (matches(w, "delta")) {
      const v = take();
      if (o.delta) throw fail('etf: duplicate "delta" specification\n');
      const n = s32(v);
      if (n === undefined) throw fail(`etf: illegal value for "delta": "${v}"\n`);
      o.delta = n;
    } else if (matches(w, "clockid")) {
      const v = take();
      if (o.clockid !== undefined) throw fail('etf: duplicate "clockid" specification\n');
      const c = clockid(v);
      if (c === undefined) throw fail(`etf: illegal value for "clockid": "${v}".\nIt must be a valid SYS-V id (i.e. CLOCK_TAI)\n`);
      o.clockid = c;
    } else if (w === "skip_sock_check") flag("skipSockCheck", "skip_sock_check");
    else if (w === "help") throw fail("", "etf");
    else throw fail(`etf: unknown parameter "${w}"\n`, "etf");
  });
  return o;
}

function skbprio(a: string[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  words(a, (w, take) => {
    if (w === "limit") { const v = take(); const s = parseSizeString(v); if (s === undefined) throw fail(`skbprio: Illegal "limit" value:"${v}"\n`); o.limit = s; }
    else if (w === "help") throw fail("", "skbprio");
    else throw fail(`skbprio: unknown parameter "${w}"\n`, "skbprio");
  });
  return o;
}

function plug(a: string[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  words(a, (w, take) => {
    if (w === "block" || w === "release" || w === "release_indefinite") o.action = w;
    else if (w === "limit") { o.action = "limit"; const v = take(); const s = parseSizeString(v); if (s === undefined) throw fail(`Illegal value for "limit": "${v}"\n`); o.limit = s; }
    else if (w === "help") throw fail("", "plug");
    else throw fail(`plug: unknown parameter "${w}"\n`, "plug");
  });
  return o;
}

/** Options spec of choke, sfb, hhf, cbs, etf, skbprio or plug from its words; `warn` gets choke's stderr notes. */
export function parseMiscArgs(kind: string, a: string[], warn: (s: string) => void): Record<string, unknown> | undefined {
  switch (kind) {
    case "choke": return choke(a, warn);
    case "sfb": return sfb(a);
    case "hhf": return hhf(a);
    case "cbs": return cbs(a);
    case "etf": return etf(a);
    case "skbprio": return skbprio(a);
    case "plug": return plug(a);
    default: return undefined;
  }
}
