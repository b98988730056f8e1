/**
 * `action bpf [run] MODE ARG` (tc 6.1 m_bpf.c bpf_parse_opt): `bytecode` /
 * `bc` 'N,c t f k,...' (classic BPF); the verdict and `index N` follow
 * (parse-filter.ts). object-pinned/pinned/fd, object-file and bytecode-file
 * are refused clearly.
 */
import { CliError } from "../errors.ts";
import { matches } from "../args.ts";
import { bytecode } from "./parse-bpf.ts";

const incomplete = () => new CliError('Command line is not complete. Try option "help"\n', 255, true);

/** The program words of a bpf action from a[i.i] into `spec` (stops at a verdict or `index`). */
export function parseActBpf(a: string[], i: { i: number }, spec: Record<string, unknown>): void {
  let seen = false;
  const prog = () => {
    seen = true;
    const mode = a[i.i]!;
    const arg = a[i.i + 1];
    if (matches(mode, "bytecode") || mode === "bc") {
      if (arg === undefined) throw incomplete();
      spec.bytecode = bytecode(arg);
      i.i += 2;
      return;
    }
    if (matches(mode, "object-pinned") || matches(mode, "pinned") || matches(mode, "fd") || matches(mode, "object-file") || mode === "obj" || matches(mode, "bytecode-file") || mode === "bcf") {
      throw new CliError(`bun-netlink-tc: action bpf ${mode} is not supported (use bytecode, or the API's fd)\n`, 1, true);
    }
    throw new CliError(`What mode is "${mode}"?\nUnable to parse bpf command line\n`, 1, true);
  };
  while (i.i < a.length) {
    const w = a[i.i]!;
    if (matches(w, "run")) {
      if (a[i.i + 1] === undefined) throw incomplete();
      if (seen) throw new CliError(`Error: duplicate "run": "${a[i.i + 1]}" is the second value.\n`, 255, true);
      i.i++;
      prog();
    } else if (matches(w, "index")) break;
    else if (!seen) prog();
    else break;
  }
  if (!seen) throw incomplete();
}
