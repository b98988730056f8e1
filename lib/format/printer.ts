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

/**
 * iproute2's colour attributes (include/color.h enum color_attr), named by
 * formatters at exactly the call sites where ip uses print_color_*.
 */
export const COLOR = { IFNAME: 0, MAC: 1, INET: 2, INET6: 3, OPERSTATE_UP: 4, OPERSTATE_DOWN: 5, NONE: 6 } as const;
export type Color = (typeof COLOR)[keyof typeof COLOR];

/** lib/color.c's palettes, indexed by Color: light background, and (COLORFGBG) dark background. */
const PALETTES = {
  light: ["\x1b[36m", "\x1b[33m", "\x1b[35m", "\x1b[34m", "\x1b[32m", "\x1b[31m"],
  dark: ["\x1b[1;36m", "\x1b[1;33m", "\x1b[1;35m", "\x1b[1;34m", "\x1b[1;32m", "\x1b[1;31m"],
} as const;
const CLEAR = "\x1b[0m";

/** Which palette: "light" (ip's default), "dark" (COLORFGBG names a dark background). */
export type ColorScheme = keyof typeof PALETTES;

/** ip's ifa_family_color: INET/INET6 by address family (AF_INET 2 or "inet", AF_INET6 10 or "inet6"), else none. */
export function familyColor(family: number | string): Color {
  return family === 2 || family === "inet" ? COLOR.INET : family === 10 || family === "inet6" ? COLOR.INET6 : COLOR.NONE;
}

/** ip's oper_state_color: UP green, DOWN red, the others uncoloured. */
export function operstateColor(state: string | number): Color {
  return state === "UP" ? COLOR.OPERSTATE_UP : state === "DOWN" ? COLOR.OPERSTATE_DOWN : COLOR.NONE;
}

/**
 * lib/color.c set_color_palette: COLORFGBG's last ';'-separated field being
 * one character 0-6 or 8 means a dark background.
 */
export function colorSchemeFromEnv(colorfgbg: string | undefined): ColorScheme {
  if (colorfgbg === undefined) return "light";
  const i = colorfgbg.lastIndexOf(";");
  if (i < 0) return "light";
  const last = colorfgbg.slice(i + 1);
  return last.length === 1 && /[0-68]/.test(last) ? "dark" : "light";
}

/** What the printer needs of the global options. */
export interface PrinterOptions {
  json: boolean;
  pretty: boolean;
  oneline: boolean;
  /** Colour the text output with this palette (ip -color); never applies to JSON. */
  color?: ColorScheme;
}

/** Renders one command's output as ip text or ip -json, from the same print calls. */
export class Printer {
  readonly json: boolean;
  /** Line separator inside one record: "\n", or "\\" with -oneline (ip's _SL_). */
  readonly sl: string;
  private readonly w: JsonWriter | undefined;
  private textParts: string[] = [];
  /** The palette when text is coloured (ip's color_is_enabled), else undefined. */
  private readonly palette: readonly string[] | undefined;

  constructor(opts: PrinterOptions) {
    this.json = opts.json;
    this.sl = opts.oneline ? "\\" : "\n";
    this.w = opts.json ? new JsonWriter(opts.pretty) : undefined;
    this.palette = opts.color !== undefined && !opts.json ? PALETTES[opts.color] : undefined;
  }

  /** color_fprintf: the whole formatted text between the colour's code and the reset code. */
  private paint(s: string, color: Color | undefined): string {
    if (this.palette === undefined || color === undefined || color === COLOR.NONE) return s;
    return this.palette[color] + s + CLEAR;
  }

  private key(k: string | null): void {
    if (k !== null) this.w!.name(k);
  }

  /** A string value; `color` as in ip's print_color_string (the whole text template is coloured). */
  str(key: string | null, text: string | null, v: string, color?: Color): void {
    if (this.w) {
      this.key(key);
      this.w.string(v);
    } else if (text !== null) this.textParts.push(this.paint(text.replace("%s", v), color));
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

  /** Text-only output; `color` as in ip's color_fprintf / print_color_string(PRINT_FP). */
  text(s: string, color?: Color): void {
    if (!this.w) this.textParts.push(this.paint(s, color));
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
