/**
 * `tc filter show` output, as tc 6.1 prints it (tc_filter.c print_filter,
 * f_u32.c u32_print_opt with the raw key printer, f_matchall.c, and the
 * action list of m_action.c tc_dump_action with m_mirred.c / m_gact.c).
 */
import type { Printer } from "../printer.ts";
import type { TcFilter } from "../../lib/rtnl/tc/model.ts";
import type { MatchallOptions, U32Options } from "../../lib/rtnl/tc/filter-options.ts";
import type { GactAction, MirredAction, TcActionSpec } from "../../lib/rtnl/tc/action-options.ts";
import { printControl, printDev, printStats, type TcShowCtx } from "./print-common.ts";

/** sprint_u32_handle: "800:", "800::800", "1:2:3", "none". */
export function u32Handle(h: number): string {
  if (h === 0) return "none";
  const htid = h >>> 20, hash = (h >>> 12) & 0xff, node = h & 0xfff;
  let s = htid ? `${htid.toString(16)}:` : "";
  if (node | hash) {
    if (hash) s += hash.toString(16);
    if (node) s += `:${node.toString(16)}`;
  }
  return s;
}

const hex8 = (n: number) => (n >>> 0).toString(16).padStart(8, "0");

function u32(p: Printer, f: TcFilter, o: U32Options, c: TcShowCtx): void {
  if (f.handle) p.str("fh", "fh %s ", u32Handle(f.handle));
  if (f.handle & 0xfff) p.num("order", "order %s ", f.handle & 0xfff);
  if (o.divisor !== undefined) p.num("ht_divisor", "ht divisor %s ", o.divisor);
  else if (o.hash !== undefined) {
    p.str("key_ht", "key ht %s ", (o.hash >>> 20).toString(16));
    p.str("bkt", "bkt %s ", ((o.hash >>> 12) & 0xff).toString(16));
  }
  const terminal = o.sel !== undefined && ((o.sel.flags ?? 0) & 1) !== 0;
  if (o.classid !== undefined) {
    if (terminal) p.text("*");
    p.str("flowid", "flowid %s ", o.classid);
  } else if (terminal) p.text("terminal flowid ");
  if (o.link !== undefined) p.str("link", "link %s ", u32Handle(o.link));
  if (o.skipHw) p.bool("skip_hw", "skip_hw ", true);
  if (o.skipSw) p.bool("skip_sw", "skip_sw ", true);
  if (o.inHw) p.bool("in_hw", "in_hw ", true);
  else if (o.notInHw) p.bool("not_in_hw", "not_in_hw ", true);
  if (o.sel && c.stats && o.counters) {
    p.num("rule_hit", "(rule hit %s ", o.counters.rcnt);
    p.num("success", "success %s)", o.counters.rhit);
  }
  if (o.sel) {
    o.sel.keys.forEach((k, i) => {
      p.obj("match");
      p.nl();
      p.str("value", null, k.val.toString(16));
      p.text(`  match ${hex8(k.val)}`);
      p.str("mask", null, k.mask.toString(16));
      p.text(`/${hex8(k.mask)} `);
      p.str("offmask", "at %s", k.offmask ? "nexthdr+" : "");
      p.num("off", "%s", k.off);
      p.endObj();
      if (c.stats && o.counters) p.num("success", " (success %s ) ", o.counters.keys[i] ?? 0);
    });
    const fl = o.sel.flags ?? 0;
    if (fl & 6) {
      p.nl();
      p.str(null, "%s", "    offset ");
      if (fl & 4) {
        p.str("offset_mask", null, (o.sel.offmask ?? 0).toString(16));
        p.text((o.sel.offmask ?? 0).toString(16).padStart(4, "0"));
        p.num("offset_shift", ">>%s ", o.sel.offshift ?? 0);
        p.num("offset_off", "at %s ", o.sel.offoff ?? 0);
      }
      if (o.sel.off) p.num("plus", "plus %s ", o.sel.off);
    }
    if (fl & 8) p.str(null, "%s", " eat ");
    if (o.sel.hmask) {
      p.nl();
      p.str("hash_mask", null, o.sel.hmask.toString(16));
      p.text(`    hash mask ${hex8(o.sel.hmask)} `);
      p.num("hash_off", "at %s ", o.sel.hoff ?? 0);
    }
  }
  if (o.indev !== undefined) {
    p.nl();
    p.str("input_dev", "  input dev %s", o.indev);
    p.nl();
  }
  if (o.actions) printActions(p, o.actions, c);
}

