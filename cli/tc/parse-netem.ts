/**
 * `tc qdisc ... netem ARGS` into the nl.tc netem spec, word for word as
 * q_netem.c netem_parse_opt reads them (tc 6.1): limit, delay/latency
 * [JITTER [CORR]], loss [random] P [CORR] | loss state P13 [P31 [P32 [P23
 * [P14]]]] | loss gemodel P [R [1-H [1-K]]], ecn, reorder, corrupt, gap,
 * duplicate, rate RATE [PACKETOVERHEAD [CELLSIZE [CELLOVERHEAD]]], slot MIN
 * [MAX] [packets N] [bytes N], distribution NAME, slot distribution NAME
 * DELAY JITTER (tables read from tc's lib dir as get_distribution does).
 */
import { CliError } from "../errors.ts";
import { matches } from "../args.ts";
import { parseSizeString, parseTimeString, time2tick, toTime64 } from "../../lib/rtnl/tc/units.ts";
import { netemDistPath, parseNetemDist } from "../../lib/rtnl/tc/netem-dist.ts";
import { readFileSync } from "node:fs";
import { strerror } from "../errors.ts";

const EXPLAIN = "Usage: ... netem [ limit PACKETS ]\n" +
  "                 [ delay TIME [ JITTER [CORRELATION]]]\n" +
  "                 [ distribution {uniform|normal|pareto|paretonormal} ]\n" +
  "                 [ corrupt PERCENT [CORRELATION]]\n" +
  "                 [ duplicate PERCENT [CORRELATION]]\n" +
  "                 [ loss random PERCENT [CORRELATION]]\n" +
  "                 [ loss state P13 [P31 [P32 [P23 P14]]]\n" +
  "                 [ loss gemodel PERCENT [R [1-H [1-K]]]\n" +
  "                 [ ecn ]\n" +
  "                 [ reorder PERCENT [CORRELATION] [ gap DISTANCE ]]\n" +
  "                 [ rate RATE [PACKETOVERHEAD] [CELLSIZE] [CELLOVERHEAD]]\n" +
  "                 [ slot MIN_DELAY [MAX_DELAY] [packets MAX_PACKETS] [bytes MAX_BYTES]]\n" +
  "                 [ slot distribution {uniform|normal|pareto|paretonormal|custom}\n" +
  "                   DELAY JITTER [packets MAX_PACKETS] [bytes MAX_BYTES]]\n";

/** get_distribution: tc's table NAME from $TC_LIB_DIR or tc's lib dir, with tc's messages (exit 1). */
function distribution(name: string): number[] {
  const path = netemDistPath(name);
  let text: string;
  try {
    text = readFileSync(path, "latin1");
  } catch (e) {
    const errno = -((e as { errno?: number }).errno ?? -2);
    throw new CliError(`No distribution data for ${name} (${path}: ${strerror(errno)})\n`, 1, false);
  }
  let t: Int16Array;
  try {
    t = parseNetemDist(text);
  } catch {
    throw new CliError(`${path}: too much data\n`, 1, false);
  }
  if (t.length === 0) throw new CliError("", 1, false);
  return [...t];
}

/** A delay/jitter word in ticks (1 when unparsable: the request path reports it). */
function ticks(v: unknown): number {
  if (typeof v !== "string") return 0;
  const t = parseTimeString(v);
  return t === undefined ? 1 : time2tick(t);
}

/** get_time64 as netem's slot distribution reads DELAY and JITTER. */
function time64(v: string, what: string): number {
  try { return toTime64(v, what); } catch { throw illegal(what); }
}

const illegal = (what: string) => new CliError(`Illegal "${what}"\n`, 1, false);
const isNum = (w: string | undefined) => w !== undefined && /^[0-9]/.test(w);
const isSigned = (w: string | undefined) => w !== undefined && /^[-0-9]/.test(w);

/** parse_percent: "N" or "N%", 0..100. */
function pct(v: string | undefined, what: string): number {
  const m = /^([0-9.]+(?:e[+-]?\d+)?)%?$/i.exec(v ?? "");
  const n = m ? Number(m[1]) : Number.NaN;
  if (!Number.isFinite(n) || n < 0 || n > 100) throw illegal(what);
  return n;
}

function int(v: string | undefined, what: string, min: number, max: number): number {
  if (v === undefined || !/^-?(0x[0-9a-f]+|\d+)$/i.test(v)) throw illegal(what);
  const n = v.startsWith("-") ? -Number(v.slice(1)) : Number(v);
  if (n < min || n > max) throw illegal(what);
  return n;
}

