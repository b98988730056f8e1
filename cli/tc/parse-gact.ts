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
import { parseActionControl } from "./action-control.ts";
import { ActionExit } from "./action-parse-error.ts";
import { actionWords } from "./action-words.ts";

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
  const usage = (msg = "") => new ActionExit(msg + GACT_USAGE, 255, true);
  const c = actionWords(a, i, kindAt);
  const { fail, next } = c;
  if (!c.is("index")) {
    const v = parseActionControl(a, c.p, false, false);
    if ("error" in v) throw usage(v.error);
    spec.verdict = v.verdict;
    c.p = v.next;
    if (c.is("random")) {
      const t = next();
      let type: string;
      if (matches(t, "netrand")) type = "netrand";
      else if (matches(t, "determ")) type = "determ";
      else throw fail('Illegal "random type"\n');
      next();
      const r = parseActionControl(a, c.p, false, false);
      if ("error" in r) throw usage(r.error);
      c.p = r.next;
      const w = c.peek();
      const n = w !== undefined ? strtoulWord(w, 10) : undefined;
      if (n === undefined || n > 0xffffn) throw fail("Illegal probability val 0x0\n");
      if (n > 10000n) throw fail(`Illegal probability val  0x${n.toString(16)}\n`);
      spec.random = { type, verdict: r.verdict, value: Number(n) };
      c.p++;
    } else if (c.is("help")) throw usage();
  }
  if (c.is("index")) spec.index = c.index('Illegal "index"\n');
  else if (c.is("help")) throw usage();
  c.end(i);
}
