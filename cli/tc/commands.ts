/**
 * tc's qdisc, class and filter commands (tc_qdisc.c, tc_class.c,
 * tc_filter.c 6.1): add/change/replace/delete parse the same words in the
 * same order and call nl.tc; show/list prints what nl.tc lists.
 */
import { getUnsigned, matches } from "../args.ts";
import { llProtoA2n } from "../ll-proto-arg.ts";
import { CliError, dumpErrorText, isNetlinkError, kernelError, strerror } from "../errors.ts";
import { isSyscallError } from "../../lib/sys/syscall-error.ts";
import type { TcClass, TcFilter, TcQdisc } from "../../lib/rtnl/tc/model.ts";
import { FilterApi } from "../../lib/rtnl/tc/api.ts";
import { formatClassid, parseClassid, parseQdiscHandle, readQdiscHandleWord } from "../../codecs/tc/tables.ts";
import type { TcCtx } from "./context.ts";
import { closeParsedBpf } from "./parse-bpf.ts";
import { takeActionNotes } from "./action-notes.ts";
import { parseFilterArgs } from "./parse-filter.ts";
import { flowerHead } from "./parse-flower.ts";
import { parseClassArgs, parseQdiscArgs } from "./parse-qdisc.ts";
import { readDevSpeed } from "./dev-speed.ts";
import { printClass, printQdisc } from "./print-qdisc.ts";
import { printFilter } from "./print-filter.ts";
import { printClassGraph } from "./print-class-graph.ts";
import { estimatorRawNote, estimatorWords, stabWords } from "./parse-common.ts";
import { TC_CLASS_USAGE as CLASS_USAGE, TC_FILTER_USAGE as FILTER_USAGE, TC_QDISC_USAGE as QDISC_USAGE } from "./command-usage.ts";
import type { TcEstimator, TcSizeTable } from "../../lib/rtnl/tc/rate-est.ts";

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
  if (verb === undefined && matches(a[0]!, "help")) return void ctx.io.err(QDISC_USAGE); // usage(); return 0
  if (verb === undefined) throw new CliError(`Command "${a[0]}" is unknown, try "tc qdisc help".\n`, 255, true);
  if (verb === "show") return qdiscShow(ctx, a.slice(1));
  const spec: Record<string, unknown> = {};
  let i = 1;
  let kind: string | undefined;
  for (; i < a.length; i++) {
    const w = a[i]!;
    if (w === "dev") { const d = a[++i]; if (d === undefined) throw incomplete(); if (spec.ifindex !== undefined) throw duparg("dev", d); spec.ifindex = d; }
    else if (w === "handle") { if (spec.handle !== undefined && spec.handle !== "0:") throw duparg("handle", w); const h = a[++i]; if (h === undefined) throw incomplete(); const n = readQdiscHandleWord(h); if (n === undefined) throw invarg("invalid qdisc ID", h); spec.handle = `${(n >>> 16).toString(16)}:`; }
    else if (w === "root") { if (spec.parent !== undefined) throw new CliError('Error: "root" is duplicate parent ID\n', 255, true); spec.parent = "root"; }
    else if (w === "ingress" || w === "clsact") { if (spec.parent !== undefined) throw new CliError(`Error: "${w}" is a duplicate parent ID\n`, 255, true); spec.parent = w; kind = w; i++; break; }
    else if (matches(w, "parent")) { if (spec.parent !== undefined) throw new CliError('Error: "parent" is duplicate parent ID\n', 255, true); const p = a[++i]; if (p === undefined) throw incomplete(); if (parseClassid(p) === undefined) throw invarg("invalid parent ID", p); spec.parent = p; }
    else if (matches(w, "estimator")) { spec.estimator = estimatorWords(a, i, spec.estimator !== undefined); if (ctx.raw) ctx.io.err(estimatorRawNote(spec.estimator as TcEstimator)); i += 2; }
    else if (matches(w, "stab")) { const r = stabWords(a, i); spec.stab = r.stab; i = r.next - 1; }
    else if (matches(w, "ingress_block") || matches(w, "egress_block")) { const ing = matches(w, "ingress_block"); const v = a[++i]; if (v === undefined) throw incomplete(); const b = u32Arg(v); if (b === undefined || b === 0) throw invarg(`invalid ${ing ? "ingress" : "egress"} block index value`, v); spec[ing ? "ingressBlock" : "egressBlock"] = b; }
    else if (matches(w, "help")) ctx.io.err(QDISC_USAGE); // usage() does not exit here: the listing goes on
    else { kind = w; i++; break; }
  }
  if (spec.ifindex === undefined) throw new CliError("Cannot find device \"\"\n", 1, false);
  const options = kind === undefined ? undefined : parseQdiscArgs(kind, "qdisc", a.slice(i), (t) => ctx.io.err(t), () => readDevSpeed(ctx.opts.netns, spec.ifindex as string));
  const s = { ifindex: dev(ctx, spec.ifindex as string), parent: spec.parent as string | undefined, handle: spec.handle as string | undefined, kind, options, ingressBlock: spec.ingressBlock as number | undefined, egressBlock: spec.egressBlock as number | undefined, estimator: spec.estimator as TcEstimator | undefined, stab: spec.stab as TcSizeTable | undefined };
  const api = ctx.rtnl().tc.qdiscs;
  kernel(() => (verb === "delete" ? api.delete(s) : api[verb](s)), ctx);
}

