/**
 * Validation of tc object specs and their translation into request
 * messages, in tc 6.1's attribute order (tc_qdisc.c: KIND, RATE, blocks,
 * OPTIONS, STAB; tc_filter.c: CHAIN, KIND, OPTIONS). Every check runs before
 * anything is sent and names the field.
 */
import type { TcAttrs, TcMessageInput } from "../../../codecs/tc/message.ts";
import { ETH_P, llProtoByName, parseClassid, parseQdiscHandle, TC_H, TCM_IFINDEX_MAGIC_BLOCK } from "../../../codecs/tc/tables.ts";
import { HOST_LE } from "../../../codecs/core/align.ts";
import type { LinkResolver } from "./action-options.ts";
import { int, obj } from "./check.ts";
import { filterOptionsToWire, type FilterChecks } from "./filter-options.ts";
import { routeHandle } from "./filter-classic.ts";
import { qdiscOptionsToWire } from "./qdisc-options.ts";
import { estimatorToWire, stabToWire, type TcEstimator, type TcSizeTable } from "./rate-est.ts";

/** Where an object lives: a link by name (`dev`) or index (`ifindex`). */
export interface TcLinkRef {
  dev?: string;
  ifindex?: number;
}

/** A qdisc to add/replace/change/delete. A TcQdisc from list() is one. */
export interface QdiscSpec extends TcLinkRef {
  kind?: string;
  /** "1:" / "1" (qdisc major); the kernel picks one when absent. ingress/clsact: "ffff:". */
  handle?: string;
  /** "root", "ingress", "clsact", "ffff:fff1" or a class ("1:10"). Defaults to ingress for ingress/clsact. */
  parent?: string;
  options?: unknown;
  ingressBlock?: number;
  egressBlock?: number;
  /** Rate estimator (tc's `estimator INTERVAL TIME_CONSTANT`). */
  estimator?: TcEstimator;
  /** Size table (tc's `stab ...`). */
  stab?: TcSizeTable;
}

/** A class. A TcClass from list() is one. */
export interface ClassSpec extends TcLinkRef {
  kind?: string;
  /** The class id, "1:10". */
  handle?: string;
  /** The parent qdisc or class, "1:" or "1:1"; "root" for a top class. */
  parent?: string;
  options?: unknown;
  /** Rate estimator (tc's `estimator INTERVAL TIME_CONSTANT`). */
  estimator?: TcEstimator;
}

/** A filter. A TcFilter from list() is one. */
export interface FilterSpec extends TcLinkRef {
  kind?: string;
  /** "1:", "ingress" (clsact ingress, ffff:fff2), "egress" (ffff:fff3), "root" or a class id. */
  parent?: string;
  /** "all" (default on add), "ip", "ipv6", "802.1Q"... or the ethertype number. */
  protocol?: string | number;
  /** Priority (tc's pref/prio), 0..65535; the kernel picks one when absent. */
  pref?: number;
  /** The classifier's handle (u32: a number such as 0x80000800); absent for the kernel's choice. */
  handle?: number;
  chain?: number;
  /** A shared block's index instead of a link (`tc filter add block N`): no dev/ifindex, no parent. */
  block?: number;
  options?: unknown;
}

/** Resolves `dev`/`ifindex` to an index (a name lookup is one RTM_GETLINK). */
export type IndexResolver = (ref: string | number, field: string) => number;

function linkOf(s: TcLinkRef, resolve: IndexResolver): number {
  if (s.dev !== undefined && s.ifindex !== undefined) throw new TypeError("dev: give dev or ifindex, not both");
  if (s.dev !== undefined) {
    if (typeof s.dev !== "string") throw new TypeError(`dev: expected an interface name, got ${typeof s.dev}`);
    return resolve(s.dev, "dev");
  }
  if (s.ifindex === undefined) throw new TypeError("ifindex: a link is required (dev or ifindex)");
  return resolve(int(s.ifindex, 1, 0x7fffffff, "ifindex"), "ifindex");
}

function kindOf(v: unknown, field: string, required: boolean): string | undefined {
  if (v === undefined) {
    if (required) throw new TypeError(`${field}: required`);
    return undefined;
  }
  if (typeof v !== "string" || v === "" || v.length > 15 || v.includes("\0")) throw new TypeError(`${field}: expected a kind name (1..15 bytes), got ${JSON.stringify(v)}`);
  return v;
}

function classidOf(v: unknown, field: string): number {
  if (typeof v !== "string") throw new TypeError(`${field}: expected a class id like "1:10", got ${typeof v}`);
  const n = parseClassid(v);
  if (n === undefined) throw new TypeError(`${field}: ${JSON.stringify(v)} is not a class id (e.g. "1:10", "root")`);
  return n;
}

