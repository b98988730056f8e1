/**
 * Fixed C structs carried as attribute payloads (rta_cacheinfo,
 * ifa_cacheinfo, rtnl_link_stats64, tc_htb_opt, tc_mirred, ...), described
 * as an ordered list of members: integers, fixed byte arrays (`{ bytes: n }`,
 * hex) and nested structs (another layout, e.g. tc_ratespec inside
 * tc_htb_opt). Offsets follow C's natural alignment; the size is rounded to
 * the largest member alignment (at least 4, the attribute alignment), so
 * struct tc_stats is 40 bytes. Kernels grow some of these structs over
 * time: a longer payload keeps its extra bytes in `tail` (hex) and a shorter
 * one (an older kernel) decodes the members that fit, so both re-encode to
 * the same bytes. Padding between members is written as zeros; should a
 * sender put anything else there, the decoded object keeps those bytes in a
 * hidden (non-enumerable) record so that encoding reproduces them too.
 */
import { HOST_LE } from "./align.ts";
import { DecodeError } from "./errors.ts";
import type { Field, FieldOptions } from "./fields.ts";
import { fromHex, toHex } from "./hex.ts";

/** Hidden record of nonzero padding bytes between members: [offset, byte]. */
const PADDING: unique symbol = Symbol("bun-netlink.struct-padding");

/** Integer member kinds; u64/s64 decode to bigint. */
export type IntKind = "u8" | "u16" | "s16" | "u32" | "s32" | "u64" | "s64" | "be16" | "be32";
/** A member: an integer, `n` raw bytes (hex) or a nested struct (all of its members required). */
export type MemberKind = IntKind | { bytes: number } | StructLayout<any>;
type MemberValue<K> = K extends "u64" | "s64" ? bigint : K extends StructLayout<infer T> ? T : K extends { bytes: number } ? string : number;

const SIZE: Record<IntKind, number> = { u8: 1, u16: 2, s16: 2, be16: 2, u32: 4, be32: 4, s32: 4, u64: 8, s64: 8 };
const isNested = (k: MemberKind): k is StructLayout<any> => typeof k === "object" && "decode" in k;
const sizeOf = (k: MemberKind): number => (typeof k === "string" ? SIZE[k] : isNested(k) ? k.size : k.bytes);
const alignOf = (k: MemberKind): number => (typeof k === "string" ? SIZE[k] : isNested(k) ? k.align : 1);

/** The decoded object of a struct layout. */
export type StructOf<L extends ReadonlyArray<readonly [string, MemberKind]>> = {
  [E in L[number] as E[0]]: MemberValue<E[1]>;
} & { tail?: string };

/** A struct layout with offsets computed from C's natural alignment. */
export interface StructLayout<T> {
  readonly name: string;
  readonly size: number;
  /** C alignment of the struct (its largest member's). */
  readonly align: number;
  /** Decode from buf at off; `len` may be shorter (older kernel) or longer (newer kernel) than `size` when `flexible`. */
  decode(buf: Uint8Array, dv: DataView, off: number, len: number, path: string): T;
  /** Encode v (every member required unless the struct is flexible). */
  encode(w: import("./writer.ts").NlWriter, v: T, path: string): void;
}

/** Offsets, size and alignment of a layout, and whether a whole payload is padding-free integers. */
interface Geometry {
  offs: number[];
  size: number;
  align: number;
  packed: boolean;
}

function geometry(members: ReadonlyArray<readonly [string, MemberKind]>): Geometry {
  const offs: number[] = [];
  let pos = 0, align = 1, ints = true;
  for (let i = 0; i < members.length; i++) {
    const kind = members[i]![1];
    const a = alignOf(kind);
    if (a > align) align = a;
    pos = (pos + a - 1) & ~(a - 1);
    offs.push(pos);
    pos += sizeOf(kind);
    if (typeof kind !== "string") ints = false;
  }
  const round = Math.max(4, align);
  const size = (pos + round - 1) & ~(round - 1);
  let packed = ints && pos === size;
  for (let i = 1; packed && i < members.length; i++) if (offs[i] !== offs[i - 1]! + sizeOf(members[i - 1]![1])) packed = false;
  return { offs, size, align, packed };
}

