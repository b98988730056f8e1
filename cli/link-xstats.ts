/**
 * `ip link xstats type TYPE [ARGS]` and `ip link afstats [dev DEV]`
 * (ip/iplink_xstats.c, iplink_bridge.c, iplink_bond.c and iplink.c's
 * iplink_afstats of iproute2 6.1) through the library's StatsApi: one
 * RTM_GETSTATS dump asking for the link type's extended statistics
 * (IFLA_STATS_LINK_XSTATS, or _SLAVE for a *_slave type) or the per-family
 * ones (IFLA_STATS_AF_SPEC), printed as ip prints them.
 *
 * One deliberate difference: ip 6.1 aborts ("stack smashing detected",
 * status 134) on every `xstats type bond|bond_slave` dump, its
 * bond_print_stats_attr writing one table entry past its array; bun-netlink
 * prints the 802.3ad counters as that function means to.
 */
import { IFLA_STATS, type StatsMessage } from "../codecs/stats/index.ts";
import { AF_MPLS } from "../codecs/ip/index.ts";
import { StatsApi } from "../lib/rtnl/stats/api.ts";
import { printMplsLinkStats } from "../lib/format/stats.ts";
import { printBond3ad, printBridgeMcast, printBridgeStp } from "../lib/format/stats-xstats.ts";
import type { Printer } from "../lib/format/printer.ts";
import { matches } from "./args.ts";
import type { Ctx } from "./context.ts";
import { CliError, dumpErrorText, duparg2, incomplete, invarg, isNetlinkError, nodev } from "./errors.ts";
import { LINK_UTIL_KINDS } from "./link-help-texts.ts";
import { LINK_USAGE } from "./usage-texts.ts";

type LinkXstats = NonNullable<StatsMessage["attrs"]["linkXstats"]>;

/** The kinds whose link_util prints xstats, and the attribute each shows alone when asked (0: all). */
const XSTATS_KINDS = new Set(["bridge", "bridge_slave", "bond", "bond_slave"]);

function dump(ctx: Ctx, at: number): StatsMessage[] | undefined {
  try {
    return new StatsApi(ctx.conn).dumpMessages({ family: 0, ifindex: 0, filterMask: 1 << (at - 1), attrs: {} });
  } catch (e) {
    if (!isNetlinkError(e)) throw e;
    ctx.io.err(dumpErrorText(e) + "Dump terminated\n");
    return undefined;
  }
}

/** bridge_print_stats_attr / bond_print_stats_attr for one IFLA_STATS_LINK_XSTATS[_SLAVE] nest. */
function printXstats(p: Printer, x: LinkXstats, ifname: string, bond: boolean, only: string | undefined): void {
  const inner = bond ? x.bond : x.bridge;
  if (inner === undefined) return;
  p.obj();
  p.str("ifname", null, ifname); // JSON
  p.text(`${ifname.padEnd(16)}\n`); // text: "%-16s\n"
  for (const k of Object.keys(inner)) {
    if (only !== undefined && k !== only) continue;
    if (bond) {
      if (k === "ad") printBond3ad(p, x.bond!.ad!);
      break; // ip looks at the first (matching) attribute only
    }
    if (k === "mcast") printBridgeMcast(p, x.bridge!.mcast!);
    else if (k === "stp") printBridgeStp(p, x.bridge!.stp!);
  }
  p.endObj();
}

