/**
 * `tc qdisc show` of the kinds this kernel lacks (netem with every option
 * tc 6.1 sends, fq_codel, fq, sfq, prio), compared with tc 6.1's own
 * printer on the same bytes: each message is tc's own request
 * (fixtures/tc/iproute2, captured with strace), made a dump entry (handle
 * 1:, refcnt 1, on lo, flags 0, the loss model nest without NLA_F_NESTED
 * as the kernel dumps it); tc prints it through `tc [-d] [-j] qdisc
 * show dev lo` whose dump answer is replaced by it (test/tc/fake-dump.ts)
 * and ours decodes and prints the same bytes. What a real kernel adds to a
 * dump (defaults it fills) is not covered; the printers read whatever is
 * there. Skipped only when no C compiler is there to build the dump shim.
 */
import { describe, expect, it } from "vitest";
import { fromHex } from "../../codecs/core/hex.ts";
import { qdiscMessage } from "../../codecs/tc/message.ts";
import { RTM_TC } from "../../codecs/tc/tables.ts";
import { readTcCapture } from "../../fixtures/tc/iproute2-captures.ts";
import { Printer } from "../../lib/format/printer.ts";
import { toQdisc } from "../../lib/rtnl/tc/model.ts";
import { printQdisc } from "../../cli/tc/print-qdisc.ts";
import type { TcShowCtx } from "../../cli/tc/print-common.ts";
import { messagesOf } from "../helpers/iproute2-bytes.ts";
import { fakeDumpShim, tcMonitorFile, tcShowOnDump } from "./fake-dump.ts";

const NAMES = [
  "tc-qdisc-add-netem", "tc-qdisc-add-netem-reorder", "tc-qdisc-add-netem-state", "tc-qdisc-add-netem-gemodel", "tc-qdisc-add-netem-gemodel-p",
  "tc-qdisc-add-netem-slot", "tc-qdisc-add-fq-codel", "tc-qdisc-add-fq", "tc-qdisc-add-fq-opts", "tc-qdisc-add-sfq", "tc-qdisc-add-sfq-red", "tc-qdisc-add-sfq-red-defaults", "tc-qdisc-add-prio",
];

/** tc's request as a dump entry: lo, handle 1:, refcnt 1, no flags. */
function dumpOf(name: string): Uint8Array {
  const [m] = messagesOf(readTcCapture(name).requests.map((h) => fromHex(h)), [RTM_TC.NEWQDISC]);
  if (m === undefined) throw new Error(`${name}: no RTM_NEWQDISC`);
  const dv = new DataView(m.buffer, m.byteOffset, m.byteLength);
  dv.setUint16(6, 0, true);
  dv.setInt32(20, 1, true);
  dv.setUint32(24, 0x10000, true);
  dv.setUint32(32, 1, true);
  // The kernel dumps TCA_NETEM_LOSS without the NLA_F_NESTED bit tc sets in its request (tc's own
  // parse_rtattr would not even see the nest with it): clear it, as a dump has it.
  for (let off = 36; off + 4 <= m.length; off += (dv.getUint16(off, true) + 3) & ~3) {
    if (dv.getUint16(off + 2, true) !== 2 || dv.getUint16(off, true) < 4) continue;
    const end = off + dv.getUint16(off, true);
    for (let a = off + 4 + 24; a + 4 <= end; a += (dv.getUint16(a, true) + 3) & ~3) {
      if (dv.getUint16(a, true) < 4) break;
      if (dv.getUint16(a + 2, true) === (0x8000 | 5)) dv.setUint16(a + 2, 5, true);
    }
  }
  return m;
}

function ours(m: Uint8Array, json: boolean, details: number, stats = 0): string {
  const ctx: TcShowCtx = { stats, details, raw: 0, iec: false, pretty: false, name: (i) => (i === 1 ? "lo" : `if${i}`) };
  const q = toQdisc(qdiscMessage.decode(m, new DataView(m.buffer, m.byteOffset, m.byteLength), 16, m.length));
  const p = new Printer({ json, pretty: false, oneline: false });
  p.arr(null);
  printQdisc(p, q, ctx, false);
  const text = json ? "" : p.take();
  p.endArr();
  return json ? p.take() + "\n" : text;
}

describe.skipIf(fakeDumpShim() === null)("tc qdisc show of kinds this kernel lacks equals tc 6.1's printer on the same bytes", () => {
  for (const name of NAMES) {
    it(readTcCapture(name).command, () => {
      const m = dumpOf(name);
      expect(ours(m, false, 0)).toBe(tcShowOnDump([m], ["qdisc", "show", "dev", "lo"]));
      expect(ours(m, false, 1)).toBe(tcShowOnDump([m], ["-d", "qdisc", "show", "dev", "lo"]));
      expect(ours(m, true, 0)).toBe(tcShowOnDump([m], ["-j", "qdisc", "show", "dev", "lo"]));
      expect(ours(m, true, 1)).toBe(tcShowOnDump([m], ["-d", "-j", "qdisc", "show", "dev", "lo"]));
      expect(ours(m, false, 1, 1)).toBe(tcShowOnDump([m], ["-s", "-d", "qdisc", "show", "dev", "lo"]));
      expect(ours(m, true, 0, 1)).toBe(tcShowOnDump([m], ["-s", "-j", "qdisc", "show", "dev", "lo"]));
      expect(`qdisc ${ours(m, false, 0).slice(6).replace(" 1: ", " 1: dev lo ")}`).toBe(tcMonitorFile([m]));
    });
  }
});
