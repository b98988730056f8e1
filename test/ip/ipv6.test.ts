import { describe, expect, it } from "vitest";
import { formatIP, formatIPv6, parseIP, parseIPv6 } from "../../codecs/ip/index.ts";
import { hex, thrown, toHex } from "./helpers.ts";

// [bytes, what glibc inet_ntop prints] (values checked with python3's socket.inet_ntop).
const FORMAT: [string, string, string][] = [
  ["20010db8000000000000000000000001", "2001:db8::1", "RFC 5952 4.1: leading zeros suppressed"],
  ["20010db8000000000000000000020001", "2001:db8::2:1", "4.2.1: '::' shortens as much as possible"],
  ["20010db8000000010001000100010001", "2001:db8:0:1:1:1:1:1", "4.2.2: a single zero group is not compressed"],
  ["20010000000000010000000000000001", "2001:0:0:1::1", "4.2.3: the longest run is compressed"],
  ["20010db8000000000001000000000001", "2001:db8::1:0:0:1", "4.2.3: equal runs, the first is compressed"],
  ["00010000000000020000000000000003", "1:0:0:2::3", "4.2.3: longer later run wins"],
  ["00000000000000010000000000000000", "0:0:0:1::", "4.2.3: longer trailing run wins over a leading one"],
  ["20010db80000000000000000abcdef01", "2001:db8::abcd:ef01", "4.3: lowercase"],
  ["00000000000000000000ffffc0000201", "::ffff:192.0.2.1", "5: IPv4-mapped"],
  ["00000000000000000000ffff00000000", "::ffff:0.0.0.0", "IPv4-mapped, zero address"],
  ["00000000000000000000ffffffffffff", "::ffff:255.255.255.255", "IPv4-mapped, all ones"],
  ["00000000000000000000ffff00000001", "::ffff:0.0.0.1", "IPv4-mapped, zero group inside the v4 part"],
  ["00000000000000000000000001020304", "::1.2.3.4", "IPv4-compatible (six leading zero groups)"],
  ["00000000000000000000000000010000", "::0.1.0.0", "IPv4-compatible with a zero last group"],
  ["000000000000000000000000ffff0001", "::255.255.0.1", "six zero groups then ffff: compatible, not mapped"],
  ["000000000000000000000000000a000b", "::0.10.0.11", "IPv4-compatible, small groups"],
  ["00000000000000000000000000000001", "::1", "loopback: seven zero groups stay hex"],
  ["00000000000000000000000000000002", "::2", "seven zero groups stay hex (glibc, unlike old BIND)"],
  ["0000000000000000000000000000ffff", "::ffff", "seven zero groups then ffff"],
  ["00000000000000000000000000000000", "::", "unspecified"],
  ["00000000000000000000fffe01020304", "::fffe:102:304", "five zero groups then fffe: plain hex"],
  ["00000000000000000001ffff00000000", "::1:ffff:0:0", "four zero groups: plain hex"],
  ["0000000000000000ffff0000ffff0001", "::ffff:0:ffff:1", "run of four, not a mapped address"],
  ["00000000000000000000000100000000", "::1:0:0", "five zero groups then 1"],
  ["0064ff9b0000000000000000c0000221", "64:ff9b::c000:221", "NAT64 prefix prints as hex"],
  ["00010000000000000000000000000000", "1::", "trailing run"],
  ["00000000000100000000000000000000", "0:0:1::", "leading run shorter than trailing"],
  ["00010000000000000000000000000001", "1::1", "middle run"],
  ["00000001000000010000000100000001", "0:1:0:1:0:1:0:1", "only single zero groups"],
  ["fe800000000000000000000000000001", "fe80::1", "link-local"],
  ["ff0200000000000000000001ff000001", "ff02::1:ff00:1", "solicited-node multicast"],
  ["00010002000300040005000600070008", "1:2:3:4:5:6:7:8", "no zeros"],
  ["ffffffffffffffffffffffffffffffff", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "all ones"],
  ["0f0000f000ff0f0ff00f000000000abc", "f00:f0:ff:f0f:f00f::abc", "hex digit widths"],
];

