/**
 * Smoke test of the benchmark runner (bench/run.ts): a micro-sized run of a
 * few workloads with the C floor, the library and iproute2, each in the
 * runner's own throwaway namespaces. It times nothing; it proves that the
 * runner builds the floor, runs and verifies every contender, writes its
 * JSON, and leaves no namespace behind.
 */
import { expect, it } from "vitest";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describeKernel } from "../helpers/netns.ts";

const ROOT = resolve(import.meta.dirname, "../..");

describeKernel("benchmark runner (micro run)", () => {
  it("runs, verifies and cleans up", () => {
    const dir = mkdtempSync(join(tmpdir(), "bnl-smoke-"));
    try {
      const json = join(dir, "micro.json");
      const r = Bun.spawnSync(
        [process.execPath, "bench/run.ts", "--micro", "--only", "routes,route-dump,addresses,latency,netns,cold-start", "--contenders", "floor,ours,ip", "--json", json, "--no-save"],
        { cwd: ROOT, stdout: "pipe", stderr: "pipe" },
      );
      const out = r.stdout.toString() + r.stderr.toString();
      expect(r.exitCode, out).toBe(0);
      const res = JSON.parse(readFileSync(json, "utf8")) as { mode: string; rows: Array<{ phase: string; contender: string; status: string; median?: number; rounds: number }> };
      expect(res.mode).toBe("micro");
      const phases = new Set(res.rows.map((x) => x.phase));
      expect([...phases].sort()).toEqual([
        "addr-add", "addr-dump", "cold-start", "link-get", "link-index", "netns-cycle",
        "route-add:v4-32", "route-add:v6-ecmp", "route-del:v4-32", "route-del:v6-ecmp",
        "route-dump-json:v6-mix", "route-dump-text:v6-mix", "route-dump:v6-mix",
      ]);
      for (const row of res.rows) {
        expect(row.status, `${row.phase}/${row.contender}`).toBe("ok");
        expect(row.median!, `${row.phase}/${row.contender}`).toBeGreaterThan(0);
        expect(row.rounds).toBe(1);
      }
      // Every contender ran where it has an operation: the floor everywhere, the library where it is not a CLI-only phase.
      const cliOnly = (p: string) => p.startsWith("route-dump-json") || p.startsWith("route-dump-text") || p === "cold-start";
      for (const p of phases) for (const c of ["floor", "ours"]) if (c === "floor" || !cliOnly(p)) expect(res.rows.some((x) => x.phase === p && x.contender === c), `${p}/${c}`).toBe(true);
      expect(out).toContain("Targets:");
      // the runner names its namespaces bnlbench-<its pid>-...: none of a finished runner may be left
      // (names without a pid are not a runner's: someone's hand-made benchmark namespaces)
      const left = readdirSync("/run/netns").filter((n) => /^bnlbench-\d+-/.test(n));
      expect(left.filter((n) => !existsPid(Number(/^bnlbench-(\d+)-/.exec(n)![1])))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

function existsPid(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
