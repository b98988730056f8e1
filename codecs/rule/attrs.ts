/**
 * The FIB rule attribute set (FRA_*, linux/fib_rules.h; numbers and types
 * from rt-rule.yaml fib-rule-attrs, which also lists the attributes newer
 * than this machine's header: dscp, flowlabel, port and dscp masks).
 * Departures from the spec's plain types, following the kernel's wire use:
 * - FRA_DST / FRA_SRC are addresses of the rule's family (the spec says
 *   u32); iproute2 sends a zero-length one for "from all", decoded as "";
 * - FRA_TUN_ID is big-endian (nla_get_be64 in fib_rules.c);
 * - FRA_UID_RANGE / FRA_SPORT_RANGE / FRA_DPORT_RANGE are the structs
 *   fib_rule_uid_range and fib_rule_port_range.
 * FRA_TABLE, FRA_PROTOCOL and FRA_IP_PROTO decode to names where iproute2
 * has one ("main", "static", "tcp"), numbers otherwise.
 */
import { attrSet } from "../core/attrset.ts";
import { DecodeError } from "../core/errors.ts";
import { custom, enumField, string, u16, u32, u32be, u8 } from "../core/fields.ts";
import { struct, structField } from "../core/struct.ts";
import { formatIP, parseIP } from "../ip/index.ts";
import { IP_PROTOCOLS, RT_PROTOCOLS, RT_TABLES } from "./tables.ts";

/** FRA_* attribute numbers. fib_rules.h, rt-rule.yaml */
export const FRA = {
  DST: 1, SRC: 2, IIFNAME: 3, GOTO: 4, PRIORITY: 6, FWMARK: 10, FLOW: 11, TUN_ID: 12,
  SUPPRESS_IFGROUP: 13, SUPPRESS_PREFIXLEN: 14, TABLE: 15, FWMASK: 16, OIFNAME: 17, PAD: 18,
  L3MDEV: 19, UID_RANGE: 20, PROTOCOL: 21, IP_PROTO: 22, SPORT_RANGE: 23, DPORT_RANGE: 24,
  DSCP: 25, FLOWLABEL: 26, FLOWLABEL_MASK: 27, SPORT_MASK: 28, DPORT_MASK: 29, DSCP_MASK: 30,
} as const;

/** struct fib_rule_uid_range. fib_rules.h */
export const uidRange = struct("fib_rule_uid_range", [["start", "u32"], ["end", "u32"]] as const);
/** struct fib_rule_port_range. fib_rules.h */
export const portRange = struct("fib_rule_port_range", [["start", "u16"], ["end", "u16"]] as const);

/** An address of 4 or 16 bytes, or the empty attribute iproute2 sends for "all" (""). */
const ruleAddr = (type: number) => custom<string>(type, (b, _dv, off, len, path) => {
  if (len === 0) return "";
  if (len !== 4 && len !== 16) throw new DecodeError(`address needs 4 or 16 bytes, got ${len}`, path, off);
  return formatIP(b, off, len);
}, (w, v, path) => {
  if (v === "") return;
  w.bytes(parseIP(v, path).bytes);
});

/** A big-endian u64 (NLA_BE64), as bigint. */
const be64 = (type: number) => custom<bigint>(type, (_b, dv, off, len, path) => {
  if (len !== 8) throw new DecodeError(`be64 needs 8 bytes, got ${len}`, path, off);
  return dv.getBigUint64(off, false);
}, (w, v, path) => {
  const b = typeof v === "bigint" ? v : typeof v === "number" && Number.isSafeInteger(v) ? BigInt(v) : undefined;
  if (b === undefined) throw new TypeError(`${path}: expected a bigint or safe integer, got ${String(v)}`);
  if (b < 0n || b > 0xffffffffffffffffn) throw new RangeError(`${path}: ${b} is out of range 0..2^64-1`);
  w.ensure(8);
  w.dv.setBigUint64(w.pos, b, false);
  w.pos += 8;
});

/** FRA_* attributes of RTM_NEWRULE/DELRULE/GETRULE. */
export const ruleAttrs = attrSet("rule", () => ({
  dst: ruleAddr(FRA.DST),
  src: ruleAddr(FRA.SRC),
  iifname: string(FRA.IIFNAME),
  goto: u32(FRA.GOTO),
  priority: u32(FRA.PRIORITY),
  fwmark: u32(FRA.FWMARK),
  flow: u32(FRA.FLOW),
  tunId: be64(FRA.TUN_ID),
  suppressIfgroup: u32(FRA.SUPPRESS_IFGROUP),
  suppressPrefixlen: u32(FRA.SUPPRESS_PREFIXLEN),
  table: enumField(FRA.TABLE, 4, RT_TABLES),
  fwmask: u32(FRA.FWMASK),
  oifname: string(FRA.OIFNAME),
  l3mdev: u8(FRA.L3MDEV),
  uidRange: structField(FRA.UID_RANGE, uidRange),
  protocol: enumField(FRA.PROTOCOL, 1, RT_PROTOCOLS),
  ipProto: enumField(FRA.IP_PROTO, 1, IP_PROTOCOLS),
  sportRange: structField(FRA.SPORT_RANGE, portRange),
  dportRange: structField(FRA.DPORT_RANGE, portRange),
  dscp: u8(FRA.DSCP),
  flowlabel: u32be(FRA.FLOWLABEL),
  flowlabelMask: u32be(FRA.FLOWLABEL_MASK),
  sportMask: u16(FRA.SPORT_MASK),
  dportMask: u16(FRA.DPORT_MASK),
  dscpMask: u8(FRA.DSCP_MASK),
}));

/** The decoded rule attributes. */
export type RuleAttrs = typeof ruleAttrs._type;

