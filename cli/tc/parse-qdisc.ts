/**
 * Kind arguments of `tc qdisc|class add ... KIND ARGS` into nl.tc option
 * specs, with tc 6.1's keywords (q_htb.c, q_tbf.c, q_fifo.c, q_netem.c,
 * q_fq_codel.c, q_fq.c, q_sfq.c, q_prio.c) and its error texts for the
 * common mistakes. Values stay in tc's string form: the library parses
 * rates, sizes and times exactly as tc does.
 */
import { CliError } from "../errors.ts";
import { matches } from "../args.ts";
import { parseNetem } from "./parse-netem.ts";

function what(word: string): CliError {
  return new CliError(`What is "${word}"?\n`, 255, true);
}
function illegal(kind: string, key: string, v: string): CliError {
  return new CliError(`${kind}: illegal value for "${key}": "${v}"\n`, 255, true);
}
function next(a: string[], i: number, kind: string, key: string): string {
  const v = a[i + 1];
  if (v === undefined) throw new CliError('Command line is not complete. Try option "help"\n', 255, true);
  void kind; void key;
  return v;
}
function uint(v: string, kind: string, key: string, base = 10): number {
  const ok = base === 16 ? /^(0x)?[0-9a-f]+$/i.test(v) : /^(0x[0-9a-f]+|\d+)$/i.test(v);
  if (!ok) throw illegal(kind, key, v);
  const n = base === 16 ? Number.parseInt(v.replace(/^0x/i, ""), 16) : Number(v);
  if (!Number.isSafeInteger(n) || n > 0xffffffff) throw illegal(kind, key, v);
  return n;
}
/** "15k/8" → size and cell log (get_size_and_cell). */
function sizeCell(v: string, kind: string, key: string): [string, number | undefined] {
  const [size, cell] = v.split("/");
  if (cell === undefined) return [size!, undefined];
  const c = Number(cell);
  for (let i = 0; i < 32; i++) if (2 ** i === c) return [size!, i];
  throw illegal(kind, key, v);
}

/** htb qdisc arguments. */
function htbQdisc(a: string[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    if (matches(w, "r2q")) o.r2q = uint(next(a, i++, "htb", w), "htb", "r2q");
    else if (matches(w, "default")) o.defaultClass = uint(next(a, i++, "htb", w), "htb", "default", 16);
    else if (matches(w, "direct_qlen")) o.directQlen = uint(next(a, i++, "htb", w), "htb", "direct_qlen");
    else if (matches(w, "offload")) o.offload = true;
    else if (matches(w, "debug")) { i++; }
    else throw what(w);
  }
  return o;
}

/** htb class arguments. */
function htbClass(a: string[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    if (matches(w, "prio")) o.prio = uint(next(a, i++, "htb", w), "htb", "prio");
    else if (matches(w, "mtu")) o.mtu = uint(next(a, i++, "htb", w), "htb", "mtu");
    else if (matches(w, "mpu")) o.mpu = uint(next(a, i++, "htb", w), "htb", "mpu");
    else if (matches(w, "overhead")) o.overhead = uint(next(a, i++, "htb", w), "htb", "overhead");
    else if (matches(w, "linklayer")) o.linklayer = linklayer(next(a, i++, "htb", w));
    else if (matches(w, "quantum")) o.quantum = uint(next(a, i++, "htb", w), "htb", "quantum");
    else if (matches(w, "burst") || w === "buffer" || w === "maxburst") { const [s, c] = sizeCell(next(a, i++, "htb", w), "htb", w); o.burst = s; if (c !== undefined) o.cellLog = c; }
    else if (matches(w, "cburst") || w === "cbuffer" || w === "cmaxburst") { const [s, c] = sizeCell(next(a, i++, "htb", w), "htb", w); o.cburst = s; if (c !== undefined) o.ccellLog = c; }
    else if (w === "ceil") { if (o.ceil !== undefined) throw new CliError('Double "ceil" spec\n', 255, true); o.ceil = next(a, i++, "htb", w); }
    else if (w === "rate") { if (o.rate !== undefined) throw new CliError('Double "rate" spec\n', 255, true); o.rate = next(a, i++, "htb", w); }
    else throw what(w);
  }
  if (o.rate === undefined) throw new CliError('"rate" is required.\n', 255, true);
  return o;
}

function linklayer(v: string): string {
  if (matches(v, "ethernet")) return "ethernet";
  if (matches(v, "atm") || matches(v, "adsl")) return "atm";
  throw new CliError(`Illegal "linklayer" "${v}"\n`, 255, true);
}

/** tbf arguments. */
function tbf(a: string[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    if (matches(w, "limit")) o.limit = next(a, i++, "tbf", w);
    else if (matches(w, "latency")) o.latency = next(a, i++, "tbf", w);
    else if (matches(w, "burst") || w === "buffer" || w === "maxburst") { const [s, c] = sizeCell(next(a, i++, "tbf", w), "tbf", w); o.burst = s; if (c !== undefined) o.cellLog = c; }
    else if (w === "mtu" || w === "minburst") { const [s, c] = sizeCell(next(a, i++, "tbf", w), "tbf", w); o.mtu = s; if (c !== undefined) o.pcellLog = c; }
    else if (w === "mpu") o.mpu = next(a, i++, "tbf", w);
    else if (w === "rate") o.rate = next(a, i++, "tbf", w);
    else if (matches(w, "peakrate")) o.peakrate = next(a, i++, "tbf", w);
    else if (matches(w, "overhead")) o.overhead = uint(next(a, i++, "tbf", w), "tbf", "overhead");
    else if (matches(w, "linklayer")) o.linklayer = linklayer(next(a, i++, "tbf", w));
    else throw new CliError(`tbf: unknown parameter "${w}"\n`, 255, true);
  }
  const errs: string[] = [];
  if (o.rate === undefined) errs.push('tbf: the "rate" parameter is mandatory.');
  if (o.burst === undefined) errs.push('tbf: the "burst" parameter is mandatory.');
  if (o.peakrate !== undefined && o.mtu === undefined) errs.push('tbf: when "peakrate" is specified, "mtu" must also be specified.');
  if (o.limit === undefined && o.latency === undefined) errs.push('tbf: either "limit" or "latency" is required.');
  if (errs.length) throw new CliError(errs.join("\n") + "\n", 255, true);
  return o;
}

