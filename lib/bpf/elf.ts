/**
 * A small reader of ELF64 relocatable objects as `llc -march=bpf` / clang
 * -target bpf write them (what tc's `obj FILE` loads): the header, the
 * section headers with their names and bytes, the symbol table and SHT_REL
 * relocations. Pure code: bytes in, plain objects out; refusals are
 * ElfFormatError with the text tc 6.1 prints (lib/bpf_legacy.c
 * bpf_elf_check_ehdr) when it has one.
 *
 * Elf64_Ehdr (64 bytes; e_ident[16] first):
 *   0 magic 7f 'E' 'L' 'F' | 4 class (2 = 64) | 5 data (1 LSB, 2 MSB) | 6 version | ...
 *   16 e_type u16 | 18 e_machine u16 | 20 e_version u32 | 24 e_entry u64 | 32 e_phoff u64
 *   40 e_shoff u64 | 48 e_flags u32 | 52 e_ehsize u16 | 54 e_phentsize u16 | 56 e_phnum u16
 *   58 e_shentsize u16 | 60 e_shnum u16 | 62 e_shstrndx u16
 * Elf64_Shdr (64 bytes):
 *   0 sh_name u32 | 4 sh_type u32 | 8 sh_flags u64 | 16 sh_addr u64 | 24 sh_offset u64
 *   32 sh_size u64 | 40 sh_link u32 | 44 sh_info u32 | 48 sh_addralign u64 | 56 sh_entsize u64
 * Elf64_Sym (24 bytes):
 *   0 st_name u32 | 4 st_info u8 (bind << 4 | type) | 5 st_other u8 | 6 st_shndx u16 | 8 st_value u64 | 16 st_size u64
 * Elf64_Rel (16 bytes):
 *   0 r_offset u64 | 8 r_info u64 (sym << 32 | type)
 */

/** Section types used here (elf.h SHT_*). */
export const SHT = { NULL: 0, PROGBITS: 1, SYMTAB: 2, STRTAB: 3, REL: 9, NOBITS: 8 } as const;
/** Section flags used here (elf.h SHF_*). */
export const SHF = { WRITE: 1, ALLOC: 2, EXECINSTR: 4 } as const;
/** Symbol types used here (elf.h STT_*). */
export const STT = { NOTYPE: 0, OBJECT: 1, FUNC: 2, SECTION: 3 } as const;
/** e_machine of eBPF objects (elf.h EM_BPF). */
export const EM_BPF = 247;
/** R_BPF_64_64: a 64-bit immediate (ld_imm64) that names a symbol, i.e. a map load. */
export const R_BPF_64_64 = 1;

/** An ELF file that is not an eBPF object this reader takes; `message` is the text tc prints, when it prints one. */
export class ElfFormatError extends Error {
  override name = "ElfFormatError";
}

/** One section: its header fields and its bytes (empty for SHT_NOBITS). */
export interface ElfSection {
  index: number;
  name: string;
  type: number;
  flags: number;
  size: number;
  link: number;
  info: number;
  entsize: number;
  data: Uint8Array;
}

/** One symbol of .symtab. */
export interface ElfSymbol {
  name: string;
  value: number;
  size: number;
  type: number;
  bind: number;
  shndx: number;
}

/** One relocation of an SHT_REL section. */
export interface ElfRel {
  offset: number;
  sym: number;
  type: number;
}

/** A parsed object file. */
export interface ElfObject {
  machine: number;
  sections: ElfSection[];
  symbols: ElfSymbol[];
}

const MAGIC = [0x7f, 0x45, 0x4c, 0x46];
const ET_REL = 1;
const EV_CURRENT = 1;

function cstr(b: Uint8Array, off: number): string {
  if (off >= b.length) return "";
  let end = b.indexOf(0, off);
  if (end < 0) end = b.length;
  return new TextDecoder().decode(b.subarray(off, end));
}

