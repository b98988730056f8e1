/**
 * Reading a `-batch` file as ip's lib/utils.c getcmdline + makeargs do:
 * '#' starts a comment, a line ending in "\" continues on the next one
 * (unless it holds a '#'), words are separated by blanks, and a word
 * starting with ' or " runs to the same quote.
 */
import { CliError } from "./errors.ts";

/** One command of a batch file: its words and the (last) physical line number. */
export interface BatchLine {
  line: number;
  words: string[];
}

/** Split a batch text into commands as ip's getcmdline + makeargs do; a CliError for bad quoting. */
export function parseBatch(text: string): BatchLine[] {
  const out: BatchLine[] = [];
  const r = new BatchReader(Buffer.from(text, "utf8"), false);
  while (r.next()) {
    const words = makeArgs(r.text());
    if (words.length > 0) out.push({ line: r.line, words });
  }
  return out;
}

const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/**
 * The logical lines of a batch file one at a time (comments removed,
 * continuation lines joined), read from its bytes without splitting them
 * into words: a batch of 100,000 lines is held neither as strings nor as
 * word arrays. A line that is one physical line without a comment is
 * given as the byte range `start`..`end` (the fast path parses it in
 * place); `text()` decodes any line as readFileSync(FILE, "utf8") would
 * have. A file that could fail to parse (it has a quote or a backslash)
 * is parsed completely first (`validate`), so that such an error stops
 * the batch before its first line, as it always did.
 */
export class BatchReader {
  private pos = 0;
  private phys = 0;
  private str: string | undefined;
  /** Where the next '#' at or after `pos` is (the length when there is none); looked for again only once passed. */
  private hash = -1;
  /** Physical line number of the end of the current logical line. */
  line = 0;
  /** Byte range of the current line when it is a single physical line without '#' (else start = end = -1). */
  start = -1;
  end = -1;

  constructor(readonly bytes: Uint8Array, validate = true) {
    if (validate && (bytes.indexOf(39) >= 0 || bytes.indexOf(34) >= 0 || bytes.indexOf(92) >= 0)) parseBatch(utf8.decode(bytes));
  }

  /** The next physical line as a string (comment not removed), undefined at the end. */
  private physical(): string | undefined {
    const b = this.bytes;
    if (this.pos >= b.length) return undefined; // a final "\n" ends the last line, it does not start one
    let nl = b.indexOf(10, this.pos);
    if (nl < 0) nl = b.length;
    const s = utf8.decode(b.subarray(this.pos, nl));
    this.pos = nl + 1;
    this.phys++;
    return s;
  }

  /** Go to the next logical line (possibly blank); false at the end. A CliError for a missing continuation line. */
  next(): boolean {
    const b = this.bytes;
    const n = b.length;
    const p = this.pos;
    if (p >= n) return false;
    let i = b.indexOf(10, p);
    if (i < 0) i = n;
    if (this.hash < p) {
      this.hash = b.indexOf(35, p);
      if (this.hash < 0) this.hash = n;
    }
    if (this.hash >= i) {
      if (i === p || b[i - 1] !== 92) {
        // one physical line, no comment, no continuation: left as bytes
        this.phys++;
        this.line = this.phys;
        this.start = p;
        this.end = i;
        this.str = undefined;
        this.pos = i + 1;
        return true;
      }
    }
    let raw = this.physical()!;
    let hash = raw.indexOf("#");
    let cur = hash >= 0 ? raw.slice(0, hash) : raw;
    while (hash < 0 && cur.charCodeAt(cur.length - 1) === 92 /* \ */) {
      const more = this.physical();
      if (more === undefined) throw new CliError("Missing continuation line\n", 1, true);
      hash = more.indexOf("#");
      cur = cur.slice(0, -1) + (hash >= 0 ? more.slice(0, hash) : more);
    }
    this.line = this.phys;
    this.start = this.end = -1;
    this.str = cur;
    return true;
  }

  /** The current logical line as text. */
  text(): string {
    return this.str ??= utf8.decode(this.bytes.subarray(this.start, this.end));
  }
}

function blank(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}

/** ip's makeargs: whitespace-separated words, a word starting with ' or " runs to the same quote. */
export function makeArgs(line: string): string[] {
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  while (i < n) {
    while (i < n && blank(line.charCodeAt(i))) i++;
    if (i >= n) break;
    const c = line.charCodeAt(i);
    if (c === 39 || c === 34) {
      const end = line.indexOf(c === 39 ? "'" : '"', i + 1);
      if (end < 0) throw new CliError("Unterminated quoted string\n", 1, true);
      out.push(line.slice(i + 1, end));
      i = end + 1;
    } else {
      let j = i + 1;
      while (j < n && !blank(line.charCodeAt(j))) j++;
      out.push(line.slice(i, j));
      i = j;
    }
    i++; // the separator (ip overwrites it with NUL)
  }
  return out;
}
