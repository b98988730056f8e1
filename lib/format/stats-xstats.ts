/**
 * The extended statistics blocks of ip 6.1 (the bridge's multicast and STP
 * counters of ip/iplink_bridge.c, the bond's 802.3ad counters of
 * ip/iplink_bond.c) with ip's JSON keys and text, used by `ip stats show
 * group xstats|xstats_slave` and `ip link xstats`. Each line starts with
 * ip's 16 blanks ("%-16s" of "").
 */
import type { StatsAttrs } from "../../codecs/stats/index.ts";
import type { Printer } from "./printer.ts";

type BridgeXstats = NonNullable<NonNullable<StatsAttrs["linkXstats"]>["bridge"]>;
/** Decoded struct br_mcast_stats (codecs/stats). */
export type BrMcastStats = NonNullable<BridgeXstats["mcast"]>;
/** Decoded struct bridge_stp_xstats (codecs/stats). */
export type BridgeStpXstats = NonNullable<BridgeXstats["stp"]>;
/** Decoded BOND_3AD_STAT_* attributes (codecs/stats). */
export type Bond3adStats = NonNullable<NonNullable<NonNullable<StatsAttrs["linkXstats"]>["bond"]>["ad"]>;

const PAD = " ".repeat(16);
const v = (x: bigint | undefined): bigint => x ?? 0n;

/** A "RX: v1 N v2 N [v3 N]" / "TX: ..." pair of lines and its JSON object. */
function versions(p: Printer, key: string, title: string, rx: bigint[], tx: bigint[]): void {
  p.obj(key);
  p.text(`${PAD}    ${title}:\n`);
  for (const [dir, vals] of [["rx", rx], ["tx", tx]] as const) {
    p.text(`${PAD}      `);
    vals.forEach((x, i) => {
      const last = i === vals.length - 1;
      p.num(`${dir}_v${i + 1}`, `${i === 0 ? `${dir.toUpperCase()}: ` : ""}v${i + 1} %s${last ? "\n" : " "}`, x);
    });
  }
  p.endObj();
}

/** bridge_print_stats_mcast: IGMP and MLD queries, reports, leaves and parse errors (JSON "multicast"). */
export function printBridgeMcast(p: Printer, m: BrMcastStats): void {
  p.obj("multicast");
  versions(p, "igmp_queries", "IGMP queries", [v(m.igmpV1queriesRx), v(m.igmpV2queriesRx), v(m.igmpV3queriesRx)], [v(m.igmpV1queriesTx), v(m.igmpV2queriesTx), v(m.igmpV3queriesTx)]);
  versions(p, "igmp_reports", "IGMP reports", [v(m.igmpV1reportsRx), v(m.igmpV2reportsRx), v(m.igmpV3reportsRx)], [v(m.igmpV1reportsTx), v(m.igmpV2reportsTx), v(m.igmpV3reportsTx)]);
  p.obj("igmp_leaves");
  p.text(`${PAD}    IGMP leaves: `);
  p.num("rx", "RX: %s ", v(m.igmpLeavesRx));
  p.num("tx", "TX: %s\n", v(m.igmpLeavesTx));
  p.endObj();
  p.text(`${PAD}    IGMP parse errors: `);
  p.num("igmp_parse_errors", "%s\n", v(m.igmpParseErrors));
  versions(p, "mld_queries", "MLD queries", [v(m.mldV1queriesRx), v(m.mldV2queriesRx)], [v(m.mldV1queriesTx), v(m.mldV2queriesTx)]);
  versions(p, "mld_reports", "MLD reports", [v(m.mldV1reportsRx), v(m.mldV2reportsRx)], [v(m.mldV1reportsTx), v(m.mldV2reportsTx)]);
  p.obj("mld_leaves");
  p.text(`${PAD}    MLD leaves: `);
  p.num("rx", "RX: %s ", v(m.mldLeavesRx));
  p.num("tx", "TX: %s\n", v(m.mldLeavesTx));
  p.endObj();
  p.text(`${PAD}    MLD parse errors: `);
  p.num("mld_parse_errors", "%s\n", v(m.mldParseErrors));
  p.endObj();
}

/** bridge_print_stats_stp: BPDU, TCN and state transition counters (JSON "stp"). */
export function printBridgeStp(p: Printer, s: BridgeStpXstats): void {
  p.obj("stp");
  p.text(`${PAD}    STP BPDU:  `);
  p.num("rx_bpdu", "RX: %s ", v(s.rxBpdu));
  p.num("tx_bpdu", "TX: %s\n", v(s.txBpdu));
  p.text(`${PAD}    STP TCN:   `);
  p.num("rx_tcn", "RX: %s ", v(s.rxTcn));
  p.num("tx_tcn", "TX: %s\n", v(s.txTcn));
  p.text(`${PAD}    STP Transitions: `);
  p.num("transition_blk", "Blocked: %s ", v(s.transitionBlk));
  p.num("transition_fwd", "Forwarding: %s\n", v(s.transitionFwd));
  p.endObj();
}

const AD: ReadonlyArray<readonly [keyof Bond3adStats, string, string]> = [
  ["lacpduRx", "lacpdu_rx", "LACPDU Rx"], ["lacpduTx", "lacpdu_tx", "LACPDU Tx"],
  ["lacpduUnknownRx", "lacpdu_unknown_rx", "LACPDU Unknown type Rx"], ["lacpduIllegalRx", "lacpdu_illegal_rx", "LACPDU Illegal Rx"],
  ["markerRx", "marker_rx", "Marker Rx"], ["markerTx", "marker_tx", "Marker Tx"],
  ["markerRespRx", "marker_response_rx", "Marker response Rx"], ["markerRespTx", "marker_response_tx", "Marker response Tx"],
  ["markerUnknownRx", "marker_unknown_rx", "Marker unknown type Rx"],
];

/** bond_print_3ad_stats: the 802.3ad counters the kernel sent (JSON "802.3ad"). */
export function printBond3ad(p: Printer, ad: Bond3adStats): void {
  p.obj("802.3ad");
  for (const [k, key, label] of AD) {
    const x = ad[k];
    if (typeof x !== "bigint") continue;
    p.text(`${PAD}    `);
    p.num(key, `${label} %s\n`, x);
  }
  p.endObj();
}
