/**
 * `tc chain` (tc 6.1 tc_filter.c do_chain): add and del read the words of
 * tc_filter_modify (a classifier kind and its options after the chain make a
 * chain template), get those of tc_filter_get, show/list those of
 * tc_filter_list; a link (`dev`) or a shared block (`block N`). Printed as
 * print_filter prints RTM_NEWCHAIN (no dev, parent, block or chain when the
 * command named it; "added"/"deleted" prefixes in monitor).
 */
import { NLM_F_CREATE, NLM_F_EXCL } from "../../codecs/core/constants.ts";
import { parseClassid, RTM_TC } from "../../codecs/tc/tables.ts";
import type { Printer } from "../../lib/format/printer.ts";
import { ChainApi, type TcChain } from "../../lib/rtnl/tc/chains.ts";
import { matches } from "../args.ts";
import { CliError, isNetlinkError, kernelError } from "../errors.ts";
import { blockExists, parseFilterHead, u32Arg } from "./commands.ts";
import type { TcCtx } from "./context.ts";
import type { TcShowCtx } from "./print-common.ts";
import { printFilterOptions } from "./print-filter.ts";
import { parseFilterArgs } from "./parse-filter.ts";
import { flowerHead } from "./parse-flower.ts";

const CHAIN_USAGE = "Usage: tc chain [ add | del | get | show ] [ dev STRING ]\n" +
  "       tc chain [ add | del | get | show ] [ block BLOCK_INDEX ] ]\n";

const incomplete = () => new CliError('Command line is not complete. Try option "help"\n', 255, true);
const invarg = (msg: string, arg: string) => new CliError(`Error: argument "${arg}" is wrong: ${msg}\n`, 255, true);
const duparg = (key: string, arg: string) => new CliError(`Error: duplicate "${key}": "${arg}" is the second value.\n`, 255, true);

interface ChainArgs { dev?: string; block?: number; parent?: string; chain?: number }

/** tc_filter_list's / tc_filter_get's words (the chain subset: dev, block, parent, chain). */
function parseList(a: string[], get: boolean): ChainArgs {
  const out: ChainArgs = {};
  const dupParent = (w: string) => { if (out.parent !== undefined) throw new CliError(`Error: "${w}" is duplicate parent ID\n`, 255, true); };
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    const next = () => { const v = a[++i]; if (v === undefined) throw incomplete(); return v; };
    if (w === "dev") {
      const d = next();
      if (out.dev !== undefined) throw duparg("dev", d);
      if (out.block !== undefined) throw new CliError(get ? 'Error: "dev" and "block" are mutually exclusive\n' : 'Error: "dev" cannot be used in the same time as "block"\n', 255, true);
      out.dev = d;
    } else if (matches(w, "block")) {
      const v = next();
      if (out.block !== undefined) throw duparg("block", v);
      if (out.dev !== undefined) throw new CliError(get ? 'Error: "dev" and "block" are mutually exclusive\n' : 'Error: "block" cannot be used in the same time as "dev"\n', 255, true);
      const b = u32Arg(v);
      if (!b) throw invarg("invalid block index value", v);
      out.block = b;
    } else if (w === "root" || w === "ingress" || w === "egress") { dupParent(w); out.parent = w; }
    else if (w === "parent") { const p = next(); if (out.parent !== undefined) throw duparg("parent", p); if (parseClassid(p) === undefined) throw invarg(get ? "Invalid parent ID" : "invalid parent ID", p); out.parent = p; }
    else if (matches(w, "chain")) {
      const v = next();
      if (out.chain !== undefined) throw duparg("chain", v);
      const n = u32Arg(v);
      if (n === undefined) throw invarg("invalid chain index value", v);
      out.chain = n;
    } else if (matches(w, "help")) throw new CliError(CHAIN_USAGE, 0, true);
    else throw new CliError(`bun-netlink-tc: the word "${w}" is not supported in tc chain\n`, 255, true);
  }
  return out;
}

function parentNumber(p: string | undefined): number {
  if (p === undefined) return 0;
  if (p === "root") return 0xffffffff;
  if (p === "ingress") return 0xfffffff2;
  if (p === "egress") return 0xfffffff3;
  return parseClassid(p) ?? 0;
}

/** What the listing fixed (tc leaves it out), and the notification type/flags in monitor. */
export interface ChainShown { ifindex?: number; block?: number; parent: number; chain?: number; type?: number; flags?: number }

