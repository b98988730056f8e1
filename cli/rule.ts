/**
 * `ip rule show|add|del|flush` (ip/iprule.c of iproute2 6.1): IPv4 unless
 * -6 is given, print_rule's keys and formats; changes through the
 * library's RuleApi.
 */
import { RT_PROTOCOLS, RT_TABLES, RuleApi, type Rule, type RuleMessage, type RuleSpec } from "../lib/rtnl/rule/api.ts";
import { Args, getInteger, getRealmsOrRaw, matches, unsignedArg } from "./args.ts";
import { AF, type Ctx } from "./context.ts";
import { printRows } from "./rows.ts";
import { CliError, invarg, isNetlinkError, kernelError } from "./errors.ts";
import { DSFIELDS, GROUPS, PROTOS, REALMS, rtnId, TABLES } from "../lib/format/names.ts";
import { needPrefix } from "./prefix.ts";
import type { Printer } from "../lib/format/printer.ts";
import { printRule as printRuleModel } from "../lib/format/rule.ts";
import { toRule } from "../lib/rtnl/rule/model.ts";
import { RULE_USAGE } from "./usage-texts.ts";

const USAGE = RULE_USAGE;
const usage = () => new CliError(USAGE, 255, true);

const enumNum = (t: { value(v: string | number, p: string, max?: number): number }, v: string | number | undefined): number =>
  v === undefined ? 0 : typeof v === "number" ? v : t.value(v, "rule");

/** print_rule of ip 6.1 for a decoded message: lib/format/rule.ts renders its model (caller opens/closes the JSON object). */
export function printRule(p: Printer, m: RuleMessage, details: number, deleted = false): void {
  printRuleModel(p, toRule(m), { details, deleted });
}

/** The rules of ip's family (-4 default, -6, or any -f family: the kernel refuses those it has no rules for). */
function list(ctx: Ctx): Rule[] {
  try {
    return new RuleApi(ctx.conn).list(ruleFamily(ctx));
  } catch (e) {
    // iprule_list_flush_or_save: rtnl_dump_filter's error, then "Dump terminated", status 255
    if (isNetlinkError(e)) throw new CliError(kernelError(e).message + "Dump terminated\n", 255, false);
    throw e;
  }
}

function ruleFamily(ctx: Ctx): number {
  return ctx.opts.family === AF.INET6 ? AF.INET6 : ctx.opts.family === AF.UNSPEC ? AF.INET : ctx.opts.family;
}

function range(v: string, msg: string, max: number): { start: number; end: number } {
  const m = /^(\d+)(?:-(\d+))?$/.exec(v);
  if (!m || Number(m[1]) > max || (m[2] !== undefined && Number(m[2]) > max)) throw invarg(msg, v);
  return { start: Number(m[1]), end: Number(m[2] ?? m[1]) };
}

/**
 * Parse the selector and action words into a RuleSpec (ip's iprule_modify
 * grammar). `listing`: for `rule show`, whose prefixes iprule_list parses in
 * the listing's family (AF_INET without -6), where iprule_modify takes either.
 */
function parseSpec(ctx: Ctx, argv: string[], listing = false): RuleSpec {
  const spec: RuleSpec = {};
  // -0: iprule_modify's frh.family and iprule_list's af are AF_PACKET, in which get_prefix takes no prefix
  const fam = ctx.opts.family === AF.PACKET ? AF.PACKET : ctx.opts.family === AF.INET6 ? AF.INET6 : ctx.opts.family === AF.INET || listing ? AF.INET : AF.UNSPEC;
  // iprule_modify: the -6/-4 family, else AF_INET (not the prefixes' family: an IPv6 one is the kernel's to refuse)
  spec.family = fam === AF.INET6 ? 6 : 4;
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

function show(ctx: Ctx, argv: string[]): number {
  if (argv.length > 0 && !matches(argv[0]!, "all")) {
    // selectors: keep rules whose printed JSON has the same fields as a rule built from them
    return showFiltered(ctx, argv);
  }
  return print(ctx, list(ctx));
}

function print(ctx: Ctx, rules: Rule[]): number {
  printRows(ctx, rules, (p, r) => printRuleModel(p, r, { details: ctx.opts.details }));
  return 0;
}

function showFiltered(ctx: Ctx, argv: string[]): number {
  const spec = parseSpec(ctx, argv, true);
  const rules = list(ctx).filter((r) => {
    if (spec.priority !== undefined && r.priority !== spec.priority) return false;
    if (spec.table !== undefined && enumNum(RT_TABLES, r.table) !== spec.table) return false;
    if (spec.iif !== undefined && r.iif !== spec.iif) return false;
    if (spec.oif !== undefined && r.oif !== spec.oif) return false;
    if (spec.fwmark !== undefined && (r.fwmark ?? 0) !== spec.fwmark) return false;
    if (spec.not && !r.not) return false;
    if (spec.from !== undefined && spec.from !== "all" && r.from !== spec.from) return false;
    if (spec.to !== undefined && spec.to !== "all" && r.to !== spec.to) return false;
    if (spec.protocol !== undefined && enumNum(RT_PROTOCOLS, r.protocol) !== spec.protocol) return false;
    return true;
  });
  return print(ctx, rules);
}

function flush(ctx: Ctx): number {
  const api = new RuleApi(ctx.conn);
  const victims = api.dumpMessages(ruleFamily(ctx)).filter((m) => m.attrs.priority !== undefined);
  if (victims.length === 0) return 0;
  const r = api.deleteMessages(victims);
  const bad = r.errors[0];
  if (bad) throw kernelError(bad.error);
  return 0;
}

/** The `rule` object. */
export function run(ctx: Ctx, argv: string[]): number {
  const cmd = argv[0];
  if (cmd === undefined) return show(ctx, []);
  const rest = argv.slice(1);
  if (matches(cmd, "add") || matches(cmd, "delete")) {
    const spec = parseSpec(ctx, rest);
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
  if (matches(cmd, "flush")) return flush(ctx);
  if (matches(cmd, "help")) throw usage();
  throw new CliError(`Command "${cmd}" is unknown, try "ip rule help".\n`, 255, true);
}
