/**
 * The selector of `ip rule show|flush|save` as ip 6.1 reads and applies it
 * (ip/iprule.c iprule_list_flush_or_save and filter_nlmsg): a grammar of
 * its own, not iprule_modify's (`src` for `from`, a bare prefix for `to`,
 * `protocol all`, sscanf-read ranges), prefixes that match every rule
 * inside them (inet_addr_match_rta, a filter length at most the rule's),
 * fwmark/fwmask/tun_id/ipproto/ports compared only when non-zero, and the
 * protocol applied by flush only (print_rule ignores it).
 */
import type { RuleMessage } from "../lib/rtnl/rule/api.ts";
import { RT_PROTOCOLS, RT_TABLES } from "../lib/rtnl/rule/api.ts";
import { IP_PROTOCOLS } from "../codecs/rule/index.ts";
import { Args, matches, unsignedArg } from "./args.ts";
import { AF } from "./context.ts";
import { invarg } from "./errors.ts";
import { DSFIELDS, ipProtoId, PROTOS, strtoulWord, TABLES } from "../lib/format/names.ts";
import { needPrefix, parseAddrArg, type PrefixArg } from "./prefix.ts";

/** A parsed `ip rule show` selector (ip's static `filter` struct); zero/undefined fields select nothing. */
export interface RuleFilter {
  not: boolean;
  l3mdev: boolean;
  pref?: number;
  tos?: number;
  fwmark: number;
  fwmask: number;
  iif?: string;
  oif?: string;
  uidRange?: { start: number; end: number };
  tunId: bigint;
  /** Table id; 0 selects every table. */
  table: number;
  src?: PrefixArg;
  dst?: PrefixArg;
  /** Route protocol and its mask (0 for `protocol all` or none): flush only. */
  protocol: number;
  protocolMask: number;
  /** IP protocol (u8); 0 selects any. */
  ipProto: number;
  /** Port ranges; a start of 0 selects any. */
  sport: { start: number; end: number };
  dport: { start: number; end: number };
}

/**
 * glibc sscanf's %u (`bits` 32) or %hu (16) at `pos`: blanks, a sign,
 * decimal digits, read as strtoul (saturating at 2^64-1, "-N" wrapping)
 * and then truncated to the type; undefined when no digit is there.
 */
function scanUnsigned(s: string, pos: number, bits: 16 | 32): { v: number; end: number } | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?)([0-9]+)/.exec(s.slice(pos));
  if (!m) return undefined;
  let v = BigInt(m[2]!);
  const max = (1n << 64n) - 1n;
  if (v > max) v = max;
  else if (m[1] === "-") v = (max + 1n - v) & max;
  return { v: Number(v & ((1n << BigInt(bits)) - 1n)), end: pos + m[0].length };
}

/** sscanf(s, "%u-%u") (or "%hu-%hu"): the values read, how many (0..2; ip treats EOF as a failure too). */
export function scanRange(s: string, bits: 16 | 32): { n: number; start: number; end: number } {
  const a = scanUnsigned(s, 0, bits);
  if (!a) return { n: 0, start: 0, end: 0 };
  if (s[a.end] !== "-") return { n: 1, start: a.v, end: 0 };
  const b = scanUnsigned(s, a.end + 1, bits);
  return b ? { n: 2, start: a.v, end: b.v } : { n: 1, start: a.v, end: 0 };
}

/** ip's get_ifname/check_ifname: shorter than IFNAMSIZ, not empty, no '/' or blank. */
export function ifname(v: string, msg: string): string {
  if (v === "" || new TextEncoder().encode(v).length >= 16 || /[/ \t\n\v\f\r]/.test(v)) throw invarg(msg, v);
  return v;
}

/** ip's get_u64 with base 0: strtoull of the whole word, refusing a magnitude past 2^64-1 (ERANGE). */
export function getU64(v: string): bigint | undefined {
  const n = strtoulWord(v, 0);
  if (n === (1n << 64n) - 1n) {
    const body = v.replace(/^[ \t\n\v\f\r]*[+-]?/, "");
    const mag = /^0[xX]/.test(body) ? BigInt(body) : /^0/.test(body) ? BigInt(`0o${body}`) : BigInt(body);
    if (mag > n) return undefined;
  }
  return n;
}

/** inet_proto_a2n: get_u8 with base 10, else an /etc/protocols name. */
export function ipProto(v: string): number | undefined {
  const n = strtoulWord(v, 10);
  if (n !== undefined) return n <= 255n ? Number(n) : undefined;
  return ipProtoId(v);
}

/**
 * Parse the words after `ip rule show|flush|save` as iprule_list_flush_or_save
 * does; `af` is the listing's family (AF_INET without -4/-6), in which the
 * prefixes are read (AF_PACKET: none is taken). Throws ip's CliErrors.
 */
