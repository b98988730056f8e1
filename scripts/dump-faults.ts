/**
 * Where a library dump into objects spends its time, next to the C floor's
 * (root): a throwaway namespace with the benchmark's base setup and a route
 * set installed by the floor (bench/lib/route-sets.ts), then round after
 * round, each in a new process as in the benchmark:
 *   - the C floor's `route-dump` (its own timer, user and system CPU);
 *   - `RouteApi.list` of the whole family after the benchmark's untimed
 *     warm-up (one list), timed: wall, user and system CPU of the process
 *     (every thread), and the minor page faults taken during the list;
 *   - what one page fault costs here: a new 64 MiB typed array written
 *     once, per page (the kernel maps and zeroes a fresh page on first
 *     write, as it does for the JS heap's new pages).
 * Prints the medians and the share of the list's system time that the
 * faults explain. The namespace is removed at the end, also on failure.
 *
 *   sudo PATH=$PWD/node_modules/.bin:$PATH bun scripts/dump-faults.ts [set] [n] [rounds]
 *   (defaults: v4-ecmp 100000 7; sets: v4-32 v4-mix v4-ecmp v6-mix tables)
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { routeFiles, setFamily, type RouteSetId } from "../bench/lib/route-sets.ts";

const root = resolve(import.meta.dir, "..");

/** Minor page faults of this process so far (/proc/self/stat field 10). */
function minorFaults(): number {
  const s = readFileSync("/proc/self/stat", "utf8");
  return Number(s.slice(s.lastIndexOf(")") + 2).split(" ")[7]);
}

if (process.argv[2] === "--child") {
  const what = process.argv[3];
  if (what === "touch") {
    // one write per 4 KiB page of fresh anonymous memory
    const bytes = 64 << 20;
    const f0 = minorFaults(), t0 = performance.now();
    const a = new Uint8Array(bytes);
    for (let i = 0; i < bytes; i += 4096) a[i] = 1;
    const ms = performance.now() - t0, faults = minorFaults() - f0;
    console.log(JSON.stringify({ ms, faults, usPerFault: (ms * 1000) / faults }));
  } else {
    const family = Number(process.argv[4]) as 4 | 6;
    const { NetlinkConnection } = await import("../lib/conn/connection.ts");
    const { KernelTransport } = await import("../lib/transport/kernel.ts");
    const { RouteApi } = await import("../lib/rtnl/route/api.ts");
    const api = new RouteApi(new NetlinkConnection(KernelTransport.open()));
    api.list({ family, table: "all" }); // the benchmark's warm-up
    const f0 = minorFaults(), c0 = process.cpuUsage(), t0 = performance.now();
    const routes = api.list({ family, table: "all" }).length;
    const ms = performance.now() - t0, cpu = process.cpuUsage(c0), faults = minorFaults() - f0;
    console.log(JSON.stringify({ ms, user: cpu.user / 1000, sys: cpu.system / 1000, faults, routes }));
  }
  process.exit(0);
}

const [set = "v4-ecmp", nArg = "100000", roundsArg = "7"] = process.argv.slice(2);
const n = Number(nArg), rounds = Number(roundsArg);
const BASE = [
  "link set lo up", "link add v0 type veth peer name v1", "link set v0 addrgenmode none", "link set v1 addrgenmode none",
  "addr add 192.0.2.1/24 dev v0", "addr add 2001:db8::1/64 dev v0 nodad", "link set v0 up", "link set v1 up",
];
const ns = `bnl-faults-${process.pid}`;
const dir = join("/dev/shm", ns);
const must = (cmd: string[]): string => {
  const r = spawnSync(cmd[0]!, cmd.slice(1), { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cmd.join(" ")}: ${r.stderr}`);
  return r.stdout;
};
const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

/** The C floor, built as the benchmark builds it when missing. */
function floorBinary(): string {
  const floor = join(root, "bench/build/floor");
  if (!existsSync(floor)) {
    mkdirSync(join(root, "bench/build"), { recursive: true });
    const src = join(root, "bench/floor");
    must(["cc", "-O2", "-Wall", "-o", floor, ...readdirSync(src).filter((f) => f.endsWith(".c")).sort().map((f) => join(src, f))]);
  }
  return floor;
}

try {
  mkdirSync(dir, { recursive: true });
  const { add } = routeFiles(dir, set as RouteSetId, n);
  const floor = floorBinary();
  const fam = String(setFamily(set as RouteSetId));
  must(["ip", "netns", "add", ns]);
  spawnSync("ip", ["-n", ns, "-batch", "-"], { input: BASE.join("\n") + "\n" });
  const inNs = (cmd: string[]) => must(["ip", "netns", "exec", ns, ...cmd]);
  inNs([floor, "route-add", add, "256"]);
  const rows: Record<string, number[]> = {};
  const put = (k: string, v: number) => (rows[k] ??= []).push(v);
  for (let i = 0; i < rounds; i++) {
    const f = JSON.parse(inNs([floor, "route-dump", fam])) as { seconds: number; user: number; sys: number };
    put("floor ms", f.seconds * 1000);
    put("floor sys ms", f.sys * 1000);
    const l = JSON.parse(inNs([process.execPath, import.meta.path, "--child", "list", fam])) as Record<string, number>;
    put("list ms", l.ms!);
    put("list user ms", l.user!);
    put("list sys ms", l.sys!);
    put("list faults", l.faults!);
    put("us per fault", (JSON.parse(must([process.execPath, import.meta.path, "--child", "touch"])) as { usPerFault: number }).usPerFault);
  }
  const m = Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, median(v)])) as Record<string, number>;
  console.log(`${set} ${n}, ${rounds} rounds, medians:`);
  for (const [k, v] of Object.entries(m)) console.log(`  ${k.padEnd(13)} ${v.toFixed(1)}`);
  const faultMs = (m["list faults"]! * m["us per fault"]!) / 1000;
  console.log(`  list / floor: ${(m["list ms"]! / m["floor ms"]!).toFixed(2)}x; the list's page faults at the measured cost: ~${faultMs.toFixed(0)} ms of CPU` +
    ` (list sys - floor sys: ${(m["list sys ms"]! - m["floor sys ms"]!).toFixed(0)} ms)`);
} finally {
  spawnSync("ip", ["netns", "del", ns]);
  rmSync(dir, { recursive: true, force: true });
}
