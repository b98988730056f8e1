/**
 * The agent side for exec-cli.test.ts's `exec bpf import`: creates two array
 * maps and sends their fds to the unix socket argv[2] as tc's `export`
 * would (lib/sys/bpf-uds.ts), with map ids 7 and 9 in their bpf_elf_map
 * definitions. The receiver under test is tc or bun-netlink-tc.
 */
import { BPF_MAP_TYPE, bpfMapCreate } from "../../lib/sys/bpf.ts";
import { bpfSendMapFds } from "../../lib/sys/bpf-uds.ts";

const path = process.argv[2]!;
const def = (id: number) => Uint8Array.from(new Uint8Array(Uint32Array.of(BPF_MAP_TYPE.ARRAY, 4, 8, 2, 0, id, 0, 0, 0).buffer));
const fds = [bpfMapCreate(BPF_MAP_TYPE.ARRAY, 4, 8, 2), bpfMapCreate(BPF_MAP_TYPE.ARRAY, 4, 8, 2)];
bpfSendMapFds(path, fds, [def(7), def(9)], "agent.o");
