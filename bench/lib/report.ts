/**
 * Turning measured rows into the printed table, the Markdown table for
 * docs/BENCHMARKS.md and the README, and the verdict on the issue's
 * targets.
 */
import type { ContenderId, Row } from "./types.ts";

/** Table labels of the contenders. */
export const LABELS: Record<ContenderId, string> = {
  floor: "C floor",
  ours: "bun-netlink (library)",
  cli: "bun-netlink CLI",
  ip: "iproute2",
  go: "vishvananda/netlink",
  py: "pyroute2",
};

const MiB = 1024 * 1024;

/** Format a value of `unit`. */
export function fmtValue(v: number | undefined, unit: Row["unit"]): string {
  if (v === undefined || !Number.isFinite(v)) return "-";
  if (unit === "MiB") return `${v.toFixed(1)} MiB`;
  if (unit === "us/req") return v >= 1000 ? `${(v / 1000).toFixed(1)} ms` : `${v < 10 ? v.toFixed(2) : v.toFixed(1)} µs`;
  if (v < 0.01) return `${(v * 1000).toFixed(2)} ms`;
  if (v < 1) return `${(v * 1000).toFixed(0)} ms`;
  return `${v.toFixed(2)} s`;
}

function fmtRatio(r: number | undefined): string {
  if (r === undefined || !Number.isFinite(r)) return "-";
  return r < 10 ? `${r.toFixed(2)}x` : `${r.toFixed(0)}x`;
}

function fmtSize(n: number): string {
  if (n >= 1_000_000 && n % 1_000_000 === 0) return `${n / 1_000_000}M`;
  if (n >= 1000 && n % 1000 === 0) return `${n / 1000}k`;
  return String(n);
}

function fmtCpu(r: Row): string {
  if (r.user === undefined || r.sys === undefined) return "-";
  return `${r.user.toFixed(2)}+${r.sys.toFixed(2)}`;
}

function fmtRss(r: Row): string {
  if (r.peakRss === undefined) return "-";
  const base = `${(r.peakRss / MiB).toFixed(0)}`;
  return r.rssGrowth === undefined ? base : `${base} (+${(r.rssGrowth / MiB).toFixed(1)})`;
}

/** Status cell: "ok", or the reason a row has no numbers. */
function fmtStatus(r: Row): string {
  if (r.status === "ok") return r.n !== undefined ? `ok (${fmtSize(r.n)} req)` : "ok";
  return r.reason ? `${r.status}: ${r.reason}` : r.status;
}

/** Rows grouped by phase and size, in run order. */
export function groups(rows: Row[]): Row[][] {
  const out = new Map<string, Row[]>();
  for (const r of rows) {
    const k = `${r.phase}@${r.size}`;
    if (!out.has(k)) out.set(k, []);
    out.get(k)!.push(r);
  }
  return [...out.values()];
}

const HEAD = ["contender", "median", "min", "max", "user+sys s", "peak RSS MiB", "vs C floor", "vs iproute2", "status"];

function cells(r: Row): string[] {
  return [r.label, fmtValue(r.median, r.unit), fmtValue(r.min, r.unit), fmtValue(r.max, r.unit), fmtCpu(r), fmtRss(r), fmtRatio(r.ratioFloor), fmtRatio(r.ratioIp), fmtStatus(r)];
}

