/**
 * Validation of rule API input and the RTM_NEWRULE / RTM_DELRULE messages
 * built from it. Pure: every bad value is rejected before a syscall.
 * Requests are laid out as iproute2 (ip/iprule.c) lays out
 *   ip rule add [not] [protocol P] [from PREFIX] [to PREFIX] [fwmark M[/K]]
 *     [iif DEV] [oif DEV] [l3mdev] [uidrange A-B] [ipproto P] [sport A[-B]]
 *     [dport A[-B]] [realms N] [tun_id N] [priority N] [lookup TABLE]
 *     [goto N | nop | blackhole | unreachable | prohibit]
 *     [suppress_prefixlength N] [suppress_ifgroup N] [tos T]
 * (iproute2 writes attributes in argument order, so this is the order the
 * byte comparisons use), with iproute2's defaults: family inet, action
 * "table" and table main for `add` when neither a table nor another
 * action (nor l3mdev) is given; `delete` sends only what is given.
 */
import type { RuleAttrs, RuleMessage } from "../../../codecs/rule/index.ts";
import { IP_PROTOCOLS, RT_PROTOCOLS } from "../../../codecs/rule/tables.ts";
import { AF_INET, AF_INET6, parsePrefix, type Prefix } from "../../../codecs/ip/index.ts";
import { checkIfName } from "../shared/ifindex.ts";
import { checkObject } from "../neighbour/spec.ts";
import type { Range } from "./model.ts";

/** What `add` and `delete` take (the words of `ip rule`). */
export interface RuleSpec {
  /**
   * "inet"/"inet6" (or 4/6); default the family of from/to, else inet (as
   * ip). With RuleApiOptions checks "kernel" only, also any other AF_*
   * number 0..255 (e.g. 17 AF_PACKET, as `ip -0 rule add` sends), passed
   * as is for the kernel to answer ("Rule family not supported").
   */
  family?: "inet" | "inet6" | 4 | 6 | number;
  /** Preference 0..2^32-1; the kernel picks one below the first rule when absent. */
  priority?: number;
  /** Source prefix ("192.0.2.0/24", "2001:db8::/32"); "all" or absent for any. */
  from?: string;
  /** Destination prefix; "all" or absent for any. */
  to?: string;
  /** Incoming interface name (need not exist yet). */
  iif?: string;
  /** Outgoing interface name. */
  oif?: string;
  fwmark?: number;
  /** Mask for fwmark (needs fwmark). */
  fwmask?: number;
  /** Table id 1..2^32-1 or "main", "local", "default". */
  table?: number | "main" | "local" | "default";
  /**
   * What a match does; default "table" (or "goto" when `goto` is given).
   * With RuleApiOptions checks "kernel" also any FR_ACT_* number 0..255
   * (ip's `type` takes every route type: `type nat` is 10).
   */
  action?: "table" | "goto" | "nop" | "blackhole" | "unreachable" | "prohibit" | number;
  /** Priority of the rule to jump to (action goto); must be above `priority`. */
  goto?: number;
  /** Ignore routing decisions with a prefix length <= N (0..2^31-1; N at or above the address width: all of them). */
  suppressPrefixlen?: number;
  /** Ignore routing decisions whose device is in this group. */
  suppressIfgroup?: number;
  uidRange?: Range;
  /** IP protocol number or /etc/protocols name ("tcp", "udp", "icmp", ...). */
  ipProto?: number | string;
  /** Source port or range, 1..65534 (the kernel's fib_rule_port_range_valid). */
  sport?: number | Range;
  dport?: number | Range;
  /** Look up the table of the l3mdev (VRF) device the packet is on. */
  l3mdev?: boolean;
  /** Originator: "static", "boot", ... or 0..255. */
  protocol?: string | number;
  /** TOS byte 0..255 (IPv4) / traffic class (IPv6). */
  tos?: number;
  /** DSCP 0..63; not together with tos. */
  dscp?: number;
  /** Invert the selector (`not`). */
  not?: boolean;
  /** Realms (FRA_FLOW), IPv4 only. */
  flow?: number;
  /** Tunnel id (FRA_TUN_ID). */
  tunId?: bigint | number;
  /** IPv6 flow label 0..0xfffff, with flowlabelMask (default 0xfffff). */
  flowlabel?: number;
  flowlabelMask?: number;
}

