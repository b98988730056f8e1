/**
 * The neighbour table API (`nl.neighbours.tables`): the kernel's ARP and
 * NDP tables and their per-device parameters over rtnetlink
 * (RTM_GETNEIGHTBL dump, RTM_SETNEIGHTBL, struct ndtmsg, linux/neighbour.h),
 * as `ip ntable show|change`. Every argument is validated before the first
 * syscall; kernel refusals surface as NetlinkError (ENOENT for an unknown
 * table or device, and for table-wide values or default parameters changed
 * outside the init namespace).
 *
 *   const tables = nl.neighbours.tables;
 *   tables.list({ family: 4, dev: "eth0" });   // [{ family: "inet", name: "arp_cache", ifindex: 2, ... }]
 *   tables.change({ name: "arp_cache", dev: "eth0", baseReachableTime: 20000, ucastProbes: 5 });
 */
import { NLM_F_REPLACE } from "../../../codecs/core/constants.ts";
import { AF_INET, AF_INET6, AF_UNSPEC } from "../../../codecs/ip/index.ts";
import { ntableMessage, type NdtParmsAttrs, type NtableAttrs, type NtableMessage } from "../../../codecs/ntable/index.ts";
import { RTM } from "../../../codecs/rtnetlink.ts";
import type { NetlinkConnection } from "../../conn/connection.ts";
import { checkInt, checkKeys, checkLink, describe } from "../shared/check.ts";
import { familyNumber } from "../shared/family.ts";
import { resolveIndex } from "../shared/ifindex.ts";
import { PARM_COUNTS, PARM_TIMES, toNeighbourTable, type NeighbourTable, type NeighbourTableLimits, type NeighbourTableParms } from "./model.ts";

export type { NeighbourTable, NeighbourTableConfig, NeighbourTableLimits, NeighbourTableParms, NeighbourTableStats } from "./model.ts";
/** The decoded RTM_NEWNEIGHTBL / RTM_SETNEIGHTBL message of the message-level methods (codecs/ntable). */
export type { NtableMessage };

/** Filters of `list`: all given ones must match. */
export interface NeighbourTableFilter {
  /** 4/"inet" (arp_cache) or 6/"inet6" (ndisc_cache); asked of the kernel. */
  family?: 4 | 6 | "inet" | "inet6";
  /** Table name ("arp_cache", "ndisc_cache"). */
  name?: string;
  /** Only this device's parameters (name or index); null: only the tables' own entries. */
  dev?: string | number | null;
}

/**
 * What `change` takes: the table by name (and family), the device whose
 * parameters change (none: the table's defaults, init namespace only), and
 * the values to set. A listed NeighbourTable is accepted too: its
 * read-only members (refcnt, reachableTime, config, stats) are ignored.
 */
export interface NeighbourTableChange extends NeighbourTableLimits, NeighbourTableParms {
  name: string;
  family?: 4 | 6 | "inet" | "inet6";
  /** The device, by name or index. */
  dev?: string | number;
  /** The device by index (as listed); not together with dev. */
  ifindex?: number;
  refcnt?: unknown;
  reachableTime?: unknown;
  config?: unknown;
  stats?: unknown;
}

const FILTER_KEYS = ["family", "name", "dev"];
const LIMITS = ["thresh1", "thresh2", "thresh3"] as const;
const READ_ONLY = ["refcnt", "reachableTime", "config", "stats"];
const CHANGE_KEYS = ["name", "family", "dev", "ifindex", ...LIMITS, "gcInterval", ...PARM_TIMES, ...PARM_COUNTS, ...READ_ONLY];
const U64_MAX = 0xffffffffffffffffn;

function checkName(v: unknown, field: string): string {
  if (typeof v !== "string" || v.length === 0 || v.includes("\0")) throw new TypeError(`${field}: expected a table name like "arp_cache", got ${describe(v)}`);
  return v;
}

/** Milliseconds as the kernel's u64: a non-negative safe integer or a bigint up to 2^64-1. */
function checkMs(v: unknown, field: string, min = 0): bigint {
  let b: bigint;
  if (typeof v === "bigint") b = v;
  else if (typeof v === "number" && Number.isSafeInteger(v)) b = BigInt(v);
  else throw new TypeError(`${field}: expected milliseconds as an integer, got ${describe(v)}`);
  if (b < BigInt(min) || b > U64_MAX) throw new RangeError(`${field}: ${b} is out of range ${min}..${U64_MAX}`);
  return b;
}

/** The kernel's neighbour tables as seen from the namespace of a connection. */
export class NeighbourTableApi {
  constructor(readonly conn: NetlinkConnection) {}

