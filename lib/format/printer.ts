/**
 * One output path for text and JSON, in the spirit of iproute2's
 * print_*(PRINT_ANY, key, fmt, value) calls: every formatter says each
 * value once, with its JSON key and its text template, so the two outputs
 * cannot drift apart in order or in which values appear.
 *
 * - `key` null: in JSON the value is an array element.
 * - `text` null: the value appears in JSON only (ip's PRINT_JSON).
 * - `p.text(s)`: text only (ip's PRINT_FP).
 * Text templates contain one `%s`, replaced by the value.
 */
import { JsonWriter } from "./json.ts";

/** What the printer needs of the global options. */
export interface PrinterOptions {
  json: boolean;
  pretty: boolean;
  oneline: boolean;
}

/** Renders one command's output as ip text or ip -json, from the same print calls. */
export class Printer {
  readonly json: boolean;
  /** Line separator inside one record: "\n", or "\\" with -oneline (ip's _SL_). */
  readonly sl: string;
  private readonly w: JsonWriter | undefined;
  private textParts: string[] = [];

  constructor(opts: PrinterOptions) {
    this.json = opts.json;
    this.sl = opts.oneline ? "\\" : "\n";
    this.w = opts.json ? new JsonWriter(opts.pretty) : undefined;
  }

  private key(k: string | null): void {
    if (k !== null) this.w!.name(k);
  }

  /** A string value. */
  str(key: string | null, text: string | null, v: string): void {
    if (this.w) {
      this.key(key);
      this.w.string(v);
    } else if (text !== null) this.textParts.push(text.replace("%s", v));
  }

  /** An integer value (JSON number); `textValue` overrides how it reads in text. */
  num(key: string | null, text: string | null, v: number | bigint, textValue?: string): void {
    if (this.w) {
      this.key(key);
      this.w.raw(String(v));
    } else if (text !== null) this.textParts.push(text.replace("%s", textValue ?? String(v)));
  }

  /** A number already formatted (e.g. "0.00" timers, written unquoted in JSON). */
  rawNum(key: string | null, text: string | null, v: string): void {
    if (this.w) {
      this.key(key);
      this.w.raw(v);
    } else if (text !== null) this.textParts.push(text.replace("%s", v));
  }

  /** A boolean (JSON true/false); text shows `text` with %s replaced by "true"/"false" or as is. */
  bool(key: string | null, text: string | null, v: boolean): void {
    if (this.w) {
      this.key(key);
      this.w.raw(v ? "true" : "false");
    } else if (text !== null) this.textParts.push(text.replace("%s", v ? "true" : "false"));
  }

  /** JSON null with a key (ip's print_null), text template as is. */
  null(key: string, text: string | null): void {
    if (this.w) {
      this.key(key);
      this.w.raw("null");
    } else if (text !== null) this.textParts.push(text);
  }

  /** Text-only output. */
  text(s: string): void {
    if (!this.w) this.textParts.push(s);
  }

  /** fprintf(fp, ...) in iproute2 code that bypasses the print_* helpers: the same bytes in text and, verbatim, inside -json output. */
  fp(s: string): void {
    if (this.w) this.w.verbatim(s);
    else this.textParts.push(s);
  }

  /** Text line break inside a record (ip's print_nl / _SL_). */
  nl(): void {
    if (!this.w) this.textParts.push(this.sl);
  }

  /** Open a JSON object (a member when `key` is given, else an element). Nothing in text. */
  obj(key: string | null = null): void {
    if (this.w) {
      this.key(key);
      this.w.startObject();
    }
  }

  endObj(): void {
    this.w?.endObject();
  }

  /** Open a JSON array; in text print `text` if given. */
  arr(key: string | null, text: string | null = null): void {
    if (this.w) {
      this.key(key);
      this.w.startArray();
    } else if (text !== null) this.textParts.push(text);
  }

  endArr(text: string | null = null): void {
    if (this.w) this.w.endArray();
    else if (text !== null) this.textParts.push(text);
  }

  /** Take what was printed so far (text, or the JSON written so far). */
  take(): string {
    if (this.w) return this.w.take();
    const s = this.textParts.join("");
    this.textParts = [];
    return s;
  }

  /** True when nothing is pending in text mode. */
  get empty(): boolean {
    return this.textParts.length === 0;
  }
}
