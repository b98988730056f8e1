/**
 * `action police ...` as tc 6.1 parses it (m_police.c act_parse_police):
 * index, burst/buffer/maxburst, mtu/minburst, mpu, rate, avrate, peakrate,
 * a verdict (reclassify, drop, shot, continue, pass, ok, pipe, goto chain
 * N), conform-exceed EXCEED[/CONFORM] (one word, or "A / B" with spaces),
 * overhead, linklayer, pkts_rate, pkts_burst; the first other word ends the
 * police words (parse_action reads cookie, hw_stats, skip_hw ... after
 * them). A bad value is invarg (exit 255); the checks after the loop fail
 * as parse_action reports them.
 */
import { getInteger, matches } from "../args.ts";
import { duparg, invarg } from "../errors.ts";
import { strtoulWord } from "../../lib/format/names.ts";
import { parseRateString, parseSizeString } from "../../lib/rtnl/tc/units.ts";
import { actionA2n, getU32Dec, parseActionControl } from "./action-control.ts";
import { ActionExit, actionIncomplete } from "./action-parse-error.ts";
import { actionWords } from "./action-words.ts";

/** m_police.c usage(). */
export const POLICE_USAGE = "Usage: ... police [ rate BPS burst BYTES[/BYTES] ] \n" +
  "\t\t[ pkts_rate RATE pkts_burst PACKETS ] [ mtu BYTES[/BYTES] ]\n" +
  "\t\t[ peakrate BPS ] [ avrate BPS ] [ overhead BYTES ]\n" +
  "\t\t[ linklayer TYPE ] [ CONTROL ]\n" +
  "Where: CONTROL := conform-exceed <EXCEEDACT>[/NOTEXCEEDACT]\n" +
  "\t\t  Define how to handle packets which exceed (<EXCEEDACT>)\n" +
  "\t\t  or conform (<NOTEXCEEDACT>) the configured bandwidth limit.\n" +
  "       EXCEEDACT/NOTEXCEEDACT := { pipe | ok | reclassify | drop | continue |\n" +
  "\t\t\t\t   goto chain <CHAIN_INDEX> }\n";

const CONTROL_WORDS = ["reclassify", "drop", "shot", "continue", "pass", "ok", "pipe", "goto"];
const exit = (e: Error) => new ActionExit(e.message, 255, true);

