/**
 * String, link-layer and IP address fields keep the last payload they turned
 * into text and hand the same string back for the same bytes
 * (codecs/core/fields.ts LastText). A payload that differs in any byte, or
 * in length, must decode afresh, and an invalid one must still fail after a
 * valid one of the same length was kept. Flag tables keep the names of the
 * last value, and hand out a copy.
 */
import { describe, expect, it } from "vitest";
import { DecodeError } from "../../codecs/core/errors.ts";
import { lladdr, string } from "../../codecs/core/fields.ts";
import { ipOf } from "../../codecs/link/fields.ts";
import { IFF } from "../../codecs/link/tables.ts";

const dvOf = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

describe("remembered text of string and lladdr fields", () => {
  it("string: same bytes give the same text, any other bytes are decoded and checked", () => {
    const f = string(3);
    const dec = (bytes: number[]) => {
      const b = Uint8Array.from([0xee, ...bytes, 0xee]); // payload at offset 1, bytes around it
      return f.decode(b, dvOf(b), 1, bytes.length, "t.ifname");
    };
    expect(dec([0x6c, 0x6f, 0])).toBe("lo");
    expect(dec([0x6c, 0x6f, 0])).toBe("lo");
    expect(dec([0x6c, 0x70, 0])).toBe("lp"); // last byte before the NUL differs
    expect(dec([0x6d, 0x70, 0])).toBe("mp"); // first byte differs
    expect(dec([0x6d, 0x70, 0x31, 0])).toBe("mp1"); // longer
    expect(dec([0x6d, 0])).toBe("m"); // shorter, a prefix of the kept bytes
    expect(() => dec([0x6d, 0, 0])).toThrow(DecodeError); // a NUL inside: same length as the kept "mp" + NUL, checked afresh
    expect(() => dec([0x6d, 0x70, 0x71])).toThrow(DecodeError); // not NUL-terminated
    expect(dec([0x6d, 0])).toBe("m");
    expect(dec([0xc3, 0xa9, 0])).toBe("é");
  });

  it("lladdr: same bytes give the same text, any other bytes are formatted", () => {
    const f = lladdr(1);
    const dec = (bytes: number[]) => {
      const b = Uint8Array.from([0xff, ...bytes]);
      return f.decode(b, dvOf(b), 1, bytes.length, "t.address");
    };
    expect(dec([0, 0, 0, 0, 0, 0])).toBe("00:00:00:00:00:00");
    expect(dec([0, 0, 0, 0, 0, 1])).toBe("00:00:00:00:00:01");
    expect(dec([2, 0, 0, 0, 0, 1])).toBe("02:00:00:00:00:01");
    expect(dec([2, 0, 0, 0])).toBe("02:00:00:00");
    expect(dec([2, 0, 0, 0, 0, 1])).toBe("02:00:00:00:00:01");
    expect(() => dec([])).toThrow(DecodeError);
    expect(() => dec(new Array<number>(33).fill(1))).toThrow(DecodeError);
    expect(dec(new Array<number>(32).fill(0xab))).toBe(new Array(32).fill("ab").join(":"));
    expect(dec(new Array<number>(32).fill(0xab))).toBe(new Array(32).fill("ab").join(":"));
  });

  it("ipOf: same bytes give the same text, other bytes are formatted", () => {
    const f = ipOf(7, 16);
    const dec = (bytes: number[]) => {
      const b = Uint8Array.from(bytes);
      return f.decode(b, dvOf(b), 0, bytes.length, "t.token");
    };
    const zero = new Array<number>(16).fill(0);
    expect(dec(zero)).toBe("::");
    expect(dec(zero)).toBe("::");
    expect(dec([...zero.slice(0, 15), 1])).toBe("::1");
    expect(dec([0x20, 0x01, 0x0d, 0xb8, ...zero.slice(4, 15), 1])).toBe("2001:db8::1");
    expect(() => dec(zero.slice(0, 4))).toThrow(DecodeError);
  });

  it("flag names: the same bits again give equal names in a new array each time", () => {
    const a = IFF.names(0x10043);
    expect(a).toEqual(["UP", "BROADCAST", "RUNNING", "LOWER_UP"]);
    a.push("MUTATED");
    const b = IFF.names(0x10043);
    expect(b).toEqual(["UP", "BROADCAST", "RUNNING", "LOWER_UP"]);
    expect(b).not.toBe(IFF.names(0x10043));
    expect(IFF.names(0x1)).toEqual(["UP"]);
    expect(IFF.names(0)).toEqual([]);
    expect(IFF.names(0x10043)).toEqual(["UP", "BROADCAST", "RUNNING", "LOWER_UP"]);
  });
});
