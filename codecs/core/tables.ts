/**
 * Name tables for enums and bit flags carried in netlink headers and
 * attributes. Decoding yields names; a value without a name is kept as a
 * number (enums) or a "0x..." string (flag bits) so nothing is lost, and
 * encoding accepts either form back.
 */

/** A two-way map between enum numbers and their names. */
export class EnumTable {
  #byValue: Map<number, string> | undefined;
  #byName: Map<string, number> | undefined;
  /** The maps are built on first use (most tables a program loads are never consulted). */
  constructor(readonly what: string, private readonly entries: Readonly<Record<number, string>>) {}
  /** Number -> name. */
  get byValue(): Map<number, string> {
    return this.#byValue ?? this.build()[0];
  }
  /** Name -> number. */
  get byName(): Map<string, number> {
    return this.#byName ?? this.build()[1];
  }
  private build(): [Map<number, string>, Map<string, number>] {
    const byValue = new Map<number, string>();
    const byName = new Map<string, number>();
    for (const [k, v] of Object.entries(this.entries)) {
      byValue.set(Number(k), v);
      byName.set(v, Number(k));
    }
    this.#byValue = byValue;
    this.#byName = byName;
    return [byValue, byName];
  }
  /** Name for `v`, or `v` itself when it has none (lossless). */
  name(v: number): string | number {
    return this.byValue.get(v) ?? v;
  }
  /** Number for a name or a number; TypeError naming `field` for an unknown name. */
  value(v: string | number, field: string, max = 0xffffffff): number {
    if (typeof v === "number") {
      if (!Number.isInteger(v) || v < 0 || v > max) throw new RangeError(`${field}: ${this.what} ${v} is out of range 0..${max}`);
      return v;
    }
    if (typeof v === "string") {
      const n = this.byName.get(v);
      if (n !== undefined) return n;
      if (/^(0x[0-9a-f]+|[0-9]+)$/i.test(v)) return this.value(Number(v), field, max);
    }
    const known = [...this.byName.keys()].join(", ");
    throw new TypeError(`${field}: unknown ${this.what} ${JSON.stringify(v)} (known: ${known})`);
  }
}

/** A set of named bit flags. */
export class FlagTable {
  #bits: Array<[number, string]> | undefined;
  #byName: Map<string, number> | undefined;
  /** The table is indexed on first use (most tables a program loads are never consulted). */
  constructor(readonly what: string, private readonly entries: Readonly<Record<string, number>>) {}
  private get bits(): Array<[number, string]> {
    return (this.#bits ??= Object.entries(this.entries).map(([name, bit]) => [bit, name] as [number, string]));
  }
  private get byName(): Map<string, number> {
    if (this.#byName === undefined) {
      this.#byName = new Map();
      for (const [bit, name] of this.bits) this.#byName.set(name, bit);
    }
    return this.#byName;
  }
  /** Names of the set bits in table order; bits without a name come last as one "0x..." string. */
  names(v: number): string[] {
    if (v === this.#lastValue) return this.#lastNames!.slice(); // the same bits again (a link asked for again): a copy
    const out: string[] = [];
    if (v === 0) return out;
    let rest = v >>> 0;
    for (const [bit, name] of this.bits) {
      if (bit !== 0 && ((rest & bit) >>> 0) === bit) {
        out.push(name);
        rest = (rest & ~bit) >>> 0;
      }
    }
    if (rest !== 0) out.push("0x" + rest.toString(16));
    this.#lastValue = v;
    this.#lastNames = out.slice();
    return out;
  }
  /** The last non-zero value `names` was asked for (-1: none yet) and its names, kept apart from the arrays handed out. */
  #lastValue = -1;
  #lastNames: string[] | undefined;
  /** Bits for a list of names (or "0x..." strings) or a plain number; TypeError naming `field` otherwise. */
  value(v: readonly string[] | number, field: string): number {
    if (typeof v === "number") {
      if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new RangeError(`${field}: ${this.what} ${v} is out of range`);
      return v;
    }
    if (!Array.isArray(v)) throw new TypeError(`${field}: expected an array of ${this.what} names or a number`);
    let out = 0;
    for (const name of v) {
      const bit = this.byName.get(name);
      if (bit !== undefined) out |= bit;
      else if (typeof name === "string" && /^0x[0-9a-f]+$/i.test(name)) out |= Number(name);
      else throw new TypeError(`${field}: unknown ${this.what} ${JSON.stringify(name)} (known: ${[...this.byName.keys()].join(", ")})`);
    }
    return out >>> 0;
  }
}
