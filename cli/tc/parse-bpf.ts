/**
 * The bpf classifier's and the bpf action's program words (tc 6.1 f_bpf.c
 * and m_bpf.c bpf_parse_opt with lib/bpf_legacy.c bpf_do_parse), one loop
 * for both: `[run] MODE ARG`, where MODE is bytecode / bc (classic BPF
 * 's,c t f k,...'), object-file / obj FILE [section S] [program P] [export
 * UDS] [verbose] (an eBPF ELF object, loaded by lib/bpf/object.ts as tc's
 * libbpf loader does), or object-pinned / pinned / fd PATH (a program pinned
 * in a bpffs, "m:NAME" under tc's work dir). The classifier's own words
 * (classid/flowid, direct-action/da, skip_hw, skip_sw, action, police) are
 * read here too; bytecode-file FILE reads the bytecode from a file; `export` is refused clearly. Errors as
 * tc prints them.
 */
import { readFileSync } from "node:fs";
import { CliError } from "../errors.ts";
import { matches } from "../args.ts";
import { parseClassid } from "../../codecs/tc/tables.ts";
import { bpfClose, bpfObjGet } from "../../lib/sys/bpf.ts";
import { isSyscallError } from "../../lib/sys/syscall-error.ts";
import { BpfObjectError, loadBpfObject } from "../../lib/bpf/object.ts";
import { NoBpffsError, expandPinnedPath } from "../../lib/bpf/workdir.ts";
import { strerror } from "../errors.ts";

/** f_bpf.c explain() (default section of BPF_PROG_TYPE_SCHED_CLS: "classifier"). */
export const BPF_EXPLAIN = "Usage: ... bpf ...\n\nBPF use case:\n bytecode BPF_BYTECODE\n bytecode-file FILE\n\n" +
  "eBPF use case:\n object-file FILE [ section CLS_NAME ] [ export UDS_FILE ] [ verbose ] [ direct-action ] [ skip_hw | skip_sw ]\n" +
  " object-pinned FILE [ direct-action ] [ skip_hw | skip_sw ]\n\nCommon remaining options:\n [ action ACTION_SPEC ]\n [ classid CLASSID ]\n\n" +
  "Where BPF_BYTECODE := 's,c t f k,c t f k,c t f k,...'\nc,t,f,k and s are decimals; s denotes number of 4-tuples\n\n" +
  "Where FILE points to a file containing the BPF_BYTECODE string,\nan ELF file containing eBPF map definitions and bytecode, or a\npinned eBPF program.\n\n" +
  "Where CLS_NAME refers to the section name containing the\nclassifier (default 'classifier').\n\n" +
  "Where UDS_FILE points to a unix domain socket file in order\nto hand off control of all created eBPF maps to an agent.\n\n" +
  "ACTION_SPEC := ... look at individual actions\nNOTE: CLASSID is parsed as hexadecimal input.\n";

const fail = (msg: string) => new CliError(msg, 1, true);
const incomplete = () => new CliError('Command line is not complete. Try option "help"\n', 255, true);
const UNPARSED = "Unable to parse bpf command line\n";

/** bpf_ops_parse of 's,c t f k,...' (sscanf "%hu %hhu %hhu %u," per instruction). */
export function bytecode(s: string): Array<{ code: number; jt: number; jf: number; k: number }> {
  const comma = s.indexOf(",");
  const len = comma < 0 ? Number.NaN : Number.parseInt(s.slice(0, comma), 10);
  if (!(len > 0) || len > 4096) throw fail(UNPARSED);
  const ops: Array<{ code: number; jt: number; jf: number; k: number }> = [];
  let tok = comma;
  while (tok >= 0 && tok + 1 < s.length) {
    const rest = s.slice(tok + 1);
    if (ops.length >= len) throw fail(`Real program length exceeds encoded length parameter!\n${UNPARSED}`);
    const m = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)/.exec(rest);
    if (!m) throw fail(`Error at instruction ${ops.length}!\n${UNPARSED}`);
    ops.push({ code: Number(m[1]) & 0xffff, jt: Number(m[2]) & 0xff, jf: Number(m[3]) & 0xff, k: Number(m[4]) >>> 0 });
    tok = s.indexOf(",", tok + 1);
  }
  if (ops.length !== len) throw fail(`Parsed program length is less than encoded length parameter!\n${UNPARSED}`);
  return ops;
}