const SPEC_KEYS = [
  "family", "priority", "from", "to", "iif", "oif", "fwmark", "fwmask", "table", "action", "goto", "suppressPrefixlen",
  "suppressIfgroup", "uidRange", "ipProto", "sport", "dport", "l3mdev", "protocol", "tos", "dscp", "not", "flow", "tunId",
  "flowlabel", "flowlabelMask",
];
const ACTIONS = ["table", "goto", "nop", "blackhole", "unreachable", "prohibit"];
const TABLE_NAMES: Record<string, number> = { default: 253, main: 254, local: 255 };
const U32 = 0xffffffff;

function int(v: unknown, min: number, max: number, field: string): number {
  if (typeof v !== "number" || !Number.isInteger(v)) throw new TypeError(`${field}: expected an integer, got ${JSON.stringify(v)}`);
  if (v < min || v > max) throw new RangeError(`${field}: ${v} is out of range ${min}..${max}`);
  return v;
}

/** A range or single value; `kernel`: any start and end of the field's type, for the kernel to judge. */
function range(v: unknown, min: number, max: number, field: string, kernel = false): Range {
  if (kernel) [min, max] = [0, max === 0xfffe ? 0xffff : max];
  if (typeof v === "number") {
    const n = int(v, min, max, field);
    return { start: n, end: n };
  }
  const r = checkObject(v as Range, ["start", "end"], field);
  const start = int(r.start, min, max, `${field}.start`);
  const end = int(r.end, min, max, `${field}.end`);
  if (start > end && !kernel) throw new RangeError(`${field}: start ${start} is after end ${end}`);
  return { start, end };
}

/** A table id: 1..2^32-1 or a name (0 too with `zero`: the kernel then picks an unused table, as `ip rule add table 0` asks). */
export function checkTable(v: unknown, field: string, zero = false): number {
  if (typeof v === "string") {
    const n = TABLE_NAMES[v];
    if (n === undefined) throw new TypeError(`${field}: unknown table ${JSON.stringify(v)} (known: main, local, default, or 1..4294967295)`);
    return n;
  }
  return int(v, zero ? 0 : 1, U32, field);
}

function prefix(v: unknown, family: number | undefined, field: string, kernel = false): Prefix | undefined {
  if (v === undefined || v === "all") return undefined;
  const p = parsePrefix(v as string, field);
  if (family !== undefined && p.family !== family && !kernel) {
    throw new TypeError(`${field}: ${JSON.stringify(v)} is an IPv${p.family === AF_INET ? 4 : 6} prefix but family is ${family === AF_INET ? 4 : 6}`);
  }
  return p;
}

function bool(v: unknown, field: string): boolean {
  if (v === undefined) return false;
  if (typeof v !== "boolean") throw new TypeError(`${field}: expected a boolean, got ${JSON.stringify(v)}`);
  return v;
}

/**
 * Validate `spec` and build the RTM_NEWRULE (`add`) or RTM_DELRULE message.
 * Throws TypeError/RangeError naming the field. `kernel` (RuleApiOptions
 * checks "kernel"): a prefix of the other family than `family` is sent as
 * given, for the kernel to refuse ("Invalid source address"), as ip does;
 * so are a `family` of any AF_* number, an action number, table 0, a table
 * or goto with another action, a backward goto, port and uid ranges of
 * any order and width, realms on IPv6 and interface names with ':'; a
 * from/to of "all" is ip's zero-length attribute, and the attributes
 * follow the order of the spec's keys (ip's order of words).
 */
