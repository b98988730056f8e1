/**
 * Golden bytes for the protocol core (codecs/core): every expected byte
 * string below is written out by hand from the uapi structs in
 * /usr/include/linux/netlink.h, with a comment saying what each part is.
 * Netlink is host byte order; these tests are for a little-endian host
 * (x86_64, aarch64), which the first test checks.
 */
import { describe, expect, it } from "vitest";
import {
  attrSet, binary, custom, decodeDone, decodeError, DecodeError, encodeMessage, EnumTable, enumField, flag,
  FlagTable, flagsField, HOST_LE, ipAddr, lladdr, multi, nest, NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLM_F_ACK,
  NLM_F_ACK_TLVS, NLM_F_CAPPED, NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL, NLM_F_MULTI, NLM_F_REQUEST, NLMSG_DONE,
  NLMSG_ERROR, NlWriter, readHeader, s16, s32, s64, s8, splitMessages, string, toHex, u16, u16be, u32, u32be, u64,
  u8, uint, writeDoneMessage, writeErrorMessage,
} from "../../codecs/core/index.ts";
import { bytes, decodeFails, dec, dvOf, enc, golden, h } from "./golden-helpers.ts";

describe("host", () => {
  it("is little-endian (the byte strings below are)", () => {
    expect(HOST_LE).toBe(true);
  });
});

describe("nlmsghdr", () => {
  // RTM_NEWLINK (16), REQUEST|ACK|EXCL|CREATE, seq 1, pid 0, 4 payload bytes
  const msg = h(`
    14000000   # nlmsg_len 20 = 16 header + 4 payload
    1000       # nlmsg_type 16 RTM_NEWLINK
    0506       # nlmsg_flags 0x0605 = REQUEST(1)|ACK(4)|EXCL(0x200)|CREATE(0x400)
    01000000   # nlmsg_seq 1
    00000000   # nlmsg_pid 0 (to the kernel)
    aabbccdd   # payload
  `);

  it("encodes with NlWriter.beginMessage/endMessage", () => {
    const w = new NlWriter();
    const s = w.beginMessage(16, NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL | NLM_F_CREATE, 1, 0);
    w.bytes(Uint8Array.of(0xaa, 0xbb, 0xcc, 0xdd));
    w.endMessage(s);
    expect(toHex(w.view())).toBe(msg);
  });

  it("encodes with encodeMessage and pads a 3-byte payload to 4 (nlmsg_len stays unpadded)", () => {
    const out = encodeMessage({ type: 18, flags: NLM_F_REQUEST | NLM_F_DUMP, seq: 0x01020304, pid: 0x0a0b0c0d }, Uint8Array.of(1, 2, 3));
    expect(toHex(out)).toBe(h(`
      13000000   # nlmsg_len 19
      1200       # RTM_GETLINK
      0103       # REQUEST | DUMP (ROOT 0x100 | MATCH 0x200)
      04030201   # seq 0x01020304
      0d0c0b0a   # pid 0x0a0b0c0d
      010203 00  # payload + 1 byte NLMSG_ALIGN padding
    `));
  });

  it("decodes the header and splits a datagram of two messages", () => {
    const two = bytes(msg + h(`
      10000000 0300 0200 01000000 39300000   # NLMSG_DONE, MULTI, seq 1, pid 12345, empty
    `));
    expect(readHeader(dvOf(two), 0)).toEqual({ len: 20, type: 16, flags: 0x605, seq: 1, pid: 0 });
    const ms = splitMessages(two);
    expect(ms.map((m) => [m.type, m.flags, m.seq, m.pid, m.off, m.payload, m.end])).toEqual([
      [16, 0x605, 1, 0, 0, 16, 20],
      [NLMSG_DONE, NLM_F_MULTI, 1, 12345, 20, 36, 36],
    ]);
  });

  it("rejects nlmsg_len below 16 or past the datagram", () => {
    expect(() => splitMessages(bytes("0f000000 1000 0000 00000000 00000000"))).toThrow(DecodeError);
    expect(() => splitMessages(bytes("18000000 1000 0000 00000000 00000000"))).toThrow(/runs past the end/);
    expect(() => splitMessages(bytes("10000000 1000"))).toThrow(/too short for nlmsghdr/);
    // zero padding after the last message is fine
    expect(splitMessages(bytes("10000000 0300 0200 01000000 00000000 0000"))).toHaveLength(1);
  });
});

