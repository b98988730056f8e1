/**
 * tc's qdisc, class and filter commands (tc_qdisc.c, tc_class.c,
 * tc_filter.c 6.1): add/change/replace/delete parse the same words in the
 * same order and call nl.tc; show/list prints what nl.tc lists.
 */
import { matches } from "../args.ts";
import { CliError, isNetlinkError, kernelError } from "../errors.ts";
import type { TcClass, TcFilter, TcQdisc } from "../../lib/rtnl/tc/model.ts";
import { parseClassid, parseQdiscHandle } from "../../codecs/tc/tables.ts";
import type { TcCtx } from "./context.ts";
import { parseFilterArgs } from "./parse-filter.ts";
import { parseQdiscArgs } from "./parse-qdisc.ts";
import { printClass, printQdisc } from "./print-qdisc.ts";
import { printFilter } from "./print-filter.ts";

const incomplete = () => new CliError('Command line is not complete. Try option "help"\n', 255, true);
const invarg = (msg: string, arg: string) => new CliError(`Error: argument "${arg}" is wrong: ${msg}\n`, 255, true);
const duparg = (key: string, arg: string) => new CliError(`Error: duplicate "${key}": "${arg}" is the second value.\n`, 255, true);

/** Run a request; a kernel warning on success is printed as tc does ("Warning: MSG."). */
function kernel<T>(f: () => T, ctx?: TcCtx): T {
  try {
    const r = f();
    const w = ctx?.rtnl().conn.lastWarning;
    if (w) ctx!.io.err(`Warning: ${w}${w.endsWith(".") ? "" : "."}\n`);
    return r;
  } catch (e) {
    if (isNetlinkError(e)) throw kernelError(e);
    if (e instanceof TypeError || e instanceof RangeError) throw new CliError(`${e.message}\n`, 1, false);
    throw e;
  }
}

function dev(ctx: TcCtx, name: string): number {
  const i = ctx.index(name);
  if (i === undefined) throw new CliError(`Cannot find device "${name}"\n`, 1, false);
  return i;
}

type Verb = "add" | "change" | "replace" | "delete";
function verbOf(w: string): Verb | "show" | undefined {
  if (matches(w, "add")) return "add";
  if (matches(w, "change")) return "change";
  if (matches(w, "replace")) return "replace";
  if (matches(w, "delete")) return "delete";
  if (matches(w, "list") || matches(w, "show") || matches(w, "lst")) return "show";
  return undefined;
}

/** `tc qdisc ...` */
export function doQdisc(ctx: TcCtx, a: string[]): void {
  if (a.length === 0) return qdiscShow(ctx, []);
  const verb = verbOf(a[0]!);
  if (verb === undefined) throw new CliError(`Command "${a[0]}" is unknown, try "tc qdisc help".\n`, 255, true);
  if (verb === "show") return qdiscShow(ctx, a.slice(1));
  const spec: Record<string, unknown> = {};
  let i = 1;
  let kind: string | undefined;
  for (; i < a.length; i++) {
    const w = a[i]!;
    if (w === "dev") { if (spec.ifindex !== undefined) throw duparg("dev", a[i + 1] ?? ""); const d = a[++i]; if (d === undefined) throw incomplete(); spec.ifindex = d; }
    else if (w === "handle") { if (spec.handle !== undefined) throw duparg("handle", a[i + 1] ?? ""); const h = a[++i]; if (h === undefined) throw incomplete(); if (parseQdiscHandle(h) === undefined) throw invarg("invalid qdisc ID", h); spec.handle = h.endsWith(":") ? h : `${h}:`; }
    else if (w === "root") { if (spec.parent !== undefined) throw new CliError('Error: "root" is duplicate parent ID\n', 255, true); spec.parent = "root"; }
    else if (w === "ingress" || w === "clsact") { if (spec.parent !== undefined) throw new CliError(`Error: "${w}" is a duplicate parent ID\n`, 255, true); spec.parent = w; kind = w; i++; break; }
    else if (matches(w, "parent")) { if (spec.parent !== undefined) throw new CliError('Error: "parent" is duplicate parent ID\n', 255, true); const p = a[++i]; if (p === undefined) throw incomplete(); if (parseClassid(p) === undefined) throw invarg("invalid parent ID", p); spec.parent = p; }
    else if (w === "ingress_block" || w === "egress_block") { const b = Number(a[++i]); if (!Number.isInteger(b) || b <= 0) throw invarg("invalid block index value", a[i] ?? ""); spec[w === "ingress_block" ? "ingressBlock" : "egressBlock"] = b; }
    else if (matches(w, "help")) throw new CliError(QDISC_USAGE, 255, true);
    else { kind = w; i++; break; }
  }
  if (spec.ifindex === undefined) throw new CliError("Cannot find device \"\"\n", 1, false);
  const options = kind === undefined ? undefined : parseQdiscArgs(kind, "qdisc", a.slice(i));
  const s = { ifindex: dev(ctx, spec.ifindex as string), parent: spec.parent as string | undefined, handle: spec.handle as string | undefined, kind, options, ingressBlock: spec.ingressBlock as number | undefined, egressBlock: spec.egressBlock as number | undefined };
  const api = ctx.rtnl().tc.qdiscs;
  kernel(() => (verb === "delete" ? api.delete(s) : api[verb](s)), ctx);
}

