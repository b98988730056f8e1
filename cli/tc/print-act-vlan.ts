/** act_vlan as tc 6.1 prints it (m_vlan.c print_vlan). */
import type { Printer } from "../../lib/format/printer.ts";
import type { VlanAction } from "../../lib/rtnl/tc/action-vlan.ts";
import { printControl, type TcShowCtx } from "./print-common.ts";
import { printRefs } from "./print-act-tm.ts";

/** print_vlan: the operation, push/modify's id, protocol, priority, push_eth's addresses, the verdict; index, ref, bind. */
export function printVlan(p: Printer, v: VlanAction, c: TcShowCtx): void {
  p.str("kind", "%s ", "vlan");
  p.str("vlan_action", " %s", v.action ?? "(null)");
  if (v.action === "push" || v.action === "modify") {
    if (v.id !== undefined) p.num("id", " id %s", v.id);
    if (v.protocol !== undefined) p.str("protocol", " protocol %s", String(v.protocol));
    if (v.priority !== undefined) p.num("priority", " priority %s", v.priority);
  } else if (v.action === "push_eth") {
    if (v.dstMac !== undefined) p.str("dst_mac", " dst_mac %s", v.dstMac);
    if (v.srcMac !== undefined) p.str("src_mac", " src_mac %s", v.srcMac);
  }
  printControl(p, " ", v.verdict ?? "pipe", "");
  p.nl();
  printRefs(p, v, c, "\t index %s");
}
