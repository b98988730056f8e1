/**
 * Golden bytes and behaviour of the link codec (codecs/link): struct
 * ifinfomsg, flag and enum names, kind-dependent IFLA_INFO_DATA (in any
 * attribute order, unknown kinds kept raw), family-dependent IFLA_PROTINFO,
 * statistics structs longer or shorter than today's, iproute2's NUL-less
 * strings, and DecodeError paths. Every decoded value here must encode
 * back to the exact input bytes.
 */
import { describe, expect, it } from "vitest";
import { DecodeError } from "../../codecs/core/errors.ts";
import { fromHex, toHex } from "../../codecs/core/hex.ts";
import type { MessageCodec } from "../../codecs/core/message.ts";
import { NlWriter } from "../../codecs/core/writer.ts";
import { ifinfomsg, linkMessage, linkRequest, rtnlLinkStats64, type LinkMessage } from "../../codecs/link/index.ts";
import { readIpCapture } from "../../fixtures/strace.ts";

/** Build attribute bytes: [type, payload | nested list]. */
type A = [number, Uint8Array | A[]];
function attrs(list: A[], w = new NlWriter()): NlWriter {
  for (const [t, p] of list) {
    const s = w.beginAttr(t);
    if (p instanceof Uint8Array) w.bytes(p);
    else attrs(p, w);
    w.endAttr(s);
  }
  return w;
}
const u32 = (v: number) => new Uint8Array(new Uint32Array([v]).buffer);
const u16 = (v: number) => new Uint8Array(new Uint16Array([v]).buffer);
const be16 = (v: number) => new Uint8Array([v >> 8, v & 0xff]);
const str = (s: string, nul = true) => new TextEncoder().encode(nul ? s + "\0" : s);
const hdr = (family = 0, index = 3, flags = 0x1003) => {
  const w = new NlWriter();
  w.u8(family); w.u8(0); w.u16(1); w.s32(index); w.u32(flags); w.u32(0);
  return w.toBytes();
};
const msg = (family: number, list: A[]) => {
  const a = attrs(list).toBytes();
  const out = new Uint8Array(16 + a.length);
  out.set(hdr(family));
  out.set(a, 16);
  return out;
};

function roundtrip(codec: MessageCodec<LinkMessage>, bytes: Uint8Array): LinkMessage {
  const m = codec.decode(bytes, new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0, bytes.length);
  const w = new NlWriter();
  codec.encode(w, m);
  expect(toHex(w.toBytes())).toBe(toHex(bytes));
  return m;
}

describe("struct ifinfomsg", () => {
  it("encodes and decodes the byte layout", () => {
    const w = new NlWriter();
    ifinfomsg.encode(w, { family: 7, type: 1, index: 5, flags: ["UP", "LOWER_UP"], change: 0xffffffff }, "h");
    expect(toHex(w.toBytes())).toBe("0700" + "0100" + "05000000" + "01000100" + "ffffffff");
    const b = w.toBytes();
    expect(ifinfomsg.decode(b, new DataView(b.buffer), 0)).toEqual({ family: 7, type: 1, index: 5, flags: ["UP", "LOWER_UP"], change: 0xffffffff });
  });

  it("names every IFF_* bit as iproute2 does and keeps unnamed bits", () => {
    const b = fromHex("00000000" + "01000000" + "ffff0780" + "00000000");
    expect(ifinfomsg.decode(b, new DataView(b.buffer), 0).flags).toEqual([
      "UP", "BROADCAST", "DEBUG", "LOOPBACK", "POINTOPOINT", "NOTRAILERS", "RUNNING", "NOARP", "PROMISC", "ALLMULTI",
      "MASTER", "SLAVE", "MULTICAST", "PORTSEL", "AUTOMEDIA", "DYNAMIC", "LOWER_UP", "DORMANT", "ECHO", "0x80000000",
    ]);
  });

  it("rejects a header member out of range, naming it", () => {
    expect(() => ifinfomsg.encode(new NlWriter(), { family: 0, type: 70000, index: 0, flags: [], change: 0 }, "link")).toThrow(/link\.type: 70000 is out of range/);
    expect(() => ifinfomsg.encode(new NlWriter(), { family: 0, type: 0, index: 0, flags: ["FAST"], change: 0 }, "link")).toThrow(/link\.flags: unknown interface flag "FAST"/);
  });

  it("a payload shorter than ifinfomsg is a DecodeError", () => {
    const b = new Uint8Array(12);
    expect(() => linkMessage.decode(b, new DataView(b.buffer), 0, 12)).toThrow(DecodeError);
  });
});

