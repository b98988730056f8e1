/**
 * Where a library route install's time goes, next to the C floor's (root):
 * a throwaway namespace with the benchmark's base setup, a route set's
 * batch file (bench/lib/route-sets.ts), then round after round, each in a
 * new process as in the benchmark (same untimed warm-up: the file's first
 * 1,000 routes added and deleted in tables 240/241):
 *   - the C floor (bench/build/floor, built as bench/lib/tools.ts does):
 *     `floor route-add FILE 256`, its own timer;
 *   - the library, `RouteApi.addMany`'s two steps timed apart:
 *     `validate` = `new BulkRoutes(specs)` (every spec checked and parsed
 *     into rows before any syscall, the library's rule), `batch` =
 *     conn.batch of those rows, of which `kernel` is the time spent
 *     inside send() (the kernel carries out a window's requests inside
 *     sendmsg) and `rest` the batch's own work (encoding, ACKs);
 * and the routes are deleted by the floor between runs. Prints medians (ms)
 * and what the 1.15x target leaves for validation. The namespace is removed
 * at the end, also on failure.
 *
 *   sudo PATH=$PWD/node_modules/.bin:$PATH bun scripts/install-phases.ts [set] [n] [rounds]
 *   (defaults: v4-32 100000 7; sets: v4-32 v4-mix v4-ecmp v6-mix tables)
 */
import type { RouteSetId } from "../bench/lib/route-sets.ts";
import { median, withPhaseNetns } from "./phase-netns.ts";

if (process.argv[2] === "--child") {
  // one library install in this process (inside the namespace): argv: --child FILE
  const file = process.argv[3]!;
  const { NetlinkConnection } = await import("../lib/conn/connection.ts");
  const { KernelTransport } = await import("../lib/transport/kernel.ts");
  const { RouteApi } = await import("../lib/rtnl/route/api.ts");
  const { BulkRoutes } = await import("../lib/rtnl/route/bulk.ts");
  const { resolveIndex } = await import("../lib/rtnl/shared/ifindex.ts");
  const { readRouteFile } = await import("../bench/lib/route-file.ts");
  const transport = KernelTransport.open();
  const conn = new NetlinkConnection(transport);
  const specs = readRouteFile(file);
  const api = new RouteApi(conn);
  const warm = specs.slice(0, 1000).map((r, k) => ({ ...r, table: 240 + Math.floor(k / 512) }));
  api.addMany(warm);
  for (const r of warm) api.delete(r);
  let kernel = 0;
  const send = transport.send.bind(transport);
  transport.send = (d: Uint8Array) => {
    const t = performance.now();
    send(d);
    kernel += performance.now() - t;
  };
  const t0 = performance.now();
  const bulk = new BulkRoutes(specs);
  const t1 = performance.now();
  const links = new Map(bulk.links().map((l) => [l, resolveIndex(conn, l)] as const));
  // NLM_F_CREATE | NLM_F_EXCL, as addMany's default mode
  const r = conn.batch(bulk.requests(0x400 | 0x200, (l) => links.get(l)!));
  const t2 = performance.now();
  if (r.ok !== specs.length) throw new Error(`${r.errors.length} routes failed: ${r.errors[0]?.error.message}`);
  console.log(JSON.stringify({ validate: t1 - t0, batch: t2 - t1, kernel, rest: t2 - t1 - kernel, total: t2 - t0 }));
  process.exit(0);
}

const [set = "v4-32", nArg = "100000", roundsArg = "7"] = process.argv.slice(2);
const n = Number(nArg), rounds = Number(roundsArg);

withPhaseNetns("phases", set as RouteSetId, n, ({ files: { add }, floor, run: inNs }) => {
  const rows: Record<string, number[]> = { floor: [], validate: [], batch: [], kernel: [], rest: [], total: [] };
  for (let i = 0; i < rounds; i++) {
    rows.floor!.push(JSON.parse(inNs([floor, "route-add", add, "256"])).seconds * 1000);
    inNs([floor, "route-del", add, "256"]);
    const lib = JSON.parse(inNs([process.execPath, import.meta.path, "--child", add])) as Record<string, number>;
    for (const k of ["validate", "batch", "kernel", "rest", "total"]) rows[k]!.push(lib[k]!);
    inNs([floor, "route-del", add, "256"]);
  }
  const m = Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, median(v)])) as Record<string, number>;
  console.log(`${set} ${n}, ${rounds} rounds, medians (ms):`);
  for (const [k, v] of Object.entries(m)) console.log(`  ${k.padEnd(9)} ${v.toFixed(1)}`);
  console.log(`  library total / floor: ${(m.total! / m.floor!).toFixed(2)}x; the 1.15x target leaves ${(m.floor! * 1.15 - m.kernel! - m.rest!).toFixed(1)} ms for validation`);
});
