/**
 * Classifier and action arguments of `tc filter add ... KIND ARGS` into
 * nl.tc option specs, with tc 6.1's keywords: u32 selectors (f_u32.c
 * parse_selector: u32/u16/u8 VAL MASK [at [nexthdr+]OFF], ip src/dst
 * PREFIX, ip sport/dport/protocol/tos VAL MASK, ip6 src/dst PREFIX;
 * keys at the same offset merge as pack_key does), flowid/classid,
 * divisor, link, ht, indev, skip_hw/skip_sw; matchall; the other
 * classifiers through their own parsers (basic/cgroup, bpf, flower, fw,
 * route, flow); and actions
 * (m_action.c parse_action: mirred (parse-mirred.ts), gact and its bare
 * verdicts (parse-gact.ts), police (parse-police.ts), skbedit
 * (parse-skbedit.ts)).
 */
import { parseActBpf } from "./parse-act-bpf.ts";
import { parseMirred } from "./parse-mirred.ts";
import { GACT_USAGE, parseGact } from "./parse-gact.ts";
import { parsePolice } from "./parse-police.ts";
import { parseSkbedit } from "./parse-skbedit.ts";
import { MORE_ACTION_PARSERS } from "./action-parsers.ts";
import { actionA2n } from "./action-control.ts";
import { ActionExit } from "./action-parse-error.ts";
import { parsePrefix, type Prefix } from "../../codecs/ip/index.ts";
import { CliError } from "../errors.ts";
import { matches } from "../args.ts";
import { parseBpfArgs } from "./parse-bpf.ts";
import { parseBasicArgs } from "./parse-basic.ts";
import { parseFlowerArgs, type FlowerHead } from "./parse-flower.ts";
import { parseFwArgs } from "./parse-fw.ts";
import { classidWord } from "./parse-cls-words.ts";
import { parseRouteArgs, type LinkIndex } from "./parse-route.ts";
import { parseFlowArgs } from "./parse-flow.ts";

/** f_u32.c explain(). */
const U32_EXPLAIN = "Usage: ... u32 [ match SELECTOR ... ] [ link HTID ] [ classid CLASSID ]\n" +
  "               [ action ACTION_SPEC ] [ offset OFFSET_SPEC ]\n" +
  "               [ ht HTID ] [ hashkey HASHKEY_SPEC ]\n" +
  "               [ sample SAMPLE ] [skip_hw | skip_sw]\n" +
  "or         u32 divisor DIVISOR\n" +
  "\n" +
  "Where: SELECTOR := SAMPLE SAMPLE ...\n" +
  "       SAMPLE := { ip | ip6 | udp | tcp | icmp | u{32|16|8} | mark }\n" +
  "                 SAMPLE_ARGS [ divisor DIVISOR ]\n" +
  "       FILTERID := X:Y:Z\n" +
  "\nNOTE: CLASSID is parsed at hexadecimal input.\n";

/** f_matchall.c explain(). */
const MATCHALL_EXPLAIN = "Usage: ... matchall [skip_sw | skip_hw]\n" +
  "                 [ action ACTION_SPEC ] [ classid CLASSID ]\n" +
  "\n" +
  "Where: SELECTOR := SAMPLE SAMPLE ...\n" +
  "       FILTERID := X:Y:Z\n" +
  "       ACTION_SPEC := ... look at individual actions\n" +
  "\n" +
  "NOTE: CLASSID is parsed as hexadecimal input.\n";

/** A classifier's parse_fopt failing on a word: `What is "W"?` (not for help) and its explain(); tc_filter_modify returns 1. */
function unknownWord(w: string, explain: string): CliError {
  return new CliError(`${w === "help" ? "" : `What is "${w}"?\n`}${explain}`, 1, false);
}

function bad(msg: string): CliError {
  return new CliError(`${msg}\n`, 255, true);
}
function num(v: string | undefined, what: string): number {
  if (v === undefined || !/^(0x[0-9a-f]+|\d+)$/i.test(v)) throw bad(`Illegal "${what}"`);
  return Number(v);
}