describe("link attributes", () => {
  it("decodes the common attributes to typed fields, operstate and linkmode by name", () => {
    const m = roundtrip(linkMessage, msg(0, [
      [3, str("v0")], [4, u32(1500)], [16, new Uint8Array([6])], [17, new Uint8Array([0])], [1, fromHex("020000000001")],
      [10, u32(7)], [37, u32(0xffffffff)], [20, str("uplink")], [52 | 0x8000, [[53, str("alt-name")], [53, str("alt2")]]],
    ]));
    expect(m.attrs).toEqual({
      ifname: "v0", mtu: 1500, operstate: "UP", linkmode: "DEFAULT", address: "02:00:00:00:00:01", master: 7, linkNetnsid: -1,
      ifalias: "uplink", propList: { altIfname: ["alt-name", "alt2"] },
    });
  });

  it("keeps unknown attributes where they stood", () => {
    const m = roundtrip(linkMessage, msg(0, [[3, str("x")], [200, fromHex("abcd")], [4, u32(9000)]]));
    expect(m.attrs.unknown).toEqual([{ type: 200, flags: 0, data: "abcd" }]);
  });

  it("IFLA_STATS64 longer than today's struct keeps the extra counters in `tail`", () => {
    const b = new Uint8Array(26 * 8);
    new DataView(b.buffer).setBigUint64(0, 12345n, true);
    new DataView(b.buffer).setBigUint64(25 * 8, 99n, true);
    const m = roundtrip(linkMessage, msg(0, [[23, b]]));
    expect(m.attrs.stats64!.rxPackets).toBe(12345n);
    expect(m.attrs.stats64!.rxOtherhostDropped).toBe(0n);
    expect(m.attrs.stats64!.tail).toBe("6300000000000000");
  });

  it("IFLA_STATS64 from an older kernel (24 counters) decodes what is there", () => {
    const m = roundtrip(linkMessage, msg(0, [[23, new Uint8Array(24 * 8)]]));
    expect(m.attrs.stats64!.rxNohandler).toBe(0n);
    expect("rxOtherhostDropped" in m.attrs.stats64!).toBe(false);
    expect(rtnlLinkStats64.size).toBe(200);
  });

  it("IFLA_MAP is the 32-byte struct rtnl_link_ifmap", () => {
    const b = new Uint8Array(32);
    b[24] = 5;
    b[26] = 3;
    expect(roundtrip(linkMessage, msg(0, [[14, b]])).attrs.map).toEqual({ memStart: 0n, memEnd: 0n, baseAddr: 0n, irq: 5, dma: 3, port: 0, pad: 0 });
  });

  it("af-spec: ipv4 devconf by name, ipv6 devconf as s32, addr gen mode by name", () => {
    const conf4 = new Uint8Array(4 * 34);
    new DataView(conf4.buffer).setUint32(0, 1, true);
    const conf6 = new Uint8Array(4 * 3);
    new DataView(conf6.buffer).setInt32(4, -1, true);
    const m = roundtrip(linkMessage, msg(0, [[26, [[2, [[1, conf4]]], [10, [[2, conf6], [8, new Uint8Array([3])], [7, new Uint8Array(16)]]]]]]));
    const af = m.attrs.afSpec as any;
    expect(af.inet.conf.forwarding).toBe(1);
    expect(af.inet.conf.arpEvictNocarrier).toBe(0);
    expect(af.inet.conf.idx33).toBe(0);
    expect(af.inet6.conf).toEqual({ forwarding: 0, hoplimit: -1, mtu6: 0 });
    expect(af.inet6.addrGenMode).toBe("random");
    expect(af.inet6.token).toBe("::");
  });
});

describe("IFLA_PROTINFO and IFLA_AF_SPEC follow ifi_family", () => {
  const port: A[] = [[1, new Uint8Array([3])], [2, u16(32)], [8, new Uint8Array([1])], [24, new Uint8Array(0)]];
  it("AF_BRIDGE: bridge-port attributes and IFLA_BRIDGE_*", () => {
    const m = roundtrip(linkMessage, msg(7, [[12 | 0x8000, port], [26, [[0, u16(2)], [2, fromHex("00000a00")], [2, fromHex("02000b00")]]]]));
    expect(m.attrs.protinfo).toEqual({ state: "forwarding", priority: 32, learning: 1, flush: true });
    expect(m.attrs.afSpec).toEqual({ flags: 2, vlanInfo: [{ flags: 0, vid: 10 }, { flags: 2, vid: 11 }] });
  });
  it("AF_INET6: IFLA_INET6_*", () => {
    const m = roundtrip(linkMessage, msg(10, [[12, [[1, u32(0x80000000)], [8, new Uint8Array([1])]]]]));
    expect(m.attrs.protinfo).toEqual({ flags: 0x80000000, addrGenMode: "none" });
  });
  it("AF_UNSPEC: raw", () => {
    expect(roundtrip(linkMessage, msg(0, [[12, fromHex("01020304")]])).attrs.protinfo).toBe("01020304");
  });
});