/**
 * Parse `bytes` as an ELF64 relocatable object for eBPF (e_machine EM_BPF or
 * EM_NONE, host byte order). Throws ElfFormatError: a file that is not ELF
 * at all has an empty message (tc prints nothing of its own for it).
 */
export function parseElf(bytes: Uint8Array): ElfObject {
  if (bytes.length < 64 || MAGIC.some((m, i) => bytes[i] !== m)) throw new ElfFormatError("");
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[4] !== 2) throw new ElfFormatError("");
  const data = bytes[5];
  const le = data === 1;
  const type = dv.getUint16(16, le), machine = dv.getUint16(18, le), version = dv.getUint32(20, le);
  if (type !== ET_REL || (machine !== 0 && machine !== EM_BPF) || version !== EV_CURRENT) throw new ElfFormatError("ELF format error, ELF file not for eBPF?\n");
  if (data !== 1 && data !== 2) throw new ElfFormatError("ELF format error, wrong endianness info?\n");
  if (!le) throw new ElfFormatError("We are little endian, eBPF object is big endian!\n");
  const shoff = Number(dv.getBigUint64(40, true));
  const shentsize = dv.getUint16(58, true), shnum = dv.getUint16(60, true), shstrndx = dv.getUint16(62, true);
  if (shentsize < 64 || shoff + shnum * shentsize > bytes.length) throw new ElfFormatError("");
  const raw = Array.from({ length: shnum }, (_, i) => {
    const o = shoff + i * shentsize;
    const off = Number(dv.getBigUint64(o + 24, true)), size = Number(dv.getBigUint64(o + 32, true));
    const stype = dv.getUint32(o + 4, true);
    if (stype !== SHT.NOBITS && stype !== SHT.NULL && off + size > bytes.length) throw new ElfFormatError("");
    return {
      nameOff: dv.getUint32(o, true), type: stype, flags: Number(dv.getBigUint64(o + 8, true)), off, size,
      link: dv.getUint32(o + 40, true), info: dv.getUint32(o + 44, true), entsize: Number(dv.getBigUint64(o + 56, true)),
    };
  });
  const strs = raw[shstrndx];
  const shstr = strs === undefined ? new Uint8Array(0) : bytes.subarray(strs.off, strs.off + strs.size);
  const sections: ElfSection[] = raw.map((s, index) => ({
    index, name: cstr(shstr, s.nameOff), type: s.type, flags: s.flags, size: s.size, link: s.link, info: s.info, entsize: s.entsize,
    data: s.type === SHT.NOBITS ? new Uint8Array(0) : bytes.subarray(s.off, s.off + s.size),
  }));
  const symtab = sections.find((s) => s.type === SHT.SYMTAB);
  const symbols: ElfSymbol[] = [];
  if (symtab !== undefined) {
    const names = sections[symtab.link]?.data ?? new Uint8Array(0);
    const sv = new DataView(symtab.data.buffer, symtab.data.byteOffset, symtab.data.byteLength);
    for (let o = 0; o + 24 <= symtab.data.length; o += 24) {
      const info = sv.getUint8(o + 4);
      symbols.push({
        name: cstr(names, sv.getUint32(o, true)), type: info & 0xf, bind: info >> 4, shndx: sv.getUint16(o + 6, true),
        value: Number(sv.getBigUint64(o + 8, true)), size: Number(sv.getBigUint64(o + 16, true)),
      });
    }
  }
  return { machine, sections, symbols };
}

/** The relocations of an SHT_REL section. */
export function elfRels(sec: ElfSection): ElfRel[] {
  const dv = new DataView(sec.data.buffer, sec.data.byteOffset, sec.data.byteLength);
  const out: ElfRel[] = [];
  for (let o = 0; o + 16 <= sec.data.length; o += 16) {
    const info = dv.getBigUint64(o + 8, true);
    out.push({ offset: Number(dv.getBigUint64(o, true)), sym: Number(info >> 32n), type: Number(info & 0xffffffffn) });
  }
  return out;
}