/** The words of a police action from a[i.i] (after the word "police") into `spec`; i.i ends at the first word police does not take. */
export function parsePolice(a: string[], i: { i: number }, spec: Record<string, unknown>): void {
  const c = actionWords(a, i, i.i - 1, "fail");
  const { fail, next } = c;
  const once = (key: string, name: string, v: string) => { if (spec[key] !== undefined) throw exit(duparg(name, v)); };
  // get_size_and_cell: SIZE[/CELL], CELL a power of two (get_integer); tc shows the word cut at the slash unless only the power failed
  const size = (key: string, name: string, dup: string) => {
    const v = next();
    once(key, dup, v);
    const slash = v.indexOf("/");
    const sz = slash < 0 ? v : v.slice(0, slash);
    if (parseSizeString(sz) === undefined) throw exit(invarg(name, sz));
    if (slash >= 0) {
      const cell = getInteger(v.slice(slash + 1));
      if (cell === undefined) throw exit(invarg(name, sz));
      const log = [...Array(32).keys()].find((l) => (1 << l) === cell);
      if (log === undefined) throw exit(invarg(name, v));
      spec[`${key}Cell`] = 2 ** log;
    }
    spec[key] = sz;
  };
  const rate = (key: string, name: string) => {
    const v = next();
    once(key, name, v);
    if (parseRateString(v) === undefined) throw exit(invarg(name, v));
    spec[key] = v;
  };
  const u64 = (key: string, name: string) => {
    const v = next();
    once(key, name, v);
    const n = strtoulWord(v, 10);
    if (n === undefined) throw exit(invarg(name, v));
    spec[key] = Number(n);
  };
  let ok = 0;
  while (!c.done()) {
    const w = c.peek()!;
    if (matches(w, "index")) {
      const v = next();
      const n = getU32Dec(v);
      if (n === undefined) throw exit(invarg("index", v));
      spec.index = n;
    } else if (matches(w, "burst") || w === "buffer" || w === "maxburst") size("burst", "buffer", "buffer/burst");
    else if (w === "mtu" || w === "minburst") size("mtu", "mtu", "mtu/minburst");
    else if (w === "mpu") {
      const v = next();
      once("mpu", "mpu", v);
      const n = parseSizeString(v);
      if (n === undefined) throw exit(invarg("mpu", v));
      spec.mpu = n;
    } else if (w === "rate") rate("rate", "rate");
    else if (w === "avrate") rate("avrate", "avrate");
    else if (matches(w, "peakrate")) rate("peakrate", "peakrate");
    else if (CONTROL_WORDS.some((k) => matches(w, k))) {
      const r = parseActionControl(a, c.p, false, false);
      if ("error" in r) throw fail(r.error);
      spec.exceed = r.verdict;
      c.p = r.next;
      ok++;
      continue;
    } else if (w === "conform-exceed") {
      next();
      c.p = conformExceed(a, c.p, spec, fail);
      ok++;
      continue;
    } else if (matches(w, "overhead")) {
      const v = next();
      const n = strtoulWord(v, 10);
      if (n === undefined || n > 0xffffn) throw exit(invarg("overhead", v));
      spec.overhead = Number(n);
    } else if (matches(w, "linklayer")) {
      const v = next();
      if (matches(v, "ethernet")) spec.linklayer = "ethernet";
      else if (matches(v, "atm") || matches(v, "adsl")) spec.linklayer = "atm";
      else throw exit(invarg("linklayer", v));
    } else if (matches(w, "pkts_rate")) u64("pktsRate", "pkts_rate");
    else if (matches(w, "pkts_burst")) u64("pktsBurst", "pkts_burst");
    else if (w === "help") throw new ActionExit(POLICE_USAGE, 255, true);
    else break;
    c.p++;
    ok++;
  }
  if (!ok) throw fail("");
  if (spec.rate !== undefined && spec.avrate !== undefined) throw fail("");
  if (spec.rate === undefined && spec.avrate === undefined && !spec.index && spec.mtu === undefined && !spec.pktsRate) {
    throw fail("'rate' or 'avrate' or 'mtu' or 'pkts_rate' MUST be specified.\n");
  }
  if (spec.rate !== undefined && spec.burst === undefined && spec.avrate === undefined) throw fail("'burst' requires 'rate'.\n");
  if (spec.pktsRate && !spec.pktsBurst) throw fail("'pkts_burst' requires 'pkts_rate'.\n");
  if (spec.pktsRate && spec.rate !== undefined) throw fail("'rate' and 'pkts_rate' are not allowed in same action.\n");
  if (spec.peakrate !== undefined) {
    if (spec.rate === undefined) throw fail("'peakrate' requires 'rate'.\n");
    if (spec.mtu === undefined) throw fail("'mtu' is required, if 'peakrate' is requested.\n");
  }
  c.end(i);
}

/** parse_action_control_slash(allow_num) at a[p]: EXCEED/CONFORM in one word, or EXCEED [/ CONFORM] with spaces; returns the next index. */
function conformExceed(a: string[], p: number, spec: Record<string, unknown>, fail: (m: string) => Error): number {
  const w = a[p]!;
  const slash = w.indexOf("/");
  if (slash >= 0) {
    // action_a2n alone: goto and jump without their number (chain 0, jump 0)
    const bare = (v: string | number | undefined) => (v === "goto" ? "goto chain 0" : v === "jump" ? "jump 0" : v);
    const e = bare(actionA2n(w.slice(0, slash), true)), c = bare(actionA2n(w.slice(slash + 1), true));
    if (e === undefined || c === undefined) throw fail("");
    spec.exceed = e;
    spec.conform = c;
    return p + 1;
  }
  const first = parseActionControl(a, p, true, false);
  if ("error" in first) throw fail(first.error);
  spec.exceed = first.verdict;
  p = first.next;
  if (a[p] === "/") {
    p++;
    if (p >= a.length) throw actionIncomplete();
    const second = parseActionControl(a, p, true, false);
    if ("error" in second) throw fail(second.error);
    spec.conform = second.verdict;
    p = second.next;
  }
  return p;
}
