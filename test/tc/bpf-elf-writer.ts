/**
 * A minimal writer of ELF64 eBPF relocatable objects for tests (what `llc
 * -march=bpf -filetype=obj` writes for a few functions in named sections,
 * without debug info): sections, one FUNC symbol per program, a license.
 * tc 6.1 (libbpf) and bun-netlink-tc then read the same bytes; nothing of
 * lib/bpf is used to write them.
 */

/** One program: its section, function name and instructions (8 bytes each). */
export interface TestProgram { section: string; name: string; insns: number[][]; local?: boolean }

/** Extra raw sections (e.g. a legacy "maps" section). */
export interface TestSection { name: string; data: Uint8Array; type?: number; flags?: number; /** A global OBJECT symbol over the whole section (a map definition). */ symbol?: string }

/** The bytes of an ELF object holding `programs` (grouped by section), `license` and `extra`. */
export function bpfElf(o: { programs: TestProgram[]; license?: string; extra?: TestSection[]; eType?: number }): Uint8Array {
  const strs: number[] = [0];
  const str = (s: string) => { const off = strs.length; strs.push(...new TextEncoder().encode(s), 0); return off; };
  type Sec = { name: number; type: number; flags: number; data: Uint8Array; link?: number; info?: number; entsize?: number; align: number };
  const secs: Sec[] = [{ name: 0, type: 0, flags: 0, data: new Uint8Array(0), align: 0 }];
  const strtabIdx = secs.push({ name: str(".strtab"), type: 3, flags: 0, data: new Uint8Array(0), align: 1 }) - 1;
  const syms: Array<{ name: number; info: number; shndx: number; value: number; size: number }> = [];
  const bySection = new Map<string, TestProgram[]>();
  for (const p of o.programs) bySection.set(p.section, [...(bySection.get(p.section) ?? []), p]);
  for (const [name, progs] of bySection) {
    const idx = secs.length;
    const code: number[] = [];
    for (const p of progs) {
      syms.push({ name: str(p.name), info: ((p.local ? 0 : 1) << 4) | 2, shndx: idx, value: code.length, size: p.insns.length * 8 });
      for (const insn of p.insns) code.push(...insn);
    }
    secs.push({ name: str(name), type: 1, flags: 6, data: Uint8Array.from(code), align: 8 });
  }
  if (o.license !== undefined) secs.push({ name: str("license"), type: 1, flags: 3, data: new TextEncoder().encode(`${o.license}\0`), align: 1 });
  for (const x of o.extra ?? []) {
    const idx = secs.push({ name: str(x.name), type: x.type ?? 1, flags: x.flags ?? 3, data: x.data, align: 4 }) - 1;
    if (x.symbol !== undefined) syms.push({ name: str(x.symbol), info: (1 << 4) | 1, shndx: idx, value: 0, size: x.data.length });
  }
  syms.sort((a, b) => (a.info >> 4) - (b.info >> 4));
  const firstGlobal = 1 + syms.findIndex((s) => s.info >> 4 !== 0);
  const symtab = new Uint8Array(24 * (syms.length + 1));
  const sv = new DataView(symtab.buffer);
  syms.forEach((s, i) => {
    const o2 = 24 * (i + 1);
    sv.setUint32(o2, s.name, true);
    symtab[o2 + 4] = s.info;
    sv.setUint16(o2 + 6, s.shndx, true);
    sv.setBigUint64(o2 + 8, BigInt(s.value), true);
    sv.setBigUint64(o2 + 16, BigInt(s.size), true);
  });
  secs.push({ name: str(".symtab"), type: 2, flags: 0, data: symtab, link: strtabIdx, info: firstGlobal > 0 ? firstGlobal : syms.length + 1, entsize: 24, align: 8 });
  secs[strtabIdx]!.data = Uint8Array.from(strs);
  const offs: number[] = [];
  let off = 64;
  for (const s of secs) {
    if (s.align > 1) off = (off + s.align - 1) & ~(s.align - 1);
    offs.push(off);
    off += s.data.length;
  }
  const shoff = (off + 7) & ~7;
  const out = new Uint8Array(shoff + 64 * secs.length);
  const dv = new DataView(out.buffer);
  out.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);
  dv.setUint16(16, o.eType ?? 1, true);
  dv.setUint16(18, 247, true);
  dv.setUint32(20, 1, true);
  dv.setBigUint64(40, BigInt(shoff), true);
  dv.setUint16(52, 64, true);
  dv.setUint16(58, 64, true);
  dv.setUint16(60, secs.length, true);
  dv.setUint16(62, strtabIdx, true);
  secs.forEach((s, i) => {
    out.set(s.data, offs[i]!);
    const h = shoff + 64 * i;
    dv.setUint32(h, s.name, true);
    dv.setUint32(h + 4, s.type, true);
    dv.setBigUint64(h + 8, BigInt(s.flags), true);
    dv.setBigUint64(h + 24, BigInt(i === 0 ? 0 : offs[i]!), true);
    dv.setBigUint64(h + 32, BigInt(s.data.length), true);
    dv.setUint32(h + 40, s.link ?? 0, true);
    dv.setUint32(h + 44, s.info ?? 0, true);
    dv.setBigUint64(h + 48, BigInt(s.align), true);
    dv.setBigUint64(h + 56, BigInt(s.entsize ?? 0), true);
  });
  return out;
}

/** r0 = imm; exit. */
export function retProg(imm: number): number[][] {
  const i = new Uint8Array(4);
  new DataView(i.buffer).setInt32(0, imm, true);
  return [[0xb7, 0, 0, 0, ...i], [0x95, 0, 0, 0, 0, 0, 0, 0]];
}
