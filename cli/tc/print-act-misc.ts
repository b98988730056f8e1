/**
 * act_skbmod, act_sample, act_mpls and act_ctinfo as tc 6.1 prints them
 * (m_skbmod.c print_skbmod: fprintf lines, raw also inside -json;
 * m_sample.c print_sample; m_mpls.c print_mpls; m_ctinfo.c print_ctinfo).
 */
import type { Printer } from "../../lib/format/printer.ts";
import type { CtinfoAction, MplsAction, SampleAction, SkbmodAction } from "../../lib/rtnl/tc/action-misc.ts";
import { printControl, type TcShowCtx } from "./print-common.ts";
import { printRefs, printTm } from "./print-act-tm.ts";

/** print_skbmod: "skbmod VERDICT [set etype 0xE \n\t ][set dmac M ][set smac M ][swap mac ][ecn ]\n\t index ...". */
export function printSkbmod(p: Printer, a: SkbmodAction, c: TcShowCtx): void {
  p.fp("skbmod ");
  printControl(p, "", a.verdict ?? "pipe", " ");
  if (a.etype) p.fp(`set etype 0x${a.etype.toString(16).toUpperCase()} \n\t `);
  if (a.dmac !== undefined) p.fp(`set dmac ${a.dmac} `);
  if (a.smac !== undefined) p.fp(`set smac ${a.smac} `);
  if (a.swapMac) p.fp("swap mac ");
  if (a.ecn) p.fp("ecn ");
  p.fp(`\n\t index ${a.index ?? 0} ref ${a.refcnt ?? 0} bind ${a.bindcnt ?? 0}`);
  if (c.stats) printTm(p, a);
  p.fp("\n");
}

/** print_sample: "rate 1/R group G[ trunc_size T]", the verdict; index, ref, bind. */
export function printSample(p: Printer, a: SampleAction, c: TcShowCtx): void {
  p.str("kind", "%s ", "sample");
  p.num("rate", "rate 1/%s ", a.rate ?? 0);
  p.num("group", "group %s", a.group ?? 0);
  if (a.trunc !== undefined) p.num("trunc_size", " trunc_size %s", a.trunc);
  printControl(p, " ", a.verdict ?? "pipe", "");
  p.nl();
  printRefs(p, a, c, "\t index %s");
}

/** print_mpls: the operation; pop's protocol; push/mac_push's protocol, then with modify label, tc, bos, ttl; the verdict; index, ref, bind. */
export function printMpls(p: Printer, a: MplsAction, c: TcShowCtx): void {
  p.str("kind", "%s ", "mpls");
  p.str("mpls_action", " %s", a.action);
  const push = a.action === "push" || a.action === "mac_push";
  if ((a.action === "pop" || push) && a.protocol !== undefined) p.str("protocol", " protocol %s", String(a.protocol));
  if (push || a.action === "modify") {
    if (a.label !== undefined) p.num("label", " label %s", a.label);
    if (a.tc !== undefined) p.num("tc", " tc %s", a.tc);
    if (a.bos !== undefined) p.num("bos", " bos %s", a.bos);
    if (a.ttl !== undefined) p.num("ttl", " ttl %s", a.ttl);
  }
  printControl(p, " ", a.verdict ?? "pipe", "");
  p.nl();
  printRefs(p, a, c, "\t index %s");
}

/** print_0xhex: "%#010llx" in text ("0x" and 8 digits; zero is ten zeros), "%#llx" as a JSON string. */
function hex0x(p: Printer, key: string, prefix: string, v: number): void {
  const text = v === 0 ? "0000000000" : `0x${v.toString(16).padStart(8, "0")}`;
  p.str(key, `${prefix}%s`, p.json ? (v === 0 ? "0" : `0x${v.toString(16)}`) : text);
}

/** print_ctinfo: "zone Z", the verdict; index, ref, bind, then the masks; with -s the timers and counters. */
export function printCtinfo(p: Printer, a: CtinfoAction, c: TcShowCtx): void {
  p.str("kind", "%s ", "ctinfo");
  p.num("zone", "zone %s", a.zone ?? 0);
  printControl(p, " ", a.verdict ?? "pipe", "");
  p.nl();
  p.num("index", "\t index %s", a.index ?? 0);
  p.num("ref", " ref %s", a.refcnt ?? 0);
  p.num("bind", " bind %s", a.bindcnt ?? 0);
  if (a.dscpMask !== undefined) {
    hex0x(p, "dscpmask", " dscp ", a.dscpMask);
    hex0x(p, "dscpstatemask", " ", a.dscpStatemask ?? 0);
  }
  if (a.cpmarkMask !== undefined) hex0x(p, "cpmark", " cpmark ", a.cpmarkMask);
  if (c.stats) {
    printTm(p, a);
    if (a.dscpSet !== undefined) p.num("dscpset", " DSCP set %s", a.dscpSet);
    if (a.dscpError !== undefined) p.num("dscperror", " error %s", a.dscpError);
    if (a.cpmarkSet !== undefined) p.num("cpmarkset", " CPMARK set %s", a.cpmarkSet);
  }
  p.nl();
}
