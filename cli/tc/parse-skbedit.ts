/**
 * `action skbedit ...` as tc 6.1 parses it (m_skbedit.c parse_skbedit):
 * queue_mapping, priority (a class id), mark[/mask], ptype, inheritdsfield,
 * until the first other word; then a control verdict (pipe by default) and
 * `index N`. Failures end as parse_action reports them.
 */
import { getUnsigned, matches } from "../args.ts";
import { strtoulWord } from "../../lib/format/names.ts";
import { parseClassid } from "../../codecs/tc/tables.ts";
import { ActionExit } from "./action-parse-error.ts";
import { actionWords } from "./action-words.ts";

/** m_skbedit.c explain(). */
export const SKBEDIT_EXPLAIN = "Usage: ... skbedit <[QM] [PM] [MM] [PT] [IF]>\n" +
  "QM = queue_mapping QUEUE_MAPPING\n" +
  "PM = priority PRIORITY\n" +
  "MM = mark MARK[/MASK]\n" +
  "PT = ptype PACKETYPE\n" +
  "IF = inheritdsfield\n" +
  "PACKETYPE = is one of:\n" +
  "  host, otherhost, broadcast, multicast\n" +
  "QUEUE_MAPPING = device transmit queue to use\n" +
  "PRIORITY = classID to assign to priority field\n" +
  "MARK = firewall mark to set\n" +
  "MASK = mask applied to firewall mark (0xffffffff by default)\n" +
  "note: inheritdsfield maps DS field to skb->priority\n";

const PTYPES: Array<[string, number]> = [["host", 0], ["broadcast", 1], ["multicast", 2], ["otherhost", 3]];

/** The words of a skbedit action from a[i.i] (after the word "skbedit") into `spec`; i.i ends after them. */
export function parseSkbedit(a: string[], i: { i: number }, spec: Record<string, unknown>): void {
  const c = actionWords(a, i);
  const { fail, next } = c;
  let ok = 0;
  while (!c.done()) {
    const w = c.peek()!;
    if (matches(w, "queue_mapping")) {
      const n = strtoulWord(next(), 10); // get_unsigned base 10
      if (n === undefined || n > 65535n) throw fail("Illegal queue_mapping\n");
      spec.queueMapping = Number(n);
    } else if (matches(w, "priority")) {
      const c = parseClassid(next());
      if (c === undefined) throw fail("Illegal priority\n");
      spec.priority = c;
    } else if (matches(w, "mark")) {
      const v = next();
      const slash = v.indexOf("/");
      const m = getUnsigned(slash < 0 ? v : v.slice(0, slash));
      if (m === undefined) throw fail("Illegal mark\n");
      spec.mark = m;
      if (slash >= 0) {
        const k = getUnsigned(v.slice(slash + 1));
        if (k === undefined) throw fail("Illegal mask\n");
        spec.mask = k;
      }
    } else if (matches(w, "ptype")) {
      const v = next();
      const t = PTYPES.find(([n]) => matches(v, n));
      if (t === undefined) throw fail(`Illegal ptype (${v})\n`);
      spec.ptype = t[1];
    } else if (matches(w, "inheritdsfield")) spec.inheritDsfield = true;
    else if (matches(w, "help")) throw new ActionExit(SKBEDIT_EXPLAIN, 255, true);
    else break;
    ok++;
    c.p++;
  }
  c.control(spec);
  if (c.is("index")) {
    spec.index = c.index('skbedit: Illegal "index"\n');
    ok++;
  }
  if (!ok) throw fail(SKBEDIT_EXPLAIN);
  c.end(i);
}
