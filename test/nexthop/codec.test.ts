/**
 * Nexthop codec (codecs/nexthop): nhmsg, struct nexthop_grp with
 * weight_high, the resilient-group nest, typed encap, strictness, and
 * iproute2's requests decoding and re-encoding to the same bytes.
 */
import { describe, expect, it } from "vitest";
import { DecodeError } from "../../codecs/core/errors.ts";
import { splitMessages } from "../../codecs/core/header.ts";
import { fromHex, toHex } from "../../codecs/core/hex.ts";
import { nexthopCodec, nexthopRequestCodec } from "../../codecs/nexthop/index.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import { CAPTURES } from "../../fixtures/nexthop/iproute2-captures.ts";
import { readIpCapture } from "../../fixtures/strace.ts";
import { hexCodec } from "../helpers/codec-hex.ts";

const { decode: decodeHex, encodeLoose: encodeHex } = hexCodec(nexthopCodec);

describe("nhmsg and NHA_*", () => {
  it("decodes a gateway nexthop as the kernel sends it", () => {
    const hex = "02fd0400" + "04000000" + "0800010001000000" + "08000600c0000202" + "0800050003000000";
    expect(decodeHex(hex)).toEqual({ family: 2, scope: "link", protocol: "static", resvd: 0, flags: ["onlink"], attrs: { id: 1, gateway: "192.0.2.2", oif: 3 } });
    expect(encodeHex(decodeHex(hex))).toBe(hex);
  });

  it("NHA_GROUP: nexthop_grp entries with the raw weight and weight_high bytes; a partial entry is refused", () => {
    const hex = "00000000" + "00000000" + "080001000b000000" + "14000200" + "010000002b010000" + "0300000000000000" + "0600030000000000";
    const m = decodeHex(hex);
    expect(m.attrs.group).toEqual([{ id: 1, weight: 43, weightHigh: 1, resvd2: 0 }, { id: 3, weight: 0, weightHigh: 0, resvd2: 0 }]);
    expect(m.attrs.groupType).toBe("mpath");
    expect(encodeHex(m)).toBe(hex);
    expect(() => decodeHex("0000000000000000" + "0a000200" + "01000000" + "00000000")).toThrow(/not a multiple of 8/);
  });

  it("NHA_RES_GROUP: buckets and timers; NHA_BLACKHOLE/NHA_FDB flags", () => {
    const res = "28000c00" + "0600010008000000" + "08000200e8030000" + "08000300d0070000" + "0c000400" + "0000000000000000";
    const hex = "0000000000000000" + "080001000c000000" + "0c000200" + "0100000000000000" + res + "0600030001000000";
    const m = decodeHex(hex);
    expect(m.attrs.resGroup).toEqual({ buckets: 8, idleTimer: 1000, unbalancedTimer: 2000, unbalancedTime: 0n });
    expect(m.attrs.groupType).toBe("resilient");
    expect(encodeHex(m)).toBe(hex);
    expect(decodeHex("0200000000000000" + "0800010005000000" + "04000400").attrs).toEqual({ id: 5, blackhole: true });
    expect(decodeHex("0200000000000000" + "0800010007000000" + "08000600c0000207" + "04000b00").attrs).toEqual({ id: 7, gateway: "192.0.2.7", fdb: true });
  });

  it("NHA_ENCAP is typed by NHA_ENCAP_TYPE", () => {
    const srh = "20000100" + "01000000" + "0002040000000000" + "20010db8000000000000000000000009";
    const hex = "0a00000000000000" + "0800010014000000" + "24000800" + srh + "0600070005000000";
    const m = decodeHex(hex);
    expect(m.attrs.encap).toEqual({ srh: { mode: "encap", nexthdr: 0, hdrlen: 2, type: 4, segmentsLeft: 0, firstSegment: 0, flags: 0, tag: 0, segments: ["2001:db8::9"] } });
    expect(encodeHex(m)).toBe(hex);
  });

  it("short headers and bad attributes are DecodeErrors; unknown attributes are kept", () => {
    expect(() => decodeHex("020000000000")).toThrow(DecodeError);
    expect(() => decodeHex("0200000000000000" + "0500010001")).toThrow(DecodeError);
    const m = decodeHex("0200000000000000" + "0800630001020304");
    expect(m.attrs.unknown).toEqual([{ type: 99, flags: 0, data: "01020304" }]);
    expect(encodeHex(m)).toBe("0200000000000000" + "0800630001020304");
  });

  it("encode errors name the field", () => {
    expect(() => encodeHex({ attrs: { group: [{ id: 1, weight: 256 }] } })).toThrow(/nexthop\.group\[0\]\.weight: 256 is out of range 0\.\.255/);
    expect(() => encodeHex({ protocol: "nope" })).toThrow(/nexthop\.protocol: unknown route protocol "nope"/);
  });
});

describe("iproute2's nexthop requests decode and re-encode to the same bytes", () => {
  for (const c of CAPTURES) {
    it(c.name, () => {
      const d = readIpCapture(c.name).requests.map((h) => fromHex(h)).find((x) => x[4] === RTM.NEWNEXTHOP || x[4] === RTM.DELNEXTHOP || x[4] === RTM.GETNEXTHOP)!;
      const m = splitMessages(d)[0]!;
      const msg = nexthopRequestCodec.decode(m.buf, m.dv, m.payload, m.end);
      expect(encodeHex(msg, nexthopRequestCodec)).toBe(toHex(d.subarray(16, m.end)));
      expect(encodeHex(msg, nexthopCodec)).toBe(toHex(d.subarray(16, m.end)));
    });
  }
});
