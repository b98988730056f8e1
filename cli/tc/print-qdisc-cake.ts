/**
 * cake as tc 6.1 prints it (q_cake.c cake_print_opt, cake_print_xstats and
 * cake_print_json_tin): the options from the nl.tc model, the statistics
 * from the decoded TCA_CAKE_STATS_* nest, the per-tin table in text (tc
 * writes it with fprintf, "%12" columns) and a "tins" array in JSON.
 */
import type { Printer } from "../../lib/format/printer.ts";
import type { CakeStatsWire, CakeTinWire } from "../../codecs/tc/qdisc-cake.ts";
import type { CakeOptions } from "../../lib/rtnl/tc/qdisc-cake.ts";
import { formatRate, formatSize, formatTime } from "../../lib/rtnl/tc/units.ts";
import type { TcShowCtx } from "./print-common.ts";

/** cake_print_mode: a known name, else "unknown" in JSON and (?KEY?) in text. */
function mode(p: Printer, key: string, v: unknown): void {
  if (typeof v === "string") p.str(key, "%s ", v);
  else { p.str(key, null, "unknown"); p.text(`(?${key}?)`); }
}

/** cake_print_opt. */
export function printCake(p: Printer, o: CakeOptions & Record<string, unknown>, c: TcShowCtx): void {
  if (o.bandwidth === "unlimited") p.str("bandwidth", "bandwidth %s ", "unlimited");
  else if (o.bandwidth !== undefined) p.num("bandwidth", "bandwidth %s ", o.bandwidth as number, formatRate(o.bandwidth as number, c.iec));
  if (o.autorateIngress) p.str("autorate", "%s ", "autorate-ingress");
  else if (o.autorate) p.str("autorate", "(?autorate?) ", "unknown");
  if (o.diffserv !== undefined) mode(p, "diffserv", o.diffserv);
  if (o.flowMode !== undefined) mode(p, "flowmode", o.flowMode);
  p.text(o.nat ? "nat " : "nonat ");
  p.bool("nat", null, !!o.nat);
  p.text(o.wash ? "wash " : "nowash ");
  p.bool("wash", null, !!o.wash);
  if (o.ingress) p.text("ingress ");
  p.bool("ingress", null, !!o.ingress);
  if (o.ackFilter === "aggressive") p.str("ack-filter", "ack-filter-%s ", "aggressive");
  else if (o.ackFilter === "filter") p.str("ack-filter", "ack-filter ", "enabled");
  else p.str("ack-filter", "no-ack-filter ", "disabled");
  p.text(o.splitGso ? "split-gso " : "no-split-gso ");
  p.bool("split_gso", null, !!o.splitGso);
  const rtt = (o.rtt as number | undefined) ?? 0;
  if (rtt) p.text(`rtt ${formatTime(rtt)} `);
  p.num("rtt", null, rtt);
  if (o.raw) p.text("raw ");
  p.bool("raw", null, !!o.raw);
  if (o.atm === "atm" || o.atm === "ptm") p.str("atm", "%s ", o.atm);
  else if (!o.raw) p.str("atm", "%s ", "noatm");
  p.num("overhead", "overhead %s ", o.overhead ?? 0);
  if (o.mpu) p.num("mpu", "mpu %s ", o.mpu);
  const mem = (o.memlimit as number | undefined) ?? 0;
  if (mem) p.num("memlimit", "memlimit %s ", mem, formatSize(mem));
  const fw = o.fwmark ?? 0;
  if (fw) p.text(`fwmark 0x${fw.toString(16)} `);
  p.str("fwmark", null, fw ? `0x${fw.toString(16)}` : "0"); // print_0xhex: "%#llx"
}

/** The JSON members of one tin, in cake_print_json_tin's order. */
const TIN_JSON: ReadonlyArray<readonly [string, keyof CakeTinWire]> = [
  ["threshold_rate", "thresholdRate64"], ["sent_bytes", "sentBytes64"], ["backlog_bytes", "backlogBytes"], ["target_us", "targetUs"],
  ["interval_us", "intervalUs"], ["peak_delay_us", "peakDelayUs"], ["avg_delay_us", "avgDelayUs"], ["base_delay_us", "baseDelayUs"],
  ["sent_packets", "sentPackets"], ["way_indirect_hits", "wayIndirectHits"], ["way_misses", "wayMisses"], ["way_collisions", "wayCollisions"],
  ["drops", "droppedPackets"], ["ecn_mark", "ecnMarkedPackets"], ["ack_drops", "acksDroppedPackets"], ["sparse_flows", "sparseFlows"],
  ["bulk_flows", "bulkFlows"], ["unresponsive_flows", "unresponsiveFlows"], ["max_pkt_len", "maxSkblen"], ["flow_quantum", "flowQuantum"],
];

