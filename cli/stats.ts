/**
 * `ip stats show|set|help` (ip/ipstats.c of iproute2 6.1) through the
 * library's StatsApi (nl.stats): show parses ip's group / subgroup / suite
 * words as ip does (a level word may follow the value of another, as in
 * ip's loop), asks the kernel for just the selected groups (one device with
 * dev, else a dump) and prints one row per device and selected leaf in ip's
 * order; set sends RTM_SETSTATS with IFLA_STATS_SET_OFFLOAD_XSTATS_L3_STATS
 * and leaves the decision to the kernel. Errors and exit statuses are ip's
 * (its -EINVAL returns end the process with 22).
 */
import { StatsApi, STATS_LEAVES, STATS_LEVELS, STATS_TREE, selectLeaves, StatsSelectorError, toLinkStats, type StatsLeaf, type StatsMessage } from "../lib/rtnl/stats/api.ts";
import { printStatsLeaf } from "../lib/format/stats.ts";
import type { Ctx } from "./context.ts";
import { CliError, dumpErrorText, duparg2, incomplete, invarg, isNetlinkError, kernelError, nodev } from "./errors.ts";

/** ip's do_help text (stderr), built from the selector tree as ip builds it. */
export function statsHelp(): string {
  let s = "Usage: ip stats help\n" +
    "       ip stats show [ dev DEV ] [ group GROUP [ subgroup SUBGROUP [ suite SUITE ] ... ] ... ] ...\n" +
    "       ip stats set dev DEV l3_stats { on | off }\n";
  s += `GROUP := { ${STATS_TREE.map((g) => g[0]).join(" | ")} }\n`;
  for (const [group, subs] of STATS_TREE) {
    if (subs.length === 0) continue;
    s += `${group} SUBGROUP := {` + subs.map(([n, suites]) => ` ${n}` + suites.map((t) => ` [ suite ${t} ]`).join("")).join(" |") + " }\n";
  }
  return s;
}

/** -EINVAL from ip's command: status 22, not fatal to a batch. */
const einval = (msg: string) => new CliError(msg, 22, false);

function checkIfname(v: string): void {
  if (v === "" || v.length > 15 || /[/\s]/.test(v)) throw invarg('"dev" not a valid ifname', v);
}

/** ip's ipstats_enable_check: add the leaves a (partial) selection names; ip's messages on failure. */
function enable(sel: Array<string | undefined>, into: Set<StatsLeaf>): void {
  try {
    for (const l of selectLeaves({ group: sel[0] ?? "", subgroup: sel[1], suite: sel[2] })) into.add(l);
  } catch (e) {
    if (e instanceof StatsSelectorError) throw einval(`Error: ${e.message}\n`);
    throw e;
  }
}

