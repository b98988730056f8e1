/**
 * Fixed C structs of the traffic-control uapi (tc_ratespec, tc_htb_opt,
 * tc_tbf_qopt, tc_police, tc_mirred, ...). Like codecs/core/struct.ts, but
 * with the member kinds tc needs on top: a nested struct tc_ratespec
 * ("rate"), signed 16-bit ("s16") and fixed byte arrays (`bytes(n)`, hex).
 * Offsets follow C's natural alignment; the size is rounded to the largest
 * member alignment as the compiler does (so struct tc_stats is 40 bytes).
 * A shorter payload (older kernel) decodes the members that fit and a
 * longer one keeps its extra bytes in `tail` (hex): both encode back to the
 * same bytes.
 *
 * struct tc_ratespec (pkt_sched.h), 12 bytes:
 *   0          1           2               4                6         8               12
 *   +----------+-----------+---------------+----------------+---------+---------------+
 *   | cell_log | linklayer | overhead (u16)| cell_align(s16)| mpu(u16)| rate (u32)    |
 *   +----------+-----------+---------------+----------------+---------+---------------+
 */
import { HOST_LE } from "../core/align.ts";
import { custom, type Field } from "../core/fields.ts";
import { fromHex, toHex } from "../core/hex.ts";
import type { NlWriter } from "../core/writer.ts";

/** struct tc_ratespec, decoded. `rate` is in bytes per second. */
export interface RateSpec {
  cellLog: number;
  linklayer: number;
  overhead: number;
  cellAlign: number;
  mpu: number;
  rate: number;
}

/** A member kind: an integer, a nested tc_ratespec or `n` raw bytes. */
export type TcMember = "u8" | "u16" | "s16" | "u32" | "s32" | "u64" | "s64" | "be16" | "be32" | "rate" | { bytes: number };

type ValueOf<K> = K extends "u64" | "s64" ? bigint : K extends "rate" ? RateSpec : K extends { bytes: number } ? string : number;

/** The decoded object of a member list. */
export type TcStructOf<L extends ReadonlyArray<readonly [string, TcMember]>> = { [E in L[number] as E[0]]: ValueOf<E[1]> } & { tail?: string };

function sizeOf(k: TcMember): number {
  if (typeof k === "object") return k.bytes;
  return k === "u8" ? 1 : k === "u16" || k === "s16" || k === "be16" ? 2 : k === "u64" || k === "s64" ? 8 : k === "rate" ? 12 : 4;
}
function alignOf(k: TcMember): number {
  if (typeof k === "object") return 1;
  return k === "rate" ? 4 : sizeOf(k);
}

/** Layout of a tc struct: decode/encode plus its C size. */
export interface TcStruct<T> {
  readonly name: string;
  readonly size: number;
  decode(buf: Uint8Array, dv: DataView, off: number, len: number, path: string): T;
  encode(w: NlWriter, v: T, path: string): void;
}

/** Read a tc_ratespec at `p`. */
export function readRate(dv: DataView, p: number): RateSpec {
  return {
    cellLog: dv.getUint8(p), linklayer: dv.getUint8(p + 1), overhead: dv.getUint16(p + 2, HOST_LE),
    cellAlign: dv.getInt16(p + 4, HOST_LE), mpu: dv.getUint16(p + 6, HOST_LE), rate: dv.getUint32(p + 8, HOST_LE),
  };
}

function int(v: unknown, lo: number, hi: number, path: string): number {
  if (typeof v !== "number" || !Number.isInteger(v)) throw new TypeError(`${path}: expected an integer, got ${String(v)}`);
  if (v < lo || v > hi) throw new RangeError(`${path}: ${v} is out of range ${lo}..${hi}`);
  return v;
}
function big(v: unknown, lo: bigint, hi: bigint, path: string): bigint {
  const b = typeof v === "bigint" ? v : typeof v === "number" && Number.isSafeInteger(v) ? BigInt(v) : undefined;
  if (b === undefined) throw new TypeError(`${path}: expected a bigint or safe integer, got ${String(v)}`);
  if (b < lo || b > hi) throw new RangeError(`${path}: ${b} is out of range ${lo}..${hi}`);
  return b;
}

/** Write a tc_ratespec; every member is required. */
export function writeRate(w: NlWriter, r: RateSpec, path: string): void {
  if (r === null || typeof r !== "object") throw new TypeError(`${path}: expected a tc_ratespec object`);
  w.u8(int(r.cellLog, 0, 0xff, `${path}.cellLog`));
  w.u8(int(r.linklayer, 0, 0xff, `${path}.linklayer`));
  w.u16(int(r.overhead, 0, 0xffff, `${path}.overhead`));
  w.u16(int(r.cellAlign, -0x8000, 0x7fff, `${path}.cellAlign`) & 0xffff);
  w.u16(int(r.mpu, 0, 0xffff, `${path}.mpu`));
  w.u32(int(r.rate, 0, 0xffffffff, `${path}.rate`));
}

