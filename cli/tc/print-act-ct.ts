/** act_ct as tc 6.1 prints it (m_ct.c print_ct, tc_util.c print_masked_type). */
import type { Printer } from "../../lib/format/printer.ts";
import type { CtAction } from "../../lib/rtnl/tc/action-ct.ts";
import { printControl, type TcShowCtx } from "./print-common.ts";
import { printRefs } from "./print-act-tm.ts";

/** ct_print_nat: "src|dst addr A[-B] port P[-Q]" (ports as %d of the be16), or a bare " nat". */
function nat(p: Printer, a: CtAction): void {
  const n = a.nat;
  if (n === undefined) return;
  let out = "";
  if (n.type !== undefined) {
    out = n.type;
    if (n.addr !== undefined) out += ` addr ${n.addr}`;
    if (n.addrMax !== undefined && n.addrMax !== n.addr) out += `-${n.addrMax}`;
    if (n.port !== undefined) out += ` port ${n.port}`;
    if (n.portMax !== undefined && n.portMax !== n.port) out += `-${n.portMax}`;
  }
  if (out) p.str("nat", " nat %s", out);
  else p.str("nat", " nat", "");
}

/** print_ct: commit [force] | clear, mark[/mask], zone, label[/mask], nat, the verdict; index, ref, bind. */
export function printCt(p: Printer, a: CtAction, c: TcShowCtx): void {
  p.str("kind", "%s", "ct");
  if (a.commit) p.str("action", " %s", a.force ? "commit force" : "commit");
  else if (a.clear) p.str("action", " %s", "clear");
  if (a.mark !== undefined) {
    p.text(" ");
    p.num("mark", "mark %s", a.mark);
    if (a.markMask !== undefined && a.markMask !== 0xffffffff) p.str("mark_mask", "/0x%s", a.markMask.toString(16));
  }
  if (a.zone !== undefined) { p.text(" "); p.num("zone", "zone %s", a.zone); }
  if (a.label !== undefined) {
    const len = a.label.length / 2;
    const mask = a.labelMask ?? "ff".repeat(16);
    const showMask = len !== 16 || mask.slice(0, 2 * len) !== "ff".repeat(len);
    p.str("label", " label %s", showMask ? `${a.label}/${mask.slice(0, 2 * len).padEnd(2 * len, "0")}` : a.label);
  }
  nat(p, a);
  printControl(p, " ", a.verdict ?? "pipe", "");
  p.nl();
  printRefs(p, a, c, "\t index %s");
}
