/**
 * The typed traffic-control API (`nl.tc`): qdiscs, classes and filters of
 * the namespace a connection talks to, with list/add/replace/change/delete
 * as tc 6.1 does them (tc qdisc|class|filter add = NLM_F_CREATE|EXCL,
 * replace = CREATE|REPLACE, change = 0, del). Specs are validated before
 * any request; what list() returns can be passed back to delete/replace.
 *
 *   nl.tc.qdiscs.add({ dev: "v0", parent: "root", handle: "1:", kind: "htb", options: { defaultClass: 0x10 } });
 *   nl.tc.classes.add({ dev: "v0", parent: "1:", handle: "1:10", kind: "htb", options: { rate: "1mbit" } });
 *   nl.tc.filters.add({ dev: "v0", parent: "1:", protocol: "ip", pref: 1, kind: "u32",
 *     options: { classid: "1:10", sel: { keys: [{ val: 0xc0000201, mask: 0xffffffff, off: 16 }] } } });
 */
import { NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE } from "../../../codecs/core/constants.ts";
import { classMessage, classRequest, filterMessage, filterRequest, qdiscMessage, qdiscRequest, type TcMessage, type TcMessageInput } from "../../../codecs/tc/message.ts";
import { parseClassid, RTM_TC, TCM_IFINDEX_MAGIC_BLOCK } from "../../../codecs/tc/tables.ts";
import type { NetlinkConnection } from "../../conn/connection.ts";
import { resolveIndex } from "../shared/ifindex.ts";
import { ActionApi } from "./actions.ts";
import { withPinned } from "./bpf-pinned.ts";
import { ChainApi } from "./chains.ts";
import { int } from "./check.ts";
import { toClass, toFilter, toQdisc, type TcClass, type TcFilter, type TcQdisc } from "./model.ts";
import type { FilterChecks } from "./filter-options.ts";
import { blockOf, classMessageOf, filterInfo, filterMessageOf, protocolOf, qdiscMessageOf, type ClassSpec, type FilterSpec, type QdiscSpec, type TcLinkRef } from "./spec.ts";

export type { TcClass, TcFilter, TcQdisc, TcStats } from "./model.ts";
export type { ClassSpec, FilterSpec, QdiscSpec } from "./spec.ts";

/** How an add-like request treats an existing object. */
type Mode = "add" | "replace" | "change";
/** tc 6.1's flags: `replace` is CREATE|REPLACE for qdiscs but CREATE alone for classes and filters. */
const FLAGS: Record<Mode, number> = { add: NLM_F_CREATE | NLM_F_EXCL, replace: NLM_F_CREATE | NLM_F_REPLACE, change: 0 };
const FLAGS_CF: Record<Mode, number> = { add: NLM_F_CREATE | NLM_F_EXCL, replace: NLM_F_CREATE, change: 0 };

/** What list() may be narrowed to. */
export interface TcListFilter extends TcLinkRef {}

function parentOf(v: unknown): number {
  const n = typeof v === "string" ? parseClassid(v) : undefined;
  if (n === undefined) throw new TypeError(`filter.parent: ${JSON.stringify(v)} is not a class id (e.g. "1:10", "1:", "root")`);
  return n;
}

abstract class Base {
  constructor(readonly conn: NetlinkConnection) {}
  protected resolve = (ref: string | number, field: string): number => resolveIndex(this.conn, ref, field);
  protected resolveName = (name: string, field: string): number => resolveIndex(this.conn, name, field);
  protected linkFilter(f: TcListFilter | undefined): number {
    if (f === undefined) return 0;
    if (f === null || typeof f !== "object") throw new TypeError("filter: expected { dev } or { ifindex }");
    if (f.dev !== undefined) return this.resolve(f.dev, "dev");
    if (f.ifindex !== undefined) return int(f.ifindex, 1, 0x7fffffff, "ifindex");
    return 0;
  }
  protected dumpMsgs(type: number, codec: typeof qdiscMessage, msg: TcMessageInput): TcMessage[] {
    return this.conn.dump(type, codec, msg as TcMessage);
  }
}

