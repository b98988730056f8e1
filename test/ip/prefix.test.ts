import { describe, expect, it } from "vitest";
import { formatIPv4, formatIPv6, formatPrefixAt, isHostBitsSet, maskPrefix, parsePrefix, prefixToString } from "../../codecs/ip/index.ts";
import { hex, rng, thrown } from "./helpers.ts";

describe("parsePrefix", () => {
  it.each([
    ["192.0.2.1/24", 2, "c0000201", 24, "192.0.2.1"],
    ["10.0.0.0/8", 2, "0a000000", 8, "10.0.0.0"],
    ["0.0.0.0/0", 2, "00000000", 0, "0.0.0.0"],
    ["192.0.2.1/32", 2, "c0000201", 32, "192.0.2.1"],
    ["192.0.2.1", 2, "c0000201", 32, "192.0.2.1"],
    ["2001:db8::1/64", 10, "20010db8000000000000000000000001", 64, "2001:db8::1"],
    ["2001:DB8:0:0::1/64", 10, "20010db8000000000000000000000001", 64, "2001:db8::1"],
    ["::/0", 10, "00000000000000000000000000000000", 0, "::"],
    ["::ffff:10.0.0.1/128", 10, "00000000000000000000ffff0a000001", 128, "::ffff:10.0.0.1"],
    ["fe80::1", 10, "fe800000000000000000000000000001", 128, "fe80::1"],
  ])("%s", (text, family, h, prefixLen, address) => {
    expect(parsePrefix(text)).toEqual({ family, bytes: hex(h), prefixLen, address });
  });

  it("keeps host bits (masking is separate)", () => {
    const p = parsePrefix("192.0.2.77/24");
    expect(p.address).toBe("192.0.2.77");
    expect(isHostBitsSet(p.bytes, p.prefixLen)).toBe(true);
    expect(Array.from(maskPrefix(p.bytes, p.prefixLen))).toEqual([192, 0, 2, 0]);
  });

  it.each([
    ["192.0.2.1/33", "prefix length 33 is out of range 0..32 for IPv4"],
    ["192.0.2.1/100", "prefix length 100 is out of range 0..32 for IPv4"],
    ["2001:db8::/129", "prefix length 129 is out of range 0..128 for IPv6"],
    ["::/99999999999999999999", "prefix length 99999999999999999999 is out of range 0..128 for IPv6"],
  ])("%s is a RangeError naming the field", (text, why) => {
    const e = thrown(() => parsePrefix(text, "dst"));
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toBe(`dst: ${why} in ${JSON.stringify(text)}`);
  });

  it.each([
    ["192.0.2.1/", "invalid prefix length", "expected decimal digits after '/'"],
    ["192.0.2.1/-1", "invalid prefix length", "expected decimal digits after '/'"],
    ["192.0.2.1/+24", "invalid prefix length", "expected decimal digits after '/'"],
    ["192.0.2.1/ 24", "invalid prefix length", "expected decimal digits after '/'"],
    ["192.0.2.1/24 ", "invalid prefix length", "expected decimal digits after '/'"],
    ["192.0.2.1/2.4", "invalid prefix length", "expected decimal digits after '/'"],
    ["192.0.2.1/24/1", "invalid prefix length", "expected decimal digits after '/'"],
    ["192.0.2.1/0x18", "invalid prefix length", "expected decimal digits after '/'"],
    ["192.0.2.0/255.255.255.0", "invalid prefix length", "expected decimal digits after '/'"],
    ["192.0.2.1/033", "invalid prefix length", "leading zeros are not allowed"],
    ["192.0.2.1/00", "invalid prefix length", "leading zeros are not allowed"],
    ["2001:db8::/064", "invalid prefix length", "leading zeros are not allowed"],
  ])("%s is a TypeError naming the field", (text, what, why) => {
    const e = thrown(() => parsePrefix(text, "dst"));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toBe(`dst: ${what} ${JSON.stringify(text)}: ${why}`);
  });

  it.each([
    ["/24", "prefix"],
    ["/", "prefix"],
    ["", "prefix"],
    ["default", "prefix"],
    ["10/8", "prefix"],
    ["10.0/16", "IPv4 prefix"],
    ["01.2.3.4/8", "IPv4 prefix"],
    ["2001:db8:::/64", "IPv6 prefix"],
    ["fe80::1%eth0/64", "IPv6 prefix"],
  ])("bad address in %j is a TypeError naming the field", (text, what) => {
    const e = thrown(() => parsePrefix(text, "dst"));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toBe(`dst: invalid ${what} ${JSON.stringify(text)}`);
  });
});

describe("prefixToString", () => {
  it("always prints the length", () => {
    expect(prefixToString({ address: "192.0.2.1", prefixLen: 32 })).toBe("192.0.2.1/32");
    expect(prefixToString(parsePrefix("2001:db8::1/64"))).toBe("2001:db8::1/64");
    expect(prefixToString(parsePrefix("2001:0db8:0::0:1"))).toBe("2001:db8::1/128");
  });
});