interface Key { val: number; mask: number; off: number; offmask: number }

/** pack_key: merge into a key at the same offset, or append (offsets must be multiples of 4). */
function pack(keys: Key[], val: number, mask: number, off: number, offmask: number): void {
  val = (val & mask) >>> 0;
  for (const k of keys) {
    if (k.off === off && k.offmask === offmask) {
      if (((val ^ k.val) & mask & k.mask) !== 0) throw bad("Illegal \"match\"");
      k.val = (k.val | val) >>> 0;
      k.mask = (k.mask | mask) >>> 0;
      return;
    }
  }
  if (off % 4) throw bad("Illegal \"match\"");
  keys.push({ val, mask: mask >>> 0, off, offmask });
}
function pack16(keys: Key[], val: number, mask: number, off: number, offmask: number): void {
  if (val > 0xffff || mask > 0xffff) throw bad("Illegal \"match\"");
  if ((off & 3) === 0) { val *= 0x10000; mask *= 0x10000; }
  pack(keys, val >>> 0, mask >>> 0, off & ~3, offmask);
}
function pack8(keys: Key[], val: number, mask: number, off: number, offmask: number): void {
  if (val > 0xff || mask > 0xff) throw bad("Illegal \"match\"");
  const shift = [24, 16, 8, 0][off & 3]!;
  pack(keys, (val * 2 ** shift) >>> 0, (mask * 2 ** shift) >>> 0, off & ~3, offmask);
}

function prefix(v: string | undefined): Prefix {
  try {
    return parsePrefix(v ?? "", "match");
  } catch {
    throw bad('Illegal "match"');
  }
}

function at(a: string[], i: { i: number }, off: number): [number, number] {
  if (a[i.i + 1] !== "at") return [off, 0];
  i.i += 2;
  const w = a[i.i];
  if (w === undefined) throw bad('Illegal "at"');
  if (w.startsWith("nexthdr+")) return [num(w.slice(8), "at"), -1];
  return [num(w, "at"), 0];
}

/** One `match ...` selector at a[i.i] (the word after "match"). */
function selector(a: string[], i: { i: number }, keys: Key[]): void {
  const w = a[i.i];
  const v = () => a[++i.i];
  if (w === "u32" || w === "u16" || w === "u8") {
    const val = num(v(), "match"), mask = num(v(), "match");
    const [off, om] = at(a, i, 0);
    (w === "u32" ? pack : w === "u16" ? pack16 : pack8)(keys, val, mask, off, om);
  } else if (w === "ip") {
    const f = v();
    if (f === "src" || f === "dst") {
      const p = prefix(v());
      const [off, om] = at(a, i, f === "src" ? 12 : 16);
      const b = p.bytes;
      const mask = p.prefixLen === 0 ? 0 : (0xffffffff << (32 - p.prefixLen)) >>> 0;
      pack(keys, ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0, mask, off, om);
    } else if (f === "sport" || f === "dport") {
      const val = num(v(), "match"), mask = num(v(), "match");
      const [off, om] = at(a, i, f === "sport" ? 20 : 22);
      pack16(keys, val, mask, off, om);
    } else if (f === "protocol" || f === "tos" || f === "dsfield" || f === "ihl") {
      const val = num(v(), "match"), mask = num(v(), "match");
      const [off, om] = at(a, i, f === "protocol" ? 9 : f === "ihl" ? 0 : 1);
      pack8(keys, val, mask, off, om);
    } else throw bad('Illegal "match"');
  } else if (w === "ip6") {
    const f = v();
    if (f !== "src" && f !== "dst") throw bad('Illegal "match"');
    const p = prefix(v());
    const [off, om] = at(a, i, f === "src" ? 8 : 24);
    const b = p.bytes;
    for (let bit = 0; bit < p.prefixLen; bit += 32) {
      const j = bit / 32;
      const word = ((b[4 * j]! << 24) | (b[4 * j + 1]! << 16) | (b[4 * j + 2]! << 8) | b[4 * j + 3]!) >>> 0;
      const mask = bit + 31 < p.prefixLen ? 0xffffffff : (0xffffffff << (32 - (p.prefixLen - bit))) >>> 0;
      pack(keys, word, mask, off + 4 * j, om);
    }
  } else throw bad('Illegal "match"');
}

