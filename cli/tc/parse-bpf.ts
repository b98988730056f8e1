/**
 * The bpf classifier's words (tc 6.1 f_bpf.c bpf_parse_opt with
 * lib/bpf_legacy.c bpf_do_parse): `[run] MODE ARG`, where MODE is
 * object-pinned / pinned / fd (a path pinned in a bpffs; nl.tc opens it with
 * BPF_OBJ_GET) or bytecode / bc (classic BPF 's,c t f k,...'); then
 * classid/flowid, direct-action/da, skip_hw, skip_sw, action. object-file
 * and bytecode-file (an ELF object loaded through libbpf, a file) and
 * `export` are refused clearly. Errors as tc prints them.
 */
import { CliError } from "../errors.ts";
import { matches } from "../args.ts";
import { parseClassid } from "../../codecs/tc/tables.ts";

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

/**
 * bpf_parse_opt: the classifier's options from `a`; `parseActions` reads an
 * action list (f_bpf.c parse_action) from a.at(i.i) on.
 */
export function parseBpfArgs(a: string[], handle: string | undefined, parseActions: (a: string[], i: { i: number }) => unknown): { options?: unknown; handle?: number } {
  const out: { options?: unknown; handle?: number } = {};
  if (handle !== undefined) {
    const h = /^(0x[0-9a-f]+|\d+)$/i.test(handle) ? Number(handle) : Number.NaN;
    if (!(h >= 0 && h <= 0xffffffff)) throw fail('Illegal "handle"\n');
    out.handle = h;
  }
  if (a.length === 0) return out;
  const o: Record<string, unknown> = {};
  let seenRun = false;
  const i = { i: 0 };
  const run = () => {
    seenRun = true;
    const mode = a[i.i]!;
    const arg = a[i.i + 1];
    if (matches(mode, "bytecode") || mode === "bc") {
      if (arg === undefined) throw incomplete();
      o.bytecode = bytecode(arg);
      i.i += 2;
      return;
    }
    if (matches(mode, "bytecode-file") || mode === "bcf" || matches(mode, "object-file") || mode === "obj") {
      throw fail(`bun-netlink-tc: bpf ${mode} is not supported (load and pin the program, then use object-pinned PATH)\n`);
    }
    if (!(matches(mode, "object-pinned") || matches(mode, "pinned") || matches(mode, "fd"))) throw fail(`What mode is "${mode}"?\n${UNPARSED}`);
    if (arg === undefined) throw incomplete();
    o.pinned = arg;
    i.i += 2;
    // bpf_do_parse: optional section, program, export, verbose after the path (no effect for a pin)
    if (i.i < a.length && matches(a[i.i]!, "section")) { if (a[i.i + 1] === undefined) throw incomplete(); i.i += 2; }
    if (i.i < a.length && a[i.i] === "program") { if (a[i.i + 1] === undefined) throw incomplete(); i.i += 2; }
    if (i.i < a.length && matches(a[i.i]!, "export")) throw fail("bun-netlink-tc: bpf export (map fds to a unix socket) is not supported\n");
    if (i.i < a.length && matches(a[i.i]!, "verbose")) i.i++;
  };
  while (i.i < a.length) {
    const w = a[i.i]!;
    if (matches(w, "run")) {
      if (a[i.i + 1] === undefined) throw incomplete();
      if (seenRun) throw new CliError(`Error: duplicate "run": "${a[i.i + 1]}" is the second value.\n`, 255, true);
      i.i++;
      run();
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
    else if (!seenRun) run();
    else throw fail(`What is "${w}"?\n${BPF_EXPLAIN}`);
  }
  out.options = o;
  return out;
}
