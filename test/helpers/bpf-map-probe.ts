/**
 * Probe (test/helpers/kernel-probes.ts "bpf:prog_array"): create a
 * 1-slot program array with bpf(2) BPF_MAP_CREATE and close it. Exit 0
 * when the kernel makes one, else 1 with the refusal on stderr.
 */
import { BPF_MAP_TYPE, bpfClose, bpfMapCreate } from "../../lib/sys/bpf.ts";

try {
  bpfClose(bpfMapCreate(BPF_MAP_TYPE.PROG_ARRAY, 4, 4, 1));
} catch (e) {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}
