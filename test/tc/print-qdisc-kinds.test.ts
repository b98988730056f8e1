/**
 * `tc [-s] [-d] [-j] qdisc show` of codel, pie, fq_pie, red and cake equals tc
 * 6.1's own printer on the same bytes (test/tc/fake-dump.ts: tc's dump
 * answer replaced by the message). Each message is tc's own request
 * (QDISC_AQM_CAPTURES, strace) made a dump entry (lo, handle 1:, refcnt
 * 1); with -s, counters (TCA_STATS2 basic + queue) and the kind's xstats
 * struct (TCA_STATS2/TCA_STATS_APP, as the kernel's dump_stats puts them)
 * are added, so tc's print_xstats is compared too. Skipped only when no C
 * compiler can build the dump shim.
 */
import { describe, expect, it } from "vitest";
import { fromHex } from "../../codecs/core/hex.ts";
import { qdiscMessage, type TcMessage } from "../../codecs/tc/message.ts";
import { RTM_TC } from "../../codecs/tc/tables.ts";
import { QDISC_AQM_CAPTURES, readTcCapture } from "../../fixtures/tc/iproute2-captures.ts";
import { Printer } from "../../lib/format/printer.ts";
import { toClass, toQdisc } from "../../lib/rtnl/tc/model.ts";
import { printClass, printQdisc } from "../../cli/tc/print-qdisc.ts";
import type { TcShowCtx } from "../../cli/tc/print-common.ts";
import { messagesOf } from "../helpers/iproute2-bytes.ts";
import { encodeTc, fakeDumpShim, tcShowOnDump } from "./fake-dump.ts";

/** tc's request as a decoded dump entry: lo, handle 1:, refcnt 1. */
function entryOf(name: string, type: number = RTM_TC.NEWQDISC): TcMessage {
  const [m] = messagesOf(readTcCapture(name).requests.map((h) => fromHex(h)), [type]);
  if (m === undefined) throw new Error(`${name}: no RTM_NEWQDISC`);
  const msg = qdiscMessage.decode(m, new DataView(m.buffer, m.byteOffset, m.byteLength), 16, m.length);
  if (type === RTM_TC.NEWTCLASS) return { ...msg, ifindex: 1, parent: msg.parent || 0x10000, info: 0 };
  return { ...msg, ifindex: 1, parent: 0xffffffff, handle: 0x10000, info: 1 };
}

const STATS = { basic: { bytes: 123456n, packets: 789 }, queue: { qlen: 3, backlog: 4500, drops: 7, requeues: 1, overlimits: 9 } };

/** Per kind: xstats structs to add (the kernel's counters; some zero, some not, negative drop_next). */
const XSTATS: Record<string, Array<Record<string, unknown>>> = {
  codel: [
    { maxpacket: 1514, count: 3, lastcount: 2, ldelay: 1500, dropNext: -2000, dropOverlimit: 4, ecnMark: 5, dropping: 1, ceMark: 6 },
    { maxpacket: 0, count: 0, lastcount: 0, ldelay: 2500000, dropNext: 70000, dropOverlimit: 0, ecnMark: 0, dropping: 0, ceMark: 0 },
  ],
  pie: [
    { prob: 0x1000000000000000n, delay: 12000, avgDqRate: 1000, dqRateEstimating: 1, packetsIn: 40, dropped: 2, overlimit: 3, maxq: 17, ecnMark: 1 },
    { prob: 0n, delay: 3, avgDqRate: 55, dqRateEstimating: 0, packetsIn: 0, dropped: 0, overlimit: 0, maxq: 0, ecnMark: 0 },
  ],
  fq_pie: [{ packetsIn: 100, dropped: 1, overlimit: 2, overmemory: 3, ecnMark: 4, newFlowCount: 5, newFlowsLen: 6, oldFlowsLen: 7, memoryUsage: 65536 }],
  red: [{ early: 1, pdrop: 2, other: 3, marked: 4 }],
  choke: [{ early: 1, pdrop: 2, other: 3, marked: 4, matched: 5 }],
  sfb: [{ earlydrop: 1, penaltydrop: 2, bucketdrop: 3, queuedrop: 4, childdrop: 5, marked: 6, maxqlen: 70, maxprob: 32768, avgprob: 1000 }],
  hhf: [{ dropOverlimit: 1, hhOverlimit: 2, hhTotCount: 3, hhCurCount: 4 }],
  cake: [
    { capacityEstimate64: 12500000n, memoryLimit: 4194304, memoryUsed: 12288, avgNetoff: 14, minNetlen: 42, maxNetlen: 1514, minAdjlen: 84, maxAdjlen: 1552, tinStats: { tin1: tin(1), tin2: tin(2), tin3: tin(3), tin4: tin(4) } },
    { memoryLimit: 1000, memoryUsed: 0, minNetlen: 0, maxNetlen: 0, tinStats: { tin1: { ...tin(5), thresholdRate64: undefined } } },
    { memoryLimit: 1000, memoryUsed: 10, tinStats: { tin1: tin(6), tin2: tin(7), tin3: tin(8) } },
    { deficit: -12, cobaltCount: 3, dropping: 1, dropNextUs: -5000, pDrop: 7, blueTimerUs: -3 },
    { deficit: 300, cobaltCount: 0, dropping: 1, dropNextUs: 2500, pDrop: 0, blueTimerUs: 1200000 },
    { tinStats: {} },
  ],
};