/**
 * Describe a C struct; `flexible` allows payloads shorter/longer than the
 * struct. The offsets are computed on first use (size, align, a decode or
 * an encode): a program loads far more layouts than it uses.
 */
export function struct<const L extends ReadonlyArray<readonly [string, MemberKind]>>(
  name: string, members: L, opts: { flexible?: boolean } = {},
): StructLayout<StructOf<L>> {
  const flexible = opts.flexible ?? false;
  let g: Geometry | undefined;
  // A whole payload of a padding-free integer struct has nothing to record: one generated object literal decodes it,
  // made on the COMPILE_AFTER-th whole payload (a one-shot command decodes a struct once or twice, where generating
  // costs more than the loop).
  let whole: WholeDecoder | undefined | null;
  let uses = 0;
  const geo = (): Geometry => {
    g = geometry(members);
    whole = g.packed ? null : undefined;
    return g;
  };
  return {
    name,
    get size() {
      return (g ?? geo()).size;
    },
    get align() {
      return (g ?? geo()).align;
    },
    decode(buf, dv, off, len, path) {
      const { offs, size } = g ?? geo();
      if (whole === null && len === size && ++uses >= COMPILE_AFTER) whole = compileWhole(members as ReadonlyArray<readonly [string, IntKind]>, offs);
      if (len === size && whole) return whole(buf, dv, off, HOST_LE) as StructOf<L>;
      if (!flexible && len !== size) throw new DecodeError(`${name} needs ${size} bytes, got ${len}`, path, off);
      const out: Record<string, unknown> = {};
      let used = 0;
      let pad: Array<[number, number]> | undefined;
      for (let i = 0; i < members.length; i++) {
        const [m, kind] = members[i]!;
        const o = offs[i]!;
        const end = o + sizeOf(kind);
        if (end > len) break;
        for (let j = used; j < o; j++) if (buf[off + j] !== 0) (pad ??= []).push([j, buf[off + j]!]);
        const p = off + o;
        if (typeof kind === "object") out[m] = isNested(kind) ? kind.decode(buf, dv, p, kind.size, `${path}.${m}`) : toHex(buf, p, kind.bytes);
        else switch (kind) {
          case "u8": out[m] = buf[p]!; break;
          case "u16": out[m] = dv.getUint16(p, HOST_LE); break;
          case "s16": out[m] = dv.getInt16(p, HOST_LE); break;
          case "be16": out[m] = dv.getUint16(p, false); break;
          case "u32": out[m] = dv.getUint32(p, HOST_LE); break;
          case "be32": out[m] = dv.getUint32(p, false); break;
          case "s32": out[m] = dv.getInt32(p, HOST_LE); break;
          case "u64": out[m] = dv.getBigUint64(p, HOST_LE); break;
          case "s64": out[m] = dv.getBigInt64(p, HOST_LE); break;
        }
        used = end;
      }
      if (len > used) {
        // Padding after the last member reads back as zeros for a whole struct; keep anything else.
        let zero = true;
        for (let i = off + used; i < off + len; i++) if (buf[i] !== 0) { zero = false; break; }
        if (!(zero && len === size)) out.tail = toHex(buf, off + used, len - used);
      }
      if (pad !== undefined) Object.defineProperty(out, PADDING, { value: pad, enumerable: false, writable: true, configurable: true });
      return out as StructOf<L>;
    },
    encode(w, v, path) {
      if (v === null || typeof v !== "object") throw new TypeError(`${path}: expected a ${name} object`);
      const { offs, size } = g ?? geo();
      const rec = v as Record<string, unknown>;
      const start = w.pos;
      let ended = false;
      for (let i = 0; i < members.length; i++) {
        const [m, kind] = members[i]!;
        const val = rec[m];
        if (val === undefined) {
          if (!flexible) throw new TypeError(`${path}.${m}: required member of ${name}`);
          ended = true;
          continue;
        }
        if (ended) throw new TypeError(`${path}.${m}: members of ${name} must be given in order without gaps`);
        w.zeros(start + offs[i]! - w.pos);
        if (typeof kind === "string") writeMember(w, kind, val, `${path}.${m}`);
        else if (isNested(kind)) kind.encode(w, val, `${path}.${m}`);
        else {
          const b = fromHex(val as string, `${path}.${m}`);
          if (b.length !== kind.bytes) throw new RangeError(`${path}.${m}: needs ${kind.bytes} bytes, got ${b.length}`);
          w.bytes(b);
        }
      }
      if (typeof rec.tail === "string") w.bytes(fromHex(rec.tail, `${path}.tail`));
      else if (!ended) w.zeros(start + size - w.pos);
      const pad = (v as { [PADDING]?: Array<[number, number]> })[PADDING];
      if (pad !== undefined) for (const [o, b] of pad) if (start + o < w.pos) w.buf[start + o] = b;
    },
  };
}

