/**
 * The link statistics API (`nl.stats`): per-device counters over rtnetlink
 * RTM_GETSTATS / RTM_SETSTATS (struct if_stats_msg, IFLA_STATS_*,
 * linux/if_link.h), as `ip stats` and `ip link xstats|afstats` read them.
 * Every argument is validated before the first syscall; kernel refusals
 * surface as NetlinkError (EOPNOTSUPP when a device cannot collect L3
 * hardware statistics, for example).
 *
 *   nl.stats.list({ groups: [{ group: "link" }] });                 // [{ ifindex: 1, link64: { rxPackets: 0n, ... } }, ...]
 *   nl.stats.get("br0", [{ group: "xstats", subgroup: "bridge" }]); // { ifindex: 4, linkXstats: { bridge: { mcast, stp } } }
 *   nl.stats.setL3Stats("eth0", true);
 */
import { RTM } from "../../../codecs/rtnetlink.ts";
import { statsMessage, statsRequest, type StatsMessage, type StatsRequest } from "../../../codecs/stats/index.ts";
import type { NetlinkConnection } from "../../conn/connection.ts";
import { checkBool, checkInt, checkKeys, checkLink, describe } from "../shared/check.ts";
import { resolveIndex } from "../shared/ifindex.ts";
import { selectLeaves, statsFilter, type StatsLeaf, type StatsSelector } from "./select.ts";

export type { StatsMessage, StatsRequest };
export { STATS_LEAVES, STATS_LEVELS, STATS_TREE, StatsSelectorError, selectLeaves, statsFilter } from "./select.ts";
export type { StatsLeaf, StatsSelector } from "./select.ts";

/**
 * One device's statistics: its index and the IFLA_STATS_* groups asked for
 * (codecs/stats names: link64 = struct rtnl_link_stats64, linkXstats /
 * linkXstatsSlave = the bridge or bond extended counters of the device as
 * a master or as a port, linkOffloadXstats = cpuHit, hwSInfo, l3Stats,
 * afSpec = per-family counters such as mpls). Counters are bigint.
 */
export type LinkStats = { ifindex: number } & StatsMessage["attrs"];

/** What `list` and `get` take: the groups wanted (default: every group, as `ip stats show`). */
export interface StatsQuery {
  /** Selectors ({ group, subgroup?, suite? }); all of them together. */
  groups?: StatsSelector[];
}

const SEL_KEYS = ["group", "subgroup", "suite"];

/** Validate selectors and return the leaves they name (ip's order, no repeats). */
function leavesOf(groups: unknown, field: string): StatsLeaf[] {
  if (groups === undefined) return selectLeaves({ group: "link" }).concat(...["xstats", "xstats_slave", "offload", "afstats"].map((g) => selectLeaves({ group: g })));
  if (!Array.isArray(groups) || groups.length === 0) throw new TypeError(`${field}: expected a non-empty array of { group, subgroup?, suite? }, got ${describe(groups)}`);
  const set = new Set<StatsLeaf>();
  groups.forEach((g, i) => {
    const s = checkKeys(g, SEL_KEYS, `${field}[${i}]`);
    for (const k of SEL_KEYS) {
      if (s[k] !== undefined && (typeof s[k] !== "string" || s[k] === "")) throw new TypeError(`${field}[${i}].${k}: expected a name, got ${describe(s[k])}`);
    }
    if (s.group === undefined) throw new TypeError(`${field}[${i}].group: required`);
    for (const l of selectLeaves(s as unknown as StatsSelector)) set.add(l);
  });
  return [...set];
}

/** The model object of a decoded RTM_NEWSTATS message. */
export function toLinkStats(m: StatsMessage): LinkStats {
  return { ifindex: m.ifindex, ...m.attrs };
}

/** Per-device statistics of the namespace a connection talks to. */
export class StatsApi {
  constructor(readonly conn: NetlinkConnection) {}

  /** Every device's statistics (one RTM_GETSTATS dump), in the kernel's order. */
  list(query: StatsQuery = {}): LinkStats[] {
    const q = checkKeys(query, ["groups"], "query");
    return this.dumpMessages(this.request(0, leavesOf(q.groups, "query.groups"))).map(toLinkStats);
  }

  /** One device's statistics (by name or index). */
  get(dev: string | number, query: StatsQuery = {}): LinkStats {
    const d = checkLink(dev, "dev");
    const q = checkKeys(query, ["groups"], "query");
    const leaves = leavesOf(q.groups, "query.groups");
    return toLinkStats(this.getMessage(this.request(resolveIndex(this.conn, d, "dev"), leaves)));
  }

  /** Ask the device to collect (or stop collecting) L3 hardware statistics (`ip stats set dev DEV l3_stats on|off`); the kernel decides. */
  setL3Stats(dev: string | number, on: boolean): void {
    const d = checkLink(dev, "dev");
    const v = checkBool(on, "on");
    this.sendUnchecked({ family: 0, ifindex: resolveIndex(this.conn, d, "dev"), filterMask: 0, attrs: { setOffloadXstatsL3Stats: v ? 1 : 0 } });
  }

  /** The RTM_GETSTATS request ip sends for these leaves (ifindex 0: a dump of every device). */
  request(ifindex: number, leaves: readonly StatsLeaf[]): StatsRequest {
    checkInt(ifindex, 0, 0x7fffffff, "ifindex");
    const f = statsFilter(leaves);
    return { family: 0, ifindex, filterMask: f.filterMask, attrs: f.attrs };
  }

  /** Message level: dump RTM_GETSTATS as given (ifindex 0). */
  dumpMessages(req: StatsRequest): StatsMessage[] {
    return this.conn.dump(RTM.GETSTATS, statsRequest, req, statsMessage);
  }

  /** Message level: one device's RTM_GETSTATS as given. */
  getMessage(req: StatsRequest): StatsMessage {
    return this.conn.get(RTM.GETSTATS, statsRequest, req, statsMessage);
  }

  /** Message level: send an RTM_SETSTATS built by the caller; the kernel decides. */
  sendUnchecked(req: StatsRequest): void {
    this.conn.ack(RTM.SETSTATS, 0, statsRequest, req);
  }
}
