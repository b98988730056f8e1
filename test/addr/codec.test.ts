/**
 * codecs/addr: golden kernel bytes (RTM_NEWADDR answers captured on 6.18
 * in fixtures/addr), decode -> encode identity, the ifaddrmsg layout, flag
 * and scope names, and DecodeError on malformed bytes.
 */
import { describe, expect, it } from "vitest";
import { ADDR_FLAGS, addrAttrs, addrMessage, ifaddrmsg, SCOPES, type AddrMessage } from "../../codecs/addr/index.ts";
import { DecodeError } from "../../codecs/core/errors.ts";
import { toHex } from "../../codecs/core/hex.ts";
import { NlWriter } from "../../codecs/core/writer.ts";
import { hexCodec, itRoundTripsGolden } from "../helpers/codec-hex.ts";

const { decode, encode } = hexCodec(addrMessage);

const GOLDEN: Array<{ what: string; hex: string; decoded: AddrMessage }> = [
  {
    what: "IPv4 secondary with label and metric (ip addr add 192.0.2.2/24 label v0:sec metric 10)",
    hex: "021881000300000008000100c000020208000200c00002020b00030076303a73656300000800080081000000080009000a00000014000600ffffffffffffffff860b0100860b0100",
    decoded: {
      family: 2, prefixlen: 24, flags: ["secondary", "permanent"], scope: "global", index: 3,
      attrs: {
        address: "192.0.2.2", local: "192.0.2.2", label: "v0:sec", flags: ["secondary", "permanent"], rtPriority: 10,
        cacheinfo: { preferred: 0xffffffff, valid: 0xffffffff, cstamp: 68486, tstamp: 68486 },
      },
    },
  },
  {
    what: "IPv4 point-to-point with peer (local 198.51.100.1 peer 198.51.100.2/32)",
    hex: "022080000300000008000100c633640208000200c63364010700030076300000080008008000000014000600ffffffffffffffff8a0b01008a0b0100",
    decoded: {
      family: 2, prefixlen: 32, flags: ["permanent"], scope: "global", index: 3,
      attrs: {
        address: "198.51.100.2", local: "198.51.100.1", label: "v0", flags: ["permanent"],
        cacheinfo: { preferred: 0xffffffff, valid: 0xffffffff, cstamp: 68490, tstamp: 68490 },
      },
    },
  },
  {
    what: "IPv4 link scope with broadcast",
    hex: "021880fd0300000008000100cb00710308000200cb00710308000400cb00717f0700030076300000080008008000000014000600ffffffffffffffff860b0100860b0100",
    decoded: {
      family: 2, prefixlen: 24, flags: ["permanent"], scope: "link", index: 3,
      attrs: {
        address: "203.0.113.3", local: "203.0.113.3", broadcast: "203.0.113.127", label: "v0", flags: ["permanent"],
        cacheinfo: { preferred: 0xffffffff, valid: 0xffffffff, cstamp: 68486, tstamp: 68486 },
      },
    },
  },
  {
    what: "IPv6 nodad noprefixroute, valid 3600 preferred 1800: IFA_FLAGS carries bits the header cannot",
    hex: "0a400200030000001400010020010db80000000000000000000000011400060008070000100e0000870b0100870b01000800080002020000",
    decoded: {
      family: 10, prefixlen: 64, flags: ["nodad"], scope: "global", index: 3,
      attrs: {
        address: "2001:db8::1",
        cacheinfo: { preferred: 1800, valid: 3600, cstamp: 68487, tstamp: 68487 },
        flags: ["nodad", "noprefixroute"],
      },
    },
  },
  {
    what: "IPv6 deprecated tentative with metric 256",
    hex: "0a40e000030000001400010020010db800030000000000000000000108000900000100001400060000000000ffffffff880b0100880b010008000800e0000000",
    decoded: {
      family: 10, prefixlen: 64, flags: ["deprecated", "tentative", "permanent"], scope: "global", index: 3,
      attrs: {
        address: "2001:db8:3::1", rtPriority: 256,
        cacheinfo: { preferred: 0, valid: 0xffffffff, cstamp: 68488, tstamp: 68488 },
        flags: ["deprecated", "tentative", "permanent"],
      },
    },
  },
];

describe("codecs/addr golden bytes", () => {
  itRoundTripsGolden(GOLDEN.map((g) => [g.what, g.hex, g.decoded] as const), addrMessage, (what) => `decodes and re-encodes: ${what}`);
});