/** Whether the spec is being added/replaced (options wanted) or deleted (identity only). */
export type Op = "add" | "delete";

/** The request message for a qdisc spec. */
export function qdiscMessageOf(spec: QdiscSpec, op: Op, resolve: IndexResolver): TcMessageInput {
  const s = obj(spec, "qdisc") as QdiscSpec;
  const kind = kindOf(s.kind, "kind", op === "add");
  let parent: number;
  let handle = 0;
  const ingressLike = s.parent === "ingress" || s.parent === "clsact" || (s.parent === undefined && (kind === "ingress" || kind === "clsact"));
  if (ingressLike) {
    parent = TC_H.INGRESS;
    handle = 0xffff0000;
  } else {
    if (s.parent === undefined) throw new TypeError('parent: required ("root", "ingress", "clsact" or a class like "1:10")');
    parent = classidOf(s.parent, "parent");
  }
  if (s.handle !== undefined) {
    if (typeof s.handle !== "string") throw new TypeError(`handle: expected a qdisc handle like "1:", got ${typeof s.handle}`);
    const h = parseQdiscHandle(s.handle);
    if (h === undefined) throw new TypeError(`handle: ${JSON.stringify(s.handle)} is not a qdisc handle (e.g. "1:")`);
    if (!ingressLike || h !== 0) handle = h;
  }
  const attrs: TcAttrs = {};
  if (kind !== undefined) attrs.kind = kind;
  if (s.estimator !== undefined) attrs.rate = estimatorToWire(s.estimator, "estimator");
  if (s.ingressBlock !== undefined) attrs.ingressBlock = int(s.ingressBlock, 1, 0xffffffff, "ingressBlock");
  if (s.egressBlock !== undefined) attrs.egressBlock = int(s.egressBlock, 1, 0xffffffff, "egressBlock");
  if (op === "add" && kind !== undefined) {
    const o = s.options === undefined && ["fq_codel", "fq", "sfq", "htb", "netem", "prio", "codel", "pie", "fq_pie", "red", "cake", "ets", "multiq", "mqprio", "hfsc", "choke", "sfb", "hhf", "cbs", "etf"].includes(kind) ? defaultOptions(kind) : s.options === undefined ? undefined : qdiscOptionsToWire(kind, "qdisc", s.options, "options");
    if (o !== undefined) attrs.options = o as TcAttrs["options"];
  }
  const stab = s.stab === undefined ? undefined : stabToWire(s.stab, "stab");
  if (stab !== undefined) attrs.stab = stab as unknown as TcAttrs["stab"];
  const ifindex = linkOf(s, resolve); // last: a name lookup is a request, and everything else is checked first
  return { family: 0, ifindex, handle, parent, info: 0, attrs };
}

/** What tc sends for a kind given without options (q_*.c parse_qopt with no arguments). */
function defaultOptions(kind: string): unknown {
  switch (kind) {
    case "htb": return qdiscOptionsToWire("htb", "qdisc", {}, "options");
    case "netem": return qdiscOptionsToWire("netem", "qdisc", {}, "options");
    case "fq_codel": case "fq": return {};
    case "sfq": return qdiscOptionsToWire("sfq", "qdisc", {}, "options");
    case "prio": return qdiscOptionsToWire(kind, "qdisc", {}, "options");
    case "codel": case "pie": case "fq_pie": case "red": case "cake": case "ets": case "multiq": case "mqprio": case "hfsc": case "choke": case "sfb": case "hhf": case "cbs": case "etf": return qdiscOptionsToWire(kind, "qdisc", {}, "options"); // red: limit and avpkt, ets: bands are required
    default: return undefined; // ingress, clsact, mq, noqueue, fifos, pfifo_fast: no TCA_OPTIONS
  }
}

