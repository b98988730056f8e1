/**
 * A streaming JSON writer that lays out its output byte for byte like
 * iproute2 6.1's lib/json_writer.c does for `ip -json` and `ip -json
 * -pretty`: no whitespace in compact mode; in pretty mode four spaces per
 * level before every member name, "[ " and " ]" around non-empty arrays,
 * array elements separated by "," only, and objects in an array joined as
 * "},{". Strings escape only \t \n \r \f \b \\ and \" (as ip does).
 */

/** Escape a string the way ip's JSON writer does (no \uXXXX escapes). */
export function jsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    switch (c) {
      case "\t": out += "\\t"; break;
      case "\n": out += "\\n"; break;
      case "\r": out += "\\r"; break;
      case "\f": out += "\\f"; break;
      case "\b": out += "\\b"; break;
      case "\\": out += "\\\\"; break;
      case '"': out += '\\"'; break;
      default: out += c;
    }
  }
  return out + '"';
}

/** The writer: call the structural methods in order, read `text` at the end. */
export class JsonWriter {
  private parts: string[] = [];
  private depth = 0;
  /** True when a value was written at the current level (a separator is due before the next one). */
  private sep = false;

  constructor(readonly pretty: boolean) {}

  private eol(): void {
    if (this.pretty) this.parts.push("\n" + "    ".repeat(this.depth));
  }

  private eor(): void {
    if (this.sep) this.parts.push(",");
    this.sep = true;
  }

  /** Write a member name; the next call writes its value. */
  name(n: string): void {
    this.eor();
    this.eol();
    this.sep = false;
    this.parts.push(jsonString(n), this.pretty ? ": " : ":");
  }

  startObject(): void {
    this.eor();
    this.parts.push("{");
    this.depth++;
    this.sep = false;
  }

  endObject(): void {
    this.depth--;
    if (this.sep) this.eol();
    this.parts.push("}");
    this.sep = true;
  }

  startArray(): void {
    this.eor();
    this.parts.push(this.pretty ? "[ " : "[");
    this.depth++;
    this.sep = false;
  }

  endArray(): void {
    if (this.pretty && this.sep) this.parts.push(" ");
    this.depth--;
    this.parts.push("]");
    this.sep = true;
  }

  /** A string value. */
  string(v: string): void {
    this.eor();
    this.parts.push(jsonString(v));
  }

  /** A number, boolean or null written verbatim (already formatted). */
  raw(v: string): void {
    this.eor();
    this.parts.push(v);
  }

  /** Bytes written straight into the stream (iproute2 code that fprintf()s to stdout while -json is on); no separator, no state change. */
  verbatim(v: string): void {
    this.parts.push(v);
  }

  /** Everything written so far (ip ends its document with a newline: add it when done). */
  take(): string {
    const s = this.parts.join("");
    this.parts = [];
    return s;
  }

  /** Nesting depth (0 at the top). */
  get level(): number {
    return this.depth;
  }
}
