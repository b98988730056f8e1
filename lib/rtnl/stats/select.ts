/**
 * The statistics selectors of `ip stats show` (ip/ipstats.c of iproute2
 * 6.1): a tree of groups, subgroups and suites whose leaves each name one
 * piece of an RTM_NEWSTATS answer, and the request filter (if_stats_msg
 * filter_mask plus IFLA_STATS_GET_FILTERS) that asks the kernel for just
 * those pieces. Shared by the library (StatsApi) and the CLI (cli/stats.ts).
 *
 *   group link                         IFLA_STATS_LINK_64
 *   group offload subgroup cpu_hit | hw_stats_info | l3_stats
 *   group xstats | xstats_slave subgroup bridge suite stp | mcast, subgroup bond suite 802.3ad
 *   group afstats subgroup mpls        IFLA_STATS_AF_SPEC
 */
import { IFLA_OFFLOAD_XSTATS, IFLA_STATS } from "../../../codecs/stats/index.ts";
import type { StatsRequestAttrs } from "../../../codecs/stats/index.ts";

/** A selector: a group, optionally narrowed to a subgroup and suite (ip's words). */
export interface StatsSelector {
  group: string;
  subgroup?: string;
  suite?: string;
}

/** One leaf of the tree: its path and the filter bits it needs. */
export interface StatsLeaf {
  /** [group, subgroup?, suite?] as ip prints them. */
  readonly path: readonly string[];
  /** The top-level IFLA_STATS_* attribute the leaf reads. */
  readonly at: number;
  /** IFLA_OFFLOAD_XSTATS_* members it reads (offload leaves only); none: the whole group. */
  readonly subs: readonly number[];
}

const O = IFLA_OFFLOAD_XSTATS;
const S = IFLA_STATS;

/**
 * Every leaf, in the order ip 6.1 prints them. ip sorts the selected leaves
 * by the address of its descriptors in memory (qsort by pointer), so its
 * order is that of its binary's read-only data, observed on iproute2-6.1.0:
 * afstats, link, offload l3_stats, hw_stats_info, cpu_hit, then the bond
 * suites (slave first), then the bridge suites (slave first, mcast before stp).
 */
export const STATS_LEAVES: readonly StatsLeaf[] = [
  { path: ["afstats", "mpls"], at: S.AF_SPEC, subs: [] },
  { path: ["link"], at: S.LINK_64, subs: [] },
  { path: ["offload", "l3_stats"], at: S.LINK_OFFLOAD_XSTATS, subs: [O.L3_STATS, O.HW_S_INFO] },
  { path: ["offload", "hw_stats_info"], at: S.LINK_OFFLOAD_XSTATS, subs: [O.HW_S_INFO] },
  { path: ["offload", "cpu_hit"], at: S.LINK_OFFLOAD_XSTATS, subs: [O.CPU_HIT] },
  { path: ["xstats_slave", "bond", "802.3ad"], at: S.LINK_XSTATS_SLAVE, subs: [] },
  { path: ["xstats", "bond", "802.3ad"], at: S.LINK_XSTATS, subs: [] },
  { path: ["xstats_slave", "bridge", "mcast"], at: S.LINK_XSTATS_SLAVE, subs: [] },
  { path: ["xstats_slave", "bridge", "stp"], at: S.LINK_XSTATS_SLAVE, subs: [] },
  { path: ["xstats", "bridge", "mcast"], at: S.LINK_XSTATS, subs: [] },
  { path: ["xstats", "bridge", "stp"], at: S.LINK_XSTATS, subs: [] },
];

/** The tree's declaration order (ip's help text and recursion order): groups, their subgroups, their suites. */
export const STATS_TREE: ReadonlyArray<readonly [string, ReadonlyArray<readonly [string, readonly string[]]>]> = [
  ["link", []],
  ["xstats", [["bridge", ["stp", "mcast"]], ["bond", ["802.3ad"]]]],
  ["xstats_slave", [["bridge", ["stp", "mcast"]], ["bond", ["802.3ad"]]]],
  ["offload", [["cpu_hit", []], ["hw_stats_info", []], ["l3_stats", []]]],
  ["afstats", [["mpls", []]]],
];

/** The level names, outermost first. */
export const STATS_LEVELS = ["group", "subgroup", "suite"] as const;

/** Why a selector matched nothing: ip's message (without "Error: " handling left to the caller). */
export class StatsSelectorError extends RangeError {
  override readonly name = "StatsSelectorError";
}

/**
 * The leaves a selector names, in ip's order: everything under it. Throws
 * StatsSelectorError with ip's text when a level names nothing ("no
 * subgroup named X found inside link", "... requested inside leaf ...").
 */
export function selectLeaves(sel: StatsSelector): StatsLeaf[] {
  const words = [sel.group, sel.subgroup, sel.suite];
  const given = words.findIndex((w) => w === undefined);
  const n = given === -1 ? 3 : given;
  if (words.slice(n).some((w) => w !== undefined)) throw new StatsSelectorError(`${STATS_LEVELS[n]} missing before ${STATS_LEVELS[n + 1]}`);
  let children: ReadonlyArray<readonly [string, unknown]> = STATS_TREE;
  let parent = "top-level";
  for (let i = 0; i < n; i++) {
    const w = words[i]!;
    if (children.length === 0) throw new StatsSelectorError(`${STATS_LEVELS[i]} ${w} requested inside leaf ${STATS_LEVELS[i - 1]} ${parent}`);
    const hit = children.find((c) => c[0] === w);
    if (!hit) throw new StatsSelectorError(`no ${STATS_LEVELS[i]} named ${w} found inside ${parent}`);
    parent = w;
    const sub = hit[1];
    children = Array.isArray(sub) ? (sub as ReadonlyArray<unknown>).map((c) => (typeof c === "string" ? [c, []] as const : c as readonly [string, unknown])) : [];
  }
  const prefix = words.slice(0, n) as string[];
  return STATS_LEAVES.filter((l) => prefix.every((w, i) => l.path[i] === w));
}

/** The request filter of a set of leaves, as ip computes it: filter_mask and, when a group is narrowed, IFLA_STATS_GET_FILTERS. */
export function statsFilter(leaves: readonly StatsLeaf[]): { filterMask: number; attrs: StatsRequestAttrs } {
  const mask = [0, 0, 0, 0, 0, 0];
  for (const l of leaves) {
    mask[0]! |= 1 << (l.at - 1);
    for (const s of l.subs) mask[l.at]! |= 1 << (s - 1);
  }
  // ip narrows a group unless its mask is empty or all of that group's members (IFLA_OFFLOAD_XSTATS_MAX = 3: 0b111).
  const attrs: StatsRequestAttrs = {};
  const off = mask[S.LINK_OFFLOAD_XSTATS]!;
  if (off !== 0 && off !== (1 << O.L3_STATS) - 1) attrs.getFilters = { linkOffloadXstats: off };
  return { filterMask: mask[0]!, attrs };
}