describe("ifaddrmsg", () => {
  it("lays out family, prefixlen, flags, scope, index (host order) in 8 bytes", () => {
    const w = new NlWriter();
    ifaddrmsg.encode(w, { family: 10, prefixlen: 64, flags: ["nodad", "permanent"], scope: "link", index: 0x01020304 }, "h");
    expect(toHex(w.toBytes())).toBe("0a4082fd04030201");
  });
  it("accepts numbers and 'universe' on encode, keeps unnamed scopes as numbers", () => {
    const w = new NlWriter();
    ifaddrmsg.encode(w, { family: 2, prefixlen: 8, flags: 0x41, scope: "universe", index: 1 }, "h");
    expect(toHex(w.toBytes())).toBe("0208410001000000");
    expect(decode("02080007" + "01000000").scope).toBe(7);
    expect(decode("020800c8" + "01000000").scope).toBe("site");
  });
  it("refuses flags above 8 bits and out-of-range members, naming them", () => {
    const w = new NlWriter();
    expect(() => ifaddrmsg.encode(w, { family: 2, prefixlen: 8, flags: ["noprefixroute"], scope: 0, index: 1 }, "h")).toThrow(/h\.flags/);
    expect(() => ifaddrmsg.encode(w, { family: 2, prefixlen: 256, flags: [], scope: 0, index: 1 }, "h")).toThrow(/h\.prefixlen: 256/);
    expect(() => ifaddrmsg.encode(w, { family: 2, prefixlen: 8, flags: [], scope: "galactic", index: 1 }, "h")).toThrow(/h\.scope: unknown scope "galactic"/);
  });
});

describe("addr-attrs", () => {
  it("names every IFA_F_* bit as iproute2 prints it and accepts the spec spellings", () => {
    expect(ADDR_FLAGS.names(0xfff)).toEqual(["secondary", "nodad", "optimistic", "dadfailed", "home", "deprecated", "tentative", "permanent", "mngtmpaddr", "noprefixroute", "autojoin", "stable-privacy"]);
    expect(ADDR_FLAGS.value(["temporary", "homeaddress", "managetempaddr", "mcautojoin"], "f")).toBe(0x1 | 0x10 | 0x100 | 0x400);
    expect(ADDR_FLAGS.names(0x80001000)).toEqual(["0x80001000"]);
  });
  it("names scopes like iproute2", () => {
    expect([0, 200, 253, 254, 255, 17].map((s) => SCOPES.name(s))).toEqual(["global", "site", "link", "host", "nowhere", 17]);
  });
  it("keeps unknown attributes, non-IP address lengths, unnamed flags and protocols losslessly", () => {
    // AF_MCTP (45) message: IFA_LOCAL of 1 byte, IFA_PROTO 9, IFA_FLAGS with bit 0x1000, unknown type 40.
    const hex = "2d000000" + "05000000" + "0500020008000000" + "05000b0009000000" + "0800080000100000" + "0800280001020304";
    const m = decode(hex);
    expect(m.family).toBe(45);
    expect(m.attrs).toEqual({ local: "0x08", proto: 9, flags: ["0x1000"], unknown: [{ type: 40, flags: 0, data: "01020304" }] });
    expect(encode(m)).toBe(hex);
  });
  it("decodes IFA_PROTO, IFA_TARGET_NETNSID, IFA_ANYCAST and IFA_MULTICAST", () => {
    const hex = "0a40000001000000" + "05000b0002000000" + "08000a00feffffff" + "1400050020010db8000000000000000000000007" + "14000700ff020000000000000000000000000001";
    const m = decode(hex);
    expect(m.attrs).toEqual({ proto: "kernel_ra", targetNetnsid: -2, anycast: "2001:db8::7", multicast: "ff02::1" });
    expect(encode(m)).toBe(hex);
  });
  it("throws DecodeError for malformed payloads, with the attribute path", () => {
    const bad = [
      ["short header", "0218000003000000".slice(0, 14)],
      ["cacheinfo of 12 bytes", "0218000003000000" + "10000600" + "010000000200000003000000"],
      ["broadcast of 3 bytes", "0218000003000000070004000a0b0c00"],
      ["label without NUL", "0218000003000000060003007630" + "0000"],
      ["label with a NUL inside", "02180000030000000800030076003000"],
      ["IFA_FLAGS of 2 bytes", "021800000300000006000800ffff0000"],
      ["attribute past the end", "02180000030000000c000100c0000201"],
      ["nla_len below 4", "02180000030000000200010000000000"],
    ];
    for (const [what, hex] of bad) {
      expect(() => decode(hex!), what).toThrow(DecodeError);
    }
    try {
      decode("0218000003000000070004000a0b0c00");
    } catch (e) {
      expect((e as DecodeError).path).toBe("addr-attrs.broadcast");
    }
  });
  it("refuses to encode attributes it does not know, naming them", () => {
    const w = new NlWriter();
    expect(() => addrAttrs.encode(w, { lcoal: "192.0.2.1" } as never)).toThrow(/addr-attrs\.lcoal: not an attribute/);
    expect(() => addrAttrs.encode(w, { broadcast: "2001:db8::1" })).toThrow(/broadcast/);
  });
});
