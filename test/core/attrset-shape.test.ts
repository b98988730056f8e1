/**
 * AttrSet shapes (codecs/core/attrset.ts): a sequence of attributes a set
 * keeps decoding gets a generated object builder. The object must be the
 * one the table-driven loop builds (same keys in the same order, same
 * values, no layout record), and any input the shape takes must decode, or
 * fail, exactly as the loop does. Checked differentially: every kernel
 * RTM_NEWLINK of fixtures/link and seeded payload mutations that keep the
 * attribute headers (so the shape is tried) through decode and the loop.
 */
import { describe, expect, it } from "vitest";
import { attrSet, nest, type AttrSet } from "../../codecs/core/attrset.ts";
import { DecodeError } from "../../codecs/core/errors.ts";
import { string, u32, u8 } from "../../codecs/core/fields.ts";
import { splitMessages } from "../../codecs/core/header.ts";
import { fromHex } from "../../codecs/core/hex.ts";
import { NlWriter } from "../../codecs/core/writer.ts";
import { linkAttrs } from "../../codecs/link/message.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import { Prng } from "../helpers/prng.ts";
import { fixtureNames, loadFixture } from "../helpers/replay.ts";

type Decoder = { decode(b: Uint8Array, dv: DataView, off: number, end: number): unknown };
/** The private loop and shape list of a set (what the test compares against). */
const loopOf = (set: AttrSet<object>): Decoder["decode"] => (b, dv, off, end) => (set as unknown as { decodeLoop: Decoder["decode"] }).decodeLoop.call(set, b, dv, off, end);
const shapesOf = (set: AttrSet<object>): number => (set as unknown as { shapes: unknown[] }).shapes.length;

/** Keys at every depth in order, values by type: equal objects built in a different key order differ here. */
function layout(v: unknown): unknown {
  if (typeof v === "bigint") return `${v}n`;
  if (Array.isArray(v)) return v.map(layout);
  if (v !== null && typeof v === "object") {
    const syms = Object.getOwnPropertySymbols(v).map(String);
    return { keys: Object.keys(v), syms, values: Object.values(v).map(layout) };
  }
  return v;
}

function outcome(f: () => unknown): unknown {
  try {
    return layout(f());
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    return `DecodeError: ${e.message}`;
  }
}

/** IFLA_* attribute streams of the kernel's RTM_NEWLINK answers in fixtures/link (after struct ifinfomsg). */
function linkAnswers(): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const name of fixtureNames("link")) {
    for (const ex of loadFixture("link", name).exchanges) {
      for (const h of ex.recv) for (const m of splitMessages(fromHex(h))) if (m.type === RTM.NEWLINK && m.buf[m.payload] === 0) out.push(m.buf.slice(m.payload + 16, m.end));
    }
  }
  return out;
}

function headersOf(b: Uint8Array): Array<[number, number]> {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: Array<[number, number]> = [];
  for (let off = 0; off + 4 <= b.length; ) {
    const len = dv.getUint16(off, true);
    if (len < 4) break;
    out.push([off, len]);
    off += (len + 3) & ~3;
  }
  return out;
}