function qdiscShow(ctx: TcCtx, a: string[]): void {
  let devName: string | undefined;
  let parent: string | undefined;
  let handle: string | undefined;
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    if (w === "dev") devName = a[++i];
    else if (w === "root") parent = "root";
    else if (w === "ingress" || w === "clsact") parent = "ffff:fff1";
    else if (matches(w, "parent")) parent = a[++i];
    else if (matches(w, "handle")) handle = a[++i];
    else if (w === "invisible") { /* the kernel's invisible qdiscs are not listed by nl.tc */ }
    else throw new CliError(`What is "${w}"? Try "tc qdisc help".\n`, 255, true);
  }
  const ifindex = devName === undefined ? undefined : dev(ctx, devName);
  let list: TcQdisc[] = kernel(() => ctx.rtnl().tc.qdiscs.list(ifindex === undefined ? undefined : { ifindex }));
  const pnum = parent === undefined ? undefined : parseClassid(parent);
  if (pnum !== undefined) list = list.filter((q) => parseClassid(q.parent) === pnum);
  const hnum = handle === undefined ? undefined : parseQdiscHandle(handle);
  if (hnum !== undefined) list = list.filter((q) => parseQdiscHandle(q.handle) === hnum);
  const p = ctx.printer();
  p.arr(null);
  let out = "";
  for (const q of list) {
    printQdisc(p, q, ctx, ifindex === undefined);
    if (!p.json) out += p.take();
  }
  p.endArr();
  ctx.io.out(p.json ? p.take() + "\n" : out);
}

/** `tc class ...` */
export function doClass(ctx: TcCtx, a: string[]): void {
  if (a.length === 0) return classShow(ctx, []);
  const verb = verbOf(a[0]!);
  if (verb === undefined) throw new CliError(`Command "${a[0]}" is unknown, try "tc class help".\n`, 255, true);
  if (verb === "show") return classShow(ctx, a.slice(1));
  const spec: Record<string, string> = {};
  let i = 1;
  let kind: string | undefined;
  for (; i < a.length; i++) {
    const w = a[i]!;
    if (w === "dev") { const d = a[++i]; if (d === undefined) throw incomplete(); spec.dev = d; }
    else if (w === "classid") { const c = a[++i]; if (c === undefined) throw incomplete(); if (parseClassid(c) === undefined) throw invarg("invalid class ID", c); spec.handle = c; }
    else if (w === "handle") throw new CliError("class can't have a handle\n", 255, true);
    else if (w === "root") spec.parent = "root";
    else if (matches(w, "parent")) { const p = a[++i]; if (p === undefined) throw incomplete(); if (parseClassid(p) === undefined) throw invarg("invalid parent ID", p); spec.parent = p; }
    else { kind = w; i++; break; }
  }
  if (spec.dev === undefined) throw new CliError("Cannot find device \"\"\n", 1, false);
  const options = kind === undefined ? undefined : parseQdiscArgs(kind, "class", a.slice(i));
  const s = { ifindex: dev(ctx, spec.dev), handle: spec.handle, parent: spec.parent, kind, options };
  const api = ctx.rtnl().tc.classes;
  kernel(() => (verb === "delete" ? api.delete(s) : api[verb](s)), ctx);
}

function classShow(ctx: TcCtx, a: string[]): void {
  let devName: string | undefined;
  let parent: number | undefined;
  let classid: number | undefined;
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    if (w === "dev") devName = a[++i];
    else if (w === "root") parent = 0xffffffff;
    else if (matches(w, "parent")) parent = parseClassid(a[++i] ?? "");
    else if (matches(w, "classid")) classid = parseClassid(a[++i] ?? "");
    else throw new CliError(`What is "${w}"? Try "tc class help".\n`, 255, true);
  }
  if (devName === undefined) return; // tc dumps ifindex 0: the kernel lists nothing
  const ifindex = dev(ctx, devName);
  let list: TcClass[] = kernel(() => ctx.rtnl().tc.classes.list({ ifindex }));
  if (parent !== undefined) list = list.filter((c) => parseClassid(c.parent) === parent);
  if (classid !== undefined) list = list.filter((c) => parseClassid(c.handle) === classid);
  const p = ctx.printer(false);
  ctx.io.out(list.map((c) => printClass(c, ctx, false, p)).join(""));
}