export function ruleMessageOf(spec: RuleSpec, op: "add" | "delete", field = "spec", kernel = false): RuleMessage {
  const s = checkObject(spec, SPEC_KEYS, field);
  let family: number | undefined;
  if (kernel && typeof s.family === "number" && s.family !== 4 && s.family !== 6 && Number.isInteger(s.family) && s.family >= 0 && s.family <= 255) {
    family = s.family; // ip's preferred_family (-0, -f ...), the kernel's to refuse
  } else if (s.family !== undefined) {
    if (s.family !== 4 && s.family !== 6 && s.family !== "inet" && s.family !== "inet6") throw new TypeError(`${field}.family: expected "inet", "inet6", 4 or 6, got ${JSON.stringify(s.family)}`);
    family = s.family === 4 || s.family === "inet" ? AF_INET : AF_INET6;
  }
  const src = prefix(s.from, family, `${field}.from`, kernel);
  family ??= src?.family;
  const dst = prefix(s.to, family, `${field}.to`, kernel);
  family ??= dst?.family ?? AF_INET;
  const v6 = family === AF_INET6;

  let action: string | number | undefined;
  if (kernel && typeof s.action === "number") action = int(s.action, 0, 0xff, `${field}.action`);
  else if (s.action !== undefined) {
    if (typeof s.action !== "string" || !ACTIONS.includes(s.action)) throw new TypeError(`${field}.action: unknown rule action ${JSON.stringify(s.action)} (known: ${ACTIONS.join(", ")})`);
    action = s.action;
  }
  const priority = s.priority === undefined ? undefined : int(s.priority, 0, U32, `${field}.priority`);
  let goto: number | undefined;
  if (s.goto !== undefined) {
    goto = int(s.goto, 0, U32, `${field}.goto`);
    if (action !== undefined && action !== "goto" && !kernel) throw new TypeError(`${field}.goto: only for action "goto", not ${JSON.stringify(action)}`);
    if (priority !== undefined && goto <= priority && !kernel) throw new RangeError(`${field}.goto: ${goto} must be above priority ${priority} (the kernel refuses backward jumps)`);
    action ??= "goto";
  } else if (action === "goto" && op === "add" && !kernel) {
    throw new TypeError(`${field}.goto: required for action "goto"`);
  }
  const table = s.table === undefined ? undefined : checkTable(s.table, `${field}.table`, kernel);
  if (table !== undefined && action !== undefined && action !== "table" && !kernel) throw new TypeError(`${field}.table: only for action "table", not ${JSON.stringify(action)}`);
  const l3mdev = bool(s.l3mdev, `${field}.l3mdev`);
  if (l3mdev && table !== undefined) throw new TypeError(`${field}.l3mdev: l3mdev and table are mutually exclusive`);
  const not = bool(s.not, `${field}.not`);
  const tos = s.tos === undefined ? 0 : int(s.tos, 0, 0xff, `${field}.tos`);
  const dscp = s.dscp === undefined ? undefined : int(s.dscp, 0, 63, `${field}.dscp`);
  if (dscp !== undefined && s.tos !== undefined) throw new TypeError(`${field}.dscp: not together with tos`);
  if (s.fwmask !== undefined && s.fwmark === undefined) throw new TypeError(`${field}.fwmask: needs fwmark`);
  if (s.flowlabelMask !== undefined && s.flowlabel === undefined) throw new TypeError(`${field}.flowlabelMask: needs flowlabel`);
  if (s.flow !== undefined && v6 && !kernel) throw new TypeError(`${field}.flow: realms exist for IPv4 rules only`);
  if (s.flowlabel !== undefined && !v6) throw new TypeError(`${field}.flowlabel: flow labels exist for IPv6 rules only`);

  const attrs: RuleAttrs = {};
  if (s.protocol !== undefined) attrs.protocol = RT_PROTOCOLS.value(s.protocol, `${field}.protocol`, 0xff);
  // kernel: "all" is ip's zero-length FRA_SRC/FRA_DST (get_prefix's "all" has no bytes), which the kernel ignores at length 0
  if (src) attrs.src = src.address;
  else if (kernel && s.from === "all") attrs.src = "";
  if (dst) attrs.dst = dst.address;
  else if (kernel && s.to === "all") attrs.dst = "";
  if (s.fwmark !== undefined) attrs.fwmark = int(s.fwmark, 0, U32, `${field}.fwmark`);
  if (s.fwmask !== undefined) attrs.fwmask = int(s.fwmask, 0, U32, `${field}.fwmask`);
  if (s.iif !== undefined) attrs.iifname = ifName(s.iif, `${field}.iif`, kernel);
  if (s.oif !== undefined) attrs.oifname = ifName(s.oif, `${field}.oif`, kernel);
  if (l3mdev) attrs.l3mdev = 1;
  if (s.uidRange !== undefined) attrs.uidRange = range(s.uidRange, 0, U32, `${field}.uidRange`, kernel);
  if (s.ipProto !== undefined) attrs.ipProto = IP_PROTOCOLS.value(s.ipProto, `${field}.ipProto`, 0xff);
  if (s.sport !== undefined) attrs.sportRange = range(s.sport, 1, 0xfffe, `${field}.sport`, kernel);
  if (s.dport !== undefined) attrs.dportRange = range(s.dport, 1, 0xfffe, `${field}.dport`, kernel);
  if (dscp !== undefined) attrs.dscp = dscp;
  if (s.flowlabel !== undefined) {
    attrs.flowlabel = int(s.flowlabel, 0, 0xfffff, `${field}.flowlabel`);
    attrs.flowlabelMask = s.flowlabelMask === undefined ? 0xfffff : int(s.flowlabelMask, 0, 0xfffff, `${field}.flowlabelMask`);
  }
  if (s.flow !== undefined) attrs.flow = int(s.flow, 0, U32, `${field}.flow`);
  if (s.tunId !== undefined) attrs.tunId = tunId(s.tunId, `${field}.tunId`);
  if (priority !== undefined) attrs.priority = priority;
  if (table !== undefined && table > 0xff) attrs.table = table;
  if (goto !== undefined) attrs.goto = goto;
  // the kernel's field is an int (-1: none); a length at or above the address width suppresses every route
  if (s.suppressPrefixlen !== undefined) attrs.suppressPrefixlen = int(s.suppressPrefixlen, 0, 0x7fffffff, `${field}.suppressPrefixlen`);
  if (s.suppressIfgroup !== undefined) attrs.suppressIfgroup = int(s.suppressIfgroup, 0, U32 - 1, `${field}.suppressIfgroup`);

  if (op === "add") action ??= "table";
  const defaultMain = op === "add" && action === "table" && table === undefined && !l3mdev;
  const headerTable = table !== undefined ? (table > 0xff ? 0 : table) : defaultMain ? TABLE_NAMES.main! : 0;
  return {
    family, dstLen: dst?.prefixLen ?? 0, srcLen: src?.prefixLen ?? 0, tos, table: headerTable,
    action: action ?? "unspec", flags: not ? ["invert"] : [], attrs: kernel ? inSpecOrder(s, attrs) : attrs,
  };
}

