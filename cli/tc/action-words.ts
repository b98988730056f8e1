/**
 * The word cursor every action parser starts with (tc 6.1's m_*.c parse
 * functions over argc/argv): the position of the action's kind word (for
 * parse_action's "bad value (ARGC:KIND)" line), `fail` (the parser returns
 * -1), `next` (NEXT_ARG: incomplete_command when the words run out), and
 * the check that some word follows the kind. `end(i)` hands the position
 * back to the caller's `{ i }`.
 */
import { matches } from "../args.ts";
import { getU32Dec, parseActionControl } from "./action-control.ts";
import { actionIncomplete, actionParseError, type ActionParseError } from "./action-parse-error.ts";
import { noteAction } from "./action-notes.ts";

/** A cursor over one action's words; `p` is the current word's index in `a`. */
export interface ActionWords {
  readonly a: readonly string[];
  /** Index of the current word. */
  p: number;
  /** Index of the kind word parse_action saw (the action's name or a bare verdict). */
  readonly kindAt: number;
  /** The action failed: `msg` then parse_action's lines (exit 1 in a filter, 255 in `tc actions`). */
  fail(msg: string): ActionParseError;
  /** NEXT_ARG: the following word (incomplete_command when there is none). */
  next(): string;
  /** The current word, undefined at the end. */
  peek(): string | undefined;
  /** Whether the current word exists and is a prefix of `keyword` (matches()). */
  is(keyword: string): boolean;
  /** Whether no word is left. */
  done(): boolean;
  /** `index N` at the current word (get_u32 base 10): the number, after which the cursor is past N; `msg` on a bad number. */
  index(msg: string): number;
  /** parse_action_control_dflt at the current word (no number verdicts): a verdict there goes to spec.verdict, else the kind's default stays (a bad goto/jump's message is printed, action-notes.ts). */
  control(spec: Record<string, unknown>): void;
  /** Store the position in the caller's cursor. */
  end(i: { i: number }): void;
}

/**
 * A cursor at a[i.i] (the first word after the kind). `kindAt` defaults to
 * the word before it; `empty` is what no words at all are: incomplete_command
 * (the default) or the action's failure with no message (police).
 */
export function actionWords(a: readonly string[], i: { i: number }, kindAt = i.i - 1, empty: "incomplete" | "fail" = "incomplete"): ActionWords {
  const w: ActionWords = {
    a,
    p: i.i,
    kindAt,
    fail: (msg) => actionParseError(msg, a.length - kindAt, a[kindAt]!),
    next() {
      w.p++;
      if (w.p >= a.length) throw actionIncomplete();
      return a[w.p]!;
    },
    peek: () => a[w.p],
    is: (keyword) => w.p < a.length && matches(a[w.p]!, keyword),
    done: () => w.p >= a.length,
    index(msg) {
      const n = getU32Dec(w.next());
      if (n === undefined) throw w.fail(msg);
      w.p++;
      return n;
    },
    control(spec) {
      const r = parseActionControl(a as string[], w.p, false, true);
      if ("verdict" in r) { spec.verdict = r.verdict; w.p = r.next; }
      else if (r.error) noteAction(r.error); // printed, and the kind's default kept: the words stay for parse_action
    },
    end(c) { c.i = w.p; },
  };
  if (w.p >= a.length) throw empty === "incomplete" ? actionIncomplete() : w.fail("");
  return w;
}
