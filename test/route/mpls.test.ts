/**
 * AF_MPLS routes (issue 13): RTA_DST, RTA_NEWDST (also per hop) and an
 * AF_MPLS RTA_VIA are label stacks (linux/mpls.h: label<<12 | tc<<9 |
 * S<<8 | ttl, big-endian), decoded to iproute2's "200/300" text and encoded
 * back byte for byte. The request bytes are what iproute2 6.1 sends; this
 * kernel lacks MPLS, so ip fails but strace still shows the request:
 *   ip netns add NS; ip -n NS link add v0 type veth peer name v1  (v0 = 3)
 *   strace -f -e trace=sendmsg -xx -s 65535 ip -n NS -f mpls route add 100 as 200/300 via inet 192.0.2.2 dev v0
 *   strace -f -e trace=sendmsg -xx -s 65535 ip -n NS -f mpls route add 101 nexthop as 400/500/600 via inet 192.0.2.3 dev v0 nexthop via inet 192.0.2.4 dev v0
 * (the rtmsg and attributes after the 16-byte nlmsghdr of the RTM_NEWROUTE).
 * RouteApi's MPLS requests are compared with more ip captures in
 * iproute2-bytes.test.ts; here: output is valid input, and list.
 */
import { describe, expect, it } from "vitest";
import { fromHex } from "../../codecs/core/hex.ts";
import { routeCodec, routeRequestCodec } from "../../codecs/route/index.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import { RouteApi } from "../../lib/rtnl/route/api.ts";
import { toRoute } from "../../lib/rtnl/route/model.ts";
import { hexCodec } from "../helpers/codec-hex.ts";
import { fakeConn, normalisedHex } from "../helpers/fake-kernel.ts";

const AS_VIA = "1c140000fe030001000000000800010000064100" + "0c001300000c80000012c100" + "0a0012000200c00002020000" + "0800040003000000";
const MULTIPATH = "1c140000fe030001000000000800010000065100" + "3c000900" +
  "2400000003000000" + "1000130000190000001f400000258100" + "0a0012000200c00002030000" +
  "1400000003000000" + "0a0012000200c00002040000";

const kernel = hexCodec(routeCodec);
const request = hexCodec(routeRequestCodec);

describe("AF_MPLS route labels", () => {
  it("decodes iproute2's 'route add 100 as 200/300 via inet 192.0.2.2' to labels, not addresses", () => {
    const m = kernel.decode(AS_VIA);
    expect(m.family).toBe(28);
    expect(m.attrs.dst).toBe("100");
    expect(m.attrs.newdst).toBe("200/300");
    expect(m.attrs.via).toEqual({ family: 2, address: "192.0.2.2" });
    expect(m.attrs.oif).toBe(3);
    const r = toRoute(m);
    expect(r.family).toBe("mpls");
    expect(r.dst).toBe("100");
    expect(r.newdst).toBe("200/300");
  });

  it("decode -> encode gives iproute2's bytes back (both layouts), and so does a plain object", () => {
    for (const hex of [AS_VIA, MULTIPATH]) {
      expect(kernel.encode(kernel.decode(hex))).toBe(hex);
      expect(request.encode(request.decode(hex))).toBe(hex);
    }
    const plain = {
      family: 28, dstLen: 20, srcLen: 0, tos: 0, table: "main", protocol: "boot", scope: 0, type: "unicast",
      attrs: { dst: "100", newdst: "200/300", via: { family: 2, address: "192.0.2.2" }, oif: 3 },
    };
    expect(request.encodeLoose(plain)).toBe(AS_VIA);
  });

  it("decodes a three-label stack per hop with the bottom-of-stack bit on the last label only", () => {
    const m = kernel.decode(MULTIPATH);
    expect(m.attrs.dst).toBe("101");
    expect(m.attrs.multipath?.map((h) => h.attrs.newdst)).toEqual(["400/500/600", undefined]);
    expect(toRoute(m).multipath?.[0]?.newdst).toBe("400/500/600");
    // 600 << 12 | S: 0x00258100; 400 and 500 without S.
    expect(MULTIPATH).toContain("00190000" + "001f4000" + "00258100");
  });

  it("keeps stacks that text would lose (tc, ttl, S not last) as hex, byte for byte", () => {
    const odd = "1c140000fe03000100000000" + "0800010000064a40" + "0c001300000c8100" + "0012c000"; // tc 5 ttl 64; S on the first label
    const m = kernel.decode(odd);
    expect(m.attrs.dst).toBe("00064a40");
    expect(m.attrs.newdst).toBe("000c81000012c000");
    expect(kernel.encode(m)).toBe(odd);
  });

  it("encodes an AF_MPLS via as labels and rejects bad labels naming the field", () => {
    const via = "1c140000fe03000100000000" + "0a001200" + "1c00" + "0001f100" + "0000";
    const m = kernel.decode(via);
    expect(m.attrs.via).toEqual({ family: 28, address: "31" });
    expect(kernel.encode(m)).toBe(via);
    const bad = (dst: string) => () => kernel.encodeLoose({ family: 28, attrs: { dst } });
    expect(bad("1048576")).toThrow(RangeError);
    expect(bad("1048576")).toThrow(/dst/);
    expect(bad("200/x")).toThrow(TypeError);
  });
});

