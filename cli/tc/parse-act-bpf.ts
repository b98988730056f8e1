/**
 * `action bpf [run] MODE ARG` (tc 6.1 m_bpf.c bpf_parse_opt) through the
 * classifier's program loop (parse-bpf.ts parseBpfRun): bytecode / bc,
 * object-file / obj FILE [section S] (default section "action"),
 * object-pinned / pinned / fd PATH; m_bpf loads or opens the program at
 * once. The verdict and `index N` follow (parse-filter.ts). `help` prints
 * m_bpf's explain. A failure ends as parse_action reports it: "bad action
 * parsing", "parse_action: bad value (N:bpf)!", "Illegal "action"".
 */
import { CliError } from "../errors.ts";
import { matches } from "../args.ts";
import { openBpfRun, parseBpfRun } from "./parse-bpf.ts";

/** m_bpf.c explain() (default section of BPF_PROG_TYPE_SCHED_ACT: "action"). */
export const ACT_BPF_EXPLAIN = "Usage: ... bpf ... [ index INDEX ]\n\nBPF use case:\n bytecode BPF_BYTECODE\n bytecode-file FILE\n\n" +
  "eBPF use case:\n object-file FILE [ section ACT_NAME ] [ export UDS_FILE ] [ verbose ]\n object-pinned FILE\n\n" +
  "Where BPF_BYTECODE := 's,c t f k,c t f k,c t f k,...'\nc,t,f,k and s are decimals; s denotes number of 4-tuples\n\n" +
  "Where FILE points to a file containing the BPF_BYTECODE string,\nan ELF file containing eBPF map definitions and bytecode, or a\npinned eBPF program.\n\n" +
  "Where ACT_NAME refers to the section name containing the\naction (default 'action').\n\n" +
  "Where UDS_FILE points to a unix domain socket file in order\nto hand off control of all created eBPF maps to an agent.\n\n" +
  "Where optionally INDEX points to an existing action, or\nexplicitly specifies an action index upon creation.\n";

/** A bpf action that failed to parse: the message is complete (parse_action's lines included); exit 1 in a filter, 255 for `tc action`. */
export class ActBpfParseError extends CliError {}

const incomplete = () => new CliError('Command line is not complete. Try option "help"\n', 255, true);

/** The program words of a bpf action from a[i.i] (after the word "bpf") into `spec`; stops at a verdict or `index`. */
export function parseActBpf(a: string[], i: { i: number }, spec: Record<string, unknown>): void {
  const kindAt = i.i - 1;
  const fail = (msg: string) => new ActBpfParseError(`${msg}bad action parsing\nparse_action: bad value (${a.length - kindAt}:bpf)!\nIllegal "action"\n`, 1, true);
  if (i.i >= a.length) throw incomplete();
  let seen = false;
  const prog = () => {
    seen = true;
    const run = parseBpfRun(a, i, 4, fail);
    if (run.bytecode !== undefined) spec.bytecode = run.bytecode;
    else Object.assign(spec, openBpfRun(run, 4, fail));
  };
  while (i.i < a.length) {
    const w = a[i.i]!;
    if (matches(w, "run")) {
      if (a[i.i + 1] === undefined) throw incomplete();
      if (seen) throw new CliError(`Error: duplicate "run": "${a[i.i + 1]}" is the second value.\n`, 255, true);
      i.i++;
      prog();
    } else if (matches(w, "help")) throw fail(ACT_BPF_EXPLAIN);
    else if (matches(w, "index")) break;
    else if (!seen) prog();
    else break;
  }
  if (!seen) throw incomplete();
}
