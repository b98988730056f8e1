/**
 * Attribute sets: the decode/encode engine for a list of netlink attributes
 * (struct nlattr, netlink.h), driven by a table of fields named as in the
 * kernel's YAML specs.
 *
 *   nlattr: 0        2        4
 *           +--------+--------+----------------+
 *           | nla_len| nla_type (+N/B bits)     | payload, padded to 4
 *           +--------+--------+----------------+
 *   N = NLA_F_NESTED (bit 15), B = NLA_F_NET_BYTEORDER (bit 14)
 *
 * Decoding yields a plain object whose keys appear in wire order, so
 * encoding it again writes the attributes in the same order. Attributes the
 * set does not know, and repeats of a non-repeatable one, are kept in
 * `unknown` (type, flag bits, hex payload). When the wire order cannot be
 * told by the object's key order alone (unknown attributes or repeats of a
 * `multi` field interleaved with others) or a known attribute carries other
 * NLA_F_* bits than its field writes, the decoded object also gets a hidden
 * (non-enumerable, symbol-keyed) layout record, and encode follows it:
 * decode followed by encode reproduces the input bytes. Copies of the object
 * (spread, JSON, structuredClone) drop the record and encode in key order;
 * keys added after decoding are written after the recorded ones.
 */
import { HOST_LE } from "./align.ts";
import { NLA_F_NESTED, NLA_TYPE_MASK } from "./constants.ts";
import { DecodeError } from "./errors.ts";
import type { Field, FieldOptions } from "./fields.ts";
import { fromHex, toHex } from "./hex.ts";
import type { NlWriter } from "./writer.ts";

/** An attribute kept as it came: type number, NLA_F_* bits and hex payload. */
export interface RawAttr {
  type: number;
  /** NLA_F_NESTED / NLA_F_NET_BYTEORDER bits as seen on the wire (0 when none). */
  flags: number;
  data: string;
}

type ValueOf<F> = F extends Field<infer V> ? V : never;

/** The decoded object type of a field table. */
export type AttrsOf<F> = { -readonly [K in keyof F]?: ValueOf<F[K]> } & { unknown?: RawAttr[] };

interface Entry {
  name: string;
  path: string;
  field: Field<unknown>;
}

/**
 * Wire layout of a decoded attribute object, kept only when key order alone
 * would not reproduce the input: one [key, NLA_F_* bits] per attribute in
 * wire order ("unknown" for each raw one, a multi field's name once per
 * element).
 */
type Layout = Array<[key: string, flags: number]>;

/** Symbol of the hidden layout record (see the module comment). */
const LAYOUT: unique symbol = Symbol("bun-netlink.attr-layout");

/** A named table of attribute fields; decode/encode attribute streams with it. */
export class AttrSet<T extends object> {
  #byType: Array<Entry | undefined> | undefined;
  #byName: Map<string, Entry> | undefined;
  /** Attribute sequences this set decodes often, each with a generated object builder (see Shape). */
  private readonly shapes: Shape[] = [];
  /** Plain sequences the loop decoded lately and how often each came (see learn). */
  private readonly candidates: Array<{ seq: number[]; seen: number }> = [];
  /** Plain decodes left to learn from: a set whose sequences never settle stops paying for learning. */
  private learnBudget = LEARN_BUDGET;
  /** Phantom marker for the decoded type. */
  declare readonly _type: T;

  /**
   * The indexes by type and by name are built on first use: a program
   * loads hundreds of sets (every family's, every kind's) and uses few, and
   * building them all cost a one-shot command's start (`-n NS link show`).
   * The table's checks run then too.
   */
  constructor(readonly name: string, private fields: Readonly<Record<string, Field<any>>> | (() => Readonly<Record<string, Field<any>>>)) {}

  private get byType(): Array<Entry | undefined> {
    return this.#byType ?? this.index()[0];
  }

  private get byName(): Map<string, Entry> {
    return this.#byName ?? this.index()[1];
  }

  private index(): [Array<Entry | undefined>, Map<string, Entry>] {
    const name = this.name;
    const byType: Array<Entry | undefined> = [];
    const byName = new Map<string, Entry>();
    if (typeof this.fields === "function") this.fields = this.fields();
    const fields = this.fields;
    for (const fname in fields) {
      const field = fields[fname]!;
      if (fname === "unknown") throw new Error(`${name}: "unknown" is reserved`);
      if (!Number.isInteger(field.type) || field.type < 0 || field.type > NLA_TYPE_MASK) throw new Error(`${name}.${fname}: type ${field.type} is not 0..${NLA_TYPE_MASK}`);
      if (byType[field.type]) throw new Error(`${name}: type ${field.type} defined twice (${fname})`);
      const e: Entry = { name: fname, path: `${name}.${fname}`, field };
      byType[field.type] = e;
      byName.set(fname, e);
    }
    this.#byType = byType;
    this.#byName = byName;
    return [byType, byName];
  }

