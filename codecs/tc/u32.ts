/**
 * The u32 classifier's selector and counters (linux/pkt_cls.h).
 *
 * struct tc_u32_sel, 16 bytes, then nkeys struct tc_u32_key of 16 bytes:
 *   0       1          2       3     4              6            8             10           12             16
 *   +-------+----------+-------+-----+--------------+------------+-------------+------------+--------------+
 *   | flags | offshift | nkeys | pad | offmask(be16)| off (u16)  | offoff (s16)| hoff (s16) | hmask (be32) |
 *   +-------+----------+-------+-----+--------------+------------+-------------+------------+--------------+
 *   key:  mask (be32) | val (be32) | off (s32) | offmask (s32)
 *
 * mask and val are network-order words on the wire and numbers here
 * (0xc0000201 for 192.0.2.1), as tc prints them in hex.
 */
import { HOST_LE } from "../core/align.ts";
import { DecodeError } from "../core/errors.ts";
import { custom, type Field } from "../core/fields.ts";
import { fromHex, toHex } from "../core/hex.ts";

/** One u32 key: match (packet word at off) & mask == val. */
export interface U32Key {
  mask: number;
  val: number;
  off: number;
  offmask: number;
}

/** struct tc_u32_sel with its keys. */
export interface U32Sel {
  /** TC_U32_TERMINAL 1, OFFSET 2, VAROFFSET 4, EAT 8. */
  flags: number;
  offshift: number;
  offmask: number;
  off: number;
  offoff: number;
  hoff: number;
  hmask: number;
  keys: U32Key[];
  /** Bytes after the keys or a nonzero pad byte, hex (lossless). */
  tail?: string;
}

/** TC_U32_* selector flags. */
export const TC_U32 = { TERMINAL: 1, OFFSET: 2, VAROFFSET: 4, EAT: 8 } as const;

/** TCA_U32_SEL. */
export function u32SelField(type: number): Field<U32Sel> {
  return custom<U32Sel>(type, (b, dv, off, len, path) => {
    if (len < 16) throw new DecodeError(`tc_u32_sel needs 16 bytes, got ${len}`, path, off);
    const n = b[off + 2]!;
    if (16 + 16 * n > len) throw new DecodeError(`tc_u32_sel with ${n} keys needs ${16 + 16 * n} bytes, got ${len}`, path, off);
    const keys: U32Key[] = [];
    for (let i = 0; i < n; i++) {
      const p = off + 16 + 16 * i;
      keys.push({ mask: dv.getUint32(p, false), val: dv.getUint32(p + 4, false), off: dv.getInt32(p + 8, HOST_LE), offmask: dv.getInt32(p + 12, HOST_LE) });
    }
    const sel: U32Sel = {
      flags: b[off]!, offshift: b[off + 1]!, offmask: dv.getUint16(off + 4, false), off: dv.getUint16(off + 6, HOST_LE),
      offoff: dv.getInt16(off + 8, HOST_LE), hoff: dv.getInt16(off + 10, HOST_LE), hmask: dv.getUint32(off + 12, false), keys,
    };
    const used = 16 + 16 * n;
    if (b[off + 3] !== 0 || len > used) sel.tail = toHex(b, off + 3, 1) + toHex(b, off + used, len - used);
    return sel;
  }, (w, v, path) => {
    if (v === null || typeof v !== "object" || !Array.isArray(v.keys)) throw new TypeError(`${path}: expected a u32 selector with keys`);
    if (v.keys.length > 128) throw new RangeError(`${path}.keys: at most 128 keys (TC_U32_MAXDEPTH hash nodes aside, tc's limit)`);
    const tail = v.tail === undefined ? undefined : fromHex(v.tail, `${path}.tail`);
    w.u8(v.flags ?? 0); w.u8(v.offshift ?? 0); w.u8(v.keys.length); w.u8(tail !== undefined && tail.length > 0 ? tail[0]! : 0);
    w.u16be(v.offmask ?? 0); w.u16(v.off ?? 0); w.u16((v.offoff ?? 0) & 0xffff); w.u16((v.hoff ?? 0) & 0xffff); w.u32be((v.hmask ?? 0) >>> 0);
    v.keys.forEach((k, i) => {
      if (k === null || typeof k !== "object") throw new TypeError(`${path}.keys[${i}]: expected a key object`);
      for (const m of ["mask", "val"] as const) {
        const x = k[m];
        if (!Number.isInteger(x) || x < 0 || x > 0xffffffff) throw new RangeError(`${path}.keys[${i}].${m}: expected 0..0xffffffff, got ${String(x)}`);
      }
      w.u32be(k.mask); w.u32be(k.val); w.s32(k.off | 0); w.s32(k.offmask | 0);
    });
    if (tail !== undefined && tail.length > 1) w.bytes(tail.subarray(1));
  });
}

/** struct tc_u32_pcnt: rule and hit counters, then one counter per key. */
export interface U32Pcnt {
  rcnt: bigint;
  rhit: bigint;
  kcnts: bigint[];
}

/** TCA_U32_PCNT (also used for any "two u64 then an array of u64" counter). */
export function u32PcntField(type: number): Field<U32Pcnt> {
  return custom<U32Pcnt>(type, (_b, dv, off, len, path) => {
    if (len < 16 || len % 8 !== 0) throw new DecodeError(`tc_u32_pcnt needs 16 + 8n bytes, got ${len}`, path, off);
    const kcnts: bigint[] = [];
    for (let p = off + 16; p < off + len; p += 8) kcnts.push(dv.getBigUint64(p, HOST_LE));
    return { rcnt: dv.getBigUint64(off, HOST_LE), rhit: dv.getBigUint64(off + 8, HOST_LE), kcnts };
  }, (w, v, path) => {
    if (v === null || typeof v !== "object") throw new TypeError(`${path}: expected counters`);
    w.u64(BigInt(v.rcnt)); w.u64(BigInt(v.rhit));
    for (const k of v.kcnts ?? []) w.u64(BigInt(k));
  });
}
