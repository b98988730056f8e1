/**
 * Typed attribute payload codecs ("fields"). A field knows how to read and
 * write one attribute's payload; the attribute header (nlattr) is handled by
 * AttrSet. Length checks are strict: a u32 whose payload is not exactly 4
 * bytes is a DecodeError, as is an address of the wrong size.
 * Types follow the netlink YAML spec vocabulary (u8..u64, s8..s64, uint,
 * string, binary, flag, nest) plus address and enum/flag helpers.
 */
import { formatIP, formatMAC, MAX_ADDR_LEN, parseIP, parseMAC } from "../ip/index.ts";
import { HOST_LE } from "./align.ts";
import { NLA_F_NESTED, NLA_F_NET_BYTEORDER } from "./constants.ts";
import { DecodeError } from "./errors.ts";
import { fromHex, toHex } from "./hex.ts";
import { decodeUtf8, utf8Length as utf8LengthImpl } from "./utf8.ts";
import type { EnumTable, FlagTable } from "./tables.ts";
import type { NlWriter } from "./writer.ts";

/** Codec of one attribute payload carrying a value of type V. */
export interface Field<V> {
  /** Attribute type number, without NLA_F_* bits. */
  readonly type: number;
  /** NLA_F_NESTED / NLA_F_NET_BYTEORDER bits written on encode. */
  readonly wireFlags: number;
  /** When set, the attribute may repeat and the value is an array of V. */
  readonly multi?: boolean;
  /** NLA_F_* bits that depend on the value (a nest some senders flag and some do not); overrides wireFlags on encode. */
  wireFlagsOf?(v: V): number;
  /** Set on NLA_FLAG fields: `false` means "leave the attribute out". */
  readonly flag?: boolean;
  decode(buf: Uint8Array, dv: DataView, off: number, len: number, path: string): V;
  encode(w: NlWriter, v: V, path: string): void;
}

/** Options shared by the field builders. */
export interface FieldOptions {
  /** NLA_F_* bits to set on the wire when encoding. */
  wireFlags?: number;
}

function exact(len: number, want: number, off: number, path: string, what: string): void {
  if (len !== want) throw new DecodeError(`${what} needs ${want} bytes, got ${len}`, path, off);
}

function checkInt(v: unknown, min: number, max: number, path: string): number {
  if (typeof v !== "number" || !Number.isInteger(v)) throw new TypeError(`${path}: expected an integer, got ${typeof v === "string" ? JSON.stringify(v) : String(v)}`);
  if (v < min || v > max) throw new RangeError(`${path}: ${v} is out of range ${min}..${max}`);
  return v;
}

function checkBig(v: unknown, min: bigint, max: bigint, path: string): bigint {
  let b: bigint;
  if (typeof v === "bigint") b = v;
  else if (typeof v === "number" && Number.isSafeInteger(v)) b = BigInt(v);
  else throw new TypeError(`${path}: expected a bigint or safe integer, got ${String(v)}`);
  if (b < min || b > max) throw new RangeError(`${path}: ${b} is out of range ${min}..${max}`);
  return b;
}

function scalar<V>(type: number, wireFlags: number, decode: Field<V>["decode"], encode: Field<V>["encode"]): Field<V> {
  return { type, wireFlags, decode, encode };
}

/** Unsigned 8-bit integer (NLA_U8). */
export const u8 = (type: number, o: FieldOptions = {}): Field<number> =>
  scalar(type, o.wireFlags ?? 0, (b, _dv, off, len, path) => { exact(len, 1, off, path, "u8"); return b[off]!; },
    (w, v, path) => w.u8(checkInt(v, 0, 0xff, path)));

/** Signed 8-bit integer (NLA_S8). */
export const s8 = (type: number, o: FieldOptions = {}): Field<number> =>
  scalar(type, o.wireFlags ?? 0, (_b, dv, off, len, path) => { exact(len, 1, off, path, "s8"); return dv.getInt8(off); },
    (w, v, path) => w.u8(checkInt(v, -0x80, 0x7f, path) & 0xff));