/** The text table's rows after "thresh": label, member, how a value reads. */
const TIN_ROWS: ReadonlyArray<readonly [string, keyof CakeTinWire, (v: number | bigint) => string]> = [
  ["  target  ", "targetUs", (v) => formatTime(Number(v))], ["  interval", "intervalUs", (v) => formatTime(Number(v))],
  ["  pk_delay", "peakDelayUs", (v) => formatTime(Number(v))], ["  av_delay", "avgDelayUs", (v) => formatTime(Number(v))],
  ["  sp_delay", "baseDelayUs", (v) => formatTime(Number(v))], ["  backlog ", "backlogBytes", (v) => formatSize(Number(v))],
  ["  pkts    ", "sentPackets", String], ["  bytes   ", "sentBytes64", String], ["  way_inds", "wayIndirectHits", String],
  ["  way_miss", "wayMisses", String], ["  way_cols", "wayCollisions", String], ["  drops   ", "droppedPackets", String],
  ["  marks   ", "ecnMarkedPackets", String], ["  ack_drop", "acksDroppedPackets", String], ["  sp_flows", "sparseFlows", String],
  ["  bk_flows", "bulkFlows", String], ["  un_flows", "unresponsiveFlows", String], ["  max_len ", "maxSkblen", String],
  ["  quantum ", "flowQuantum", String],
];

function tins(p: Printer, t: NonNullable<CakeStatsWire["tinStats"]>, iec: boolean): void {
  const list: CakeTinWire[] = [];
  for (let i = 1; i <= 8; i++) {
    const x = (t as Record<string, CakeTinWire | undefined>)[`tin${i}`];
    if (x === undefined) break;
    list.push(x);
  }
  if (list.length === 0) return;
  if (p.json) {
    p.arr("tins");
    for (const x of list) {
      p.obj();
      for (const [k, m] of TIN_JSON) if (x[m] !== undefined) p.num(k, null, x[m] as number | bigint);
      p.endObj();
    }
    p.endArr();
    return;
  }
  if (list.length === 3) p.text("                   Bulk  Best Effort        Voice\n");
  else if (list.length === 4) p.text("                   Bulk  Best Effort        Video        Voice\n");
  else { p.text("          " + list.map((_, i) => `        Tin ${i}`).join("")); p.nl(); }
  const first = list[0]!;
  if (first.thresholdRate64 !== undefined) {
    p.text("  thresh  " + list.map((x) => ` ${formatRate(x.thresholdRate64 ?? 0n, iec).padStart(12)}`).join(""));
    p.nl();
  }
  for (const [label, m, f] of TIN_ROWS) {
    if (first[m] === undefined) continue;
    p.text(label + list.map((x) => ` ${f((x[m] as number | bigint | undefined) ?? 0).padStart(12)}`).join(""));
    p.nl();
  }
}

/** cake_print_xstats. */
export function printCakeXstats(p: Printer, x: CakeStatsWire, iec: boolean): void {
  if (x.memoryUsed !== undefined && x.memoryLimit !== undefined) {
    p.text(` memory used: ${formatSize(x.memoryUsed)}`);
    p.text(` of ${formatSize(x.memoryLimit)}\n`);
    p.num("memory_used", null, x.memoryUsed);
    p.num("memory_limit", null, x.memoryLimit);
  }
  if (x.capacityEstimate64 !== undefined) p.num("capacity_estimate", " capacity estimate: %s\n", x.capacityEstimate64, formatRate(x.capacityEstimate64, iec));
  if (x.minNetlen !== undefined && x.maxNetlen !== undefined) {
    p.num("min_network_size", " min/max network layer size: %s", x.minNetlen, String(x.minNetlen).padStart(12));
    p.num("max_network_size", " /%s\n", x.maxNetlen, String(x.maxNetlen).padStart(8));
  }
  if (x.minAdjlen !== undefined && x.maxAdjlen !== undefined) {
    p.num("min_adj_size", " min/max overhead-adjusted size: %s", x.minAdjlen, String(x.minAdjlen).padStart(8));
    p.num("max_adj_size", " /%s\n", x.maxAdjlen, String(x.maxAdjlen).padStart(8));
  }
  if (x.avgNetoff !== undefined) p.num("avg_hdr_offset", " average network hdr offset: %s\n\n", x.avgNetoff, String(x.avgNetoff).padStart(12));
  if (x.deficit !== undefined) p.num("deficit", "  deficit %s", x.deficit);
  if (x.cobaltCount !== undefined) p.num("count", " count %s", x.cobaltCount);
  if (x.dropping) {
    p.bool("dropping", " dropping", true);
    const dn = x.dropNextUs;
    if (dn !== undefined && dn < 0) p.text(` drop_next -${formatTime(-dn)}`);
    else if (dn !== undefined) p.num("drop_next", " drop_next %s", dn, formatTime(dn));
  }
  if (x.pDrop !== undefined) {
    p.num("blue_prob", " blue_prob %s", x.pDrop);
    const bt = x.blueTimerUs;
    // tc prints a negative timer through sprint_time's __u32 (a huge time), after a "-"
    if (bt !== undefined && bt < 0) p.text(` blue_timer -${formatTime(bt)}`);
    else if (bt !== undefined) p.num("blue_timer", " blue_timer %s", bt, formatTime(bt));
  }
  if (x.tinStats !== undefined) tins(p, x.tinStats, iec);
}
