/**
 * `match EMATCH_TREE` of tc 6.1 (tc/m_ematch.c parse_ematch with its flex
 * lexer emp_ematch.l and bison grammar emp_ematch.y): the words after
 * "match" are read one at a time, each with a space appended, and split
 * into tokens (quoted strings with C escapes, and/or/not, parentheses,
 * other words); the grammar is
 *
 *   EXPR  := TERM [ { and | or } EXPR ]
 *   TERM  := [ not ] { KIND '(' ARGS ')' | '(' EXPR ')' }
 *
 * and parsing stops at the first token that cannot follow a complete
 * expression; tc then goes back one word (so the word holding that token
 * is read again by the classifier; at the end of the line, the last word).
 * The tree is flattened as flatten_tree does (children appended after their
 * level) and each match encoded by its kind (em_cmp.c, em_nbyte.c,
 * em_u32.c, em_meta.c). Kind ids come from /etc/iproute2/ematch_map, as in
 * tc. Errors print what em_parse_error prints.
 */
import { readFileSync } from "node:fs";
import { CliError } from "../errors.ts";
import { encodeEmatchTree, TCF_EM, TCF_EM_FLAG, type EmatchEntry } from "../../codecs/tc/ematch.ts";
import { EM_KINDS } from "./ematch-kinds.ts";
import { argText, EmatchError, emParseError, storeQuoted, type EmArg } from "./ematch-args.ts";

/** tc's ematch map file (m_ematch.c EMATCH_MAP). */
export const EMATCH_MAP = "/etc/iproute2/ematch_map";

type Tok = { t: "attr"; arg: EmArg } | { t: "and" | "or" | "not" | "(" | ")" | "eof" | "error" };

interface Node { args?: EmArg[]; inverted: boolean; relation: number; child?: Node; next?: Node; index: number; childRef: number }

/** Reads the words lazily, as YY_INPUT does, and tokenises them. */
class Lexer {
  buf = "";
  pos = 0;
  read = 0;
  err = "";
  constructor(private readonly words: readonly string[]) {}
  private more(): boolean {
    while (this.read < this.words.length) {
      const w = this.words[this.read++]!;
      if (w === "") continue;
      this.buf = this.buf.slice(this.pos) + w + " ";
      this.pos = 0;
      return true;
    }
    return false;
  }
  private ch(): string | undefined {
    if (this.pos >= this.buf.length && !this.more()) return undefined;
    return this.buf[this.pos];
  }
  next(): Tok {
    for (;;) {
      const c = this.ch();
      if (c === undefined) return { t: "eof" };
      if (c === " " || c === "\t" || c === "\r" || c === "\n") { this.pos++; continue; }
      if (c === "(" || c === ")") { this.pos++; return { t: c }; }
      if (c === '"') { this.pos++; return this.quoted(); }
      let s = "";
      for (let d = this.ch(); d !== undefined && !" \t\r\n()".includes(d); d = this.ch()) { s += d; this.pos++; }
      const l = s.toLowerCase();
      if (l === "and" || l === "or" || l === "not") return { t: l };
      return { t: "attr", arg: { text: s, quoted: false } };
    }
  }
  private quoted(): Tok {
    const out: number[] = [];
    for (;;) {
      const c = this.ch();
      if (c === undefined) return { t: "eof" };
      if (c === '"') {
        this.pos++;
        storeQuoted(out);
        return { t: "attr", arg: { text: "", quoted: true, len: out.length } };
      }
      if (c !== "\\") {
        for (const b of new TextEncoder().encode(c)) out.push(b);
        this.pos++;
        continue;
      }
      this.ch(); // the escape needs the following characters in the buffer
      const rest = this.buf.slice(this.pos + 1);
      const digits = /^[0-9]+/.exec(rest)?.[0] ?? "";
      const octal = /^[0-7]{1,3}/.exec(rest)?.[0] ?? "";
      if (digits.length > octal.length) { this.err += "error: invalid octale escape sequence\n"; this.pos += 1 + digits.length; return { t: "error" }; }
      if (octal) {
        const v = Number.parseInt(octal, 8);
        if (v > 0xff) { this.err += "error: octal escape sequence out of range\n"; this.pos += 1 + octal.length; return { t: "error" }; }
        out.push(v); this.pos += 1 + octal.length; continue;
      }
      const hex = /^x([0-9a-fA-F]{1,2})/.exec(rest);
      if (hex) { out.push(Number.parseInt(hex[1]!, 16)); this.pos += 1 + hex[0].length; continue; }
      const e = rest[0];
      if (e === undefined) { this.pos++; continue; }
      const map: Record<string, number> = { n: 10, r: 13, t: 9, v: 11, b: 8, f: 12, a: 7 };
      out.push(map[e] ?? e.charCodeAt(0));
      this.pos += 2;
    }
  }
}