/** One `run MODE ...` as bpf_do_parse reads it. */
export interface BpfRun {
  mode: "bytecode" | "object" | "pinned";
  bytecode?: Array<{ code: number; jt: number; jf: number; k: number }>;
  /** The FILE / PATH word as given. */
  file?: string;
  section: string;
  program?: string;
  verbose: boolean;
}

/** BPF_PROG_TYPE_SCHED_CLS or SCHED_ACT (what the words are read for). */
export type BpfProgType = 3 | 4;

/**
 * bpf_do_parse from a[i.i] (the MODE word); leaves i.i after the last word
 * read. `what` is tc's text after "What mode is" errors (the classifier
 * adds "Unable to parse bpf command line"), `fail` builds the error.
 */
export function parseBpfRun(a: string[], i: { i: number }, type: BpfProgType, fail: (msg: string) => Error): BpfRun {
  const mode = a[i.i]!;
  const arg = a[i.i + 1];
  const run: BpfRun = { mode: "bytecode", section: type === 4 ? "action" : "classifier", verbose: false };
  if (matches(mode, "bytecode") || mode === "bc") {
    if (arg === undefined) throw incomplete();
    run.bytecode = bytecodeOr(arg, fail);
    i.i += 2;
    return run;
  }
  if (matches(mode, "bytecode-file") || mode === "bcf") {
    if (arg === undefined) throw incomplete();
    run.bytecode = bytecodeOr(bytecodeFile(arg, fail), fail);
    i.i += 2;
    return run;
  }
  if (matches(mode, "object-file") || mode === "obj") run.mode = "object";
  else if (matches(mode, "object-pinned") || matches(mode, "pinned") || matches(mode, "fd")) run.mode = "pinned";
  else throw fail(`What mode is "${mode}"?\n`);
  if (arg === undefined) throw incomplete();
  run.file = arg;
  i.i += 2;
  if (i.i < a.length && matches(a[i.i]!, "section")) { const v = a[i.i + 1]; if (v === undefined) throw incomplete(); run.section = v; i.i += 2; }
  if (i.i < a.length && a[i.i] === "program") { const v = a[i.i + 1]; if (v === undefined) throw incomplete(); run.program = v; i.i += 2; }
  if (process.env.TC_BPF_UDS !== undefined) throw fail("bun-netlink-tc: TC_BPF_UDS (map fds to a unix socket) is not supported\n");
  if (i.i < a.length && matches(a[i.i]!, "export")) throw fail("bun-netlink-tc: bpf export (map fds to a unix socket) is not supported\n");
  if (i.i < a.length && matches(a[i.i]!, "verbose")) { run.verbose = true; i.i++; }
  return run;
}

/** bpf_parse_string from a file: newlines become commas (once), runs of blanks one blank. */
function bytecodeFile(path: string, fail: (msg: string) => Error): string {
  let text: string;
  try {
    text = readFileSync(path, "latin1");
  } catch (e) {
    const errno = (e as NodeJS.ErrnoException).errno;
    throw fail(`Cannot fopen: ${strerror(errno === undefined ? 5 : -errno)}\n`);
  }
  let out = "", prev = " ";
  for (const c of text) {
    if (c === "\n") { if (prev !== ",") out += ","; prev = ","; }
    else if (c === " " || c === "\t") { if (prev !== " ") out += c; prev = " "; }
    else { out += c; prev = c; }
  }
  return out;
}

function bytecodeOr(arg: string, fail: (msg: string) => Error): BpfRun["bytecode"] {
  try {
    return bytecode(arg);
  } catch (e) {
    // bytecode() speaks for the classifier; the action has no "Unable to parse" line
    if (e instanceof CliError) throw fail(e.message.replace(UNPARSED, ""));
    throw e;
  }
}

/** Program fds opened while parsing (pinned or loaded), closed by the command after its request. */
const opened: number[] = [];

/** Lines libbpf prints while loading that are no failure, written out by closeParsedBpf. */
let warnings = "";

/** Close the program fds parsing opened (after the request that used them) and print what loading had to say. */
export function closeParsedBpf(err?: (text: string) => void): void {
  for (const fd of opened.splice(0)) bpfClose(fd);
  if (warnings !== "" && err !== undefined) err(warnings);
  warnings = "";
}