describe("IFLA_LINKINFO", () => {
  it("types the data by kind, also when IFLA_INFO_DATA comes before IFLA_INFO_KIND", () => {
    const data: A[] = [[1, u32(42)], [15, be16(4789)], [2, fromHex("ef010101")], [10, fromHex("03e807d0")]];
    const m = roundtrip(linkMessage, msg(0, [[18, [[2, data], [1, str("vxlan")]]]]));
    expect(m.attrs.linkinfo).toEqual({ data: { id: 42, port: 4789, group: "239.1.1.1", portRange: { low: 1000, high: 2000 } }, kind: "vxlan" });
  });

  it("keeps the data of a kind without a known layout as hex", () => {
    const m = roundtrip(linkMessage, msg(0, [[18, [[1, str("nosuchkind")], [2, fromHex("0800010001000000")]]]]));
    expect(m.attrs.linkinfo).toEqual({ kind: "nosuchkind", data: "0800010001000000" });
  });

  it("types slave data by slave kind (bridge port, bond port, vrf port)", () => {
    const bond = roundtrip(linkMessage, msg(0, [[18, [[1, str("veth")], [4, str("bond")], [5, [[1, new Uint8Array([0])], [4, fromHex("020000000001")], [9, u32(5)]]]]]]));
    expect(bond.attrs.linkinfo).toEqual({ kind: "veth", slaveKind: "bond", slaveData: { state: 0, permHwaddr: "02:00:00:00:00:01", prio: 5 } });
    const vrf = roundtrip(linkMessage, msg(0, [[18, [[4, str("vrf")], [5, [[1, u32(10)]]]]]]));
    expect(vrf.attrs.linkinfo).toEqual({ slaveKind: "vrf", slaveData: { table: 10 } });
  });

  it("bridge ids, big-endian vlan protocol, bond targets as indexed arrays", () => {
    const br = roundtrip(linkMessage, msg(0, [[18, [[1, str("bridge")], [2, [[11, fromHex("8000020000000002")], [8, be16(0x88a8)]]]]]]));
    expect(br.attrs.linkinfo!.data).toEqual({ bridgeId: { prio: 0x8000, addr: "02:00:00:00:00:02" }, vlanProtocol: "802.1ad" });
    const bond = roundtrip(linkMessage, msg(0, [[18, [[1, str("bond")], [2, [[1, new Uint8Array([4])], [8, [[0, fromHex("c0000201")], [1, fromHex("c0000202")]]], [14, new Uint8Array([1])]]]]]]));
    expect(bond.attrs.linkinfo!.data).toEqual({ mode: "802.3ad", arpIpTarget: ["192.0.2.1", "192.0.2.2"], xmitHashPolicy: "layer3+4" });
    const odd = roundtrip(linkMessage, msg(0, [[18, [[1, str("bond")], [2, [[8, [[3, fromHex("c0000201")]]]]]]]]));
    expect(odd.attrs.linkinfo!.data).toEqual({ arpIpTarget: "08000300c0000201" });
  });

  it("the veth peer is a whole link message, decoded recursively", () => {
    const cap = readIpCapture("link-add-veth-opts");
    const b = fromHex(cap.requests[0]!).subarray(16);
    const m = roundtrip(linkRequest, b.slice());
    expect(m.attrs.linkinfo).toEqual({
      kind: "veth",
      data: { peer: { family: 0, type: 0, index: 0, flags: [], change: 0, attrs: { address: "02:00:00:00:00:0b", mtu: 9000, ifname: "vb" } } },
    });
  });

  it("iproute2 writes the kind without NUL: linkRequest reads and writes it so, linkMessage insists on the kernel's NUL", () => {
    const b = msg(0, [[18, [[1, str("veth", false)]]]]);
    expect(roundtrip(linkRequest, b).attrs.linkinfo).toEqual({ kind: "veth" });
    expect(() => linkMessage.decode(b, new DataView(b.buffer), 0, b.length)).toThrow(DecodeError);
    const withNul = msg(0, [[18, [[1, str("veth")]]]]);
    expect(linkRequest.decode(withNul, new DataView(withNul.buffer), 0, withNul.length).attrs.linkinfo).toEqual({ kind: "veth" });
  });

  it("a malformed kind payload is a DecodeError naming the kind's attribute", () => {
    const b = msg(0, [[18, [[1, str("vxlan")], [2, [[1, u16(42)]]]]]]);
    let err: unknown;
    try {
      linkMessage.decode(b, new DataView(b.buffer), 0, b.length);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DecodeError);
    expect((err as DecodeError).path).toBe("vxlan.id");
  });

  it("an attribute running past its nest is a DecodeError", () => {
    const b = msg(0, [[18, [[1, str("bridge")]]]]);
    new DataView(b.buffer).setUint16(16 + 4, 200, true); // inner nla_len lies
    expect(() => linkMessage.decode(b, new DataView(b.buffer), 0, b.length)).toThrow(DecodeError);
  });
});
