/**
 * Run inside a private mount namespace with a bpffs at argv[2] (see
 * exec-cli.test.ts): loads a two-instruction sched_cls program and pins it
 * at DIR/prog, pins a program array (4 slots) at DIR/jmp and a plain array
 * at DIR/arr, then runs each `tc exec ...` line of argv[3] (JSON) through
 * tc and then bun-netlink-tc, reading slot 1..3 of DIR/jmp after each run
 * (the program's id where a graft put it, after clearing the slots between
 * runs by re-creating nothing: slots are compared run by run). Prints
 * [{ cmd, theirs, ours }] as JSON, each with code/out/err/slots.
 */
import { spawnSync } from "node:child_process";
import { BPF_MAP_TYPE, BPF_PROG_TYPE, bpfMapCreate, bpfMapLookup, bpfObjGet, bpfObjPin, bpfProgLoad } from "../../lib/sys/bpf.ts";

const [dir, cmdsJson] = process.argv.slice(2) as [string, string];
const insns = Uint8Array.from([0xb7, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x95, 0, 0, 0, 0, 0, 0, 0]);
bpfObjPin(bpfProgLoad(BPF_PROG_TYPE.SCHED_CLS, insns, "GPL", "tca_graft"), `${dir}/prog`);
bpfObjPin(bpfMapCreate(BPF_MAP_TYPE.ARRAY, 4, 8, 2), `${dir}/arr`);
const tcBin = new URL("../../cli/bun-netlink-tc", import.meta.url).pathname;
let n = 0;
const slots = (path: string) => {
  const fd = bpfObjGet(path);
  return [0, 1, 2, 3].map((k) => { const v = bpfMapLookup(fd, Uint32Array.of(k).buffer as never as Uint8Array, 4); return v ? new DataView(v.buffer).getUint32(0, true) > 0 : false; });
};
const run = (cmd: string, args: string[]) => {
  // a fresh program array for every run, so each run's slots are its own
  const jmp = `${dir}/jmp${n++}`;
  bpfObjPin(bpfMapCreate(BPF_MAP_TYPE.PROG_ARRAY, 4, 4, 4), jmp);
  const r = spawnSync(cmd, args.map((w) => w.replaceAll("@JMP@", jmp)), { encoding: "utf8" });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr.replaceAll(jmp, "@JMP@"), slots: slots(jmp) };
};
const res = (JSON.parse(cmdsJson) as string[][]).map((c) => {
  const args = c.map((w) => w.replaceAll("@DIR@", dir));
  return { cmd: c.join(" "), theirs: run("tc", args), ours: run(process.execPath, [tcBin, ...args]) };
});
process.stdout.write(JSON.stringify(res));