/** The request message for a class spec. */
export function classMessageOf(spec: ClassSpec, op: Op, resolve: IndexResolver): TcMessageInput {
  const s = obj(spec, "class") as ClassSpec;
  const kind = kindOf(s.kind, "kind", op === "add");
  if (s.handle === undefined && op === "delete") throw new TypeError('handle: the class id is required (e.g. "1:10")');
  const handle = s.handle === undefined ? 0 : classidOf(s.handle, "handle");
  if (s.parent === undefined && op === "add") throw new TypeError('parent: required (e.g. "1:" or "1:1")');
  const parent = s.parent === undefined ? 0 : classidOf(s.parent, "parent");
  const attrs: TcAttrs = {};
  if (kind !== undefined) attrs.kind = kind;
  if (s.estimator !== undefined) attrs.rate = estimatorToWire(s.estimator, "estimator");
  if (op === "add" && kind !== undefined && s.options !== undefined) attrs.options = qdiscOptionsToWire(kind, "class", s.options, "options") as TcAttrs["options"];
  if (op === "add" && (kind === "drr" || kind === "ets" || kind === "qfq" || kind === "hfsc") && s.options === undefined) attrs.options = qdiscOptionsToWire(kind, "class", {}, "options") as TcAttrs["options"]; // tc sends an empty nest (hfsc: refuses)
  if (op === "add" && kind === "htb" && s.options === undefined) throw new TypeError("options.rate: required for an htb class");
  const ifindex = linkOf(s, resolve);
  return { family: 0, ifindex, handle, parent, info: 0, attrs };
}

/** The ethertype of a protocol name or number. */
export function protocolOf(v: unknown, field: string): number {
  if (typeof v === "number") return int(v, 0, 0xffff, field);
  if (typeof v === "string") {
    const n = ETH_P.byName.get(v) ?? llProtoByName(v);
    if (n !== undefined) return n;
    if (/^0x[0-9a-f]{1,4}$/i.test(v)) return Number.parseInt(v, 16);
  }
  throw new TypeError(`${field}: unknown protocol ${JSON.stringify(v)} (known: ${[...ETH_P.byName.keys()].join(", ")}, or a number)`);
}

/** tcm_info of a filter: prio << 16 | htons(protocol). */
export function filterInfo(pref: number, proto: number): number {
  const p = HOST_LE ? ((proto & 0xff) << 8) | (proto >> 8) : proto;
  return ((pref << 16) | p) >>> 0;
}

/** The request message for a filter spec; `create` selects tc's add defaults (protocol all). */
export function filterMessageOf(spec: FilterSpec, op: Op, resolve: IndexResolver, create: boolean, resolveLink: LinkResolver, checks: FilterChecks = "lib"): TcMessageInput {
  const s = obj(spec, "filter") as FilterSpec;
  const kind = kindOf(s.kind, "kind", false);
  const block = blockOf(s);
  let parent = 0;
  if (block !== undefined) parent = block;
  else if (s.parent === "ingress") parent = 0xfffffff2;
  else if (s.parent === "egress") parent = 0xfffffff3;
  else if (s.parent !== undefined) parent = classidOf(s.parent, "parent");
  const proto = s.protocol === undefined ? (create ? 0x0003 : 0) : protocolOf(s.protocol, "protocol");
  const pref = s.pref === undefined ? 0 : int(s.pref, 0, 0xffff, "pref");
  let handle = s.handle === undefined ? 0 : int(s.handle, 0, 0xffffffff, "handle");
  if (handle !== 0 && kind === undefined) throw new TypeError("kind: required when a handle is given");
  const attrs: TcAttrs = {};
  if (s.chain !== undefined) attrs.chain = int(s.chain, 0, 0xffffffff, "chain");
  if (kind !== undefined) attrs.kind = kind;
  if ((op === "add" || op === "delete") && kind !== undefined) {
    // tc sends no TCA_OPTIONS for a classifier given without arguments; on delete only what the classifier's parser added (flower always adds some).
    if (s.options !== undefined) attrs.options = filterOptionsToWire(kind, s.options, "options", resolveLink, checks) as TcAttrs["options"];
    // f_route.c: a route filter given no handle gets the one its realms/interface/order make
    if (kind === "route" && s.handle === undefined && typeof s.options === "object" && s.options !== null) handle = routeHandle(s.options, attrs.options);
  }
  const ifindex = block !== undefined ? TCM_IFINDEX_MAGIC_BLOCK | 0 : linkOf(s, resolve);
  return { family: 0, ifindex, handle, parent, info: filterInfo(pref, proto), attrs };
}

/**
 * The shared block of a filter/chain spec, checked: with `block` there is no link (ifindex 0,
 * as a listed block filter carries, is accepted) and no parent ("" as listed).
 */
export function blockOf(s: { block?: number; dev?: string; ifindex?: number; parent?: string }): number | undefined {
  if (s.block === undefined) return undefined;
  const b = int(s.block, 1, 0xffffffff, "block");
  if (s.dev !== undefined || (s.ifindex !== undefined && s.ifindex !== 0)) throw new TypeError("block: give a link (dev or ifindex) or a shared block, not both");
  if (s.parent !== undefined && s.parent !== "") throw new TypeError("parent: a shared block's filters have no parent (the block is the parent)");
  return b;
}