function fifo(kind: string, a: string[]): Record<string, unknown> | undefined {
  let o: Record<string, unknown> | undefined;
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    if (w === "limit") o = { limit: next(a, i++, kind, w) };
    else throw new CliError(`${kind}: unknown parameter "${w}"\n`, 255, true);
  }
  return o;
}

const isNum = (w: string | undefined) => w !== undefined && /^[0-9.]/.test(w);

function fqCodel(a: string[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    const v = () => next(a, i++, "fq_codel", w);
    if (w === "limit") o.limit = uint(v(), "fq_codel", w);
    else if (w === "flows") o.flows = uint(v(), "fq_codel", w);
    else if (w === "quantum") o.quantum = uint(v(), "fq_codel", w);
    else if (w === "drop_batch") o.dropBatch = uint(v(), "fq_codel", w);
    else if (w === "target") o.target = v();
    else if (w === "interval") o.interval = v();
    else if (w === "ce_threshold") o.ceThreshold = v();
    else if (w === "memory_limit") o.memoryLimit = v();
    else if (w === "ecn") o.ecn = true;
    else if (w === "noecn") o.ecn = false;
    else throw what(w);
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
    else if (w === "perturb") o.perturb = uint(v(), "sfq", w);
    else if (w === "limit") o.limit = uint(v(), "sfq", w);
    else if (w === "divisor") o.divisor = uint(v(), "sfq", w);
    else if (w === "flows") o.flows = uint(v(), "sfq", w);
    else if (w === "depth") o.depth = uint(v(), "sfq", w);
    else if (w === "headdrop") o.headdrop = true;
    else if (w === "redflowlimit") red().limit = uint(v(), "sfq", w);
    else if (w === "min" || w === "max") red()[w] = uint(v(), "sfq", w);
    else if (w === "burst") red().burst = uint(v(), "sfq", w);
    else if (w === "avpkt") red().avpkt = v();
    else if (w === "probability") { const x = v(); if (!/^[0-9.]+(e[+-]?\d+)?$/i.test(x)) throw new CliError('Illegal "probability"\n', 1, false); red().probability = Number(x); }
    else if (w === "ecn" || w === "harddrop") red()[w] = true;
    else throw what(w);
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
    if (w === "limit") o.limit = uint(v(), "fq", w);
    else if (w === "flow_limit") o.flowLimit = uint(v(), "fq", w);
    else if (w === "buckets") { const b = uint(v(), "fq", w); if (b) o.bucketsLog = b === 1 ? 0 : 32 - Math.clz32(b - 1); } // ilog2 rounds up
    else if (w === "maxrate") o.maxrate = v();
    else if (w === "defrate") o.defrate = v();
    else if (w === "low_rate_threshold") o.lowRateThreshold = v();
    else if (w === "ce_threshold") o.ceThreshold = v();
    else if (w === "timer_slack") o.timerSlack = v();
    else if (w === "horizon") o.horizon = v();
    else if (w === "horizon_drop") o.horizonDrop = true;
    else if (w === "horizon_cap") o.horizonDrop = false;
    else if (w === "quantum") o.quantum = uint(v(), "fq", w);
    else if (w === "initial_quantum") o.initialQuantum = uint(v(), "fq", w);
    else if (w === "orphan_mask") o.orphanMask = uint(v(), "fq", w);
    else if (w === "refill_delay") o.refillDelay = v();
    else if (w === "pacing") o.pacing = true;
    else if (w === "nopacing") o.pacing = false;
    else throw what(w);
  }
  return Object.keys(o).length ? o : undefined;
}

function prio(a: string[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    if (w === "bands") o.bands = uint(next(a, i++, "prio", w), "prio", w);
    else if (w === "priomap") { const m: number[] = []; while (isNum(a[i + 1])) m.push(Number(a[++i])); o.priomap = m; }
    else throw what(w);
  }
  return o;
}

/** Options spec for `kind` from its words; undefined when tc would send no TCA_OPTIONS. */
export function parseQdiscArgs(kind: string, cls: "qdisc" | "class", a: string[]): unknown {
  switch (kind) {
    case "htb": return cls === "qdisc" ? htbQdisc(a) : htbClass(a);
    case "tbf": return tbf(a);
    case "pfifo": case "bfifo": case "pfifo_head_drop": case "pfifo_fast": return fifo(kind, a);
    case "netem": return parseNetem(a);
    case "fq_codel": return fqCodel(a);
    case "sfq": return sfq(a);
    case "prio": return prio(a);
    case "fq": return fq(a);
    case "ingress": case "clsact": case "mq": case "noqueue":
      if (a.length && !(a[0] === "handle")) throw what(a[0]!);
      return undefined;
    default:
      if (a.length) throw new CliError(`qdisc '${kind}' does not support option parsing\n`, 255, true);
      return undefined;
  }
}