function matchall(p: Printer, f: TcFilter, o: MatchallOptions, c: TcShowCtx): void {
  if (f.handle) p.num("handle", "handle %s ", f.handle, `0x${f.handle.toString(16)}`);
  if (o.classid !== undefined) p.str("flowid", "flowid %s ", o.classid);
  if (o.skipHw) p.bool("skip_hw", "\n  skip_hw", true);
  if (o.skipSw) p.bool("skip_sw", "\n  skip_sw", true);
  if (o.inHw) p.bool("in_hw", "\n  in_hw", true);
  else if (o.notInHw) p.bool("not_in_hw", "\n  not_in_hw", true);
  if (c.stats && o.hits !== undefined) p.num("rule_hit", " (rule hit %s)", o.hits);
  if (o.actions) printActions(p, o.actions, c);
}

const MIRRED_TEXT = ["", "Egress Redirect", "Egress Mirror", "Ingress Redirect", "Ingress Mirror"];

function tm(p: Printer, a: TcActionSpec): void {
  if (a.installed !== undefined) p.num("installed", " installed %s sec", a.installed);
  if (a.lastUsed !== undefined) p.num("last_used", " used %s sec", a.lastUsed);
  if (a.firstUsed !== undefined) p.num("first_used", " firstused %s sec", a.firstUsed);
  if (a.expires !== undefined) p.num("expires", " expires %s sec", a.expires);
}

function oneAction(p: Printer, a: TcActionSpec, c: TcShowCtx): void {
  if (a.kind === "mirred") {
    const m = a as MirredAction;
    p.str("kind", "%s ", "mirred");
    const e = (m.direction === "egress" ? 1 : 3) + (m.action === "mirror" ? 1 : 0);
    p.text(`(${MIRRED_TEXT[e]}`);
    p.str("mirred_action", null, m.action);
    p.str("direction", null, m.direction);
    p.str("to_dev", " to device %s)", c.name(m.ifindex));
    printControl(p, " ", m.verdict ?? "pipe", "");
    p.nl();
    p.num("index", "\tindex %s", a.index ?? 0);
    p.num("ref", " ref %s", a.refcnt ?? 0);
    p.num("bind", " bind %s", a.bindcnt ?? 0);
    if (c.stats) tm(p, a);
    p.nl();
  } else if (a.kind === "gact") {
    const g = a as GactAction;
    p.str("kind", "%s ", "gact");
    printControl(p, "action ", g.verdict, "");
    p.obj("prob");
    p.nl();
    p.str("random_type", "\t random type %s", g.random ? g.random.type : "none");
    printControl(p, " ", g.random ? g.random.verdict : "pass", " ");
    p.num("val", "val %s", g.random ? g.random.value : 0);
    p.endObj();
    p.nl();
    p.num("index", "\t index %s", a.index ?? 0);
    p.num("ref", " ref %s", a.refcnt ?? 0);
    p.num("bind", " bind %s", a.bindcnt ?? 0);
    if (c.stats) tm(p, a);
    p.nl();
  } else {
    p.str("kind", "%s ", a.kind);
    p.nl();
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
}

/** tc_dump_action: "\taction order N: ..." for each action. */
export function printActions(p: Printer, list: TcActionSpec[], c: TcShowCtx): void {
  p.arr("actions");
  for (const a of list) {
    p.obj();
    p.nl();
    p.num("order", "\taction order %s: ", a.order ?? 0);
    oneAction(p, a, c);
    p.endObj();
  }
  p.endArr();
}

/** Which header fields the listing already fixed (tc leaves them out). */
export interface FilterShown {
  dev: boolean;
  parent: number | undefined;
}

function parentWord(p: Printer, parent: string): void {
  if (parent === "root") p.bool("root", "root ", true);
  else if (parent === "ffff:fff2") p.bool("ingress", "ingress ", true);
  else if (parent === "ffff:fff3") p.bool("egress", "egress ", true);
  else p.str("parent", "parent %s ", parent);
}

/** One filter (print_filter). */
export function printFilter(p: Printer, f: TcFilter, c: TcShowCtx, show: { dev: boolean; parent: boolean }): void {
  p.obj();
  p.text("filter ");
  if (show.dev) printDev(p, c.name(f.ifindex));
  if (show.parent) parentWord(p, f.parent);
  if (f.pref || f.protocol !== 0) {
    if (f.protocol !== 0) p.str("protocol", "protocol %s ", typeof f.protocol === "number" ? `[${f.protocol}]` : f.protocol);
    if (f.pref) p.num("pref", "pref %s ", f.pref);
  }
  p.str("kind", "%s ", f.kind);
  if (f.chain !== undefined) p.num("chain", "chain %s ", f.chain);
  if (f.options !== undefined) {
    p.obj("options");
    if (f.kind === "u32" && typeof f.options === "object") u32(p, f, f.options as U32Options, c);
    else if (f.kind === "matchall" && typeof f.options === "object") matchall(p, f, f.options as MatchallOptions, c);
    p.endObj();
  }
  p.nl();
  p.endObj();
}