/** `ip link xstats` (iplink_ifla_xstats). */
export function xstats(ctx: Ctx, argv: string[]): number {
  if (argv.length === 0) throw new CliError("xstats: missing argument\n", 1, false);
  if (matches(argv[0]!, "help")) {
    ctx.io.out("Usage: ... xstats type TYPE [ ARGS ]\n");
    return 0;
  }
  if (!matches(argv[0]!, "type")) throw invarg("unknown argument", argv[0]!);
  const kind = argv[1];
  if (kind === undefined) throw incomplete();
  if (!LINK_UTIL_KINDS.has(kind)) throw invarg("invalid type", kind);
  if (!XSTATS_KINDS.has(kind)) throw new CliError(`xstats: link type ${kind} doesn't support xstats\n`, 1, false);
  const bond = kind.startsWith("bond");
  let only: string | undefined;
  let ifindex = 0;
  for (let i = 2; i < argv.length; i++) {
    const w = argv[i]!;
    if (!bond && (w === "igmp" || w === "mcast")) only = "mcast";
    else if (!bond && w === "stp") only = "stp";
    else if (bond && (w === "lacp" || w === "802.3ad")) only = "ad";
    else if (w === "dev") {
      if (++i >= argv.length) throw incomplete();
      if (!(ifindex = ctx.names.indexOf(argv[i]!))) throw nodev(argv[i]!);
    } else if (w === "help") {
      ctx.io.out(`Usage: ... ${kind} [ ${bond ? "802.3ad" : "igmp"} ] [ dev DEVICE ]\n`);
      return 0;
    } else throw invarg("unknown attribute", w);
  }
  const msgs = dump(ctx, kind.endsWith("_slave") ? IFLA_STATS.LINK_XSTATS_SLAVE : IFLA_STATS.LINK_XSTATS);
  if (msgs === undefined) return 1;
  const p = ctx.printer();
  p.arr(null);
  for (const m of msgs) {
    if (ifindex && m.ifindex !== ifindex) continue;
    const name = ctx.names.nameOf(m.ifindex);
    if (m.attrs.linkXstats) printXstats(p, m.attrs.linkXstats, name, bond, only);
    if (m.attrs.linkXstatsSlave) printXstats(p, m.attrs.linkXstatsSlave, name, bond, only);
  }
  p.endArr();
  ctx.io.out(p.take() + (p.json ? "\n" : ""));
  return 0;
}

/** `ip link afstats` (iplink_afstats): ip ignores its status, so every path ends in 0 unless ip exits. */
export function afstats(ctx: Ctx, argv: string[]): number {
  let dev: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i]!;
    if (w === "dev") {
      if (++i >= argv.length) throw incomplete();
      if (dev !== undefined) throw duparg2("dev", argv[i]!);
      dev = argv[i]!;
    } else if (matches(w, "help")) throw new CliError(LINK_USAGE, 255, true);
    else throw new CliError(`Command "${w}" is unknown, try "ip link help".\n`, 255, true);
  }
  let ifindex = 0;
  if (dev !== undefined && (ifindex = ctx.names.indexOf(dev)) <= 0) {
    ctx.io.err(`Device "${dev}" does not exist.\n`);
    return 0;
  }
  const msgs = dump(ctx, IFLA_STATS.AF_SPEC);
  if (msgs === undefined) return 0;
  const p = ctx.printer();
  p.arr(null);
  for (const m of msgs) {
    if (ifindex && m.ifindex !== ifindex) continue;
    const af = m.attrs.afSpec;
    if (af === undefined) continue;
    const family = ctx.opts.family;
    const entries: Array<[number, unknown]> = [];
    if (af.mpls !== undefined) entries.push([AF_MPLS, af.mpls]);
    for (const u of af.unknown ?? []) entries.push([u.type, undefined]);
    let printed = false;
    for (const [type, v] of entries) {
      if (family !== 0 && type !== family) continue;
      if (!printed) {
        p.num("ifindex", "%s:", m.ifindex);
        p.str("ifname", "%s", ctx.names.nameOf(m.ifindex));
        p.nl();
        printed = true;
      }
      if (type !== AF_MPLS) {
        ctx.io.err(`    unknown af(${type})\n`);
        continue;
      }
      const link = (v as NonNullable<typeof af.mpls>).link;
      if (link === undefined) continue;
      p.text("    mpls:");
      p.nl();
      printMplsLinkStats(p, link as unknown as Record<string, bigint>, "        ", ctx.opts.human ? { iec: ctx.opts.iec } : undefined);
      p.text("\n");
    }
  }
  p.endArr();
  ctx.io.out(p.take() + (p.json ? "\n" : ""));
  return 0;
}