/** Describe a tc struct from its members in C order. */
export function tcStruct<const L extends ReadonlyArray<readonly [string, TcMember]>>(name: string, members: L): TcStruct<TcStructOf<L>> {
  const offs: number[] = [];
  let pos = 0, maxAlign = 1;
  for (const [, k] of members) {
    const a = alignOf(k);
    maxAlign = Math.max(maxAlign, a);
    pos = (pos + a - 1) & ~(a - 1);
    offs.push(pos);
    pos += sizeOf(k);
  }
  const size = (pos + maxAlign - 1) & ~(maxAlign - 1);
  return {
    name,
    size,
    decode(buf, dv, off, len) {
      const out: Record<string, unknown> = {};
      let used = 0;
      for (let i = 0; i < members.length; i++) {
        const [m, k] = members[i]!;
        const o = offs[i]!, n = sizeOf(k);
        if (o + n > len) break;
        const p = off + o;
        if (typeof k === "object") out[m] = toHex(buf, p, n);
        else switch (k) {
          case "u8": out[m] = buf[p]; break;
          case "u16": out[m] = dv.getUint16(p, HOST_LE); break;
          case "s16": out[m] = dv.getInt16(p, HOST_LE); break;
          case "be16": out[m] = dv.getUint16(p, false); break;
          case "u32": out[m] = dv.getUint32(p, HOST_LE); break;
          case "s32": out[m] = dv.getInt32(p, HOST_LE); break;
          case "be32": out[m] = dv.getUint32(p, false); break;
          case "u64": out[m] = dv.getBigUint64(p, HOST_LE); break;
          case "s64": out[m] = dv.getBigInt64(p, HOST_LE); break;
          case "rate": out[m] = readRate(dv, p); break;
        }
        used = o + n;
      }
      if (len > used) {
        let zero = true;
        for (let i = off + used; i < off + len; i++) if (buf[i] !== 0) { zero = false; break; }
        if (!(zero && len === size)) out.tail = toHex(buf, off + used, len - used);
      }
      return out as TcStructOf<L>;
    },
    encode(w, v, path) {
      if (v === null || typeof v !== "object") throw new TypeError(`${path}: expected a ${name} object`);
      const rec = v as Record<string, unknown>;
      const start = w.pos;
      let ended = false;
      for (let i = 0; i < members.length; i++) {
        const [m, k] = members[i]!;
        const val = rec[m];
        const p = `${path}.${m}`;
        if (val === undefined) { ended = true; continue; }
        if (ended) throw new TypeError(`${p}: members of ${name} must be given in order without gaps`);
        w.zeros(start + offs[i]! - w.pos);
        if (typeof k === "object") {
          const b = fromHex(val as string, p);
          if (b.length !== k.bytes) throw new RangeError(`${p}: needs ${k.bytes} bytes, got ${b.length}`);
          w.bytes(b);
          continue;
        }
        switch (k) {
          case "u8": w.u8(int(val, 0, 0xff, p)); break;
          case "u16": w.u16(int(val, 0, 0xffff, p)); break;
          case "s16": w.u16(int(val, -0x8000, 0x7fff, p) & 0xffff); break;
          case "be16": w.u16be(int(val, 0, 0xffff, p)); break;
          case "u32": w.u32(int(val, 0, 0xffffffff, p)); break;
          case "s32": w.s32(int(val, -0x80000000, 0x7fffffff, p)); break;
          case "be32": w.u32be(int(val, 0, 0xffffffff, p)); break;
          case "u64": w.u64(big(val, 0n, 0xffffffffffffffffn, p)); break;
          case "s64": w.s64(big(val, -0x8000000000000000n, 0x7fffffffffffffffn, p)); break;
          case "rate": writeRate(w, val as RateSpec, p); break;
        }
      }
      if (typeof rec.tail === "string") w.bytes(fromHex(rec.tail, `${path}.tail`));
      else if (!ended) w.zeros(start + size - w.pos);
    },
  };
}

/** An attribute whose payload is one tc struct (a shorter or longer payload decodes too, see above). */
export function tcStructField<T>(type: number, layout: TcStruct<T>): Field<T> {
  return custom<T>(type, (b, dv, off, len, path) => layout.decode(b, dv, off, len, path), (w, v, path) => layout.encode(w, v, path));
}

/** struct tcf_t (pkt_cls.h): install/lastuse/expires/firstuse in jiffies. */
export const tcfT = tcStruct("tcf_t", [["install", "u64"], ["lastuse", "u64"], ["expires", "u64"], ["firstuse", "u64"]] as const);
