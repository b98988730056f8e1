/**
 * `tc chain` (tc 6.1 tc_filter.c do_chain): add, delete, get, show/list
 * through nl.tc.chains, printed as print_filter prints RTM_NEWCHAIN (no dev
 * or parent when the command named them). Chain templates (a classifier
 * kind after the chain) and shared blocks are not supported.
 */
import { matches } from "../args.ts";
import { CliError, isNetlinkError, kernelError } from "../errors.ts";
import type { Printer } from "../../lib/format/printer.ts";
import type { TcChain } from "../../lib/rtnl/tc/chains.ts";
import { parseClassid } from "../../codecs/tc/tables.ts";
import type { TcCtx } from "./context.ts";

const CHAIN_USAGE = "Usage: tc chain [ add | del | get | show ] [ dev STRING ]\n" +
  "       tc chain [ add | del | get | show ] [ block BLOCK_INDEX ] ]\n";

interface ChainArgs { dev?: string; parent?: string; chain?: number }

function parse(a: string[]): ChainArgs {
  const out: ChainArgs = {};
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    const next = () => { const v = a[++i]; if (v === undefined) throw new CliError('Command line is not complete. Try option "help"\n', 255, true); return v; };
    if (w === "dev") { if (out.dev !== undefined) throw new CliError(`Error: duplicate "dev": "${a[i + 1] ?? ""}" is the second value.\n`, 255, true); out.dev = next(); }
    else if (w === "root" || w === "ingress" || w === "egress") out.parent = w;
    else if (matches(w, "parent")) { const p = next(); if (parseClassid(p) === undefined) throw new CliError(`Error: argument "${p}" is wrong: Invalid parent ID\n`, 255, true); out.parent = p; }
    else if (matches(w, "chain")) {
      const v = next();
      if (out.chain !== undefined) throw new CliError(`Error: duplicate "chain": "${v}" is the second value.\n`, 255, true);
      if (!/^(0x[0-9a-f]+|\d+)$/i.test(v) || Number(v) > 0xffffffff) throw new CliError(`Error: argument "${v}" is wrong: invalid chain index value\n`, 255, true);
      out.chain = Number(v);
    } else if (matches(w, "help")) throw new CliError(CHAIN_USAGE, 0, true);
    else throw new CliError(`bun-netlink-tc: chain templates and the word "${w}" are not supported\n`, 255, true);
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

/** print_filter for an RTM_NEWCHAIN, leaving out what the command fixed. */
export function printChain(p: Printer, c: TcChain, shown: { ifindex?: number; parent: number; chain?: number }, name: (i: number) => string): void {
  p.obj();
  p.text("chain ");
  if (shown.ifindex !== c.ifindex) { p.text("dev "); p.str("dev", "%s ", name(c.ifindex)); }
  const parent = c.kernelParent;
  if (parentNumber(parent) !== shown.parent || shown.parent === 0) {
    if (parent === "root") p.bool("root", "root ", true);
    else if (parent === "ffff:fff2") p.bool("ingress", "ingress ", true);
    else if (parent === "ffff:fff3") p.bool("egress", "egress ", true);
    else p.str("parent", "parent %s ", parent);
  }
  if (c.kind !== undefined) p.str("kind", "%s ", c.kind);
  if (shown.chain !== c.chain) p.num("chain", "chain %s ", c.chain);
  p.nl();
  p.endObj();
}

function run<T>(ctx: TcCtx, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (isNetlinkError(e)) throw new CliError(`${kernelError(e).message}We have an error talking to the kernel\n`, 2, false);
    if (e instanceof TypeError || e instanceof RangeError) throw new CliError(`${e.message}\n`, 1, false);
    throw e;
  }
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
  const args = parse(a.slice(1));
  if (args.dev === undefined) {
    if (verb === "show") return; // tc dumps nothing without a device or block
    throw new CliError("Must specify either device or block\n", 255, true);
  }
  const ifindex = ctx.index(args.dev);
  if (ifindex === undefined) throw new CliError(`Cannot find device "${args.dev}"\n`, 1, false);
  const spec = { ifindex, parent: args.parent ?? "0:0", chain: args.chain };
  const api = ctx.rtnl().tc.chains;
  if (verb === "add" || verb === "delete") {
    run(ctx, () => api[verb](spec));
    return;
  }
  const list = verb === "get" ? [run(ctx, () => api.get(spec))] : run(ctx, () => api.list(spec));
  const shown = { ifindex, parent: parentNumber(args.parent), chain: verb === "show" ? args.chain : undefined };
  const p = ctx.printer();
  p.arr(null);
  let out = "";
  for (const c of list) {
    printChain(p, c, shown, (i) => ctx.name(i));
    if (!p.json) out += p.take();
  }
  p.endArr();
  ctx.io.out(p.json ? p.take() + "\n" : out);
}
