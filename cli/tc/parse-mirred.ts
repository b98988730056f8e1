/**
 * `action mirred ...` as tc 6.1 parses it (m_mirred.c parse_mirred and
 * parse_direction): DIRECTION, ACTION, `index N` and `dev NAME` in tc's
 * loop (index may come before dev; an unknown word after the direction is
 * skipped; `action` ends the words), then a mirror's control verdict
 * (parse_action_control_dflt, pipe by default) and a trailing `index N`.
 * Running out of words is incomplete_command; the other failures end as
 * parse_action reports them. The device name stays a name (resolved by the
 * caller, as tc resolves it before the verdict).
 */
import { matches } from "../args.ts";
import { duparg } from "../errors.ts";
import { getU32Dec } from "./action-control.ts";
import { ActionExit } from "./action-parse-error.ts";
import { actionWords } from "./action-words.ts";

/** m_mirred.c explain(). */
export const MIRRED_EXPLAIN = "Usage: mirred <DIRECTION> <ACTION> [index INDEX] <dev DEVICENAME>\n" +
  "where:\n" +
  "\tDIRECTION := <ingress | egress>\n" +
  "\tACTION := <mirror | redirect>\n" +
  "\tINDEX  is the specific policy instance id\n" +
  "\tDEVICENAME is the devicename\n";

/** The words of a mirred action from a[i.i] (after the word "mirred") into `spec` (direction, action, dev, verdict, index); i.i ends after them. */
export function parseMirred(a: string[], i: { i: number }, spec: Record<string, unknown>): void {
  const c = actionWords(a, i);
  const { fail } = c;
  const next = c.next;
  const first = c.peek()!;
  if (!(matches(first, "egress") || matches(first, "ingress") || matches(first, "index"))) {
    if (matches(first, "help")) throw new ActionExit(MIRRED_EXPLAIN, 255, true);
    throw fail(`mirred option not supported ${first}\n`);
  }
  let ok = 0, iok = 0, mirror = false, redir = false, ingress = false, egress = false;
  let dev: string | undefined;
  while (!c.done()) {
    const w = c.peek()!;
    if (matches(w, "action")) { next(); break; }
    if (!egress && matches(w, "egress")) {
      egress = true;
      if (ingress) throw fail("Can't have both egress and ingress\n");
      next(); ok++; continue;
    }
    if (!ingress && matches(w, "ingress")) {
      ingress = true;
      if (egress) throw fail("Can't have both ingress and egress\n");
      next(); ok++; continue;
    }
    if (matches(w, "index")) {
      const n = getU32Dec(next());
      if (n === undefined) throw fail('Illegal "index"\n');
      spec.index = n;
      iok++;
      if (!ok) { c.p++; break; }
    } else if (!ok) {
      // tc prints this and stops the loop; with no direction and no index the action fails
      throw fail(`was expecting egress or ingress (${w})\n`);
    } else if (!mirror && matches(w, "mirror")) {
      mirror = true;
      if (redir) throw fail("Can't have both mirror and redir\n");
      ok++;
    } else if (!redir && matches(w, "redirect")) {
      redir = true;
      if (mirror) throw fail("Can't have both mirror and redir\n");
      ok++;
    } else if ((redir || mirror) && matches(w, "dev")) {
      const d = next();
      if (dev !== undefined) throw new ActionExit(duparg("dev", d).message, 255, true);
      dev = d;
      c.p++;
      break;
    }
    next();
  }
  if (ok) spec.direction = ingress ? "ingress" : "egress";
  if (mirror || redir) spec.action = mirror ? "mirror" : "redirect";
  if (dev !== undefined) spec.dev = dev;
  if (mirror) {
    c.control(spec);
  }
  if (c.is("index")) {
    if (iok) throw fail("mirred: Illegal double index\n");
    spec.index = c.index('mirred: Illegal "index"\n');
  }
  c.end(i);
}
