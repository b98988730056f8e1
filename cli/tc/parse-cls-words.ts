/**
 * Words the fw, route and flow classifiers share, read as tc 6.1 reads
 * them inside a classifier's parse_fopt: a classid (get_tc_classid, codecs/tc/tables.ts),
 * `police ...` through parse_police (m_police.c with a NULL action: a
 * failure prints its reason and the classifier's `Illegal "police"`,
 * return -1, exit 1) and `action ...` through parse_action (the
 * classifier names itself in its `Illegal ... "action"` line).
 */
import { CliError, incomplete } from "../errors.ts";
import { formatClassid, parseClassid } from "../../codecs/tc/tables.ts";
import { ActionParseError } from "./action-parse-error.ts";
import { parsePolice } from "./parse-police.ts";

/** parseActions of parse-filter.ts (passed in: parse-filter.ts imports the classifiers). */
export type ActionsParser = (a: string[], i: { i: number }) => Array<Record<string, unknown>>;

/** A classifier's parse_fopt returning -1 after printing `msg`: tc_filter_modify fails, exit 1. */
export function clsFail(msg: string): CliError {
  return new CliError(msg.endsWith("\n") ? msg : `${msg}\n`, 1, false);
}

/** A classid word as nl.tc takes it ("1:10"), or the classifier's `Illegal "WHAT"`. */
export function classidWord(v: string | undefined, what = "classid"): string {
  if (v === undefined) throw incomplete();
  const n = parseClassid(v); // get_tc_classid
  if (n === undefined) throw clsFail(`Illegal "${what}"`);
  return formatClassid(n);
}

const ACTION_TAIL = /bad action parsing\nparse_action: bad value \(\d+:police\)!\nIllegal "action"\n$/;

/** `police ...` at a[i.i] (the word after "police"): the policer's spec (no kind); i.i ends at the first word police does not take. */
export function filterPolice(a: string[], i: { i: number }): Record<string, unknown> {
  if (i.i >= a.length) throw incomplete();
  const spec: Record<string, unknown> = {};
  try {
    parsePolice(a, i, spec);
  } catch (e) {
    // act_parse_police(NULL, ...) returns -1 to the classifier, not to parse_action
    if (e instanceof ActionParseError && ACTION_TAIL.test(e.message)) throw clsFail(`${e.message.replace(ACTION_TAIL, "")}Illegal "police"`);
    throw e;
  }
  return spec;
}

/** `action ...` at a[i.i] (the word after "action"); `illegal` is the classifier's line when parse_action fails. */
export function filterActions(a: string[], i: { i: number }, parseActions: ActionsParser, illegal = 'Illegal "action"'): Array<Record<string, unknown>> {
  if (i.i >= a.length) throw incomplete();
  // parse_action returns -1 at once on "help" (no action parsed)
  if (a[i.i] === "help") throw clsFail(illegal);
  try {
    return parseActions(a, i);
  } catch (e) {
    if (e instanceof ActionParseError && e.message.endsWith('Illegal "action"\n')) throw new ActionParseError(`${e.message.slice(0, -'Illegal "action"\n'.length)}${illegal}\n`, e.code, e.fatal);
    throw e;
  }
}