/** u32 handle text "800:", "800::800", "1:2:3" (get_u32_handle). */
export function parseU32Handle(s: string): number {
  const parts = s.split(":");
  if (parts.length > 3) throw bad("Illegal filter ID");
  const [ht = "", hash = "", node = ""] = parts;
  const x = (t: string, max: number) => { if (t === "") return 0; const n = Number.parseInt(t, 16); if (!/^[0-9a-f]+$/i.test(t) || n > max) throw bad("Illegal filter ID"); return n; };
  if (parts.length === 1) return x(ht, 0xffffffff);
  return ((x(ht, 0xfff) << 20) | (x(hash, 0xff) << 12) | x(node, 0xfff)) >>> 0;
}

const VERDICT_WORDS = new Set(["continue", "drop", "shot", "pass", "ok", "reclassify", "pipe", "stolen", "trap"]);

/** `action ...` words from a[i] (after "action"), until the next "action" or a classifier keyword; returns the specs. */
export function parseActions(a: string[], i: { i: number }, at?: number[]): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  let cookie: string | undefined; // m_action.c never resets act_ck_len: a cookie carries on to the later actions
  while (i.i < a.length) {
    const w = a[i.i]!;
    if (w === "action" || w === "actions") { i.i++; continue; }
    if (w === "flowid" || w === "classid") break;
    // m_action.c: a word action_a2n knows (a prefix of a verdict) is a gact action
    const bare = actionA2n(w, false) !== undefined;
    const kind = bare ? "gact" : w;
    const kindAt = i.i;
    if (!bare) i.i++;
    const spec: Record<string, unknown> = { kind };
    at?.push(kindAt);
    const v = () => { const x = a[i.i++]; if (x === undefined) throw bad('Command line is not complete. Try option "help"'); return x; };
    if (kind === "mirred") {
      parseMirred(a, i, spec);
    } else if (kind === "gact") {
      parseGact(a, i, spec, kindAt);
    } else if (kind === "police") {
      parsePolice(a, i, spec);
    } else if (kind === "skbedit") {
      parseSkbedit(a, i, spec);
    } else if (MORE_ACTION_PARSERS.has(kind)) {
      MORE_ACTION_PARSERS.get(kind)!(a, i, spec);
    } else if (kind === "bpf") {
      parseActBpf(a, i, spec);
      if (VERDICT_WORDS.has(a[i.i] ?? "")) spec.verdict = normVerdict(v());
      if (a[i.i] !== undefined && matches(a[i.i]!, "index")) { i.i++; spec.index = num(a[i.i++], "index"); }
    } else {
      // m_action.c hands an unknown kind to gact, whose parse_action_control refuses it: gact's usage(), exit(-1)
      throw new ActionExit(`Bad action type ${kind}\n${GACT_USAGE}`, 255, true);
    }
    // m_action.c parse_action: cookie, hw_stats, no_percpu, then skip_sw/skip_hw in either order.
    if (a[i.i] === "cookie") {
      i.i++;
      const ck = v();
      // invarg: exit(-1) at once, without parse_action's lines
      if (ck.length > 32) throw new ActionExit(`Error: argument "${ck}" is wrong: ${ck.length} Max allowed size 32\n`, 255, true);
      if (ck.length % 2 || !/^[0-9a-f]*$/i.test(ck)) throw new ActionExit(`Error: argument "${ck}" is wrong: cookie must be a hex string\n\n`, 255, true);
      cookie = ck;
    }
    if (cookie !== undefined) spec.cookie = cookie;
    if (a[i.i] !== undefined && matches(a[i.i]!, "hw_stats")) {
      i.i++;
      const h = v();
      const name = ["immediate", "delayed", "disabled"].find((n) => matches(h, n));
      if (name === undefined) throw bad(`Error: argument "${h}" is wrong: value is invalid\n`);
      spec.hwStats = [name];
    }
    if (a[i.i] === "no_percpu") { i.i++; spec.noPercpu = true; }
    for (let k = 0; k < 2; k++) {
      if (a[i.i] === "skip_sw") { i.i++; spec.skipSw = true; }
      else if (a[i.i] === "skip_hw") { i.i++; spec.skipHw = true; }
    }
    out.push(spec);
  }
  return out;
}

