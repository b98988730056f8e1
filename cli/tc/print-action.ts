/**
 * Actions as tc 6.1 prints them (m_action.c tc_dump_action,
 * tc_print_one_action and print_action; the kinds' print_aopt in
 * m_mirred.c, m_gact.c, m_police.c, m_skbedit.c, m_pedit.c): inside a
 * filter ("bind": the hardware flags are left out) and for `tc action
 * ls|get` ("total acts N" per kernel message).
 */
import type { Printer } from "../../lib/format/printer.ts";
import type { ActionPage } from "../../lib/rtnl/tc/actions.ts";
import type { BpfAction, GactAction, MirredAction, PeditAction, PoliceAction, SkbeditAction, TcActionSpec } from "../../lib/rtnl/tc/action-options.ts";
import { formatRate, formatSize } from "../../lib/rtnl/tc/units.ts";
import { printControl, printStats, type TcShowCtx } from "./print-common.ts";
import { printBpfOps, printBpfProgInfo } from "./print-bpf-prog.ts";
import { printRefs, printTm } from "./print-act-tm.ts";
import { MORE_ACTION_PRINTERS } from "./action-printers.ts";

const MIRRED_TEXT = ["", "Egress Redirect", "Egress Mirror", "Ingress Redirect", "Ingress Mirror"];
const PTYPES = ["host", "broadcast", "multicast", "otherhost"];
const PEDIT_HTYPES = ["network", "eth", "ipv4", "ipv6", "tcp", "udp"];

const tm = printTm;
const refs = printRefs;

function mirred(p: Printer, m: MirredAction, c: TcShowCtx): void {
  p.str("kind", "%s ", "mirred");
  const e = (m.direction === "egress" ? 1 : 3) + (m.action === "mirror" ? 1 : 0);
  p.text(`(${MIRRED_TEXT[e]}`);
  p.str("mirred_action", null, m.action);
  p.str("direction", null, m.direction);
  p.str("to_dev", " to device %s)", c.name(m.ifindex));
  printControl(p, " ", m.verdict ?? "pipe", "");
  p.nl();
  refs(p, m, c, "\tindex %s");
}

function gact(p: Printer, g: GactAction, c: TcShowCtx): void {
  p.str("kind", "%s ", "gact");
  printControl(p, "action ", g.verdict, "");
  p.obj("prob");
  p.nl();
  p.str("random_type", "\t random type %s", g.random ? g.random.type : "none");
  printControl(p, " ", g.random ? g.random.verdict : "pass", " ");
  p.num("val", "val %s", g.random ? g.random.value : 0);
  p.endObj();
  p.nl();
  refs(p, g, c, "\t index %s");
}

/** m_police.c print_police (also tc_print_police for a classifier's own TCA_*_POLICE nest). */
export function printPolice(p: Printer, a: PoliceAction, c: TcShowCtx): void {
  const idx = a.index ?? 0;
  const rate = (a.rate as number | undefined) ?? 0;
  p.str("kind", null, "police");
  p.text(` police 0x${idx.toString(16)} `);
  p.num("index", null, idx);
  p.text(`rate ${formatRate(rate, c.iec)} `);
  p.text(`burst ${formatSize((a.burst as number | undefined) ?? 0)} `);
  p.text(`mtu ${formatSize((a.mtu as number | undefined) ?? 0)} `);
  const prate = (a.peakrate as number | undefined) ?? 0;
  if (prate) p.text(`peakrate ${formatRate(prate, c.iec)} `);
  if (a.avrate !== undefined) p.text(`avrate ${formatRate(a.avrate as number, c.iec)} `);
  if (a.pktsRate !== undefined && a.pktsBurst !== undefined) {
    p.num("pkts_rate", "pkts_rate %s ", a.pktsRate);
    p.num("pkts_burst", "pkts_burst %s ", a.pktsBurst);
  }
  printControl(p, "action ", a.exceed ?? "reclassify", "");
  if (a.conform !== undefined) printControl(p, "/", a.conform, " ");
  else p.text(" ");
  p.num("overhead", "overhead %s ", a.overhead ?? 0, formatSize(a.overhead ?? 0));
  const ll = a.linklayer ?? "ethernet";
  if (ll === "atm" || c.details) p.str("linklayer", "linklayer %s ", ll);
  p.nl();
  p.num("ref", "\tref %s ", a.refcnt ?? 0);
  p.num("bind", "bind %s ", a.bindcnt ?? 0);
  if (c.stats) tm(p, a);
  p.nl();
}

