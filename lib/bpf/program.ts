/**
 * Which program of an eBPF object tc 6.1 loads, and with what (pure code):
 * tc built with libbpf (lib/bpf_libbpf.c load_bpf_object) opens the object
 * with libbpf 1.x, whose programs are the global functions of executable
 * sections other than .text, in section order; the one loaded is the first
 * whose section is SECTION (default "classifier" for cls_bpf, "action" for
 * act_bpf), or, given `program NAME`, the one whose function is NAME. Its
 * license is the "license" section, its kern_version the "version" section
 * (else the running kernel's, as libbpf does), its name the function's,
 * cut to 15 bytes.
 *
 * What libbpf 1.x refuses is refused with its text: a legacy `maps` section
 * (struct bpf_elf_map, which libbpf v1.0+ no longer reads, so tc 6.1 with
 * libbpf 1.1 cannot load such objects at all) and static programs. What
 * this loader does not do is refused clearly (BpfObjectError with
 * `unsupported`): BTF-defined maps (a `.maps` section) and any relocation in
 * program code (map loads, global data, bpf-to-bpf calls).
 */
import { type ElfObject, type ElfSymbol, SHF, SHT, STT, elfRels } from "./elf.ts";

/** A refusal: `message` holds the lines tc prints for it (each ending "\n"). */
export class BpfObjectError extends Error {
  override name = "BpfObjectError";
  /** True when tc would have loaded the object and this loader cannot. */
  unsupported: boolean;
  /** tc's return value for it (a negative errno, -1 for a file that does not open), its exit status in `tc exec`. */
  ret: number;
  constructor(message: string, unsupported = false, ret = -2) {
    super(message);
    this.unsupported = unsupported;
    this.ret = ret;
  }
}

/** One program of an object (libbpf's view). */
export interface BpfElfProgram {
  /** The function's name. */
  name: string;
  section: string;
  /** The instructions (a copy). */
  insns: Uint8Array;
}

/** What BPF_PROG_LOAD gets for the chosen program. */
export interface BpfLoadPlan {
  program: BpfElfProgram;
  /** prog_name: the function's name cut to 15 bytes. */
  progName: string;
  license: string;
  kernVersion: number;
  /** Programs libbpf warns about and skips ("%i/%i" tail-call sections without legacy maps). */
  warnings: string;
}

const STB_LOCAL = 0;
const BPF_JMP_CALL = 0x85;
const BPF_PSEUDO_CALL = 1;

/** KERNEL_VERSION(a, b, c) of a release string such as "6.18.44-foo" (libbpf get_kernel_version). */
export function kernelVersionCode(release: string): number {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(release);
  if (!m) return 0;
  return (Number(m[1]) << 16) + (Number(m[2]) << 8) + Math.min(Number(m[3]), 255);
}

/** The programs of `elf` in libbpf's order (section index, then offset). */
export function bpfElfPrograms(elf: ElfObject): BpfElfProgram[] {
  const out: Array<BpfElfProgram & { shndx: number; off: number }> = [];
  for (const sec of elf.sections) {
    if (sec.type !== SHT.PROGBITS || !(sec.flags & SHF.EXECINSTR) || sec.size === 0 || sec.name === ".text") continue;
    const syms = elf.symbols.filter((s) => s.shndx === sec.index && s.type === STT.FUNC);
    for (const s of syms) {
      if (s.bind === STB_LOCAL) throw new BpfObjectError(`libbpf: sec '${sec.name}': program '${s.name}' is static and not supported\nERROR: opening BPF object file failed\n`);
      if (s.value % 8 !== 0 || s.size % 8 !== 0 || s.value + s.size > sec.data.length) throw new BpfObjectError(`libbpf: sec '${sec.name}': corrupted program '${s.name}'\nERROR: opening BPF object file failed\n`);
      out.push({ name: s.name, section: sec.name, insns: sec.data.slice(s.value, s.value + s.size), shndx: sec.index, off: s.value });
    }
  }
  out.sort((a, b) => a.shndx - b.shndx || a.off - b.off);
  return out.map(({ name, section, insns }) => ({ name, section, insns }));
}

function symbolAt(elf: ElfObject, i: number): ElfSymbol | undefined {
  return elf.symbols[i];
}

/**
 * The plan for loading `section` (or `program`) of `elf` as tc does, or a
 * BpfObjectError with tc's text (without its final "Unable to load
 * program"). `release` is the running kernel's (os.release()).
 */