/** tc_qdisc_list's words (one of root/ingress/clsact/parent/handle, with tc's errors), then print_qdisc's filters. */
function qdiscShow(ctx: TcCtx, a: string[]): void {
  let devName: string | undefined;
  let parent = 0;
  let handle = 0;
  let invisible = false;
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    const next = (): string => { const v = a[++i]; if (v === undefined) throw incomplete(); return v; };
    const one = (): void => {
      if (parent) throw invarg("parent is already specified", w);
      if (handle) throw invarg("handle is already specified", w);
    };
    if (w === "dev") devName = next();
    else if (w === "root") { one(); parent = 0xffffffff; }
    else if (w === "ingress" || w === "clsact") { one(); parent = 0xfffffff1; }
    else if (matches(w, "parent")) { one(); const v = next(); const n = parseClassid(v); if (n === undefined) throw invarg("invalid parent ID", v); parent = n; }
    else if (matches(w, "handle")) { one(); const v = next(); const n = readQdiscHandleWord(v); if (n === undefined) throw invarg("invalid handle ID", v); handle = n; }
    else if (matches(w, "help")) ctx.io.err(QDISC_USAGE); // usage() does not exit here: the listing goes on
    else if (w === "invisible") invisible = true;
    else throw new CliError(`What is "${w}"? Try "tc qdisc help".\n`, 255, true);
  }
  const ifindex = devName === undefined ? undefined : dev(ctx, devName);
  let list: TcQdisc[] = kernel(() => ctx.rtnl().tc.qdiscs.list(ifindex === undefined ? { invisible } : { ifindex, invisible }));
  if (parent) list = list.filter((q) => parseClassid(q.parent) === parent); // print_qdisc: filter_parent 0 lets all through
  if (handle) list = list.filter((q) => parseQdiscHandle(q.handle) === handle); // print_qdisc: filter_handle 0 lets all through
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
  if (verb === undefined && matches(a[0]!, "help")) return void ctx.io.err(CLASS_USAGE); // usage(); return 0
  if (verb === undefined) throw new CliError(`Command "${a[0]}" is unknown, try "tc class help".\n`, 255, true);
  if (verb === "show") return classShow(ctx, a.slice(1));
  const spec: Record<string, string> = {};
  let i = 1;
  let estimator: TcEstimator | undefined;
  let kind: string | undefined;
  for (; i < a.length; i++) {
    const w = a[i]!;
    // tc_class_modify's words, with its duplicate checks (tcm_handle/tcm_parent non-zero)
    if (w === "dev") { const d = a[++i]; if (d === undefined) throw incomplete(); if (spec.dev !== undefined) throw duparg("dev", d); spec.dev = d; }
    else if (matches(w, "estimator")) { estimator = estimatorWords(a, i, estimator !== undefined); if (ctx.raw) ctx.io.err(estimatorRawNote(estimator)); i += 2; }
    else if (w === "classid") { const c = a[++i]; if (c === undefined) throw incomplete(); if (parseClassid(spec.handle ?? "none")) throw duparg("classid", c); if (parseClassid(c) === undefined) throw invarg("invalid class ID", c); spec.handle = c; }
    else if (w === "handle") throw new CliError('Error: try "classid" instead of "handle"\n', 255, false);
    else if (w === "root") { if (parseClassid(spec.parent ?? "none")) throw new CliError('Error: "root" is duplicate parent ID.\n', 255, false); spec.parent = "root"; }
    else if (w === "parent") { const p = a[++i]; if (p === undefined) throw incomplete(); if (parseClassid(spec.parent ?? "none")) throw duparg("parent", p); if (parseClassid(p) === undefined) throw invarg("invalid parent ID", p); spec.parent = p; }
    else if (matches(w, "help")) ctx.io.err(CLASS_USAGE); // usage() does not exit: the words go on
    else { kind = w; i++; break; }
  }
  if (spec.dev === undefined) throw new CliError("Cannot find device \"\"\n", 1, false);
  const options = kind === undefined ? undefined : parseClassArgs(kind, a.slice(i), () => readDevSpeed(ctx.opts.netns, spec.dev!));
  // no parent word: tc sends tcm_parent 0 (class change needs none; the kernel judges add without one)
  const s = { ifindex: dev(ctx, spec.dev), handle: spec.handle, parent: spec.parent ?? (verb === "delete" ? undefined : "none"), kind, options, estimator };
  const api = ctx.rtnl().tc.classes;
  kernel(() => (verb === "delete" ? api.delete(s) : api[verb](s)), ctx);
}

