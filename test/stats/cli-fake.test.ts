/**
 * The `ip stats` / `ip link xstats|afstats` output this kernel cannot be
 * asked for (no bonding, no MPLS), over a fake kernel whose RTM_GETSTATS
 * dump answers hand-built RTM_NEWSTATS messages: bond0 (ifindex 2) with
 * 802.3ad counters (LACPDU_RX, attribute type 0, = 7 and MARKER_TX = 2) as
 * a master, and MPLS per-family counters. The expected text is derived
 * from ip 6.1's format strings (iplink_bond.c bond_print_3ad_stats,
 * iplink.c print_af_stats_attr / print_mpls_stats / print_mpls_link_stats);
 * its -json is what ip's JSON writer makes of the same calls (afstats
 * writes its members straight into the top-level array, as ip does).
 */
import { describe, expect, it } from "vitest";
import { memoryIo } from "../../cli/io.ts";
import { main } from "../../cli/main.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import { statsMessage, type StatsMessage } from "../../codecs/stats/index.ts";
import { encodePayload, fakeConn } from "../helpers/fake-kernel.ts";

const BOND: StatsMessage = {
  family: 0, ifindex: 2, filterMask: 2,
  attrs: { linkXstats: { bond: { ad: { lacpduRx: 7n, markerTx: 2n } } } },
};
const MPLS: StatsMessage = {
  family: 0, ifindex: 2, filterMask: 16,
  attrs: { afSpec: { mpls: { link: { rxPackets: 12n, txPackets: 1n, rxBytes: 1234n, txBytes: 99n, rxErrors: 0n, txErrors: 0n, rxDropped: 0n, txDropped: 0n, rxNoroute: 3n } } } },
};

async function run(argv: string[], answer: StatsMessage): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo("");
  const connect = () => fakeConn({ links: { lo: 1, bond0: 2 }, dumps: { [RTM.GETSTATS]: [[RTM.NEWSTATS, encodePayload(statsMessage, answer)]] } }).conn;
  const code = await main(argv, io, { connect });
  return { code, out: io.stdout, err: io.stderr };
}

const AD = "bond0           \n                    LACPDU Rx 7\n                    Marker Tx 2\n";

describe("bond and MPLS statistics as ip 6.1 prints them (fake kernel)", () => {
  it("link xstats type bond: the name padded to 16, then the counters sent, 20 blanks in", async () => {
    expect(await run(["link", "xstats", "type", "bond"], BOND)).toEqual({ code: 0, out: AD, err: "" });
    expect(await run(["link", "xstats", "type", "bond", "802.3ad", "dev", "bond0"], BOND)).toEqual({ code: 0, out: AD, err: "" });
    expect(await run(["link", "xstats", "type", "bond", "dev", "lo"], BOND)).toEqual({ code: 0, out: "", err: "" });
    expect(await run(["link", "xstats", "type", "bridge"], BOND)).toEqual({ code: 0, out: "", err: "" });
  });

  it("link xstats type bond -j", async () => {
    const r = await run(["-j", "link", "xstats", "type", "bond"], BOND);
    expect(r.out).toBe('[{"ifname":"bond0","802.3ad":{"lacpdu_rx":7,"marker_tx":2}}]\n');
  });

  it("stats show group xstats subgroup bond", async () => {
    const r = await run(["stats", "show", "group", "xstats", "subgroup", "bond"], BOND);
    expect(r.out).toBe("2: bond0: group xstats subgroup bond suite 802.3ad\n                    LACPDU Rx 7\n                    Marker Tx 2\n\n\n");
  });

  it("link afstats: index:name, the mpls table at 8 blanks, a blank line", async () => {
    const r = await run(["link", "afstats"], MPLS);
    expect(r).toEqual({
      code: 0, err: "",
      out: "2:bond0\n    mpls:\n" +
        "        RX: bytes packets errors dropped noroute\n" +
        "             1234      12      0       0       3 \n" +
        "        TX: bytes packets errors dropped\n" +
        "               99       1      0       0 \n",
    });
    expect((await run(["-f", "inet", "link", "afstats"], MPLS)).out).toBe("");
  });

  it("link afstats -j: ip's members straight in the array", async () => {
    const r = await run(["-j", "link", "afstats"], MPLS);
    expect(r.out).toBe('["ifindex":2,"ifname":"bond0","rx":{"bytes":1234,"packets":12,"errors":0,"dropped":0,"noroute":3},"tx":{"bytes":99,"packets":1,"errors":0,"dropped":0}]\n');
  });

  it("stats show group afstats -j", async () => {
    const r = await run(["-j", "stats", "show", "group", "afstats"], MPLS);
    expect(JSON.parse(r.out)).toEqual([{
      ifindex: 2, ifname: "bond0", group: "afstats", subgroup: "mpls",
      mpls_stats: { rx: { bytes: 1234, packets: 12, errors: 0, dropped: 0, noroute: 3 }, tx: { bytes: 99, packets: 1, errors: 0, dropped: 0 } },
    }]);
  });
});