/** The results as aligned plain text, one block per phase and size. */
export function textTable(rows: Row[]): string {
  const lines: string[] = [];
  for (const g of groups(rows)) {
    const first = g[0]!;
    lines.push("", `${first.title}, N=${fmtSize(first.size)} (${first.rounds} rounds; ${first.unit === "us/req" ? "per request" : first.unit === "MiB" ? "peak RSS" : "seconds"})`);
    const table = [HEAD, ...g.map(cells)];
    const widths = HEAD.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
    for (const row of table) lines.push("  " + row.map((c, i) => (i === 0 || i === row.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ").trimEnd());
  }
  return lines.join("\n");
}

/** The results as one Markdown table (medians and ratios). */
export function markdownTable(rows: Row[]): string {
  const out = ["| workload | N | contender | median | user+sys s | peak RSS MiB | vs C floor | vs iproute2 | status |", "|---|---:|---|---:|---:|---:|---:|---:|---|"];
  for (const g of groups(rows)) {
    for (const r of g) {
      out.push(`| ${r.title} | ${fmtSize(r.size)} | ${r.label} | ${fmtValue(r.median, r.unit)} | ${fmtCpu(r)} | ${fmtRss(r)} | ${fmtRatio(r.ratioFloor)} | ${fmtRatio(r.ratioIp)} | ${fmtStatus(r)} |`);
    }
  }
  return out.join("\n");
}

/** One of the issue's targets, judged from the rows. */
export interface TargetResult {
  target: string;
  measured: string;
  met: boolean | undefined;
}

function find(rows: Row[], phase: string, size: number, c: ContenderId): Row | undefined {
  const r = rows.find((x) => x.phase === phase && x.size === size && x.contender === c);
  return r?.status === "ok" ? r : undefined;
}

function judge(target: string, a: Row | undefined, b: Row | undefined, ok: (x: number, y: number) => boolean, show: (x: number, y: number) => string): TargetResult {
  if (a?.median === undefined || b?.median === undefined) return { target, measured: "not measured in this run", met: undefined };
  return { target, measured: show(a.median, b.median), met: ok(a.median, b.median) };
}

/** Sizes at which a phase was measured, in order. */
function sizesOf(rows: Row[], phase: string): number[] {
  return [...new Set(rows.filter((r) => r.phase === phase).map((r) => r.size))].sort((a, b) => a - b);
}

/** Route phases of a kind ("route-add", "route-dump-json", ...) present in the rows, with the set's title. */
function routePhases(rows: Row[], kind: string): Array<{ phase: string; what: string }> {
  const out = new Map<string, string>();
  for (const r of rows) if (r.phase.startsWith(`${kind}:`)) out.set(r.phase, /\(([^)]*)\)$/.exec(r.title)?.[1] ?? r.phase);
  return [...out].map(([phase, what]) => ({ phase, what }));
}

/** The targets of the benchmark issue, evaluated on this run's rows. */
export function targets(rows: Row[]): TargetResult[] {
  const x = (a: number, b: number) => `${(a / b).toFixed(2)}x (${fmtValue(a, "s")} vs ${fmtValue(b, "s")})`;
  const faster = (a: number, b: number) => `${(b / a).toFixed(2)}x faster (${fmtValue(a, "s")} vs ${fmtValue(b, "s")})`;
  const out: TargetResult[] = [];
  for (const { phase, what } of routePhases(rows, "route-add")) {
    for (const n of sizesOf(rows, phase)) {
      out.push(judge(`route install ${fmtSize(n)}, ${what}: library <= 1.15x the C floor`, find(rows, phase, n, "ours"), find(rows, phase, n, "floor"), (a, b) => a <= 1.15 * b, x));
      out.push(judge(`route install ${fmtSize(n)}, ${what}: CLI -batch >= 4x faster than ip -batch`, find(rows, phase, n, "cli"), find(rows, phase, n, "ip"), (a, b) => b >= 4 * a, faster));
    }
  }
  for (const { phase, what } of routePhases(rows, "route-dump")) {
    const set = phase.slice("route-dump:".length);
    for (const n of sizesOf(rows, phase)) {
      out.push(judge(`route dump ${fmtSize(n)}, ${what}: library into objects <= 3x the C floor`, find(rows, phase, n, "ours"), find(rows, phase, n, "floor"), (a, b) => a <= 3 * b, x));
      for (const [kind, name] of [["route-dump-json", "-j route show"], ["route-dump-text", "route show (text)"]] as const) {
        const p = `${kind}:${set}`;
        out.push(judge(`route dump ${fmtSize(n)}, ${what}: CLI ${name} >= 3x faster than ip's`, find(rows, p, n, "cli"), find(rows, p, n, "ip"), (a, b) => b >= 3 * a, faster));
      }
    }
  }
  const mem = rows.find((r) => r.phase === "route-stream-rss" && r.contender === "ours" && r.status === "ok");
  out.push(
    mem?.rssGrowth === undefined
      ? { target: "streaming 1M routes: library peak RSS growth < 64 MiB", measured: "not measured in this run", met: undefined }
      : { target: `streaming ${fmtSize(mem.size)} routes: library peak RSS growth < 64 MiB`, measured: `+${(mem.rssGrowth / MiB).toFixed(1)} MiB (peak ${(mem.peakRss! / MiB).toFixed(0)} MiB)`, met: mem.size >= 1_000_000 ? mem.rssGrowth < 64 * MiB : undefined },
  );
  const cliMem = rows.find((r) => r.phase === "route-stream-rss" && r.contender === "cli" && r.status === "ok");
  const ipMem = rows.find((r) => r.phase === "route-stream-rss" && r.contender === "ip" && r.status === "ok");
  out.push(
    cliMem?.peakRss === undefined
      ? { target: "printing 1M routes as -j: CLI peak RSS < 64 MiB", measured: "not measured in this run", met: undefined }
      : { target: `printing ${fmtSize(cliMem.size)} routes as -j: CLI peak RSS < 64 MiB`, measured: `${(cliMem.peakRss / MiB).toFixed(1)} MiB (ip: ${ipMem?.peakRss === undefined ? "-" : `${(ipMem.peakRss / MiB).toFixed(1)} MiB`})`, met: cliMem.size >= 1_000_000 ? cliMem.peakRss < 64 * MiB : undefined },
  );
  const ns = rows.find((r) => r.phase === "netns-cycle" && r.contender === "ours" && r.status === "ok");
  out.push(judge(`namespace create/lo up/destroy (N=${ns?.size ?? 200}): library >= 5x faster than ip`, ns, ns && find(rows, "netns-cycle", ns.size, "ip"), (a, b) => b >= 5 * a, faster));
  const perReq = (a: number, b: number) => `${(a / b).toFixed(2)}x (${fmtValue(a, "us/req")} vs ${fmtValue(b, "us/req")})`;
  for (const [phase, what] of [["link-get", "small request latency (get link by name, decoded)"], ["link-index", "small request round trip (link index by name)"]] as const) {
    const lat = rows.find((r) => r.phase === phase && r.contender === "ours" && r.status === "ok");
    out.push(judge(`${what}: library <= 2x the C floor`, lat, lat && find(rows, phase, lat.size, "floor"), (a, b) => a <= 2 * b, perReq));
  }
  const cold = rows.find((r) => r.phase === "cold-start" && r.contender === "cli" && r.status === "ok");
  const ipCold = cold && find(rows, "cold-start", cold.size, "ip");
  const coldShow = (a: number, b: number) => `${perReq(a, b)}; ip: ${fmtValue(ipCold?.median, "us/req")}`;
  out.push(judge("CLI cold start of `-n NS link show`: <= 1.5x an empty compiled Bun program", cold, cold && find(rows, "cold-start", cold.size, "floor"), (a, b) => a <= 1.5 * b, coldShow));
  return out;
}

/** Targets as text lines. */
export function targetLines(ts: TargetResult[]): string {
  return ts.map((t) => `  [${t.met === undefined ? " - " : t.met ? "met" : "MISSED"}] ${t.target}: ${t.measured}`).join("\n");
}

/** The workloads of the README's short table: phase and size. */
const HEADLINE: Array<[string, number]> = [
  ["route-add:v4-32", 100_000], ["route-add:v4-mix", 100_000], ["route-add:v6-mix", 100_000], ["route-add:v6-mix", 1_000_000],
  ["route-add:v4-ecmp", 100_000], ["route-add:tables", 100_000], ["route-dump:v6-mix", 100_000], ["route-dump-json:v6-mix", 100_000], ["route-dump-text:v6-mix", 100_000],
  ["route-dump:v6-mix", 1_000_000], ["route-dump-json:v6-mix", 1_000_000], ["route-dump-text:v6-mix", 1_000_000],
  ["veth-add", 300], ["link-dump", 10_000], ["addr-add", 10_000], ["netns-cycle", 200], ["link-get", 100_000], ["cold-start", 50],
  ["route-stream-rss", 1_000_000],
];

/** A short Markdown table for the README: one line per headline workload, the median of each contender. */
export function headlineMarkdown(rows: Row[]): string {
  const cs: ContenderId[] = ["floor", "ours", "cli", "ip", "go", "py"];
  const out = [`| workload | N | ${cs.map((c) => LABELS[c]).join(" | ")} |`, `|---|---:|${cs.map(() => "---:").join("|")}|`];
  for (const [phase, size] of HEADLINE) {
    const g = rows.filter((r) => r.phase === phase && r.size === size);
    if (g.length === 0) continue;
    const cell = (c: ContenderId): string => {
      const r = g.find((x) => x.contender === c);
      if (r === undefined) return "";
      if (r.status !== "ok") return r.status === "skipped" ? "skipped" : r.status;
      const v = fmtValue(r.median, r.unit);
      const growth = r.rssGrowth !== undefined ? ` (+${(r.rssGrowth / MiB).toFixed(0)} MiB)` : "";
      return c === "ours" && r.ratioFloor !== undefined && r.unit !== "MiB" ? `**${v}** (${fmtRatio(r.ratioFloor)})` : c === "ours" ? `**${v}**${growth}` : v + growth;
    };
    out.push(`| ${g[0]!.title} | ${fmtSize(size)} | ${cs.map(cell).join(" | ")} |`);
  }
  return out.join("\n");
}