describe("NLMSG_ERROR and NLMSG_DONE", () => {
  /** Decode the payload of the single message in `hex`. */
  function decodeErr(hex: string) {
    const b = bytes(hex);
    const [m] = splitMessages(b);
    expect(m!.type).toBe(NLMSG_ERROR);
    return decodeError(b, m!.dv, m!.payload, m!.end, m!.flags);
  }
  function rewrite(e: ReturnType<typeof decodeErr>, seq: number, pid: number): string {
    const w = new NlWriter();
    writeErrorMessage(w, seq, pid, e);
    return toHex(w.view());
  }

  // A real ACK (from fixtures/core/batch-duplicates.json): error 0 is always capped.
  const ack = h(`
    24000000   # nlmsg_len 36 = 16 + 4 + 16
    0200       # NLMSG_ERROR
    0001       # flags NLM_F_CAPPED (0x100)
    01000000   # seq 1
    24260000   # pid 9764 (our port)
    00000000   # error 0: an ACK
    2c000000 1800 0506 01000000 00000000   # the request's header: len 44, RTM_NEWROUTE, REQUEST|ACK|EXCL|CREATE, seq 1, pid 0
  `);

  it("decodes an ACK (error 0, NLM_F_CAPPED)", () => {
    expect(decodeErr(ack)).toEqual({ errno: 0, request: { len: 44, type: 24, flags: 0x605, seq: 1, pid: 0 }, extack: {} });
    expect(rewrite(decodeErr(ack), 1, 9764)).toBe(ack);
  });

  // A real refusal (fixtures/core/extack-reject.json): full request echoed, ext ACK message.
  const reject = h(`
    6c000000   # nlmsg_len 108
    0200       # NLMSG_ERROR
    0002       # NLM_F_ACK_TLVS (0x200), not capped: the request follows in full
    01000000 24260000          # seq 1, pid 9764
    a1ffffff                   # error -95 (EOPNOTSUPP)
    40000000 1000 0506 01000000 00000000   # echoed header: len 64, RTM_NEWLINK
    00000000 00000000 00000000 00000000   # ifinfomsg
    0700 0300 78300000         # IFLA_IFNAME "x0" (nla_len 7 + 1 pad)
    1800 1200                  # IFLA_LINKINFO, 24 bytes
      1200 0100 626e6c6e6f737563686b696e6400 0000   # IFLA_INFO_KIND "bnlnosuchkind"
    1800 0100 556e6b6e6f776e20646576696365207479706500   # NLMSGERR_ATTR_MSG "Unknown device type"
  `);

  it("decodes an error with the full request and an extended ACK message", () => {
    const e = decodeErr(reject);
    expect(e.errno).toBe(95);
    expect(e.request).toEqual({ len: 64, type: 16, flags: 0x605, seq: 1, pid: 0 });
    expect(e.requestPayload).toBe(h(`00000000000000000000000000000000 0700030078300000 18001200 1200 0100 626e6c6e6f737563686b696e6400 0000`));
    expect(e.extack).toEqual({ msg: "Unknown device type" });
    expect(rewrite(e, 1, 9764)).toBe(reject);
  });

  it("decodes a capped error with msg, offset, cookie, policy, missing type and nest", () => {
    const hex = h(`
      88000000   # nlmsg_len 136 = 16 + 4 + 16 + 100 bytes of TLVs
      0200       # NLMSG_ERROR
      0003       # NLM_F_CAPPED (0x100) | NLM_F_ACK_TLVS (0x200)
      05000000 39300000          # seq 5, pid 12345
      eaffffff                   # error -22 (EINVAL)
      30000000 1800 0506 05000000 00000000   # echoed header only: len 48, RTM_NEWROUTE, seq 5
      0d00 0100 6261642061747472 00 000000   # NLMSGERR_ATTR_MSG (1) "bad attr" + NUL, nla_len 13, 3 pad
      0800 0200 24000000         # NLMSGERR_ATTR_OFFS (2) u32 36
      0a00 0300 010203040506 0000   # NLMSGERR_ATTR_COOKIE (3) 6 bytes, 2 pad
      3000 0480                  # NLMSGERR_ATTR_POLICY (4) | NLA_F_NESTED, 48 bytes
        0800 0100 04000000       #   NL_POLICY_TYPE_ATTR_TYPE (1) u32 4 (NL_ATTR_TYPE_U32)
        0c00 0200 ffffffffffffffff   #   MIN_VALUE_S (2) s64 -1
        0c00 0500 ff00000000000000   #   MAX_VALUE_U (5) u64 255
        0c00 0c00 0f00000000000000   #   MASK (12) u64 0xf
      0800 0500 07000000         # NLMSGERR_ATTR_MISS_TYPE (5) u32 7
      0800 0600 14000000         # NLMSGERR_ATTR_MISS_NEST (6) u32 20
    `);
    const e = decodeErr(hex);
    expect(e).toEqual({
      errno: 22,
      request: { len: 48, type: 24, flags: 0x605, seq: 5, pid: 0 },
      extack: {
        msg: "bad attr", offset: 36, cookie: "010203040506",
        policy: { type: 4, minValueS: -1n, maxValueU: 255n, mask: 15n },
        missingType: 7, missingNest: 20,
      },
    });
    expect(e.requestPayload).toBeUndefined();
    expect(rewrite(e, 5, 12345)).toBe(hex);
  });

  it("ignores TLVs unless NLM_F_ACK_TLVS is set", () => {
    const hex = h(`
      2c000000 0200 0001 01000000 00000000   # NLMSG_ERROR, CAPPED only
      feffffff                               # -2 ENOENT
      10000000 1200 0100 01000000 00000000   # echoed header
      0800 0200 24000000                     # an OFFS TLV the flags do not announce
    `);
    expect(decodeErr(hex).extack).toEqual({});
  });

  it("rejects an echoed nlmsg_len that lies", () => {
    // not capped, echoed len 64 but only 16 bytes follow
    const hex = h(`24000000 0200 0000 01000000 00000000 a1ffffff 40000000 1000 0506 01000000 00000000`);
    expect(() => decodeErr(hex)).toThrow(/runs past the end/);
    const short = h(`20000000 0200 0000 01000000 00000000 a1ffffff 0c000000 1000 0506 01000000`);
    expect(() => decodeErr(short)).toThrow(DecodeError);
  });

  it("decodes NLMSG_DONE with an errno and TLVs, and an empty DONE", () => {
    const hex = h(`
      28000000 0300   # nlmsg_len 40, NLMSG_DONE
      0202            # NLM_F_MULTI (0x2) | NLM_F_ACK_TLVS (0x200)
      09000000 39300000   # seq 9, pid 12345
      eaffffff            # -22 EINVAL
      1300 0100 496e76616c696420686561646572 00 00   # NLMSGERR_ATTR_MSG "Invalid header": 14 + NUL, nla_len 19, 1 pad
    `);
    const b = bytes(hex);
    const [m] = splitMessages(b);
    const d = decodeDone(b, m!.dv, m!.payload, m!.end, m!.flags);
    expect(d).toEqual({ errno: 22, extack: { msg: "Invalid header" } });
    const w = new NlWriter();
    writeDoneMessage(w, 9, 12345, d);
    expect(toHex(w.view())).toBe(hex);
    // a plain DONE: status 0, no TLVs
    const plain = bytes("14000000 0300 0200 09000000 39300000 00000000");
    expect(decodeDone(plain, dvOf(plain), 16, 20, NLM_F_MULTI)).toEqual({ errno: 0, extack: {} });
    // very old kernels: no status at all
    expect(decodeDone(plain, dvOf(plain), 16, 16, NLM_F_MULTI)).toEqual({ errno: 0, extack: {} });
    expect(NLM_F_ACK_TLVS | NLM_F_CAPPED).toBe(0x300);
  });
});

