/**
 * The flow classifier's words (tc 6.1 f_flow.c flow_parse_opt): map|hash,
 * keys KEY[,KEY...] (each a prefix of a flow key name), and/or/xor folded
 * into a mask and xor as transfer_bitop does, rshift, addend (a number,
 * "-" for a negative one, or with an address key an address whose last 32
 * bits are taken), divisor, baseclass, perturb, police, action, match
 * EMATCH_TREE and help, with tc's errors and exit statuses. Options are
 * always sent (the mode at least). A word given again is sent once, at its
 * last place.
 */
import { getUnsigned, matches } from "../args.ts";
import { incomplete } from "../errors.ts";
import { toHex } from "../../codecs/core/hex.ts";
import { FLOW_KEYS } from "../../codecs/tc/filter-classic.ts";
import { AF } from "../context.ts";
import { getAddr } from "../neighbour-addr.ts";
import { ematchFailure, parseEmatch } from "./parse-ematch.ts";
import { EmatchError } from "./ematch-args.ts";
import { classidWord, clsFail, filterActions, filterPolice, type ActionsParser } from "./parse-cls-words.ts";
import { parseClassid } from "../../codecs/tc/tables.ts";

/** f_flow.c explain(). */
export const FLOW_EXPLAIN = "Usage: ... flow ...\n" +
  "\n" +
  " [mapping mode]: map key KEY [ OPS ] ...\n" +
  " [hashing mode]: hash keys KEY-LIST ... [ perturb SECS ]\n" +
  "\n" +
  "                 [ divisor NUM ] [ baseclass ID ] [ match EMATCH_TREE ]\n" +
  "                 [ action ACTION_SPEC ]\n" +
  "\n" +
  "KEY-LIST := [ KEY-LIST , ] KEY\n" +
  "KEY      := [ src | dst | proto | proto-src | proto-dst | iif | priority |\n" +
  "              mark | nfct | nfct-src | nfct-dst | nfct-proto-src |\n" +
  "              nfct-proto-dst | rt-classid | sk-uid | sk-gid |\n" +
  "              vlan-tag | rxhash ]\n" +
  "OPS      := [ or NUM | and NUM | xor NUM | rshift NUM | addend NUM ]\n" +
  "ID       := X:Y\n";

/** flow_parse_keys: the key names in bit order's words, their bitmask and count; tc's message for an unknown one. */
function parseKeys(word: string): { keys: string[]; bits: number; n: number } {
  let bits = 0, n = 0;
  for (const part of word.split(",")) {
    const b = FLOW_KEYS.findIndex((k) => matches(part, k));
    if (b < 0) throw clsFail(`Unknown flow key "${part}"`);
    bits = (bits | (1 << b)) >>> 0;
    n++;
  }
  return { keys: FLOW_KEYS.filter((_, b) => (bits >>> b) & 1), bits, n };
}

/**
 * get_addend: [-]NUMBER (base 0), or, when `keys` has one of the bits tc tests
 * (it tests FLOW_KEY_* numbers as bits: src, dst or proto-src), an address whose
 * last 32 bits are taken; undefined when tc says Illegal "addend".
 */
function addend(word: string, keys: number): number | undefined {
  const neg = word.startsWith("-");
  const w = neg ? word.slice(1) : word;
  let v = getUnsigned(w);
  if (v === undefined && keys & (0 | 1 | 9 | 10)) {
    const a = getAddr(w, AF.UNSPEC); // exits 1 with ip's message when it is no address
    if (a.family === AF.INET || a.family === AF.INET6) {
      const b = a.bytes, o = a.family === AF.INET ? 0 : 12;
      v = ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
    }
  }
  if (v === undefined) return undefined;
  return neg ? (-v >>> 0) : v;
}

/** flow_parse_opt: the options spec and the handle. */
export function parseFlowArgs(a: string[], handle: string | undefined, parseActions: ActionsParser): { options?: unknown; handle?: number } {
  const out: { options?: unknown; handle?: number } = {};
  if (handle !== undefined) {
    const h = getUnsigned(handle);
    if (h === undefined) throw clsFail('Illegal "handle"');
    out.handle = h;
  }
  const o: Record<string, unknown> = {};
  const set = (k: string, v: unknown) => { delete o[k]; o[k] = v; };
  let mask = 0xffffffff, xor = 0, keyBits = 0, nkeys = 0;
  let mode: "map" | "hash" = "map";
  const i = { i: 0 };
  const next = (): string => { const v = a[++i.i]; if (v === undefined) throw incomplete(); return v; };
  const num = (what: string): number => { const n = getUnsigned(next()); if (n === undefined) throw clsFail(`Illegal "${what}"`); return n; };
  const bitop = (m: number, x: number) => { xor = (x ^ (xor & m)) >>> 0; mask = (mask & m) >>> 0; };
  while (i.i < a.length) {
    const w = a[i.i]!;
    if (matches(w, "map")) mode = "map";
    else if (matches(w, "hash")) mode = "hash";
    else if (matches(w, "keys")) {
      const k = parseKeys(next());
      keyBits = k.bits;
      nkeys = k.n;
      set("keys", k.keys);
    } else if (matches(w, "and")) bitop(num("mask"), 0);
    else if (matches(w, "or")) { const t = num("or"); bitop(~t >>> 0, t); }
    else if (matches(w, "xor")) bitop(0xffffffff, num("xor"));
    else if (matches(w, "rshift")) set("rshift", num("rshift"));
    else if (matches(w, "addend")) {
      const v = addend(next(), keyBits);
      if (v === undefined) throw clsFail('Illegal "addend"');
      set("addend", v);
    } else if (matches(w, "divisor")) set("divisor", num("divisor"));
    else if (matches(w, "baseclass")) {
      const v = next(), c = parseClassid(v);
      if (c === undefined || (c & 0xffff) === 0) throw clsFail('Illegal "baseclass"');
      set("baseclass", classidWord(v));
    } else if (matches(w, "perturb")) set("perturb", num("perturb"));
    else if (matches(w, "police")) {
      i.i++;
      set("police", filterPolice(a, i));
      continue;
    } else if (matches(w, "action")) {
      i.i++;
      set("actions", filterActions(a, i, parseActions));
      continue;
    } else if (matches(w, "match")) {
      if (i.i + 1 >= a.length) throw incomplete();
      try {
        const r = parseEmatch(a, i.i + 1);
        if (r.payload !== undefined) set("ematches", toHex(r.payload));
        i.i = r.next;
      } catch (e) {
        if (e instanceof EmatchError) throw ematchFailure(e);
        throw e;
      }
      continue;
    } else if (matches(w, "help")) throw clsFail(FLOW_EXPLAIN);
    else throw clsFail(`What is "${w}"?\n${FLOW_EXPLAIN}`);
    i.i++;
  }
  if (nkeys > 1 && mode !== "hash") throw clsFail('Invalid mode "map" for multiple keys');
  o.mode = mode;
  if (mask !== 0xffffffff || xor !== 0) { o.mask = mask; o.xor = xor; }
  out.options = o;
  return out;
}
