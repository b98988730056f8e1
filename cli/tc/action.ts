/**
 * `tc action` (tc 6.1 m_action.c do_action): add, change, replace (an
 * action list as in filters), delete and get (action KIND index N ...),
 * ls/list/show and flush (action KIND [since MSEC]) through nl.tc.actions,
 * printed as tc prints them, messages and exit statuses included.
 */
import { matches } from "../args.ts";
import { CliError, isNetlinkError, kernelError } from "../errors.ts";
import type { ActionRef } from "../../lib/rtnl/tc/actions.ts";
import type { TcActionSpec } from "../../lib/rtnl/tc/action-options.ts";
import type { TcCtx } from "./context.ts";
import { parseActions } from "./parse-filter.ts";
import { ActBpfParseError } from "./parse-act-bpf.ts";
import { ActionExit, ActionParseError } from "./action-parse-error.ts";
import { takeActionNotes } from "./action-notes.ts";
import { closeParsedBpf } from "./parse-bpf.ts";
import { printActionPage } from "./print-action.ts";

/** act_usage(). */
export const ACTION_USAGE = "usage: tc actions <ACTSPECOP>*\n" +
  "Where: \tACTSPECOP := ACR | GD | FL\n" +
  "\tACR := add | change | replace <ACTSPEC>*\n" +
  "\tGD := get | delete | <ACTISPEC>*\n" +
  "\tFL := ls | list | flush | <ACTNAMESPEC>\n" +
  "\tACTNAMESPEC :=  action <ACTNAME>\n" +
  "\tACTISPEC := <ACTNAMESPEC> <INDEXSPEC>\n" +
  "\tACTSPEC := action <ACTDETAIL> [INDEXSPEC] [HWSTATSSPEC] [SKIPSPEC]\n" +
  "\tINDEXSPEC := index <32 bit indexvalue>\n" +
  "\tHWSTATSSPEC := hw_stats [ immediate | delayed | disabled ]\n" +
  "\tSKIPSPEC := [ skip_sw | skip_hw ]\n" +
  "\tACTDETAIL := <ACTNAME> <ACTPARAMS>\n" +
  "\t\tExample ACTNAME is gact, mirred, bpf, etc\n" +
  "\t\tEach action has its own parameters (ACTPARAMS)\n" +
  "\n";

const usage = () => new CliError(ACTION_USAGE, 255, false);

/** A kernel refusal as rtnl_talk prints it, then tc's own line. */
function talk<T>(ctx: TcCtx, f: () => T, after: string, code: number): T {
  try {
    const r = f();
    const w = ctx.rtnl().conn.lastWarning;
    if (w) ctx.io.err(`Warning: ${w}${w.endsWith(".") ? "" : "."}\n`);
    return r;
  } catch (e) {
    if (isNetlinkError(e)) throw new CliError(kernelError(e).message + after, code, false);
    if (e instanceof TypeError || e instanceof RangeError) throw new CliError(`${e.message}\n${after}`, code, false);
    throw e;
  }
}

/** add/change/replace: parse_action over the words, mirred devices resolved as tc does. */
function modify(ctx: TcCtx, verb: "add" | "replace" | "change", a: string[]): void {
  if (a.length === 0) throw new CliError('Illegal "action"\n', 255, false);
  const i = { i: 0 };
  const at: number[] = [];
  let specs: Array<Record<string, unknown>>;
  takeActionNotes();
  try {
    specs = parseActions(a, i, at);
  } catch (e) {
    closeParsedBpf();
    const notes = takeActionNotes(); // what the parsers printed before failing
    // a bpf action's failure already carries parse_action's lines
    if (e instanceof ActionExit) throw new CliError(notes + e.message, e.code, false); // exit(-1), or get_addr's exit(1)
    if (e instanceof ActBpfParseError || e instanceof ActionParseError) throw new CliError(notes + e.message, 255, false);
    if (e instanceof CliError) throw new CliError(`${notes}${e.message}bad action parsing\nIllegal "action"\n`, 255, false);
    throw e;
  }
  const notes = takeActionNotes();
  if (notes) ctx.io.err(notes);
  if (specs.length === 0) throw new CliError('Illegal "action"\n', 255, false);
  specs.forEach((s, n) => {
    if (typeof s.dev !== "string") return;
    const idx = ctx.index(s.dev);
    if (idx === undefined) {
      throw new CliError(`Cannot find device "${s.dev}"\nbad action parsing\nparse_action: bad value (${a.length - at[n]!}:${s.kind})!\nIllegal "action"\n`, 255, false);
    }
    s.ifindex = idx;
    delete s.dev;
  });
  const api = ctx.rtnl().tc.actions;
  try {
    talk(ctx, () => api[verb](specs as unknown as TcActionSpec[]), "We have an error talking to the kernel\n", 255);
  } finally {
    closeParsedBpf((t) => ctx.io.err(t));
  }
}

