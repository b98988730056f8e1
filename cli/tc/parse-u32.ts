/**
 * The u32 classifier's words (tc 6.1 f_u32.c u32_parse_opt): the filter's
 * handle (get_u32_handle), match/offset/hashkey (parse-u32-selector.ts),
 * classid|flowid, divisor, order, link, ht, sample, indev, action, police,
 * skip_hw/skip_sw and help, with tc's messages and exit statuses (a
 * refused word: exit 1; NEXT_ARG at the end: exit 255). The options spec
 * keeps the word order of the attributes tc adds while reading (classid,
 * divisor, link, indev, mark, actions, police; a repeated one starts an
 * `again` segment), then hash, sel and the flags, as tc sends them.
 */
import { matches } from "../args.ts";
import { incomplete } from "../errors.ts";
import { classidWord, clsFail, filterActions, filterPolice, type ActionsParser } from "./parse-cls-words.ts";
import { getU32, getUnsignedWord, hashFold, newSel, nextArg, parseHashkey, parseOffset, parseSelector, SelFail, type Cur, type SelState } from "./parse-u32-selector.ts";

/** f_u32.c explain(). */
export const U32_EXPLAIN = "Usage: ... u32 [ match SELECTOR ... ] [ link HTID ] [ classid CLASSID ]\n" +
  "               [ action ACTION_SPEC ] [ offset OFFSET_SPEC ]\n" +
  "               [ ht HTID ] [ hashkey HASHKEY_SPEC ]\n" +
  "               [ sample SAMPLE ] [skip_hw | skip_sw]\n" +
  "or         u32 divisor DIVISOR\n" +
  "\n" +
  "Where: SELECTOR := SAMPLE SAMPLE ...\n" +
  "       SAMPLE := { ip | ip6 | udp | tcp | icmp | u{32|16|8} | mark }\n" +
  "                 SAMPLE_ARGS [ divisor DIVISOR ]\n" +
  "       FILTERID := X:Y:Z\n" +
  "\nNOTE: CLASSID is parsed at hexadecimal input.\n";

/** strtoul(s + p, &end, 16) cut to 32 bits as tc's __u32 keeps it: [value, end]; end === p when no digit was read. */
function strtoul16(s: string, p: number): [number, number] {
  const m = /^[ \t\n\v\f\r]*([+-]?)(0[xX](?=[0-9a-fA-F]))?([0-9a-fA-F]+)/.exec(s.slice(p));
  if (m === null) return [0, p];
  let v = BigInt(`0x${m[3]}`);
  const max = (1n << 64n) - 1n;
  if (v > max) v = max;
  if (m[1] === "-" && v !== 0n) v = (1n << 64n) - v;
  return [Number(v & 0xffffffffn), p + m[0].length];
}

/** get_u32_handle: "HT:[HASH[:NODE]]" in hex (each part as strtoul reads it), or "0x..." alone; undefined when refused. */
export function getU32Handle(str: string): number | undefined {
  if (!str.includes(":")) return str.startsWith("0x") ? getU32(str, 16) : undefined;
  let p = 0;
  const part = (max: number, colonOk: boolean): number | undefined => {
    const [v, end] = strtoul16(str, p);
    if (end === p && !(colonOk && str[p] === ":") && p < str.length) return undefined;
    if (v >= max) return undefined;
    p = end;
    return v;
  };
  const htid = part(0x1000, true);
  if (htid === undefined) return undefined;
  let hash = 0, node = 0;
  if (p < str.length) {
    p++;
    const h = part(0x100, true);
    if (h === undefined) return undefined;
    hash = h;
    if (p < str.length) {
      p++;
      const n = part(0x1000, false);
      if (n === undefined) return undefined;
      node = n;
    }
  }
  return ((htid << 20) | (hash << 12) | node) >>> 0;
}

/** u32 handle text as nl.tc numbers it; tc's `Illegal filter ID` (exit 1) when get_u32_handle refuses it. */
export function parseU32Handle(s: string): number {
  const h = getU32Handle(s);
  if (h === undefined) throw clsFail("Illegal filter ID");
  return h;
}

/** The word-ordered part of the spec: a key seen again starts a new segment (sent after the earlier ones). */
class Ordered {
  readonly first: Record<string, unknown> = {};
  readonly again: Array<Record<string, unknown>> = [];
  private cur = this.first;
  add(key: string, v: unknown): void {
    if (key in this.cur) { this.cur = {}; this.again.push(this.cur); }
    this.cur[key] = v;
  }
}

const isPow2Divisor = (d: number | undefined) => d !== undefined && d !== 0 && d <= 0x100 && ((d - 1) & d) === 0;