/**
 * tc_class_list: `dev`, `qdisc`, `classid`, `root`, `parent` (exact words,
 * tc's duplicate and invalid-value errors). `root`/`parent` go to the
 * kernel as the dump's tcm_parent (it lists the classes of the qdisc with
 * that major number); `qdisc` and `classid` filter what is printed
 * (print_class: same major number / same class id).
 */
function classShow(ctx: TcCtx, a: string[]): void {
  let devName: string | undefined;
  let parent: string | undefined;
  let filterQdisc = 0;
  let filterClassid = 0;
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    const next = (): string => { const v = a[++i]; if (v === undefined) throw incomplete(); return v; };
    if (w === "dev") { const d = next(); if (devName !== undefined) throw duparg("dev", d); devName = d; }
    else if (w === "qdisc") { const v = next(); if (filterQdisc) throw duparg("qdisc", v); const h = readQdiscHandleWord(v); if (h === undefined) throw invarg("invalid qdisc ID", v); filterQdisc = h; }
    else if (w === "classid") { const v = next(); if (filterClassid) throw duparg("classid", v); const c = parseClassid(v); if (c === undefined) throw invarg("invalid class ID", v); filterClassid = c; }
    else if (w === "root") { if (parent !== undefined) throw new CliError('Error: "root" is duplicate parent ID\n', 255, false); parent = "root"; }
    else if (w === "parent") {
      if (parent !== undefined) throw duparg("parent", w); // tc's duparg before NEXT_ARG: the word itself
      const v = next();
      if (parseClassid(v) === undefined) throw invarg("invalid parent ID", v);
      parent = v;
    } else if (matches(w, "help")) ctx.io.err(CLASS_USAGE); // usage() does not exit here: the listing goes on
    else throw new CliError(`What is "${w}"? Try "tc class help".\n`, 255, true);
  }
  if (devName === undefined) return; // tc dumps ifindex 0: the kernel lists nothing
  const ifindex = dev(ctx, devName);
  let list: TcClass[] = kernel(() => ctx.rtnl().tc.classes.list(parent === undefined ? { ifindex } : { ifindex, parent }));
  if (ctx.opts.graph) { ctx.io.out(printClassGraph(list, ctx, ctx.printer(false))); return; } // tc_class.c: the graph ignores the filters
  const maj = (h: number): number => (h & 0xffff0000) >>> 0;
  if (filterQdisc) list = list.filter((c) => maj(parseClassid(c.handle)! ^ filterQdisc) === 0);
  if (filterClassid) list = list.filter((c) => parseClassid(c.handle) === filterClassid);
  const p = ctx.printer(false);
  ctx.io.out(list.map((c) => printClass(c, ctx, false, p, filterQdisc !== 0)).join(""));
}

/** get_u32(..., 0): strtoul's whole word in any base, < 2^32 (cli/args.ts getUnsigned). */
export function u32Arg(v: string): number | undefined {
  return getUnsigned(v);
}

