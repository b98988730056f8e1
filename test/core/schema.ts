/**
 * A kitchen-sink attribute schema for the core's property and fuzz tests:
 * every field kind, three levels deep (each level nests the one below
 * with and without NLA_F_NESTED, as a single and as a multi field), with
 * generators of canonical values and of raw attribute streams.
 */
import { formatIP, formatMAC } from "../../codecs/ip/index.ts";
import {
  attrSet, binary, decodeUtf8, EnumTable, enumField, flag, FlagTable, flagsField, ipAddr, lladdr,
  multi, nest, NLA_F_NESTED, NLA_F_NET_BYTEORDER, NlWriter, s16, s32, s64, s8, string, struct, structField,
  toHex, u16, u16be, u32, u32be, u64, u8, uint, type AttrSet, type Field,
} from "../../codecs/core/index.ts";
import type { Prng } from "../helpers/prng.ts";

export type Gen = (r: Prng) => unknown;

const scope = new EnumTable("scope", { 0: "universe", 200: "site", 253: "link", 254: "host", 255: "nowhere" });
const bits = new FlagTable("flag", { permanent: 0x80, secondary: 0x01, nodad: 0x02, optimistic: 0x04, top: 0x80000000 });
const stats = struct("stats", [["a", "u8"], ["b", "u16"], ["c", "u32"], ["d", "u64"], ["e", "be32"], ["f", "s32"]] as const, { flexible: true });

/** Bytes that are never 0 (for strings, which may not hold a NUL). */
function nonNul(r: Prng, n: number): Uint8Array {
  const b = r.bytes(n);
  for (let i = 0; i < n; i++) if (b[i] === 0) b[i] = 1 + r.below(255);
  return b;
}

/** The leaf fields of a level, each with a generator of canonical values (what decode would return). */
function leafFields(): Array<[string, Field<any>, Gen]> {
  return [
    ["u8v", u8(1), (r) => r.below(256)],
    ["u16v", u16(2), (r) => r.below(0x10000)],
    ["u32v", u32(3), (r) => r.u32()],
    ["u64v", u64(4), (r) => r.u64()],
    ["s8v", s8(5), (r) => r.int(-128, 127)],
    ["s16v", s16(6), (r) => r.int(-0x8000, 0x7fff)],
    ["s32v", s32(7), (r) => r.u32() | 0],
    ["s64v", s64(8), (r) => BigInt.asIntN(64, r.u64())],
    ["uintv", uint(9), (r) => (r.chance(0.5) ? r.u32() : r.u64())],
    ["be16v", u16be(10), (r) => r.below(0x10000)],
    ["be32v", u32be(11, { wireFlags: NLA_F_NET_BYTEORDER }), (r) => r.u32()],
    ["str", string(12), (r) => {
      const b = nonNul(r, r.below(40));
      return decodeUtf8(b, 0, b.length);
    }],
    ["ascii", string(13), (r) => Array.from({ length: r.below(16) }, () => String.fromCharCode(r.int(0x20, 0x7e))).join("")],
    ["bin", binary(14), (r) => toHex(r.bytes(r.below(24)))],
    ["present", flag(15), () => true],
    ["addr", ipAddr(16), (r) => (r.chance(0.5) ? formatIP(r.bytes(4), 0, 4) : formatIP(r.bytes(16), 0, 16))],
    ["mac", lladdr(17), (r) => formatMAC(r.bytes(r.pick([6, 6, 6, 4, 8, 20])))],
    ["scope", enumField(18, 1, scope), (r) => (r.chance(0.7) ? r.pick(["universe", "site", "link", "host", "nowhere"]) : r.int(1, 199))],
    ["flags", flagsField(19, 4, bits), (r) => bits.names(r.chance(0.5) ? r.u32() : r.below(8))],
    ["stats", structField(20, stats), (r) => {
      const b = r.bytes(r.pick([stats.size, stats.size, 0, 3, 8, 12, stats.size + 4, stats.size + 9]));
      return stats.decode(b, new DataView(b.buffer), 0, b.length, "gen");
    }],
    ["ids", multi(u32(21)), (r) => Array.from({ length: 1 + r.below(4) }, () => r.u32())],
    ["names", multi(string(22)), (r) => Array.from({ length: 1 + r.below(3) }, () => String.fromCharCode(r.int(0x61, 0x7a)).repeat(r.int(1, 5)))],
  ];
}

export interface Level {
  set: AttrSet<Record<string, unknown>>;
  fields: Array<[string, Field<any>, Gen]>;
}

/** Three levels: each has the leaf fields plus a nest (with NLA_F_NESTED) and a multi nest of the level below. */
function buildLevels(): Level[] {
  const levels: Level[] = [];
  for (let depth = 0; depth < 3; depth++) {
    const fields = leafFields();
    const below = levels[depth - 1];
    if (below) {
      fields.push(["child", nest(30, below.set, { wireFlags: NLA_F_NESTED }), (r) => genValue(below, r)]);
      fields.push(["children", multi(nest(31, below.set)), (r) => Array.from({ length: 1 + r.below(2) }, () => genValue(below, r))]);
    }
    const set = attrSet(`level${depth}`, Object.fromEntries(fields.map(([n, f]) => [n, f]))) as unknown as AttrSet<Record<string, unknown>>;
    levels.push({ set, fields });
  }
  return levels;
}

/** Types not used by any level (unknown to the sets). */
export const UNKNOWN_TYPES = [0, 23, 29, 40, 99, 1000, 0x3fff];

/** A random attribute object in a random key order, unknown attributes included. */
export function genValue(level: Level, r: Prng): Record<string, unknown> {
  const entries: Array<[string, unknown]> = [];
  for (const [name, , gen] of level.fields) if (r.chance(0.35)) entries.push([name, gen(r)]);
  if (r.chance(0.4)) {
    const unknown = Array.from({ length: 1 + r.below(3) }, () => ({ type: r.pick(UNKNOWN_TYPES), flags: r.pick([0, 0, NLA_F_NESTED, NLA_F_NET_BYTEORDER]), data: toHex(r.bytes(r.below(12))) }));
    entries.push(["unknown", unknown]);
  }
  return Object.fromEntries(r.shuffle(entries));
}

/**
 * A random attribute stream written straight to bytes: known attributes
 * (valid payloads) in any order, repeats of single ones, multi elements
 * spread out, unknown types, and occasionally NLA_F_* bits the field does
 * not write.
 */
export function genBytes(depth: number, r: Prng, w: NlWriter): void {
  const level = LEVELS[depth]!;
  const count = r.below(10);
  for (let i = 0; i < count; i++) {
    if (r.chance(0.2)) {
      const s = w.beginAttr(r.pick(UNKNOWN_TYPES) | r.pick([0, 0, NLA_F_NESTED, NLA_F_NET_BYTEORDER]));
      w.bytes(r.bytes(r.below(10)));
      w.endAttr(s);
      continue;
    }
    const [name, field, gen] = r.pick(level.fields);
    const stray = r.chance(0.1) ? r.pick([NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLA_F_NESTED | NLA_F_NET_BYTEORDER]) : field.wireFlags;
    const s = w.beginAttr(field.type | stray);
    if (name === "child" || name === "children") {
      genBytes(depth - 1, r, w); // the nest's payload: another generated stream, one level down
    } else {
      const v = gen(r);
      field.encode(w, (field.multi ? (v as unknown[])[0] : v) as never, name);
    }
    w.endAttr(s);
  }
}

/** Levels 0..2; LEVELS[2] is the top set. */
export const LEVELS = buildLevels();

