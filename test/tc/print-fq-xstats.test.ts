/**
 * `tc -s [-d] [-j] qdisc show` of fq_codel and fq, and `tc -s class show`
 * of fq_codel's flows, equal tc 6.1's own printer on the same bytes
 * (test/tc/fake-dump.ts): tc's captured request made a dump entry, with
 * counters and the kind's xstats (struct tc_fq_codel_xstats, qdisc and
 * class forms; struct tc_fq_qd_stats) in TCA_STATS2/TCA_STATS_APP and in
 * TCA_XSTATS, full and short, zero and non-zero members (the optional
 * words), negative drop_next. Skipped only when no C compiler can build
 * the dump shim.
 */
import { describe, expect, it } from "vitest";
import { fromHex } from "../../codecs/core/hex.ts";
import { qdiscMessage, type TcMessage } from "../../codecs/tc/message.ts";
import { RTM_TC } from "../../codecs/tc/tables.ts";
import { readTcCapture } from "../../fixtures/tc/iproute2-captures.ts";
import { Printer } from "../../lib/format/printer.ts";
import { toClass, toQdisc } from "../../lib/rtnl/tc/model.ts";
import { printClass, printQdisc } from "../../cli/tc/print-qdisc.ts";
import type { TcShowCtx } from "../../cli/tc/print-common.ts";
import { messagesOf } from "../helpers/iproute2-bytes.ts";
import { encodeTc, fakeDumpShim, tcShowOnDump } from "./fake-dump.ts";

/** tc's request as a decoded dump entry: lo, handle 1:, refcnt 1. */
function entryOf(name: string): TcMessage {
  const [m] = messagesOf(readTcCapture(name).requests.map((h) => fromHex(h)), [RTM_TC.NEWQDISC]);
  if (m === undefined) throw new Error(`${name}: no RTM_NEWQDISC`);
  const msg = qdiscMessage.decode(m, new DataView(m.buffer, m.byteOffset, m.byteLength), 16, m.length);
  return { ...msg, ifindex: 1, parent: 0xffffffff, handle: 0x10000, info: 1 };
}

const STATS = { basic: { bytes: 123456n, packets: 789 }, queue: { qlen: 3, backlog: 4500, drops: 7, requeues: 1, overlimits: 9 } };

const FQ_CODEL: unknown[] = [
  { type: 0, qdisc: { maxpacket: 1514, dropOverlimit: 2, ecnMark: 3, newFlowCount: 4, newFlowsLen: 5, oldFlowsLen: 6, ceMark: 7, memoryUsage: 8192, dropOvermemory: 9 } },
  { type: 0, qdisc: { maxpacket: 0, dropOverlimit: 0, ecnMark: 0, newFlowCount: 0, newFlowsLen: 0, oldFlowsLen: 0, ceMark: 0, memoryUsage: 0, dropOvermemory: 0 } },
  { type: 0, qdisc: { maxpacket: 256, dropOverlimit: 1, ecnMark: 0, newFlowCount: 2, newFlowsLen: 1, oldFlowsLen: 0 } }, // an older kernel's shorter struct
  { type: 7 },
];
const FQ: unknown[] = [
  {
    gcFlows: 1n, highprioPackets: 2n, tcpRetrans: 3n, throttled: 4n, flowsPlimit: 5n, pktsTooLong: 6n, allocationErrors: 7n,
    timeNextDelayedFlow: 1500000n, flows: 8, inactiveFlows: 9, throttledFlows: 10, unthrottleLatencyNs: 25000, ceMark: 11n, horizonDrops: 12n, horizonCaps: 13n,
  },
  {
    gcFlows: 0n, highprioPackets: 0n, tcpRetrans: 0n, throttled: 0n, flowsPlimit: 0n, pktsTooLong: 0n, allocationErrors: 0n,
    timeNextDelayedFlow: -5n, flows: 0, inactiveFlows: 0, throttledFlows: 0, unthrottleLatencyNs: 0, ceMark: 0n, horizonDrops: 0n, horizonCaps: 0n,
  },
  { gcFlows: 4n, highprioPackets: 0n, tcpRetrans: 0n, throttled: 2n, flowsPlimit: 0n, pktsTooLong: 0n, allocationErrors: 1n, timeNextDelayedFlow: 3000000000n, flows: 3, inactiveFlows: 1, throttledFlows: 0, unthrottleLatencyNs: 0 },
];
const CLASS: unknown[] = [
  { type: 1, class: { deficit: -300, ldelay: 1500, count: 3, lastcount: 2, dropping: 1, dropNext: -2000 } },
  { type: 1, class: { deficit: 1514, ldelay: 0, count: 0, lastcount: 0, dropping: 0, dropNext: 7000 } },
  { type: 1, class: { deficit: 20, ldelay: 2500000, count: 1, lastcount: 0, dropping: 1, dropNext: 70000 } },
];