/** The attributes each spec key becomes. */
const ATTRS_OF: Record<string, Array<keyof RuleAttrs>> = {
  from: ["src"], to: ["dst"], iif: ["iifname"], oif: ["oifname"], uidRange: ["uidRange"], sport: ["sportRange"], dport: ["dportRange"],
  flowlabel: ["flowlabel", "flowlabelMask"],
};

/**
 * `kernel`: the attributes in the order of the spec's keys, as iproute2
 * writes them in the order of its words (the codec encodes in key order);
 * the lib's own order otherwise.
 */
function inSpecOrder(s: RuleSpec, attrs: RuleAttrs): RuleAttrs {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(s)) for (const a of ATTRS_OF[k] ?? [k as keyof RuleAttrs]) if (attrs[a] !== undefined) out[a] = attrs[a];
  return Object.assign(out, attrs) as RuleAttrs;
}

/** An interface name; `kernel`: any string shorter than IFNAMSIZ (ip checks only '/' and blanks, the kernel the rest). */
function ifName(v: unknown, field: string, kernel: boolean): string {
  if (kernel && typeof v === "string" && new TextEncoder().encode(v).length < 16) return v;
  return checkIfName(v, field);
}

function tunId(v: unknown, field: string): bigint {
  if (typeof v === "number") return BigInt(int(v, 0, Number.MAX_SAFE_INTEGER, field));
  if (typeof v !== "bigint") throw new TypeError(`${field}: expected a bigint or integer, got ${typeof v}`);
  if (v < 0n || v > 0xffffffffffffffffn) throw new RangeError(`${field}: ${v} is out of range 0..2^64-1`);
  return v;
}
