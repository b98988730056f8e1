/**
 * Golden bytes, part 2: fixed structs (C alignment, flexible shorter and
 * longer payloads), attribute sets (unknown attributes, repeats,
 * interleavings, stray NLA_F_* bits), message codecs and the hex helpers.
 * Expected bytes are written by hand with a comment each; little-endian
 * host (see golden.test.ts).
 */
import { describe, expect, it } from "vitest";
import {
  attrSet, DecodeError, flag, ipAddr, messageCodec, multi, NLA_F_NESTED, NlWriter, fromHex, rawCodec, s32, string,
  struct, structField, toHex, u16, u32, u64, u8, type FixedHeader,
} from "../../codecs/core/index.ts";
import { bytes, decodeFails, dec, dvOf, enc, golden, h } from "./golden-helpers.ts";

describe("structs", () => {
  // struct demo { __u8 a; __u16 b; __u32 c; __u64 d; }  -> offsets 0, 2, 4, 8; size 16
  const layout = struct("demo", [["a", "u8"], ["b", "u16"], ["c", "u32"], ["d", "u64"]] as const);
  const flexible = struct("demo", [["a", "u8"], ["b", "u16"], ["c", "u32"], ["d", "u64"]] as const, { flexible: true });
  const whole = h("01 00 0200 03000000 0400000000000000"); // a=1, pad 0, b=2, c=3, d=4

  it("lays members out by C alignment", () => {
    expect(layout.size).toBe(16);
    golden(structField(1, layout), { a: 1, b: 2, c: 3, d: 4n }, "1400 0100" + whole);
  });

  it("a fixed struct needs exactly its size", () => {
    decodeFails(structField(1, layout), "1000 0100 0101020003000000 04000000", /demo needs 16 bytes, got 12/);
  });

  it("flexible: a longer payload (newer kernel) keeps the extra bytes in tail", () => {
    golden(structField(1, flexible), { a: 1, b: 2, c: 3, d: 4n, tail: "aabbccdd" }, "1800 0100" + whole + "aabbccdd");
  });

  it("flexible: a shorter payload (older kernel) decodes the members that fit", () => {
    // 8 bytes: a, pad, b, c; d missing
    golden(structField(1, flexible), { a: 1, b: 2, c: 3 } as never, "0c00 0100 01000200 03000000");
    // 6 bytes: a, b and half of c, kept as tail
    golden(structField(1, flexible), { a: 1, b: 2, tail: "0300" } as never, "0a00 0100 01000200 0300 0000");
  });

  it("nonzero padding inside a whole struct is kept", () => {
    golden(structField(1, layout), { a: 1, b: 2, c: 3, d: 4n }, "1400 0100" + whole);
    const withPad = "1400 0100 01ff0200 03000000 0400000000000000";
    const set = attrSet("g", { v: structField(1, layout) });
    const v = dec(set, withPad);
    expect(enc(set, v)).toBe(h(withPad));
  });

  it("big-endian and signed members", () => {
    const l = struct("be", [["port", "be16"], ["x", "s32"], ["key", "be32"]] as const);
    golden(structField(1, l), { port: 80, x: -1, key: 0x0a000001 }, "1000 0100 0050 0000 ffffffff 0a000001");
  });
});

