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
import { readFileSync } from "node:fs";
import { mustSync } from "../bench/lib/proc.ts";
import { setFamily, type RouteSetId } from "../bench/lib/route-sets.ts";
import { median, withPhaseNetns } from "./phase-netns.ts";

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

withPhaseNetns("faults", set as RouteSetId, n, ({ files: { add }, floor, run: inNs }) => {
  const fam = String(setFamily(set as RouteSetId));
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
    put("us per fault", (JSON.parse(mustSync([process.execPath, import.meta.path, "--child", "touch"])) as { usPerFault: number }).usPerFault);
  }
  const m = Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, median(v)])) as Record<string, number>;
  console.log(`${set} ${n}, ${rounds} rounds, medians:`);
  for (const [k, v] of Object.entries(m)) console.log(`  ${k.padEnd(13)} ${v.toFixed(1)}`);
  const faultMs = (m["list faults"]! * m["us per fault"]!) / 1000;
  console.log(`  list / floor: ${(m["list ms"]! / m["floor ms"]!).toFixed(2)}x; the list's page faults at the measured cost: ~${faultMs.toFixed(0)} ms of CPU` +
    ` (list sys - floor sys: ${(m["list sys ms"]! - m["floor sys ms"]!).toFixed(0)} ms)`);
});
