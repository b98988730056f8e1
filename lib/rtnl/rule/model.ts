/**
 * The rule model (docs/MODEL.md): the plain, JSON-serialisable FIB policy routing rule built
 * from a decoded RTM_NEWRULE message (codecs/rule). Field names follow
 * RuleSpec, so a listed rule can be handed back to `delete`.
 */
import type { RuleMessage } from "../../../codecs/rule/index.ts";
import { RT_TABLES } from "../../../codecs/rule/tables.ts";
import { AF_INET, AF_INET6 } from "../../../codecs/ip/index.ts";

/** An inclusive range of ports or uids. */
export interface Range {
  start: number;
  end: number;
}

/** One rule as the kernel reports it. */
export interface Rule {
  /** "inet" or "inet6"; another family number (e.g. 128 for ipmr) is passed through. */
  family: "inet" | "inet6" | number;
  /** Preference; lower runs first. */
  priority: number;
  /** "table", "goto", "nop", "blackhole", "unreachable", "prohibit" (or the number of another action). */
  action: string | number;
  /** Table (FRA_TABLE, else the header's 8-bit id), when not 0: "main", "local", "default" or the number. */
  table?: string | number;
  /** Source prefix ("192.0.2.0/24"); absent for "from all". */
  from?: string;
  /** Destination prefix; absent for "to all". */
  to?: string;
  /** The selector is inverted (FIB_RULE_INVERT, `ip rule add not ...`). */
  not: boolean;
  /** TOS byte (IPv4) / traffic class (IPv6), when not 0. */
  tos?: number;
  iif?: string;
  oif?: string;
  fwmark?: number;
  fwmask?: number;
  /** Target priority of a goto rule. */
  goto?: number;
  /** Suppress lookups whose prefix length is <= this (absent when the kernel reports none, -1). */
  suppressPrefixlen?: number;
  suppressIfgroup?: number;
  uidRange?: Range;
  /** IP protocol: "tcp", "udp", ... as /etc/protocols names it, or the number. */
  ipProto?: string | number;
  sport?: Range;
  dport?: Range;
  l3mdev?: boolean;
  /** Originator: "kernel", "boot", "static", ... or the number. */
  protocol?: string | number;
  dscp?: number;
  /** Realms (FRA_FLOW). */
  flow?: number;
  tunId?: bigint;
  flowlabel?: number;
  flowlabelMask?: number;
  /** Every FIB_RULE_* flag as the kernel reports it ("invert", "unresolved", "iif_detached", ...). */
  flags: string[];
}

const NO_SUPPRESS = 0xffffffff;

/** Turn a decoded RTM_NEWRULE message into a Rule. */
export function toRule(m: RuleMessage): Rule {
  const a = m.attrs;
  const family = m.family === AF_INET ? "inet" : m.family === AF_INET6 ? "inet6" : m.family;
  const tableAttr = a.table === undefined ? undefined : RT_TABLES.value(a.table, "table");
  const table = tableAttr ?? RT_TABLES.value(m.table, "table");
  const r: Rule = { family, priority: a.priority ?? 0, action: m.action, not: m.flags.includes("invert"), flags: m.flags };
  if (table !== 0) r.table = RT_TABLES.name(table);
  if (a.src !== undefined && a.src !== "") r.from = `${a.src}/${m.srcLen}`;
  if (a.dst !== undefined && a.dst !== "") r.to = `${a.dst}/${m.dstLen}`;
  if (m.tos !== 0) r.tos = m.tos;
  if (a.iifname !== undefined) r.iif = a.iifname;
  if (a.oifname !== undefined) r.oif = a.oifname;
  if (a.fwmark !== undefined) r.fwmark = a.fwmark;
  if (a.fwmask !== undefined) r.fwmask = a.fwmask;
  if (a.goto !== undefined) r.goto = a.goto;
  if (a.suppressPrefixlen !== undefined && a.suppressPrefixlen !== NO_SUPPRESS) r.suppressPrefixlen = a.suppressPrefixlen;
  if (a.suppressIfgroup !== undefined && a.suppressIfgroup !== NO_SUPPRESS) r.suppressIfgroup = a.suppressIfgroup;
  if (a.uidRange !== undefined) r.uidRange = { start: a.uidRange.start, end: a.uidRange.end };
  if (a.ipProto !== undefined) r.ipProto = a.ipProto;
  if (a.sportRange !== undefined) r.sport = { start: a.sportRange.start, end: a.sportRange.end };
  if (a.dportRange !== undefined) r.dport = { start: a.dportRange.start, end: a.dportRange.end };
  if (a.l3mdev !== undefined) r.l3mdev = a.l3mdev !== 0;
  if (a.protocol !== undefined) r.protocol = a.protocol;
  if (a.dscp !== undefined) r.dscp = a.dscp;
  if (a.flow !== undefined) r.flow = a.flow;
  if (a.tunId !== undefined) r.tunId = a.tunId;
  if (a.flowlabel !== undefined) r.flowlabel = a.flowlabel;
  if (a.flowlabelMask !== undefined) r.flowlabelMask = a.flowlabelMask;
  return r;
}
