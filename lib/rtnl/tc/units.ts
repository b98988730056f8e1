/**
 * tc's units and the kernel's rate tables, as iproute2 6.1 computes them
 * (facts from lib/utils_math.c get_rate64/get_size, lib/utils.c get_time
 * and print_time, lib/json_print.c print_color_rate, lib/json_print_math.c
 * sprint_size, tc/tc_core.c tc_calc_rtable/tc_calc_xmittime/xmitsize):
 *
 * - rates are bytes per second ("1mbit" = 125000), as tc -j prints them;
 * - sizes are bytes ("32kb" = 32768);
 * - times are microseconds ("400ms" = 400000), tc's TIME_UNITS_PER_SEC;
 * - ticks are psched ticks: /proc/net/psched gives t2us, us2t and the clock
 *   resolution; with a 1 GHz clock tc uses one tick per nanosecond.
 *
 * Numbers are accepted as they are; strings with tc's suffixes are parsed
 * as tc parses them. Errors are TypeError/RangeError naming the field.
 */
import { readFileSync } from "node:fs";
import { HOST_LE } from "../../../codecs/core/align.ts";
import { fmtG } from "../../format/c-printf.ts";

const RATE_SUFFIXES: ReadonlyArray<[string, number]> = [
  ["bit", 1], ["kibit", 1024], ["kbit", 1000], ["mibit", 1024 ** 2], ["mbit", 1e6], ["gibit", 1024 ** 3], ["gbit", 1e9],
  ["tibit", 1024 ** 4], ["tbit", 1e12], ["bps", 8], ["kibps", 8 * 1024], ["kbps", 8000], ["mibps", 8 * 1024 ** 2], ["mbps", 8e6],
  ["gibps", 8 * 1024 ** 3], ["gbps", 8e9], ["tibps", 8 * 1024 ** 4], ["tbps", 8e12],
];

/** A rate: bytes per second, or a tc string ("1mbit", "10Mbps", "1000000bit"). */
export type Rate = number | string;
/** A size: bytes, or a tc string ("32kb", "1500", "1mb"). */
export type Size = number | string;
/** A time: microseconds, or a tc string ("400ms", "1s", "50us"). */
export type Time = number | string;

/** The leading number of `s` as strtod reads it, and the rest; undefined when none. */
function strtod(s: string): [number, string] | undefined {
  const m = /^\s*([+-]?(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?|nan))/i.exec(s);
  if (m === null) return undefined;
  return [Number(m[1]!.toLowerCase().startsWith("0x") ? Number.parseInt(m[1]!, 16) : m[1]!.replace(/^inf(inity)?$/i, "Infinity")), s.slice(m[0].length)];
}

/** Parse a rate as tc's get_rate64 (bytes per second); undefined when tc would refuse it. */
export function parseRateString(s: string): number | undefined {
  const r = strtod(s);
  if (r === undefined) return undefined;
  let [bps, rest] = r;
  if (rest !== "") {
    const suf = RATE_SUFFIXES.find(([n]) => n === rest.toLowerCase());
    if (suf === undefined) return undefined;
    bps *= suf[1];
  }
  const v = Math.trunc(bps / 8);
  return Number.isFinite(v) && v >= 0 ? v : undefined;
}

/** Parse a size as tc's get_size (bytes); undefined when tc would refuse it. */
export function parseSizeString(s: string): number | undefined {
  const r = strtod(s);
  if (r === undefined) return undefined;
  let [sz, rest] = r;
  const p = rest.toLowerCase();
  if (p !== "") {
    const scale: Record<string, number> = { kb: 1024, k: 1024, gb: 1024 ** 3, g: 1024 ** 3, gbit: 1024 ** 3 / 8, mb: 1024 ** 2, m: 1024 ** 2, mbit: 1024 ** 2 / 8, kbit: 1024 / 8, b: 1 };
    if (scale[p] === undefined) return undefined;
    sz *= scale[p]!;
  }
  const v = Math.trunc(sz);
  if (!Number.isFinite(v) || v < 0 || v > 0xffffffff || v !== Math.floor(sz)) return undefined;
  return v;
}