/** netem_parse_opt. */
export function parseNetem(a: string[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const need = (i: number): string => {
    const v = a[i];
    if (v === undefined) throw new CliError('Command line is not complete. Try option "help"\n', 255, true);
    return v;
  };
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    if (matches(w, "limit")) { const v = parseSizeString(need(++i)); if (v === undefined) throw illegal("limit"); o.limit = v; }
    else if (matches(w, "latency") || matches(w, "delay")) {
      o.delay = need(++i);
      if (isNum(a[i + 1])) { o.jitter = a[++i]; if (isNum(a[i + 1])) o.delayCorrelation = pct(a[++i], "latency"); }
    } else if (matches(w, "loss") || matches(w, "drop")) {
      if (o.loss !== undefined || o.lossState !== undefined || o.lossGemodel !== undefined) throw illegal("duplicate loss argument\n");
      let m = need(++i);
      if (/^[0-9]/.test(m) || m === "random") {
        if (m === "random") m = need(++i);
        o.loss = pct(m, "loss percent");
        if (isNum(a[i + 1])) o.lossCorrelation = pct(a[++i], "loss correlation");
      } else if (m === "state") {
        const g: Record<string, number> = { p13: pct(need(++i), "loss p13") };
        for (const k of ["p31", "p32", "p23", "p14"]) { if (!isNum(a[i + 1])) break; g[k] = pct(a[++i], `loss ${k}`); }
        o.lossState = g;
      } else if (m === "gemodel") {
        const g: Record<string, number> = { p: pct(need(++i), "loss gemodel p") };
        for (const [k, t] of [["r", "r"], ["oneMinusH", "h"], ["oneMinusK", "k"]] as const) { if (!isNum(a[i + 1])) break; g[k] = pct(a[++i], `loss gemodel ${t}`); }
        o.lossGemodel = g;
      } else throw new CliError(`Unknown loss parameter: ${m}\n`, 1, false);
    } else if (matches(w, "ecn")) o.ecn = true;
    else if (matches(w, "reorder")) {
      o.reorder = pct(need(++i), "reorder");
      if (isNum(a[i + 1])) o.reorderCorrelation = pct(a[++i], "reorder");
    } else if (matches(w, "corrupt")) {
      o.corrupt = pct(need(++i), "corrupt");
      if (isNum(a[i + 1])) o.corruptCorrelation = pct(a[++i], "corrupt");
    } else if (matches(w, "gap")) o.gap = int(need(++i), "gap", 0, 0xffffffff);
    else if (matches(w, "duplicate")) {
      o.duplicate = pct(need(++i), "duplicate");
      if (isNum(a[i + 1])) o.duplicateCorrelation = pct(a[++i], "duplicate");
    } else if (matches(w, "rate")) {
      o.rate = need(++i);
      if (isSigned(a[i + 1])) o.packetOverhead = int(a[++i], "rate", -0x80000000, 0x7fffffff);
      if (isNum(a[i + 1])) o.cellSize = int(a[++i], "rate", 0, 0xffffffff);
      if (isSigned(a[i + 1])) o.cellOverhead = int(a[++i], "rate", -0x80000000, 0x7fffffff);
    } else if (matches(w, "slot")) {
      if (!isNum(a[i + 1])) {
        const m = need(++i);
        if (m !== "distribution") throw new CliError(`Unknown slot parameter: ${m}\n`, 1, false);
      }
      const s: Record<string, unknown> = {};
      if (a[i] === "distribution") {
        s.distribution = distribution(need(++i));
        s.distDelay = time64(need(++i), "slot delay");
        s.distJitter = time64(need(++i), "slot jitter");
        if ((s.distJitter as number) <= 0) throw new CliError("Non-positive jitter\n", 1, false);
      } else {
        s.minDelay = a[++i];
        if (isNum(a[i + 1])) s.maxDelay = a[++i];
      }
      if (a[i + 1] !== undefined && matches(a[i + 1]!, "packets")) { i++; s.packets = int(a[i + 1], "slot packets", -0x80000000, 0x7fffffff); i++; }
      if (a[i + 1] !== undefined && matches(a[i + 1]!, "bytes")) { i++; if (a[i + 1] === undefined) throw illegal("slot bytes"); s.bytes = a[++i]; }
      o.slot = s;
    } else if (matches(w, "distribution")) {
      o.distribution = distribution(need(++i));
    } else throw new CliError(`What is "${w}"?\n`, 255, true);
  }
  // q_netem.c checks after the loop: latency and jitter in ticks (tc's time2tick of its get_time usecs)
  if (o.distribution !== undefined && (!ticks(o.delay) || !ticks(o.jitter))) throw new CliError(`distribution specified but no latency and jitter values\n${EXPLAIN}`, 1, false);
  return o;
}
