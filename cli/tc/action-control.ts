/**
 * An action's control verdict as tc 6.1 reads it (tc_util.c action_a2n and
 * __parse_action_control): a word that is a prefix of continue, drop, shot,
 * pass, ok, reclassify, pipe, goto, jump or trap (first match in that
 * order; a number too when allowed), "goto chain N" and "jump N" with N up
 * to TC_ACT_EXT_VAL_MASK. The verdict comes back in nl.tc's words
 * ("drop", "goto chain 42", "jump 10").
 */
import { matches } from "../args.ts";
import { strtoulWord } from "../../lib/format/names.ts";
import { actionIncomplete } from "./action-parse-error.ts";

const A2N: Array<[string, string]> = [
  ["continue", "continue"], ["drop", "drop"], ["shot", "drop"], ["pass", "pass"], ["ok", "pass"],
  ["reclassify", "reclassify"], ["pipe", "pipe"], ["goto", "goto"], ["jump", "jump"], ["trap", "trap"],
];
const EXT_VAL_MASK = 0x0fffffff;

/** get_u32(&v, word, 10): strtoul base 10 over the whole word, at most 2^32-1. */
export function getU32Dec(word: string): number | undefined {
  const n = strtoulWord(word, 10);
  return n === undefined || n > 0xffffffffn ? undefined : Number(n);
}

/** The verdict's name for action_a2n's word, or undefined (no prefix match, no number allowed). */
export function actionA2n(word: string, allowNum: boolean): string | number | undefined {
  const hit = A2N.find(([k]) => matches(word, k));
  if (hit) return hit[1];
  if (allowNum && /^[ \t]*[+-]?[0-9]+$/.test(word)) return Number(word);
  return undefined;
}

/** What __parse_action_control made of a[at...]: the verdict and the next word's index, or the message of its failure ("" when silent). */
export type ControlResult = { verdict: string | number; next: number } | { error: string };

/**
 * __parse_action_control at a[at]: `quiet` is parse_action_control_dflt's
 * ignore_a2n_miss (no "Bad action type" line). Running out of words after
 * goto/jump is incomplete_command (thrown).
 */
export function parseActionControl(a: string[], at: number, allowNum: boolean, quiet: boolean): ControlResult {
  const w = a[at];
  if (w === undefined) return { error: "" };
  const v = actionA2n(w, allowNum);
  if (v === undefined) return { error: quiet ? "" : `Bad action type ${w}\n` };
  let p = at;
  const next = () => { p++; if (p >= a.length) throw actionIncomplete(); return a[p]!; };
  let verdict = v;
  if (v === "goto") {
    if (!matches(next(), "chain")) return { error: '"chain index" expected\n' };
    const n = getU32Dec(next());
    if (n === undefined || n > EXT_VAL_MASK) return { error: 'Illegal "chain index"\n' };
    verdict = `goto chain ${n}`;
  } else if (v === "jump") {
    const word = next();
    const n = getU32Dec(word);
    if (n === undefined || n > EXT_VAL_MASK) return { error: `Invalid "jump count" (${word})\n` };
    verdict = `jump ${n}`;
  }
  return { verdict, next: p + 1 };
}
