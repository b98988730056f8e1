/**
 * One policy routing rule (the lib model, lib/rtnl/rule/model.ts) as
 * `ip rule show` prints it, in text and in `-json` (ip/iprule.c print_rule
 * of iproute2 6.1). Used by the CLI's `ip rule` and `ip monitor`; exported
 * for users who want ip-shaped output.
 *
 *   for (const r of nl.rules.list()) process.stdout.write(formatRule(r));
 */
import { FIB_RULE_FLAGS, FR_ACTIONS, IP_PROTOCOLS, RT_PROTOCOLS, RT_TABLES } from "../../codecs/rule/index.ts";
import type { Rule } from "../rtnl/rule/model.ts";
import { DSFIELDS, GROUPS, ipProtoName, PROTOS, REALMS, rtnName, TABLES } from "./names.ts";
import { COLOR, familyColor, Printer, type Color } from "./printer.ts";

const FIB_RULE_INVERT = 0x2, FIB_RULE_UNRESOLVED = 0x4, FIB_RULE_IIF_DETACHED = 0x8, FIB_RULE_OIF_DETACHED = 0x10;
const FR_ACT_TO_TBL = 1, FR_ACT_GOTO = 2, FR_ACT_NOP = 3;
const RTN_NAT = 10;
const RTPROT_KERNEL = 2;

const enumNum = (t: { value(v: string | number, p: string, max?: number): number }, v: string | number): number =>
  typeof v === "number" ? v : t.value(v, "rule");

const hex = (v: number): string => (v === 0 ? "0" : `0x${v.toString(16)}`);

/** Options of one rule line. */
export interface RulePrintOptions {
  /** ip -details level: with 1 or more, the protocol even when it is kernel or unspec. */
  details?: number;
  /** Print as a removal ("Deleted ", as ip monitor does). */
  deleted?: boolean;
}

/** `from`/`to` of print_rule: the address, and the prefix length unless it is a host's. */
function printPrefix(p: Printer, prefix: string, key: "src" | "dst", host: number, color: Color): void {
  const slash = prefix.lastIndexOf("/");
  const addr = slash < 0 ? prefix : prefix.slice(0, slash);
  const len = slash < 0 ? host : Number(prefix.slice(slash + 1));
  p.str(key, "%s", addr, color);
  if (len !== host) p.num(`${key}len`, "/%s", len);
}

/** Print one rule into `p` (the caller opens/closes the JSON object). */
export function printRule(p: Printer, r: Rule, o: RulePrintOptions = {}): void {
  const flags = FIB_RULE_FLAGS.value(r.flags, "flags");
  const host = r.family === "inet6" ? 128 : 32;
  const action = enumNum(FR_ACTIONS, r.action);
  if (o.deleted) p.bool("deleted", "Deleted ", true);
  p.num("priority", "%s:\t", r.priority);
  if (flags & FIB_RULE_INVERT) p.null("not", "not ");
  if (r.from !== undefined) {
    p.text("from ");
    printPrefix(p, r.from, "src", host, familyColor(r.family));
  } else p.str("src", "from %s", "all");
  if (r.to !== undefined) {
    p.text(" to ");
    printPrefix(p, r.to, "dst", host, familyColor(r.family));
  }
  if (r.tos) p.str("tos", " tos %s", DSFIELDS.name(r.tos));
  if (r.fwmark !== undefined || r.fwmask !== undefined) {
    const mark = (r.fwmark ?? 0) >>> 0;
    const mask = r.fwmask === undefined ? 0xffffffff : r.fwmask >>> 0;
    p.str("fwmark", " fwmark %s", hex(mark));
    if (r.fwmask !== undefined && mask !== 0xffffffff) p.str("fwmask", "/%s", hex(mask));
  }
  if (r.iif !== undefined) {
    p.text(" iif ");
    p.str("iif", "%s", r.iif, COLOR.IFNAME);
    if (flags & FIB_RULE_IIF_DETACHED) p.null("iif_detached", " [detached]");
  }
  if (r.oif !== undefined) {
    p.text(" oif ");
    p.str("oif", "%s", r.oif, COLOR.IFNAME);
    if (flags & FIB_RULE_OIF_DETACHED) p.null("oif_detached", " [detached]");
  }
  if (r.l3mdev) p.null("l3mdev", " lookup [l3mdev-table]");
  if (r.uidRange !== undefined) {
    p.num("uid_start", " uidrange %s", r.uidRange.start);
    p.num("uid_end", "-%s", r.uidRange.end);
  }
  if (r.ipProto !== undefined) p.str("ipproto", " ipproto %s", ipProtoName(enumNum(IP_PROTOCOLS, r.ipProto)));
  for (const word of ["sport", "dport"] as const) {
    const range = r[word];
    if (range === undefined) continue;
    if (range.start === range.end) p.num(word, ` ${word} %s`, range.start);
    else {
      p.num(`${word}_start`, ` ${word} %s`, range.start);
      p.num(`${word}_end`, "-%s", range.end);
    }
  }
  if (r.tunId !== undefined) p.num("tun_id", " tun_id %s", r.tunId);
  const table = r.table === undefined ? 0 : enumNum(RT_TABLES, r.table);
  if (table) {
    p.str("table", " lookup %s", TABLES.name(table));
    if (r.suppressPrefixlen !== undefined) p.num("suppress_prefixlen", " suppress_prefixlength %s", r.suppressPrefixlen | 0);
    if (r.suppressIfgroup !== undefined) p.str("suppress_ifgroup", " suppress_ifgroup %s", GROUPS.name(r.suppressIfgroup >>> 0));
  }
  if (r.flow !== undefined) {
    const to = r.flow & 0xffff;
    const from = r.flow >>> 16;
    if (from) p.str("flow_from", " realms %s/", REALMS.name(from));
    else p.text(" realms ");
    p.str("flow_to", "%s", REALMS.name(to));
  }
  if (action === RTN_NAT) p.null("masquerade", " masquerade"); // the model keeps no NAT gateway (kernels since 2.6.26 refuse NAT rules)
  else if (action === FR_ACT_GOTO) {
    if (r.goto !== undefined) p.num("goto", " goto %s", r.goto);
    else p.str("goto", " goto %s", "none");
    if (flags & FIB_RULE_UNRESOLVED) p.null("unresolved", " [unresolved]");
  } else if (action === FR_ACT_NOP) p.null("nop", " nop");
  else if (action !== FR_ACT_TO_TBL) p.str("action", " %s", rtnName(action));
  if (r.protocol !== undefined) {
    const proto = enumNum(RT_PROTOCOLS, r.protocol);
    if ((proto && proto !== RTPROT_KERNEL) || (o.details ?? 0) > 0) p.str("protocol", " proto %s", PROTOS.name(proto));
  }
  p.text("\n");
}

/** Options of formatRule: the output mode and the line options. */
export interface RuleFormatOptions extends RulePrintOptions {
  /** ip -json: one JSON object instead of text. */
  json?: boolean;
  /** ip -json -pretty layout. */
  pretty?: boolean;
}

/** One rule as ip prints it: a text line (`100:\tfrom all lookup 100`) or, with `json`, its object. */
export function formatRule(r: Rule, o: RuleFormatOptions = {}): string {
  const p = new Printer({ json: o.json === true, pretty: o.pretty === true, oneline: false });
  p.obj();
  printRule(p, r, o);
  p.endObj();
  return p.take();
}
