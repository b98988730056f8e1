/**
 * Words of `tc qdisc add ... tbf|pfifo|bfifo|pfifo_head_drop ARGS` and of
 * htb qdiscs and classes, read as tc 6.1's q_tbf.c, q_fifo.c and q_htb.c
 * do: get_rate64, get_size, get_size_and_cell, get_time, get_u16/get_u32,
 * get_linklayer, the same duplicate checks (on non-zero values), and the
 * same refusals on stderr (explain1 / explain, exit 1). The values go to
 * nl.tc as numbers (bytes per second, bytes, microseconds).
 *
 * A rate given as a percentage of the link's speed (get_percent_rate64)
 * reads the speed through `speed` (cli/tc/dev-speed.ts).
 */
import { CliError, incomplete } from "../errors.ts";
import { matches } from "../args.ts";
import { strtoulWord } from "../../lib/format/names.ts";
import { parseRateString, parseSizeString, parseTimeString } from "../../lib/rtnl/tc/units.ts";
import { QDISC_USAGE } from "./qdisc-usage.ts";
import { percentRate, type DevSpeed } from "./dev-speed.ts";

/** A parse_opt failure: the text, then the kind's explain() when tc prints it; exit 1. */
const fail = (text: string, usageOf?: string): CliError => new CliError(text + (usageOf === undefined ? "" : QDISC_USAGE[usageOf] ?? ""), 1, false);

/** get_u32/get_u16 (strtoul in `base`, the whole word, at most `max`). */
function uint(v: string, base: 10 | 16, max: number): number | undefined {
  const n = strtoulWord(v, base);
  return n === undefined || n > BigInt(max) ? undefined : Number(n);
}

/** get_rate64, or get_percent_rate64 for a word with a "%": the rate, or the lines tc printed before refusing it. */
function rate64(v: string, speed: DevSpeed | undefined): { rate: number } | { err: string } {
  if (v.includes("%")) return percentRate(v, speed);
  const rate = parseRateString(v);
  return rate === undefined ? { err: "" } : { rate };
}

/** get_integer(&cell, s, 0): strtol base 0, the whole word, an int. */
function integer(s: string): number | undefined {
  const n = strtoulWord(s, 0, true);
  return n === undefined || n < -(2n ** 31n) || n >= 2n ** 31n ? undefined : Number(n);
}

/**
 * get_size_and_cell: "SIZE[/CELL]", CELL a power of two (1 << i, i < 32, as a C int).
 * On failure `shown` is the word as tc's explain1 then prints it: cut at the
 * "/" when the size or the cell number failed (tc leaves the "/" overwritten).
 */
function sizeAndCell(v: string): { size: number; cellLog?: number } | { shown: string } {
  const slash = v.indexOf("/");
  const sizeWord = slash < 0 ? v : v.slice(0, slash);
  const size = parseSizeString(sizeWord);
  if (size === undefined) return { shown: sizeWord };
  if (slash < 0) return { size };
  const cell = integer(v.slice(slash + 1));
  if (cell === undefined) return { shown: sizeWord };
  for (let i = 0; i < 32; i++) if ((1 << i) === cell) return { size, cellLog: i };
  return { shown: v };
}

/** get_linklayer: ethernet, atm or adsl (abbreviations allowed). */
function linklayer(v: string): "ethernet" | "atm" | undefined {
  if (matches(v, "ethernet")) return "ethernet";
  if (matches(v, "atm") || matches(v, "adsl")) return "atm";
  return undefined;
}

/** Walks the words; `take` is tc's NEXT_ARG. */
function walk(a: string[], on: (w: string, take: () => string) => void): void {
  for (let i = 0; i < a.length; i++) {
    const take = (): string => { const v = a[++i]; if (v === undefined) throw incomplete(); return v; };
    on(a[i]!, take);
  }
}