/** What qdiscs.list() may be narrowed to, and whether it also lists invisible qdiscs. */
export interface QdiscListFilter extends TcListFilter {
  /**
   * Also the qdiscs the kernel hides from dumps (TCA_DUMP_INVISIBLE, tc's
   * `qdisc show invisible`): the default qdisc inside a classful one (tbf's
   * bfifo), a link's default mq children.
   */
  invisible?: boolean;
}

/** Qdiscs. */
export class QdiscApi extends Base {
  /** Every qdisc (of one link when given); the kernel's default qdiscs included, invisible ones only when asked. */
  list(filter?: QdiscListFilter): TcQdisc[] {
    const ifindex = this.linkFilter(filter);
    const invisible = filter?.invisible;
    if (invisible !== undefined && typeof invisible !== "boolean") throw new TypeError(`filter.invisible: expected a boolean, got ${typeof invisible}`);
    const msgs = this.dumpMsgs(RTM_TC.GETQDISC, qdiscMessage, { family: 0, ifindex, handle: 0, parent: 0, info: 0, attrs: invisible ? { dumpInvisible: true } : {} });
    return msgs.filter((m) => ifindex === 0 || m.ifindex === ifindex).map(toQdisc);
  }
  /** `tc qdisc add`: EEXIST when the parent already has one. */
  add(spec: QdiscSpec): void { this.modify("add", spec); }
  /** `tc qdisc replace`: create or replace. */
  replace(spec: QdiscSpec): void { this.modify("replace", spec); }
  /** `tc qdisc change`: change an existing qdisc's options. */
  change(spec: QdiscSpec): void { this.modify("change", spec); }
  /** `tc qdisc del`: by parent (and handle when given). */
  delete(spec: QdiscSpec): void {
    this.conn.ack(RTM_TC.DELQDISC, 0, qdiscRequest, qdiscMessageOf(spec, "delete", this.resolve) as TcMessage);
  }
  private modify(mode: Mode, spec: QdiscSpec): void {
    this.conn.ack(RTM_TC.NEWQDISC, FLAGS[mode], qdiscRequest, qdiscMessageOf(spec, "add", this.resolve) as TcMessage);
  }
}

/** What classes.list() may be narrowed to. */
export interface ClassListFilter extends TcListFilter {
  /**
   * tcm_parent of the dump ("1:10", "1:" or "root"): the kernel then lists
   * only the classes of the qdisc whose handle is its major number (`tc
   * class show dev v0 parent 1:1` lists every class of qdisc 1:).
   */
  parent?: string;
}

/** Classes. */
export class ClassApi extends Base {
  /** The classes of one link (the kernel dumps classes per link only), or of every link holding qdiscs. */
  list(filter?: ClassListFilter): TcClass[] {
    let links = [this.linkFilter(filter)];
    const parent = filter?.parent === undefined ? 0 : parentOf(filter.parent);
    if (links[0] === 0) links = [...new Set(new QdiscApi(this.conn).list().map((q) => q.ifindex))];
    return links.flatMap((ifindex) => this.dumpMsgs(RTM_TC.GETTCLASS, classMessage, { family: 0, ifindex, handle: 0, parent, info: 0, attrs: {} }).filter((m) => m.ifindex === ifindex).map(toClass));
  }
  /** `tc class add`. */
  add(spec: ClassSpec): void { this.modify("add", spec); }
  /** `tc class replace`. */
  replace(spec: ClassSpec): void { this.modify("replace", spec); }
  /** `tc class change`. */
  change(spec: ClassSpec): void { this.modify("change", spec); }
  /** `tc class del`. */
  delete(spec: ClassSpec): void {
    this.conn.ack(RTM_TC.DELTCLASS, 0, classRequest, classMessageOf(spec, "delete", this.resolve) as TcMessage);
  }
  private modify(mode: Mode, spec: ClassSpec): void {
    this.conn.ack(RTM_TC.NEWTCLASS, FLAGS_CF[mode], classRequest, classMessageOf(spec, "add", this.resolve) as TcMessage);
  }
}