function skbedit(p: Printer, k: SkbeditAction, c: TcShowCtx): void {
  p.str("kind", "%s ", "skbedit");
  if (k.queueMapping !== undefined) p.num("queue_mapping", "queue_mapping %s", k.queueMapping);
  if (k.priority !== undefined) p.str("priority", " priority %s", String(k.priority));
  if (k.mark !== undefined) p.num("mark", " mark %s", k.mark);
  if (k.mask !== undefined) { const hx = (k.mask >>> 0).toString(16); p.str("mask", "/%s", p.json || k.mask === 0 ? hx : `0x${hx}`); }
  if (k.ptype !== undefined) {
    const name = PTYPES[k.ptype];
    if (name !== undefined) p.str("ptype", " ptype %s", name);
    else p.num("ptype", " ptype %s", k.ptype);
  }
  printControl(p, " ", k.verdict ?? "pipe", "");
  p.nl();
  refs(p, k, c, "\t index %s");
}

/** m_bpf.c bpf_print_opt. */
function bpfAct(p: Printer, b: BpfAction, c: TcShowCtx): void {
  p.str("kind", "%s ", "bpf");
  if (b.name !== undefined) p.str("bpf_name", "%s ", b.name);
  if (b.bytecode?.length) { printBpfOps(p, b.bytecode); p.text(" "); }
  const dumped = b.id !== undefined && printBpfProgInfo(p, b.id, c);
  if (!dumped && b.tag !== undefined) p.str("tag", "tag %s ", b.tag);
  printControl(p, "default-action ", b.verdict ?? "pipe", "");
  p.nl();
  p.num("index", "\t index %s", b.index ?? 0);
  p.num("ref", " ref %s", b.refcnt ?? 0);
  p.num("bind", " bind %s", b.bindcnt ?? 0);
  if (c.stats) tm(p, b);
  p.text("\n "); // fprintf(f, "\n "): raw, not _SL_
}

