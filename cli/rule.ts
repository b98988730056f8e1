/**
 * `ip rule show|add|del|flush|save|restore` (ip/iprule.c of iproute2 6.1):
 * IPv4 unless -6 is given, print_rule's keys and formats; changes through
 * the library's RuleApi; the listing selector in rule-filter.ts, save and
 * restore in rule-save.ts.
 */
import { RuleApi, type RuleMessage, type RuleSpec } from "../lib/rtnl/rule/api.ts";
import { Args, getInteger, getRealmsOrRaw, matches, unsignedArg } from "./args.ts";
import { AF, type Ctx } from "./context.ts";
import { printRows } from "./rows.ts";
import { CliError, failed, fatal1, invarg, isNetlinkError, kernelError } from "./errors.ts";
import { DSFIELDS, GROUPS, PROTOS, strtoulWord, TABLES } from "../lib/format/names.ts";
import { needPrefix, parseAddrArg } from "./prefix.ts";
import { flushProtocolMatches, getU64, ifname, ipProto, parseRuleFilter, ruleMatches, scanRange } from "./rule-filter.ts";
import { restore, save } from "./rule-save.ts";
import type { Printer } from "../lib/format/printer.ts";
import { printRule as printRuleModel } from "../lib/format/rule.ts";
import { toRule } from "../lib/rtnl/rule/model.ts";
import { RULE_USAGE } from "./usage-texts.ts";

const USAGE = RULE_USAGE;
const usage = () => new CliError(USAGE, 255, true);

/** print_rule of ip 6.1 for a decoded message: lib/format/rule.ts renders its model (caller opens/closes the JSON object). */
export function printRule(p: Printer, m: RuleMessage, details: number, deleted = false): void {
  printRuleModel(p, toRule(m), { details, deleted });
}

/**
 * iprule_list_flush_or_save's dump: the rules of the listing's family (ip's
 * af: -4/-6/-f, AF_INET without one; the kernel refuses families it has no
 * rules for). On a refusal ip has opened its JSON array ("[" with -j) and
 * prints the error and "Dump terminated", status 255.
 */
function dump(ctx: Ctx, af: number): RuleMessage[] {
  try {
    return new RuleApi(ctx.conn).dumpMessages(af);
  } catch (e) {
    if (isNetlinkError(e)) throw dumpTerminated(ctx, kernelError(e).message);
    throw e;
  }
}

function dumpTerminated(ctx: Ctx, msg: string): CliError {
  if (ctx.opts.json) ctx.io.out(ctx.opts.pretty ? "[ " : "[");
  return new CliError(msg + "Dump terminated\n", 255, false);
}

/** ip's af for listing: the -4/-6/-f family, AF_INET without one. */
function listFamily(ctx: Ctx): number {
  return ctx.opts.family === AF.UNSPEC ? AF.INET : ctx.opts.family;
}

/** ip's rtnl_rtntype_a2n: a route type name (some by prefix, as ip matches them) or a number 0..255 (strtoul base 0). */
function rtntype(v: string): number | undefined {
  if (v === "local") return 2;
  if (v === "nat") return 10;
  if (matches(v, "broadcast") || v === "brd") return 3;
  const byPrefix: Array<[string, number]> = [["anycast", 4], ["multicast", 5], ["prohibit", 8], ["unreachable", 7], ["blackhole", 6], ["xresolve", 11], ["unicast", 1]];
  for (const [name, n] of byPrefix) if (matches(v, name)) return n;
  if (v === "throw") return 9;
  const n = strtoulWord(v, 0);
  return n === undefined || n > 255n ? undefined : Number(n);
}

/** ip's get_addr32: an IPv4 address ("default"/"any"/"all" are 0.0.0.0), else its fatal error (exit 1). */
function addr32(v: string): string {
  if (v === "default" || v === "any" || v === "all") return "0.0.0.0";
  const a = parseAddrArg(v, AF.INET);
  if (!a) throw fatal1(`Error: an IP address is expected rather than "${v}"`);
  return a.text;
}