/** Unsigned 16-bit integer in host order (NLA_U16). */
export const u16 = (type: number, o: FieldOptions = {}): Field<number> =>
  scalar(type, o.wireFlags ?? 0, (_b, dv, off, len, path) => { exact(len, 2, off, path, "u16"); return dv.getUint16(off, HOST_LE); },
    (w, v, path) => w.u16(checkInt(v, 0, 0xffff, path)));

/** Signed 16-bit integer in host order (NLA_S16). */
export const s16 = (type: number, o: FieldOptions = {}): Field<number> =>
  scalar(type, o.wireFlags ?? 0, (_b, dv, off, len, path) => { exact(len, 2, off, path, "s16"); return dv.getInt16(off, HOST_LE); },
    (w, v, path) => { const n = checkInt(v, -0x8000, 0x7fff, path); w.u16(n & 0xffff); });

/** Unsigned 16-bit integer in network order (byte-order: big-endian in the spec, e.g. ports). */
export const u16be = (type: number, o: FieldOptions = {}): Field<number> =>
  scalar(type, o.wireFlags ?? 0, (_b, dv, off, len, path) => { exact(len, 2, off, path, "be16"); return dv.getUint16(off, false); },
    (w, v, path) => w.u16be(checkInt(v, 0, 0xffff, path)));

/** Unsigned 32-bit integer in host order (NLA_U32). */
export const u32 = (type: number, o: FieldOptions = {}): Field<number> =>
  scalar(type, o.wireFlags ?? 0, (_b, dv, off, len, path) => { exact(len, 4, off, path, "u32"); return dv.getUint32(off, HOST_LE); },
    (w, v, path) => w.u32(checkInt(v, 0, 0xffffffff, path)));

/** Unsigned 32-bit integer in network order (e.g. vxlan/gre keys). */
export const u32be = (type: number, o: FieldOptions = {}): Field<number> =>
  scalar(type, o.wireFlags ?? 0, (_b, dv, off, len, path) => { exact(len, 4, off, path, "be32"); return dv.getUint32(off, false); },
    (w, v, path) => w.u32be(checkInt(v, 0, 0xffffffff, path)));

/** Signed 32-bit integer in host order (NLA_S32). */
export const s32 = (type: number, o: FieldOptions = {}): Field<number> =>
  scalar(type, o.wireFlags ?? 0, (_b, dv, off, len, path) => { exact(len, 4, off, path, "s32"); return dv.getInt32(off, HOST_LE); },
    (w, v, path) => w.s32(checkInt(v, -0x80000000, 0x7fffffff, path)));

/** Unsigned 64-bit integer (NLA_U64), as bigint. Accepts 8 bytes only. */
export const u64 = (type: number, o: FieldOptions = {}): Field<bigint> =>
  scalar(type, o.wireFlags ?? 0, (_b, dv, off, len, path) => { exact(len, 8, off, path, "u64"); return dv.getBigUint64(off, HOST_LE); },
    (w, v, path) => w.u64(checkBig(v, 0n, 0xffffffffffffffffn, path)));

/** Signed 64-bit integer (NLA_S64), as bigint. */
export const s64 = (type: number, o: FieldOptions = {}): Field<bigint> =>
  scalar(type, o.wireFlags ?? 0, (_b, dv, off, len, path) => { exact(len, 8, off, path, "s64"); return dv.getBigInt64(off, HOST_LE); },
    (w, v, path) => w.s64(checkBig(v, -0x8000000000000000n, 0x7fffffffffffffffn, path)));

/**
 * Variable-width unsigned integer (NLA_UINT, spec type `uint`): 4 bytes
 * decode to a number, 8 bytes to a bigint, so re-encoding keeps the width.
 */
export const uint = (type: number, o: FieldOptions = {}): Field<number | bigint> =>
  scalar<number | bigint>(type, o.wireFlags ?? 0, (_b, dv, off, len, path) => {
    if (len === 4) return dv.getUint32(off, HOST_LE);
    if (len === 8) return dv.getBigUint64(off, HOST_LE);
    throw new DecodeError(`uint needs 4 or 8 bytes, got ${len}`, path, off);
  }, (w, v, path) => {
    if (typeof v === "bigint") w.u64(checkBig(v, 0n, 0xffffffffffffffffn, path));
    else if (typeof v === "number" && v > 0xffffffff) w.u64(checkBig(v, 0n, 0xffffffffffffffffn, path));
    else w.u32(checkInt(v, 0, 0xffffffff, path));
  });

