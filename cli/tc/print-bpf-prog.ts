/**
 * The BPF program parts tc prints for cls_bpf and act_bpf alike
 * (lib/bpf_legacy.c bpf_print_ops, bpf_dump_prog_info).
 */
import type { Printer } from "../../lib/format/printer.ts";
import type { TcShowCtx } from "./print-common.ts";

/** bpf_print_ops: "bytecode 'N,c t f k,...'" (json: bytecode { length, insns }); nothing for no instructions. */
export function printBpfOps(p: Printer, ops: ReadonlyArray<{ code: number; jt: number; jf: number; k: number }>): void {
  if (!ops.length) return;
  p.obj("bytecode");
  p.num("length", "bytecode '%s,", ops.length);
  p.arr("insns");
  ops.forEach((op, i) => {
    p.obj();
    p.num("code", "%s ", op.code);
    p.num("jt", "%s ", op.jt);
    p.num("jf", "%s ", op.jf);
    p.num("k", i === ops.length - 1 ? "%s'" : "%s,", op.k);
    p.endObj();
  });
  p.endArr();
  p.endObj();
}

/** bpf_dump_prog_info: "id N " and, when the kernel describes the program, its name, tag, jited; true then. */
export function printBpfProgInfo(p: Printer, id: number, c: TcShowCtx): boolean {
  let dumped = false;
  p.obj("prog");
  p.num("id", "id %s ", id);
  const info = c.progInfo?.(id);
  if (info) {
    p.str("name", "name %s ", info.name);
    p.str("tag", "tag %s ", info.tag);
    if (p.json) p.num("jited", null, info.jited ? 1 : 0);
    else if (info.jited) p.text("jited ");
    if (c.details) {
      if (info.loadTime) { p.num("load_time", "load_time %s ", info.loadTime); p.num("created_by_uid", "created_by_uid %s ", info.createdByUid); }
      if (info.btfId) p.num("btf_id", "btf_id %s ", info.btfId);
    }
    dumped = true;
  }
  p.endObj();
  return dumped;
}