export function parseRuleFilter(argv: readonly string[], af: number): RuleFilter {
  const f: RuleFilter = {
    not: false, l3mdev: false, fwmark: 0, fwmask: 0, tunId: 0n, table: 0, protocol: 0, protocolMask: 0, ipProto: 0,
    sport: { start: 0, end: 0 }, dport: { start: 0, end: 0 },
  };
  const a = new Args(argv);
  while (!a.done) {
    const w = a.word();
    if (matches(w, "preference") || matches(w, "order") || matches(w, "priority")) f.pref = unsignedArg(a.value(), "preference value is invalid\n");
    else if (w === "not") f.not = true;
    else if (w === "tos" || w === "dsfield") {
      const v = a.value();
      const t = DSFIELDS.id(v);
      if (t === undefined || t > 255) throw invarg("TOS value is invalid\n", v);
      f.tos = t;
    } else if (w === "fwmark") {
      const v = a.value();
      const slash = v.indexOf("/");
      f.fwmark = unsignedArg(slash < 0 ? v : v.slice(0, slash), "fwmark value is invalid\n");
      if (slash >= 0) f.fwmask = unsignedArg(v.slice(slash + 1), "fwmask value is invalid\n");
    } else if (w === "dev" || w === "iif") f.iif = ifname(a.value(), '"iif"/"dev" not a valid ifname');
    else if (w === "oif") f.oif = ifname(a.value(), '"oif" not a valid ifname');
    else if (w === "l3mdev") f.l3mdev = true;
    else if (w === "uidrange") {
      const v = a.value();
      const r = scanRange(v, 32);
      // ip keeps what sscanf stored before it fails; the failure exits anyway
      if (r.n !== 2) throw invarg("invalid UID range\n", v);
      f.uidRange = { start: r.start, end: r.end };
    } else if (matches(w, "tun_id")) {
      const v = a.value();
      const n = getU64(v);
      if (n === undefined) throw invarg('"tun_id" value is invalid\n', v);
      f.tunId = n;
    } else if (matches(w, "lookup") || matches(w, "table")) {
      const v = a.value();
      const t = TABLES.id(v);
      if (t === undefined) throw invarg("table id value is invalid\n", v);
      f.table = t;
    } else if (matches(w, "from") || matches(w, "src")) f.src = needPrefix(a.value(), af);
    else if (matches(w, "protocol")) {
      const v = a.value();
      const p = PROTOS.id(v);
      if (p !== undefined && p <= 255) [f.protocol, f.protocolMask] = [p, -1];
      else if (v === "all") [f.protocol, f.protocolMask] = [0, 0];
      else throw invarg('invalid "protocol"\n', v);
    } else if (w === "ipproto") {
      const v = a.value();
      const p = ipProto(v);
      if (p === undefined) throw invarg('Invalid "ipproto" value\n', v);
      f.ipProto = p;
    } else if (w === "sport" || w === "dport") {
      const v = a.value();
      const r = scanRange(v, 16);
      if (r.n === 0) throw invarg(w === "sport" ? "invalid port range\n" : "invalid dport range\n", v);
      f[w] = { start: r.start, end: r.n === 1 ? r.start : r.end };
    } else {
      const v = matches(w, "dst") || matches(w, "to") ? a.value() : w;
      f.dst = needPrefix(v, af);
    }
  }
  return f;
}

const enumNum = (t: { value(v: string | number, p: string, max?: number): number }, v: string | number | undefined): number =>
  v === undefined ? 0 : typeof v === "number" ? v : t.value(v, "rule");

/** inet_addr_match_rta after filter_nlmsg's family and length checks: does `p` hold the rule's address `addr`? */
function prefixHolds(p: PrefixArg, family: number, len: number, addr: string | undefined): boolean {
  if (p.family !== family || p.bitlen > len) return false;
  if (addr === undefined || addr === "" || p.bitlen <= 0) return true;
  const a = parseAddrArg(addr, AF.UNSPEC);
  if (!a || a.family !== p.family) return false;
  for (let bits = p.bitlen, i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((a.bytes[i]! & mask) !== (p.bytes[i]! & mask)) return false;
  }
  return true;
}

const sameRange = (r: { start: number; end: number } | undefined, want: { start: number; end: number }): boolean =>
  r !== undefined && r.start === want.start && r.end === want.end;

/**
 * filter_nlmsg of ip 6.1: does the dumped rule `m` pass `f`? `family` is
 * ip's preferred_family (AF_UNSPEC without -4/-6/-f).
 */
export function ruleMatches(f: RuleFilter, m: RuleMessage, family: number): boolean {
  const at = m.attrs;
  if (family !== AF.UNSPEC && m.family !== family) return false;
  if (f.pref !== undefined && f.pref !== (at.priority ?? 0)) return false;
  if (f.not && !m.flags.includes("invert")) return false;
  if (f.src && !prefixHolds(f.src, m.family, m.srcLen, at.src)) return false;
  if (f.dst && !prefixHolds(f.dst, m.family, m.dstLen, at.dst)) return false;
  if (f.tos !== undefined && f.tos !== m.tos) return false;
  if (f.fwmark && f.fwmark !== (at.fwmark ?? 0)) return false;
  if (f.fwmask && f.fwmask !== (at.fwmask ?? 0)) return false;
  if (f.iif !== undefined && at.iifname !== f.iif) return false;
  if (f.oif !== undefined && at.oifname !== f.oif) return false;
  if (f.l3mdev && !at.l3mdev) return false;
  if (f.uidRange && !sameRange(at.uidRange, f.uidRange)) return false;
  if (f.ipProto && f.ipProto !== enumNum(IP_PROTOCOLS, at.ipProto)) return false;
  if (f.sport.start && !sameRange(at.sportRange, f.sport)) return false;
  if (f.dport.start && !sameRange(at.dportRange, f.dport)) return false;
  if (f.tunId && at.tunId !== f.tunId) return false;
  const table = at.table !== undefined ? enumNum(RT_TABLES, at.table) : enumNum(RT_TABLES, m.table);
  if (f.table > 0 && f.table !== table) return false;
  return true;
}

/** flush_rule's extra test: a rule carrying FRA_PROTOCOL must have the selected protocol (any with `protocol all` or none). */
export function flushProtocolMatches(f: RuleFilter, m: RuleMessage): boolean {
  if (m.attrs.protocol === undefined) return true;
  return ((f.protocol ^ enumNum(RT_PROTOCOLS, m.attrs.protocol)) & f.protocolMask) === 0;
}