describe("AttrSet shapes", () => {
  it("makes a shape after a few equal plain decodes, and its objects equal the loop's key for key", () => {
    const set = attrSet("t", { a: u32(1), b: string(2), c: u8(3) }) as AttrSet<object>;
    const w = new NlWriter(64);
    w.attrU32(1, 7);
    w.attrString(2, "lo");
    const s = w.beginAttr(3);
    w.u8(9);
    w.endAttr(s);
    const b = w.toBytes();
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const want = layout(loopOf(set)(b, dv, 0, b.length));
    for (let i = 0; i < 6; i++) expect(layout(set.decode(b, dv, 0, b.length))).toEqual(want);
    expect(shapesOf(set)).toBe(1);
    expect(Object.keys(set.decode(b, dv, 0, b.length))).toEqual(["a", "b", "c"]);
    // Same headers, a payload of the wrong size: the shape is tried and fails as the loop does.
    const bad = b.slice();
    bad[0] = 7; // u32 attribute of 3 payload bytes, still inside the buffer
    const bdv = new DataView(bad.buffer);
    expect(outcome(() => set.decode(bad, bdv, 0, bad.length))).toEqual(outcome(() => loopOf(set)(bad, bdv, 0, bad.length)));
    expect(outcome(() => set.decode(bad, bdv, 0, bad.length))).toMatch(/^DecodeError: t.a: u32 needs 4 bytes/);
  });

  it("decodes a set nested in itself (one shape, two objects at once)", () => {
    const inner: { set?: AttrSet<object> } = {};
    const self = { type: 2, wireFlags: 0, decode: (b: Uint8Array, dv: DataView, off: number, len: number) => inner.set!.decode(b, dv, off, off + len), encode() {} };
    const set = attrSet("r", { a: u32(1), next: self }) as AttrSet<object>;
    inner.set = set;
    const w = new NlWriter(64);
    w.attrU32(1, 1);
    const n = w.beginAttr(2);
    w.attrU32(1, 2);
    const m = w.beginAttr(2);
    w.attrU32(1, 3);
    w.endAttr(m);
    w.endAttr(n);
    const b = w.toBytes();
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const want = { a: 1, next: { a: 2, next: { a: 3 } } };
    for (let i = 0; i < 8; i++) expect(set.decode(b, dv, 0, b.length)).toEqual(want);
    expect(shapesOf(set)).toBeGreaterThan(0);
  });

  it("leaves unknown, repeated and differently flagged attributes to the loop (layout record kept)", () => {
    const set = attrSet("u", { a: u32(1), n: nest(2, attrSet("v", { x: u32(1) })) }) as AttrSet<object>;
    const w = new NlWriter(64);
    w.attrU32(1, 5);
    w.attrU32(9, 6); // unknown
    const s = w.beginAttr(2 | 0x8000); // NLA_F_NESTED where the field writes none
    w.attrU32(1, 1);
    w.endAttr(s);
    const b = w.toBytes();
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    for (let i = 0; i < 6; i++) expect(layout(set.decode(b, dv, 0, b.length))).toEqual(layout(loopOf(set)(b, dv, 0, b.length)));
    expect(shapesOf(set)).toBe(0);
    expect(Object.getOwnPropertySymbols(set.decode(b, dv, 0, b.length))).toHaveLength(1);
  });

  it("decodes every kernel link message, and payload mutations of it, exactly as the loop does", () => {
    const answers = linkAnswers();
    expect(answers.length).toBeGreaterThan(5);
    const set = linkAttrs as unknown as AttrSet<object>;
    for (const b of answers) {
      const dv = new DataView(b.buffer);
      for (let i = 0; i < 4; i++) expect(outcome(() => set.decode(b, dv, 0, b.length))).toEqual(outcome(() => loopOf(set)(b, dv, 0, b.length)));
    }
    expect(shapesOf(set)).toBeGreaterThan(0);
    const r = new Prng(0x5ba9e);
    let errors = 0;
    for (let k = 0; k < 4000; k++) {
      const b = r.pick(answers).slice();
      const heads = headersOf(b);
      const [off, len] = r.pick(heads);
      if (r.chance(0.5) && len > 4) {
        for (let j = 0; j < 1 + r.below(4); j++) b[off + 4 + r.below(len - 4)] = r.u32() & 0xff; // payload bytes
      } else {
        b[off] = Math.max(4, Math.min(0xffff, len + r.pick([-4, -3, -2, -1, 1, 2, 4]))) & 0xff; // nla_len, header type kept
      }
      const dv = new DataView(b.buffer);
      const got = outcome(() => set.decode(b, dv, 0, b.length));
      expect(got).toEqual(outcome(() => loopOf(set)(b, dv, 0, b.length)));
      if (typeof got === "string") errors++;
    }
    expect(errors).toBeGreaterThan(100); // the mutations reach the fields' checks, not only the happy path
  });
});
