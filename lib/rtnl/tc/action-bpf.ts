/**
 * act_bpf (tc 6.1 m_bpf.c): classic BPF bytecode (TCA_ACT_BPF_OPS_LEN +
 * OPS, struct sock_filter[] in host order) or an eBPF program by fd
 * (TCA_ACT_BPF_FD + NAME), then TCA_ACT_BPF_PARMS; the verdict defaults to
 * pipe as tc's parse_action_control_dflt(TC_ACT_PIPE). Read back: the
 * bytecode, the program's name, tag and id.
 */
import { fromHex, toHex } from "../../../codecs/core/hex.ts";
import type { ActOptionsMap } from "../../../codecs/tc/act-kinds.ts";
import { int } from "./check.ts";

/** One classic BPF instruction (struct sock_filter). */
export interface ActBpfInsn { code: number; jt: number; jf: number; k: number }

/** The program of a bpf action: one of bytecode or fd; name, tag and id as the kernel reports them. */
export interface ActBpfProgram {
  /** Classic BPF (tc's `bytecode 'N,c t f k,...'`), 1..4096 instructions. */
  bytecode?: ActBpfInsn[];
  /** A loaded eBPF program's fd (tc's `object-pinned PATH` opens the pin into one). */
  fd?: number;
  /** TCA_ACT_BPF_NAME (tc sends "BASENAME:[*fsobj]" for a pinned program). */
  name?: string;
  /** Read-only: the program tag, hex. */
  tag?: string;
  /** Read-only: the kernel's program id. */
  id?: number;
}

/** TCA_OPTIONS of a bpf action (attribute order as tc sends them). */
export function actBpfToWire(a: ActBpfProgram, p: string, action: number, index: number): unknown {
  const out: Record<string, unknown> = {};
  if ((a.bytecode === undefined) === (a.fd === undefined)) throw new TypeError(`${p}: give one of bytecode or fd`);
  if (a.bytecode !== undefined) {
    if (!Array.isArray(a.bytecode) || a.bytecode.length === 0 || a.bytecode.length > 4096) throw new TypeError(`${p}.bytecode: expected 1..4096 instructions`);
    const b = new Uint8Array(8 * a.bytecode.length), dv = new DataView(b.buffer);
    a.bytecode.forEach((op, i) => {
      const f = `${p}.bytecode[${i}]`;
      dv.setUint16(8 * i, int(op?.code, 0, 0xffff, `${f}.code`), true);
      b[8 * i + 2] = int(op.jt, 0, 0xff, `${f}.jt`);
      b[8 * i + 3] = int(op.jf, 0, 0xff, `${f}.jf`);
      dv.setUint32(8 * i + 4, int(op.k, 0, 0xffffffff, `${f}.k`), true);
    });
    out.opsLen = a.bytecode.length;
    out.ops = toHex(b);
  } else {
    out.fd = int(a.fd, 0, 0x7fffffff, `${p}.fd`);
    if (a.name !== undefined && typeof a.name !== "string") throw new TypeError(`${p}.name: expected a string`);
    out.name = a.name ?? "";
  }
  out.parms = { index, capab: 0, action, refcnt: 0, bindcnt: 0 };
  return out;
}

/** The program fields of a decoded bpf action. */
export function actBpfFromWire(o: ActOptionsMap["bpf"]): ActBpfProgram {
  const s: ActBpfProgram = {};
  if (o.ops !== undefined) {
    const b = fromHex(o.ops), dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const n = Math.min(o.opsLen ?? b.length >> 3, b.length >> 3);
    s.bytecode = Array.from({ length: n }, (_, i) => ({ code: dv.getUint16(8 * i, true), jt: b[8 * i + 2]!, jf: b[8 * i + 3]!, k: dv.getUint32(8 * i + 4, true) }));
  }
  if (o.name !== undefined) s.name = o.name;
  if (o.tag !== undefined) s.tag = o.tag;
  if (o.id !== undefined) s.id = o.id;
  return s;
}
