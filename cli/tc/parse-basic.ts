/**
 * The basic classifier's words (tc 6.1 f_basic.c basic_parse_opt), and
 * the cgroup classifier's (f_cgroup.c cgroup_parse_opt: the same without classid):
 * `match EMATCH_TREE` (parse-ematch.ts), `classid|flowid CLASSID`,
 * `action ...`, `police ...` and `help`, each sent in command-line order;
 * the handle is strtol(base 0) of the filter's `handle` word. Errors and
 * exit statuses as tc's.
 */
import { CliError } from "../errors.ts";
import { matches } from "../args.ts";
import { parseClassid } from "../../codecs/tc/tables.ts";
import { toHex } from "../../codecs/core/hex.ts";
import { ematchFailure, parseEmatch } from "./parse-ematch.ts";
import { EmatchError } from "./ematch-args.ts";

/** f_basic.c explain(). */
export const BASIC_EXPLAIN = "Usage: ... basic [ match EMATCH_TREE ]\n                 [ action ACTION_SPEC ] [ classid CLASSID ]\n\n" +
  "Where:\tSELECTOR := SAMPLE SAMPLE ...\n\tFILTERID := X:Y:Z\n\tACTION_SPEC := ... look at individual actions\n\n" +
  "NOTE: CLASSID is parsed as hexadecimal input.\n";

const fail = (msg: string) => new CliError(msg, 1, false);
const incomplete = () => new CliError('Command line is not complete. Try option "help"\n', 255, true);

/** strtol(s, NULL, 0) truncated to the u32 tcm_handle (no check but LONG_MIN/LONG_MAX, as tc). */
function strtolHandle(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)?/.exec(s)!;
  const body = m[2];
  if (body === undefined) return 0;
  let v = body.length > 1 && body[0] === "0" && !/^0[xX]/.test(body) ? BigInt(`0o${body.slice(1)}`) : BigInt(body);
  if (m[1] === "-") v = -v;
  const max = 2n ** 63n - 1n;
  if (v >= max || v <= -max - 1n) throw fail(`Illegal handle "${s}", must be numeric.\n`);
  return Number(BigInt.asUintN(32, v));
}

/** f_cgroup.c explain(). */
export const CGROUP_EXPLAIN = "Usage: ... cgroup [ match EMATCH_TREE ]\n                  [ action ACTION_SPEC ]\n";

/** basic_parse_opt (or cgroup_parse_opt: no classid, TCA_OPTIONS even without words): options spec (keys in command-line order) and handle. */
export function parseBasicArgs(a: string[], handle: string | undefined, parseActions: (a: string[], i: { i: number }) => unknown, cgroup = false): { options?: unknown; handle?: number } {
  const out: { options?: unknown; handle?: number } = { handle: handle === undefined ? 0 : strtolHandle(handle) };
  const explain = cgroup ? CGROUP_EXPLAIN : BASIC_EXPLAIN;
  if (a.length === 0) {
    if (cgroup) out.options = {};
    return out;
  }
  const o: Record<string, unknown> = {};
  let i = 0;
  while (i < a.length) {
    const w = a[i]!;
    if (matches(w, "match")) {
      if (i + 1 >= a.length) throw incomplete();
      try {
        const r = parseEmatch(a, i + 1);
        if (r.payload !== undefined) { delete o.ematches; o.ematches = toHex(r.payload); }
        i = r.next;
      } catch (e) {
        if (e instanceof EmatchError) throw ematchFailure(e);
        throw e;
      }
      continue;
    }
    if (!cgroup && (matches(w, "classid") || w === "flowid")) {
      const v = a[++i];
      if (v === undefined) throw incomplete();
      if (parseClassid(v) === undefined) throw fail('Illegal "classid"\n');
      delete o.classid;
      o.classid = v;
    } else if (matches(w, "action")) {
      if (i + 1 >= a.length) throw incomplete();
      const at = { i: i + 1 };
      delete o.actions;
      o.actions = parseActions(a, at);
      i = at.i;
      continue;
    } else if (matches(w, "police")) {
      if (i + 1 >= a.length) throw incomplete();
      let end = i + 1;
      while (end < a.length && a[end] !== "action" && a[end] !== "flowid" && a[end] !== "classid" && !matches(a[end]!, "match")) end++;
      const spec = (parseActions(["police", ...a.slice(i + 1, end)], { i: 0 }) as Array<Record<string, unknown>>)[0]!;
      delete spec.kind;
      delete o.police;
      o.police = spec;
      i = end;
      continue;
    } else if (w === "help") throw fail(explain);
    else throw fail(`What is "${w}"?\n${explain}`);
    i++;
  }
  out.options = o;
  return out;
}
