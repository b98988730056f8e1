/**
 * Walking the words of a command the way iproute2 does: keywords match by
 * prefix (`matches()` in ip 6.1's lib/utils.c: "sh" is "show", a longer
 * word never matches and an empty word matches nothing), values follow
 * their keyword, and a keyword at the end of the line is an incomplete
 * command.
 */
import { duparg, incomplete, invarg } from "./errors.ts";
import { REALMS, strtoulWord, type NameTable } from "../lib/format/names.ts";

/** ip 6.1's matches(): true when `word` is a non-empty prefix of `keyword`. */
export function matches(word: string, keyword: string): boolean {
  return word.length > 0 && word.length <= keyword.length && keyword.startsWith(word);
}

/** A cursor over the words after the object and command. */
export class Args {
  private i = 0;
  constructor(private readonly words: readonly string[]) {}

  /** Words left. */
  get left(): number {
    return this.words.length - this.i;
  }
  /** True when no words are left. */
  get done(): boolean {
    return this.i >= this.words.length;
  }
  /** The current word without consuming it. */
  peek(): string | undefined {
    return this.words[this.i];
  }
  /** Consume and return the current word (undefined at the end). */
  take(): string | undefined {
    return this.words[this.i++];
  }
  /** Consume the current word; it must exist. */
  word(): string {
    const w = this.words[this.i++];
    if (w === undefined) throw incomplete();
    return w;
  }
  /** The value after a keyword (ip's NEXT_ARG): incomplete command when missing. */
  value(): string {
    if (this.i >= this.words.length) throw incomplete();
    return this.words[this.i++]!;
  }
  /** Put back the last consumed word. */
  back(): void {
    this.i--;
  }
  /** Everything not consumed yet. */
  rest(): string[] {
    const r = this.words.slice(this.i);
    this.i = this.words.length;
    return r;
  }
}

/** Throw ip's duparg error when `seen` already holds a value for `key`. */
export function once<T>(seen: T | undefined, key: string, arg: string): void {
  if (seen !== undefined) throw duparg(key, arg);
}

/**
 * ip's get_unsigned()/get_u16() etc.: strtoul with base 0 (0x hex, leading
 * 0 octal, decimal), the whole word, at most `max`; undefined otherwise.
 */
export function getUnsigned(v: string, max = 0xffffffff): number | undefined {
  if (/^(0|[1-9][0-9]{0,8})$/.test(v)) return Number(v) <= max ? Number(v) : undefined; // the common case, without BigInt
  const n = strtoulWord(v, 0);
  return n === undefined || n > BigInt(max) ? undefined : Number(n);
}

/** ip's get_integer/get_s32 with base 0 (strtol into an int: a sign, 0x, octal, leading blanks), or undefined. */
export function getInteger(v: string): number | undefined {
  const n = strtoulWord(v, 0, true);
  return n === undefined || n > 0x7fffffffn || n < -0x80000000n ? undefined : Number(n);
}

/**
 * An option's value as ip's get_unsigned/get_u8..get_u32 read it with base
 * 0 (strtoul: 0x, a leading 0 octal, a sign, leading blanks) up to `max`;
 * else invarg(msg) naming the word.
 */
export function unsignedArg(v: string, msg: string, max = 0xffffffff): number {
  const n = getUnsigned(v, max);
  if (n === undefined) throw invarg(msg, v);
  return n;
}

/**
 * ip's get_rt_realms_or_raw (ip/rtm_map.c): "TO", "FROM/TO" or "FROM/"
 * with realm names or numbers (0..255), FROM going into the upper 16
 * bits; failing that, any unsigned 32-bit number. Undefined when neither.
 */
export function getRealmsOrRaw(v: string): number | undefined {
  const slash = v.indexOf("/");
  let realms: number | undefined = 0;
  let to = v;
  if (slash >= 0) {
    const from = REALMS.id(v.slice(0, slash));
    if (from === undefined) realms = undefined;
    else {
      realms = from << 16;
      to = v.slice(slash + 1);
    }
  }
  if (realms !== undefined && to !== "") {
    const t = REALMS.id(to);
    realms = t === undefined ? undefined : (realms | t) >>> 0;
  }
  return realms ?? getUnsigned(v);
}

/**
 * A show selector given by name or number (0..255), or "all" as ip's
 * `scope all` / `protocol all`: returns [value, mask]; mask 0 matches any.
 */
export function idOrAll(table: NameTable, v: string, what: string, allValue: number): [number, number] {
  const n = table.id(v);
  if (n !== undefined && n <= 255) return [n, -1];
  if (v !== "all") throw invarg(`invalid "${what}"\n`, v);
  return [allValue, 0];
}
