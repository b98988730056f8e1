/**
 * The printing differential of the added action kinds (act-*-print tests):
 * crafted kernel-layout messages carrying actions of one kind — a matchall
 * filter (for `tc filter show`) and an RTM_NEWACTION dump page (for `tc
 * actions ls`) — printed by tc 6.1 (its dump answer replaced by the
 * fake-dump shim, fake-dump.ts) and by our decode + model + printers.
 */
import { expect } from "vitest";
import type { TcAction } from "../../codecs/tc/actions.ts";
import { actionMessage, filterMessage, type TcMessageInput } from "../../codecs/tc/message.ts";
import { RTM_TC } from "../../codecs/tc/tables.ts";
import { Printer } from "../../lib/format/printer.ts";
import { toFilter } from "../../lib/rtnl/tc/model.ts";
import { actionsFromWire } from "../../lib/rtnl/tc/action-options.ts";
import { printFilter } from "../../cli/tc/print-filter.ts";
import { printActionPage } from "../../cli/tc/print-action.ts";
import type { TcShowCtx } from "../../cli/tc/print-common.ts";
import { encodeTc, tcShowOnDump } from "./fake-dump.ts";

/** The timers a dump carries (print_tm with -s). */
export const TM = { install: 1234n, lastuse: 500n, expires: 0n, firstuse: 300n };
/** The statistics nest a dump carries (basic and queue counters). */
export const STATS = { basic: { bytes: 4242n, packets: 42 }, queue: { qlen: 0, backlog: 0, drops: 3, requeues: 0, overlimits: 1 } };
/** tc_gen as a dump has it (index set by the caller). */
export const GEN = { capab: 0, refcnt: 1, bindcnt: 1 };

const ctx = (stats: number, details: number, brief = false): TcShowCtx => ({ stats, details, raw: 0, iec: false, pretty: false, name: (i) => (i === 1 ? "lo" : `if${i}`), ...(brief ? { brief } : {}) });

/** A matchall filter on lo's ingress with `acts`. */
export function filterDump(acts: TcAction[]): Uint8Array {
  const msg: TcMessageInput = {
    ifindex: 1, handle: 1, parent: 0xfffffff2, info: ((49152 << 16) | 0x0300) >>> 0,
    attrs: { kind: "matchall", chain: 0, options: { flags: 8, act: acts } } as never,
  };
  return encodeTc(filterMessage, RTM_TC.NEWTFILTER, msg);
}

/** An RTM_NEWACTION dump page with `acts` (TCA_ROOT_COUNT their number). */
export function actionDump(acts: TcAction[]): Uint8Array {
  return encodeTc(actionMessage, RTM_TC.NEWACTION, { family: 0, attrs: { tab: acts, count: acts.length } });
}

function oursFilter(m: Uint8Array, json: boolean, stats: number, details: number): string {
  const p = new Printer({ json, pretty: false, oneline: false });
  p.arr(null);
  printFilter(p, toFilter(filterMessage.decode(m, new DataView(m.buffer, m.byteOffset, m.byteLength), 16, m.length)), ctx(stats, details), { dev: false, parent: true });
  const text = p.take();
  p.endArr();
  return json ? text + p.take() + "\n" : text;
}

function oursActions(m: Uint8Array, json: boolean, stats: number, details: number, brief = false): string {
  const msg = actionMessage.decode(m, new DataView(m.buffer, m.byteOffset, m.byteLength), 16, m.length);
  const p = new Printer({ json, pretty: false, oneline: false });
  p.arr(null);
  printActionPage(p, { count: msg.attrs.count ?? 0, actions: actionsFromWire(msg.attrs.tab) ?? [] }, ctx(stats, details, brief));
  const text = json ? "" : p.take();
  p.endArr();
  return json ? p.take() + "\n" : text;
}

const FLAGS: Array<[string[], boolean, number, number]> = [
  [[], false, 0, 0], [["-s"], false, 1, 0], [["-d"], false, 0, 1], [["-s", "-d"], false, 1, 1],
  [["-j"], true, 0, 0], [["-s", "-j"], true, 1, 0], [["-d", "-j"], true, 0, 1],
];

/** `acts` printed by tc and by us: filter show and actions ls (of `kind`), text, -s, -d, -j; `prepare` adjusts the encoded dumps (to the kernel's layout). */
export function expectSamePrint(kind: string, acts: TcAction[], prepare: (m: Uint8Array) => Uint8Array = (m) => m): void {
  const f = prepare(filterDump(acts));
  const a = prepare(actionDump(acts));
  for (const [opts, json, stats, details] of FLAGS) {
    expect(oursFilter(f, json, stats, details), `filter show ${opts.join(" ")}`).toBe(tcShowOnDump([f], [...opts, "filter", "show", "dev", "lo"]));
    expect(oursActions(a, json, stats, details), `actions ls ${opts.join(" ")}`).toBe(tcShowOnDump([a], [...opts, "actions", "ls", "action", kind]));
  }
}

/** A terse dump's entries of `kind` (no options: what print_aopt prints with a NULL nest) by tc and by us: -br actions ls, text, -s, -j. */
export function expectSameTerse(kind: string): void {
  const a = actionDump([1, 2].map((index) => ({ order: index, kind, index, stats: STATS }) as never));
  for (const [opts, json, stats] of [[[], false, 0], [["-s"], false, 1], [["-j"], true, 0]] as const) {
    expect(oursActions(a, json, stats, 0, true), `-br actions ls ${opts.join(" ")}`).toBe(tcShowOnDump([a], [...opts, "-br", "actions", "ls", "action", kind]));
  }
}