describe("attribute sets", () => {
  const set = attrSet("demo", { mtu: u32(4), name: string(3), addrs: multi(ipAddr(1)) });

  it("keeps unknown attributes (type, NLA_F_* bits, payload) and re-emits them in place", () => {
    const hex = h(`
      0800 0400 dc050000        # mtu 1500
      0800 6300 01020304        # type 99: unknown
      0600 0300 6100 0000       # name "a"
      0500 6480 ff 000000       # type 100 | NLA_F_NESTED: unknown, flag kept
      0800 6300 05060708        # type 99 again, after a known one
    `);
    const v = dec(set, hex);
    expect(v).toEqual({
      mtu: 1500,
      unknown: [{ type: 99, flags: 0, data: "01020304" }, { type: 100, flags: NLA_F_NESTED, data: "ff" }, { type: 99, flags: 0, data: "05060708" }],
      name: "a",
    });
    expect(enc(set, v)).toBe(hex);
    // a plain copy loses the hidden layout and writes unknowns where the first one stood
    expect(enc(set, { ...v })).toBe(h(`0800 0400 dc050000  0800 6300 01020304  0500 6480 ff 000000  0800 6300 05060708  0600 0300 6100 0000`));
  });

  it("keeps a repeat of a non-multi attribute in unknown, at its place", () => {
    const hex = h(`0800 0400 01000000  0600 0300 6100 0000  0800 0400 02000000`);
    const v = dec(set, hex);
    expect(v).toEqual({ mtu: 1, name: "a", unknown: [{ type: 4, flags: 0, data: "02000000" }] });
    expect(enc(set, v)).toBe(hex);
  });

  it("keeps multi elements interleaved with other attributes in wire order", () => {
    const hex = h(`0800 0100 c0000201  0800 0400 01000000  0800 0100 c0000202`);
    const v = dec(set, hex);
    expect(v).toEqual({ addrs: ["192.0.2.1", "192.0.2.2"], mtu: 1 });
    expect(enc(set, v)).toBe(hex);
  });

  it("keeps unexpected NLA_F_* bits on known attributes", () => {
    const hex = h(`0800 0480 dc050000`); // mtu with NLA_F_NESTED set by the sender
    const v = dec(set, hex);
    expect(v).toEqual({ mtu: 1500 });
    expect(enc(set, v)).toBe(hex);
  });

  it("writes attributes added after decoding after the recorded ones", () => {
    const v = dec(set, h(`0800 0100 c0000201  0800 6300 01020304  0800 0100 c0000202`));
    v.mtu = 9000;
    expect(enc(set, v)).toBe(h(`0800 0100 c0000201  0800 6300 01020304  0800 0100 c0000202  0800 0400 28230000`));
    delete v.unknown;
    v.addrs = ["192.0.2.9"];
    expect(enc(set, v)).toBe(h(`0800 0100 c0000209  0800 0400 28230000`));
  });

  it("malformed attribute streams are DecodeErrors with the offset", () => {
    const cases: Array<[string, RegExp, number]> = [
      ["0300 0400 00", /nla_len 3 is below the 4-byte header/, 0],
      ["0800 0400 dc050000 0c00 0300 6100", /runs past the end/, 8],
      ["0800 0400 dc050000 0500", /2 trailing bytes/, 8],
    ];
    for (const [hex, re, off] of cases) {
      try {
        dec(set, hex);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(DecodeError);
        expect((e as DecodeError).message).toMatch(re);
        expect((e as DecodeError).offset).toBe(off);
      }
    }
  });

  it("names unknown keys and bad unknown entries on encode", () => {
    expect(() => enc(set, { nope: 1 } as never)).toThrow(/demo.nope: not an attribute of demo/);
    expect(() => enc(set, { unknown: [{ type: 70000, flags: 0, data: "" }] })).toThrow(/unknown\[0\].type/);
    expect(() => enc(set, { unknown: [{ type: 1, flags: 1, data: "" }] })).toThrow(/unknown\[0\].flags/);
    expect(() => enc(set, { unknown: [{ type: 1, flags: 0, data: "abc" }] })).toThrow(/unknown\[0\].data/);
  });
});

describe("message codecs", () => {
  // struct demohdr { __u8 family; __u8 pad; __u16 kind; __u32 index; } (8 bytes)
  interface Demo { family: number; kind: number; index: number }
  const demohdr: FixedHeader<Demo> = {
    name: "demohdr",
    size: 8,
    decode: (_b, dv, off) => ({ family: dv.getUint8(off), kind: dv.getUint16(off + 2, true), index: dv.getUint32(off + 4, true) }),
    encode: (w, v) => { w.u8(v.family); w.u8(0); w.u16(v.kind); w.u32(v.index); },
  };
  const codec = messageCodec("demo", demohdr, attrSet("demo-attrs", { name: string(1) }));

  it("header members at the top, attributes in attrs", () => {
    const hex = h(`02 00 0100 05000000  0600 0100 6100 0000`);
    const b = bytes(hex);
    const v = codec.decode(b, dvOf(b), 0, b.length);
    expect(v).toEqual({ family: 2, kind: 1, index: 5, attrs: { name: "a" } });
    const w = new NlWriter();
    codec.encode(w, v);
    expect(toHex(w.view())).toBe(hex);
    expect(() => codec.decode(b, dvOf(b), 0, 6)).toThrow(/demohdr needs 8 bytes, got 6/);
  });

  it("rawCodec keeps any family's header and attributes", () => {
    const rtmsg = rawCodec("rtmsg", 12);
    const hex = h(`02200000 fe04fd01 00000000  0800 0100 c6336400  0800 0400 03000000`);
    const b = bytes(hex);
    const v = rtmsg.decode(b, dvOf(b), 0, b.length);
    expect(v).toEqual({ header: "02200000fe04fd0100000000", attrs: { unknown: [{ type: 1, flags: 0, data: "c6336400" }, { type: 4, flags: 0, data: "03000000" }] } });
    const w = new NlWriter();
    rtmsg.encode(w, v);
    expect(toHex(w.view())).toBe(hex);
    // rtgenmsg: a 1-byte header padded to 4
    const gen = rawCodec("rtgenmsg", 1);
    const w2 = new NlWriter();
    gen.encode(w2, { header: "11", attrs: {} });
    expect(toHex(w2.view())).toBe("11000000");
  });
});

describe("hex helpers", () => {
  it("toHex/fromHex agree with each other on every length across the bulk threshold", () => {
    for (let n = 0; n < 300; n++) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
      const hex = toHex(b);
      expect(hex).toBe(Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(""));
      expect(fromHex(hex)).toEqual(b);
      expect(fromHex(hex.toUpperCase())).toEqual(b);
    }
    expect(toHex(Uint8Array.of(0, 1, 0xab, 0xff), 1, 2)).toBe("01ab");
    for (const bad of ["0", "zz", "0g", "é0", " 0"]) expect(() => fromHex(bad, "f")).toThrow(TypeError);
  });
});