/** Class xstats per kind (drr's deficit, hfsc's work and period). */
const CLASS_XSTATS: Record<string, Record<string, unknown>> = {
  drr: { deficit: 1514 },
  hfsc: { work: 123456789012n, rtwork: 0n, period: 3, level: 1 },
};

/** One tin's stats, every member (values vary with `n`). */
function tin(n: number): Record<string, unknown> {
  return {
    sentPackets: 100 * n, sentBytes64: BigInt(150000 * n), droppedPackets: n, droppedBytes64: BigInt(1500 * n), acksDroppedPackets: n + 1,
    acksDroppedBytes64: 64n, ecnMarkedPackets: 2 * n, ecnMarkedBytes64: 3000n, backlogPackets: n, backlogBytes: 1024 * n,
    thresholdRate64: BigInt(781250 * n), targetUs: 5000 * n, intervalUs: 100000 * n, wayIndirectHits: 3 * n, wayMisses: 4 * n,
    wayCollisions: 0, peakDelayUs: 1234 * n, avgDelayUs: 321 * n, baseDelayUs: 12 * n, sparseFlows: n, bulkFlows: 2 * n,
    unresponsiveFlows: 0, maxSkblen: 1514, flowQuantum: 1514,
  };
}

function bytes(msg: TcMessage, type: number = RTM_TC.NEWQDISC): Uint8Array {
  const m = encodeTc(qdiscMessage, type, msg);
  if (msg.attrs.kind === "mqprio") kernelRateNests(m);
  return m;
}

/**
 * mqprio's rate nests as the kernel dumps them (nla_nest_start_noflag): tc
 * sets NLA_F_NESTED in its request, and its own printer (parse_rtattr
 * without flags) would not see them so.
 */
function kernelRateNests(m: Uint8Array): void {
  const dv = new DataView(m.buffer, m.byteOffset, m.byteLength);
  for (let off = 36; off + 4 <= m.length; off += (dv.getUint16(off, true) + 3) & ~3) {
    const len = dv.getUint16(off, true);
    if (len < 4) break;
    if ((dv.getUint16(off + 2, true) & 0x3fff) !== 2) continue;
    for (let a = off + 4 + 84; a + 4 <= off + len; a += (dv.getUint16(a, true) + 3) & ~3) {
      if (dv.getUint16(a, true) < 4) break;
      dv.setUint16(a + 2, dv.getUint16(a + 2, true) & 0x3fff, true);
    }
  }
}

/** `tc [-s] [-d] class show dev lo` (text only: tc 6.1 prints classes with fprintf, also under -json). */
function compareClass(m: Uint8Array): void {
  for (const opts of [[], ["-d"], ["-s"], ["-s", "-d"]]) {
    const ctx: TcShowCtx = { stats: opts.includes("-s") ? 1 : 0, details: opts.includes("-d") ? 1 : 0, raw: 0, iec: false, pretty: false, name: (i) => (i === 1 ? "lo" : `if${i}`) };
    const c = toClass(qdiscMessage.decode(m, new DataView(m.buffer, m.byteOffset, m.byteLength), 16, m.length));
    const ours = printClass(c, ctx, false, new Printer({ json: false, pretty: false, oneline: false }));
    expect(ours, `tc ${opts.join(" ")} class show`).toBe(tcShowOnDump([m], [...opts, "class", "show", "dev", "lo"]));
  }
}

