import { describe, expect, it } from "vitest";
import { formatIP, formatIPv4, parseIP, parseIPv4 } from "../../codecs/ip/index.ts";
import { thrown } from "./helpers.ts";

describe("formatIPv4", () => {
  it.each([
    [[0, 0, 0, 0], "0.0.0.0"],
    [[127, 0, 0, 1], "127.0.0.1"],
    [[192, 0, 2, 1], "192.0.2.1"],
    [[10, 100, 9, 99], "10.100.9.99"],
    [[255, 255, 255, 255], "255.255.255.255"],
    [[1, 10, 100, 200], "1.10.100.200"],
  ])("%j -> %s", (bytes, text) => {
    expect(formatIPv4(Uint8Array.from(bytes))).toBe(text);
    expect(formatIP(Uint8Array.from(bytes), 0, 4)).toBe(text);
  });

  it("reads 4 bytes at an offset", () => {
    const buf = Uint8Array.from([9, 9, 198, 51, 100, 7, 9]);
    expect(formatIPv4(buf, 2)).toBe("198.51.100.7");
  });

  it("every octet value formats as its decimal text", () => {
    for (let b = 0; b < 256; b++) {
      expect(formatIPv4(Uint8Array.from([b, 255 - b, b, 0]))).toBe(`${b}.${255 - b}.${b}.0`);
    }
  });

  it("throws RangeError when the 4 bytes are not there", () => {
    expect(() => formatIPv4(new Uint8Array(3))).toThrow(RangeError);
    expect(() => formatIPv4(new Uint8Array(4), 1)).toThrow(RangeError);
    expect(() => formatIPv4(new Uint8Array(4), -1)).toThrow(RangeError);
  });
});

describe("parseIPv4", () => {
  it.each([
    ["0.0.0.0", [0, 0, 0, 0]],
    ["127.0.0.1", [127, 0, 0, 1]],
    ["192.0.2.1", [192, 0, 2, 1]],
    ["255.255.255.255", [255, 255, 255, 255]],
    ["10.0.0.10", [10, 0, 0, 10]],
  ])("accepts %s", (text, bytes) => {
    expect(Array.from(parseIPv4(text))).toEqual(bytes);
    expect(parseIP(text)).toEqual({ family: 2, bytes: Uint8Array.from(bytes) });
  });

  // glibc inet_pton rejects all of these (checked with python3's socket.inet_pton):
  // leading zeros, short forms, octal/hex, whitespace, out-of-range octets.
  it.each([
    "", ".", "1", "10", "1.2", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.04", "00.0.0.0", "0x1.2.3.4",
    "256.1.1.1", "1.2.3.256", "1000.1.1.1", " 1.2.3.4", "1.2.3.4 ", "1.2.3.4\n", "1..3.4", "1.2.3.", ".1.2.3",
    "1.2.3.4/24", "-1.2.3.4", "+1.2.3.4", "1.2.3.4:80", "１.2.3.4", "a.b.c.d",
  ])("rejects %j with a TypeError naming the field and value", (text) => {
    const e = thrown(() => parseIPv4(text, "local"));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toBe(`local: invalid IPv4 address ${JSON.stringify(text)}`);
  });

  it("without a field the message starts with the problem", () => {
    expect(thrown(() => parseIPv4("1.2.3")).message).toBe('invalid IPv4 address "1.2.3"');
  });
});

describe("parseIP", () => {
  it("picks the family from the text", () => {
    expect(parseIP("::").family).toBe(10);
    expect(parseIP("0.0.0.0").family).toBe(2);
  });

  it("names the field and the family it expected", () => {
    expect(thrown(() => parseIP("1.2.3", "via")).message).toBe('via: invalid IPv4 address "1.2.3"');
    expect(thrown(() => parseIP("1::2::3", "via")).message).toBe('via: invalid IPv6 address "1::2::3"');
    expect(thrown(() => parseIP("eth0", "via")).message).toBe('via: invalid IP address "eth0"');
    expect(thrown(() => parseIP("", "via"))).toBeInstanceOf(TypeError);
  });
});

describe("formatter offsets", () => {
  it("NaN offsets and lengths are RangeErrors, not garbage text", () => {
    expect(() => formatIPv4(new Uint8Array(8), Number.NaN)).toThrow(RangeError);
    expect(() => formatIP(new Uint8Array(32), Number.NaN, 16)).toThrow(RangeError);
  });
});
