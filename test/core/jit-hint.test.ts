/**
 * The JIT hint of generated decoders (codecs/core/jit-hint.ts): every
 * function the codecs generate at run time (an attribute set's shape, a
 * whole struct, a named array) is passed to the installed hint, which the
 * library uses to keep it out of JSC's top tier (lib/sys/jit-generated.ts).
 */
import { afterEach, describe, expect, it } from "vitest";
import { attrSet } from "../../codecs/core/attrset.ts";
import { u32 } from "../../codecs/core/fields.ts";
import { setGeneratedCodeHint } from "../../codecs/core/jit-hint.ts";
import { structField, struct } from "../../codecs/core/struct.ts";
import { NlWriter } from "../../codecs/core/writer.ts";
import { hintGeneratedCode } from "../../lib/sys/jit-generated.ts";

afterEach(() => hintGeneratedCode()); // the library's own hint again, for the tests after these

describe("generated code hint", () => {
  it("passes each generated shape and struct decoder to the hint, once, and decodes the same", () => {
    const seen: unknown[] = [];
    setGeneratedCodeHint((f) => { seen.push(f); });
    const pair = struct("pair", [["a", "u32"], ["b", "u32"]] as const);
    const set = attrSet("h", { x: u32(1), p: structField(2, pair) });
    const w = new NlWriter(64);
    w.attrU32(1, 5);
    const s = w.beginAttr(2);
    w.u32(6);
    w.u32(7);
    w.endAttr(s);
    const b = w.toBytes();
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    for (let i = 0; i < 8; i++) expect(set.decode(b, dv, 0, b.length)).toEqual({ x: 5, p: { a: 6, b: 7 } });
    expect(seen).toHaveLength(2); // the set's shape and the struct's whole decoder
    for (const f of seen) expect(typeof f).toBe("function");
  });

  it("the library's hint takes generated functions without complaint", () => {
    hintGeneratedCode();
    const set = attrSet("k", { y: u32(3) });
    const w = new NlWriter(16);
    w.attrU32(3, 9);
    const b = w.toBytes();
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    for (let i = 0; i < 6; i++) expect(set.decode(b, dv, 0, b.length)).toEqual({ y: 9 });
  });
});