/** Parse a time as tc's get_time (microseconds); undefined when tc would refuse it. */
export function parseTimeString(s: string): number | undefined {
  const r = strtod(s);
  if (r === undefined) return undefined;
  let [t, rest] = r;
  const p = rest.toLowerCase();
  if (p !== "") {
    if (p === "s" || p === "sec" || p === "secs") t *= 1e6;
    else if (p === "ms" || p === "msec" || p === "msecs") t *= 1e3;
    else if (p !== "us" && p !== "usec" && p !== "usecs") return undefined;
  }
  const v = Math.trunc(t);
  return Number.isFinite(v) && v >= 0 && v <= 0xffffffff ? v : undefined;
}

/** Parse a time as tc's get_time64 (nanoseconds, s/ms/us/ns suffixes); undefined when tc would refuse it. */
export function parseTime64String(s: string): number | undefined {
  const r = strtod(s);
  if (r === undefined) return undefined;
  let [t, rest] = r;
  const p = rest.toLowerCase();
  if (p !== "") {
    if (p === "s" || p === "sec" || p === "secs") t *= 1e9;
    else if (p === "ms" || p === "msec" || p === "msecs") t *= 1e6;
    else if (p === "us" || p === "usec" || p === "usecs") t *= 1e3;
    else if (p !== "ns" && p !== "nsec" && p !== "nsecs") return undefined;
  }
  const v = Math.trunc(t);
  return Number.isSafeInteger(v) ? v : undefined;
}

/** sprint_time64: "%.3gs", "%.3gms", "%.3gus" or "Nns" (nanoseconds in). */
export function formatTime64(ns: number): string {
  if (ns >= 1e9) return `${fmtG(ns / 1e9, 3)}s`;
  if (ns >= 1e6) return `${fmtG(ns / 1e6, 3)}ms`;
  if (ns >= 1e3) return `${fmtG(ns / 1e3, 3)}us`;
  return `${ns}ns`;
}

function parsed(v: unknown, field: string, what: string, max: number, parse: (s: string) => number | undefined, example: string): number {
  if (typeof v === "number") {
    if (!Number.isInteger(v) || v < 0 || v > max) throw new RangeError(`${field}: ${v} is not a valid ${what} (0..${max})`);
    return v;
  }
  if (typeof v === "string") {
    const n = parse(v);
    if (n === undefined || n > max) throw new TypeError(`${field}: ${JSON.stringify(v)} is not a valid ${what} (e.g. ${example})`);
    return n;
  }
  throw new TypeError(`${field}: expected a ${what} as a number or a string like ${example}, got ${v === null ? "null" : typeof v}`);
}

/** A rate in bytes per second from a number or a tc string. */
export function toRate(v: unknown, field: string): number {
  return parsed(v, field, "rate", Number.MAX_SAFE_INTEGER, parseRateString, '"1mbit"');
}
/** A size in bytes from a number or a tc string. */
export function toSize(v: unknown, field: string): number {
  return parsed(v, field, "size", 0xffffffff, parseSizeString, '"32kb"');
}
/** A time in nanoseconds (0..2^63) from a number or a tc get_time64 string. */
export function toTime64(v: unknown, field: string): number {
  return parsed(v, field, "time", Number.MAX_SAFE_INTEGER, (x) => { const n = parseTime64String(x); return n === undefined || n < 0 ? undefined : n; }, '"10ms"');
}
/** A time in microseconds from a number or a tc string. */
export function toTime(v: unknown, field: string): number {
  return parsed(v, field, "time", 0xffffffff, parseTimeString, '"400ms"');
}

/** print_rate: bytes/s as tc prints it in text ("1Mbit", "1500Kbit", "800bit"). */
export function formatRate(bytesPerSec: number | bigint, iec = false): string {
  let rate = BigInt(bytesPerSec) * 8n;
  const kilo = iec ? 1024n : 1000n;
  const units = ["", "K", "M", "G", "T"];
  let i = 0;
  for (; i < units.length - 1; i++) {
    if (rate < kilo) break;
    if (rate % kilo !== 0n && rate < 1000n * kilo) break;
    rate /= kilo;
  }
  return `${rate}${units[i]}${i > 0 && iec ? "i" : ""}bit`;
}

/** C's "%g" (lib/format/c-printf.ts), which tc's printers use through this module. */
export { fmtG };

