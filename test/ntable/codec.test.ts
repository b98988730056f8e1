/**
 * Golden bytes for the neighbour table codec (codecs/ntable): the dump
 * request `ip -6 ntable show` sends (strace -e trace=sendto, payload after
 * the nlmsghdr), the RTM_SETNEIGHTBL payloads ip 6.1 sent for two
 * `ip ntable change` commands (fixtures/iproute2/ntable-change-*.json),
 * and a per-device entry as the 6.18 kernel answered a dump
 * (fixtures/ntable/list.json, lo's ARP parameters). Then strictness: short
 * or truncated input is a DecodeError, unknown attributes and non-zero pad
 * bytes survive a round trip, and encode errors name the field.
 */
import { describe, expect, it } from "vitest";
import { DecodeError } from "../../codecs/core/errors.ts";
import { ntableMessage, type NtableMessage } from "../../codecs/ntable/index.ts";
import { hexCodec, itRoundTripsGolden } from "../helpers/codec-hex.ts";
import { readIpCapture } from "../../fixtures/strace.ts";

const { decode, encode, encodeLoose } = hexCodec(ntableMessage);
const payloadOf = (name: string): string => readIpCapture(name).requests[0]!.slice(32);

/** lo's ARP parameters from the kernel's dump (NDTA_NAME, then NDTA_PARMS without NLA_F_NESTED). */
const LO_ENTRY = "020000000e0001006172705f6361636865000000b8000600080001000100000008000200010000000800100000400300080008006500000008000e0040000000080009000000000008000a000300000008000b000300000008001100000000000c0003000c670000000000000c00040030750000000000000c00060060ea0000000000000c00070088130000000000000c000500e8030000000000000c000c00e8030000000000000c000d0020030000000000000c000f00e8030000000000000c0013008813000000000000";

const CASES: Array<[string, string, NtableMessage]> = [
  ["ip -6 ntable show (dump request)", "0a000000", { family: 10, attrs: {} }],
  [
    "ip ntable change name arp_cache dev v0 base_reachable 20000 ... locktime 800 (v0 is ifindex 10)",
    payloadOf("ntable-change-dev-all"),
    {
      family: 0,
      attrs: {
        name: "arp_cache",
        parms: {
          ifindex: 10, baseReachableTime: 20000n, retransTime: 500n, gcStaletime: 30000n, delayProbeTime: 3000n, queueLen: 50,
          appProbes: 1, ucastProbes: 4, mcastProbes: 2, anycastDelay: 900n, proxyDelay: 700n, proxyQlen: 32, locktime: 800n,
        },
      },
    },
  ],
  [
    "ip ntable change thresh1 256 name arp_cache thresh2 1024 thresh3 2048 gc_int 60000 (argv order kept)",
    payloadOf("ntable-change-thresh"),
    { family: 0, attrs: { thresh1: 256, name: "arp_cache", thresh2: 1024, thresh3: 2048, gcInterval: 60000n } },
  ],
  [
    "kernel dump entry: lo's ARP parameters",
    LO_ENTRY,
    {
      family: 2,
      attrs: {
        name: "arp_cache",
        parms: {
          ifindex: 1, refcnt: 1, queueLenbytes: 212992, queueLen: 101, proxyQlen: 64, appProbes: 0, ucastProbes: 3, mcastProbes: 3,
          mcastReprobes: 0, reachableTime: 26380n, baseReachableTime: 30000n, gcStaletime: 60000n, delayProbeTime: 5000n,
          retransTime: 1000n, anycastDelay: 1000n, proxyDelay: 800n, locktime: 1000n, intervalProbeTimeMs: 5000n,
        },
      },
    },
  ],
];

describe("ntable codec", () => {
  itRoundTripsGolden(CASES, ntableMessage);

  it("decodes ndt_config and ndt_stats of a table entry, and keeps a short (pre-4.4) ndt_stats lossless", () => {
    const config = "0400500102000000a0d9100080ab03005fb214061f0000000000000000000000";
    const stats = Array.from({ length: 11 }, (_, i) => (BigInt(i + 1) << 0n).toString(16).padStart(2, "0") + "00000000000000").join("");
    const hex = "02000000" + "24000500" + config + "5c000700" + stats;
    const m = decode(hex);
    expect(m.attrs.config).toEqual({ keyLen: 4, entrySize: 336, entries: 2, lastFlush: 1104288, lastRand: 240512, hashRnd: 102019679, hashMask: 31, hashChainGc: 0, proxyQlen: 0 });
    expect(m.attrs.stats).toMatchObject({ allocs: 1n, destroys: 2n, hashGrows: 3n, forcedGcRuns: 10n, tableFulls: 11n });
    expect(encode(m)).toBe(hex);
    const short = "02000000" + "54000700" + stats.slice(0, 160);
    const s = decode(short);
    expect(s.attrs.stats).toMatchObject({ periodicGcRuns: 9n, forcedGcRuns: 10n });
    expect(s.attrs.stats!.tableFulls).toBeUndefined();
    expect(encode(s)).toBe(short);
  });

  it("keeps unknown NDTA_/NDTPA_ attributes raw and non-zero pad bytes, both re-encoding to the same bytes", () => {
    const hex = "0a01020008006300aabbccdd" + "14000600" + "0800010001000000" + "08004000eeff0000";
    const m = decode(hex);
    expect(m).toMatchObject({ family: 10, pad1: 1, pad2: 2 });
    expect(m.attrs.unknown).toEqual([{ type: 99, flags: 0, data: "aabbccdd" }]);
    expect(m.attrs.parms).toEqual({ ifindex: 1, unknown: [{ type: 64, flags: 0, data: "eeff0000" }] });
    expect(encode(m)).toBe(hex);
  });

  it("rejects a short header, a truncated attribute, a wrong-sized u64 and a name without NUL", () => {
    expect(() => decode("0a00")).toThrow(DecodeError);
    expect(() => decode("0a000000" + "0c00080030750000")).toThrow(DecodeError);
    expect(() => decode("0a000000" + "08000800" + "30750000")).toThrow(/u64 needs 8 bytes/);
    expect(() => decode("0a000000" + "08000100" + "61727070")).toThrow(/NUL/);
    expect(() => decode("0a000000" + "08000500" + "04005001")).toThrow(/ndt_config needs 32 bytes/);
  });

  it("names the field in encode errors", () => {
    expect(() => encodeLoose({ family: 300, attrs: {} })).toThrow(/ntable\.family/);
    expect(() => encodeLoose({ family: 2, attrs: { thresh1: -1 } })).toThrow(/thresh1/);
    expect(() => encodeLoose({ family: 2, attrs: { parms: { retransTime: "5" } } })).toThrow(/retransTime/);
    expect(() => encodeLoose({ family: 2, attrs: { bogus: 1 } })).toThrow(/bogus/);
  });
});