/**
 * Open a pinned program (bpf_obj_pinned: "Couldn't retrieve pinned program")
 * or load an object (bpf_do_load; its lines as libbpf and tc print them).
 * Returns the fd and tc's annotation for TCA_*_BPF_NAME.
 */
export function openBpfRun(run: BpfRun, type: BpfProgType, fail: (msg: string) => Error, ifindex = 0): { fd: number; name: string } {
  const file = run.file!;
  const base = file.slice(file.lastIndexOf("/") + 1);
  if (run.mode === "pinned") {
    let fd: number;
    try {
      fd = bpfObjGet(expandPinnedPath(file));
    } catch (e) {
      if (isSyscallError(e)) throw fail(`Couldn't retrieve pinned program '${file}': ${strerror(e.errno)}\n`);
      if (e instanceof NoBpffsError) throw fail(`bun-netlink-tc: ${file}: ${e.message}\n`);
      throw e;
    }
    opened.push(fd);
    return { fd, name: `${base}:[*fsobj]` };
  }
  try {
    const r = loadBpfObject({ file, type, section: run.section, program: run.program, ifindex, verbose: run.verbose });
    opened.push(r.fd);
    warnings += r.warnings;
    return { fd: r.fd, name: r.name };
  } catch (e) {
    if (e instanceof BpfObjectError) throw fail(e.message);
    throw e;
  }
}

/**
 * bpf_parse_opt of f_bpf.c: the classifier's options from `a`;
 * `parseActions` reads an action list (f_bpf.c parse_action) from a.at(i.i)
 * on. A pinned program is opened while parsing, an object loaded after the
 * last word, as tc does; `ifindex` is the device (offload for skip_sw).
 */
export function parseBpfArgs(a: string[], handle: string | undefined, parseActions: (a: string[], i: { i: number }) => unknown, ifindex = 0): { options?: unknown; handle?: number } {
  const out: { options?: unknown; handle?: number } = {};
  if (handle !== undefined) {
    const h = /^(0x[0-9a-f]+|\d+)$/i.test(handle) ? Number(handle) : Number.NaN;
    if (!(h >= 0 && h <= 0xffffffff)) throw fail('Illegal "handle"\n');
    out.handle = h;
  }
  if (a.length === 0) return out;
  const o: Record<string, unknown> = {};
  let run: BpfRun | undefined;
  const i = { i: 0 };
  const parseFail = (msg: string) => fail(`${msg}${UNPARSED}`);
  const doRun = () => {
    run = parseBpfRun(a, i, 3, parseFail);
    if (run.bytecode !== undefined) o.bytecode = run.bytecode;
    else if (run.mode === "pinned") Object.assign(o, openBpfRun(run, 3, parseFail));
  };
  while (i.i < a.length) {
    const w = a[i.i]!;
    if (matches(w, "run")) {
      if (a[i.i + 1] === undefined) throw incomplete();
      if (run !== undefined) throw new CliError(`Error: duplicate "run": "${a[i.i + 1]}" is the second value.\n`, 255, true);
      i.i++;
      doRun();
    } else if (matches(w, "classid") || matches(w, "flowid")) {
      const v = a[++i.i];
      if (v === undefined) throw incomplete();
      if (parseClassid(v) === undefined) throw fail('Illegal "classid"\n');
      o.classid = v;
      i.i++;
    } else if (matches(w, "direct-action") || matches(w, "da")) { o.directAction = true; i.i++; }
    else if (matches(w, "skip_hw")) { o.skipHw = true; i.i++; }
    else if (matches(w, "skip_sw")) { o.skipSw = true; i.i++; }
    else if (matches(w, "action")) {
      if (a[i.i + 1] === undefined) throw incomplete();
      i.i++;
      o.actions = parseActions(a, i);
    } else if (matches(w, "help")) throw fail(BPF_EXPLAIN);
    else if (run === undefined) doRun();
    else throw fail(`What is "${w}"?\n${BPF_EXPLAIN}`);
  }
  // bpf_load_common after the words (f_bpf.c): the object is loaded now
  if (run?.mode === "object") Object.assign(o, openBpfRun(run, 3, (msg) => fail(`${msg}Unable to load program\n`), o.skipSw ? ifindex : 0));
  out.options = o;
  return out;
}
