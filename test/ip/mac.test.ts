import { describe, expect, it } from "vitest";
import { formatMAC, MAX_ADDR_LEN, parseMAC } from "../../codecs/ip/index.ts";
import { rng, thrown, toHex } from "./helpers.ts";

describe("parseMAC", () => {
  it.each([
    ["00:11:22:33:44:55", "001122334455"],
    ["aa:bb:cc:dd:ee:ff", "aabbccddeeff"],
    ["AA:BB:CC:DD:EE:FF", "aabbccddeeff"],
    ["0:1:2:a:b:c", "0001020a0b0c"],
    ["aa-bb-cc-dd-ee-ff", "aabbccddeeff"],
    ["ff", "ff"],
    ["aa:bb", "aabb"],
    ["00:11:22:33:44:55:66:77", "0011223344556677"],
    ["192.0.2.1", "c0000201"],
    [Array.from({ length: 32 }, (_, i) => i.toString(16)).join(":"), Array.from({ length: 32 }, (_, i) => i.toString(16).padStart(2, "0")).join("")],
  ])("accepts %s", (text, h) => {
    expect(toHex(parseMAC(text))).toBe(h);
  });

  it.each([
    "", ":", "aa:", ":aa", "aa::bb", "aa:bb:", "aabbccddeeff", "aaa:bb", "0x1:2", "gg:00",
    "aa:bb-cc:dd:ee:ff", "aa bb cc dd ee ff", " aa:bb", "aa:bb ", "aa.bb.cc", "1.2.3", "aabb.ccdd.eeff", "-1",
  ])("rejects %j with a TypeError naming the field", (text) => {
    const e = thrown(() => parseMAC(text, "address"));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message.startsWith(`address: invalid MAC address ${JSON.stringify(text)}`)).toBe(true);
  });

  it("more than 32 octets is a RangeError naming the field", () => {
    const text = Array.from({ length: MAX_ADDR_LEN + 1 }, () => "aa").join(":");
    const e = thrown(() => parseMAC(text, "address"));
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toBe(`address: MAC address ${JSON.stringify(text.slice(0, 80) + "...")} has 33 octets, at most 32 allowed`);
  });
});

describe("formatMAC", () => {
  it("prints lowercase colon hex like iproute2", () => {
    expect(formatMAC(Uint8Array.from([0, 0x11, 0x22, 0x33, 0x44, 0x55]))).toBe("00:11:22:33:44:55");
    expect(formatMAC(Uint8Array.from([0xde, 0xad, 0xbe, 0xef, 0x0a, 0xff]))).toBe("de:ad:be:ef:0a:ff");
  });

  it("honours off and len, len defaulting to the rest of the buffer", () => {
    const buf = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(formatMAC(buf, 2)).toBe("03:04:05:06:07:08");
    expect(formatMAC(buf, 2, 6)).toBe("03:04:05:06:07:08");
    expect(formatMAC(buf, 1, 2)).toBe("02:03");
    expect(formatMAC(buf, 8)).toBe("");
    expect(formatMAC(new Uint8Array(0))).toBe("");
  });

  it("prints every byte value in each position of a 6-byte address (its own path) as the general one does", () => {
    const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(":");
    const buf = new Uint8Array(8);
    for (let v = 0; v < 256; v++) {
      for (let i = 0; i < 8; i++) buf[i] = (v + 37 * i) & 0xff;
      expect(formatMAC(buf, 1, 6)).toBe(hex(buf.subarray(1, 7)));
      expect(formatMAC(buf, 0, 7)).toBe(hex(buf.subarray(0, 7)));
    }
  });

  it("handles lengths beyond the scratch buffer", () => {
    const buf = Uint8Array.from({ length: 100 }, (_, i) => i);
    expect(formatMAC(buf)).toBe(Array.from(buf, (b) => b.toString(16).padStart(2, "0")).join(":"));
  });

  it("throws RangeError when out of bounds", () => {
    expect(() => formatMAC(new Uint8Array(6), 0, 7)).toThrow(RangeError);
    expect(() => formatMAC(new Uint8Array(6), 7)).toThrow(RangeError);
    expect(() => formatMAC(new Uint8Array(6), -1, 2)).toThrow(RangeError);
  });

  it("round-trips random hardware addresses of every length 1..32", () => {
    const r = rng(99);
    for (let n = 0; n < 3000; n++) {
      const b = Uint8Array.from({ length: 1 + r.below(MAX_ADDR_LEN) }, () => r.byte());
      const text = formatMAC(b);
      expect(parseMAC(text)).toEqual(b);
      expect(parseMAC(text.toUpperCase())).toEqual(b);
      expect(parseMAC(text.replaceAll(":", "-"))).toEqual(b);
    }
  });
});
