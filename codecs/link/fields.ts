/**
 * Field builders the link family needs beyond codecs/core: big-endian
 * enums, addresses of one fixed family, devconf-style u32/s32/u64 arrays
 * keyed by name, nests whose payload may also be given as raw hex, and
 * strings sent without their NUL (as iproute2 sends IFLA_INFO_KIND and
 * IFLA_IFALIAS; the kernel's NLA_STRING policy accepts both forms).
 */
import { HOST_LE } from "../core/align.ts";
import type { AttrSet } from "../core/attrset.ts";
import { DecodeError } from "../core/errors.ts";
import { custom, decodeString, LastText, type Field } from "../core/fields.ts";
import { fromHex, toHex } from "../core/hex.ts";
import type { EnumTable } from "../core/tables.ts";
import { formatIP, parseIP } from "../ip/index.ts";

/** A 16-bit enum carried in network byte order (e.g. IFLA_VLAN_PROTOCOL), decoded to its name. */
export function enumBe16(type: number, table: EnumTable): Field<string | number> {
  return custom<string | number>(type, (_b, dv, off, len, path) => {
    if (len !== 2) throw new DecodeError(`${table.what} needs 2 bytes, got ${len}`, path, off);
    return table.name(dv.getUint16(off, false));
  }, (w, v, path) => w.u16be(table.value(v, path, 0xffff)));
}

/** An address of one family only: 4 bytes (IPv4) or 16 bytes (IPv6), as a string. */
export function ipOf(type: number, bytes: 4 | 16): Field<string> {
  const what = bytes === 4 ? "IPv4" : "IPv6";
  const last = new LastText(bytes);
  return custom<string>(type, (b, _dv, off, len, path) => {
    if (len !== bytes) throw new DecodeError(`${what} address needs ${bytes} bytes, got ${len}`, path, off);
    return last.same(b, off, len) ? last.text : last.keep(b, off, len, formatIP(b, off, len));
  }, (w, v, path) => {
    const a = parseIP(v, path);
    if (a.bytes.length !== bytes) throw new TypeError(`${path}: ${JSON.stringify(v)} is not an ${what} address`);
    w.bytes(a.bytes);
  });
}

/** Element kinds of a devconf/statistics array. */
export type ArrayKind = "u32" | "s32" | "u64";
/** A decoded array: named entries in index order; entries past the name table are `idxN`. */
export type NamedArray<V> = Record<string, V>;

/**
 * A packed array of u32/s32/u64 indexed by an enum (IFLA_INET_CONF is
 * indexed by ipv4-devconf - 1, IFLA_INET6_STATS by ifla-inet6-stats).
 * Decodes to `{ name: value }` in index order so re-encoding keeps the
 * length; entries beyond the known names become `idx<N>`. A payload whose
 * length is not a multiple of the element size is a DecodeError.
 */
export function namedArray<K extends ArrayKind>(type: number, names: readonly string[], kind: K): Field<NamedArray<K extends "u64" ? bigint : number>> {
  const size = kind === "u64" ? 8 : 4;
  const key = (i: number) => names[i] ?? `idx${i}`;
  type V = K extends "u64" ? bigint : number;
  // Generated decoders by entry count (kernels add entries: one count per kernel in practice).
  // Generated from the COMPILE_AFTER-th decode on: a one-shot command decodes an array once or twice,
  // where generating the decoder costs more than the loop.
  const compiled = new Map<number, ArrayDecoder | undefined>();
  let uses = 0;
  return custom<NamedArray<V>>(type, (_b, dv, off, len, path) => {
    if (len % size !== 0) throw new DecodeError(`${kind} array length ${len} is not a multiple of ${size}`, path, off);
    const count = len / size;
    let whole = compiled.get(count);
    if (whole === undefined && ++uses >= COMPILE_AFTER && compiled.size < 8 && !compiled.has(count)) compiled.set(count, (whole = compileArray(Array.from({ length: count }, (_, i) => key(i)), kind, size)));
    if (whole !== undefined) return whole(dv, off, HOST_LE) as NamedArray<V>;
    const out: Record<string, number | bigint> = {};
    for (let i = 0; i < len / size; i++) {
      const p = off + i * size;
      out[key(i)] = kind === "u64" ? dv.getBigUint64(p, HOST_LE) : kind === "s32" ? dv.getInt32(p, HOST_LE) : dv.getUint32(p, HOST_LE);
    }
    return out as NamedArray<V>;
  }, (w, v, path) => {
    if (v === null || typeof v !== "object") throw new TypeError(`${path}: expected an object of ${kind} values`);
    const rec = v as Record<string, unknown>;
    const n = Object.keys(rec).length;
    for (let i = 0; i < n; i++) {
      const k = key(i);
      const x = rec[k];
      const p = `${path}.${k}`;
      if (x === undefined) throw new TypeError(`${p}: missing (array entries must be contiguous from index 0)`);
      if (kind === "u64") {
        if (typeof x !== "bigint" || x < 0n || x > 0xffffffffffffffffn) throw new TypeError(`${p}: expected a u64 bigint`);
        w.u64(x);
      } else {
        if (typeof x !== "number" || !Number.isInteger(x)) throw new TypeError(`${p}: expected an integer`);
        if (kind === "s32") {
          if (x < -0x80000000 || x > 0x7fffffff) throw new RangeError(`${p}: ${x} is out of s32 range`);
          w.s32(x);
        } else {
          if (x < 0 || x > 0xffffffff) throw new RangeError(`${p}: ${x} is out of u32 range`);
          w.u32(x);
        }
      }
    }
  });
}