const swap32 = (v: number) => (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0;
const hex8 = (v: number) => v.toString(16).padStart(8, "0");

function pedit(p: Printer, a: PeditAction, c: TcShowCtx): void {
  p.str("kind", " %s ", "pedit");
  printControl(p, "action ", a.verdict ?? "pipe", " ");
  p.num("nkeys", "keys %s\n", a.keys.length);
  p.num("index", " \t index %s", a.index ?? 0);
  p.num("ref", " ref %s", a.refcnt ?? 0);
  p.num("bind", " bind %s", a.bindcnt ?? 0);
  if (c.stats) tm(p, a);
  p.arr("keys");
  a.keys.forEach((k, i) => {
    p.obj();
    p.text(`\n\t key #${i}  at `);
    const ht = k.htype ?? 0;
    if (ht !== 0) {
      p.str("htype", "%s", PEDIT_HTYPES[ht] ?? `unknown(${ht})`);
      p.num("offset", "%s", k.off, k.off >= 0 ? `+${k.off}` : String(k.off));
    } else {
      p.str("htype", null, "network");
      p.num("offset", "%s", k.off);
    }
    p.text(`: ${k.cmd ? "add" : "val"}`);
    p.str("cmd", null, k.cmd ? "add" : "set");
    p.str("val", " %s", p.json ? swap32(k.val).toString(16) : hex8(swap32(k.val)));
    p.str("mask", " mask %s", p.json ? swap32(k.mask).toString(16) : hex8(swap32(k.mask)));
    p.endObj();
  });
  if (a.keys.length === 0) p.fp(`\npedit ${(a.index ?? 0).toString(16)} keys 0 is not LEGIT`); // fprintf: inside -json too
  p.endArr();
  p.nl();
}

/** print_hw_stats: "\t" then the names, then a newline. */
function hwStats(p: Printer, key: string, names: readonly string[]): void {
  p.text("\t");
  p.arr(key, key);
  for (const n of names) p.str(null, " %s", n);
  p.endArr();
  p.nl();
}

/** The field every decoded action of a known kind has; absent in a terse dump's entry (no TCA_ACT_OPTIONS). */
const MAIN_FIELD: Record<string, string> = { mirred: "direction", gact: "verdict", police: "exceed", skbedit: "verdict", pedit: "keys", bpf: "verdict" };

/** A known kind's entry without options (terse dump): print_aopt with a NULL nest prints the kind only. */
function terse(a: TcActionSpec): boolean {
  const f = MAIN_FIELD[a.kind] ?? MORE_ACTION_PRINTERS.get(a.kind)?.main;
  return f !== undefined && !(f in a);
}

/** tc_print_one_action: the kind's own text, then statistics, cookie, flags and hardware lines. */
function oneAction(p: Printer, a: TcActionSpec, c: TcShowCtx, bind: boolean): void {
  if (terse(a)) {
    const own = MORE_ACTION_PRINTERS.get(a.kind)?.terse;
    if (own) own(p);
    else if (a.kind === "police") p.str("kind", null, "police");
    else p.str("kind", a.kind === "pedit" ? " %s " : "%s ", a.kind);
    if (c.brief && a.index !== undefined) {
      p.num("index", "\t index %s", a.index);
      p.nl();
    }
  } else switch (a.kind) {
    case "mirred": mirred(p, a as MirredAction, c); break;
    case "gact": gact(p, a as GactAction, c); break;
    case "police": printPolice(p, a as PoliceAction, c); break;
    case "skbedit": skbedit(p, a as SkbeditAction, c); break;
    case "pedit": pedit(p, a as PeditAction, c); break;
    case "bpf": bpfAct(p, a as BpfAction, c); break;
    default:
      if (MORE_ACTION_PRINTERS.has(a.kind)) { MORE_ACTION_PRINTERS.get(a.kind)!.print(p, a, c); break; }
      p.str("kind", "%s ", a.kind); p.nl();
  }
  if (c.stats && a.stats) {
    p.text("\tAction statistics:");
    p.nl();
    p.obj("stats");
    printStats(p, a.stats, "\t", c.iec);
    p.endObj();
    p.nl();
  }
  if (a.cookie !== undefined) {
    p.str("cookie", "\tcookie %s", a.cookie);
    p.nl();
  }
  let newline = false, skipHw = false;
  if (a.noPercpu !== undefined) { newline = true; p.bool("no_percpu", "\tno_percpu", a.noPercpu); }
  if (!bind) {
    if (a.skipHw !== undefined) { newline = true; p.bool("skip_hw", "\tskip_hw", a.skipHw); skipHw = a.skipHw; }
    if (a.skipSw !== undefined) { newline = true; p.bool("skip_sw", "\tskip_sw", a.skipSw); }
    if (a.inHwCount !== undefined && !skipHw) {
      newline = true;
      if (a.inHwCount) { p.bool("in_hw", "\tin_hw", true); p.num("in_hw_count", " in_hw_count %s", a.inHwCount); }
      else p.bool("not_in_hw", "\tnot_in_hw", true);
    }
  }
  if (newline) p.nl();
  if (a.hwStats !== undefined) hwStats(p, "hw_stats", a.hwStats);
  if (a.usedHwStats !== undefined) hwStats(p, "used_hw_stats", a.usedHwStats);
}

/** tc_dump_action: "\taction order N: ..." for each action; `bind` inside a filter. */
export function printActions(p: Printer, list: readonly TcActionSpec[], c: TcShowCtx, bind = true): void {
  p.arr("actions");
  for (const a of list) {
    p.obj();
    p.nl();
    p.num("order", "\taction order %s: ", a.order ?? 0);
    oneAction(p, a, c, bind);
    p.endObj();
  }
  p.endArr();
}

/** print_action for one kernel message of `tc action ls|get`: "total acts N", then its actions. */
export function printActionPage(p: Printer, page: ActionPage, c: TcShowCtx, prefix = ""): void {
  p.obj();
  p.num("total acts", "total acts %s", page.count);
  p.nl();
  p.endObj();
  if (prefix) p.text(prefix);
  p.obj();
  printActions(p, page.actions, c, false);
  p.endObj();
}
