/**
 * Golden bytes for the neighbour codec: requests captured from iproute2 6.1
 * with `strace -e trace=sendmsg -xx ip ...` / `bridge ...` (payload after the
 * nlmsghdr), and answers from a 6.18 kernel. Each must decode to the
 * expected object and encode back to the same bytes.
 */
import { describe, expect, it } from "vitest";
import { DecodeError } from "../../codecs/core/errors.ts";
import { neighMessage, type NeighMessage } from "../../codecs/neigh/index.ts";
import { hexCodec, itRoundTripsGolden } from "../helpers/codec-hex.ts";

const { decode, encode } = hexCodec(neighMessage);

const CASES: Array<[string, string, NeighMessage]> = [
  ["ip neigh add 192.0.2.5 lladdr 02:00:00:00:00:05 dev v0",
    "020000000300000080000000" + "08000100c0000205" + "0a000200020000000005" + "0000",
    { family: 2, ifindex: 3, state: ["permanent"], flags: [], type: "unspec", attrs: { dst: "192.0.2.5", lladdr: "02:00:00:00:00:05" } }],
  ["ip neigh replace 192.0.2.6 lladdr 02:00:00:00:00:06 dev v0 nud reachable router",
    "020000000300000002008000" + "08000100c0000206" + "0a000200020000000006" + "0000",
    { family: 2, ifindex: 3, state: ["reachable"], flags: ["router"], type: "unspec", attrs: { dst: "192.0.2.6", lladdr: "02:00:00:00:00:06" } }],
  ["ip neigh add 192.0.2.7 lladdr 02:00:00:00:00:07 dev v0 nud stale protocol static extern_learn",
    "020000000300000004001000" + "05000c0004000000" + "08000100c0000207" + "0a000200020000000007" + "0000",
    { family: 2, ifindex: 3, state: ["stale"], flags: ["extern_learn"], type: "unspec", attrs: { protocol: "static", dst: "192.0.2.7", lladdr: "02:00:00:00:00:07" } }],
  ["ip neigh add 192.0.2.10 dev v0 lladdr 02:00:00:00:00:0a managed",
    "020000000300000000000000" + "08000100c000020a" + "08000f0001000000" + "0a00020002000000000a" + "0000",
    { family: 2, ifindex: 3, state: [], flags: [], type: "unspec", attrs: { dst: "192.0.2.10", flagsExt: ["managed"], lladdr: "02:00:00:00:00:0a" } }],
  ["ip neigh add proxy 2001:db8::6 dev v0",
    "0a0000000300000080000800" + "1400010020010db8000000000000000000000006",
    { family: 10, ifindex: 3, state: ["permanent"], flags: ["proxy"], type: "unspec", attrs: { dst: "2001:db8::6" } }],
  ["bridge fdb add 02:00:00:00:00:11 dev v1 master static vlan 1",
    "070000000200000042000400" + "0a000200020000000011" + "0000" + "0600050001000000",
    { family: 7, ifindex: 2, state: ["reachable", "noarp"], flags: ["master"], type: "unspec", attrs: { lladdr: "02:00:00:00:00:11", vlan: 1 } }],
  ["bridge fdb add 00:00:00:00:00:00 dev vx0 dst 198.51.100.7 port 4790 vni 43 self permanent",
    "0700000005000000c0000200" + "0a000200000000000000" + "0000" + "08000100c6336407" + "0600060012b60000" + "080007002b000000",
    { family: 7, ifindex: 5, state: ["noarp", "permanent"], flags: ["self"], type: "unspec", attrs: { lladdr: "00:00:00:00:00:00", dst: "198.51.100.7", port: 4790, vni: 43 } }],
  ["ip neigh show dev v0 (dump request)",
    "000000000000000000000000" + "0800080003000000",
    { family: 0, ifindex: 0, state: [], flags: [], type: "unspec", attrs: { ifindex: 3 } }],
];

describe("neigh codec: iproute2 request bytes", () => {
  itRoundTripsGolden(CASES, neighMessage);
});

describe("neigh codec: kernel answers", () => {
  it("keeps cacheinfo, probes and type of a dumped entry", () => {
    // RTM_NEWNEIGH for 192.0.2.5 (permanent) as a 6.18 kernel dumps it.
    const hex = "02000000030000008000000108000100c00002050a0002000200000000050000" + "08000400000000001400030001000000020000000300000004000000";
    const m = decode(hex);
    expect(m.type).toBe("unicast");
    expect(m.attrs.probes).toBe(0);
    expect(m.attrs.cacheinfo).toEqual({ confirmed: 1, used: 2, updated: 3, refcnt: 4 });
    expect(encode(m)).toBe(hex);
  });

  it("decodes the empty NDA_LLADDR of a device without hardware address as \"\"", () => {
    const hex = "020000000400000040000000" + "08000100c0000209" + "04000200";
    const m = decode(hex);
    expect(m.attrs.lladdr).toBe("");
    expect(encode(m)).toBe(hex);
  });

  it("keeps non-zero pad bytes, unknown attributes and unknown flag bits", () => {
    const hex = "02ff3412030000000001000008000100c0000205" + "08006300aabbccdd";
    const m = decode(hex);
    expect(m.pad1).toBe(0xff);
    expect(m.pad2).toBe(0x1234);
    expect(m.state).toEqual(["0x100"]);
    expect(m.attrs.unknown).toEqual([{ type: 99, flags: 0, data: "aabbccdd" }]);
    expect(encode(m)).toBe(hex);
  });

  it("decodes the NFEA_* nest of NDA_FDB_EXT_ATTRS", () => {
    const hex = "070000000200000002000000" + "0a000200020000000014" + "0000" + "0c000e80" + "0500010001000000";
    const m = decode(hex);
    expect(m.attrs.fdbExtAttrs).toEqual({ activityNotify: ["notify"] });
    expect(encode(m)).toBe(hex);
  });

  it("rejects truncated headers and attributes with a DecodeError", () => {
    expect(() => decode("0200000003000000800000")).toThrow(DecodeError);
    expect(() => decode("02000000030000008000000008000100c00002")).toThrow(DecodeError);
    expect(() => decode("020000000300000080000000" + "07000100c00002")).toThrow(DecodeError); // 3-byte address
    expect(() => decode("020000000300000080000000" + "0600050001")).toThrow(DecodeError);
    expect(() => decode("020000000300000080000000" + "25000200" + "00".repeat(33) + "000000")).toThrow(/longer than MAX_ADDR_LEN/);
  });
});

describe("neigh codec: encode errors name the field", () => {
  it("unknown state and flag names", () => {
    expect(() => encode({ family: 2, ifindex: 1, state: ["bogus"], flags: [], type: 0, attrs: {} })).toThrow(/neigh\.state: unknown neighbour state "bogus"/);
    expect(() => encode({ family: 2, ifindex: 1, state: [], flags: ["nope"], type: 0, attrs: {} })).toThrow(/neigh\.flags: unknown neighbour flag "nope"/);
    expect(() => encode({ family: 2, ifindex: 1, state: [], flags: [], type: 0, attrs: { lladdr: "zz:00" } })).toThrow(/neigh\.attrs\.lladdr/);
  });
});