/** print_filter for an RTM_NEWCHAIN / RTM_DELCHAIN. */
export function printChain(p: Printer, c: TcChain, shown: ChainShown, ctx: TcShowCtx): void {
  p.obj();
  const f = shown.flags ?? 0;
  if (shown.type === RTM_TC.DELCHAIN) p.bool("deleted", "deleted ", true);
  if (shown.type === RTM_TC.NEWCHAIN && f & NLM_F_CREATE && !(f & NLM_F_EXCL)) p.bool("replaced", "replaced ", true);
  if (shown.type === RTM_TC.NEWCHAIN && f & NLM_F_CREATE && f & NLM_F_EXCL) p.bool("added", "added ", true);
  p.text("chain ");
  if (c.block !== undefined) {
    if (shown.block !== c.block) p.num("block", "block %s ", c.block);
  } else {
    if (shown.ifindex !== c.ifindex) { p.text("dev "); p.str("dev", "%s ", ctx.name(c.ifindex)); }
    const parent = c.kernelParent;
    if (parentNumber(parent) !== shown.parent || shown.parent === 0) {
      if (parent === "root") p.bool("root", "root ", true);
      else if (parent === "ffff:fff2") p.bool("ingress", "ingress ", true);
      else if (parent === "ffff:fff3") p.bool("egress", "egress ", true);
      else p.str("parent", "parent %s ", parent);
    }
  }
  if (c.kind !== undefined) p.str("kind", "%s ", c.kind);
  if (shown.chain !== c.chain) p.num("chain", "chain %s ", c.chain);
  if (c.kind !== undefined) printFilterOptions(p, { kind: c.kind, handle: 0, options: c.options }, ctx);
  p.nl();
  p.endObj();
}

function run<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (isNetlinkError(e)) throw new CliError(`${kernelError(e).message}We have an error talking to the kernel\n`, 2, false);
    if (e instanceof TypeError || e instanceof RangeError) throw new CliError(`${e.message}\n`, 1, false);
    throw e;
  }
}

function linkOf(ctx: TcCtx, name: string): number {
  const i = ctx.index(name);
  if (i === undefined) throw new CliError(`Cannot find device "${name}"\n`, 1, false);
  return i;
}

/** `tc chain add|del`: tc_filter_modify with RTM_NEWCHAIN / RTM_DELCHAIN. */
function modify(ctx: TcCtx, verb: "add" | "delete", a: string[]): void {
  const h = parseFilterHead(a, 0, CHAIN_USAGE);
  if (h.dev === undefined && h.block === undefined) throw new CliError("Must specify either device or block\n", 255, true);
  const parsed = h.kind === undefined ? {} : parseFilterArgs(h.kind, a.slice(h.rest), h.fhandle, flowerHead(h.protocol, h.parent, false), (n) => ctx.index(n));
  if (h.kind === undefined && h.fhandle !== undefined) throw new CliError('Must specify filter type when using "handle"\n', 255, true);
  const where = h.block !== undefined ? { block: h.block } : { ifindex: linkOf(ctx, h.dev!), parent: h.parent ?? "0:0" };
  const template = verb === "add" && h.kind !== undefined ? { kind: h.kind, ...(parsed.options !== undefined ? { options: parsed.options } : {}) } : {};
  const api = new ChainApi(ctx.rtnl().conn, { checks: "kernel" });
  run(() => api[verb]({ ...where, chain: h.chain, pref: h.pref, protocol: h.protocol, ...template }));
}

/** `tc chain ...` */
export function doChain(ctx: TcCtx, a: string[]): void {
  const w = a[0];
  let verb: "add" | "delete" | "get" | "show";
  if (w === undefined || matches(w, "list") || matches(w, "show") || matches(w, "lst")) verb = "show";
  else if (matches(w, "add")) verb = "add";
  else if (matches(w, "delete")) verb = "delete";
  else if (matches(w, "get")) verb = "get";
  else if (matches(w, "help")) { ctx.io.err(CHAIN_USAGE); return; }
  else throw new CliError(`Command "${w}" is unknown, try "tc chain help".\n`, 255, false);
  if (verb === "add" || verb === "delete") return modify(ctx, verb, a.slice(1));
  const args = parseList(a.slice(1), verb === "get");
  let where: { ifindex: number; parent: string } | { block: number };
  if (verb === "get") {
    // tc_filter_get: a parent is required even with a block (tcm_block_index then overwrites it: a union).
    if (args.parent === undefined) throw new CliError("Must specify filter parent\n", 255, true);
    if (args.dev === undefined && args.block === undefined) throw new CliError('Must specify netdevice "dev" or block index "block"\n', 255, true);
  }
  if (args.block !== undefined) {
    if (verb === "show" && !blockExists(ctx, args.block)) throw new CliError(`Cannot find block "${args.block}"\n`, 1, false);
    where = { block: args.block };
  } else {
    if (args.dev === undefined) return; // show: tc dumps ifindex 0, the kernel lists nothing
    where = { ifindex: linkOf(ctx, args.dev), parent: args.parent ?? "0:0" };
  }
  const spec = { ...where, chain: args.chain };
  const api = new ChainApi(ctx.rtnl().conn, { checks: "kernel" });
  const list = verb === "get" ? [run(() => api.get(spec))] : run(() => api.list(spec));
  const shown: ChainShown = "block" in where ? { block: where.block, parent: 0 } : { ifindex: where.ifindex, parent: parentNumber(args.parent) };
  if (verb === "show" && args.chain !== undefined) shown.chain = args.chain;
  const p = ctx.printer();
  p.arr(null);
  let out = "";
  for (const c of list) {
    printChain(p, c, shown, ctx);
    if (!p.json) out += p.take();
  }
  p.endArr();
  ctx.io.out(p.json ? p.take() + "\n" : out);
}