/** What tc_filter_modify reads before the classifier kind (filter and chain add/change/replace/del). */
export interface FilterHead {
  dev?: string;
  block?: number;
  parent?: string;
  fhandle?: string;
  pref?: number;
  protocol?: string | number;
  chain?: number;
  kind?: string;
  /** Index of the first word after the kind. */
  rest: number;
}

/** tc_filter_modify's loop over `a` from `start`, with its errors. */
export function parseFilterHead(a: string[], start: number, usage: string): FilterHead {
  const h: FilterHead = { rest: a.length };
  const dupParent = (w: string) => { if (h.parent !== undefined) throw new CliError(`Error: "${w}" is duplicate parent ID\n`, 255, true); };
  for (let i = start; i < a.length; i++) {
    const w = a[i]!;
    const next = () => { const v = a[++i]; if (v === undefined) throw incomplete(); return v; };
    if (w === "dev") { const d = next(); if (h.dev !== undefined) throw duparg("dev", d); if (h.block !== undefined) throw new CliError('Error: "dev" and "block" are mutually exclusive\n', 255, true); h.dev = d; }
    else if (matches(w, "block")) { const v = next(); if (h.block !== undefined) throw duparg("block", v); if (h.dev !== undefined) throw new CliError('Error: "dev" and "block" are mutually exclusive\n', 255, true); const b = u32Arg(v); if (!b) throw invarg("invalid block index value", v); h.block = b; }
    else if (w === "root" || w === "ingress" || w === "egress") { dupParent(w); h.parent = w; }
    else if (w === "parent") { const p = next(); if (h.parent !== undefined) throw duparg("parent", p); if (parseClassid(p) === undefined) throw invarg("Invalid parent ID", p); h.parent = p; }
    else if (w === "handle") { const v = next(); if (h.fhandle !== undefined) throw duparg("handle", v); h.fhandle = v; }
    else if (matches(w, "preference") || matches(w, "priority")) { const v = next(); if (h.pref) throw duparg("priority", v); const n = u32Arg(v); if (n === undefined || n > 0xffff) throw invarg("invalid priority value", v); h.pref = n; }
    else if (matches(w, "protocol")) { const v = next(); if (h.protocol !== undefined) throw duparg("protocol", v); const n = llProtoA2n(v); if (n === undefined) throw invarg("invalid protocol", v); h.protocol = n; }
    else if (matches(w, "chain")) { const v = next(); if (h.chain !== undefined) throw duparg("chain", v); const n = u32Arg(v); if (n === undefined) throw invarg("invalid chain index value", v); h.chain = n; }
    else if (matches(w, "help")) throw new CliError(usage, 0, true);
    else { h.kind = w; h.rest = i + 1; break; }
  }
  return h;
}

/** `tc filter ...` */
export function doFilter(ctx: TcCtx, a: string[]): void {
  if (a.length === 0) return filterShow(ctx, []); // do_filter: tc_filter_list with no arguments
  const verb = verbOf(a[0]!);
  if (verb === undefined && matches(a[0]!, "get")) return filterGet(ctx, a);
  if (verb === undefined && matches(a[0]!, "help")) return void ctx.io.err(FILTER_USAGE); // usage(); return 0
  if (verb === undefined) throw new CliError(`Command "${a[0]}" is unknown, try "tc filter help".\n`, 255, true);
  if (verb === "show") return filterShow(ctx, a.slice(1));
  const h = parseFilterHead(a, 1, FILTER_USAGE);
  if (h.dev === undefined && h.block === undefined) throw new CliError("Cannot find device \"\"\n", 1, false);
  // tc_filter_modify looks the device up before the classifier parses its words
  const where = h.block !== undefined ? { block: h.block } : { ifindex: dev(ctx, h.dev!), parent: h.parent };
  try {
    takeActionNotes(); // lines an action parser printed (skbmod) go out before the request's outcome
    let parsed: ReturnType<typeof parseFilterArgs>;
    try {
      parsed = h.kind === undefined ? {} : parseFilterArgs(h.kind, a.slice(h.rest), h.fhandle, flowerHead(h.protocol, h.parent, verb === "add" || verb === "replace"), (n) => ctx.index(n));
    } finally {
      ctx.io.err(takeActionNotes()); // tc printed them while reading, before a later word failed
    }
    const spec = { ...where, protocol: h.protocol, pref: h.pref, chain: h.chain, kind: h.kind, handle: parsed.handle, options: resolveDevs(ctx, parsed.options) };
    const api = new FilterApi(ctx.rtnl().conn, { checks: "kernel" }); // tc leaves skip_hw+skip_sw to the kernel
    try {
      kernel(() => (verb === "delete" ? api.delete(spec) : api[verb](spec)), ctx);
    } catch (e) {
      // tc_filter_modify adds this line when rtnl_talk fails
      if (e instanceof CliError && e.code === 2) throw new CliError(`${e.message}We have an error talking to the kernel\n`, 2, false);
      // bpf_obj_pinned (lib/bpf_legacy.c): BPF_OBJ_GET of `object-pinned PATH` failed
      if (isSyscallError(e) && e.syscall === "bpf") {
        const path = (parsed.options as { pinned?: string }).pinned ?? "";
        throw new CliError(`Couldn't retrieve pinned program '${path}': ${strerror(e.errno)}\nUnable to parse bpf command line\n`, 1, false);
      }
      throw e;
    }
  } finally {
    closeParsedBpf((t) => ctx.io.err(t)); // program fds the bpf words opened
  }
}

