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
import { CliError, failed, invarg, isNetlinkError, kernelError } from "./errors.ts";
import { DSFIELDS, GROUPS, PROTOS, REALMS, rtnId, TABLES } from "../lib/format/names.ts";
import { needPrefix } from "./prefix.ts";
import { flushProtocolMatches, parseRuleFilter, ruleMatches } from "./rule-filter.ts";
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

function range(v: string, msg: string, max: number): { start: number; end: number } {
  const m = /^(\d+)(?:-(\d+))?$/.exec(v);
  if (!m || Number(m[1]) > max || (m[2] !== undefined && Number(m[2]) > max)) throw invarg(msg, v);
  return { start: Number(m[1]), end: Number(m[2] ?? m[1]) };
}

/**
 * Parse the selector and action words into a RuleSpec (ip's iprule_modify
 * grammar): the rule's family is ip's preferred_family (AF_INET when
 * unspecified), never the prefixes' (an IPv6 one in an IPv4 rule, or any
 * rule of a family without rules such as -0's AF_PACKET, is the kernel's to
 * refuse); prefixes are read in that family.
 */
function parseSpec(ctx: Ctx, argv: string[]): RuleSpec {
  const spec: RuleSpec = {};
  const pf = ctx.opts.family;
  // get_prefix(..., frh.family): -0 takes no prefix, -4/-6 theirs, anything else either
  const fam = pf === AF.PACKET || pf === AF.INET6 || pf === AF.INET ? pf : AF.UNSPEC;
  spec.family = pf === AF.INET6 ? 6 : pf === AF.UNSPEC || pf === AF.INET ? 4 : pf;
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
      const [mark, mask] = v.split("/", 2);
      spec.fwmark = unsignedArg(mark!, "fwmark value is invalid\n");
      if (mask !== undefined) spec.fwmask = unsignedArg(mask, "fwmask value is invalid\n");
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
      if (!/^(0x[0-9a-f]{1,16}|\d+)$/i.test(v) || BigInt(v) > 0xffffffffffffffffn) throw invarg('"tun_id" value is invalid\n', v);
      spec.tunId = BigInt(v);
    } else if (matches(w, "table") || w === "lookup") {
      const v = a.value();
      const t = TABLES.id(v);
      if (t === undefined) throw invarg("invalid table ID\n", v);
      spec.table = t;
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
    } else if (w === "dev" || w === "iif") spec.iif = a.value();
    else if (w === "oif") spec.oif = a.value();
    else if (w === "l3mdev") spec.l3mdev = true;
    else if (w === "uidrange") spec.uidRange = range(a.value(), "invalid UID range\n", 0xffffffff);
    else if (w === "ipproto") {
      const v = a.value();
      spec.ipProto = /^\d+$/.test(v) ? Number(v) : v;
    } else if (w === "sport" || w === "dport") {
      const r = range(a.value(), "invalid port range\n", 0xffff);
      spec[w] = r.start === r.end ? r.start : r;
    } else {
      let v = w;
      if (v === "type") v = a.value();
      if (matches(v, "help")) throw usage();
      if (matches(v, "goto")) {
        spec.action = "goto";
        spec.goto = unsignedArg(a.value(), "invalid target\n");
      } else if (matches(v, "nop")) spec.action = "nop";
      else {
        const t = rtnId(v);
        if (t === 6) spec.action = "blackhole";
        else if (t === 7) spec.action = "unreachable";
        else if (t === 8) spec.action = "prohibit";
        else if (t === 1) spec.action = "table";
        else throw invarg("Failed to parse rule type", v);
      }
    }
  }
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
    const spec = parseSpec(ctx, rest);
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