/** Zero-length presence flag (NLA_FLAG): decodes to `true`; encoding `false` omits it. */
export const flag = (type: number, o: FieldOptions = {}): Field<boolean> => ({
  ...scalar(type, o.wireFlags ?? 0, (_b, _dv, off, len, path) => { exact(len, 0, off, path, "flag"); return true; },
    (_w, v, path) => { if (typeof v !== "boolean") throw new TypeError(`${path}: expected a boolean`); }),
  flag: true,
});

/** Byte length of `s` in UTF-8 (lone U+DC80..U+DCFF count one byte each, see utf8.ts). */
export function utf8Length(s: string): number {
  return utf8LengthImpl(s);
}

/**
 * Decode bytes [off, end) as a string: a fast path for ASCII, UTF-8
 * otherwise, with bytes of invalid sequences kept as U+DC80..U+DCFF so that
 * NlWriter.string writes them back unchanged (lossless; see utf8.ts).
 */
export function decodeString(buf: Uint8Array, off: number, end: number): string {
  return decodeUtf8(buf, off, end);
}

/**
 * NUL-terminated string (NLA_NUL_STRING / NLA_STRING as the kernel emits
 * them with nla_put_string). Exactly one NUL, at the end, is required on
 * decode (a NUL inside is a DecodeError, as the value could not be encoded
 * back) and written on encode. Bytes that are not valid UTF-8 survive a
 * round trip (see decodeString).
 */
export const string = (type: number, o: FieldOptions & { maxLength?: number } = {}): Field<string> => {
  const last = new LastText(SHORT_STRING);
  return scalar(type, o.wireFlags ?? 0, (b, _dv, off, len, path) => {
    if (last.same(b, off, len)) return last.text; // the same bytes, checked when they were kept
    if (len === 0 || b[off + len - 1] !== 0) throw new DecodeError("string is not NUL-terminated", path, off);
    const nul = b.indexOf(0, off);
    if (nul < off + len - 1) throw new DecodeError(`string has a NUL byte at +${nul - off}, before its end at +${len - 1}`, path, off);
    return last.keep(b, off, len, decodeString(b, off, off + len - 1));
  }, (w, v, path) => {
    if (typeof v !== "string") throw new TypeError(`${path}: expected a string`);
    if (v.includes("\0")) throw new TypeError(`${path}: string contains a NUL byte`);
    if (o.maxLength !== undefined && utf8Length(v) > o.maxLength) throw new RangeError(`${path}: ${JSON.stringify(v)} is longer than ${o.maxLength} bytes`);
    w.string(v, true);
  });
};

/** Longest string payload (NUL included) a string field remembers: interface, qdisc and kind names. */
const SHORT_STRING = 32;

/** Opaque payload (NLA_BINARY), kept losslessly as a lowercase hex string. */
export const binary = (type: number, o: FieldOptions & { length?: number } = {}): Field<string> =>
  scalar(type, o.wireFlags ?? 0, (b, _dv, off, len, path) => {
    if (o.length !== undefined) exact(len, o.length, off, path, "binary");
    return toHex(b, off, len);
  }, (w, v, path) => {
    const bytes = fromHex(v, path);
    if (o.length !== undefined && bytes.length !== o.length) throw new RangeError(`${path}: needs ${o.length} bytes, got ${bytes.length}`);
    w.bytes(bytes);
  });

/** IPv4 or IPv6 address (4 or 16 bytes), as a string like "192.0.2.1" or "2001:db8::1". */
export const ipAddr = (type: number, o: FieldOptions = {}): Field<string> =>
  scalar(type, o.wireFlags ?? 0, (b, _dv, off, len, path) => {
    if (len !== 4 && len !== 16) throw new DecodeError(`address needs 4 or 16 bytes, got ${len}`, path, off);
    return formatIP(b, off, len);
  }, (w, v, path) => w.bytes(parseIP(v, path).bytes));