describe("RouteApi with family \"mpls\" (fake kernel)", () => {
  const payloadOf = (msg: Uint8Array): string => normalisedHex(msg).slice(32);

  it("add returns the route as the kernel echoed it; that Route deletes and replaces exactly itself", () => {
    const { conn, kernel: fake } = fakeConn({ links: { v0: 3 } });
    const api = new RouteApi(conn);
    const r = api.add({ family: "mpls", dst: "100", newdst: "200/300", via: "192.0.2.2", dev: "v0" });
    expect(r).toMatchObject({ family: "mpls", dst: "100", newdst: "200/300", via: { family: "inet", address: "192.0.2.2" }, ifindex: 3, table: "main", type: "unicast" });
    expect(payloadOf(fake.requestsOf(RTM.NEWROUTE)[0]!)).toBe(AS_VIA); // ip's bytes (v0 = 3 there)
    api.delete(r);
    api.replace(r);
    // the same label, stack, via and link; protocol boot as the kernel reported it (ip's delete sends 0 when not told)
    expect(payloadOf(fake.requestsOf(RTM.DELROUTE)[0]!)).toBe(AS_VIA);
    expect(payloadOf(fake.requestsOf(RTM.NEWROUTE)[1]!)).toBe(AS_VIA);
    const multi = toRoute(kernel.decode(MULTIPATH));
    api.replace(multi);
    expect(payloadOf(fake.requestsOf(RTM.NEWROUTE)[2]!)).toBe(MULTIPATH);
  });

  it("list({ family: \"mpls\" }) keeps the MPLS routes of the dump, and a list without a family never shows them", () => {
    const v4 = "02180000fe03000100000000" + "08000100c6336400"; // 198.51.100.0/24, table main, proto boot, unicast
    const { conn } = fakeConn({ dumps: { [RTM.GETROUTE]: [[RTM.NEWROUTE, fromHex(v4)], [RTM.NEWROUTE, fromHex(AS_VIA)], [RTM.NEWROUTE, fromHex(MULTIPATH)]] } });
    const api = new RouteApi(conn);
    expect(api.list({ family: "mpls" }).map((r) => [r.dst, r.newdst ?? r.multipath?.map((h) => h.newdst ?? null)])).toEqual([["100", "200/300"], ["101", ["400/500/600", null]]]);
    expect(api.list().map((r) => r.dst)).toEqual(["198.51.100.0/24"]);
    expect([...api.iterate({ family: 28 as never })].map((r) => r.dst)).toEqual(["100", "101"]);
  });
});