/** Whole payloads of a struct decoded by the member loop before its generated decoder takes over. */
const COMPILE_AFTER = 4;

type WholeDecoder = (buf: Uint8Array, dv: DataView, off: number, le: boolean) => Record<string, number | bigint>;

/**
 * A decoder for a complete, padding-free struct payload: one object literal
 * with the members in order, as the member loop builds it (the loop sets
 * each property in turn, which costs a shape transition per member; a
 * 25-counter statistics struct is decoded for every link). Undefined where
 * code generation is not allowed (the loop is used then).
 */
function compileWhole(members: ReadonlyArray<readonly [string, IntKind]>, offs: readonly number[]): WholeDecoder | undefined {
  const read: Record<IntKind, (o: number) => string> = {
    u8: (o) => `b[o + ${o}]`,
    u16: (o) => `dv.getUint16(o + ${o}, le)`,
    s16: (o) => `dv.getInt16(o + ${o}, le)`,
    be16: (o) => `dv.getUint16(o + ${o}, false)`,
    u32: (o) => `dv.getUint32(o + ${o}, le)`,
    be32: (o) => `dv.getUint32(o + ${o}, false)`,
    s32: (o) => `dv.getInt32(o + ${o}, le)`,
    u64: (o) => `dv.getBigUint64(o + ${o}, le)`,
    s64: (o) => `dv.getBigInt64(o + ${o}, le)`,
  };
  const body = members.map(([m, kind], i) => `${JSON.stringify(m)}: ${read[kind](offs[i]!)}`).join(", ");
  try {
    return new Function("b", "dv", "o", "le", `return { ${body} };`) as WholeDecoder;
  } catch {
    return undefined;
  }
}

function writeMember(w: import("./writer.ts").NlWriter, kind: IntKind, val: unknown, path: string): void {
  if (kind === "u64" || kind === "s64") {
    const b = typeof val === "bigint" ? val : typeof val === "number" && Number.isSafeInteger(val) ? BigInt(val) : undefined;
    if (b === undefined) throw new TypeError(`${path}: expected a bigint or safe integer, got ${String(val)}`);
    if (kind === "u64") { if (b < 0n || b > 0xffffffffffffffffn) throw new RangeError(`${path}: ${b} is out of range 0..18446744073709551615`); w.u64(b); }
    else { if (b < -0x8000000000000000n || b > 0x7fffffffffffffffn) throw new RangeError(`${path}: ${b} is out of s64 range`); w.s64(b); }
    return;
  }
  if (typeof val !== "number" || !Number.isInteger(val)) throw new TypeError(`${path}: expected an integer, got ${String(val)}`);
  const ranges: Record<string, [number, number]> = { u8: [0, 0xff], u16: [0, 0xffff], s16: [-0x8000, 0x7fff], be16: [0, 0xffff], u32: [0, 0xffffffff], be32: [0, 0xffffffff], s32: [-0x80000000, 0x7fffffff] };
  const [lo, hi] = ranges[kind]!;
  if (val < lo || val > hi) throw new RangeError(`${path}: ${val} is out of range ${lo}..${hi}`);
  switch (kind) {
    case "u8": w.u8(val); break;
    case "u16": w.u16(val); break;
    case "s16": w.u16(val & 0xffff); break;
    case "be16": w.u16be(val); break;
    case "u32": w.u32(val); break;
    case "be32": w.u32be(val); break;
    case "s32": w.s32(val); break;
  }
}

/** An attribute whose payload is one struct. */
export function structField<T>(type: number, layout: StructLayout<T>, o: FieldOptions = {}): Field<T> {
  return {
    type,
    wireFlags: o.wireFlags ?? 0,
    decode: (buf, dv, off, len, path) => layout.decode(buf, dv, off, len, path),
    encode: (w, v, path) => layout.encode(w, v, path),
  };
}
