/**
 * Route dump filters. The kernel filters an RTM_GETROUTE dump itself when
 * the socket has NETLINK_GET_STRICT_CHK (ip_valid_fib_dump_req,
 * inet6_rtm_valid_dump_req): rtm_table/RTA_TABLE, rtm_protocol, rtm_type
 * and RTA_OIF, and then flags every answer NLM_F_DUMP_FILTERED. The same
 * predicates are also applied here to every message, so the result is
 * right when the kernel did not filter (strictCheck: false, old kernels).
 */
import { AF_INET, AF_INET6, AF_MPLS, AF_UNSPEC } from "../../../codecs/ip/index.ts";
import type { RouteMessage } from "../../../codecs/route/decode.ts";
import { RT_TABLE, RTN, RTPROT } from "../../../codecs/route/tables.ts";
import { checkEnum, checkFamily, checkKeys, checkLink, checkTable, type RouteFamily, type TableRef } from "../shared/check.ts";
import { isMplsFamily } from "./mpls.ts";

/** Selectors of `list`, `iterate` and `flush`; all given ones must match. */
export interface RouteFilter {
  /** Without one, IPv4 and IPv6 routes; "mpls" lists the MPLS label table. */
  family?: RouteFamily | "mpls";
  /** A table id or name, or "all"; `list`/`iterate` default to "main" as `ip route show` does. */
  table?: TableRef | "all";
  protocol?: string | number;
  type?: string | number;
  /** Routes through this output link, by index (any path of a multipath route; `ip route show dev`). */
  ifindex?: number;
  /** The same by name (an index is still accepted here; prefer `ifindex`). Not with `ifindex`. */
  dev?: string | number;
}

/** A checked filter; numbers where the kernel wants numbers. */
export interface PreparedFilter {
  family: number;
  /** undefined: all tables. */
  table?: number;
  protocol?: number;
  type?: number;
  oif?: string | number;
}

const FILTER_KEYS = ["family", "table", "protocol", "type", "ifindex", "dev"];

/** Validate a filter (no syscall); `defaultTable` applies when `table` is not given. */
export function prepareFilter(filter: RouteFilter | undefined, defaultTable: number | undefined, what = "filter"): PreparedFilter {
  const f = checkKeys(filter ?? {}, FILTER_KEYS, what) as RouteFilter;
  const p: PreparedFilter = { family: f.family === undefined ? AF_UNSPEC : isMplsFamily(f.family) ? AF_MPLS : checkFamily(f.family, `${what}.family`) };
  if (f.table === undefined) {
    if (defaultTable !== undefined) p.table = defaultTable;
  } else if (f.table !== "all") {
    p.table = checkTable(f.table, `${what}.table`);
  }
  if (f.protocol !== undefined) p.protocol = checkEnum(f.protocol, RTPROT, `${what}.protocol`, 0xff);
  if (f.type !== undefined) p.type = checkEnum(f.type, RTN, `${what}.type`, 0xff);
  if (f.ifindex !== undefined && f.dev !== undefined) throw new TypeError(`${what}.ifindex: give either ifindex or dev, not both`);
  if (f.ifindex !== undefined) {
    if (typeof f.ifindex !== "number") throw new TypeError(`${what}.ifindex: expected an interface index (a name goes in dev), got ${JSON.stringify(f.ifindex)}`);
    p.oif = checkLink(f.ifindex, `${what}.ifindex`);
  }
  if (f.dev !== undefined) p.oif = checkLink(f.dev, `${what}.dev`);
  return p;
}

/** The dump request iproute2 sends for the same filter: selectors in the header, table and oif as attributes. */
export function dumpRequest(f: PreparedFilter, oif: number): RouteMessage {
  const attrs: RouteMessage["attrs"] = {};
  if (f.table !== undefined) attrs.table = f.table;
  if (oif !== 0) attrs.oif = oif;
  return { family: f.family, dstLen: 0, srcLen: 0, tos: 0, table: 0, protocol: f.protocol ?? 0, scope: 0, type: f.type ?? 0, flags: [], attrs };
}

/**
 * A predicate over decoded messages for the filter (with `oif` resolved to
 * an ifindex, 0 for none). Without a family, IPv4/IPv6 only: other families
 * (multicast routing tables of an AF_UNSPEC dump) never match.
 *
 * A class rather than a closure per filter: the dump decoder
 * (view-fast.ts) calls `test` for every route, and one method shared by
 * every list() keeps the JIT's compiled decoder valid from one dump to the
 * next (a new closure per call made the second list() recompile it).
 */
export class RouteMatcher {
  private readonly table: string | number | undefined;
  private readonly protocol: string | number | undefined;
  private readonly type: string | number | undefined;
  private readonly family: number;
  constructor(f: PreparedFilter, private readonly oif: number) {
    this.family = f.family;
    this.table = f.table === undefined ? undefined : RT_TABLE.name(f.table);
    this.protocol = f.protocol === undefined ? undefined : RTPROT.name(f.protocol);
    this.type = f.type === undefined ? undefined : RTN.name(f.type);
  }

  /** Whether the decoded message `m` passes the filter. */
  test(m: RouteMessage): boolean {
    if (this.family === AF_UNSPEC ? m.family !== AF_INET && m.family !== AF_INET6 : m.family !== this.family) return false;
    if (this.table !== undefined && (m.attrs.table ?? m.table) !== this.table) return false;
    if (this.protocol !== undefined && m.protocol !== this.protocol) return false;
    if (this.type !== undefined && m.type !== this.type) return false;
    const oif = this.oif;
    if (oif !== 0 && m.attrs.oif !== oif && !(m.attrs.multipath ?? []).some((h) => h.ifindex === oif)) return false;
    return true;
  }
}

/** The RouteMatcher of a prepared filter (`oif`: its link resolved to an ifindex, 0 for none). */
export function routeMatcher(f: PreparedFilter, oif: number): RouteMatcher {
  return new RouteMatcher(f, oif);
}