const ctxOf = (stats: number, details: number): TcShowCtx => ({ stats, details, raw: 0, iec: false, pretty: false, name: (i) => (i === 1 ? "lo" : `if${i}`) });
const decode = (m: Uint8Array) => qdiscMessage.decode(m, new DataView(m.buffer, m.byteOffset, m.byteLength), 16, m.length);

function ours(m: Uint8Array, json: boolean, details: number): string {
  const p = new Printer({ json, pretty: false, oneline: false });
  p.arr(null);
  printQdisc(p, toQdisc(decode(m)), ctxOf(1, details), false);
  const text = json ? "" : p.take();
  p.endArr();
  return json ? p.take() + "\n" : text;
}

function compare(m: Uint8Array): void {
  const runs: Array<[string[], boolean, number]> = [[["-s"], false, 0], [["-s", "-d"], false, 1], [["-s", "-j"], true, 0], [["-s", "-d", "-j"], true, 1]];
  for (const [opts, json, d] of runs) expect(ours(m, json, d), `tc ${opts.join(" ")}`).toBe(tcShowOnDump([m], [...opts, "qdisc", "show", "dev", "lo"]));
}

const withStats = (e: TcMessage, x: unknown, where: "app" | "xstats"): Uint8Array =>
  encodeTc(qdiscMessage, RTM_TC.NEWQDISC, { ...e, attrs: { ...e.attrs, stats2: (where === "app" ? { ...STATS, app: x } : STATS) as never, ...(where === "xstats" ? { xstats: x as never } : {}) } });

describe.skipIf(fakeDumpShim() === null)("fq_codel and fq xstats: tc -s qdisc/class show equals tc 6.1's printer on the same bytes", () => {
  for (const [name, list] of [["tc-qdisc-add-fq-codel", FQ_CODEL], ["tc-qdisc-add-fq", FQ]] as const) {
    list.forEach((x, i) => {
      it(`${name}: -s with xstats #${i + 1} in TCA_STATS_APP and in TCA_XSTATS`, () => {
        const e = entryOf(name);
        compare(withStats(e, x, "app"));
        compare(withStats(e, x, "xstats"));
      });
    });
  }

  it("short structs read as zeros (tc's memcpy into a zeroed struct)", () => {
    // TCA_STATS2 holding only a TCA_STATS_APP of 8 bytes (len 12, type 4): fq_codel's type 0 and 2 members; fq's gc_flows
    for (const name of ["tc-qdisc-add-fq-codel", "tc-qdisc-add-fq"]) {
      const e = entryOf(name);
      compare(encodeTc(qdiscMessage, RTM_TC.NEWQDISC, { ...e, attrs: { ...e.attrs, stats2: "0c0004000000000002000000" as never } }));
    }
  });

  it("fq_codel class (flow) xstats: tc -s [-d] class show", () => {
    CLASS.forEach((x) => {
      const msg: TcMessage = { family: 0, ifindex: 1, handle: 0x10005, parent: 0x10000, info: 0, attrs: { kind: "fq_codel", stats2: { ...STATS, app: x } as never } };
      const m = encodeTc(qdiscMessage, RTM_TC.NEWTCLASS, msg);
      for (const opts of [["-s"], ["-s", "-d"]]) {
        const mine = printClass(toClass(decode(m)), ctxOf(1, opts.length - 1), false, new Printer({ json: false, pretty: false, oneline: false }));
        expect(mine, `tc ${opts.join(" ")} class show ${JSON.stringify(x)}`).toBe(tcShowOnDump([m], [...opts, "class", "show", "dev", "lo"]));
      }
    });
  });
});
