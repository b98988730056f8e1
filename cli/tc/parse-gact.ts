/**
 * `action gact ...` and a bare verdict (`action drop`) as tc 6.1 parses them
 * (m_gact.c parse_gact with CONFIG_GACT_PROB): a control verdict
 * (action-control.ts: prefixes, goto chain N, jump N), then `random
 * netrand|determ VERDICT VAL` (VAL up to 10000) and `index N`; `index N`
 * alone binds an existing action. A verdict tc does not know ends with
 * gact's usage (exit 255); the other failures as parse_action reports them.
 */
import { matches } from "../args.ts";
import { strtoulWord } from "../../lib/format/names.ts";
import { getU32Dec, parseActionControl } from "./action-control.ts";
import { ActionExit, actionIncomplete, actionParseError } from "./action-parse-error.ts";

/** m_gact.c explain() (CONFIG_GACT_PROB). */
export const GACT_USAGE = "Usage: ... gact <ACTION> [RAND] [INDEX]\n" +
  "Where: \tACTION := reclassify | drop | continue | pass | pipe |\n" +
  "       \t          goto chain <CHAIN_INDEX> | jump <JUMP_COUNT>\n" +
  "\tRAND := random <RANDTYPE> <ACTION> <VAL>\n" +
  "\tRANDTYPE := netrand | determ\n" +
  "\tVAL : = value not exceeding 10000\n" +
  "\tJUMP_COUNT := Absolute jump from start of action list\n" +
  "\tINDEX := index value used\n" +
  "\n";

/** The words of a gact action from a[i.i] (the verdict, or `index`; after the word "gact" if given) into `spec`; `kindAt` is the word parse_action saw (gact or the verdict). */
export function parseGact(a: string[], i: { i: number }, spec: Record<string, unknown>, kindAt: number): void {
  const fail = (msg: string) => actionParseError(msg, a.length - kindAt, a[kindAt]!);
  const usage = (msg = "") => new ActionExit(msg + GACT_USAGE, 255, true);
  let p = i.i;
  const next = () => { p++; if (p >= a.length) throw actionIncomplete(); return a[p]!; };
  if (p >= a.length) throw actionIncomplete();
  if (!matches(a[p]!, "index")) {
    const c = parseActionControl(a, p, false, false);
    if ("error" in c) throw usage(c.error);
    spec.verdict = c.verdict;
    p = c.next;
    if (p < a.length && matches(a[p]!, "random")) {
      const t = next();
      let type: string;
      if (matches(t, "netrand")) type = "netrand";
      else if (matches(t, "determ")) type = "determ";
      else throw fail('Illegal "random type"\n');
      next();
      const r = parseActionControl(a, p, false, false);
      if ("error" in r) throw usage(r.error);
      p = r.next;
      const n = p < a.length ? strtoulWord(a[p]!, 10) : undefined;
      if (n === undefined || n > 0xffffn) throw fail("Illegal probability val 0x0\n");
      if (n > 10000n) throw fail(`Illegal probability val  0x${n.toString(16)}\n`);
      spec.random = { type, verdict: r.verdict, value: Number(n) };
      p++;
    } else if (p < a.length && matches(a[p]!, "help")) throw usage();
  }
  if (p < a.length) {
    if (matches(a[p]!, "index")) {
      const n = getU32Dec(next());
      if (n === undefined) throw fail('Illegal "index"\n');
      spec.index = n;
      p++;
    } else if (matches(a[p]!, "help")) throw usage();
  }
  i.i = p;
}