export function planBpfLoad(elf: ElfObject, file: string, section: string, program: string | undefined, release: string): BpfLoadPlan {
  const opening = "ERROR: opening BPF object file failed\n";
  if (elf.sections.some((s) => s.name === "maps")) throw new BpfObjectError(`libbpf: elf: legacy map definitions in 'maps' section are not supported by libbpf v1.0+\n${opening}`);
  if (elf.sections.some((s) => s.name === ".maps")) throw new BpfObjectError(`bun-netlink-tc: ${file}: BTF-defined maps (a .maps section) are not supported\n`, true);
  const progs = bpfElfPrograms(elf);
  for (const rel of elf.sections.filter((s) => s.type === SHT.REL)) {
    const target = elf.sections[rel.info];
    if (target === undefined || !(target.flags & SHF.EXECINSTR)) continue;
    const first = elfRels(rel)[0];
    if (first !== undefined) {
      const sym = symbolAt(elf, first.sym);
      const what = sym?.name || elf.sections[sym?.shndx ?? 0]?.name || `#${first.sym}`;
      throw new BpfObjectError(`bun-netlink-tc: ${file}: relocation against '${what}' in section '${target.name}' (maps, global data, calls) is not supported\n`, true);
    }
  }
  let warnings = "";
  let chosen: BpfElfProgram | undefined;
  for (const p of progs) {
    const isChosen = chosen === undefined && (program !== undefined ? p.name === program : p.section === section);
    if (isChosen) chosen = p;
    // find_legacy_tail_calls: a "%i/%i" section names a legacy map id, and there are none
    const tail = /^\s*[+-]?(0[xX][0-9a-fA-F]+|\d+)\/\s*[+-]?(0[xX][0-9a-fA-F]+|\d+)/.exec(p.section);
    if (tail) warnings += `unable to find map id ${Number(tail[1]) >>> 0} for tail call\n`;
  }
  if (chosen === undefined) throw new BpfObjectError(warnings + (program !== undefined ? `object file doesn't contain prog ${program}\n` : `object file doesn't contain sec ${section}\n`));
  for (let o = 0; o < chosen.insns.length; o += 8) {
    if (chosen.insns[o] === BPF_JMP_CALL && (chosen.insns[o + 1]! >> 4) === BPF_PSEUDO_CALL) {
      throw new BpfObjectError(`bun-netlink-tc: ${file}: bpf-to-bpf call at insn ${o / 8} of '${chosen.name}' is not supported\n`, true);
    }
  }
  const lic = elf.sections.find((s) => s.name === "license");
  let license = "";
  if (lic !== undefined) {
    const end = lic.data.indexOf(0);
    license = new TextDecoder().decode((end < 0 ? lic.data : lic.data.subarray(0, end)).subarray(0, 127));
  }
  const ver = elf.sections.find((s) => s.name === "version");
  const kernVersion = ver !== undefined && ver.data.length === 4 ? new DataView(ver.data.buffer, ver.data.byteOffset, 4).getUint32(0, true) : kernelVersionCode(release);
  let progName = chosen.name;
  while (new TextEncoder().encode(progName).length > 15) progName = progName.slice(0, -1);
  return { program: chosen, progName, license, kernVersion, warnings };
}

/** Section names libbpf 1.1 knows (section_defs; "+" = the name or the name and "/..."). */
const SEC_DEFS = ["socket", "sk_reuseport/migrate", "sk_reuseport", "kprobe+", "uprobe+", "uprobe.s+", "kretprobe+", "uretprobe+", "uretprobe.s+",
  "kprobe.multi+", "kretprobe.multi+", "ksyscall+", "kretsyscall+", "usdt+", "tc", "classifier", "action", "tracepoint+", "tp+", "raw_tracepoint+", "raw_tp+",
  "raw_tracepoint.w+", "raw_tp.w+", "tp_btf+", "fentry+", "fmod_ret+", "fexit+", "fentry.s+", "fmod_ret.s+", "fexit.s+", "freplace+", "lsm+", "lsm.s+",
  "lsm_cgroup+", "iter+", "iter.s+", "syscall", "xdp.frags/devmap", "xdp/devmap", "xdp.frags/cpumap", "xdp/cpumap", "xdp.frags", "xdp", "perf_event",
  "lwt_in", "lwt_out", "lwt_xmit", "lwt_seg6local", "sockops", "sk_skb/stream_parser", "sk_skb/stream_verdict", "sk_skb", "sk_msg", "lirc_mode2",
  "flow_dissector", "cgroup_skb/ingress", "cgroup_skb/egress", "cgroup/skb", "cgroup/sock_create", "cgroup/sock_release", "cgroup/sock",
  "cgroup/post_bind4", "cgroup/post_bind6", "cgroup/bind4", "cgroup/bind6", "cgroup/connect4", "cgroup/connect6", "cgroup/sendmsg4",
  "cgroup/sendmsg6", "cgroup/recvmsg4", "cgroup/recvmsg6", "cgroup/getpeername4", "cgroup/getpeername6", "cgroup/getsockname4",
  "cgroup/getsockname6", "cgroup/sysctl", "cgroup/getsockopt", "cgroup/setsockopt", "cgroup/dev", "struct_ops+", "sk_lookup"];