/** What filters.list() may be narrowed to. */
export interface FilterListFilter extends TcListFilter {
  /** Only filters attached here ("1:", "ingress", "egress", "ffff:"); default: every qdisc and class of the link. */
  parent?: string;
  /** The filters of a shared block (`tc filter show block N`) instead of a link's. */
  block?: number;
  /** Only filters of this preference (the kernel narrows the dump by tcm_info's upper half). */
  pref?: number;
  /** Only filters of this protocol ("ip", "802.1Q", 0x86dd; the kernel narrows by tcm_info's lower half). */
  protocol?: string | number;
  /** Only filters of this chain (TCA_CHAIN in the dump request; default every chain). */
  chain?: number;
  /**
   * Ask for a terse dump (TCA_DUMP_FLAGS_TERSE, `tc -brief filter show`): handle, flags and
   * actions only. Classifiers without a terse dump (u32 here) make the kernel end the dump with EMSGSIZE.
   */
  terse?: boolean;
}

/** tcm_info and TCA_CHAIN of a narrowed filter dump (tc_filter_list's request). */
function dumpNarrowing(f: FilterListFilter): { info: number; attrs: { chain?: number; dumpFlags?: string } } {
  const pref = f.pref === undefined ? 0 : int(f.pref, 0, 0xffff, "pref");
  const proto = f.protocol === undefined ? 0 : protocolOf(f.protocol, "protocol");
  const attrs: { chain?: number; dumpFlags?: string } = f.chain === undefined ? {} : { chain: int(f.chain, 0, 0xffffffff, "chain") };
  if (f.terse !== undefined && typeof f.terse !== "boolean") throw new TypeError(`terse: expected a boolean, got ${String(f.terse)}`);
  if (f.terse) attrs.dumpFlags = TERSE_DUMP;
  return { info: filterInfo(pref, proto), attrs };
}

/** nla_bitfield32 { TCA_DUMP_FLAGS_TERSE, same } (host order). */
const TERSE_DUMP = "0100000001000000";

/** Options of FilterApi and ChainApi. */
export interface FilterApiOptions {
  /**
   * "lib" (default): combinations the kernel refuses (skipHw with skipSw) are
   * TypeErrors before any request. "kernel": sent as given, as tc does, and
   * the kernel answers.
   */
  checks?: FilterChecks;
}

/** The checks option, validated. */
export function checksOf(opts: FilterApiOptions | undefined): FilterChecks {
  const c = opts?.checks;
  if (c !== undefined && c !== "lib" && c !== "kernel") throw new TypeError(`checks: expected "lib" or "kernel", got ${JSON.stringify(c)}`);
  return c ?? "lib";
}

