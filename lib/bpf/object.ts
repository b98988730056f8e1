/**
 * Load one program of an eBPF ELF object as tc 6.1 (`bpf obj FILE [sec
 * NAME] [program FUNC]`, lib/bpf_libbpf.c with libbpf 1.1) does: read and
 * parse the file (elf.ts), pick the program (program.ts), BPF_PROG_LOAD it
 * with the filter's or action's program type; when the kernel refuses it,
 * load again with the verifier log and fail with libbpf's lines around that
 * log. Returns the program's fd (the caller closes it) and tc's annotation
 * "BASENAME:[SECTION]" for TCA_BPF_NAME / TCA_ACT_BPF_NAME.
 */
import { readFileSync } from "node:fs";
import { release } from "node:os";
import { errnoMessage } from "../sys/errno.ts";
import { bpfProgLoadLogged } from "../sys/bpf.ts";
import { ElfFormatError, parseElf } from "./elf.ts";
import { BpfObjectError, libbpfOpenTrace, libbpfSkipped, planBpfLoad } from "./program.ts";

export { BpfObjectError } from "./program.ts";

/** enum bpf_prog_type values tc's object loading uses, with their default sections (bpf_prog_to_default_section). */
export const BPF_OBJECT_TYPES = { cls: { type: 3, section: "classifier" }, act: { type: 4, section: "action" } } as const;

/** What to load: tc's object-file FILE, section, program and the program type. */
export interface BpfObjectSpec {
  file: string;
  /** BPF_PROG_TYPE_SCHED_CLS (3) or SCHED_ACT (4). */
  type: number;
  /** The section; the type's default ("classifier" / "action") when absent. */
  section?: string;
  /** A function name; picks the program by name instead of by section. */
  program?: string;
  /** Offload target (tc passes the device for skip_sw). */
  ifindex?: number;
  /** tc's `verbose`: libbpf's debug lines go into the messages and warnings. */
  verbose?: boolean;
}

/** The loaded program. */
export interface LoadedBpfObject {
  fd: number;
  /** tc's annotation "BASENAME:[SECTION]". */
  name: string;
  /** Lines libbpf prints on the way without failing (tail-call sections it skips). */
  warnings: string;
}

const LOG_SIZE = 0xffffffff >>> 8; // libbpf BPF_LOG_BUF_SIZE

/** The default section of a program type (tc's bpf_prog_to_default_section). */
export function defaultSection(type: number): string {
  return type === BPF_OBJECT_TYPES.act.type ? "action" : "classifier";
}

/**
 * Load the program `spec` names. Throws BpfObjectError whose message is what
 * tc prints before "Unable to load program" (file or ELF errors end with
 * "Cannot initialize ELF context!").
 */
export function loadBpfObject(spec: BpfObjectSpec): LoadedBpfObject {
  if (typeof spec.file !== "string" || spec.file === "") throw new TypeError("file: expected a path");
  if (spec.type !== 3 && spec.type !== 4) throw new RangeError("type: expected 3 (sched_cls) or 4 (sched_act)");
  const section = spec.section ?? defaultSection(spec.type);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(spec.file);
  } catch {
    throw new BpfObjectError("Cannot initialize ELF context!\n", false, -1);
  }
  let elf;
  try {
    elf = parseElf(bytes);
  } catch (e) {
    if (e instanceof ElfFormatError) throw new BpfObjectError(`${e.message}Cannot initialize ELF context!\n`, false, e.message.startsWith("We are") ? -5 : -22);
    throw e;
  }
  let plan;
  try {
    plan = planBpfLoad(elf, spec.file, section, spec.program, release());
  } catch (e) {
    if (!(e instanceof BpfObjectError) || !spec.verbose) throw e;
    // libbpf stops its walk over the sections at the one it refuses
    const legacy = e.message.startsWith("libbpf: elf: legacy") ? elf.sections.find((s) => s.name === "maps")?.index : undefined;
    const stat = / is static and not supported/.test(e.message) ? elf.symbols.find((x) => x.type === 2 && x.bind === 0 && elf.sections[x.shndx]?.name !== ".text")?.shndx : undefined;
    throw new BpfObjectError(libbpfOpenTrace(elf, spec.file, legacy ?? stat) + e.message, e.unsupported, e.ret);
  }
  const trace = spec.verbose ? libbpfOpenTrace(elf, spec.file) : "";
  const skipped = (before: boolean) => (spec.verbose ? libbpfSkipped(elf, plan.program, before) : "");
  const base = { type: spec.type, insns: plan.program.insns, license: plan.license, name: plan.progName, kernVersion: plan.kernVersion, ifindex: spec.ifindex ?? 0 };
  let r = bpfProgLoadLogged(base);
  if ("errno" in r) {
    // libbpf: retry with log_level 1 to get the verifier's reasons, then report
    r = bpfProgLoadLogged({ ...base, logLevel: 1, logSize: LOG_SIZE });
    if ("errno" in r) {
      const p = plan.program.name;
      let msg = `${trace}${plan.warnings}${skipped(true)}libbpf: prog '${p}': BPF program load failed: ${errnoMessage(r.errno)}\n`;
      if (r.log !== "") msg += `libbpf: prog '${p}': -- BEGIN PROG LOAD LOG --\n${r.log}-- END PROG LOAD LOG --\n`;
      msg += `libbpf: prog '${p}': failed to load: -${r.errno}\nlibbpf: failed to load object '${spec.file}'\n`;
      throw new BpfObjectError(msg, false, -r.errno);
    }
  }
  // libbpf looks for the tail-call maps once before loading and once after (update_legacy_tail_call_maps)
  return { fd: r.fd, name: `${spec.file.slice(spec.file.lastIndexOf("/") + 1)}:[${section}]`, warnings: trace + plan.warnings + skipped(false) + plan.warnings };
}
