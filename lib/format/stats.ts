/**
 * `ip stats show` rows (ip/ipstats.c of iproute2 6.1): for one device and
 * one selected leaf (lib/rtnl/stats/select.ts), "IFINDEX: IFNAME: group G
 * [subgroup S [suite T]]" and the leaf's counters, with ip's JSON keys
 * ("ifindex", "ifname", "group", ..., "stats64", "info", "multicast", ...).
 * A leaf whose attribute the kernel did not send prints its heading only,
 * as ip does. Also the `ip link afstats` block (print_af_stats).
 */
import type { LinkStats, StatsLeaf } from "../rtnl/stats/api.ts";
import { STATS_LEVELS } from "../rtnl/stats/select.ts";
import { printNum, printStats64 } from "./link-stats.ts";
import type { Printer } from "./printer.ts";
import { printBond3ad, printBridgeMcast, printBridgeStp } from "./stats-xstats.ts";

/** How rows are printed: the device name and ip's statistics level (-s count; `show` adds one, -d one more). */
export interface StatsRowOptions {
  ifname: string;
  level: number;
  /** -human (with -iec or not): counters scaled as ip's print_num does, columns not widened to fit. */
  human?: { iec: boolean } | undefined;
}

type Counters = Record<string, bigint | string | undefined>;
const c = (s: Counters, k: string): bigint => (typeof s[k] === "bigint" ? s[k] : 0n);
const digits = (x: bigint): number => String(x).length;

/** Two-row RX/TX counter table (print_hw_stats64, print_mpls_link_stats): headers, widths grown to fit. */
function table(p: Printer, indent: string, rx: bigint[], tx: bigint[], rxLast: string, human: { iec: boolean } | undefined): void {
  const cols = [9, 7, 6, 7, 7];
  // size_columns: not with -human
  if (!human) for (const row of [rx, [...tx, 0n]]) row.forEach((x, i) => (cols[i] = Math.max(cols[i]!, digits(x))));
  const num = (w: number, x: bigint): string => printNum(w, x, human);
  const h = (w: number, s: string) => s.padStart(w);
  const sl = p.sl;
  let out = `${indent}RX: ${h(cols[0]! - 4, "bytes")} ${h(cols[1]!, "packets")} ${h(cols[2]!, "errors")} ${h(cols[3]!, "dropped")} ${h(cols[4]!, rxLast)}${sl}`;
  out += indent + rx.map((x, i) => num(cols[i]!, x)).join("") + sl;
  out += `${indent}TX: ${h(cols[0]! - 4, "bytes")} ${h(cols[1]!, "packets")} ${h(cols[2]!, "errors")} ${h(cols[3]!, "dropped")}${sl}`;
  out += indent + tx.map((x, i) => num(cols[i]!, x)).join("");
  p.text(out);
}

/** print_hw_stats64: struct rtnl_hw_stats64 (offload l3_stats) as rx/tx objects or ip's table. */
export function printHwStats64(p: Printer, s: Counters, human?: { iec: boolean }): void {
  if (p.json) {
    p.obj("rx");
    for (const [k, f] of [["bytes", "rxBytes"], ["packets", "rxPackets"], ["errors", "rxErrors"], ["dropped", "rxDropped"], ["multicast", "multicast"]]) p.num(k!, null, c(s, f!));
    p.endObj();
    p.obj("tx");
    for (const [k, f] of [["bytes", "txBytes"], ["packets", "txPackets"], ["errors", "txErrors"], ["dropped", "txDropped"]]) p.num(k!, null, c(s, f!));
    p.endObj();
    return;
  }
  table(p, "    ", [c(s, "rxBytes"), c(s, "rxPackets"), c(s, "rxErrors"), c(s, "rxDropped"), c(s, "multicast")],
    [c(s, "txBytes"), c(s, "txPackets"), c(s, "txErrors"), c(s, "txDropped")], "mcast", human);
}

