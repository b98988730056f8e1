/**
 * An action's control verdict (TC_ACT_*, linux/pkt_cls.h) as nl.tc takes
 * and returns it: tc's names (action_a2n / action_n2a), "goto chain N" and
 * "jump N" (TC_ACT_GOTO_CHAIN, TC_ACT_JUMP with the value), or the number.
 */
import { TC_ACT_EXT } from "../../../codecs/tc/tables.ts";
import { int } from "./check.ts";

/** A verdict as tc names it: "pass", "drop", "pipe", "continue", "reclassify", "stolen", "trap", "goto chain N", "jump N", or the number. */
export type Verdict = string | number;

const VERDICTS: Record<string, number> = { continue: -1, pass: 0, ok: 0, reclassify: 1, drop: 2, shot: 2, pipe: 3, stolen: 4, trap: 8 };

/** The TC_ACT_* number of a verdict; TypeError naming `field` when unknown. */
export function verdictOf(v: unknown, field: string): number {
  if (typeof v === "number") return int(v, -0x80000000, 0x7fffffff, field);
  if (typeof v === "string") {
    if (v in VERDICTS) return VERDICTS[v]!;
    const m = /^(goto chain|jump) (\d+)$/.exec(v);
    if (m) return ((m[1] === "jump" ? TC_ACT_EXT.JUMP : TC_ACT_EXT.GOTO_CHAIN) | int(Number(m[2]), 0, TC_ACT_EXT.VAL_MASK, field)) | 0;
  }
  throw new TypeError(`${field}: unknown verdict ${JSON.stringify(v)} (pass, drop, pipe, continue, reclassify, stolen, trap, "goto chain N", "jump N")`);
}

/** tc's name of a verdict (action_n2a, with the chain/jump target). */
export function verdictName(n: number): Verdict {
  const ext = n & ~TC_ACT_EXT.VAL_MASK;
  if (ext === TC_ACT_EXT.GOTO_CHAIN) return `goto chain ${n & TC_ACT_EXT.VAL_MASK}`;
  if (ext === TC_ACT_EXT.JUMP) return `jump ${n & TC_ACT_EXT.VAL_MASK}`;
  const names: Record<number, string> = { [-1]: "continue", 0: "pass", 1: "reclassify", 2: "drop", 3: "pipe", 4: "stolen", 8: "trap" };
  return names[n] ?? n;
}