  /**
   * The dump entries matching `filter`, in the kernel's order: for each
   * table its own entry, then one per device of this namespace.
   */
  list(filter: NeighbourTableFilter = {}): NeighbourTable[] {
    const f = checkKeys(filter, FILTER_KEYS, "filter");
    const family = f.family === undefined ? AF_UNSPEC : familyNumber(f.family, "filter.family", [AF_INET, AF_INET6]);
    const name = f.name === undefined ? undefined : checkName(f.name, "filter.name");
    const dev = f.dev === undefined || f.dev === null ? f.dev : checkLink(f.dev, "filter.dev");
    const index = dev === undefined || dev === null ? dev : resolveIndex(this.conn, dev, "filter.dev");
    const out: NeighbourTable[] = [];
    for (const m of this.dumpMessages(family)) {
      const t = toNeighbourTable(m);
      if (name !== undefined && t.name !== name) continue;
      if (index !== undefined && (t.ifindex ?? null) !== index) continue;
      out.push(t);
    }
    return out;
  }

  /**
   * Set thresholds, gc interval and/or parameters of one table (`ip ntable
   * change`). With a device, that device's parameters; without, the
   * table's (refused with ENOENT outside the init namespace, as are the
   * thresholds and gc interval). Setting baseReachableTime makes the kernel
   * draw a new reachableTime, even to the same value. The kernel keeps
   * times in jiffies: a value may read back rounded (250 ms is 252 at HZ=250).
   */
  change(spec: NeighbourTableChange | NeighbourTable): void {
    this.sendUnchecked(this.message(spec));
  }

  /** Message level: the RTM_GETNEIGHTBL dump `ip ntable show` sends (ndtm_family as given, nothing filtered here). */
  dumpMessages(family: number): NtableMessage[] {
    checkInt(family, 0, 0xff, "family");
    return this.conn.dump(RTM.GETNEIGHTBL, ntableMessage, { family, attrs: {} });
  }

  /** Message level: send an RTM_SETNEIGHTBL built by the caller (NLM_F_REPLACE, as ip); the kernel decides. */
  sendUnchecked(msg: NtableMessage): void {
    this.conn.ack(RTM.SETNEIGHTBL, NLM_F_REPLACE, ntableMessage, msg);
  }

  private message(spec: NeighbourTableChange | NeighbourTable): NtableMessage {
    const s = checkKeys(spec, CHANGE_KEYS, "spec");
    const name = checkName(s.name, "spec.name");
    const family = s.family === undefined ? AF_UNSPEC : familyNumber(s.family, "spec.family", [AF_INET, AF_INET6]);
    if (s.dev !== undefined && s.ifindex !== undefined) throw new TypeError("spec.dev: give dev or ifindex, not both");
    const dev = s.dev !== undefined ? checkLink(s.dev, "spec.dev") : s.ifindex !== undefined ? checkInt(s.ifindex, 1, 0x7fffffff, "spec.ifindex") : undefined;
    // Attributes in the order of the spec's keys, the parameters nested last: ip's order for its words.
    const attrs: NtableAttrs = {};
    const parms: NdtParmsAttrs = {};
    for (const k of Object.keys(s)) {
      const v = s[k];
      if (v === undefined) continue;
      if (k === "name") attrs.name = name;
      else if ((LIMITS as readonly string[]).includes(k)) attrs[k as (typeof LIMITS)[number]] = checkInt(v, 0, 0xffffffff, `spec.${k}`);
      else if (k === "gcInterval") attrs.gcInterval = checkMs(v, "spec.gcInterval");
      else if ((PARM_TIMES as readonly string[]).includes(k)) parms[k as (typeof PARM_TIMES)[number]] = checkMs(v, `spec.${k}`, k === "intervalProbeTimeMs" ? 1 : 0);
      else if ((PARM_COUNTS as readonly string[]).includes(k)) parms[k as (typeof PARM_COUNTS)[number]] = checkInt(v, 0, 0xffffffff, `spec.${k}`);
      else if (k === "dev" || k === "ifindex") parms.ifindex = 0; // resolved below, in this position
    }
    if (Object.keys(attrs).length + Object.keys(parms).length - (dev === undefined ? 1 : 2) <= 0) {
      throw new TypeError("spec: nothing to change (give thresh1..3, gcInterval or a parameter such as baseReachableTime)");
    }
    if (dev !== undefined) parms.ifindex = resolveIndex(this.conn, dev, s.dev !== undefined ? "spec.dev" : "spec.ifindex");
    if (Object.keys(parms).length > 0) attrs.parms = parms;
    return { family, attrs };
  }
}
