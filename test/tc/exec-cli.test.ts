/**
 * `bun-netlink-tc exec` against tc 6.1: usage texts, errors and exit
 * statuses of `tc exec` and `tc exec bpf` byte for byte; and `exec bpf graft`
 * of a pinned sched_cls program into a pinned program array (and its
 * refusals: missing pins, a map that is not a program array, no key to
 * infer, a key past the array) in a bpffs mounted in a private mount
 * namespace: the same output and the same map slots filled.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, rmdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { memoryIo } from "../../cli/io.ts";
import { tcMain } from "../../cli/tc/main.ts";
import { kernelLacks } from "../helpers/kernel-caps.ts";
import { describeKernel } from "../helpers/netns.ts";
import { bpfElf, retProg } from "./bpf-elf-writer.ts";

const TEXT = [
  "exec", "exec help", "exec foo", "exec foo bar", "ex bpf", "exec bpf help", "exec bpf bogus", "exec bpf import", "exec bpf import /tmp/x run",
  "exec bpf run ls", "exec bpf graft", "exec bpf graft /tmp/m", "exec bpf graft /tmp/m key 1", "exec bpf graft /tmp/m key x obj",
  "exec bpf graft /tmp/m key 0x10000000000 obj", "exec bpf graft /tmp/m key 3 frob /tmp/p", "exec bpf graft /nonexist/m key 3 pinned /nonexist/p",
  "exec bpf graft /tmp/m key 3 object-pinned", "exec bpf graft /tmp/m key 3 object-pinned /nonexist/p type zzz",
  "exec bpf import /nonexist/dir/sock", "exec bpf import /nonexist/dir/sock run true",
];

const GRAFT = [
  "exec bpf graft @JMP@ key 1 object-pinned @DIR@/prog",
  "exec bpf graft @JMP@ key 0x2 pinned @DIR@/prog",
  "exec bpf graft @JMP@ key 3 fd @DIR@/prog type cls section x verbose",
  "exec bpf graft @JMP@ object-pinned @DIR@/prog section 1/2",
  "exec bpf graft @JMP@ object-pinned @DIR@/prog",
  "exec bpf graft @JMP@ key 9 object-pinned @DIR@/prog",
  "exec bpf graft @DIR@/arr key 1 object-pinned @DIR@/prog",
  "exec bpf graft @DIR@/none key 1 object-pinned @DIR@/prog",
  "exec bpf graft @JMP@ key 1 object-pinned @DIR@/none",
  "exec bpf graft @JMP@ key 1 object-pinned @DIR@/prog type act",
  "exec bpf graft @JMP@ key 1 obj @OBJ@/ok.o",
  "exec bpf graft @JMP@ object-file @OBJ@/ok.o section 0/2",
  "exec bpf graft @JMP@ key 3 obj @OBJ@/ok.o type act",
  "exec bpf graft @JMP@ key 3 obj @OBJ@/ok.o program cls_b",
  "exec bpf graft @JMP@ key 1 obj @OBJ@/missing.o",
  "exec bpf graft @JMP@ key 1 obj @OBJ@/ok.o sec nope",
  "exec bpf graft @JMP@ obj @OBJ@/ok.o",
];

describeKernel("tc exec: bun-netlink-tc does what tc does", () => {
  it("usage texts and errors", async () => {
    for (const c of TEXT) {
      const t = spawnSync("tc", c.split(" "), { encoding: "utf8", timeout: 5000 });
      const io = memoryIo("");
      const code = await tcMain(c.split(" "), io);
      expect({ code, out: io.stdout, err: io.stderr }, c).toEqual({ code: t.status, out: t.stdout, err: t.stderr });
    }
  });

  it.skipIf(kernelLacks("bpf:prog_array") || (process.env.CI !== "true" && spawnSync("unshare", ["-m", "--propagation", "private", "true"]).status !== 0))("graft a pinned program into a pinned program array", () => {
    const dir = mkdtempSync(join(tmpdir(), "tca-bpffs-"));
    const obj = mkdtempSync(join(tmpdir(), "tcbpf-obj-"));
    writeFileSync(join(obj, "ok.o"), bpfElf({ license: "GPL", programs: [
      { section: "classifier", name: "cls_a", insns: retProg(-1) }, { section: "classifier", name: "cls_b", insns: retProg(1) },
      { section: "action", name: "act_a", insns: retProg(0) }, { section: "0/2", name: "tail", insns: retProg(0) },
    ] }));
    try {
      const helper = new URL("./bpf-graft-helper.ts", import.meta.url).pathname;
      const r = spawnSync("unshare", ["-m", "--propagation", "private", "sh", "-c", 'mount -t bpf bpf "$0" && exec "$1" "$2" "$0" "$3"', dir, process.execPath, helper, JSON.stringify(GRAFT.map((c) => c.replaceAll("@OBJ@", obj).split(" ")))], { encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      const res = JSON.parse(r.stdout) as Array<{ cmd: string; theirs: { slots: boolean[] }; ours: unknown }>;
      for (const x of res) expect(JSON.parse(JSON.stringify(x.ours).replaceAll(dir, "DIR")), x.cmd).toEqual(JSON.parse(JSON.stringify(x.theirs).replaceAll(dir, "DIR")));
      expect(res[0]!.theirs.slots).toEqual([false, true, false, false]);
      expect(res[3]!.theirs.slots).toEqual([false, false, true, false]);
      expect(res[10]!.theirs.slots).toEqual([false, true, false, false]);
      expect(res[11]!.theirs.slots).toEqual([false, false, true, false]);
    } finally {
      rmdirSync(dir);
      rmSync(obj, { recursive: true });
    }
  }, 60_000);

  const unshareOk = () => process.env.CI === "true" || spawnSync("unshare", ["-m", "--propagation", "private", "true"]).status === 0;
  it.skipIf(!unshareOk())("exec bpf debug: no tracefs, and a tracefs whose trace_pipe is copied until killed", () => {
    const tcBin = new URL("../../cli/bun-netlink-tc", import.meta.url).pathname;
    const both = (script: string, arg: string) => [["tc"], [process.execPath, tcBin]].map((cmd) => {
      const r = spawnSync("unshare", ["-m", "--propagation", "private", "sh", "-c", script, arg, ...cmd, "exec", "bpf", "debug"], { encoding: "utf8", timeout: 20_000 });
      return { code: r.status, out: r.stdout, err: r.stderr };
    });
    // every tracefs unmounted in a private mount namespace: tc finds none
    const none = both('grep -w tracefs /proc/mounts | cut -d" " -f2 | sort -r | while read m; do umount -l "$m"; done; exec "$@"', "");
    expect(none[1]).toEqual(none[0]);
    expect(none[0]!.err).toBe("tracefs not mounted?\nNo trace pipe, tracefs not mounted?\n");
    const dir = mkdtempSync(join(tmpdir(), "tcbpf-trace-"));
    try {
      // a tracefs (private mount): both print tc's banner and block on trace_pipe until SIGINT
      const running = both('mount -t tracefs nodev "$0" && exec timeout -s INT 2 "$@"', dir);
      for (const r of running) expect(r.err.startsWith("Running! Hang up with ^C!\n\n"), r.err).toBe(true);
      expect(running.map((r) => r.code)).toEqual([124, 124]);
    } finally {
      rmdirSync(dir);
    }
  }, 60_000);

  it("exec bpf import: the map fds an agent sends reach the command's environment", async () => {
    const tcBin = new URL("../../cli/bun-netlink-tc", import.meta.url).pathname;
    const sender = new URL("./bpf-uds-sender.ts", import.meta.url).pathname;
    const dir = mkdtempSync(join(tmpdir(), "tcbpf-uds-"));
    // each BPF_MAP<id>=<fd> must be an open bpf map fd in the command
    const script = 'echo "maps=$BPF_NUM_MAPS"; env | grep "^BPF_MAP[0-9]" | sort | while IFS== read k v; do echo "$k $(readlink /proc/self/fd/$v)"; done';
    const importRun = async (cmd: string[], sock: string) => {
      const child = spawn(cmd[0]!, [...cmd.slice(1), "exec", "bpf", "import", sock, "run", "sh", "-c", script], { stdio: ["ignore", "pipe", "pipe"] });
      let out = "", err = "";
      child.stdout.on("data", (d: Buffer) => (out += d.toString()));
      child.stderr.on("data", (d: Buffer) => (err += d.toString()));
      const done = new Promise<number | null>((res) => child.on("close", (c) => res(c)));
      for (let t = 0; t < 100 && !existsSync(sock); t++) await new Promise((r) => setTimeout(r, 50));
      const s = spawnSync(process.execPath, [sender, sock], { encoding: "utf8" });
      expect(s.status, s.stderr).toBe(0);
      const timer = setTimeout(() => child.kill(), 10_000);
      const code = await done;
      clearTimeout(timer);
      return { code, out, err, left: existsSync(sock) };
    };
    try {
      const theirs = await importRun(["tc"], join(dir, "a"));
      const ours = await importRun([process.execPath, tcBin], join(dir, "b"));
      expect(ours).toEqual(theirs);
      expect(theirs.out).toBe("maps=2\nBPF_MAP7 anon_inode:bpf-map\nBPF_MAP9 anon_inode:bpf-map\n");
    } finally {
      rmSync(dir, { recursive: true });
    }
  }, 60_000);
});