/**
 * Parse the selector and action words into a RuleSpec (ip's iprule_modify
 * grammar, its keyword order and messages; ranges read as its sscanf
 * does). The rule's family is ip's preferred_family (AF_INET when
 * unspecified), never the prefixes' (an IPv6 one in an IPv4 rule, or any
 * rule of a family without rules such as -0's AF_PACKET, is the kernel's to
 * refuse); prefixes are read in that family. For `add` the table is always
 * set as ip sets frh.table: main unless a table, l3mdev or an action word
 * was given (then 0, the kernel's to judge or fill).
 */
function parseSpec(ctx: Ctx, argv: string[], add: boolean): RuleSpec {
  const spec: RuleSpec = {};
  const pf = ctx.opts.family;
  // get_prefix(..., frh.family): -0 takes no prefix, -4/-6 theirs, anything else either
  const fam = pf === AF.PACKET || pf === AF.INET6 || pf === AF.INET ? pf : AF.UNSPEC;
  spec.family = pf === AF.INET6 ? 6 : pf === AF.UNSPEC || pf === AF.INET ? 4 : pf;
  let tableOk = false;
  const a = new Args(argv);
  while (!a.done) {
    const w = a.word();
    if (w === "not") spec.not = true;
    else if (w === "from" || w === "to") {
      const v = a.value();
      const p = needPrefix(v, fam);
      spec[w] = p.any ? "all" : `${p.text}/${p.bitlen}`;
    } else if (matches(w, "preference") || matches(w, "order") || matches(w, "priority")) spec.priority = unsignedArg(a.value(), "preference value is invalid\n");
    else if (w === "tos" || matches(w, "dsfield")) {
      const v = a.value();
      const t = DSFIELDS.id(v);
      if (t === undefined || t > 255) throw invarg("TOS value is invalid\n", v);
      spec.tos = t;
    } else if (w === "fwmark") {
      const v = a.value();
      const slash = v.indexOf("/");
      spec.fwmark = unsignedArg(slash < 0 ? v : v.slice(0, slash), "fwmark value is invalid\n");
      if (slash >= 0) spec.fwmask = unsignedArg(v.slice(slash + 1), "fwmask value is invalid\n");
    } else if (matches(w, "realms")) {
      const v = a.value();
      const realms = getRealmsOrRaw(v);
      if (realms === undefined) throw invarg("invalid realms\n", v);
      spec.flow = realms;
    } else if (matches(w, "protocol")) {
      const v = a.value();
      const pr = PROTOS.id(v);
      if (pr === undefined || pr > 255) throw invarg('"protocol" value is invalid\n', v);
      spec.protocol = pr;
    } else if (matches(w, "tun_id")) {
      // before "table" as in iprule_modify: "t" is tun_id
      const v = a.value();
      const n = getU64(v);
      if (n === undefined) throw invarg('"tun_id" value is invalid\n', v);
      spec.tunId = n;
    } else if (matches(w, "table") || w === "lookup") {
      const v = a.value();
      const t = TABLES.id(v);
      if (t === undefined) throw invarg("invalid table ID\n", v);
      spec.table = t;
      tableOk = true;
    } else if (matches(w, "suppress_prefixlength") || w === "sup_pl") {
      const v = a.value();
      const n = getInteger(v); // get_s32, then pl < 0 refused
      if (n === undefined || n < 0) throw invarg("suppress_prefixlength value is invalid\n", v);
      spec.suppressPrefixlen = n;
    } else if (matches(w, "suppress_ifgroup") || w === "sup_group") {
      const v = a.value();
      const g = GROUPS.id(v);
      if (g === undefined) throw invarg('Invalid "suppress_ifgroup" value\n', v);
      spec.suppressIfgroup = g;
    } else if (w === "dev" || w === "iif") spec.iif = ifname(a.value(), '"iif"/"dev" not a valid ifname');
    else if (w === "oif") spec.oif = ifname(a.value(), '"oif" not a valid ifname');
    else if (w === "l3mdev") spec.l3mdev = tableOk = true;
    else if (w === "uidrange") {
      const v = a.value();
      const r = scanRange(v, 32);
      if (r.n !== 2) throw invarg("invalid UID range\n", v);
      spec.uidRange = { start: r.start, end: r.end };
    } else if (w === "nat" || matches(w, "map-to")) {
      // the RTA_GATEWAY ip adds is not sent: the kernel has ignored it since route NAT went (it lists such rules as "masquerade")
      const v = a.value();
      ctx.io.err("Warning: route NAT is deprecated\n");
      addr32(v);
      spec.action = 10;
    } else if (w === "ipproto") {
      const v = a.value();
      const p = ipProto(v);
      if (p === undefined) throw invarg('Invalid "ipproto" value\n', v);
      spec.ipProto = p;
    } else if (w === "sport" || w === "dport") {
      const v = a.value();
      const r = scanRange(v, 16);
      if (r.n === 0) throw invarg(w === "sport" ? "invalid port range\n" : "invalid dport range\n", v);
      spec[w] = { start: r.start, end: r.n === 1 ? r.start : r.end };
    } else {
      const v = w === "type" ? a.value() : w;
      if (matches(v, "help")) throw usage();
      if (matches(v, "goto")) {
        spec.action = 2;
        spec.goto = unsignedArg(a.value(), "invalid target\n");
      } else if (matches(v, "nop")) spec.action = 3;
      else {
        const t = rtntype(v);
        if (t === undefined) throw invarg("Failed to parse rule type", v);
        spec.action = t;
      }
      tableOk = true;
    }
  }
  if (add && spec.table === undefined && !spec.l3mdev) spec.table = tableOk ? 0 : 254;
  return spec;
}