/** `sample SELECTOR [divisor N]` at c.i (after "sample"): the bucket for htid. */
function sample(c: Cur, ord: Ordered): number {
  const s2 = newSel();
  try {
    parseSelector(c, s2, (m) => ord.add("mark", m));
  } catch (e) {
    if (e instanceof SelFail) throw clsFail(`${e.lines}Illegal "sample"`);
    throw e;
  }
  if (s2.keys.length !== 1) throw clsFail('"sample" must contain exactly ONE key.');
  let divisor = 0x100;
  if (c.a[c.i] === "divisor") {
    const d = getUnsignedWord(nextArg(c));
    if (!isPow2Divisor(d)) throw clsFail('Illegal sample "divisor"');
    divisor = d!;
    nextArg(c);
  }
  return hashFold(s2.keys[0]!) % divisor;
}

/** u32_parse_opt: the options spec (undefined without words) and the handle. */
export function parseU32Args(a: string[], handle: string | undefined, parseActions: ActionsParser): { options?: unknown; handle?: number } {
  const out: { options?: unknown; handle?: number } = {};
  if (handle !== undefined) out.handle = parseU32Handle(handle);
  if (a.length === 0) return out;
  const sel: SelState = newSel();
  const ord = new Ordered();
  let selOk = false, terminal = false, sampleOk = false;
  let htid = 0, order = 0, skipHw = false, skipSw = false;
  const c: Cur = { a, i: 0 };
  const sub = (what: string, f: () => void) => {
    try {
      f();
    } catch (e) {
      if (e instanceof SelFail) throw clsFail(`${e.lines}Illegal "${what}"`);
      throw e;
    }
  };
  while (c.i < a.length) {
    const w = a[c.i]!;
    if (matches(w, "match")) {
      nextArg(c);
      sub("match", () => parseSelector(c, sel, (m) => ord.add("mark", m)));
      selOk = true;
      continue;
    } else if (matches(w, "offset")) {
      nextArg(c);
      sub("offset", () => parseOffset(c, sel));
      continue;
    } else if (matches(w, "hashkey")) {
      nextArg(c);
      sub("hashkey", () => parseHashkey(c, sel));
      continue;
    } else if (matches(w, "classid") || w === "flowid") {
      ord.add("classid", classidWord(a[++c.i]));
      sel.flags |= 1; // TC_U32_TERMINAL
    } else if (matches(w, "divisor")) {
      const d = getUnsignedWord(nextArg(c));
      if (!isPow2Divisor(d)) throw clsFail('Illegal "divisor"');
      ord.add("divisor", d);
    } else if (matches(w, "order")) {
      const o = getU32(nextArg(c), 0);
      if (o === undefined) throw clsFail('Illegal "order"');
      order = o;
    } else if (w === "link") {
      const l = getU32Handle(nextArg(c));
      if (l === undefined) throw clsFail('Illegal "link"');
      if (l && (l & 0xfff)) throw clsFail('"link" must be a hash table.');
      ord.add("link", l);
    } else if (w === "ht") {
      const ht = getU32Handle(nextArg(c));
      if (ht === undefined) throw clsFail('Illegal "ht"');
      if (handle !== undefined && (ht & 0xfff)) throw clsFail('"ht" must be a hash table.');
      htid = sampleOk ? ((htid & 0xff000) | (ht & 0xfff00000)) >>> 0 : (ht & 0xfffff000) >>> 0;
    } else if (w === "sample") {
      nextArg(c);
      const bucket = sample(c, ord);
      htid = ((bucket << 12) | (htid & 0xfff00000)) >>> 0;
      sampleOk = true;
      continue;
    } else if (w === "indev") {
      c.i++;
      if (c.i >= a.length) throw clsFail("Illegal indev");
      ord.add("indev", a[c.i]!.slice(0, 16)); // strncpy into IFNAMSIZ + 1 bytes, the last kept 0
    } else if (matches(w, "action")) {
      if (c.i + 1 >= a.length) throw incomplete();
      c.i++;
      ord.add("actions", filterActions(a, c, parseActions));
      terminal = true;
      continue;
    } else if (matches(w, "police")) {
      if (c.i + 1 >= a.length) throw incomplete();
      c.i++;
      ord.add("police", filterPolice(a, c));
      terminal = true;
      continue;
    } else if (w === "skip_hw") skipHw = true;
    else if (w === "skip_sw") skipSw = true;
    else if (w === "help") throw clsFail(U32_EXPLAIN);
    else throw clsFail(`What is "${w}"?\n${U32_EXPLAIN}`);
    c.i++;
  }
  if (terminal) sel.flags |= 1;
  if (order) {
    const node = (out.handle ?? 0) & 0xfff;
    if (node && order !== node) throw clsFail('"order" contradicts "handle"');
    out.handle = ((out.handle ?? 0) | order) >>> 0;
  }
  const o: Record<string, unknown> = { ...ord.first };
  if (ord.again.length) o.again = ord.again;
  if (htid) o.hash = htid;
  if (selOk) o.sel = { ...sel };
  if (skipHw && skipSw) throw clsFail("skip_hw and skip_sw are mutually exclusive");
  if (skipHw) o.skipHw = true;
  if (skipSw) o.skipSw = true;
  out.options = o;
  return out;
}