function ours(m: Uint8Array, json: boolean, details: number, stats: number): string {
  const ctx: TcShowCtx = { stats, details, raw: 0, iec: false, pretty: false, name: (i) => (i === 1 ? "lo" : `if${i}`) };
  const q = toQdisc(qdiscMessage.decode(m, new DataView(m.buffer, m.byteOffset, m.byteLength), 16, m.length));
  const p = new Printer({ json, pretty: false, oneline: false });
  p.arr(null);
  printQdisc(p, q, ctx, false);
  const text = json ? "" : p.take();
  p.endArr();
  return json ? p.take() + "\n" : text;
}

function compare(m: Uint8Array, withStats: boolean): void {
  const show = ["qdisc", "show", "dev", "lo"];
  const runs: Array<[string[], boolean, number, number]> = withStats
    ? [[["-s"], false, 0, 1], [["-s", "-d"], false, 1, 1], [["-s", "-j"], true, 0, 1], [["-s", "-d", "-j"], true, 1, 1]]
    : [[[], false, 0, 0], [["-d"], false, 1, 0], [["-j"], true, 0, 0], [["-d", "-j"], true, 1, 0]];
  for (const [opts, json, d, s] of runs) expect(ours(m, json, d, s), `tc ${opts.join(" ")}`).toBe(tcShowOnDump([m], [...opts, ...show]));
}

describe.skipIf(fakeDumpShim() === null)("codel, pie, fq_pie, red, cake: tc qdisc show equals tc 6.1's printer on the same bytes", () => {
  for (const c of QDISC_AQM_CAPTURES) {
    if (c.args[0] === "class") {
      it(`${c.name}: class show (text, -d, -s with the class xstats)`, () => {
        const e = entryOf(c.name, RTM_TC.NEWTCLASS);
        compareClass(bytes(e, RTM_TC.NEWTCLASS));
        compareClass(bytes({ ...e, attrs: { ...e.attrs, stats2: { ...STATS, app: CLASS_XSTATS[c.args.find((w) => w in CLASS_XSTATS) ?? ""] } as never } }, RTM_TC.NEWTCLASS));
      });
      continue;
    }
    it(`${c.name}: options (text, -d, -j, -d -j)`, () => {
      const e = entryOf(c.name);
      const o = e.attrs.options as Record<string, unknown> | undefined;
      // the kernel always dumps ets's priomap (16 bands); without it tc prints only "Incomplete ETS options" on stderr
      if (c.args.includes("ets") && o?.priomap === undefined) e.attrs.options = { ...o, priomap: { band: [1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] } } as never;
      compare(bytes(e), false);
    });
    const kind = c.args[c.args.indexOf("red") >= 0 ? c.args.indexOf("red") : c.args.findIndex((w) => w in XSTATS)]!;
    (XSTATS[kind] ?? []).forEach((x, i) => {
      it(`${c.name}: -s with ${kind} xstats #${i + 1} (TCA_STATS_APP)`, () => {
        const e = entryOf(c.name);
        compare(bytes({ ...e, attrs: { ...e.attrs, stats2: { ...STATS, app: x } as never } }), true);
      });
    });
    if (XSTATS[kind] !== undefined) it(`${c.name}: -s with xstats in TCA_XSTATS (TCA_STATS2 without TCA_STATS_APP)`, () => {
      const e = entryOf(c.name);
      compare(bytes({ ...e, attrs: { ...e.attrs, stats2: STATS as never, xstats: XSTATS[kind]![0]! } }), true);
    });
  }

  it("short xstats: codel and fq_pie read zeros, pie and red print nothing (tc's RTA_PAYLOAD checks)", () => {
    for (const name of ["tc-qdisc-add-codel", "tc-qdisc-add-pie", "tc-qdisc-add-fq-pie", "tc-qdisc-add-red"]) {
      const e = entryOf(name);
      // TCA_STATS2 holding only TCA_STATS_APP of 8 bytes (len 12, type 4)
      compare(bytes({ ...e, attrs: { ...e.attrs, stats2: "0c0004000100000002000000" } }), true);
    }
  });

  it("red without TCA_RED_FLAGS prints the struct's flags; red's qevents with -j", () => {
    const e = entryOf("tc-qdisc-add-red-opts");
    const o = e.attrs.options as Record<string, unknown>;
    const { flags: _f, ...rest } = o;
    compare(bytes({ ...e, attrs: { ...e.attrs, options: { ...rest, parms: { ...(o.parms as object), flags: 5 } } as never } }), false);
    compare(bytes({ ...e, attrs: { ...e.attrs, options: { ...rest, maxP: 0 } as never } }), false);
  });
});