/** tbf_parse_opt. */
export function parseTbf(a: string[], speed?: DevSpeed): Record<string, unknown> {
  const bad = (key: string, v: string, before = ""): CliError => fail(`${before}tbf: illegal value for "${key}": "${v}"\n`);
  const dup = (what: string): CliError => fail(`tbf: duplicate "${what}" specification\n`);
  let limit = 0, latency = 0, buffer = 0, mtu = 0, mpu = 0, rate = 0, prate = 0, overhead = 0;
  let cellLog: number | undefined, pcellLog: number | undefined;
  let ll: "ethernet" | "atm" | undefined;
  walk(a, (w, take) => {
    if (matches(w, "limit")) {
      const v = take();
      if (limit) throw dup("limit");
      if (latency) throw fail('tbf: specifying both "latency" and "limit" is not allowed\n');
      const n = parseSizeString(v); if (n === undefined) throw bad("limit", v); limit = n;
    } else if (matches(w, "latency")) {
      const v = take();
      if (latency) throw dup("latency");
      if (limit) throw fail('tbf: specifying both "limit" and "/latency" is not allowed\n');
      const n = parseTimeString(v); if (n === undefined) throw bad("latency", v); latency = n;
    } else if (matches(w, "burst") || w === "buffer" || w === "maxburst") {
      const v = take();
      if (buffer) throw dup("buffer/burst/maxburst");
      const r = sizeAndCell(v); if ("shown" in r) throw bad(w, r.shown);
      buffer = r.size; if (r.cellLog !== undefined) cellLog = r.cellLog;
    } else if (w === "mtu" || w === "minburst") {
      const v = take();
      if (mtu) throw dup("mtu/minburst");
      const r = sizeAndCell(v); if ("shown" in r) throw bad(w, r.shown);
      mtu = r.size; if (r.cellLog !== undefined) pcellLog = r.cellLog;
    } else if (w === "mpu") {
      const v = take();
      if (mpu) throw dup("mpu");
      const n = parseSizeString(v); if (n === undefined) throw bad("mpu", v); mpu = n;
    } else if (w === "rate") {
      const v = take();
      if (rate) throw dup("rate");
      const r = rate64(v, speed); if ("err" in r) throw bad("rate", v, r.err); rate = r.rate;
    } else if (matches(w, "peakrate")) {
      const v = take();
      if (prate) throw dup("peakrate");
      const r = rate64(v, speed); if ("err" in r) throw bad("peakrate", v, r.err); prate = r.rate;
    } else if (matches(w, "overhead")) {
      const v = take();
      if (overhead) throw dup("overhead");
      const n = uint(v, 10, 0xffff); if (n === undefined) throw bad("overhead", v); overhead = n;
    } else if (matches(w, "linklayer")) {
      const v = take();
      ll = linklayer(v); if (ll === undefined) throw bad("linklayer", v);
    } else if (w === "help") throw fail("", "tbf");
    else throw fail(`tbf: unknown parameter "${w}"\n`, "tbf");
  });
  const errs: string[] = [];
  if (!rate) errs.push('tbf: the "rate" parameter is mandatory.\n');
  if (!buffer) errs.push('tbf: the "burst" parameter is mandatory.\n');
  if (prate && !mtu) errs.push('tbf: when "peakrate" is specified, "mtu" must also be specified.\n');
  if (!limit && !latency) errs.push('tbf: either "limit" or "latency" is required.\n');
  if (errs.length) throw fail(errs.join(""), "tbf");
  const o: Record<string, unknown> = { rate, burst: buffer };
  if (limit) o.limit = limit; else o.latency = latency;
  if (prate) o.peakrate = prate;
  if (mtu) o.mtu = mtu;
  if (mpu) o.mpu = mpu & 0xffff; // opt.rate.mpu is a __u16
  if (overhead) o.overhead = overhead;
  if (ll !== undefined) o.linklayer = ll;
  if (cellLog !== undefined) o.cellLog = cellLog;
  if (pcellLog !== undefined) o.pcellLog = pcellLog;
  return o;
}