/** get/delete: action KIND index N [action KIND index N ...]. */
function refsOf(a: string[]): ActionRef[] {
  const out: ActionRef[] = [];
  for (let i = 0; i < a.length; i++) {
    if (a[i] === "action") continue;
    if (a[i] === "help") throw usage();
    const kind = a[i]!;
    if (i + 1 >= a.length || !matches(a[i + 1]!, "index")) throw new CliError(`Error: no index specified action: ${kind}\n`, 255, false);
    const v = a[i + 2];
    if (v === undefined) throw new CliError('Command line is not complete. Try option "help"\n', 255, true);
    if (!/^\d+$/.test(v) || Number(v) > 0xffffffff) throw new CliError('Illegal "index"\n', 255, false);
    out.push({ kind, index: Number(v) });
    i += 2;
  }
  return out;
}

// tc_action_gd: after a failed request do_action reads the same words again and stops at "action".
const GD_FAILED = 'We have an error talking to the kernel\nCommand "action" is unknown, try "tc actions help".\n';

function get(ctx: TcCtx, a: string[]): void {
  const refs = refsOf(a);
  const page = talk(ctx, () => ctx.rtnl().tc.actions.getPage(refs), GD_FAILED, 255);
  const p = ctx.printer();
  p.arr(null);
  printActionPage(p, page, ctx);
  p.endArr();
  ctx.io.out(p.json ? p.take() + "\n" : p.take());
}

function del(ctx: TcCtx, a: string[]): void {
  const refs = refsOf(a);
  talk(ctx, () => ctx.rtnl().tc.actions.delete(refs), GD_FAILED, 255);
}

/** ls/flush: the word after the verb is skipped (tc assumes "action"), then KIND [since MSEC]. */
function listOrFlush(ctx: TcCtx, flush: boolean, a: string[]): void {
  if (a.length < 2) throw usage();
  const kind = a[1]!;
  let since: number | undefined;
  if (a[2] === "since") {
    const v = a[3];
    if (v === undefined) throw new CliError('Command line is not complete. Try option "help"\n', 255, true);
    if (!/^(0x[0-9a-f]+|0[0-7]*|[1-9]\d*)$/i.test(v) || Number(v) > 0xffffffff) throw new CliError(`Error: argument "${v}" is wrong: dump time "since" is invalid\n`, 255, true);
    since = v.startsWith("0") && !/^0x/i.test(v) && v.length > 1 ? Number.parseInt(v, 8) : Number(v);
  }
  const api = ctx.rtnl().tc.actions;
  if (flush) {
    talk(ctx, () => api.flush(kind, ctx.opts.brief ? { terse: true } : {}), "We have an error flushing\n", 1);
    return;
  }
  const opts = { ...(since === undefined ? {} : { since }), ...(ctx.opts.brief ? { terse: true } : {}) };
  const pages = talk(ctx, () => api.pages(kind, opts), "", 1);
  const p = ctx.printer();
  p.arr(null);
  let out = "";
  for (const pg of pages) {
    printActionPage(p, pg, ctx);
    if (!p.json) out += p.take();
  }
  p.endArr();
  ctx.io.out(p.json ? p.take() + "\n" : out);
}

/** `tc action ...` */
export function doAction(ctx: TcCtx, a: string[]): void {
  if (a.length === 0) return;
  const w = a[0]!;
  if (matches(w, "add")) return modify(ctx, "add", a.slice(1));
  if (matches(w, "change")) return modify(ctx, "change", a.slice(1));
  if (matches(w, "replace")) return modify(ctx, "replace", a.slice(1));
  if (matches(w, "delete")) return del(ctx, a.slice(1));
  if (matches(w, "get")) return get(ctx, a.slice(1));
  if (matches(w, "list") || matches(w, "show") || matches(w, "lst")) return listOrFlush(ctx, false, a.slice(1));
  if (matches(w, "flush")) return listOrFlush(ctx, true, a.slice(1));
  if (matches(w, "help")) throw usage();
  throw new CliError(`Command "${w}" is unknown, try "tc actions help".\n`, 255, false);
}