describe("formatIPv6", () => {
  it.each(FORMAT)("%s -> %s (%s)", (h, text) => {
    expect(formatIPv6(hex(h))).toBe(text);
  });

  it("reads at an offset and leaves surrounding bytes alone", () => {
    const buf = new Uint8Array(20).fill(0xee);
    buf.set(hex("20010db8000000000000000000000001"), 3);
    expect(formatIPv6(buf, 3)).toBe("2001:db8::1");
    expect(formatIP(buf, 3, 16)).toBe("2001:db8::1");
  });

  it("throws RangeError when the 16 bytes are not there", () => {
    expect(() => formatIPv6(new Uint8Array(15))).toThrow(RangeError);
    expect(() => formatIPv6(new Uint8Array(16), 1)).toThrow(RangeError);
    expect(() => formatIPv6(new Uint8Array(16), -1)).toThrow(RangeError);
  });

  it("formatIP rejects lengths other than 4 and 16", () => {
    for (const len of [0, 1, 6, 8, 15, 17, 32]) {
      expect(() => formatIP(new Uint8Array(32), 0, len)).toThrow(RangeError);
    }
  });
});

// [text, bytes] accepted by glibc inet_pton.
const PARSE_OK: [string, string][] = [
  ["::", "00000000000000000000000000000000"],
  ["::1", "00000000000000000000000000000001"],
  ["1::", "00010000000000000000000000000000"],
  ["1:2:3:4:5:6:7::", "00010002000300040005000600070000"],
  ["::2:3:4:5:6:7:8", "00000002000300040005000600070008"],
  ["1::2:3:4:5:6:7", "00010000000200030004000500060007"],
  ["1:2:3:4:5:6:7:8", "00010002000300040005000600070008"],
  ["2001:0DB8:0000:0000:0000:0000:0000:0001", "20010db8000000000000000000000001"],
  ["2001:Db8::aBcD", "20010db800000000000000000000abcd"],
  ["0001::", "00010000000000000000000000000000"],
  ["::1.2.3.4", "00000000000000000000000001020304"],
  ["::ffff:192.0.2.1", "00000000000000000000ffffc0000201"],
  ["::FFFF:192.0.2.1", "00000000000000000000ffffc0000201"],
  ["1:2:3:4:5:6:1.2.3.4", "00010002000300040005000601020304"],
  ["1:2:3:4:5::1.2.3.4", "00010002000300040005000001020304"],
  ["::0.0.0.0", "00000000000000000000000000000000"],
  ["64:ff9b::192.0.2.33", "0064ff9b0000000000000000c0000221"],
];

// Rejected by glibc inet_pton (checked with python3's socket.inet_pton).
const PARSE_BAD = [
  "", ":", ":::", "1:::2", ":1::", "1::2::3", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8",
  "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1:", "::1:", "1:2:3:4:5:6:7:", ":1:2:3:4:5:6:7:8",
  "00001::", "12345::", "g::", "::g", " ::1", "::1 ", "[::1]", "1.2.3.4", "::1.2.3", "::1.2.3.4.5",
  "::1..2.3", "::01.2.3.4", "::256.1.1.1", "::1.2.3.4:5", "1:2:3:4:5:6:7:1.2.3.4", "1:2:3:4:5:6::1.2.3.4",
  "::ffff:0x1.2.3.4", "::ffff:1.2.3.4/24", "fe80::1%eth0", "fe80::1%", "::-1", "::+1", "０::1",
];

describe("parseIPv6", () => {
  it.each(PARSE_OK)("accepts %j", (text, h) => {
    expect(toHex(parseIPv6(text))).toBe(h);
    expect(parseIP(text)).toEqual({ family: 10, bytes: hex(h) });
  });

  it.each(PARSE_BAD)("rejects %j with a TypeError naming the field and value", (text) => {
    const e = thrown(() => parseIPv6(text, "address"));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message.startsWith(`address: invalid IPv6 address ${JSON.stringify(text)}`)).toBe(true);
  });

  it("formats the example from the brief", () => {
    expect(thrown(() => parseIPv6("2001:db8:::1", "address")).message).toBe('address: invalid IPv6 address "2001:db8:::1"');
  });

  it("explains that zone ids are not supported", () => {
    const e = thrown(() => parseIPv6("fe80::1%eth0", "gateway"));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toBe('gateway: invalid IPv6 address "fe80::1%eth0": zone id "%eth0" is not supported, give the interface separately');
  });

  it("without a field the message starts with the problem", () => {
    expect(thrown(() => parseIPv6("x")).message).toBe('invalid IPv6 address "x"');
  });

  it("returns a fresh 16-byte array each time", () => {
    const a = parseIPv6("::1");
    const b = parseIPv6("::1");
    expect(a).not.toBe(b);
    expect(a.length).toBe(16);
  });
});
