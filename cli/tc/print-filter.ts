/**
 * `tc filter show` output, as tc 6.1 prints it (tc_filter.c print_filter,
 * f_u32.c u32_print_opt with the raw key printer, f_matchall.c,
 * f_basic.c (ematches in print-ematch.ts), f_bpf.c with the program id
 * but not what bpf(2) tells about it; flower in print-flower.ts; fw, route,
 * flow and cgroup in print-classic.ts; the action
 * lists and police nests are print-action.ts).
 */
import type { Printer } from "../../lib/format/printer.ts";
import type { TcFilter } from "../../lib/rtnl/tc/model.ts";
import type { BasicOptions, BpfOptions, FlowerOptions, MatchallOptions, U32Options } from "../../lib/rtnl/tc/filter-options.ts";
import { printActions, printPolice } from "./print-action.ts";
import { printEmatch } from "./print-ematch.ts";
import { printBpfOps, printBpfProgInfo } from "./print-bpf-prog.ts";
import { printFlower } from "./print-flower.ts";
import { printCgroup, printFlow, printFw, printRoute } from "./print-classic.ts";
import { u32PrettyKey } from "./print-u32-pretty.ts";
import { printDev, type TcShowCtx } from "./print-common.ts";
import { ETH_P, parseClassid } from "../../codecs/tc/tables.ts";

const hex8 = (n: number) => (n >>> 0).toString(16).padStart(8, "0");

/** sprint_u32_handle: "800:", "800::800", "1:2:3", "none"; with `raw` (tc -raw) the handle in hex after it: "800::800[80000800]". */
export function u32Handle(h: number, raw = false): string {
  if (h === 0) return "none";
  const htid = h >>> 20, hash = (h >>> 12) & 0xff, node = h & 0xfff;
  let s = htid ? `${htid.toString(16)}:` : "";
  if (node | hash) {
    if (hash) s += hash.toString(16);
    if (node) s += `:${node.toString(16)}`;
  }
  return raw ? `${s}[${hex8(h)}]` : s; // show_raw: the whole handle in hex
}


