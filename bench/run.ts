/**
 * `npm run bench`: every workload side by side (C floor, bun-netlink's
 * library and CLI, iproute2, vishvananda/netlink, pyroute2), each
 * contender in throwaway namespaces, alternating contenders over several
 * rounds after a warm-up pass; prints medians with ratios to the C floor
 * and to iproute2, and judges the targets of the benchmark issue.
 *
 *   bun bench/run.ts [--quick | --micro] [--json FILE] [--svg FILE]
 *                    [--only routes,latency,...] [--contenders floor,ours,...] [--no-save]
 *
 * A full run (no --quick/--micro) also writes bench/results/latest.json
 * and latest.svg unless --no-save. Needs root (namespaces). The root
 * namespace is never changed; every namespace made here is removed at the
 * end, also on failure and on Ctrl-C.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { BUILD, prepareTools } from "./lib/tools.ts";
import { BASE_SETUP, cleanupRun, cleanupStale, closeProbe, createBenchNetns, deleteBenchNetns, listBench, RUN_PREFIX, settle } from "./lib/netns.ts";
import { killCurrent, run } from "./lib/proc.ts";
import { headlineMarkdown, LABELS, markdownTable, targetLines, targets, textTable } from "./lib/report.ts";
import { medianOf, rotate } from "./lib/stats.ts";
import { chartSvg } from "./lib/svg.ts";
import { CONTENDERS, type ContenderId, type Ctx, type Mode, type Phase, type Row, type Sample, type Workload } from "./lib/types.ts";
import { WORKLOADS } from "./workloads/index.ts";

/** Whether `--only` item `x` selects workload `id` ("routes" selects every "routes:SET"). */
function selects(x: string, id: string): boolean {
  return id === x || id.startsWith(`${x}:`);
}
const RESULTS = resolve(import.meta.dir, "results");