describe("attribute fields", () => {
  it("unsigned integers u8/u16/u32/u64 with their exact sizes", () => {
    golden(u8(1), 0xfe, "0500 0100 fe 000000");            // nla_len 5, type 1, 1 byte + 3 pad
    golden(u16(2), 0x1234, "0600 0200 3412 0000");         // nla_len 6, host order, 2 pad
    golden(u32(3), 0xdeadbeef, "0800 0300 efbeadde");      // nla_len 8
    golden(u64(4), 0x0102030405060708n, "0c00 0400 0807060504030201"); // nla_len 12, bigint
    golden(u64(4), 0xffffffffffffffffn, "0c00 0400 ffffffffffffffff");
  });

  it("signed integers s8/s16/s32/s64", () => {
    golden(s8(1), -2, "0500 0100 fe 000000");
    golden(s16(2), -2, "0600 0200 feff 0000");
    golden(s32(3), -2, "0800 0300 feffffff");
    golden(s64(4), -2n, "0c00 0400 feffffffffffffff");
    golden(s32(3), -0x80000000, "0800 0300 00000080");
  });

  it("uint (NLA_UINT) keeps its 4- or 8-byte width", () => {
    golden(uint(5), 7, "0800 0500 07000000");                       // 4 bytes -> number
    golden(uint(5), 7n, "0c00 0500 0700000000000000");              // 8 bytes -> bigint
    const set = attrSet("g", { v: uint(5) });
    expect(enc(set, { v: 0x100000000 })).toBe(h("0c00 0500 0000000001000000")); // number above u32 -> 8 bytes
    decodeFails(uint(5), "0600 0500 0700", /uint needs 4 or 8 bytes, got 2/);
  });

  it("big-endian integers and NLA_F_NET_BYTEORDER", () => {
    golden(u16be(1), 0x1f90, "0600 0100 1f90 0000");                // port 8080 in network order
    golden(u32be(2), 0x01020304, "0800 0200 01020304");
    // the field writes the NLA_F_NET_BYTEORDER bit (0x4000) into nla_type
    golden(u32be(2, { wireFlags: NLA_F_NET_BYTEORDER }), 0x01020304, "0800 0240 01020304");
  });

  it("wrong payload sizes are DecodeErrors naming the field", () => {
    decodeFails(u32(1), "0700 0100 010203 00", /u32 needs 4 bytes, got 3/);
    decodeFails(u8(1), "0400 0100", /u8 needs 1 bytes, got 0/);
    decodeFails(u64(1), "0800 0100 01000000", /u64 needs 8 bytes, got 4/);
    decodeFails(u16be(1), "0500 0100 01 000000", /be16 needs 2 bytes, got 1/);
  });

  it("range checks on encode name the field", () => {
    const set = attrSet("g", { v: u8(1), w: s16(2), x: u64(3) });
    expect(() => enc(set, { v: 256 })).toThrow(new RangeError("g.v: 256 is out of range 0..255"));
    expect(() => enc(set, { w: 40000 })).toThrow(RangeError);
    expect(() => enc(set, { v: 1.5 })).toThrow(TypeError);
    expect(() => enc(set, { x: -1n })).toThrow(RangeError);
  });

  it("NUL-terminated strings, UTF-8, and bytes that are not UTF-8", () => {
    golden(string(3), "eth0", "0900 0300 65746830 00 000000");      // "eth0" + NUL: nla_len 9, 3 pad
    golden(string(3), "", "0500 0300 00 000000");                   // empty string: just the NUL
    golden(string(3), "é€", "0a00 0300 c3a9 e282ac 00 0000");        // UTF-8, nla_len 10
    // 0xff is not UTF-8: it decodes to U+DCFF and encodes back to 0xff
    golden(string(3), "a\udcffb", "0800 0300 61ff6200");
    decodeFails(string(3), "0800 0300 65746830", /not NUL-terminated/);
    decodeFails(string(3), "0800 0300 610062 00", /NUL byte at \+1/);
    decodeFails(string(3), "0400 0300", /not NUL-terminated/);
    const set = attrSet("g", { v: string(3, { maxLength: 3 }) });
    expect(() => enc(set, { v: "abcd" })).toThrow(RangeError);
    expect(() => enc(set, { v: "a\0" })).toThrow(TypeError);
  });

  it("binary payloads as hex, with an optional exact length", () => {
    golden(binary(7), "0102030405", "0900 0700 0102030405 000000");
    golden(binary(7), "", "0400 0700");
    decodeFails(binary(7, { length: 4 }), "0600 0700 0102 0000", /binary needs 4 bytes, got 2/);
  });

  it("flags: present decodes to true, false is left out", () => {
    golden(flag(9), true, "0400 0900");
    const set = attrSet("g", { f: flag(9), v: u8(1) });
    expect(enc(set, { f: false, v: 1 })).toBe(h("0500 0100 01 000000"));
    decodeFails(flag(9), "0500 0900 01 000000", /flag needs 0 bytes, got 1/);
  });

  it("IPv4 and IPv6 addresses", () => {
    golden(ipAddr(1), "192.0.2.1", "0800 0100 c0000201");
    golden(ipAddr(1), "2001:db8::1", "1400 0100 20010db8000000000000000000000001");
    decodeFails(ipAddr(1), "0900 0100 c000020101 000000", /address needs 4 or 16 bytes, got 5/);
  });

  it("link-layer addresses of any length", () => {
    golden(lladdr(1), "02:00:5e:10:00:01", "0a00 0100 02005e100001 0000");   // Ethernet
    golden(lladdr(1), "c0:00:02:01", "0800 0100 c0000201");                  // 4-byte (ipip) address
    decodeFails(lladdr(1), "0400 0100", /link-layer address is empty/);
  });

  it("enums by name or number, flag masks by names", () => {
    const scope = new EnumTable("scope", { 0: "universe", 253: "link", 254: "host" });
    golden(enumField(1, 1, scope), "link", "0500 0100 fd 000000");
    golden(enumField(1, 1, scope), 7, "0500 0100 07 000000");   // unnamed value stays a number
    golden(enumField(2, 4, scope), "host", "0800 0200 fe000000");
    const set = attrSet("g", { v: enumField(1, 1, scope) });
    expect(enc(set, { v: 254 })).toBe(h("0500 0100 fe 000000"));
    expect(() => enc(set, { v: "nowhere" })).toThrow(/unknown scope "nowhere"/);
    const flags = new FlagTable("flag", { up: 1, broadcast: 2, top: 0x80000000 });
    golden(flagsField(3, 4, flags), ["up", "broadcast"], "0800 0300 03000000");
    golden(flagsField(3, 4, flags), ["up", "0x100"], "0800 0300 01010000");   // unnamed bits kept as hex
    golden(flagsField(3, 4, flags), ["top"], "0800 0300 00000080");           // bit 31
    golden(flagsField(3, 2, flags), [], "0600 0300 0000 0000");
  });

  it("nested sets, with and without NLA_F_NESTED", () => {
    const inner = attrSet("inner", { a: u8(1), b: string(2) });
    golden(nest(4, inner, { wireFlags: NLA_F_NESTED }), { a: 1, b: "x" }, h(`
      1400 0480          # type 4 | NLA_F_NESTED (0x8000), 20 bytes
        0500 0100 01 000000   # a
        0600 0200 7800 0000   # b "x"
    `));
    golden(nest(4, inner), { a: 1 }, "0c00 0400 0500 0100 01 000000");
    // a nest shorter than its children is a DecodeError with the inner set's name
    expect(() => dec(attrSet("g", { v: nest(4, inner) }), "0800 0400 0800 0100")).toThrow(/inner: attribute type 1 of 8 bytes runs past the end/);
  });

  it("multi fields keep every occurrence in order", () => {
    golden(multi(u16(6)), [1, 2, 3], "0600 0600 0100 0000  0600 0600 0200 0000  0600 0600 0300 0000");
  });

  it("custom fields", () => {
    const pair = custom<[number, number]>(8, (b, _dv, off, len, path) => {
      if (len !== 2) throw new DecodeError("pair needs 2 bytes", path, off);
      return [b[off]!, b[off + 1]!];
    }, (w, v) => { w.u8(v[0]); w.u8(v[1]); });
    golden(pair, [1, 2], "0600 0800 0102 0000");
  });
});