/** Decodes of a named array (any length) before its decoders are generated. */
const COMPILE_AFTER = 4;

/**
 * The decoder of an array of `names.length` entries (`idxN` past the name
 * table): one generated object literal, keys in index order as the loop
 * sets them (setting 30 to 80 keys one by one was most of the time of
 * decoding a link). Undefined where code generation is not allowed (the
 * loop is used then).
 */
type ArrayDecoder = (dv: DataView, off: number, le: boolean) => Record<string, number | bigint>;

function compileArray(names: readonly string[], kind: ArrayKind, size: number): ArrayDecoder | undefined {
  const get = kind === "u64" ? "getBigUint64" : kind === "s32" ? "getInt32" : "getUint32";
  const body = names.map((n, i) => `${JSON.stringify(n)}: dv.${get}(o + ${i * size}, le)`).join(", ");
  try {
    return new Function("dv", "o", "le", `return { ${body} };`) as ArrayDecoder;
  } catch {
    return undefined;
  }
}

/**
 * A packed array of u64 counters kept positional (bigint[]): for
 * statistics arrays whose index meaning changes between kernel versions.
 */
export function u64Array(type: number): Field<bigint[]> {
  return custom<bigint[]>(type, (_b, dv, off, len, path) => {
    if (len % 8 !== 0) throw new DecodeError(`u64 array length ${len} is not a multiple of 8`, path, off);
    // Sized up front: pushing 38 counters (IFLA_INET6_STATS) grew the array several times, twice the time.
    const n = len / 8;
    const out = new Array<bigint>(n);
    for (let i = 0; i < n; i++) out[i] = dv.getBigUint64(off + i * 8, HOST_LE);
    return out;
  }, (w, v, path) => {
    if (!Array.isArray(v)) throw new TypeError(`${path}: expected an array of bigint`);
    v.forEach((x, i) => {
      if (typeof x !== "bigint" || x < 0n || x > 0xffffffffffffffffn) throw new TypeError(`${path}[${i}]: expected a u64 bigint`);
      w.u64(x);
    });
  });
}

/**
 * A nest decoded with `set`; on encode a hex string is written as the raw
 * payload instead (for data whose layout this library does not know).
 */
export function nestOrRaw<T extends object>(type: number, set: AttrSet<T>, wireFlags = 0): Field<T | string> {
  return custom<T | string>(type, (b, dv, off, len) => set.decode(b, dv, off, off + len), (w, v, path) => {
    if (typeof v === "string") w.bytes(fromHex(v, path));
    else set.encode(w, v, path);
  }, { wireFlags });
}

/**
 * A string attribute written without a terminating NUL, as iproute2 writes
 * IFLA_INFO_KIND and IFLA_IFALIAS (strlen bytes). Decoding accepts both
 * forms and drops one trailing NUL; a NUL inside the string is a DecodeError.
 */
export function bareString(type: number, maxLength?: number): Field<string> {
  return custom<string>(type, (b, _dv, off, len, path) => {
    let end = off + len;
    if (len > 0 && b[end - 1] === 0) end--;
    for (let i = off; i < end; i++) if (b[i] === 0) throw new DecodeError("string contains a NUL byte", path, i);
    return decodeString(b, off, end);
  }, (w, v, path) => {
    if (typeof v !== "string") throw new TypeError(`${path}: expected a string`);
    if (v.includes("\0")) throw new TypeError(`${path}: string contains a NUL byte`);
    const before = w.pos;
    w.string(v, false);
    if (maxLength !== undefined && w.pos - before > maxLength) throw new RangeError(`${path}: ${JSON.stringify(v)} is longer than ${maxLength} bytes`);
  });
}

/**
 * An indexed array (spec type `indexed-array`): a nest whose attributes are
 * numbered 0, 1, 2... Decodes to an array of values when the indexes run
 * from 0 without gaps, as the kernel writes them; any other numbering is
 * kept as the raw hex payload so nothing is lost.
 */
export function indexedArray<V>(type: number, elem: (t: number) => Field<V>): Field<V[] | string> {
  return custom<V[] | string>(type, (b, dv, off, len, path) => {
    const out: V[] = [];
    let p = off;
    const end = off + len;
    let sequential = true;
    const items: Array<[number, number, number]> = [];
    while (p < end) {
      if (end - p < 4) throw new DecodeError(`${end - p} trailing bytes, too short for an attribute header`, path, p);
      const alen = dv.getUint16(p, HOST_LE);
      const atype = dv.getUint16(p + 2, HOST_LE);
      if (alen < 4 || p + alen > end) throw new DecodeError(`bad nla_len ${alen}`, path, p);
      if (atype !== items.length) sequential = false;
      items.push([atype, p + 4, alen - 4]);
      p += (alen + 3) & ~3;
    }
    if (!sequential) return toHex(b, off, len);
    for (const [i, o, l] of items) out.push(elem(i).decode(b, dv, o, l, `${path}[${i}]`));
    return out;
  }, (w, v, path) => {
    if (typeof v === "string") { w.bytes(fromHex(v, path)); return; }
    if (!Array.isArray(v)) throw new TypeError(`${path}: expected an array`);
    v.forEach((x, i) => {
      const s = w.beginAttr(i);
      elem(i).encode(w, x, `${path}[${i}]`);
      w.endAttr(s);
    });
  });
}