function show(ctx: Ctx, argv: string[], level: number): number {
  const sel: Array<string | undefined> = [undefined, undefined, undefined];
  const enabled = new Set<StatsLeaf>();
  let dev: string | undefined;
  let i = 0;
  const next = (): string => {
    if (++i >= argv.length) throw incomplete();
    return argv[i]!;
  };
  for (; i < argv.length; i++) {
    if (argv[i] === "dev") {
      const v = next();
      if (dev !== undefined) throw duparg2("dev", v);
      checkIfname(v);
      dev = v;
    } else if (argv[i] === "help") {
      ctx.io.err(statsHelp());
      return 0;
    } else {
      let found = false;
      for (let lv = 0; lv < STATS_LEVELS.length; lv++) {
        if (argv[i] !== STATS_LEVELS[lv]) continue;
        const v = next();
        for (let j = 0; j < lv; j++) {
          if (sel[j] === undefined) throw einval(`Error: ${STATS_LEVELS[lv]} ${v} requested without selecting a ${STATS_LEVELS[j]} first\n`);
        }
        if (sel.slice(lv).some((w) => w !== undefined)) enable(sel, enabled);
        sel[lv] = v;
        for (let j = lv + 1; j < sel.length; j++) sel[j] = undefined;
        found = true;
      }
      if (!found) throw einval(`What is "${argv[i]}"?\n${statsHelp()}`);
    }
  }
  if (sel[0] === undefined) for (const l of STATS_LEAVES) enabled.add(l);
  else enable(sel, enabled);
  const leaves = STATS_LEAVES.filter((l) => enabled.has(l));
  let ifindex = 0;
  if (dev !== undefined && (ifindex = ctx.names.indexOf(dev)) === 0) throw nodev(dev);
  const api = new StatsApi(ctx.conn);
  const req = api.request(ifindex, leaves);
  let msgs: StatsMessage[];
  try {
    msgs = ifindex ? [api.getMessage(req)] : api.dumpMessages(req);
  } catch (e) {
    if (!isNetlinkError(e)) throw e;
    if (ifindex) throw kernelError(e);
    if (ctx.opts.json) ctx.io.out("[");
    throw new CliError(dumpErrorText(e) + "Dump terminated\n", 2, false);
  }
  const p = ctx.printer();
  p.arr(null);
  let out = "";
  for (const m of msgs) {
    const s = toLinkStats(m);
    const ifname = ctx.names.nameOf(m.ifindex);
    for (const leaf of leaves) {
      p.obj();
      printStatsLeaf(p, s, leaf, { ifname, level, human: ctx.opts.human ? { iec: ctx.opts.iec } : undefined });
      p.endObj();
      p.nl();
    }
    if (!ifindex) p.nl();
    if (!p.json) out += p.take();
  }
  p.endArr();
  ctx.io.out(p.json ? p.take() + "\n" : out);
  return 0;
}

function set(ctx: Ctx, argv: string[]): number {
  let dev: string | undefined;
  let on: boolean | undefined;
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i]!;
    const next = (): string => {
      if (++i >= argv.length) throw incomplete();
      return argv[i]!;
    };
    if (w === "dev") {
      const v = next();
      if (dev !== undefined) throw duparg2("dev", v);
      checkIfname(v);
      dev = v;
    } else if (w === "l3_stats") {
      const v = next();
      if (on !== undefined) throw einval("A statistics suite to toggle was already given.\n");
      if (v !== "on" && v !== "off") throw einval(`Error: argument of "l3_stats" must be one of "off", "on", not "${v}"\n`);
      on = v === "on";
    } else if (w === "help") {
      ctx.io.err(statsHelp());
      return 0;
    } else throw einval(`What is "${w}"?\n${statsHelp()}`);
  }
  if (dev === undefined) throw new CliError('Not enough information: "dev" argument is required.\n', 255, true);
  if (on === undefined) throw new CliError("Not enough information: stat type to toggle is required.\n", 255, true);
  const ifindex = ctx.names.indexOf(dev);
  if (!ifindex) throw nodev(dev);
  try {
    new StatsApi(ctx.conn).sendUnchecked({ family: 0, ifindex, filterMask: 0, attrs: { setOffloadXstatsL3Stats: on ? 1 : 0 } });
  } catch (e) {
    if (isNetlinkError(e)) throw kernelError(e);
    throw e;
  }
  return 0;
}

/** The `stats` object (do_ipstats). */
export function run(ctx: Ctx, argv: string[]): number {
  const cmd = argv[0];
  if (cmd === undefined) return show(ctx, [], ctx.opts.stats);
  if (cmd === "help") {
    ctx.io.err(statsHelp());
    return 0;
  }
  // "stats show" implies one -s, and -d adds one more: ip adds them to its global -s count, so in a batch
  // they stay for the commands after it (`ip link show` then prints statistics too).
  if (cmd === "show") {
    ctx.opts.stats += ctx.opts.details + 1;
    return show(ctx, argv.slice(1), ctx.opts.stats);
  }
  if (cmd === "set") return set(ctx, argv.slice(1));
  throw new CliError(`Command "${cmd}" is unknown, try "ip stats help".\n`, 1, false);
}