  /** The field table entry for an attribute name (for requests that set one attribute). */
  typeOf(name: keyof T & string): number {
    const e = this.byName.get(name);
    if (!e) throw new Error(`${this.name}: no attribute ${name}`);
    return e.field.type;
  }

  /**
   * Decode the attributes in buf[off, end). Throws DecodeError on a header
   * that does not fit, nla_len below 4, or an attribute past `end`.
   */
  decode(buf: Uint8Array, dv: DataView, off: number, end: number): T {
    if (off >= end) return {} as T; // an empty nest (IFLA_DPLL_PIN of most links): the loop's answer, without making the loop hot
    const shapes = this.shapes;
    for (let i = 0; i < shapes.length; i++) {
      const shape = shapes[i]!;
      if (shape.matches(dv, off, end)) return shape.decode(buf, dv, off, end) as T;
    }
    return this.decodeLoop(buf, dv, off, end);
  }

  /** The table-driven decode: every input, including the ones no shape matches. */
  private decodeLoop(buf: Uint8Array, dv: DataView, off: number, end: number): T {
    const out: Record<string, unknown> = {};
    const byType = this.byType;
    let layout: Layout | undefined;
    let last: string | undefined; // key of the previous attribute
    // The header words of a plain decode (known attributes, each once, default NLA_F_* bits), while learning shapes.
    let seq: number[] | undefined = this.shapes.length < MAX_SHAPES && this.learnBudget > 0 ? [] : undefined;
    while (off < end) {
      if (end - off < 4) throw new DecodeError(`${end - off} trailing bytes, too short for an attribute header`, this.name, off);
      const len = dv.getUint16(off, HOST_LE);
      const raw = dv.getUint16(off + 2, HOST_LE);
      if (len < 4) throw new DecodeError(`nla_len ${len} is below the 4-byte header`, this.name, off);
      if (off + len > end) throw new DecodeError(`attribute type ${raw & NLA_TYPE_MASK} of ${len} bytes runs past the end (${end - off} left)`, this.name, off);
      const e = byType[raw & NLA_TYPE_MASK];
      const wire = raw & ~NLA_TYPE_MASK & 0xffff;
      let key: string;
      if (e === undefined) {
        seq = undefined;
        key = "unknown";
        if (layout === undefined && out.unknown !== undefined && last !== key) layout = this.layoutOf(out);
        pushUnknown(out, raw, buf, off, len);
      } else if (e.field.multi) {
        seq = undefined;
        key = e.name;
        const arr = out[key] as unknown[] | undefined;
        if (layout === undefined && ((arr !== undefined && last !== key) || wire !== e.field.wireFlags)) layout = this.layoutOf(out);
        const v = e.field.decode(buf, dv, off + 4, len - 4, e.path);
        if (arr === undefined) out[key] = [v];
        else arr.push(v);
      } else if (out[e.name] !== undefined) {
        seq = undefined;
        key = "unknown";
        if (layout === undefined && out.unknown !== undefined && last !== key) layout = this.layoutOf(out);
        pushUnknown(out, raw, buf, off, len);
      } else {
        key = e.name;
        if (layout === undefined && wire !== e.field.wireFlags) layout = this.layoutOf(out);
        out[key] = e.field.decode(buf, dv, off + 4, len - 4, e.path);
        if (seq !== undefined) seq.push(raw);
      }
      if (layout !== undefined) layout.push([key, wire]);
      last = key;
      off += (len + 3) & ~3;
    }
    if (layout !== undefined) Object.defineProperty(out, LAYOUT, { value: layout, enumerable: false, writable: true, configurable: true });
    else if (seq !== undefined && seq.length > 0) this.learn(seq);
    return out as T;
  }

  /**
   * Note a plain sequence the loop decoded; one seen SHAPE_AFTER times
   * becomes a shape (a program that decodes a set a few times generates
   * nothing). A few candidates are kept, as kinds interleave in a dump and
   * a set may be nested in itself.
   */
  private learn(seq: number[]): void {
    this.learnBudget--;
    const cs = this.candidates;
    const c = cs.find((x) => x.seq.length === seq.length && x.seq.every((raw, i) => raw === seq[i]));
    if (c === undefined) {
      if (cs.push({ seq, seen: 1 }) > MAX_CANDIDATES) cs.shift();
      return;
    }
    if (++c.seen < SHAPE_AFTER) return;
    cs.splice(cs.indexOf(c), 1);
    const shape = Shape.make(seq, seq.map((raw) => this.byType[raw & NLA_TYPE_MASK]!));
    if (shape !== undefined) this.shapes.push(shape);
  }