/**
 * tc_filter_get: the words tc_filter_modify reads, then tc's checks in its
 * order (protocol, priority, parent, type, device or block), the
 * classifier's words (its handle), and one RTM_GETTFILTER; the answer
 * printed as a listing prints it (parent, protocol, pref and chain shown).
 */
function filterGet(ctx: TcCtx, a: string[]): void {
  const h = parseFilterHead(a, 1, FILTER_USAGE);
  const must = (what: string) => new CliError(`Must specify ${what}\n`, 255, false);
  if (h.protocol === undefined) throw must("filter protocol");
  if (!h.pref) throw must("filter priority");
  if (h.parent === undefined && h.block === undefined) throw must("filter parent");
  if (h.kind === undefined) throw must("filter type");
  if (h.dev === undefined && h.block === undefined) throw must('netdevice "dev" or block index "block"');
  const where = h.block !== undefined ? { block: h.block } : { ifindex: dev(ctx, h.dev!), parent: h.parent };
  const parsed = parseFilterArgs(h.kind, a.slice(h.rest), h.fhandle, flowerHead(h.protocol, h.parent, false), (n) => ctx.index(n));
  if (h.fhandle === undefined) throw must('filter "handle"');
  // tc_filter_get hands the classifier argc by value: any word after the kind is left over
  if (h.rest < a.length) {
    if (matches(a[h.rest]!, "help")) ctx.io.err(FILTER_USAGE);
    throw new CliError(`Garbage instead of arguments "${a[h.rest]} ...". Try "tc filter help".\n`, 255, false);
  }
  const spec = { ...where, protocol: h.protocol, pref: h.pref, chain: h.chain, kind: h.kind, handle: parsed.handle, options: resolveDevs(ctx, parsed.options) };
  let f: TcFilter;
  try {
    f = kernel(() => new FilterApi(ctx.rtnl().conn, { checks: "kernel" }).get(spec as never), ctx);
  } catch (e) {
    if (e instanceof CliError && e.code === 2) throw new CliError(`${e.message}We have an error talking to the kernel\n`, 2, false);
    throw e;
  }
  const p = ctx.printer();
  p.arr(null);
  printFilter(p, f, ctx, { dev: false, parent: true });
  p.endArr();
  ctx.io.out(p.json ? p.take() + "\n" : p.take());
}

/** Mirred `dev NAME` → ifindex, with tc's "Cannot find device" (a nodev error). */
function resolveDevs(ctx: TcCtx, o: unknown): unknown {
  const opts = o as { actions?: Array<Record<string, unknown>>; again?: unknown[] } | undefined;
  for (const x of opts?.actions ?? []) {
    if (typeof x.dev === "string") { x.ifindex = dev(ctx, x.dev); delete x.dev; }
  }
  // flower: a key given again (actions included) is in options.again
  for (const seg of opts?.again ?? []) resolveDevs(ctx, seg);
  return o;
}


/**
 * tc_filter_list: parent, pref, protocol and chain go into the dump request
 * (the kernel narrows); print_filter then leaves out each field equal to
 * what was asked for. `handle` is parsed and ignored, as tc 6.1 does.
 */