/** sprint_size: "1600b", "32Kb", "2Mb". */
export function formatSize(sz: number): string {
  const kilo = 1024, mega = 1024 * 1024;
  sz = Math.trunc(sz) >>> 0;
  const rint = (x: number) => { const r = Math.round(x); return Math.abs(x % 1) === 0.5 ? (r % 2 === 0 ? r : r - 1) : r; };
  if (sz >= mega && Math.abs(mega * rint(sz / mega) - sz) < 1024) return `${fmtG(rint(sz / mega))}Mb`;
  if (sz >= kilo && Math.abs(kilo * rint(sz / kilo) - sz) < 16) return `${fmtG(rint(sz / kilo))}Kb`;
  return `${sz}b`;
}

/** print_time: "400ms", "1s", "50us" (microseconds in). */
export function formatTime(us: number): string {
  // sprint_time takes a __u32: a larger value (tbf's latency of a huge burst at a low rate) arrives
  // reduced modulo 2^32, as x86-64 converts the double
  const t = Math.trunc(us) >>> 0;
  if (t >= 1e6) return `${fmtG(t / 1e6, 3)}s`;
  if (t >= 1e3) return `${fmtG(t / 1e3, 3)}ms`;
  return `${t}us`;
}

/** The psched clock parameters tc reads from /proc/net/psched (tc_core_init). */
export interface Psched {
  /** Ticks per microsecond (tick_in_usec). */
  tickInUsec: number;
  /** Kernel clock factor (clock_res / 1e6). */
  clockFactor: number;
  /** HZ as get_hz() reports it. */
  hz: number;
}

let psched: Psched | undefined;
/** Read /proc/net/psched once, as tc_core_init and get_hz do; tc's defaults when unreadable. */
export function getPsched(): Psched {
  if (psched !== undefined) return psched;
  let t2us = 1, us2t = 1, res = 1e6, hz = 100;
  try {
    const f = readFileSync("/proc/net/psched", "utf8").trim().split(/\s+/).map((x) => Number.parseInt(x, 16));
    [t2us, us2t, res] = [f[0]!, f[1]!, f[2]!];
    if (f[2] === 1e6) hz = f[3]!;
    if (res === 1e9) t2us = us2t;
  } catch { /* tc's defaults */ }
  const clockFactor = res / 1e6;
  psched = { tickInUsec: (t2us / us2t) * clockFactor, clockFactor, hz: Number(process.env.HZ) || hz };
  return psched;
}

/** tc_core_time2tick. */
export function time2tick(us: number): number {
  return Math.trunc((us >>> 0) * getPsched().tickInUsec) >>> 0;
}
/** tc_core_tick2time. */
export function tick2time(tick: number): number {
  return Math.trunc(tick / getPsched().tickInUsec) >>> 0;
}
/** tc_calc_xmittime: ticks to send `size` bytes at `rate` bytes/s. */
export function xmittime(rate: number, size: number): number {
  return time2tick(Math.trunc(1e6 * (size / rate)) >>> 0);
}
/** tc_calc_xmitsize: bytes sent in `ticks` at `rate` bytes/s. */
export function xmitsize(rate: number, ticks: number): number {
  return Math.trunc((rate * tick2time(ticks)) / 1e6) >>> 0;
}

/** Link layers tc knows (tc_link_layer). */
export type LinkLayer = "ethernet" | "atm";

/**
 * tc_calc_rtable: the 256-entry rate table (ticks per size cell) and the
 * cell_log it used; `cellLog` < 0 picks the smallest that covers `mtu`.
 */
export function calcRtable(rate: number, mpu: number, cellLog: number, mtu: number, linklayer: LinkLayer): { table: Uint8Array; cellLog: number } {
  if (mtu === 0) mtu = 2047;
  if (cellLog < 0) {
    cellLog = 0;
    while ((mtu >> cellLog) > 255) cellLog++;
  }
  const out = new Uint8Array(1024);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < 256; i++) {
    let sz = ((i + 1) << cellLog) >>> 0; // tc's unsigned int sz
    if (sz < mpu) sz = mpu;
    if (linklayer === "atm") sz = (Math.ceil(sz / 48) * 53) >>> 0;
    dv.setUint32(i * 4, xmittime(rate, sz), HOST_LE);
  }
  return { table: out, cellLog };
}