  /** The layout of what `out` holds so far, all in key order with default flag bits. */
  private layoutOf(out: Record<string, unknown>): Layout {
    const layout: Layout = [];
    for (const key in out) {
      const v = out[key];
      const f = key === "unknown" ? undefined : this.byName.get(key)!.field;
      const n = f === undefined || f.multi ? (v as unknown[]).length : 1;
      for (let i = 0; i < n; i++) layout.push([key, f === undefined ? 0 : f.wireFlags]);
    }
    return layout;
  }

  /** Encode `attrs` (keys in the order given) into w; TypeError/RangeError name the field. */
  encode(w: NlWriter, attrs: T, path: string = this.name): void {
    if (attrs === null || typeof attrs !== "object") throw new TypeError(`${path}: expected an object of attributes`);
    const rec = attrs as Record<string, unknown>;
    const layout = (attrs as { [LAYOUT]?: Layout })[LAYOUT];
    if (layout === undefined) {
      for (const key in rec) this.encodeKey(w, rec, key, 0, -1, path);
      return;
    }
    // Follow the recorded wire order; then whatever the layout does not cover.
    const used = new Map<string, number>();
    for (const [key, flags] of layout) {
      const v = rec[key];
      if (v === undefined) continue;
      const i = used.get(key) ?? 0;
      used.set(key, i + 1);
      const single = key !== "unknown" && !this.byName.get(key)?.field.multi;
      if (single) {
        if (i === 0) this.encodeKey(w, rec, key, 0, flags, path);
      } else if (Array.isArray(v) && i < v.length) {
        this.encodeKey(w, rec, key, i, flags, path, i + 1);
      }
    }
    for (const key in rec) {
      const i = used.get(key) ?? 0;
      const single = key !== "unknown" && !this.byName.get(key)?.field.multi;
      if (!single || i === 0) this.encodeKey(w, rec, key, i, -1, path);
    }
  }

  /**
   * Write attribute `key` of `rec`: for unknown/multi keys the elements
   * [from, to) (to = all), for a single value the value itself. `flags` >= 0
   * overrides the field's NLA_F_* bits (from a recorded layout).
   */
  private encodeKey(w: NlWriter, rec: Record<string, unknown>, key: string, from: number, flags: number, path: string, to = -1): void {
    const v = rec[key];
    if (v === undefined) return;
    if (key === "unknown") {
      encodeUnknown(w, v, `${path}.unknown`, from, to);
      return;
    }
    const e = this.byName.get(key);
    if (e === undefined) throw new TypeError(`${path}.${key}: not an attribute of ${this.name} (known: ${[...this.byName.keys()].join(", ")})`);
    const f = e.field;
    const type = f.type | (flags >= 0 ? flags : f.wireFlags);
    if (f.multi) {
      if (!Array.isArray(v)) throw new TypeError(`${path}.${key}: expected an array`);
      const stop = to < 0 ? v.length : to;
      for (let i = from; i < stop; i++) {
        const s = w.beginAttr(type);
        f.encode(w, v[i], `${path}.${key}[${i}]`);
        w.endAttr(s);
      }
    } else {
      if (v === false && f.flag) return;
      const s = w.beginAttr(flags < 0 && f.wireFlagsOf ? f.type | f.wireFlagsOf(v) : type);
      f.encode(w, v, `${path}.${key}`);
      w.endAttr(s);
    }
  }
}

/** Shapes per set: the kinds of one family's objects a program meets (lo, veth, bridge...). */
const MAX_SHAPES = 4;
/** Plain decodes of the same sequence before it becomes a shape. */
const SHAPE_AFTER = 3;
/** Sequences followed at once while learning. */
const MAX_CANDIDATES = 8;
/** Plain loop decodes a set learns from at most. */
const LEARN_BUDGET = 1024;

/**
 * One attribute sequence a set keeps decoding (the kernel writes a given
 * kind of object with the same attributes in the same order), with a
 * generated decoder: one function that walks the attributes, calls each
 * field's own decode from a call site of its own (so the JIT can inline
 * it), and returns one object literal, keys in that (wire) order. The
 * object is the one the loop builds key by key, without a shape transition
 * per key and the regrowing of its property storage (for a link's ~45
 * attributes that was most of the decode), and without an indirect call
 * through a table per attribute. Only plain sequences become shapes: every
 * attribute known, none repeated, each with the NLA_F_* bits its field
 * writes (the header word, bits included, must match), so no layout record
 * is ever needed. Anything else, or a malformed header, goes to the loop,
 * which throws the same errors: the fields decode the same bytes in the
 * same order.
 */
