/**
 * lib/bpf's pure part on objects from the test writer (test/tc/bpf-elf-writer.ts;
 * tc 6.1 loads the same bytes in test/tc/bpf-object.test.ts): sections,
 * symbols, libbpf's program order and choice, license, the 15-byte name,
 * kern_version from the release, tc's and libbpf's refusals; and every
 * truncation and many byte flips of an object give ElfFormatError or
 * BpfObjectError (never another exception).
 */
import { describe, expect, it } from "vitest";
import { ElfFormatError, SHT, parseElf } from "../../lib/bpf/elf.ts";
import { BpfObjectError, bpfElfPrograms, kernelVersionCode, planBpfLoad } from "../../lib/bpf/program.ts";
import { bpfElf, retProg } from "../tc/bpf-elf-writer.ts";

const OBJ = bpfElf({ license: "Dual BSD/GPL", programs: [
  { section: "classifier", name: "first", insns: retProg(1) },
  { section: "classifier", name: "second", insns: retProg(2) },
  { section: "action", name: "a_long_function_name_xyz", insns: retProg(3) },
  { section: "3/4", name: "tail", insns: retProg(4) },
] });

describe("lib/bpf ELF reading and program choice", () => {
  it("reads sections and symbols", () => {
    const elf = parseElf(OBJ);
    expect(elf.machine).toBe(247);
    expect(elf.sections.map((s) => s.name)).toEqual(["", ".strtab", "classifier", "action", "3/4", "license", ".symtab"]);
    expect(elf.sections.find((s) => s.name === ".symtab")!.type).toBe(SHT.SYMTAB);
    expect(elf.symbols.filter((s) => s.type === 2).map((s) => [s.name, s.value, s.size])).toEqual([["first", 0, 16], ["second", 16, 16], ["a_long_function_name_xyz", 0, 16], ["tail", 0, 16]]);
  });

  it("lists programs in libbpf's order and picks by section or by name", () => {
    const elf = parseElf(OBJ);
    expect(bpfElfPrograms(elf).map((p) => `${p.section}:${p.name}`)).toEqual(["classifier:first", "classifier:second", "action:a_long_function_name_xyz", "3/4:tail"]);
    const p = planBpfLoad(elf, "x.o", "classifier", undefined, "6.18.44-foo");
    expect([p.program.name, p.license, p.kernVersion, p.warnings]).toEqual(["first", "Dual BSD/GPL", (6 << 16) + (18 << 8) + 44, "unable to find map id 3 for tail call\n"]);
    expect(Array.from(p.program.insns)).toEqual(retProg(1).flat());
    expect(planBpfLoad(elf, "x.o", "classifier", "second", "").program.name).toBe("second");
    expect(planBpfLoad(elf, "x.o", "classifier", "a_long_function_name_xyz", "").progName).toBe("a_long_function");
    expect(() => planBpfLoad(elf, "x.o", "nope", undefined, "")).toThrow("object file doesn't contain sec nope\n");
    expect(() => planBpfLoad(elf, "x.o", "classifier", "nope", "")).toThrow("object file doesn't contain prog nope\n");
    expect(kernelVersionCode("5.4.300")).toBe((5 << 16) + (4 << 8) + 255);
  });

  it("refuses what tc 6.1 with libbpf 1.x refuses, with its text", () => {
    expect(() => parseElf(new TextEncoder().encode("not elf at all, long enough to have a header of sixty-four bytes"))).toThrow(ElfFormatError);
    expect(() => parseElf(bpfElf({ eType: 2, programs: [{ section: "classifier", name: "c", insns: retProg(0) }] }))).toThrow("ELF format error, ELF file not for eBPF?\n");
    const legacy = parseElf(bpfElf({ programs: [{ section: "classifier", name: "c", insns: retProg(0) }], extra: [{ name: "maps", data: new Uint8Array(36), symbol: "m" }] }));
    expect(() => planBpfLoad(legacy, "l.o", "classifier", undefined, "")).toThrow("libbpf: elf: legacy map definitions in 'maps' section are not supported by libbpf v1.0+\nERROR: opening BPF object file failed\n");
    const stat = parseElf(bpfElf({ programs: [{ section: "classifier", name: "s", insns: retProg(0), local: true }] }));
    expect(() => planBpfLoad(stat, "s.o", "classifier", undefined, "")).toThrow("libbpf: sec 'classifier': program 's' is static and not supported\n");
    const btf = parseElf(bpfElf({ programs: [{ section: "classifier", name: "c", insns: retProg(0) }], extra: [{ name: ".maps", data: new Uint8Array(8) }] }));
    const e = (() => { try { planBpfLoad(btf, "b.o", "classifier", undefined, ""); } catch (x) { return x; } })();
    expect(e).toBeInstanceOf(BpfObjectError);
    expect((e as BpfObjectError).unsupported).toBe(true);
  });

  it("truncated and corrupted objects fail with ElfFormatError or BpfObjectError only", () => {
    const check = (b: Uint8Array) => {
      try {
        planBpfLoad(parseElf(b), "f.o", "classifier", undefined, "");
      } catch (x) {
        if (!(x instanceof ElfFormatError || x instanceof BpfObjectError)) throw x;
      }
    };
    for (let n = 0; n < OBJ.length; n++) check(OBJ.subarray(0, n));
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8);
    for (let k = 0; k < 3000; k++) {
      const b = Uint8Array.from(OBJ);
      for (let f = 0; f < 3; f++) b[rnd() % b.length] = rnd() & 0xff;
      check(b);
    }
  });
});
