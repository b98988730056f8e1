/**
 * Golden bytes for the statistics codec (codecs/stats): the dump requests
 * ip 6.1 sends (strace -e trace=sendto, payload after the nlmsghdr) for
 * `ip stats show group offload subgroup cpu_hit` and `ip link xstats type
 * bridge_slave`, the set request of `ip stats set` (fixtures/iproute2), a
 * kernel answer from fixtures/stats/list.json, and hand-built answers for
 * what this kernel cannot produce (bond 802.3ad counters, with their
 * attribute type 0; MPLS per-family counters) with their ip 6.1 rendering,
 * derived from ip's format strings (iplink_bond.c bond_print_3ad_stats,
 * iplink.c print_mpls_link_stats). Then strictness: short input is a
 * DecodeError, unknown attributes and non-zero pad bytes survive a round trip.
 */
import { describe, expect, it } from "vitest";
import { DecodeError } from "../../codecs/core/errors.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import { statsMessage, statsRequest, type StatsMessage, type StatsRequest } from "../../codecs/stats/index.ts";
import { readIpCapture } from "../../fixtures/strace.ts";
import { Printer } from "../../lib/format/printer.ts";
import { printStatsLeaf } from "../../lib/format/stats.ts";
import { selectLeaves, toLinkStats } from "../../lib/rtnl/stats/api.ts";
import { hexCodec, itRoundTripsGolden } from "../helpers/codec-hex.ts";
import { capturedAnswers } from "../helpers/replay-suite.ts";

const req = hexCodec(statsRequest);
const ans = hexCodec(statsMessage);
const payloadOf = (name: string): string => readIpCapture(name).requests.at(-1)!.slice(32);

/** bond 802.3ad: IFLA_STATS_LINK_XSTATS > LINK_XSTATS_TYPE_BOND > BOND_XSTATS_3AD > LACPDU_RX (type 0) = 7, MARKER_TX (5) = 2. */
const BOND = "000000000500000002000000" + "24000200" + "20000200" + "1c000100" + "0c000000" + "0700000000000000" + "0c000500" + "0200000000000000";

const REQUESTS: Array<[string, string, StatsRequest]> = [
  ["ip stats show group offload subgroup cpu_hit (dump: filter_mask OFFLOAD, GET_FILTERS nest flagged NLA_F_NESTED with CPU_HIT)",
    "000000000000000008000000" + "0c000180" + "0800040001000000",
    { family: 0, ifindex: 0, filterMask: 8, attrs: { getFilters: { linkOffloadXstats: 1 } } }],
  ["ip link xstats type bridge_slave (dump of IFLA_STATS_LINK_XSTATS_SLAVE)", "000000000000000004000000", { family: 0, ifindex: 0, filterMask: 4, attrs: {} }],
  ["ip stats set dev v0 l3_stats on (v0 is ifindex 10)", payloadOf("stats-set-l3-on"), { family: 0, ifindex: 10, filterMask: 0, attrs: { setOffloadXstatsL3Stats: 1 } }],
];

describe("stats codec: golden bytes", () => {
  itRoundTripsGolden(REQUESTS, statsRequest);
  itRoundTripsGolden([["bond 802.3ad counters (hand-built)", BOND, { family: 0, ifindex: 5, filterMask: 2, attrs: { linkXstats: { bond: { ad: { lacpduRx: 7n, markerTx: 2n } } } } }]], statsMessage);

  it("a kernel answer (fixtures/stats/list.json, lo with every group) decodes to the groups asked for", () => {
    const m = capturedAnswers("stats", ["list"], RTM.NEWSTATS)[0]!;
    const d = statsMessage.decode(m.buf, m.dv, m.payload, m.end);
    expect(d).toMatchObject({ family: 0, ifindex: 1, filterMask: 0x1f });
    expect(typeof d.attrs.link64?.rxBytes).toBe("bigint");
    expect(d.attrs.linkOffloadXstats?.hwSInfo?.l3Stats).toEqual({ request: 0, used: 0 });
    // lo has no bridge or bond role: no LINK_XSTATS[_SLAVE] nests; AF_SPEC comes (empty: no MPLS here).
    expect(Object.keys(d.attrs)).toEqual(["link64", "linkOffloadXstats", "afSpec"]);
  });
});

