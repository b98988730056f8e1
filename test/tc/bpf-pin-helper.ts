/**
 * Run inside a private mount namespace with a bpffs at argv[2] (see
 * bpf-pinned.test.ts): loads a two-instruction sched_cls program
 * (r0 = -1 (TC_ACT_UNSPEC); exit) with bpf(2) BPF_PROG_LOAD, pins it at
 * DIR/prog and DIR/tc/mprog (what `m:mprog` names), then runs each command line of argv[4] (JSON: [tc args...][])
 * through tc in namespace argv[3]'s "a" twin and bun-netlink-tc in its "b"
 * twin, printing [{ theirs, ours }] as JSON.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { BPF_PROG_TYPE, bpfObjPin, bpfProgLoad } from "../../lib/sys/bpf.ts";

const [dir, nsA, nsB, cmdsJson] = process.argv.slice(2) as [string, string, string, string];
const insns = Uint8Array.from([0xb7, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x95, 0, 0, 0, 0, 0, 0, 0]);
const fd = bpfProgLoad(BPF_PROG_TYPE.SCHED_CLS, insns, "GPL", "tca_pin");
bpfObjPin(fd, `${dir}/prog`);
// tc's work dir for `m:NAME` is DIR/tc/ (bpf_get_work_dir finds this bpffs in /proc/mounts)
mkdirSync(`${dir}/tc`, { mode: 0o700 });
bpfObjPin(fd, `${dir}/tc/mprog`);
const tcBin = new URL("../../cli/bun-netlink-tc", import.meta.url).pathname;
const run = (cmd: string, args: string[]) => {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
};
const cmds = JSON.parse(cmdsJson) as string[][];
const res = cmds.map((c) => {
  const args = c.map((w) => w.replaceAll("@DIR@", dir));
  return { cmd: args.join(" "), theirs: run("tc", ["-n", nsA, ...args]), ours: run(process.execPath, [tcBin, "-n", nsB, ...args]) };
});
process.stdout.write(JSON.stringify(res));