function normVerdict(w: string): string {
  return w === "shot" ? "drop" : w === "ok" ? "pass" : w;
}

/**
 * Options spec of a classifier from its words; `handle` is the filter's `handle` word when given; `head` the request's
 * protocol and parent (flower reads them); `index` looks links up as the words are read (route's fromif).
 */
export function parseFilterArgs(kind: string, a: string[], handle: string | undefined, head: FlowerHead = { proto: 0x0003, parent: 0 }, index?: LinkIndex): { options?: unknown; handle?: number } {
  if (kind === "fw") return parseFwArgs(a, handle, parseActions);
  if (kind === "route") return parseRouteArgs(a, handle, parseActions, index);
  if (kind === "flow") return parseFlowArgs(a, handle, parseActions);
  if (kind === "bpf") return parseBpfArgs(a, handle, parseActions);
  if (kind === "flower") return parseFlowerArgs(a, handle, head, parseActions);
  if (kind === "basic") return parseBasicArgs(a, handle, parseActions);
  if (kind === "cgroup") return parseBasicArgs(a, handle, parseActions, true);
  const out: { options?: unknown; handle?: number } = {};
  if (kind === "u32") {
    if (handle !== undefined) out.handle = parseU32Handle(handle);
    if (a.length === 0) return out;
    const o: Record<string, unknown> = {};
    const keys: Key[] = [];
    let sel = false;
    const i = { i: 0 };
    while (i.i < a.length) {
      const w = a[i.i]!;
      if (matches(w, "match")) { i.i++; selector(a, i, keys); sel = true; i.i++; }
      else if (matches(w, "classid") || w === "flowid") { o.classid = classidWord(a[++i.i]); i.i++; } // get_tc_classid, 'Illegal "classid"'
      else if (matches(w, "divisor")) { o.divisor = num(a[++i.i], "divisor"); i.i++; }
      else if (matches(w, "link")) { o.link = parseU32Handle(a[++i.i] ?? ""); i.i++; }
      else if (w === "ht") { o.hash = parseU32Handle(a[++i.i] ?? ""); i.i++; }
      else if (w === "indev") { o.indev = a[++i.i]; i.i++; }
      else if (matches(w, "order")) { out.handle = ((out.handle ?? 0) | num(a[++i.i], "order")) >>> 0; i.i++; }
      else if (matches(w, "action")) { i.i++; o.actions = parseActions(a, i); }
      else if (w === "skip_hw") { o.skipHw = true; i.i++; }
      else if (w === "skip_sw") { o.skipSw = true; i.i++; }
      else throw unknownWord(w, U32_EXPLAIN);
    }
    if (sel) o.sel = { keys };
    out.options = o;
    return out;
  }
  if (kind === "matchall") {
    if (handle !== undefined) out.handle = num(handle, "handle");
    if (a.length === 0) return out;
    const o: Record<string, unknown> = {};
    const i = { i: 0 };
    while (i.i < a.length) {
      const w = a[i.i]!;
      if (matches(w, "classid") || w === "flowid") { o.classid = classidWord(a[++i.i]); i.i++; }
      else if (matches(w, "action")) { i.i++; o.actions = parseActions(a, i); }
      else if (w === "skip_hw") { o.skipHw = true; i.i++; }
      else if (w === "skip_sw") { o.skipSw = true; i.i++; }
      else throw unknownWord(w, MATCHALL_EXPLAIN);
    }
    out.options = o;
    return out;
  }
  if (a.length) throw bad(`Unknown filter "${kind}", hence option "${a[0]}" is unparsable`);
  return out;
}
