/**
 * act_csum, act_nat, act_simple and act_connmark as tc 6.1 prints them
 * (m_csum.c print_csum, m_nat.c print_nat, m_simple.c print_simple,
 * m_connmark.c print_connmark).
 */
import type { Printer } from "../../lib/format/printer.ts";
import type { ConnmarkAction, CsumAction, NatAction, SimpleAction } from "../../lib/rtnl/tc/action-small.ts";
import { printControl, type TcShowCtx } from "./print-common.ts";
import { printRefs, printTm } from "./print-act-tm.ts";

/** print_csum: "(iph, tcp) action VERDICT", then "\tindex N ref R bind B". */
export function printCsum(p: Printer, a: CsumAction, c: TcShowCtx): void {
  p.str("kind", "%s ", "csum");
  const order = ["iph", "icmp", "igmp", "tcp", "udp", "udplite", "sctp"];
  const names = order.filter((n) => a.update.includes(n));
  p.str("csum", "(%s) ", names.length ? names.join(", ") : "?empty");
  printControl(p, "action ", a.verdict ?? "pass", "");
  p.nl();
  printRefs(p, a, c, "\tindex %s");
}

const swap32 = (v: number) => (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0;

/** print_nat: " nat " under "type", the direction, old/len (len as tc computes it: 33 - ffs of the mask as read in host order), new, the verdict. */
export function printNat(p: Printer, a: NatAction, c: TcShowCtx): void {
  p.str("type", " %s ", "nat");
  const slash = a.old.indexOf("/");
  const addr = slash < 0 ? a.old : a.old.slice(0, slash);
  const len = slash < 0 ? 32 : Number(a.old.slice(slash + 1));
  const mask = a.mask ?? (len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0);
  const raw = swap32(mask); // the be32 field as a little-endian host reads it
  const ffs = raw === 0 ? 0 : 32 - Math.clz32(raw & -raw);
  p.str("direction", "%s", a.direction);
  p.str("old_addr", " %s", `${addr}/${ffs ? 33 - ffs : 0}`);
  p.str("new_addr", " %s", a.new);
  printControl(p, " ", a.verdict ?? "pass", "");
  p.nl();
  printRefs(p, a, c, "\t index %s");
}

/** print_simple: fprintf's "Simple <DATA>" and the index line (raw text, also under -json), timers with -s. */
export function printSimple(p: Printer, a: SimpleAction, c: TcShowCtx): void {
  p.fp(`Simple <${a.sdata ?? ""}>\n`);
  p.fp(`\t index ${a.index ?? 0} ref ${a.refcnt ?? 0} bind ${a.bindcnt ?? 0}`);
  if (c.stats) printTm(p, a);
  p.nl();
}

/** print_connmark: "zone Z", the verdict, index, ref, bind. */
export function printConnmark(p: Printer, a: ConnmarkAction, c: TcShowCtx): void {
  p.str("kind", "%s ", "connmark");
  p.num("zone", "zone %s", a.zone ?? 0);
  printControl(p, " ", a.verdict ?? "pipe", "");
  p.nl();
  printRefs(p, a, c, "\t index %s");
}