/** `ip rule show [SELECTOR]`: print_rule for each rule that passes filter_nlmsg (the protocol is not tested there). */
function show(ctx: Ctx, argv: string[]): number {
  const af = listFamily(ctx);
  const f = parseRuleFilter(argv, af);
  const rules = dump(ctx, af).filter((m) => ruleMatches(f, m, ctx.opts.family));
  printRows(ctx, rules, (p, m) => printRule(p, m, ctx.opts.details));
  return 0;
}

/**
 * `ip rule flush [SELECTOR]`: flush_rule deletes, one request at a time,
 * each rule with a priority that passes filter_nlmsg and the protocol
 * test; the first refusal ends it ("Dump terminated", status 255). With
 * -j ip prints its empty JSON array.
 */
function flush(ctx: Ctx, argv: string[]): number {
  const af = listFamily(ctx);
  const f = parseRuleFilter(argv, af);
  const api = new RuleApi(ctx.conn);
  for (const m of dump(ctx, af)) {
    if (!ruleMatches(f, m, ctx.opts.family) || !flushProtocolMatches(f, m) || m.attrs.priority === undefined) continue;
    const bad = api.deleteMessages([m]).errors[0];
    if (bad) throw dumpTerminated(ctx, kernelError(bad.error).message);
  }
  if (ctx.opts.json) printRows(ctx, [], () => undefined);
  return 0;
}

/** The `rule` object. */
export function run(ctx: Ctx, argv: string[]): number {
  const cmd = argv[0];
  if (cmd === undefined) return show(ctx, []);
  const rest = argv.slice(1);
  if (matches(cmd, "add") || matches(cmd, "delete")) {
    if (rest.length === 0) throw failed(`"ip rule ${matches(cmd, "add") ? "add" : "del"}" requires arguments.`);
    const spec = parseSpec(ctx, rest, matches(cmd, "add"));
    // iprule_modify, after the words: -EINVAL, status 22; a table 0 is no table there
    if (spec.l3mdev && spec.table) throw new CliError("table can not be specified for l3mdev rules\n", 22, false);
    if (spec.l3mdev) delete spec.table;
    const api = new RuleApi(ctx.conn, { checks: "kernel" });
    try {
      if (matches(cmd, "add")) api.add(spec, { echo: false });
      else api.delete(spec);
    } catch (e) {
      if (isNetlinkError(e)) throw kernelError(e);
      throw e;
    }
    return 0;
  }
  if (matches(cmd, "list") || matches(cmd, "lst") || matches(cmd, "show")) return show(ctx, rest);
  if (matches(cmd, "flush")) return flush(ctx, rest);
  if (matches(cmd, "save")) return save(ctx, rest, listFamily(ctx));
  if (matches(cmd, "restore")) return restore(ctx);
  if (matches(cmd, "help")) throw usage();
  throw new CliError(`Command "${cmd}" is unknown, try "ip rule help".\n`, 255, true);
}
