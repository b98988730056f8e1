/**
 * Filter chains (`nl.tc.chains`): RTM_NEWCHAIN / RTM_DELCHAIN /
 * RTM_GETCHAIN as tc 6.1's `tc chain` sends them (tc_filter.c with the
 * chain commands): a tcmsg naming the link and the qdisc/block parent, and
 * TCA_CHAIN with the index; add is CREATE|EXCL, get asks with NLM_F_ECHO
 * and no ACK, show dumps one parent. What list() returns can be passed
 * back to delete().
 *
 *   nl.tc.chains.add({ dev: "v0", parent: "ingress", chain: 7 });
 *   nl.tc.chains.list({ dev: "v0", parent: "ingress" });  // [{ ifindex: 10, parent: "ffff:", chain: 7 }]
 */
import { NLM_F_CREATE, NLM_F_ECHO, NLM_F_EXCL } from "../../../codecs/core/constants.ts";
import { chainMessage, filterRequest, type TcMessage } from "../../../codecs/tc/message.ts";
import { formatClassid, RTM_TC, TCM_IFINDEX_MAGIC_BLOCK } from "../../../codecs/tc/tables.ts";
import type { NetlinkConnection } from "../../conn/connection.ts";
import { resolveIndex } from "../shared/ifindex.ts";
import { int } from "./check.ts";
import { filterOptionsFromWire, type FilterChecks } from "./filter-options.ts";
import { filterMessageOf, type TcLinkRef } from "./spec.ts";

/** A chain of a qdisc's (or clsact hook's) filter block. */
export interface TcChain {
  /** The link; 0 for a chain of a shared block (then `block` is set and both parents are ""). */
  ifindex: number;
  /** The shared block's index (`tc chain ... block N`), when the chain belongs to one. */
  block?: number;
  /**
   * The parent the chain was listed under ("ffff:fff2" clsact ingress, "ffff:fff3" egress, "1:"), so
   * that the object deletes it; from an event, the kernel's tcm_parent.
   */
  parent: string;
  /** The kernel's tcm_parent: the block's qdisc ("ffff:" for both clsact hooks), what tc prints. */
  kernelParent: string;
  chain: number;
  /** The chain template's classifier kind, when it has one. */
  kind?: string;
  /** The template's options (typed like a filter's, else hex). */
  options?: unknown;
}

/**
 * Which chain(s): a link and the parent ("ingress", "egress", "ffff:", "1:"), or a shared `block`;
 * and the index (absent: TCA_CHAIN is not sent; the kernel takes chain 0, and list() lists every
 * chain). On add, `kind` and `options` make a chain template (filters of the chain must then fit it).
 */
export interface ChainSpec extends TcLinkRef {
  parent?: string;
  block?: number;
  chain?: number;
  /** tcm_info's priority and protocol, as `tc chain add ... pref P protocol X` sends them (the kernel ignores them for chains). */
  pref?: number;
  protocol?: string | number;
  /** The template's classifier kind (`tc chain add ... chain N flower ...`). */
  kind?: string;
  /** The template's options, in the kind's filter options shape. */
  options?: unknown;
}

/** A TcChain from a decoded RTM_NEWCHAIN. */
export function toChain(m: TcMessage): TcChain {
  const c: TcChain = { ifindex: m.ifindex, parent: formatClassid(m.parent), kernelParent: formatClassid(m.parent), chain: m.attrs.chain ?? 0 };
  if (m.ifindex === (TCM_IFINDEX_MAGIC_BLOCK | 0)) { c.ifindex = 0; c.block = m.parent; c.parent = ""; c.kernelParent = ""; }
  if (m.attrs.kind !== undefined) {
    c.kind = m.attrs.kind;
    const o = filterOptionsFromWire(m.attrs.kind, m.attrs.options);
    if (o !== undefined) c.options = o;
  }
  return c;
}

/** The kernel reports both clsact hooks' chains under "ffff:": keep the parent that was asked for. */
function asked(c: TcChain, req: TcMessage): TcChain {
  return c.block !== undefined ? c : { ...c, parent: formatClassid(req.parent) };
}

/** Filter chains of one connection's namespace. */
export class ChainApi {
  private readonly checks: FilterChecks;
  /** opts.checks: as FilterApi's (what a template's options leave to the kernel). */
  constructor(readonly conn: NetlinkConnection, opts?: { checks?: FilterChecks }) {
    const c = opts?.checks;
    if (c !== undefined && c !== "lib" && c !== "kernel") throw new TypeError(`checks: expected "lib" or "kernel", got ${JSON.stringify(c)}`);
    this.checks = c ?? "lib";
  }

  private message(spec: ChainSpec, template = false): TcMessage {
    if (spec === null || typeof spec !== "object") throw new TypeError("chain: expected { dev | ifindex, parent, chain } or { block, chain }");
    if (spec.block === undefined && typeof spec.parent !== "string") throw new TypeError("parent: required (\"ingress\", \"egress\" or a qdisc handle)");
    if (spec.chain !== undefined) int(spec.chain, 0, 0xffffffff, "chain");
    if (!template && (spec.kind !== undefined || spec.options !== undefined)) throw new TypeError("kind: a chain template is given on add only");
    if (spec.options !== undefined && spec.kind === undefined) throw new TypeError("kind: required with options (the template's classifier)");
    const s = { dev: spec.dev, ifindex: spec.ifindex, parent: spec.parent, block: spec.block, chain: spec.chain, kind: spec.kind, options: spec.options, pref: spec.pref, protocol: spec.protocol };
    const resolve = (r: string | number, f: string) => resolveIndex(this.conn, r, f);
    return filterMessageOf(s, template ? "add" : "delete", resolve, false, (n, f) => resolveIndex(this.conn, n, f), this.checks) as TcMessage;
  }

  /** The chains of one parent of a link (`tc chain show dev D PARENT [chain N]`: with `chain`, the kernel sends that one only). */
  list(spec: ChainSpec): TcChain[] {
    const req = this.message(spec);
    return this.conn.dump(RTM_TC.GETCHAIN, filterRequest, req, chainMessage).map((m) => asked(toChain(m), req));
  }

  /** One chain (`tc chain get`); NetlinkError EINVAL "Cannot find specified filter chain" when it does not exist. */
  get(spec: ChainSpec): TcChain {
    const req = this.message(spec);
    return asked(toChain(this.conn.get(RTM_TC.GETCHAIN, filterRequest, req, chainMessage, NLM_F_ECHO)), req);
  }

  /** `tc chain add`: EEXIST when the chain exists (a filter in it creates it too). */
  add(spec: ChainSpec): void {
    this.conn.ack(RTM_TC.NEWCHAIN, NLM_F_CREATE | NLM_F_EXCL, filterRequest, this.message(spec, true));
  }

  /** `tc chain del`: the chain and every filter in it. */
  delete(spec: ChainSpec): void {
    this.conn.ack(RTM_TC.DELCHAIN, 0, filterRequest, this.message(spec));
  }
}
