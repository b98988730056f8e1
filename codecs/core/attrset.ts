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
 * `unknown` (type, flag bits, hex payload) and written back where the first
 * of them stood: decode followed by encode reproduces the input bytes.
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

/** A named table of attribute fields; decode/encode attribute streams with it. */
export class AttrSet<T extends object> {
  private readonly byType: Array<Entry | undefined> = [];
  private readonly byName = new Map<string, Entry>();
  /** Phantom marker for the decoded type. */
  declare readonly _type: T;

  constructor(readonly name: string, fields: Readonly<Record<string, Field<any>>>) {
    for (const [fname, field] of Object.entries(fields)) {
      if (fname === "unknown") throw new Error(`${name}: "unknown" is reserved`);
      if (this.byType[field.type]) throw new Error(`${name}: type ${field.type} defined twice (${fname})`);
      const e: Entry = { name: fname, path: `${name}.${fname}`, field };
      this.byType[field.type] = e;
      this.byName.set(fname, e);
    }
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
    const out: Record<string, unknown> = {};
    const byType = this.byType;
    while (off < end) {
      if (end - off < 4) throw new DecodeError(`${end - off} trailing bytes, too short for an attribute header`, this.name, off);
      const len = dv.getUint16(off, HOST_LE);
      const raw = dv.getUint16(off + 2, HOST_LE);
      if (len < 4) throw new DecodeError(`nla_len ${len} is below the 4-byte header`, this.name, off);
      if (off + len > end) throw new DecodeError(`attribute type ${raw & NLA_TYPE_MASK} of ${len} bytes runs past the end (${end - off} left)`, this.name, off);
      const e = byType[raw & NLA_TYPE_MASK];
      if (e === undefined) {
        pushUnknown(out, raw, buf, off, len);
      } else if (e.field.multi) {
        const v = e.field.decode(buf, dv, off + 4, len - 4, e.path);
        const arr = out[e.name] as unknown[] | undefined;
        if (arr === undefined) out[e.name] = [v];
        else arr.push(v);
      } else if (out[e.name] !== undefined) {
        pushUnknown(out, raw, buf, off, len);
      } else {
        out[e.name] = e.field.decode(buf, dv, off + 4, len - 4, e.path);
      }
      off += (len + 3) & ~3;
    }
    return out as T;
  }

  /** Encode `attrs` (keys in the order given) into w; TypeError/RangeError name the field. */
  encode(w: NlWriter, attrs: T, path: string = this.name): void {
    if (attrs === null || typeof attrs !== "object") throw new TypeError(`${path}: expected an object of attributes`);
    for (const key in attrs) {
      const v = (attrs as Record<string, unknown>)[key];
      if (v === undefined) continue;
      if (key === "unknown") {
        encodeUnknown(w, v, `${path}.unknown`);
        continue;
      }
      const e = this.byName.get(key);
      if (e === undefined) throw new TypeError(`${path}.${key}: not an attribute of ${this.name} (known: ${[...this.byName.keys()].join(", ")})`);
      const f = e.field;
      if (f.multi) {
        if (!Array.isArray(v)) throw new TypeError(`${path}.${key}: expected an array`);
        for (let i = 0; i < v.length; i++) {
          const s = w.beginAttr(f.type | f.wireFlags);
          f.encode(w, v[i], `${path}.${key}[${i}]`);
          w.endAttr(s);
        }
      } else {
        if (v === false && f.flag) continue;
        const s = w.beginAttr(f.type | f.wireFlags);
        f.encode(w, v, `${path}.${key}`);
        w.endAttr(s);
      }
    }
  }
}

function pushUnknown(out: Record<string, unknown>, raw: number, buf: Uint8Array, off: number, len: number): void {
  const a: RawAttr = { type: raw & NLA_TYPE_MASK, flags: raw & ~NLA_TYPE_MASK & 0xffff, data: toHex(buf, off + 4, len - 4) };
  const list = out.unknown as RawAttr[] | undefined;
  if (list === undefined) out.unknown = [a];
  else list.push(a);
}

function encodeUnknown(w: NlWriter, v: unknown, path: string): void {
  if (!Array.isArray(v)) throw new TypeError(`${path}: expected an array of raw attributes`);
  v.forEach((a: RawAttr, i) => {
    if (!a || typeof a.type !== "number" || a.type < 0 || a.type > NLA_TYPE_MASK) throw new TypeError(`${path}[${i}].type: expected 0..${NLA_TYPE_MASK}`);
    const s = w.beginAttr(a.type | (a.flags ?? 0));
    w.bytes(fromHex(a.data, `${path}[${i}].data`));
    w.endAttr(s);
  });
}

/** Define an attribute set from a table of fields; the decoded type follows the table. */
export function attrSet<F extends Readonly<Record<string, Field<any>>>>(name: string, fields: F): AttrSet<AttrsOf<F>> {
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
