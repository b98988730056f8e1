/**
 * Route codec (codecs/route): golden bytes from iproute2's requests, the
 * typed pieces (rtvia, rtnexthop, metrics, MPLS and seg6 encap,
 * rta_cacheinfo), strictness on malformed payloads, losslessness for
 * unknown and repeated attributes, and the fast encoder agreeing with the
 * generic engine byte for byte.
 */
import { describe, expect, it } from "vitest";
import { DecodeError } from "../../codecs/core/errors.ts";
import { splitMessages } from "../../codecs/core/header.ts";
import { fromHex, toHex } from "../../codecs/core/hex.ts";
import { messageCodec } from "../../codecs/core/message.ts";
import { NlWriter } from "../../codecs/core/writer.ts";
import {
  decodeEncapAt, encodeEncap, routeAttrs, routeAttrsIproute2, routeCodec, routeRequestCodec, rtmsgHeader,
} from "../../codecs/route/index.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import { CAPTURES } from "../../fixtures/route/iproute2-captures.ts";
import { readIpCapture } from "../../fixtures/strace.ts";
import { fixtureNames, loadFixture } from "../helpers/replay.ts";
import { zeroRoutePadding } from "./ip-padding.ts";
import { hexCodec } from "../helpers/codec-hex.ts";

const { decode: decodeHex, encodeLoose: encodeHex } = hexCodec(routeCodec);

/** Every NEWROUTE payload the kernel sent in the route fixtures. */
function kernelRoutes(): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const name of fixtureNames("route")) {
    for (const ex of loadFixture("route", name).exchanges) {
      for (const d of ex.recv) for (const m of splitMessages(fromHex(d))) if (m.type === RTM.NEWROUTE) out.push(m.buf.slice(m.payload, m.end));
    }
  }
  return out;
}

describe("rtmsg", () => {
  it("decodes ip's `route add 198.51.100.0/24 via 192.0.2.2` header and attributes", () => {
    expect(decodeHex("021800 00fe030001 00000000 08000100c6336400 08000500c0000202".replace(/ /g, ""))).toEqual({
      family: 2, dstLen: 24, srcLen: 0, tos: 0, table: "main", protocol: "boot", scope: "global", type: "unicast", flags: [],
      attrs: { dst: "198.51.100.0", gateway: "192.0.2.2" },
    });
  });

  it("names unnamed values by number and keeps them", () => {
    const m = decodeHex("0a4000007b2b09ff04410020");
    expect(m).toMatchObject({ family: 10, dstLen: 64, table: 123, protocol: 43, scope: 9, type: 255 });
    expect(m.flags).toEqual(["onlink", "notify", "rt_offload", "rt_offload_failed"]);
    expect(encodeHex(m)).toBe("0a4000007b2b09ff04410020");
  });

  it("flags: RTNH_F_* in the low byte and RTM_F_* above, by ip's names", () => {
    const m = decodeHex("020000000000000015e20020");
    expect(m.flags).toEqual(["dead", "onlink", "linkdown", "cloned", "fib_match", "rt_offload", "rt_trap", "rt_offload_failed"]);
    expect(encodeHex(m)).toBe("020000000000000015e20020");
  });

  it("accepts the kernel's scope name 'universe' and numbers on encode", () => {
    expect(encodeHex({ family: 2, scope: "universe", table: 254, type: 1 })).toBe("02000000fe00000100000000");
    expect(encodeHex({ family: 2, scope: 253, table: "local", protocol: 186, type: "blackhole" })).toBe("02000000ffbafd0600000000");
    expect(() => encodeHex({ type: "nope" })).toThrow(/route\.type: unknown route type "nope"/);
    expect(() => encodeHex({ dstLen: 256 })).toThrow(RangeError);
  });

  it("a payload shorter than rtmsg is a DecodeError", () => {
    expect(() => decodeHex("0218000000fe0300")).toThrow(DecodeError);
  });
});

describe("iproute2's requests decode and re-encode to the same bytes", () => {
  for (const c of CAPTURES) {
    it(c.name, () => {
      const d = readIpCapture(c.name).requests.map((h) => fromHex(h)).find((x) => x[4] === RTM.NEWROUTE || x[4] === RTM.DELROUTE || x[4] === RTM.GETROUTE)!;
      const clean = zeroRoutePadding(d);
      const m = splitMessages(clean)[0]!;
      const msg = routeRequestCodec.decode(m.buf, m.dv, m.payload, m.end);
      expect(encodeHex(msg, routeRequestCodec)).toBe(toHex(clean.subarray(16, m.end)));
    });
  }
});

