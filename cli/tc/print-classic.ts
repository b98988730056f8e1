/**
 * `tc filter show` options of the fw, route, flow and cgroup classifiers as
 * tc 6.1 prints them (f_fw.c fw_print_opt, f_route.c route_print_opt,
 * f_flow.c flow_print_opt, f_cgroup.c cgroup_print_opt). These printers
 * write with fprintf, so the same bytes appear inside -json output as in
 * text (Printer.fp); their policers (tc_print_police) and action lists
 * (tc_print_action) go through print-action.ts like every classifier's.
 */
import type { Printer } from "../../lib/format/printer.ts";
import type { FlowOptions, FwOptions, RouteOptions } from "../../lib/rtnl/tc/filter-classic.ts";
import type { CgroupOptions } from "../../lib/rtnl/tc/filter-options.ts";
import { FLOW_KEYS } from "../../codecs/tc/filter-classic.ts";
import { REALMS } from "../../lib/format/names.ts";
import { printActions, printPolice } from "./print-action.ts";
import { printEmatch } from "./print-ematch.ts";
import type { TcShowCtx } from "./print-common.ts";

const hex = (n: number) => (n >>> 0).toString(16);
const hex8 = (n: number) => hex(n).padStart(8, "0");

/** fw_print_opt: handle (with the mask when it is not all ones), classid, policer, input device, actions. */
export function printFw(p: Printer, handle: number, o: FwOptions, c: TcShowCtx): void {
  if (handle || o.mask !== undefined) {
    if (o.mask !== undefined && o.mask !== 0xffffffff) p.fp(`handle 0x${hex(handle)}/0x${hex(o.mask)} `);
    else p.fp(`handle 0x${hex(handle)} `);
  }
  if (o.classid !== undefined) p.fp(`classid ${o.classid} `);
  if (o.police !== undefined) printPolice(p, o.police, c);
  if (o.indev !== undefined) p.fp(`input dev ${o.indev} `);
  if (o.actions !== undefined) {
    p.fp("\n");
    printActions(p, o.actions, c);
  }
}

/** Listings (their ctx) in which rt_realms was read: rtnl_rtrealm_n2a reads it on the first realm without a built-in name. */
const realmsRead = new WeakSet<TcShowCtx>();

/** rtnl_rtrealm_n2a: a realm's name, or its number as a C int; 0 is "unknown" until the file was read. */
function realm(id: number, c: TcShowCtx): string {
  if (id >= 256) return String(id | 0);
  if (id === 0 && !realmsRead.has(c)) return "unknown";
  realmsRead.add(c);
  return REALMS.name(id);
}

/** route_print_opt: handle and order, flowid, to, from, fromif, policer, actions. */
export function printRoute(p: Printer, handle: number, o: RouteOptions, c: TcShowCtx): void {
  if (handle) p.fp(`fh 0x${hex8(handle)} `);
  if (handle & 0x7f00) p.fp(`order ${(handle >>> 8) & 0x7f} `);
  if (o.classid !== undefined) p.fp(`flowid ${o.classid} `);
  if (o.to !== undefined) p.fp(`to ${realm(o.to, c)} `);
  if (o.from !== undefined) p.fp(`from ${realm(o.from, c)} `);
  if (o.fromif !== undefined) p.fp(`fromif ${typeof o.fromif === "number" ? c.name(o.fromif) : o.fromif}`);
  if (o.police !== undefined) printPolice(p, o.police, c);
  if (o.actions !== undefined) printActions(p, o.actions, c);
}

/** flow_print_opt: handle, mode, keys, the and/xor/or of mask and xor, rshift, addend, divisor, baseclass, perturb, ematches, policer, actions. */
export function printFlow(p: Printer, handle: number, o: FlowOptions, c: TcShowCtx): void {
  p.fp(`handle 0x${hex(handle)} `);
  if (o.mode !== undefined) p.fp(`${o.mode} `);
  if (o.keys !== undefined) p.fp(`keys ${o.keys.filter((k): k is (typeof FLOW_KEYS)[number] => typeof k === "string").join(",")} `);
  const mask = o.mask ?? 0xffffffff, val = o.xor ?? 0;
  if (mask !== 0xffffffff || val !== 0) {
    const or = ((mask & val) ^ val) >>> 0, xor = (mask & val) >>> 0;
    if (mask !== 0xffffffff) p.fp(`and 0x${hex8(mask)} `);
    if (xor !== 0) p.fp(`xor 0x${hex8(xor)} `);
    if (or !== 0) p.fp(`or 0x${hex8(or)} `);
  }
  if (o.rshift !== undefined) p.fp(`rshift ${o.rshift} `);
  if (o.addend !== undefined) p.fp(`addend 0x${hex(o.addend)} `);
  if (o.divisor !== undefined) p.fp(`divisor ${o.divisor} `);
  if (o.baseclass !== undefined) p.fp(`baseclass ${o.baseclass} `);
  if (o.perturb !== undefined) p.fp(`perturb ${o.perturb}sec `);
  if (o.ematches !== undefined) printEmatch(p, o.ematches);
  if (o.police !== undefined) printPolice(p, o.police, c);
  if (o.actions !== undefined) {
    p.fp("\n");
    printActions(p, o.actions, c);
  }
}

/** cgroup_print_opt: handle, ematches, a newline and the policer, actions. */
export function printCgroup(p: Printer, handle: number, o: CgroupOptions, c: TcShowCtx): void {
  if (handle) p.fp(`handle 0x${hex(handle)} `);
  if (o.ematches !== undefined) printEmatch(p, o.ematches);
  if (o.police !== undefined) {
    p.fp("\n");
    printPolice(p, o.police, c);
  }
  if (o.actions !== undefined) printActions(p, o.actions, c);
}