function knownSection(name: string): boolean {
  return SEC_DEFS.some((d) => d.endsWith("+") ? name === d.slice(0, -1) || name.startsWith(`${d.slice(0, -1)}/`) : d.endsWith("/") ? name.startsWith(d) : name === d);
}

/**
 * What libbpf 1.1 prints at debug level while opening `elf` (tc's
 * `verbose`): "loading object from", one line per section it does not
 * ignore (up to `stopAt`, the section whose check fails), the programs it
 * finds, the license, the extern scan and the programs in sections it does
 * not recognise. Each line starts "libbpf: ".
 */
export function libbpfOpenTrace(elf: ElfObject, path: string, stopAt = Number.POSITIVE_INFINITY): string {
  const lines = [`loading object from ${path}`];
  for (const sec of elf.sections) {
    if (sec.index === 0 || sec.index > stopAt) continue;
    if (sec.type === SHT.STRTAB || sec.type === 0x6fff4c03 /* SHT_LLVM_ADDRSIG */) continue;
    if (sec.type === SHT.PROGBITS && sec.size === 0 && sec.name === ".text") continue;
    if (/^(\.rel)?\.debug_/.test(sec.name) || sec.name === ".rel.BTF" || sec.name === ".rel.BTF.ext") continue;
    lines.push(`elf: section(${sec.index}) ${sec.name}, size ${sec.data.length}, link ${sec.link}, flags ${sec.flags.toString(16)}, type=${sec.type}`);
    if (sec.name === "license") {
      const end = sec.data.indexOf(0);
      lines.push(`license of ${path} is ${new TextDecoder().decode((end < 0 ? sec.data : sec.data.subarray(0, end)).subarray(0, 127))}`);
    } else if (sec.name === "version" && sec.data.length === 4) {
      lines.push(`kernel version of ${path} is ${new DataView(sec.data.buffer, sec.data.byteOffset, 4).getUint32(0, true).toString(16)}`);
    } else if (sec.type === SHT.PROGBITS && sec.size > 0 && sec.flags & SHF.EXECINSTR && sec.name !== ".text") {
      for (const s of elf.symbols.filter((x) => x.shndx === sec.index && x.type === STT.FUNC)) {
        if (s.bind === STB_LOCAL) break;
        lines.push(`sec '${sec.name}': found program '${s.name}' at insn offset ${s.value / 8} (${s.value} bytes), code size ${s.size / 8} insns (${s.size} bytes)`);
      }
    } else if (sec.type === SHT.PROGBITS && sec.size > 0 && !(sec.flags & SHF.EXECINSTR) && ![".data", ".rodata", ".struct_ops", ".maps", ".BTF", ".BTF.ext", "maps"].includes(sec.name) && !/^\.(data|rodata)\./.test(sec.name)) {
      lines.push(`elf: skipping unrecognized data section(${sec.index}) ${sec.name}`);
    } else if (sec.type === SHT.REL && !(elf.sections[sec.info]!.flags & SHF.EXECINSTR) && sec.name !== ".rel.struct_ops" && sec.name !== ".rel.maps") {
      lines.push(`elf: skipping relo section(${sec.index}) ${sec.name} for section(${sec.info}) ${elf.sections[sec.info]?.name ?? "<?>"}`);
    }
  }
  if (stopAt === Number.POSITIVE_INFINITY) {
    const symtab = elf.sections.find((s) => s.type === SHT.SYMTAB);
    if (symtab !== undefined) lines.push(`looking for externs among ${symtab.data.length / 24} symbols...`, "collected 0 externs total");
    for (const p of bpfElfPrograms(elf)) if (!knownSection(p.section)) lines.push(`prog '${p.name}': unrecognized ELF section name '${p.section}'`);
  }
  return lines.map((l) => `libbpf: ${l}\n`).join("");
}

/** libbpf's "skipped loading" lines for the programs other than `chosen` (all of them, or those before it). */
export function libbpfSkipped(elf: ElfObject, chosen: BpfElfProgram, onlyBefore: boolean): string {
  let out = "";
  for (const p of bpfElfPrograms(elf)) {
    if (p.name === chosen.name && p.section === chosen.section) { if (onlyBefore) break; continue; }
    out += `libbpf: prog '${p.name}': skipped loading\n`;
  }
  return out;
}