describe("typed attributes", () => {
  it("RTA_VIA: an IPv6 next hop of an IPv4 route; other families as hex; wrong lengths refused", () => {
    const m = decodeHex("021b0000fe030001000000000800 0100c6336420 16001200 0a00 20010db8000000000000000000000002 0000".replace(/ /g, ""));
    expect(m.attrs.via).toEqual({ family: 10, address: "2001:db8::2" });
    expect(decodeHex("02000000fe03000100000000" + "0a001200" + "1c00" + "00064100" + "0000").attrs.via).toEqual({ family: 28, address: "100" }); // AF_MPLS: label text (mpls.test.ts)
    expect(() => decodeHex("02000000fe03000100000000" + "0a001200" + "0a00" + "c0000202" + "0000")).toThrow(/rtvia address of family 10 needs 16 bytes, got 4/);
    expect(() => decodeHex("02000000fe03000100000000" + "05001200" + "0a000000")).toThrow(DecodeError);
    expect(() => encodeHex({ attrs: { via: { family: 2, address: "2001:db8::1" } } })).toThrow(/route\.via\.address/);
  });

  it("RTA_MULTIPATH: rtnexthop entries with flags, hops and per-hop attributes", () => {
    const hex = "021a0000fe030001000000000800 0100c6336440 2400 0900 1000 0001 03000000 0800 0500 c0000202 1000 0400 03000000 0800 0500 c0000203".replace(/ /g, "");
    const m = decodeHex(hex);
    expect(m.attrs.multipath).toEqual([
      { flags: [], hops: 1, ifindex: 3, attrs: { gateway: "192.0.2.2" } },
      { flags: ["onlink"], hops: 0, ifindex: 3, attrs: { gateway: "192.0.2.3" } },
    ]);
    expect(encodeHex(m)).toBe(hex);
  });

  it("RTA_MULTIPATH: truncated entries and lying lengths are DecodeErrors", () => {
    const base = "021a0000fe03000100000000";
    expect(() => decodeHex(base + "0c000900" + "0c000001" + "03000000")).toThrow(/rtnh_len 12 runs past the end/);
    expect(() => decodeHex(base + "0c000900" + "04000001" + "03000000")).toThrow(/rtnh_len 4 is below/);
    expect(() => decodeHex(base + "10000900" + "08000001" + "03000000" + "0100" + "0000")).toThrow(/trailing bytes, too short for struct rtnexthop/);
  });

  it("RTA_METRICS: named lock bits and features, congctl with or without its NUL", () => {
    const head = "02180000fe03000100000000" + "08000100c6336400";
    const kernel = head + "28000800" + "0800010004000000" + "0800020078050000" + "08000c0001000000" + "0900100072656e6f00000000";
    const m = decodeHex(kernel);
    expect(m.attrs.metrics).toEqual({ lock: ["mtu"], mtu: 1400, features: ["ecn"], ccAlgo: "reno" });
    expect(encodeHex(m)).toBe(kernel);
    // iproute2 sends the name without a NUL; its request layout writes it that way too.
    const ip = head + "24000800" + "0800010004000000" + "0800020078050000" + "08000c0001000000" + "0800100072656e6f";
    const m2 = decodeHex(ip);
    expect(m2.attrs.metrics).toEqual(m.attrs.metrics);
    expect(encodeHex(m2, routeRequestCodec)).toBe(ip);
    expect(encodeHex(m2)).toBe(kernel);
    expect(() => decodeHex("02180000fe03000100000000" + "0c000800" + "08001000" + "72004e00")).toThrow(/NUL byte before its end/);
  });

  it("RTA_CACHEINFO: all eight members of rta_cacheinfo; a shorter (older) struct keeps what it has", () => {
    const ci = "2400 0c00 01000000 02000000 9cffffff 00000000 05000000 00000000 00000000 00000000".replace(/ /g, "");
    const m = decodeHex("0a800000fe000001000000" + "00" + ci);
    expect(m.attrs.cacheinfo).toEqual({ clntref: 1, lastuse: 2, expires: -100, error: 0, used: 5, id: 0, ts: 0, tsage: 0 });
    expect(encodeHex(m)).toBe("0a800000fe00000100000000" + ci);
    const short = "1800 0c00 01000000 02000000 9cffffff 00000000 05000000".replace(/ /g, "");
    expect(encodeHex(decodeHex("0a800000fe00000100000000" + short))).toBe("0a800000fe00000100000000" + short);
  });

  it("RTA_SPORT/RTA_DPORT are network byte order, as the kernel reads them", () => {
    const m = decodeHex("02200000000000000010000006001c0004d2000006001d0000500000");
    expect(m.attrs).toEqual({ sport: 1234, dport: 80 });
  });

  it("RTA_ENCAP with RTA_ENCAP_TYPE mpls: a label stack (outermost first) and a TTL", () => {
    const hex = "021a0000fe03000100000000" + "18001600" + "0c000100" + "00064000" + "000c8100" + "05000200" + "05000000" + "06001500" + "01000000";
    const m = decodeHex(hex);
    expect(m.attrs.encap).toEqual({ dst: [{ label: 100, tc: 0, bos: false, ttl: 0 }, { label: 200, tc: 0, bos: true, ttl: 0 }], ttl: 5 });
    expect(m.attrs.encapType).toBe("mpls");
    expect(encodeHex(m)).toBe(hex);
    expect(() => decodeHex("021a0000fe03000100000000" + "0c001600" + "07000100" + "000640" + "00" + "06001500" + "01000000")).toThrow(/not a multiple of 4/);
  });

  it("RTA_ENCAP with seg6: mode and the segment routing header, segments in header order", () => {
    const srh = "30000100" + "01000000" + "0004040101000000" + "20010db800000000000000000000000a" + "20010db8000000000000000000000009";
    const hex = "0a400000fe03000100000000" + "34001600" + srh + "06001500" + "05000000";
    const m = decodeHex(hex);
    expect(m.attrs.encap).toEqual({ srh: { mode: "encap", nexthdr: 0, hdrlen: 4, type: 4, segmentsLeft: 1, firstSegment: 1, flags: 0, tag: 0, segments: ["2001:db8::a", "2001:db8::9"] } });
    expect(encodeHex(m)).toBe(hex);
    // Bytes after the segments (an HMAC TLV) are kept; a header cut short is refused.
    const withTlv = "0a400000fe03000100000000" + "1c001600" + "18000100" + "01000000" + "0002040000000000" + "0502aabbccddeeff" + "06001500" + "05000000";
    const t = decodeHex(withTlv);
    expect(t.attrs.encap).toMatchObject({ srh: { firstSegment: 0, segments: [], tlvs: "0502aabbccddeeff" } });
    expect(encodeHex(t)).toBe(withTlv);
    expect(() => decodeHex("0a400000fe03000100000000" + "0c001600" + "08000100" + "01000000" + "06001500" + "05000000")).toThrow(/seg6 encap needs at least 12 bytes/);
  });

  it("an encap of another type stays hex; typed values encode alone", () => {
    const hex = "021a0000fe03000100000000" + "0c001600" + "08000100" + "01020304" + "06001500" + "02000000";
    const m = decodeHex(hex);
    expect(m.attrs.encap).toBe("0800010001020304");
    expect(encodeHex(m)).toBe(hex);
    const b = encodeEncap({ dst: [{ label: 16, tc: 1, bos: true, ttl: 64 }] });
    expect(toHex(b)).toBe("0800010000010340");
    expect(decodeEncapAt("mpls", b, new DataView(b.buffer), 0, b.length)).toEqual({ dst: [{ label: 16, tc: 1, bos: true, ttl: 64 }] });
  });
});

