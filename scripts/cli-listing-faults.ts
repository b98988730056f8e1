/**
 * What a CLI listing of a big table costs beyond its start, next to ip's
 * (root): a throwaway namespace with the benchmark's base setup and a route
 * set installed by the C floor (bench/lib/route-sets.ts), then `perf stat
 * -r ROUNDS -e page-faults,task-clock,duration_time` of
 *   - the compiled CLI (dist/bun-netlink: `bun scripts/build.ts` first) and
 *     ip listing the whole family (`-n NS -4|-6 route show`),
 *   - the same commands on a table of one route (`table 99`: the same
 *     start, connection and dump request, one line to print), whose
 *     difference to the listing is what the routes themselves cost,
 *   - the C floor's own dump of the family (`route-dump`, inside the
 *     namespace through `ip netns exec`).
 * Prints the means perf reports. The namespace is removed at the end, also
 * on failure.
 *
 *   sudo PATH=$PWD/node_modules/.bin:$PATH bun scripts/cli-listing-faults.ts [set] [n] [rounds]
 *   (defaults: v6-mix 100000 10; sets: v4-32 v4-mix v4-ecmp v6-mix tables)
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { setFamily, type RouteSetId } from "../bench/lib/route-sets.ts";
import { withPhaseNetns } from "./phase-netns.ts";

const root = resolve(import.meta.dir, "..");
const cli = join(root, "dist/bun-netlink");
if (!existsSync(cli)) throw new Error("cli-listing-faults: dist/bun-netlink is missing (run `bun scripts/build.ts` first)");

const [set = "v6-mix", nArg = "100000", roundsArg = "10"] = process.argv.slice(2);
const n = Number(nArg), rounds = Number(roundsArg);

/** perf stat's means for argv: page faults, CPU ms, wall ms. */
function perfStat(argv: string[]): { faults: number; cpuMs: number; wallMs: number } {
  const r = spawnSync("perf", ["stat", "-x,", "-r", String(rounds), "-e", "page-faults,task-clock,duration_time", "--", ...argv], { encoding: "utf8", stdio: ["ignore", "ignore", "pipe"] });
  if (r.status !== 0) throw new Error(`perf stat ${argv.join(" ")}: exit ${r.status}\n${r.stderr}`);
  const value = (event: string): number => {
    const line = r.stderr.split("\n").find((l) => l.split(",")[2] === event);
    if (line === undefined) throw new Error(`perf stat gave no ${event}:\n${r.stderr}`);
    return Number(line.split(",")[0]);
  };
  return { faults: value("page-faults"), cpuMs: value("task-clock"), wallMs: value("duration_time") / 1e6 };
}

withPhaseNetns("listing", set as RouteSetId, n, ({ name, files: { add }, floor, run: inNs }) => {
  const fam = `-${setFamily(set as RouteSetId)}`;
  inNs([floor, "route-add", add, "256"]);
  inNs(["ip", fam, "route", "add", fam === "-4" ? "203.0.113.0/24" : "2001:db8:99::/64", "dev", "lo", "table", "99"]);
  const rows: Array<[string, string[]]> = [
    ["bun-netlink route show", [cli, "-n", name, fam, "route", "show"]],
    ["bun-netlink, one-route table", [cli, "-n", name, fam, "route", "show", "table", "99"]],
    ["ip route show", ["ip", "-n", name, fam, "route", "show"]],
    ["ip, one-route table", ["ip", "-n", name, fam, "route", "show", "table", "99"]],
    ["C floor route-dump (netns exec)", ["ip", "netns", "exec", name, floor, "route-dump", fam.slice(1)]],
  ];
  console.log(`${set} ${n}, perf stat -r ${rounds}, means:`);
  console.log(`  ${"command".padEnd(32)} ${"faults".padStart(7)} ${"CPU ms".padStart(8)} ${"wall ms".padStart(8)}`);
  for (const [label, argv] of rows) {
    const s = perfStat(argv);
    console.log(`  ${label.padEnd(32)} ${s.faults.toFixed(0).padStart(7)} ${s.cpuMs.toFixed(1).padStart(8)} ${s.wallMs.toFixed(1).padStart(8)}`);
  }
});