/** fifo_parse_opt (pfifo, bfifo, pfifo_head_drop): TCA_OPTIONS only when a limit was given. */
export function parseFifo(kind: string, a: string[]): Record<string, unknown> | undefined {
  let o: Record<string, unknown> | undefined;
  walk(a, (w, take) => {
    if (w === "limit") {
      const v = take();
      const n = parseSizeString(v);
      if (n === undefined) throw fail(`${kind}: Illegal value for "limit": "${v}"\n`);
      o = { limit: n };
    } else if (w === "help") throw fail("", kind);
    else throw fail(`${kind}: unknown parameter "${w}"\n`, kind);
  });
  return o;
}

/** htb's explain1: `Illegal "KEY"` and the usage. */
const htbIllegal = (key: string, before = ""): CliError => fail(`${before}Illegal "${key}"\n`, "htb");

/** htb_parse_opt (no "help" word there: it is "What is"). */
export function parseHtbQdisc(a: string[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  let debug = 0;
  walk(a, (w, take) => {
    if (matches(w, "r2q")) { const n = uint(take(), 10, 0xffffffff); if (n === undefined) throw htbIllegal("r2q"); o.r2q = n; }
    else if (matches(w, "default")) { const n = uint(take(), 16, 0xffffffff); if (n === undefined) throw htbIllegal("default"); o.defaultClass = n; }
    else if (matches(w, "debug")) {
      const v = take();
      for (let i = 0; i < 16 && i < v.length && v[i]! >= "0" && v[i]! <= "3"; i++) debug = (debug | ((v.charCodeAt(i) - 48) << (2 * i))) >>> 0;
    } else if (matches(w, "direct_qlen")) {
      const n = uint(take(), 10, 0xffffffff); if (n === undefined) throw htbIllegal("direct_qlen");
      if (n !== 0xffffffff) o.directQlen = n; else delete o.directQlen; // ~0U is tc's "not given"
    } else if (matches(w, "offload")) o.offload = true;
    else throw fail(`What is "${w}"?\n`, "htb");
  });
  if (debug) o.debug = debug;
  return o;
}

/** htb_parse_class_opt. */
export function parseHtbClass(a: string[], speed?: DevSpeed): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  let rate = 0, ceil = 0;
  const num = (key: string, v: string, max: number): number => { const n = uint(v, 10, max); if (n === undefined) throw htbIllegal(key); return n; };
  const burst = (param: string, v: string, sizeKey: string, cellKey: string): void => {
    const r = sizeAndCell(v); if ("shown" in r) throw htbIllegal(param);
    o[sizeKey] = r.size; if (r.cellLog !== undefined) o[cellKey] = r.cellLog;
  };
  walk(a, (w, take) => {
    if (matches(w, "prio")) o.prio = num("prio", take(), 0xffffffff);
    else if (matches(w, "mtu")) o.mtu = num("mtu", take(), 0xffffffff);
    else if (matches(w, "mpu")) o.mpu = num("mpu", take(), 0xffff);
    else if (matches(w, "overhead")) o.overhead = num("overhead", take(), 0xffff);
    else if (matches(w, "linklayer")) { const l = linklayer(take()); if (l === undefined) throw htbIllegal("linklayer"); o.linklayer = l; }
    else if (matches(w, "quantum")) o.quantum = num("quantum", take(), 0xffffffff);
    else if (matches(w, "burst") || w === "buffer" || w === "maxburst") burst(w, take(), "burst", "cellLog");
    else if (matches(w, "cburst") || w === "cbuffer" || w === "cmaxburst") burst(w, take(), "cburst", "ccellLog");
    else if (w === "ceil") {
      const v = take(); if (ceil) throw fail('Double "ceil" spec\n');
      const r = rate64(v, speed); if ("err" in r) throw htbIllegal("ceil", r.err); ceil = r.rate;
    } else if (w === "rate") {
      const v = take(); if (rate) throw fail('Double "rate" spec\n');
      const r = rate64(v, speed); if ("err" in r) throw htbIllegal("rate", r.err); rate = r.rate;
    } else if (w === "help") throw fail("", "htb");
    else throw fail(`What is "${w}"?\n`, "htb");
  });
  if (!rate) throw fail('"rate" is required.\n');
  o.rate = rate;
  if (ceil) o.ceil = ceil;
  return o;
}