describe("losslessness", () => {
  it("unknown attributes, repeats and NLA_F_* bits on known ones survive decode -> encode", () => {
    const hex = "02180000fe03000100000000" + "08006300" + "aabbccdd" + "08000100c6336400" + "08000400" + "03000000" + "08000400" + "04000000" + "08000680" + "05000000";
    const m = decodeHex(hex);
    expect(m.attrs.unknown?.map((u) => u.type)).toEqual([99, 4]);
    expect(m.attrs.oif).toBe(3);
    expect(encodeHex(m)).toBe(hex);
  });

  it("every kernel answer in the fixtures: the fast encoder writes what the generic engine writes", () => {
    const generic = messageCodec("route", rtmsgHeader, routeAttrs);
    let n = 0;
    for (const p of kernelRoutes()) {
      const m = routeCodec.decode(p, new DataView(p.buffer), 0, p.length);
      const a = new NlWriter();
      routeCodec.encode(a, m);
      const b = new NlWriter();
      generic.encode(b, m);
      expect(toHex(a.view())).toBe(toHex(b.view()));
      n++;
    }
    expect(n).toBeGreaterThan(300);
  });

  it("the fast encoder hands odd values to the engine, whose errors name the field", () => {
    expect(() => encodeHex({ attrs: { dst: "192.0.2.300" } })).toThrow(/route\.dst/);
    expect(() => encodeHex({ attrs: { oif: -1 } })).toThrow(/route\.oif: -1 is out of range/);
    expect(() => encodeHex({ attrs: { table: "nope" } })).toThrow(/route\.table: unknown route table "nope"/);
    expect(() => encodeHex({ attrs: { bogus: 1 } as never })).toThrow(/route\.bogus: not an attribute of route/);
    expect(encodeHex({ attrs: { table: 1000, oif: 3 } })).toBe("000000000000000000000000" + "08000f00e8030000" + "0800040003000000");
  });

  it("the two layouts differ only where iproute2 differs from the kernel", () => {
    const enc = (set: typeof routeAttrs, attrs: object) => {
      const w = new NlWriter();
      set.encode(w, attrs as never);
      return toHex(w.view());
    };
    const a = { metrics: { ccAlgo: "reno" }, encapType: "mpls", encap: { dst: [{ label: 1, tc: 0, bos: true, ttl: 0 }] } };
    const type = "06001500" + "01000000";
    const stack = "08000100" + "00001100";
    expect(enc(routeAttrs, a)).toBe("10000800" + "0900100072656e6f00000000" + type + "0c001600" + stack);
    expect(enc(routeAttrsIproute2, a)).toBe("0c000800" + "0800100072656e6f" + type + "0c001680" + stack);
  });
});