function filterShow(ctx: TcCtx, a: string[]): void {
  let devName: string | undefined;
  let parent: number | undefined;
  let block: number | undefined;
  let fhandle: string | undefined;
  let pref = 0;
  let protocol = 0;
  let chain: number | undefined;
  const dupParent = (w: string) => { if (parent) throw new CliError(`Error: "${w}" is duplicate parent ID\n`, 255, true); };
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    const next = () => { const v = a[++i]; if (v === undefined) throw incomplete(); return v; };
    if (w === "dev") { const d = next(); if (devName !== undefined) throw duparg("dev", d); if (block !== undefined) throw new CliError('Error: "dev" cannot be used in the same time as "block"\n', 255, true); devName = d; }
    else if (matches(w, "block")) { const v = next(); if (block !== undefined) throw duparg("block", v); if (devName !== undefined) throw new CliError('Error: "block" cannot be used in the same time as "dev"\n', 255, true); const b = u32Arg(v); if (!b) throw invarg("invalid block index value", v); block = b; }
    else if (w === "root") { dupParent(w); parent = 0xffffffff; }
    else if (w === "ingress") { dupParent(w); parent = 0xfffffff2; }
    else if (w === "egress") { dupParent(w); parent = 0xfffffff3; }
    else if (w === "parent") { const v = next(); if (parent) throw duparg("parent", v); const n = parseClassid(v); if (n === undefined) throw invarg("invalid parent ID", v); parent = n; }
    else if (w === "handle") { const v = next(); if (fhandle !== undefined) throw duparg("handle", v); fhandle = v; }
    else if (matches(w, "preference") || matches(w, "priority")) { const v = next(); if (pref) throw duparg("priority", v); const n = u32Arg(v); if (n === undefined) throw invarg("invalid preference", v); pref = n; }
    else if (matches(w, "protocol")) { const v = next(); if (protocol) throw duparg("protocol", v); const n = llProtoA2n(v); if (n === undefined) throw invarg("invalid protocol", v); protocol = n; }
    else if (matches(w, "chain")) { const v = next(); if (chain !== undefined) throw duparg("chain", v); const n = u32Arg(v); if (n === undefined) throw invarg("invalid chain index value", v); chain = n; }
    else if (matches(w, "help")) ctx.io.err(FILTER_USAGE); // tc_filter.c's usage() does not exit: the listing goes on
    else throw new CliError(` What is "${w}"? Try "tc filter help"\n`, 255, true);
  }
  // tcm_info = TC_H_MAKE(prio << 16, protocol): only the low 16 bits of the preference reach the kernel
  const narrow = { pref: pref & 0xffff, protocol, ...(chain !== undefined ? { chain } : {}) };
  let list: Iterable<TcFilter> = [];
  const terse = ctx.opts.brief ? { terse: true } : {};
  if (devName !== undefined) {
    const ifindex = dev(ctx, devName);
    list = kernel(() => ctx.rtnl().tc.filters.iter({ ifindex, parent: parent === undefined ? "none" : formatClassid(parent), ...narrow, ...terse }));
  } else if (block !== undefined) {
    if (!blockExists(ctx, block)) throw new CliError(`Cannot find block "${block}"\n`, 1, false);
    list = kernel(() => ctx.rtnl().tc.filters.iter({ block, ...narrow, ...terse }));
  } // neither: tc dumps ifindex 0, the kernel lists nothing
  const p = ctx.printer();
  p.arr(null);
  let out = "";
  const show = { dev: false, parent: true, ...(parent ? { parentId: parent } : {}), ...(block !== undefined ? { block } : {}), pref, protocol, ...(chain !== undefined ? { chain } : {}) };
  try {
    for (const f of list) {
      printFilter(p, f, ctx, show);
      if (!p.json) out += p.take();
    }
  } catch (e) {
    // rtnl_dump_filter failed: what was printed stays (an unclosed -json array), then the error and "Dump terminated"
    if (!isNetlinkError(e)) throw e;
    ctx.io.out(p.json ? p.take() : out);
    throw new CliError(`${dumpErrorText(e)}Dump terminated\n`, 1, false);
  }
  p.endArr();
  ctx.io.out(p.json ? p.take() + "\n" : out);
}

/** tc_qdisc_block_exists: some qdisc names the block as its ingress_block or egress_block. */
export function blockExists(ctx: TcCtx, block: number): boolean {
  return kernel(() => ctx.rtnl().tc.qdiscs.list()).some((q) => q.ingressBlock === block || q.egressBlock === block);
}
