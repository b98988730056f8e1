/**
 * Cold start of `-n NS link show`, in CPU time (user+sys, less sensitive to
 * the machine's load than wall time) and wall time, next to the runtime's
 * floor (an empty program compiled as dist/bun-netlink is, and `bun -e 0`)
 * and ip: RUNS interleaved rounds (one untimed first), medians and minima.
 * Uses dist/ as `npm run build` left it; a throwaway namespace holds the
 * command's only link (lo). With `route`, also `route show` of the compiled
 * program and ip on an empty table (the namespace above) and on a small one
 * (a second namespace: lo up, 8 routes on lo, main table).
 *
 *   sudo bun scripts/cold-start-cpu.ts [RUNS] [route]
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createNetns, deleteNetns } from "../lib/netns/manage.ts";

const RUNS = Number(process.argv[2] ?? 30);
const root = resolve(import.meta.dir, "..");
const tmp = mkdtempSync(join(tmpdir(), "bnl-coldstart-"));
const ns = `bnl-coldstart-${process.pid}`;
const ns2 = `bnl-coldstart2-${process.pid}`;
const withRoutes = process.argv[3] === "route";
const bun = process.execPath;

function median(a: number[]): number {
  const s = [...a].sort((x, y) => x - y);
  return s[s.length >> 1]!;
}

try {
  writeFileSync(join(tmp, "empty.ts"), "export {};\n");
  const empty = join(tmp, "empty-bun");
  const b = Bun.spawnSync([bun, "build", "--compile", "--bytecode", "--format=esm", "--minify", join(tmp, "empty.ts"), "--outfile", empty], { stdout: "ignore", stderr: "inherit" });
  if (b.exitCode !== 0) throw new Error("compiling the empty program failed");
  createNetns(ns);
  if (withRoutes) {
    createNetns(ns2);
    const ipn = (...a: string[]) => {
      const r = Bun.spawnSync(["ip", "-n", ns2, ...a], { stdout: "ignore", stderr: "inherit" });
      if (r.exitCode !== 0) throw new Error(`ip ${a.join(" ")} failed`);
    };
    ipn("link", "set", "lo", "up");
    for (let i = 0; i < 8; i++) ipn("route", "add", `198.51.100.${i * 16}/28`, "dev", "lo");
  }
  const cmds: Array<[string, string[]]> = [
    ["empty compiled Bun program", [empty]],
    ["bun -e 0", [bun, "-e", "0"]],
    ["ip -n NS link show", ["ip", "-n", ns, "link", "show"]],
    ["dist/bun-netlink (compiled)", [join(root, "dist/bun-netlink"), "-n", ns, "link", "show"]],
    ["bun dist/cli/bun-netlink.js (bin)", [bun, join(root, "dist/cli/bun-netlink.js"), "-n", ns, "link", "show"]],
  ];
  if (withRoutes) {
    const bnl = join(root, "dist/bun-netlink");
    cmds.push(
      ["ip -n NS route show table all (empty)", ["ip", "-n", ns, "route", "show", "table", "all"]],
      ["compiled -n NS route show table all (empty)", [bnl, "-n", ns, "route", "show", "table", "all"]],
      ["ip -n NS2 route show (8 routes)", ["ip", "-n", ns2, "route", "show"]],
      ["compiled -n NS2 route show (8 routes)", [bnl, "-n", ns2, "route", "show"]],
      ["compiled -n NS2 -j route show", [bnl, "-n", ns2, "-j", "route", "show"]],
    );
  }
  const res = cmds.map(() => ({ wall: [] as number[], cpu: [] as number[] }));
  for (let i = 0; i <= RUNS; i++) {
    cmds.forEach(([name, argv], k) => {
      const t0 = performance.now();
      const r = Bun.spawnSync(argv, { stdout: "ignore", stderr: "pipe" });
      const wall = performance.now() - t0;
      if (r.exitCode !== 0) throw new Error(`${name} exited ${r.exitCode}: ${r.stderr.toString()}`);
      if (i === 0) return;
      const u = r.resourceUsage!;
      res[k]!.wall.push(wall);
      res[k]!.cpu.push(Number(u.cpuTime.user + u.cpuTime.system) / 1000);
    });
  }
  const load = (await Bun.file("/proc/loadavg").text()).split(" ").slice(0, 3).join(" ");
  console.log(`${RUNS} interleaved runs, load average ${load}`);
  const floor = median(res[0]!.cpu);
  cmds.forEach(([name], k) => {
    const { wall, cpu } = res[k]!;
    const f = (x: number) => x.toFixed(1).padStart(6);
    console.log(`${name.padEnd(36)} cpu median ${f(median(cpu))} ms (min ${f(Math.min(...cpu))}, ${(median(cpu) / floor).toFixed(2)}x the empty program)  wall median ${f(median(wall))} ms (min ${f(Math.min(...wall))})`);
  });
} finally {
  for (const n of [ns, ns2]) {
    try {
      deleteNetns(n);
    } catch {
      // not created
    }
  }
  rmSync(tmp, { recursive: true, force: true });
}