/**
 * Link-layer address of 1..32 bytes (MAX_ADDR_LEN, netdevice.h), as colon
 * hex ("02:00:00:00:00:01") like iproute2 prints it.
 */
export const lladdr = (type: number, o: FieldOptions = {}): Field<string> => {
  const last = new LastText(MAX_ADDR_LEN);
  return scalar(type, o.wireFlags ?? 0, (b, _dv, off, len, path) => {
    if (len === 0) throw new DecodeError("link-layer address is empty", path, off);
    if (len > MAX_ADDR_LEN) throw new DecodeError(`link-layer address of ${len} bytes is longer than MAX_ADDR_LEN (${MAX_ADDR_LEN})`, path, off);
    return last.same(b, off, len) ? last.text : last.keep(b, off, len, formatMAC(b, off, len));
  }, (w, v, path) => w.bytes(parseMAC(v, path)));
};

/**
 * The last payload a field turned into text, and that text: a field that
 * meets the same bytes again (a link asked for over and over, the
 * broadcast address or qdisc of every link in a dump) hands back the same
 * string instead of formatting a new one. Strings are immutable values, so
 * the result cannot be told apart from a fresh one.
 */
export class LastText {
  private readonly bytes: Uint8Array;
  private len = -1;
  text = "";
  constructor(max: number) {
    this.bytes = new Uint8Array(max);
  }
  /** Whether b[off, off+len) is the payload kept (always false for one longer than `max`). */
  same(b: Uint8Array, off: number, len: number): boolean {
    if (len !== this.len) return false;
    const k = this.bytes;
    for (let i = 0; i < len; i++) if (b[off + i] !== k[i]) return false;
    return true;
  }
  /** Keep b[off, off+len) and its text (a payload longer than `max` is not kept); returns the text. */
  keep(b: Uint8Array, off: number, len: number, text: string): string {
    if (len <= this.bytes.length) {
      this.bytes.set(b.subarray(off, off + len));
      this.len = len;
      this.text = text;
    }
    return text;
  }
}

/** An integer enum of 1, 2 or 4 bytes decoded to its name (or the number when unnamed). */
export function enumField(type: number, size: 1 | 2 | 4, table: EnumTable, o: FieldOptions = {}): Field<string | number> {
  const max = size === 1 ? 0xff : size === 2 ? 0xffff : 0xffffffff;
  return scalar<string | number>(type, o.wireFlags ?? 0, (b, dv, off, len, path) => {
    exact(len, size, off, path, table.what);
    return table.name(size === 1 ? b[off]! : size === 2 ? dv.getUint16(off, HOST_LE) : dv.getUint32(off, HOST_LE));
  }, (w, v, path) => {
    const n = table.value(v, path, max);
    if (size === 1) w.u8(n); else if (size === 2) w.u16(n); else w.u32(n);
  });
}

/** A 32-bit (or 8/16-bit) bit mask decoded to flag names. */
export function flagsField(type: number, size: 1 | 2 | 4, table: FlagTable, o: FieldOptions = {}): Field<string[]> {
  return scalar<string[]>(type, o.wireFlags ?? 0, (b, dv, off, len, path) => {
    exact(len, size, off, path, table.what);
    return table.names(size === 1 ? b[off]! : size === 2 ? dv.getUint16(off, HOST_LE) : dv.getUint32(off, HOST_LE));
  }, (w, v, path) => {
    const n = table.value(v, path);
    if (size === 1) w.u8(n & 0xff); else if (size === 2) w.u16(n & 0xffff); else w.u32(n);
  });
}

/** A field with hand-written decode/encode (fixed structs, arrays of structs...). */
export function custom<V>(type: number, decode: Field<V>["decode"], encode: Field<V>["encode"], o: FieldOptions = {}): Field<V> {
  return scalar(type, o.wireFlags ?? 0, decode, encode);
}

/** Mark a field as repeatable: every occurrence is kept, in order, in an array. */
export function multi<V>(f: Field<V>): Field<V[]> {
  return { ...(f as unknown as Field<V[]>), multi: true };
}

export { NLA_F_NESTED, NLA_F_NET_BYTEORDER };
