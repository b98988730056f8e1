/**
 * Fixed C structs carried as attribute payloads (rta_cacheinfo,
 * ifa_cacheinfo, rtnl_link_stats64, ifla_cacheinfo, ...), described as an
 * ordered list of integer members. Kernels grow some of these structs over
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
export type MemberKind = "u8" | "u16" | "u32" | "s32" | "u64" | "s64" | "be16" | "be32";
type MemberValue<K> = K extends "u64" | "s64" ? bigint : number;

const SIZE: Record<MemberKind, number> = { u8: 1, u16: 2, be16: 2, u32: 4, be32: 4, s32: 4, u64: 8, s64: 8 };

/** The decoded object of a struct layout. */
export type StructOf<L extends ReadonlyArray<readonly [string, MemberKind]>> = {
  [E in L[number] as E[0]]: MemberValue<E[1]>;
} & { tail?: string };

/** A struct layout with offsets computed from C's natural alignment. */
export interface StructLayout<T> {
  readonly name: string;
  readonly size: number;
  /** Decode from buf at off; `len` may be shorter (older kernel) or longer (newer kernel) than `size` when `flexible`. */
  decode(buf: Uint8Array, dv: DataView, off: number, len: number, path: string): T;
  /** Encode v (every member required unless the struct is flexible). */
  encode(w: import("./writer.ts").NlWriter, v: T, path: string): void;
}

/** Describe a C struct; `flexible` allows payloads shorter/longer than the struct. */
export function struct<const L extends ReadonlyArray<readonly [string, MemberKind]>>(
  name: string, members: L, opts: { flexible?: boolean } = {},
): StructLayout<StructOf<L>> {
  const offs: number[] = [];
  let pos = 0;
  for (const [, kind] of members) {
    const sz = SIZE[kind];
    pos = (pos + sz - 1) & ~(sz - 1);
    offs.push(pos);
    pos += sz;
  }
  const size = (pos + 3) & ~3;
  const flexible = opts.flexible ?? false;
  // A whole payload of a struct without padding has nothing to record: one generated object literal decodes it.
  const whole = pos === size && offs.every((o, i) => i === 0 || o === offs[i - 1]! + SIZE[members[i - 1]![1]]) ? compileWhole(members, offs) : undefined;
  return {
    name,
    size,
    decode(buf, dv, off, len, path) {
      if (len === size && whole !== undefined) return whole(buf, dv, off, HOST_LE) as StructOf<L>;
      if (!flexible && len !== size) throw new DecodeError(`${name} needs ${size} bytes, got ${len}`, path, off);
      const out: Record<string, number | bigint | string> = {};
      let used = 0;
      let pad: Array<[number, number]> | undefined;
      for (let i = 0; i < members.length; i++) {
        const [m, kind] = members[i]!;
        const o = offs[i]!;
        const end = o + SIZE[kind];
        if (end > len) break;
        for (let j = used; j < o; j++) if (buf[off + j] !== 0) (pad ??= []).push([j, buf[off + j]!]);
        const p = off + o;
        switch (kind) {
          case "u8": out[m] = buf[p]!; break;
          case "u16": out[m] = dv.getUint16(p, HOST_LE); break;
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
        writeMember(w, kind, val, `${path}.${m}`);
      }
      if (typeof rec.tail === "string") w.bytes(fromHex(rec.tail, `${path}.tail`));
      else if (!ended) w.zeros(start + size - w.pos);
      const pad = (v as { [PADDING]?: Array<[number, number]> })[PADDING];
      if (pad !== undefined) for (const [o, b] of pad) if (start + o < w.pos) w.buf[start + o] = b;
    },
  };
}

type WholeDecoder = (buf: Uint8Array, dv: DataView, off: number, le: boolean) => Record<string, number | bigint>;

/**
 * A decoder for a complete, padding-free struct payload: one object literal
 * with the members in order, as the member loop builds it (the loop sets
 * each property in turn, which costs a shape transition per member; a
 * 25-counter statistics struct is decoded for every link). Undefined where
 * code generation is not allowed (the loop is used then).
 */
function compileWhole(members: ReadonlyArray<readonly [string, MemberKind]>, offs: readonly number[]): WholeDecoder | undefined {
  const read: Record<MemberKind, (o: number) => string> = {
    u8: (o) => `b[o + ${o}]`,
    u16: (o) => `dv.getUint16(o + ${o}, le)`,
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

function writeMember(w: import("./writer.ts").NlWriter, kind: MemberKind, val: unknown, path: string): void {
  if (kind === "u64" || kind === "s64") {
    const b = typeof val === "bigint" ? val : typeof val === "number" && Number.isSafeInteger(val) ? BigInt(val) : undefined;
    if (b === undefined) throw new TypeError(`${path}: expected a bigint`);
    if (kind === "u64") { if (b < 0n || b > 0xffffffffffffffffn) throw new RangeError(`${path}: ${b} out of u64 range`); w.u64(b); }
    else w.s64(b);
    return;
  }
  if (typeof val !== "number" || !Number.isInteger(val)) throw new TypeError(`${path}: expected an integer, got ${String(val)}`);
  const ranges: Record<string, [number, number]> = { u8: [0, 0xff], u16: [0, 0xffff], be16: [0, 0xffff], u32: [0, 0xffffffff], be32: [0, 0xffffffff], s32: [-0x80000000, 0x7fffffff] };
  const [lo, hi] = ranges[kind]!;
  if (val < lo || val > hi) throw new RangeError(`${path}: ${val} is out of range ${lo}..${hi}`);
  switch (kind) {
    case "u8": w.u8(val); break;
    case "u16": w.u16(val); break;
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