class Shape {
  private constructor(
    private readonly raws: Uint16Array,
    /** Decode attributes that {@link matches} accepted. */
    readonly decode: (buf: Uint8Array, dv: DataView, off: number, end: number) => Record<string, unknown>,
  ) {}

  /** The shape of `raws` (header words) decoded by `entries`; undefined where code generation is not allowed. */
  static make(raws: readonly number[], entries: readonly Entry[]): Shape | undefined {
    if (entries.some((e) => e.name === "__proto__")) return undefined;
    const le = HOST_LE ? "true" : "false";
    // Each field and path a constant of the generated closure; each value a local, read into one literal.
    const consts = entries.map((_e, i) => `const f${i} = F[${i}].field, p${i} = F[${i}].path;`).join("\n");
    const steps = entries.map((_e, i) => `len = dv.getUint16(off, ${le}); const v${i} = f${i}.decode(buf, dv, off + 4, len - 4, p${i}); off += (len + 3) & ~3;`).join("\n");
    const body = entries.map((e, i) => `${JSON.stringify(e.name)}: v${i}`).join(", ");
    try {
      const make = new Function("F", `${consts}\nreturn function decodeShape(buf, dv, off, end) {\nlet len;\n${steps}\nreturn { ${body} };\n};`);
      return new Shape(Uint16Array.from(raws), make(entries) as Shape["decode"]);
    } catch {
      return undefined;
    }
  }

  /** Whether the attributes in [off, end) are this sequence, every header sound. */
  matches(dv: DataView, off: number, end: number): boolean {
    const raws = this.raws;
    const n = raws.length;
    let i = 0;
    while (off < end) {
      if (i === n || end - off < 4) return false;
      const len = dv.getUint16(off, HOST_LE);
      if (len < 4 || off + len > end || dv.getUint16(off + 2, HOST_LE) !== raws[i]) return false;
      i++;
      off += (len + 3) & ~3;
    }
    return i === n;
  }
}

function pushUnknown(out: Record<string, unknown>, raw: number, buf: Uint8Array, off: number, len: number): void {
  const a: RawAttr = { type: raw & NLA_TYPE_MASK, flags: raw & ~NLA_TYPE_MASK & 0xffff, data: toHex(buf, off + 4, len - 4) };
  const list = out.unknown as RawAttr[] | undefined;
  if (list === undefined) out.unknown = [a];
  else list.push(a);
}

function encodeUnknown(w: NlWriter, v: unknown, path: string, from: number, to: number): void {
  if (!Array.isArray(v)) throw new TypeError(`${path}: expected an array of raw attributes`);
  const stop = to < 0 ? v.length : to;
  for (let i = from; i < stop; i++) {
    const a = v[i] as RawAttr;
    if (!a || typeof a !== "object" || !Number.isInteger(a.type) || a.type < 0 || a.type > NLA_TYPE_MASK) throw new TypeError(`${path}[${i}].type: expected 0..${NLA_TYPE_MASK}`);
    const flags = a.flags ?? 0;
    if (!Number.isInteger(flags) || (flags & NLA_TYPE_MASK) !== 0 || flags < 0 || flags > 0xffff) throw new TypeError(`${path}[${i}].flags: expected NLA_F_NESTED/NLA_F_NET_BYTEORDER bits, got ${String(flags)}`);
    const s = w.beginAttr(a.type | flags);
    w.bytes(fromHex(a.data, `${path}[${i}].data`));
    w.endAttr(s);
  }
}

/**
 * Define an attribute set from a table of fields; the decoded type follows
 * the table. `fields` may be a function returning the table, called on the
 * set's first use: the field objects of the sets a program never uses (every
 * link kind's, for `ip link show` of links without one) are then never made.
 */
export function attrSet<F extends Readonly<Record<string, Field<any>>>>(name: string, fields: F | (() => F)): AttrSet<AttrsOf<F>> {
  return new AttrSet<AttrsOf<F>>(name, fields);
}

/** A nested attribute (NLA_NESTED) whose payload is decoded with `set`. */
export function nest<T extends object>(type: number, set: AttrSet<T>, o: FieldOptions = {}): Field<T> {
  return {
    type,
    wireFlags: o.wireFlags ?? 0,
    decode: (buf, dv, off, len) => set.decode(buf, dv, off, off + len),
    encode: (w, v, path) => set.encode(w, v, path),
  };
}

/** NLA_F_NESTED, for fields that the kernel or iproute2 mark as nested on the wire. */
export const NESTED = NLA_F_NESTED;
