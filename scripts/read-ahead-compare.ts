/**
 * The read-ahead engines side by side on one big table (root): a throwaway
 * namespace with the benchmark's base setup and N routes of a route set
 * (bench/lib/route-sets.ts) added by `ip -batch`, then, interleaved round
 * after round (so that load drifts hit every engine):
 *   - the library: a new process per measurement (as the benchmark's
 *     library row), `RouteApi.list` of the table once untimed, once timed,
 *     with `readAhead` false, "uring" and "worker";
 *   - the compiled CLI (dist/bun-netlink, `bun scripts/build.ts`): `-n NS
 *     [-j] route show` to a file on tmpfs, wall time, with
 *     BUN_NETLINK_READ_AHEAD=0, uring and worker; and ip's.
 * Prints the medians (ms). The namespace is removed at the end, also on failure.
 *
 *   sudo PATH=$PWD/node_modules/.bin:$PATH bun scripts/read-ahead-compare.ts [set] [n] [rounds]
 *   (defaults: v4-ecmp 100000 9)
 */
import { spawnSync } from "node:child_process";
import { openSync, closeSync, writeFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { addLines, type RouteSetId } from "../bench/lib/route-sets.ts";

const root = resolve(import.meta.dir, "..");
const [set = "v4-ecmp", nArg = "100000", roundsArg = "9"] = process.argv.slice(2);
const n = Number(nArg), rounds = Number(roundsArg);
const family = set.startsWith("v6") ? "6" : "4";

if (process.argv[2] === "--child") {
  // the library measurement, in a process of its own: argv: --child NS FAMILY ENGINE
  const [, , ns, fam, engine] = process.argv.slice(1);
  const { openConnection } = await import("../lib/conn/open.ts");
  const { RouteApi } = await import("../lib/rtnl/route/api.ts");
  const conn = openConnection({ netns: ns!, readAhead: engine === "false" ? false : (engine as "uring" | "worker") });
  const api = new RouteApi(conn);
  api.list({ family: Number(fam) as 4 | 6, table: "all" });
  const t = performance.now();
  const count = api.list({ family: Number(fam) as 4 | 6, table: "all" }).length;
  console.log(JSON.stringify({ ms: performance.now() - t, count }));
  conn.close();
  process.exit(0);
}

const BASE = [
  "link set lo up", "link add v0 type veth peer name v1", "link set v0 addrgenmode none", "link set v1 addrgenmode none",
  "addr add 192.0.2.1/24 dev v0", "addr add 2001:db8::1/64 dev v0 nodad", "link set v0 up", "link set v1 up",
];
const ns = `bnl-racmp-${process.pid}`;
const batch = join("/dev/shm", `${ns}.batch`);
const out = join("/dev/shm", `${ns}.out`);
const must = (cmd: string[], input?: string) => {
  const r = spawnSync(cmd[0]!, cmd.slice(1), { encoding: "utf8", ...(input === undefined ? {} : { input }) });
  if (r.status !== 0) throw new Error(`${cmd.join(" ")}: ${r.stderr}`);
  return r.stdout;
};

/** Wall time (ms) of one command whose output goes to a tmpfs file. */
function wall(cmd: string[], env: Record<string, string> = {}): number {
  const fd = openSync(out, "w");
  try {
    const t = performance.now();
    const r = spawnSync(cmd[0]!, cmd.slice(1), { stdio: ["ignore", fd, "inherit"], env: { ...process.env, ...env } });
    if (r.status !== 0) throw new Error(`${cmd.join(" ")} exited with ${r.status}`);
    return performance.now() - t;
  } finally {
    closeSync(fd);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

must(["ip", "netns", "add", ns]);
try {
  writeFileSync(batch, [...BASE, ...addLines(set as RouteSetId, n)].join("\n") + "\n");
  must(["ip", "-n", ns, "-batch", batch]);
  const cli = join(root, "dist", "bun-netlink");
  const cases: [string, () => number][] = [];
  for (const e of ["false", "uring", "worker"]) {
    cases.push([`library list() readAhead=${e}`, () => {
      const r = JSON.parse(must([process.execPath, import.meta.path, "--child", ns, family, e])) as { ms: number; count: number };
      if (r.count < n) throw new Error(`library ${e}: ${r.count} routes, expected at least ${n}`);
      return r.ms;
    }]);
  }
  for (const args of [["route", "show"], ["-j", "route", "show"]]) {
    for (const e of ["0", "uring", "worker"]) cases.push([`CLI ${args.join(" ")} BUN_NETLINK_READ_AHEAD=${e}`, () => wall([cli, "-n", ns, `-${family}`, ...args], { BUN_NETLINK_READ_AHEAD: e })]);
    cases.push([`ip ${args.join(" ")}`, () => wall(["ip", "-n", ns, `-${family}`, ...args])]);
  }
  const times = new Map<string, number[]>(cases.map(([k]) => [k, []]));
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? cases : [...cases].reverse();
    for (const [k, f] of order) times.get(k)!.push(f());
  }
  console.log(`${set}, ${n} routes, ${rounds} rounds (medians):`);
  for (const [k, xs] of times) console.log(`  ${k.padEnd(52)} ${median(xs).toFixed(1)} ms`);
} finally {
  spawnSync("ip", ["netns", "del", ns]);
  rmSync(batch, { force: true });
  rmSync(out, { force: true });
}
