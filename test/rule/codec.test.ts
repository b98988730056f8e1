/**
 * Golden bytes for the rule codec: requests captured from iproute2 6.1
 * (`strace -e trace=sendmsg -xx ip rule ...`, payload after the nlmsghdr)
 * and a rule as a 6.18 kernel dumps it. Each must decode to the expected
 * object and encode back to the same bytes.
 */
import { describe, expect, it } from "vitest";
import { DecodeError } from "../../codecs/core/errors.ts";
import { ruleMessage, type RuleMessage } from "../../codecs/rule/index.ts";
import { hexCodec, itRoundTripsGolden } from "../helpers/codec-hex.ts";

const { decode, encode } = hexCodec(ruleMessage);
const hdr = (family: number, dstLen: number, srcLen: number, tos: number, table: number | string, action: string, flags: string[] = []) =>
  ({ family, dstLen, srcLen, tos, table, action, flags });

const CASES: Array<[string, string, RuleMessage]> = [
  ["ip rule add from 192.0.2.0/24 table 100",
    "020018006400000100000000" + "08000200c0000200",
    { ...hdr(2, 0, 24, 0, 100, "table"), attrs: { src: "192.0.2.0" } }],
  ["ip rule add to 192.0.2.0/24 lookup 1000 pref 50",
    "021800000000000100000000" + "08000100c0000200" + "08000f00e8030000" + "0800060032000000",
    { ...hdr(2, 24, 0, 0, "unspec", "table"), attrs: { dst: "192.0.2.0", table: 1000, priority: 50 } }],
  ["ip -6 rule add from 2001:db8::/32 blackhole",
    "0a0020000000000600000000" + "1400020020010db8000000000000000000000000",
    { ...hdr(10, 0, 32, 0, "unspec", "blackhole"), attrs: { src: "2001:db8::" } }],
  ["ip rule add fwmark 0x10/0xff iif v0 oif v1 priority 100 table main",
    "02000000fe00000100000000" + "08000a0010000000" + "08001000ff000000" + "0700030076300000" + "0700110076310000" + "0800060064000000",
    { ...hdr(2, 0, 0, 0, "main", "table"), attrs: { fwmark: 16, fwmask: 255, iifname: "v0", oifname: "v1", priority: 100 } }],
  ["ip rule add not from 198.51.100.0/24 goto 100 pref 90",
    "020018000000000202000000" + "08000200c6336400" + "0800040064000000" + "080006005a000000",
    { ...hdr(2, 0, 24, 0, "unspec", "goto", ["invert"]), attrs: { src: "198.51.100.0", goto: 100, priority: 90 } }],
  ["ip rule add uidrange 100-200 ipproto tcp sport 80 dport 1000-2000 suppress_prefixlength 0 lookup main",
    "02000000fe00000100000000" + "0c00140064000000c8000000" + "0500160006000000" + "0800170050005000" + "08001800e803d007" + "08000e0000000000",
    { ...hdr(2, 0, 0, 0, "main", "table"), attrs: { uidRange: { start: 100, end: 200 }, ipProto: "tcp", sportRange: { start: 80, end: 80 }, dportRange: { start: 1000, end: 2000 }, suppressPrefixlen: 0 } }],
  ["ip rule add tos 0x10 nop", "020000100000000300000000",
    { ...hdr(2, 0, 0, 0x10, "unspec", "nop"), attrs: {} }],
  ["ip rule add l3mdev pref 1000",
    "020000000000000100000000" + "0500130001000000" + "08000600e8030000",
    { ...hdr(2, 0, 0, 0, "unspec", "table"), attrs: { l3mdev: 1, priority: 1000 } }],
  ["ip rule add protocol static from all unreachable pref 1001",
    "020000000000000700000000" + "0500150004000000" + "04000200" + "08000600e9030000",
    { ...hdr(2, 0, 0, 0, "unspec", "unreachable"), attrs: { protocol: "static", src: "", priority: 1001 } }],
  ["ip rule add suppress_ifgroup 5 table 1234",
    "020000000000000100000000" + "08000d0005000000" + "08000f00d2040000",
    { ...hdr(2, 0, 0, 0, "unspec", "table"), attrs: { suppressIfgroup: 5, table: 1234 } }],
  ["ip rule add tun_id 5 table 10 (FRA_TUN_ID is big-endian)",
    "020000000a00000100000000" + "0c000c000000000000000005",
    { ...hdr(2, 0, 0, 0, 10, "table"), attrs: { tunId: 5n } }],
  ["ip rule show (dump request)", "020000000000000000000000",
    { ...hdr(2, 0, 0, 0, "unspec", "unspec"), attrs: {} }],
  ["a default rule as the kernel dumps it (ip rule flush echoes it back)",
    "02000000fe00000100000000" + "08000f00fe000000" + "08000e00ffffffff" + "0500150002000000" + "08000600fe7f0000",
    { ...hdr(2, 0, 0, 0, "main", "table"), attrs: { table: "main", suppressPrefixlen: 0xffffffff, protocol: "kernel", priority: 32766 } }],
];

describe("rule codec: iproute2 and kernel bytes", () => {
  itRoundTripsGolden(CASES, ruleMessage);

  it("decodes the newer attributes the spec lists (dscp, flowlabel, port and dscp masks)", () => {
    const hex = "0a0000000000000300000000" + "050019000a000000" + "08001a0000012345" + "08001b00000fffff" + "06001c00ff000000" + "06001d000f000000" + "05001e003f000000";
    const m = decode(hex);
    expect(m.attrs).toEqual({ dscp: 10, flowlabel: 0x12345, flowlabelMask: 0xfffff, sportMask: 0xff, dportMask: 0x0f, dscpMask: 0x3f });
    expect(encode(m)).toBe(hex);
  });

  it("keeps reserved bytes, unknown attributes and unknown flag bits", () => {
    const hex = "020000000001020100010000" + "04001200" + "08006300aabbccdd";
    const m = decode(hex);
    expect(m.res1).toBe(1);
    expect(m.res2).toBe(2);
    expect(m.flags).toEqual(["0x100"]);
    expect(m.attrs.unknown).toEqual([{ type: 18, flags: 0, data: "" }, { type: 99, flags: 0, data: "aabbccdd" }]);
    expect(encode(m)).toBe(hex);
  });

  it("rejects malformed bytes with a DecodeError", () => {
    expect(() => decode("0200180064000001000000")).toThrow(DecodeError);
    expect(() => decode("020018006400000100000000" + "07000200c00002")).toThrow(DecodeError);
    expect(() => decode("020018006400000100000000" + "0b001400640000000000c8")).toThrow(DecodeError);
    expect(() => decode("020018006400000100000000" + "0700030076300000")).not.toThrow();
    expect(() => decode("020018006400000100000000" + "0600030076300000")).toThrow(DecodeError); // no NUL
  });

  it("names the field in encode errors", () => {
    expect(() => encode({ ...hdr(2, 0, 0, 0, "main", "bogus"), attrs: {} })).toThrow(/rule\.action: unknown rule action "bogus"/);
    expect(() => encode({ ...hdr(2, 0, 0, 0, "main", "table", ["nope"]), attrs: {} })).toThrow(/rule\.flags: unknown rule flag "nope"/);
    expect(() => encode({ ...hdr(2, 0, 0, 0, "main", "table"), attrs: { sportRange: { start: 70000, end: 1 } } })).toThrow(/rule\.attrs\.sportRange\.start/);
  });
});