/** `tc filter ...` */
export function doFilter(ctx: TcCtx, a: string[]): void {
  if (a.length === 0) throw incomplete();
  const verb = verbOf(a[0]!);
  if (verb === undefined) throw new CliError(`Command "${a[0]}" is unknown, try "tc filter help".\n`, 255, true);
  if (verb === "show") return filterShow(ctx, a.slice(1));
  const s: Record<string, unknown> = {};
  let i = 1;
  let kind: string | undefined;
  let fhandle: string | undefined;
  for (; i < a.length; i++) {
    const w = a[i]!;
    if (w === "dev") { const d = a[++i]; if (d === undefined) throw incomplete(); s.dev = d; }
    else if (w === "root") s.parent = "root";
    else if (w === "ingress") s.parent = "ingress";
    else if (w === "egress") s.parent = "egress";
    else if (matches(w, "parent")) { const p = a[++i]; if (p === undefined) throw incomplete(); if (parseClassid(p) === undefined) throw invarg("Invalid parent ID", p); s.parent = p; }
    else if (w === "handle") { fhandle = a[++i]; if (fhandle === undefined) throw incomplete(); }
    else if (matches(w, "preference") || matches(w, "priority")) { const v = Number(a[++i]); if (!Number.isInteger(v) || v > 0xffff || v < 0) throw invarg("invalid priority value", a[i] ?? ""); s.pref = v; }
    else if (matches(w, "protocol")) { const v = a[++i]; if (v === undefined) throw incomplete(); s.protocol = /^(0x[0-9a-f]+|\d+)$/i.test(v) ? Number(v) : v.toLowerCase() === "802.1q" ? "802.1Q" : v; }
    else if (matches(w, "chain")) { const v = Number(a[++i]); if (!Number.isInteger(v) || v < 0) throw invarg("invalid chain index value", a[i] ?? ""); s.chain = v; }
    else { kind = w; i++; break; }
  }
  if (s.dev === undefined) throw new CliError("Cannot find device \"\"\n", 1, false);
  const parsed = kind === undefined ? {} : parseFilterArgs(kind, a.slice(i), fhandle);
  const spec = { ifindex: dev(ctx, s.dev as string), parent: s.parent as string | undefined, protocol: s.protocol as string | number | undefined, pref: s.pref as number | undefined, chain: s.chain as number | undefined, kind, handle: parsed.handle, options: resolveDevs(ctx, parsed.options) };
  const api = ctx.rtnl().tc.filters;
  kernel(() => (verb === "delete" ? api.delete(spec) : api[verb](spec)), ctx);
}

/** Mirred `dev NAME` → ifindex, with tc's "Cannot find device" (a nodev error). */
function resolveDevs(ctx: TcCtx, o: unknown): unknown {
  const acts = (o as { actions?: Array<Record<string, unknown>> } | undefined)?.actions;
  for (const x of acts ?? []) {
    if (typeof x.dev === "string") { x.ifindex = dev(ctx, x.dev); delete x.dev; }
  }
  return o;
}

function filterShow(ctx: TcCtx, a: string[]): void {
  let devName: string | undefined;
  let parent: string | undefined;
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    if (w === "dev") devName = a[++i];
    else if (w === "root") parent = "root";
    else if (w === "ingress") parent = "ingress";
    else if (w === "egress") parent = "egress";
    else if (matches(w, "parent")) parent = a[++i];
    else throw new CliError(`What is "${w}"? Try "tc filter help"\n`, 255, true);
  }
  if (devName === undefined) throw new CliError("Must specify either device or block\n", 255, true);
  const ifindex = dev(ctx, devName);
  const list: TcFilter[] = kernel(() => ctx.rtnl().tc.filters.list({ ifindex, parent: parent ?? "none" }));
  const p = ctx.printer();
  p.arr(null);
  let out = "";
  for (const f of list) {
    printFilter(p, f, ctx, { dev: false, parent: parent === undefined });
    if (!p.json) out += p.take();
  }
  p.endArr();
  ctx.io.out(p.json ? p.take() + "\n" : out);
}

const QDISC_USAGE = "Usage: tc qdisc [ add | del | replace | change | show ] dev STRING\n" +
  "       [ handle QHANDLE ] [ root | ingress | clsact | parent CLASSID ]\n" +
  "       [ estimator INTERVAL TIME_CONSTANT ]\n" +
  "       [ stab [ help | STAB_OPTIONS] ]\n" +
  "       [ ingress_block BLOCK_INDEX ] [ egress_block BLOCK_INDEX ]\n" +
  "       [ [ QDISC_KIND ] [ help | OPTIONS ] ]\n" +
  "\n" +
  "       tc qdisc { show | list } [ dev STRING ] [ QDISC_ID ] [ invisible ]\n" +
  "Where:\n" +
  "QDISC_KIND := { [p|b]fifo | tbf | prio | red | etc. }\n" +
  "OPTIONS := ... try tc qdisc add <desired QDISC_KIND> help\n" +
  "STAB_OPTIONS := ... try tc qdisc add stab help\n" +
  "QDISC_ID := { root | ingress | handle QHANDLE | parent CLASSID }\n";
