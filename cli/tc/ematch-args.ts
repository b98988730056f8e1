/**
 * What tc's ematch parsers share (tc/m_ematch.c, emp_ematch.l): the
 * arguments of a match (words, or quoted strings whose bytes live in the
 * lexer's one shared buffer, read only after the whole parse, as tc reads
 * them) and em_parse_error's report.
 */

/** One argument of a match: a word, or a quoted string (its bytes live in the lexer's shared buffer). */
export interface EmArg { text: string; quoted: boolean; len?: number }

/** A parse failure whose stderr text is ready. */
export class EmatchError extends Error {}

/** flex's strbuf: every quoted string of a parse is written from its start (tc reads them after the whole parse). */
let strbuf = new Uint8Array(0);

/** A quoted string's bytes into the shared buffer (from its start, as the lexer does). */
export function storeQuoted(bytes: readonly number[]): void {
  if (strbuf.length < bytes.length) { const n = new Uint8Array(bytes.length + 512); n.set(strbuf); strbuf = n; }
  strbuf.set(bytes);
}

/** m_ematch.c's usage when no kind is known. */
export const GENERIC_USAGE = "Usage: EXPR\nwhere: EXPR  := TERM [ { and | or } EXPR ]\n       TERM  := [ not ] { MATCH | '(' EXPR ')' }\n" +
  "       MATCH := module '(' ARGS ')'\n       ARGS := ARG1 ARG2 ...\n\nExample: a(x y) and not (b(x) or c(x y z))\n";

/** Printable form of an argument (bstr_print ascii). */
export function argText(a: EmArg): string {
  const bytes = a.quoted ? strbuf.subarray(0, a.len) : new TextEncoder().encode(a.text);
  let s = "";
  for (const b of bytes) s += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".";
  return s;
}

/** The bytes of an argument (a quoted one reads flex's shared buffer, as tc does after the parse). */
export function argBytes(a: EmArg): Uint8Array {
  return a.quoted ? strbuf.slice(0, a.len) : new TextEncoder().encode(a.text);
}

/** Context of one em_parse_error call. */
export interface EmErrCtx { words: readonly string[]; shown: number; args?: EmArg[]; kind?: { name: string; usage: string } }

/** em_parse_error's text: the message, the words read so far (the last one marked), the kind's arguments and its usage. */
export function emParseError(c: EmErrCtx, msg: string, carg: EmArg | undefined, ematchErr?: string): string {
  let s = msg + (ematchErr !== undefined ? `: ${ematchErr}\n... ` : "\n... ");
  for (let i = 0; i < c.shown; i++) s += i === c.shown - 1 ? `>>${c.words[i]}<< ` : `${c.words[i]} `;
  s += "...\n";
  if (c.args) {
    s += `... ${c.kind!.name}(`;
    c.args.forEach((a, i) => { s += `${a === carg ? ">>" : ""}${argText(a)}${a === carg ? "<<" : ""}${i + 1 < c.args!.length ? " " : ""}`; });
    s += ")...\n";
  }
  return s + (c.kind ? c.kind.usage : GENERIC_USAGE);
}