function u32(p: Printer, f: TcFilter, o: U32Options, c: TcShowCtx): void {
  if (f.handle) p.str("fh", "fh %s ", u32Handle(f.handle, c.raw > 0));
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
  if (o.link !== undefined) p.str("link", "link %s ", u32Handle(o.link, c.raw > 0));
  if (o.skipHw) p.bool("skip_hw", "skip_hw ", true);
  if (o.skipSw) p.bool("skip_sw", "skip_sw ", true);
  if (o.inHw) p.bool("in_hw", "in_hw ", true);
  else if (o.notInHw) p.bool("not_in_hw", "not_in_hw ", true);
  if (o.sel && c.stats && o.counters) {
    p.num("rule_hit", "(rule hit %s ", o.counters.rcnt);
    p.num("success", "success %s)", o.counters.rhit);
  }
  if (o.mark !== undefined) {
    // print_0xhex: the text format's digits, "%#llx" as a JSON string
    const m = o.mark, hx = (n: number) => (n ? `0x${n.toString(16)}` : "0"), w4 = (n: number) => n.toString(16).padStart(4, "0");
    p.nl();
    p.str("fwmark_value", null, hx(m.val));
    p.text(`  mark 0x${w4(m.val)} `);
    p.str("fwmark_mask", null, hx(m.mask));
    p.text(`0x${w4(m.mask)} `);
    p.num("fwmark_success", "(success %s)", (m.success ?? 0) | 0);
  }
  if (o.sel) {
    o.sel.keys.forEach((k, i) => {
      if (c.pretty && !p.json && u32PrettyKey(p, k, f.protocol)) { // tc 6.1 -p -j aborts (unclosed "match" objects): JSON keeps the raw keys
        if (c.stats && o.counters) p.num("success", " (success %s ) ", o.counters.keys[i] ?? 0);
        return;
      }
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
  if (o.police !== undefined) {
    p.nl();
    printPolice(p, o.police, c);
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

/** f_basic.c basic_print_opt: handle, flowid, the ematch tree, the filter's own policer, actions. */
function basic(p: Printer, f: TcFilter, o: BasicOptions, c: TcShowCtx): void {
  if (f.handle) p.str("handle", "handle 0x%s ", f.handle.toString(16));
  if (o.classid !== undefined) p.str("flowid", "flowid %s ", o.classid);
  if (o.ematches !== undefined) printEmatch(p, o.ematches);
  if (o.police !== undefined) {
    p.nl();
    printPolice(p, o.police, c);
  }
  if (o.actions) printActions(p, o.actions, c);
}

/** f_bpf.c bpf_print_opt; bpf_dump_prog_info prints the id only (as tc does when the id names no program it can open). */
function bpf(p: Printer, f: TcFilter, o: BpfOptions, c: TcShowCtx): void {
  if (f.handle) p.str("handle", "handle %s ", `0x${f.handle.toString(16)}`);
  if (o.classid !== undefined) p.str("flowid", "flowid %s ", o.classid);
  if (o.name !== undefined) p.str("bpf_name", "%s ", o.name);
  if (o.directAction) p.bool("direct-action", "direct-action ", true);
  if (o.skipHw) p.bool("skip_hw", "skip_hw ", true);
  if (o.skipSw) p.bool("skip_sw", "skip_sw ", true);
  if (o.inHw) p.bool("in_hw", "in_hw ", true);
  else if (o.notInHw) p.bool("not_in_hw", "not_in_hw ", true);
  printBpfOps(p, o.bytecode ?? []);
  const dumped = o.id !== undefined && printBpfProgInfo(p, o.id, c);
  if (!dumped && o.tag !== undefined) p.str("tag", "tag %s ", o.tag);
  if (o.police !== undefined) {
    p.nl();
    printPolice(p, o.police, c);
  }
  if (o.actions) printActions(p, o.actions, c);
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

/**
 * What a listing asked for (tc_filter_list's filter_* globals): print_filter
 * leaves out a field equal to it. `parent: false` never prints the parent.
 */
export interface FilterShowAsked {
  dev: boolean;
  parent: boolean;
  /** filter_parent (tcm_parent asked for): the parent is printed only when it differs. */
  parentId?: number;
  block?: number;
  /** filter_prio (0: none). */
  pref?: number;
  /** filter_protocol, the ethertype (0: none). */
  protocol?: number;
  /** filter_chain_index when set. */
  chain?: number;
}

/** One filter (print_filter); a shared block's filter prints "block N" unless the listing named that block. */
export function printFilter(p: Printer, f: TcFilter, c: TcShowCtx, show: FilterShowAsked): void {
  p.obj();
  p.text("filter ");
  if (f.block !== undefined) {
    if (show.block !== f.block) p.num("block", "block %s ", f.block);
  } else {
    if (show.dev) printDev(p, c.name(f.ifindex));
    if (show.parent && (!show.parentId || show.parentId !== parseClassid(f.parent))) parentWord(p, f.parent);
  }
  if (f.pref || f.protocol !== 0) {
    const proto = typeof f.protocol === "number" ? f.protocol : ETH_P.byName.get(f.protocol) ?? -1;
    if (f.protocol !== 0 && (!show.protocol || show.protocol !== proto)) p.str("protocol", "protocol %s ", typeof f.protocol === "number" ? `[${f.protocol}]` : f.protocol);
    if (f.pref && (!show.pref || show.pref !== f.pref)) p.num("pref", "pref %s ", f.pref);
  }
  p.str("kind", "%s ", f.kind);
  if (f.chain !== undefined && (show.chain === undefined || show.chain !== f.chain)) p.num("chain", "chain %s ", f.chain);
  printFilterOptions(p, f, c);
  p.nl();
  p.endObj();
}

/** The "options" object of a filter or chain template (q->print_fopt), when it has options. */
export function printFilterOptions(p: Printer, f: Pick<TcFilter, "kind" | "handle" | "options">, c: TcShowCtx): void {
  if (f.options !== undefined) {
    p.obj("options");
    const ff = f as TcFilter;
    if (f.kind === "u32" && typeof f.options === "object") u32(p, ff, f.options as U32Options, c);
    else if (f.kind === "matchall" && typeof f.options === "object") matchall(p, ff, f.options as MatchallOptions, c);
    else if (f.kind === "flower" && typeof f.options === "object") printFlower(p, f.handle, f.options as FlowerOptions, c);
    else if (f.kind === "basic" && typeof f.options === "object") basic(p, ff, f.options as BasicOptions, c);
    else if (f.kind === "bpf" && typeof f.options === "object") bpf(p, ff, f.options as BpfOptions, c);
    else if (f.kind === "fw" && typeof f.options === "object") printFw(p, f.handle, f.options as never, c);
    else if (f.kind === "route" && typeof f.options === "object") printRoute(p, f.handle, f.options as never, c);
    else if (f.kind === "flow" && typeof f.options === "object") printFlow(p, f.handle, f.options as never, c);
    else if (f.kind === "cgroup" && typeof f.options === "object") printCgroup(p, f.handle, f.options as never, c);
    p.endObj();
  }
}
