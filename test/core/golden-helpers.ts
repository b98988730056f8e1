/** Helpers of the golden-bytes tests: hand-written hex with comments, and field/set assertions. */
import { expect } from "vitest";
import { attrSet, DecodeError, NlWriter, toHex, type AttrSet, type Field } from "../../codecs/core/index.ts";

/** Hex with spaces, newlines and `# comments` removed. */
export function h(text: string): string {
  return text.replace(/#[^\n]*/g, "").replace(/\s+/g, "");
}
export function bytes(text: string): Uint8Array {
  const s = h(text);
  return Uint8Array.from(s.match(/../g) ?? [], (x) => parseInt(x, 16));
}
export function dvOf(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}
/** Encode `value` as attribute set `set` and return hex. */
export function enc<T extends object>(set: AttrSet<T>, value: T): string {
  const w = new NlWriter(16);
  set.encode(w, value);
  return toHex(w.view());
}
export function dec<T extends object>(set: AttrSet<T>, hex: string): T {
  const b = bytes(hex);
  return set.decode(b, dvOf(b), 0, b.length);
}
/** Assert decode(hex) == value and encode(value) == hex for one field. */
export function golden<V>(field: Field<V>, value: V, hex: string): void {
  const set = attrSet("g", { v: field });
  expect(dec(set, hex)).toEqual({ v: value });
  expect(enc(set, { v: value } as never)).toBe(h(hex));
}
export function decodeFails(field: Field<unknown>, hex: string, reason: RegExp): void {
  const set = attrSet("g", { v: field });
  let err: unknown;
  try {
    dec(set, hex);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(DecodeError);
  expect((err as DecodeError).message).toMatch(reason);
  expect((err as DecodeError).path).toBe("g.v");
}