interface Args {
  mode: Mode;
  json?: string;
  svg?: string;
  only?: string[];
  contenders: ContenderId[];
  save: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { mode: "full", contenders: [...CONTENDERS], save: true };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i]!;
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${k} needs a value`);
      return v;
    };
    if (k === "--quick") a.mode = "quick";
    else if (k === "--micro") a.mode = "micro";
    else if (k === "--json") a.json = val();
    else if (k === "--svg") a.svg = val();
    else if (k === "--no-save") a.save = false;
    else if (k === "--only") a.only = val().split(",");
    else if (k === "--contenders") {
      const list = val().split(",");
      for (const c of list) if (!(CONTENDERS as readonly string[]).includes(c)) throw new Error(`--contenders: unknown contender ${c} (${CONTENDERS.join(", ")})`);
      a.contenders = list as ContenderId[];
    } else if (k === "--help" || k === "-h") {
      console.log("usage: bun bench/run.ts [--quick|--micro] [--json FILE] [--svg FILE] [--only WORKLOADS] [--contenders LIST] [--no-save]");
      console.log(`workloads: ${WORKLOADS.map((w) => w.id).join(", ")}; contenders: ${CONTENDERS.join(", ")}`);
      process.exit(0);
    } else throw new Error(`unknown argument ${k}`);
  }
  if (a.only) for (const w of a.only) if (!WORKLOADS.some((x) => selects(w, x.id))) throw new Error(`--only: unknown workload ${w}`);
  return a;
}

/** Longest a single contender run may be expected to take before it is skipped at a size. */
const BUDGET: Record<Mode, number> = { full: 150, quick: 8, micro: 30 };
/** A run longer than this (seconds) is measured once, even in the warm-up pass, and not repeated. */
const LONG_RUN: Record<Mode, number> = { full: 8, quick: 2, micro: 30 };
/** Total seconds one contender may spend on the measured rounds of one phase and size. */
const ROUND_BUDGET: Record<Mode, number> = { full: 25, quick: 6, micro: 30 };

let aborted = false;
function onSignal(sig: string): void {
  if (aborted) return;
  aborted = true;
  console.error(`\n${sig}: stopping, removing the benchmark namespaces...`);
  killCurrent();
  closeProbe();
  const gone = cleanupRun();
  console.error(`removed ${gone.length} namespaces`);
  process.exit(130);
}

function log(s: string): void {
  process.stderr.write(s + "\n");
}

/** Parse the JSON line a self-timing contender prints. */
function parseInternal(stdout: string): Record<string, number> {
  const line = stdout.trim().split("\n").pop() ?? "";
  const v = JSON.parse(line) as Record<string, number>;
  if (typeof v.seconds !== "number") throw new Error(`no timing in output: ${line.slice(0, 200)}`);
  return v;
}

const RUSAGE_MARK = "BNLBENCH-RUSAGE ";

interface Cell {
  row: Row;
  samples: Sample[];
  failed?: string;
}

/** Run one contender's command for a phase, verify it; a sample or an error text. */
async function runPhase(phase: Phase, c: ContenderId, ctx: Ctx, size: number): Promise<{ sample?: Sample; error?: string; n?: number; wall?: number } | undefined> {
  const cmd = phase.command(c, ctx, size);
  if (cmd === undefined) return undefined;
  // Whole-process contenders run under the C floor's exec-rss: a forked child whose rusage is its own.
  // Their output goes to a file on tmpfs, the sink that costs the writer least, and is checked from there.
  const sink = cmd.checkOutput ? join(existsSync("/dev/shm") ? "/dev/shm" : ctx.tmp, `${RUN_PREFIX}out`) : undefined;
  const argv = cmd.netns
    ? ["ip", "netns", "exec", cmd.netns, ...cmd.argv]
    : cmd.timing === "process" ? [ctx.tools.floor, "exec-rss", ...(sink ? ["-o", sink] : []), ...cmd.argv] : cmd.argv;
  const r = await run(argv);
  let output = r.stdout;
  if (sink && existsSync(sink)) {
    output = readFileSync(sink, "utf8");
    rmSync(sink, { force: true });
  }
  if (aborted) return { error: "aborted" };
  if (r.code !== 0) return { error: `exit ${r.code}: ${(r.stderr.trim() || r.stdout.trim()).split("\n").slice(-3).join(" / ").slice(0, 300)}` };
  let sample: Sample;
  let reported: { count?: number; errors?: number; n?: number } = {};
  if (cmd.timing === "internal") {
    let v: Record<string, number>;
    try {
      v = parseInternal(r.stdout);
    } catch (e) {
      return { error: (e as Error).message };
    }
    sample = { seconds: v.seconds!, user: v.user, sys: v.sys, maxrss: v.maxrss };
    if (v.hwmAfter !== undefined && v.hwmBefore !== undefined) sample.rssGrowth = v.hwmAfter - v.hwmBefore;
    reported = { count: v.count, errors: v.errors };
  } else {
    const at = r.stderr.lastIndexOf(RUSAGE_MARK);
    if (at < 0) return { error: "exec-rss printed no rusage" };
    const u = JSON.parse(r.stderr.slice(at + RUSAGE_MARK.length).split("\n")[0]!) as Record<string, number>;
    sample = { seconds: u.seconds!, user: u.user, sys: u.sys, maxrss: u.maxrss };
    const bad = cmd.checkOutput?.(output);
    if (bad) return { error: `wrong result: ${bad}` };
  }
  if (cmd.n !== undefined) reported.n = cmd.n;
  const bad = phase.verify(ctx, size, reported);
  if (bad) return { error: `wrong result: ${bad}` };
  return { sample, n: cmd.n, wall: r.wall };
}

function value(s: Sample, unit: Phase["unit"], n: number): number {
  if (unit === "us/req") return (s.seconds / n) * 1e6;
  if (unit === "MiB") return (s.maxrss ?? NaN) / (1024 * 1024);
  return s.seconds;
}

async function runWorkload(w: Workload, args: Args, ctxBase: Omit<Ctx, "netns" | "prefix" | "state">, missing: ReturnType<typeof prepareTools>["missing"], rows: Row[]): Promise<void> {
  const sizes = w.sizes[args.mode];
  /** Seconds per unit of size each (phase, contender) took at the previous size: the budget estimate. */
  const pace = new Map<string, number>();
  for (const [si, size] of sizes.entries()) {
    const rounds = w.rounds(size, args.mode);
    const cells = new Map<string, Cell>();
    const active: ContenderId[] = [];
    for (const c of args.contenders) {
      const m = missing[c];
      for (const p of w.phases) {
        const row: Row = { workload: w.id, phase: p.id, title: p.title, size, contender: c, label: LABELS[c], status: "ok", unit: p.unit, rounds: 0, samples: [] };
        if (m) Object.assign(row, { status: m.status, reason: m.reason });
        cells.set(`${p.id}/${c}`, { row, samples: [] });
      }
      if (!m) active.push(c);
    }
    // Skip contenders the workload leaves out, and those whose previous-size pace says this size would blow the budget.
    const skip = new Set<ContenderId>();
    for (const [c, why] of Object.entries(w.skip ?? {}) as Array<[ContenderId, string]>) {
      if (!active.includes(c)) continue;
      skip.add(c);
      for (const q of w.phases) Object.assign(cells.get(`${q.id}/${c}`)!.row, { status: "skipped", reason: why });
    }
    for (const c of active) {
      for (const p of w.phases) {
        const perUnit = pace.get(`${p.id}/${c}`);
        const budget = args.mode === "full" ? w.budget ?? BUDGET.full : BUDGET[args.mode];
        if (perUnit !== undefined && perUnit * size > budget) {
          skip.add(c);
          for (const q of w.phases) {
            const cell = cells.get(`${q.id}/${c}`)!;
            cell.row.status = "skipped";
            cell.row.reason = `would take about ${Math.round(perUnit * size)} s per run (budget ${budget} s)`;
          }
        }
      }
    }
    const runners = active.filter((c) => !skip.has(c));
    const spent = new Map<ContenderId, number>();
    const done = new Set<ContenderId>();
    // A warm-up pass (page cache, kernel caches) in full runs; every self-timing program also warms up in-process.
    const warmPass = si === 0 && args.mode === "full";
    const passes = (warmPass ? 1 : 0) + rounds;
    for (let pass = 0; pass < passes && !aborted; pass++) {
      const warm = warmPass && pass === 0;
      const order = rotate(runners, pass).filter((c) => !done.has(c) && (warm || pass <= 1 || (spent.get(c) ?? 0) < ROUND_BUDGET[args.mode]));
      if (order.length === 0) break;
      log(`  ${w.id} N=${size} ${warm ? "warm-up" : `round ${pass - (passes - rounds) + 1}/${rounds}`}: ${order.join(" ")}`);
      let shared: string | undefined;
      let sharedState: Record<string, number> = {};
      if (w.shared && !w.noNetns) {
        shared = await createBenchNetns(w.id, BASE_SETUP);
        const ctx: Ctx = { ...ctxBase, netns: shared, prefix: `${RUN_PREFIX}${w.id}-`, state: sharedState };
        await w.setup?.(ctx, size);
        sharedState = ctx.state;
      }
      try {
        for (const c of order) {
          if (aborted) break;
          const ns = shared ?? (w.noNetns ? "" : await createBenchNetns(`${w.id}-${c}`, BASE_SETUP));
          const ctx: Ctx = { ...ctxBase, netns: ns, prefix: `${RUN_PREFIX}${c}-${pass}-`, state: shared ? sharedState : {} };
          const passSamples: Array<[Cell, Sample]> = [];
          try {
            if (!shared && !w.noNetns) await w.setup?.(ctx, size);
            for (const p of w.phases) {
              if (p.only && !p.only(size)) continue;
              const cell = cells.get(`${p.id}/${c}`);
              if (cell === undefined) continue; // no such operation for this contender
              if (cell.failed) break;
              const res = await runPhase(p, c, ctx, size);
              if (res === undefined) {
                cells.delete(`${p.id}/${c}`);
                continue;
              }
              if (res.error) {
                cell.failed = res.error;
                log(`    ${c} ${p.id}: FAILED ${res.error}`);
                break;
              }
              const s = res.sample!;
              spent.set(c, (spent.get(c) ?? 0) + Math.max(s.seconds, res.wall ?? 0));
              if (res.n !== undefined) cell.row.n = res.n;
              log(`    ${c} ${p.id}: ${s.seconds.toFixed(4)} s${warm ? " (warm-up)" : ""}`);
              // A run this long gains nothing from warming up: the whole pass counts, and is the contender's only round here.
              const long = s.seconds > LONG_RUN[args.mode];
              // A pass that already had a long run is the contender's only one: its later phases count as measured too.
              if (!warm || done.has(c)) cell.samples.push(s);
              else passSamples.push([cell, s]);
              if (long) {
                done.add(c);
                if (warm) for (const [pc, ps] of passSamples) pc.samples.push(ps);
                passSamples.length = 0;
              }
              // The budget goes by the whole process (start-up and warm-up included), not the timed part.
              pace.set(`${p.id}/${c}`, Math.max(s.seconds, res.wall ?? 0) / size);
            }
          } finally {
            if (!shared && ns !== "") {
              await deleteBenchNetns(ns);
              await settle();
            }
          }
        }
      } finally {
        if (shared) {
          await deleteBenchNetns(shared);
          await settle();
        }
      }
    }
    finishRows(w, size, cells, rows);
  }
}

/** Medians, ratios and statuses of one size's cells, appended to `rows`. */
function finishRows(w: Workload, size: number, cells: Map<string, Cell>, rows: Row[]): void {
  const out: Row[] = [];
  for (const cell of cells.values()) {
    const r = cell.row;
    if (cell.failed) Object.assign(r, { status: "failed", reason: cell.failed });
    else if (r.status === "ok" && cell.samples.length === 0) Object.assign(r, { status: "skipped", reason: aborted ? "aborted" : "no measured round" });
    if (r.status === "ok") {
      const n = r.n ?? size;
      const vals = cell.samples.map((s) => value(s, r.unit, n));
      r.rounds = cell.samples.length;
      r.samples = cell.samples.map((s) => s.seconds);
      r.median = medianOf(vals);
      r.min = Math.min(...vals);
      r.max = Math.max(...vals);
      r.user = medianOf(cell.samples.map((s) => s.user));
      r.sys = medianOf(cell.samples.map((s) => s.sys));
      r.peakRss = medianOf(cell.samples.map((s) => s.maxrss));
      r.rssGrowth = medianOf(cell.samples.map((s) => s.rssGrowth));
    }
    out.push(r);
  }
  for (const r of out) {
    const floor = out.find((x) => x.phase === r.phase && x.contender === "floor" && x.status === "ok");
    const ip = out.find((x) => x.phase === r.phase && x.contender === "ip" && x.status === "ok");
    if (r.median !== undefined && floor?.median) r.ratioFloor = r.median / floor.median;
    if (r.median !== undefined && ip?.median) r.ratioIp = r.median / ip.median;
    if (r.rounds === 0) r.rounds = Math.max(0, ...out.map((x) => x.rounds));
  }
  for (const r of out) if (r.rounds === 0) r.rounds = Math.max(...out.map((x) => x.rounds));
  rows.push(...out.sort((a, b) => w.phases.findIndex((p) => p.id === a.phase) - w.phases.findIndex((p) => p.id === b.phase) || CONTENDERS.indexOf(a.contender) - CONTENDERS.indexOf(b.contender)));
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (process.getuid?.() !== 0) {
    console.error("bench: needs root (it creates throwaway network namespaces); run as root: sudo npm run bench");
    return 2;
  }
  process.on("SIGINT", () => onSignal("SIGINT"));
  process.on("SIGTERM", () => onSignal("SIGTERM"));
  const stale = cleanupStale();
  if (stale.length) log(`removed ${stale.length} namespaces left by an earlier benchmark run`);
  const { tools, missing, versions } = prepareTools();
  const tmp = mkdtempSync(join(tmpdir(), "bnlbench-"));
  const started = new Date();
  const loadStart = loadavg().map((x) => Number(x.toFixed(2)));
  const t0 = performance.now();
  const rows: Row[] = [];
  let status = 0;
  try {
    if (!missing.cli) await probeCli(tools, missing);
    for (const [c, m] of Object.entries(missing)) if (args.contenders.includes(c as ContenderId)) log(`${LABELS[c as ContenderId]}: ${m.status} (${m.reason})`);
    const ctxBase = { mode: args.mode, tmp, build: BUILD, tools };
    const selected = WORKLOADS.filter((w) => !args.only || args.only.some((x) => selects(x, w.id)));
    for (const w of selected) {
      if (aborted) break;
      log(`${w.title} [${w.sizes[args.mode].join(", ")}]`);
      await runWorkload(w, args, ctxBase, missing, rows);
    }
  } catch (e) {
    console.error(`bench: ${(e as Error).stack ?? e}`);
    status = 1;
  } finally {
    closeProbe();
    cleanupRun();
    rmSync(tmp, { recursive: true, force: true });
  }
  const left = listBench(RUN_PREFIX);
  if (left.length > 0) {
    console.error(`bench: could not remove ${left.length} namespaces: ${left.join(", ")}`);
    status = 1;
  }
  const seconds = (performance.now() - t0) / 1000;
  const ts = targets(rows);
  console.log(textTable(rows));
  console.log(`\nTargets:\n${targetLines(ts)}`);
  console.log(`\n${args.mode} run: ${seconds.toFixed(0)} s on ${versions.cpu}, ${versions.kernel}, ${versions.iproute2}, Bun ${versions.bun}`);
  // Other work on the machine shows up as noise: the load average says how much there was.
  const load = { atStart: loadStart, atEnd: loadavg().map((x) => Number(x.toFixed(2))) };
  console.log(`load average (1/5/15 min) at start ${load.atStart.join(" ")}, at end ${load.atEnd.join(" ")}`);
  const result = { date: started.toISOString(), mode: args.mode, seconds, machine: versions, load, rows, targets: ts, markdown: markdownTable(rows), headline: headlineMarkdown(rows) };
  const subtitle = `${started.toISOString().slice(0, 10)} · ${versions.cpu} · ${versions.kernel} · ${versions.iproute2} · Bun ${versions.bun}`;
  const save = (file: string, text: string) => {
    mkdirSync(dirname(resolve(file)), { recursive: true });
    writeFileSync(file, text);
    log(`wrote ${file}`);
  };
  if (args.json) save(args.json, JSON.stringify(result, null, 2) + "\n");
  if (args.svg) save(args.svg, chartSvg(rows, `bun-netlink benchmarks (${args.mode} run)`, subtitle));
  if (args.mode === "full" && args.save && status === 0 && !aborted && !args.only && args.contenders.length === CONTENDERS.length) {
    save(join(RESULTS, "latest.json"), JSON.stringify(result, null, 2) + "\n");
    save(join(RESULTS, "latest.svg"), chartSvg(rows, "bun-netlink benchmarks", subtitle));
  }
  if (rows.some((r) => r.status === "failed")) status = status || 1;
  return status;
}

/** The CLI row runs only when the CLI's batch mode works on a trivial file. */
async function probeCli(tools: ReturnType<typeof prepareTools>["tools"], missing: ReturnType<typeof prepareTools>["missing"]): Promise<void> {
  const ns = await createBenchNetns("cli-probe", BASE_SETUP);
  try {
    const r = await run([tools.cli, "-n", ns, "-batch", "-"], { input: "route add 192.0.2.128/32 via 192.0.2.2 dev v0\n" });
    const check = await run(["ip", "-n", ns, "route", "show", "192.0.2.128/32"]);
    if (r.code !== 0 || !check.stdout.includes("192.0.2.128")) {
      missing.cli = { status: "not available", reason: `bun-netlink -batch does not work yet: ${(r.stderr.trim() || r.stdout.trim()).split("\n")[0]?.slice(0, 120) ?? ""}` };
    }
  } finally {
    await deleteBenchNetns(ns);
  }
}

process.exitCode = await main();
