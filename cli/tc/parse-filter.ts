/**
 * Classifier and action arguments of `tc filter add ... KIND ARGS` into
 * nl.tc option specs, with tc 6.1's keywords: matchall here; the other
 * classifiers through their own parsers (u32 in parse-u32.ts, basic/cgroup,
 * bpf, flower, fw, route, flow); and actions
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
import { ActionExit, actionParseError } from "./action-parse-error.ts";
import { CliError } from "../errors.ts";
import { matches } from "../args.ts";
import { parseBpfArgs } from "./parse-bpf.ts";
import { parseBasicArgs } from "./parse-basic.ts";
import { parseFlowerArgs, type FlowerHead } from "./parse-flower.ts";
import { parseFwArgs } from "./parse-fw.ts";
import { classidWord } from "./parse-cls-words.ts";
import { parseRouteArgs, type LinkIndex } from "./parse-route.ts";
import { parseFlowArgs } from "./parse-flow.ts";
import { parseU32Args } from "./parse-u32.ts";

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

const VERDICT_WORDS = new Set(["continue", "drop", "shot", "pass", "ok", "reclassify", "pipe", "stolen", "trap"]);

/**
 * `action ...` words from a[i] (after "action"), until the next "action" or a classifier keyword; returns the specs.
 * With `index`, a mirred `dev NAME` is looked up as parse_mirred does (its "Cannot find device" fails the action there).
 */
export function parseActions(a: string[], i: { i: number }, at?: number[], index?: LinkIndex): Array<Record<string, unknown>> {
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
      if (index !== undefined && typeof spec.dev === "string") {
        const idx = index(spec.dev);
        if (idx === undefined) throw actionParseError(`Cannot find device "${spec.dev}"\n`, a.length - kindAt, "mirred");
        spec.ifindex = idx;
        delete spec.dev;
      }
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
 * protocol and parent (flower reads them); `index` looks links up as the words are read (route's fromif, mirred's dev).
 */
export function parseFilterArgs(kind: string, a: string[], handle: string | undefined, head: FlowerHead = { proto: 0x0003, parent: 0 }, index?: LinkIndex): { options?: unknown; handle?: number } {
  // mirred devices are looked up while the words are read, as tc does
  const acts = (x: string[], i: { i: number }): Array<Record<string, unknown>> => parseActions(x, i, undefined, index);
  if (kind === "fw") return parseFwArgs(a, handle, acts);
  if (kind === "route") return parseRouteArgs(a, handle, acts, index);
  if (kind === "flow") return parseFlowArgs(a, handle, acts);
  if (kind === "bpf") return parseBpfArgs(a, handle, acts);
  if (kind === "flower") return parseFlowerArgs(a, handle, head, acts);
  if (kind === "basic") return parseBasicArgs(a, handle, acts);
  if (kind === "cgroup") return parseBasicArgs(a, handle, acts, true);
  if (kind === "u32") return parseU32Args(a, handle, acts);
  const out: { options?: unknown; handle?: number } = {};
  if (kind === "matchall") {
    if (handle !== undefined) out.handle = num(handle, "handle");
    if (a.length === 0) return out;
    const o: Record<string, unknown> = {};
    const i = { i: 0 };
    while (i.i < a.length) {
      const w = a[i.i]!;
      if (matches(w, "classid") || w === "flowid") { o.classid = classidWord(a[++i.i]); i.i++; }
      else if (matches(w, "action")) { i.i++; o.actions = acts(a, i); }
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