describe("formatPrefixAt", () => {
  it.each([
    ["c0000200", 4, 24, "192.0.2.0/24"],
    ["00000000", 4, 0, "0.0.0.0/0"],
    ["ffffffff", 4, 32, "255.255.255.255/32"],
    ["20010db8000000000000000000000000", 16, 32, "2001:db8::/32"],
    ["00000000000000000000ffff0a000001", 16, 128, "::ffff:10.0.0.1/128"],
    ["000000000000000000000000c0000201", 16, 96, "::192.0.2.1/96"],
    ["00000000000000000000000000000000", 16, 4294967295, "::/4294967295"],
  ] as const)("%s /%d", (h, alen, len, text) => {
    const b = new Uint8Array(3 + alen);
    b.set(hex(h), 3);
    expect(formatPrefixAt(b, 3, alen, len)).toBe(text);
  });

  it("is the address text (checked against inet_ntop elsewhere), a slash and the length, on random bytes", () => {
    const r = rng(4711);
    const b = new Uint8Array(64);
    for (let i = 0; i < 4000; i++) {
      for (let k = 0; k < b.length; k++) b[k] = r.below(3) === 0 ? 0 : r.byte();
      const off = r.below(40);
      const len = r.below(3) === 0 ? r.below(100000) : r.below(129);
      expect(formatPrefixAt(b, off, 4, len)).toBe(`${formatIPv4(b, off)}/${len}`);
      expect(formatPrefixAt(b, off, 16, len)).toBe(`${formatIPv6(b, off)}/${len}`);
    }
  });

  it("refuses an out-of-bounds offset", () => {
    expect(() => formatPrefixAt(new Uint8Array(10), 8, 4, 24)).toThrow(RangeError);
    expect(() => formatPrefixAt(new Uint8Array(10), 0, 16, 64)).toThrow(RangeError);
  });
});

describe("maskPrefix / isHostBitsSet", () => {
  it.each([
    ["c0a80a0b", 0, "00000000", true],
    ["c0a80a0b", 8, "c0000000", true],
    ["c0a80a0b", 17, "c0a80000", true],
    ["c0a80a0b", 20, "c0a80000", true],
    ["c0a80a0b", 21, "c0a80800", true],
    ["c0a80a0b", 31, "c0a80a0a", true],
    ["c0a80a0b", 32, "c0a80a0b", false],
    ["c0a80a00", 24, "c0a80a00", false],
    ["c0a80a00", 23, "c0a80a00", false],
    ["c0a80a00", 22, "c0a80800", true],
    ["20010db8ffffffffffffffffffffffff", 32, "20010db8000000000000000000000000", true],
    ["20010db8ffffffffffffffffffffffff", 127, "20010db8fffffffffffffffffffffffe", true],
    ["20010db8000000000000000000000000", 32, "20010db8000000000000000000000000", false],
    ["ffffffffffffffffffffffffffffffff", 128, "ffffffffffffffffffffffffffffffff", false],
  ])("%s/%i", (h, len, masked, hostBits) => {
    const bytes = hex(h);
    const m = maskPrefix(bytes, len);
    expect(m).toEqual(hex(masked));
    expect(m).not.toBe(bytes);
    expect(bytes).toEqual(hex(h)); // input untouched
    expect(isHostBitsSet(bytes, len)).toBe(hostBits);
    expect(isHostBitsSet(m, len)).toBe(false);
  });

  it("agrees with a bit-by-bit reference on random input", () => {
    const r = rng(7);
    for (let n = 0; n < 2000; n++) {
      const bytes = Uint8Array.from({ length: r.below(2) ? 4 : 16 }, () => (r.below(3) ? r.byte() : 0));
      const len = r.below(bytes.length * 8 + 1);
      const bit = (i: number) => (bytes[i >> 3]! >> (7 - (i & 7))) & 1;
      const ref = new Uint8Array(bytes.length);
      let host = false;
      for (let i = 0; i < bytes.length * 8; i++) {
        if (i < len) ref[i >> 3]! |= bit(i) << (7 - (i & 7));
        else if (bit(i)) host = true;
      }
      expect(maskPrefix(bytes, len)).toEqual(ref);
      expect(isHostBitsSet(bytes, len)).toBe(host);
    }
  });

  it("rejects prefix lengths outside 0..8*length with RangeError", () => {
    for (const len of [-1, 33, 1.5, Number.NaN]) {
      expect(() => maskPrefix(new Uint8Array(4), len)).toThrow(RangeError);
      expect(() => isHostBitsSet(new Uint8Array(4), len)).toThrow(RangeError);
    }
    expect(() => maskPrefix(new Uint8Array(16), 129)).toThrow(RangeError);
    expect(maskPrefix(new Uint8Array(16).fill(255), 128)).toEqual(new Uint8Array(16).fill(255));
  });
});