/** Filters. */
export class FilterApi extends Base {
  private readonly checks: FilterChecks;
  constructor(conn: NetlinkConnection, opts?: FilterApiOptions) {
    super(conn);
    this.checks = checksOf(opts);
  }
  /**
   * Filters of a link (required: the kernel dumps per link and parent).
   * Without `parent`, those of every qdisc and class of the link, and of
   * both clsact hooks, in that order; chain/prio headers (handle 0) included.
   */
  list(filter: FilterListFilter): TcFilter[] {
    return this.requests(filter).flatMap((m) => this.dumpMsgs(RTM_TC.GETTFILTER, filterMessage, m).map(toFilter));
  }
  /**
   * list() one filter at a time as the kernel sends them: a dump that ends
   * in an error throws after yielding what came before it (tc prints those).
   */
  *iter(filter: FilterListFilter): Generator<TcFilter, void> {
    for (const m of this.requests(filter)) {
      for (const f of this.conn.dumpIter(RTM_TC.GETTFILTER, filterMessage, m as TcMessage)) yield toFilter(f);
    }
  }
  /** The dump requests of a listing: one per parent (every qdisc and class of the link when none is given), or the block's. */
  private requests(filter: FilterListFilter): TcMessageInput[] {
    if (filter !== null && typeof filter === "object" && filter.block !== undefined) {
      const block = blockOf(filter)!;
      return [{ family: 0, ifindex: TCM_IFINDEX_MAGIC_BLOCK | 0, handle: 0, parent: block, ...dumpNarrowing(filter) }];
    }
    const ifindex = this.linkFilter(filter);
    if (ifindex === 0) throw new TypeError("dev: filters are listed per link (dev or ifindex)");
    const narrow = dumpNarrowing(filter);
    let parents: number[];
    if (filter.parent !== undefined) {
      parents = [(filterMessageOf({ ifindex, parent: filter.parent }, "delete", (r) => r as number, false, this.resolveName)).parent!];
    } else {
      const qs = new QdiscApi(this.conn).list({ ifindex });
      parents = [];
      for (const q of qs) {
        if (q.kind === "clsact") parents.push(0xfffffff2, 0xfffffff3);
        else if (q.handle !== "0:") parents.push(Number.parseInt(q.handle, 16) << 16 >>> 0);
      }
      for (const c of new ClassApi(this.conn).list({ ifindex })) {
        const [maj, min] = c.handle.split(":");
        parents.push(((Number.parseInt(maj!, 16) << 16) | Number.parseInt(min!, 16)) >>> 0);
      }
    }
    return parents.map((parent) => ({ family: 0, ifindex, handle: 0, parent, ...narrow }));
  }
  /** `tc filter add` (protocol defaults to all). */
  add(spec: FilterSpec): void { this.modify("add", spec); }
  /** `tc filter replace`. */
  replace(spec: FilterSpec): void { this.modify("replace", spec); }
  /** `tc filter change`. */
  change(spec: FilterSpec): void { this.modify("change", spec); }
  /** `tc filter del`: everything matching parent/protocol/pref (and handle with kind). */
  delete(spec: FilterSpec): void {
    this.conn.ack(RTM_TC.DELTFILTER, 0, filterRequest, filterMessageOf(spec, "delete", this.resolve, false, this.resolveName, this.checks) as TcMessage);
  }
  /**
   * `tc filter get`: the one filter `spec` names (its link or block, parent,
   * protocol, pref, kind and handle; chain), as the kernel reports it;
   * NetlinkError (ENOENT...) when there is none.
   */
  get(spec: FilterSpec): TcFilter {
    const msg = filterMessageOf(spec, "delete", this.resolve, false, this.resolveName, this.checks) as TcMessage;
    return toFilter(this.conn.get(RTM_TC.GETTFILTER, filterRequest, msg, filterMessage));
  }
  private modify(mode: Mode, spec: FilterSpec): void {
    const msg = (s: FilterSpec) => filterMessageOf(s, "add", this.resolve, mode !== "change", this.resolveName, this.checks) as TcMessage;
    withPinned(spec, msg, (s) => this.conn.ack(RTM_TC.NEWTFILTER, FLAGS_CF[mode], filterRequest, msg(s)));
  }
}

/** Traffic control: qdiscs, classes, filters, filter chains and shared actions of one connection's namespace. */
export class TcApi {
  readonly qdiscs: QdiscApi;
  readonly classes: ClassApi;
  readonly filters: FilterApi;
  readonly actions: ActionApi;
  readonly chains: ChainApi;
  constructor(readonly conn: NetlinkConnection) {
    this.qdiscs = new QdiscApi(conn);
    this.classes = new ClassApi(conn);
    this.filters = new FilterApi(conn);
    this.actions = new ActionApi(conn);
    this.chains = new ChainApi(conn);
  }
}
