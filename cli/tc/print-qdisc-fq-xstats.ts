/**
 * The extended statistics of fq_codel and fq as tc 6.1 prints them under
 * -s (q_fq_codel.c fq_codel_print_xstats, qdisc and class forms;
 * q_fq.c fq_print_xstats), text and -json, on the structs decoded by
 * codecs/tc/qdisc-fq-xstats.ts (a member a short struct lacks reads as 0).
 */
import type { Printer } from "../../lib/format/printer.ts";
import { formatTime, formatTime64 } from "../../lib/rtnl/tc/units.ts";
import type { FqCodelXstats } from "../../codecs/tc/qdisc-fq-xstats.ts";

type X = Record<string, number | bigint | undefined>;
const n = (v: number | bigint | undefined): number => Number(v ?? 0);
const big = (v: number | bigint | undefined): bigint => BigInt(v ?? 0);

/** fq_codel_print_xstats. */
function fqCodelX(p: Printer, st: FqCodelXstats): void {
  if (st.qdisc !== undefined) {
    const x = st.qdisc as X;
    p.num("maxpacket", "  maxpacket %s", n(x.maxpacket));
    p.num("drop_overlimit", " drop_overlimit %s", n(x.dropOverlimit));
    p.num("new_flow_count", " new_flow_count %s", n(x.newFlowCount));
    p.num("ecn_mark", " ecn_mark %s", n(x.ecnMark));
    if (n(x.ceMark)) p.num("ce_mark", " ce_mark %s", n(x.ceMark));
    if (n(x.memoryUsage)) p.num("memory_used", " memory_used %s", n(x.memoryUsage));
    if (n(x.dropOvermemory)) p.num("drop_overmemory", " drop_overmemory %s", n(x.dropOvermemory));
    p.nl();
    p.num("new_flows_len", "  new_flows_len %s", n(x.newFlowsLen));
    p.num("old_flows_len", " old_flows_len %s", n(x.oldFlowsLen));
  }
  if (st.class !== undefined) {
    const x = st.class as X;
    p.num("deficit", "  deficit %s", n(x.deficit));
    p.num("count", " count %s", n(x.count));
    p.num("lastcount", " lastcount %s", n(x.lastcount));
    p.num("ldelay", null, n(x.ldelay));
    p.text(` ldelay ${formatTime(n(x.ldelay))}`);
    if (n(x.dropping)) {
      p.bool("dropping", " dropping", true);
      const next = n(x.dropNext);
      p.num("drop_next", null, next);
      p.text(next < 0 ? ` drop_next -${formatTime(-next)}` : ` drop_next ${formatTime(next)}`);
    }
  }
}

/** fq_print_xstats. */
function fqX(p: Printer, x: X): void {
  p.num("flows", "  flows %s", n(x.flows));
  p.num("inactive", " (inactive %s", n(x.inactiveFlows));
  p.num("throttled", " throttled %s)", n(x.throttledFlows));
  const next = big(x.timeNextDelayedFlow);
  if (next > 0n) {
    p.num("next_packet_delay", null, next);
    p.text(` next_packet_delay ${formatTime64(Number(next))}`);
  }
  p.nl();
  p.num("gc", "  gc %s", big(x.gcFlows));
  p.num("highprio", " highprio %s", big(x.highprioPackets));
  if (big(x.tcpRetrans)) p.num("retrans", " retrans %s", big(x.tcpRetrans));
  p.num("throttled", " throttled %s", big(x.throttled));
  if (n(x.unthrottleLatencyNs)) {
    p.num("latency", null, n(x.unthrottleLatencyNs));
    p.text(` latency ${formatTime64(n(x.unthrottleLatencyNs))}`);
  }
  if (big(x.ceMark)) p.num("ce_mark", " ce_mark %s", big(x.ceMark));
  if (big(x.flowsPlimit)) p.num("flows_plimit", " flows_plimit %s", big(x.flowsPlimit));
  if (big(x.pktsTooLong) || big(x.allocationErrors) || big(x.horizonDrops) || big(x.horizonCaps)) {
    p.nl();
    if (big(x.pktsTooLong)) p.num("pkts_too_long", " pkts_too_long %s", big(x.pktsTooLong));
    if (big(x.allocationErrors)) p.num("alloc_errors", " alloc_errors %s", big(x.allocationErrors));
    if (big(x.horizonDrops)) p.num("horizon_drops", " horizon_drops %s", big(x.horizonDrops));
    if (big(x.horizonCaps)) p.num("horizon_caps", "  horizon_caps %s", big(x.horizonCaps));
  }
}

/** fq_codel's or fq's print_xstats on decoded xstats; false for other kinds (or undecoded xstats). */
export function printFqXstats(p: Printer, kind: string, x: unknown): boolean {
  if ((kind !== "fq_codel" && kind !== "fq") || x === null || typeof x !== "object") return false;
  if (kind === "fq_codel") fqCodelX(p, x as FqCodelXstats);
  else fqX(p, x as X);
  return true;
}