/** The recursive-descent equivalent of emp_ematch.y, fetching a lookahead exactly where bison does. */
class Parser {
  private la: Tok | undefined;
  constructor(private readonly lx: Lexer) {}
  peek(): Tok { return (this.la ??= this.lx.next()); }
  take(): Tok { const t = this.peek(); this.la = undefined; return t; }
  expr(): Node {
    const m = this.match();
    const t = this.peek();
    if (t.t === "and" || t.t === "or") {
      this.take();
      m.relation = t.t === "and" ? TCF_EM_FLAG.REL_AND : TCF_EM_FLAG.REL_OR;
      m.next = this.expr();
    }
    return m;
  }
  match(): Node {
    let t = this.take();
    let inverted = false;
    if (t.t === "not") { inverted = true; t = this.take(); }
    const node: Node = { inverted, relation: 0, index: 0, childRef: 0 };
    if (t.t === "attr") {
      if (this.take().t !== "(") throw new SyntaxError();
      const args = [t.arg];
      let a = this.take();
      if (a.t !== "attr") throw new SyntaxError();
      for (; a.t === "attr"; a = this.take()) args.push(a.arg);
      if (a.t !== ")") throw new SyntaxError();
      node.args = args;
    } else if (t.t === "(") {
      node.child = this.expr();
      if (this.take().t !== ")") throw new SyntaxError();
    } else throw new SyntaxError();
    return node;
  }
}

/** flatten_tree: children are appended at the end of the list; returns the count. */
function flatten(head: Node, tree: Node): number {
  let count = 0;
  for (let t: Node | undefined = tree; t; t = t.next) {
    count++;
    if (t.child) {
      let last = head;
      while (last.next) last = last.next;
      last.next = t.child;
      count += flatten(head, t.child);
    }
    if (t.relation === 0) break;
  }
  let i = 0;
  for (let t: Node | undefined = head; t; t = t.next) t.index = i++;
  for (let t: Node | undefined = head; t; t = t.next) if (t.child) t.childRef = t.child.index;
  return count;
}

function mapLines(): string[] | number {
  try {
    return readFileSync(EMATCH_MAP, "latin1").split("\n");
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ENOENT" ? -2 : -13;
  }
}

/** lookup_map_id: the kind's number in the map file (case-insensitive), or an errno. */
function lookupMapId(kind: string): { id: number } | { err: number; text: string } {
  const lines = mapLines();
  if (typeof lines === "number") return { err: lines, text: "" };
  for (const line of lines) {
    const p = line.replace(/^[ \t]+/, "");
    if (p === "" || p.startsWith("#")) continue;
    const m = /^([+-]?\d+)\s+(\S+)/.exec(p);
    if (!m) return { err: -22, text: `ematch map ${EMATCH_MAP} corrupted at ${p}\n` };
    if (m[2]!.toLowerCase() === kind.toLowerCase()) return { id: Number(m[1]) };
  }
  return { err: -2, text: "" };
}

/** lookup_map: the kind name of a number in the map file (for printing), or undefined. */
export function lookupMapName(num: number): string | undefined {
  const lines = mapLines();
  if (typeof lines === "number") return undefined;
  for (const line of lines) {
    const p = line.replace(/^[ \t]+/, "");
    if (p === "" || p.startsWith("#")) continue;
    const m = /^([+-]?\d+)\s+(\S+)/.exec(p);
    if (!m) return undefined;
    if ((Number(m[1]) & 0xffff) === num) return m[2];
  }
  return undefined;
}

/**
 * parse_ematch over a[start..]: the TCA_*_EMATCHES payload (undefined for
 * an empty expression) and the index where the classifier goes on.
 * Throws EmatchError with tc's stderr text.
 */
export function parseEmatch(a: readonly string[], start: number): { payload: Uint8Array | undefined; next: number } {
  const words = a.slice(start);
  const lx = new Lexer(words);
  const ps = new Parser(lx);
  let root: Node | undefined;
  try {
    if (ps.peek().t !== "eof") {
      root = ps.expr();
      // "expr error": any token after a complete expression ends it
    }
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    throw new EmatchError(lx.err + emParseError({ words, shown: lx.read }, "Parse error", undefined, "syntax error"));
  }
  const resume = lx.read - 1; // tc undoes the parser's look-ahead: one word back
  if (root === undefined) return { payload: undefined, next: start + resume };
  const nmatches = flatten(root, root);
  const entries: EmatchEntry[] = [];
  for (let t: Node | undefined = root; t; t = t.next) {
    const flags = t.relation | (t.inverted ? TCF_EM_FLAG.INVERT : 0);
    if (t.child) {
      const ref = new Uint8Array(4);
      new DataView(ref.buffer).setUint32(0, t.childRef, true);
      entries.push({ matchid: 0, kind: TCF_EM.CONTAINER, flags, data: ref });
      continue;
    }
    const name = argText(t.args![0]!).slice(0, 63);
    const kind = EM_KINDS.get(name);
    if (kind === undefined) throw new EmatchError(`Unknown ematch "${name}"\n`);
    const id = lookupMapId(name);
    if ("err" in id) {
      let s = id.text;
      if (id.err === -2) s += `Error: Unable to find ematch "${name}" in ${EMATCH_MAP}\nPlease assign a unique ID to the ematch kind the suggested entry is:\n\t${kind.num}\t${name}\n`;
      throw new EmatchError(s);
    }
    const args = t.args!.slice(1);
    const data = kind.parse(args.length ? args : undefined, { words, shown: resume, args: args.length ? args : undefined, kind });
    entries.push({ matchid: 0, kind: id.id & 0xffff, flags, data });
  }
  return { payload: encodeEmatchTree(entries, nmatches), next: start + resume };
}

/** CliError for a failed `match`: em_parse_error's text and the classifier's Illegal "ematch". */
export function ematchFailure(e: EmatchError): CliError {
  return new CliError(`${e.message}Illegal "ematch"\n`, 1, false);
}