describe("bridge per-VLAN counters (BRIDGE_XSTATS_VLAN, repeated; this kernel has no VLAN filtering to send them)", () => {
  const vlan = (vid: number, n: bigint) => ({ rxBytes: n * 100n, rxPackets: n, txBytes: n * 50n, txPackets: n, vid, flags: 0, pad2: 0 });
  const m: StatsMessage = { family: 0, ifindex: 4, filterMask: 2, attrs: { linkXstats: { bridge: { vlan: [vlan(1, 3n), vlan(10, 5n)] } } } };

  it("each entry is a 40-byte struct bridge_vlan_xstats in its own attribute, kept in order", () => {
    const hex = ans.encode(m);
    // header 12, LINK_XSTATS 4, TYPE_BRIDGE 4, then two 4 + 40 byte VLAN attributes
    expect(hex.length / 2).toBe(12 + 4 + 4 + 2 * 44);
    expect(hex.slice(40, 48)).toBe("2c000100");
    expect(ans.decode(hex)).toEqual(m);
    expect(ans.encode(ans.decode(hex))).toBe(hex);
  });
});

describe("stats rendering of what this kernel cannot produce (expected text from ip 6.1's format strings)", () => {
  const row = (m: StatsMessage, group: string, json: boolean): string => {
    const p = new Printer({ json, pretty: false, oneline: false });
    for (const leaf of selectLeaves({ group })) {
      p.obj();
      printStatsLeaf(p, toLinkStats(m), leaf, { ifname: "bond0", level: 1 });
      p.endObj();
      p.nl();
    }
    return p.take();
  };

  it("xstats bond 802.3ad: the counters sent, in ip's order, 20 blanks in", () => {
    const m = ans.decode(BOND);
    expect(row(m, "xstats", false)).toBe(
      "5: bond0: group xstats subgroup bond suite 802.3ad\n                    LACPDU Rx 7\n                    Marker Tx 2\n\n" +
      "5: bond0: group xstats subgroup bridge suite mcast\n5: bond0: group xstats subgroup bridge suite stp\n",
    );
  });

  it("afstats mpls: the RX/TX table at four blanks, and its JSON", () => {
    const m: StatsMessage = {
      family: 0, ifindex: 2, filterMask: 16,
      attrs: { afSpec: { mpls: { link: { rxPackets: 12n, txPackets: 1n, rxBytes: 1234n, txBytes: 99n, rxErrors: 0n, txErrors: 0n, rxDropped: 0n, txDropped: 0n, rxNoroute: 3n } } } },
    };
    const back = ans.decode(ans.encode(m));
    expect(back).toEqual(m);
    expect(row(back, "afstats", false)).toBe(
      "2: bond0: group afstats subgroup mpls\n" +
      "    RX: bytes packets errors dropped noroute\n" +
      "         1234      12      0       0       3 \n" +
      "    TX: bytes packets errors dropped\n" +
      "           99       1      0       0 \n",
    );
    expect(JSON.parse(`[${row(back, "afstats", true)}]`)).toEqual([{
      ifindex: 2, ifname: "bond0", group: "afstats", subgroup: "mpls",
      mpls_stats: { rx: { bytes: 1234, packets: 12, errors: 0, dropped: 0, noroute: 3 }, tx: { bytes: 99, packets: 1, errors: 0, dropped: 0 } },
    }]);
  });
});

describe("stats codec: strictness", () => {
  it("a header shorter than if_stats_msg is a DecodeError", () => {
    expect(() => ans.decode("0000000001000000")).toThrow(DecodeError);
  });
  it("a truncated attribute is a DecodeError", () => {
    expect(() => ans.decode("00000000010000000100000008000100")).toThrow(DecodeError);
  });
  it("an unknown top-level attribute, unknown nested ones and non-zero pad bytes survive a round trip", () => {
    const hex = "00070100" + "01000000" + "00000000" + "08000900" + "2a000000" + "0c000400" + "08000700" + "01000000";
    const d = ans.decode(hex);
    expect(d).toMatchObject({ pad1: 7, pad2: 1, attrs: { unknown: [{ type: 9, flags: 0, data: "2a000000" }], linkOffloadXstats: { unknown: [{ type: 7 }] } } });
    expect(ans.encode(d)).toBe(hex);
  });
  it("encode names the bad member", () => {
    expect(() => req.encode({ family: 0, ifindex: -1, filterMask: 0, attrs: {} })).toThrow(/stats-request\.ifindex: -1 is out of range/);
    expect(() => req.encode({ family: 0, ifindex: 1, filterMask: 0, attrs: { setOffloadXstatsL3Stats: 2 ** 8 } })).toThrow(RangeError);
  });
});