/** print_mpls_link_stats: struct mpls_link_stats as rx/tx objects or ip's table at `indent`. */
export function printMplsLinkStats(p: Printer, s: Counters, indent: string, human?: { iec: boolean }): void {
  if (p.json) {
    p.obj("rx");
    for (const [k, f] of [["bytes", "rxBytes"], ["packets", "rxPackets"], ["errors", "rxErrors"], ["dropped", "rxDropped"], ["noroute", "rxNoroute"]]) p.num(k!, null, c(s, f!));
    p.endObj();
    p.obj("tx");
    for (const [k, f] of [["bytes", "txBytes"], ["packets", "txPackets"], ["errors", "txErrors"], ["dropped", "txDropped"]]) p.num(k!, null, c(s, f!));
    p.endObj();
    return;
  }
  table(p, indent, [c(s, "rxBytes"), c(s, "rxPackets"), c(s, "rxErrors"), c(s, "rxDropped"), c(s, "rxNoroute")],
    [c(s, "txBytes"), c(s, "txPackets"), c(s, "txErrors"), c(s, "txDropped")], "noroute", human);
}

/** " request on|off used on|off" of one hardware-statistics suite (values other than 0/1 are left out). */
function onOff(p: Printer, i: { request?: number; used?: number } | undefined): void {
  if (i === undefined) return;
  if (i.request === 0 || i.request === 1) onOffOne(p, "request", " %s", i.request === 1);
  if (i.used === 0 || i.used === 1) onOffOne(p, "used", " used %s", i.used === 1);
}

/** ip's print_on_off: a JSON boolean, "on"/"off" in text. */
function onOffOne(p: Printer, key: string, text: string, v: boolean): void {
  if (p.json) p.bool(key, null, v);
  else p.text(text.replace("%s", v ? "on" : "off"));
}

/** The heading of a row: "IFINDEX: IFNAME:" and " group G subgroup S suite T" (JSON members). */
function heading(p: Printer, s: LinkStats, leaf: StatsLeaf, o: StatsRowOptions): void {
  p.num("ifindex", "%s:", s.ifindex);
  p.str("ifname", " %s:", o.ifname);
  leaf.path.forEach((name, i) => {
    p.str(STATS_LEVELS[i]!, null, name);
    p.text(` ${STATS_LEVELS[i]} ${name}`);
  });
}

function stats64(p: Printer, s: Counters | undefined, o: StatsRowOptions): void {
  if (s === undefined) return;
  printStats64(p, s as Record<string, bigint>, undefined, o.level, o.human); // opens "stats64" in JSON itself
}

/** One row of `ip stats show`: the heading and the leaf's counters (between the caller's JSON object braces). */
export function printStatsLeaf(p: Printer, s: LinkStats, leaf: StatsLeaf, o: StatsRowOptions): void {
  heading(p, s, leaf, o);
  const [group, sub, suite] = leaf.path;
  const off = s.linkOffloadXstats;
  if (group === "link") {
    p.nl();
    stats64(p, s.link64 as Counters | undefined, o);
  } else if (group === "offload" && sub === "cpu_hit") {
    p.nl();
    stats64(p, off?.cpuHit as Counters | undefined, o);
  } else if (group === "offload" && sub === "hw_stats_info") {
    if (off?.hwSInfo === undefined) return;
    p.nl();
    p.obj("info");
    const l3 = off.hwSInfo.l3Stats;
    if (l3 !== undefined) {
      p.text("    l3_stats");
      p.obj("l3_stats");
      onOff(p, l3);
      p.endObj();
    }
    p.endObj();
  } else if (group === "offload" && sub === "l3_stats") {
    if (off?.hwSInfo === undefined) return;
    p.obj("info");
    onOff(p, off.hwSInfo.l3Stats);
    p.endObj();
    if (off.l3Stats !== undefined) {
      p.nl();
      p.obj("stats64");
      printHwStats64(p, off.l3Stats as Counters, o.human);
      p.endObj();
    }
  } else if (group === "xstats" || group === "xstats_slave") {
    const x = group === "xstats" ? s.linkXstats : s.linkXstatsSlave;
    if (sub === "bridge") {
      const inner = x?.bridge?.[suite === "mcast" ? "mcast" : "stp"];
      if (inner === undefined) return;
      p.nl();
      if (suite === "mcast") printBridgeMcast(p, x!.bridge!.mcast!);
      else printBridgeStp(p, x!.bridge!.stp!);
    } else if (x?.bond?.ad !== undefined) {
      p.nl();
      printBond3ad(p, x.bond.ad);
    }
  } else if (group === "afstats") {
    const m = s.afSpec?.mpls;
    if (m === undefined) return;
    if (m.link === undefined) throw new RangeError("afstats mpls: the kernel sent no MPLS_STATS_LINK"); // ip: -ENOENT, output ends here
    p.nl();
    p.obj("mpls_stats");
    printMplsLinkStats(p, m.link as Counters, "    ", o.human);
    p.endObj();
  }
}
