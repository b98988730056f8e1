/**
 * Finding and building the contenders at bench time: the C floor compiled
 * with the machine's cc, the vishvananda/netlink peer built with Debian's
 * Go toolchain and library sources (GOPATH mode, no network), pyroute2
 * from Debian's python3-pyroute2 under /usr/bin/python3, the bun-netlink
 * CLI when its batch mode works, and the machine description for the
 * report. `npm run bench:setup` installs the peers.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join, resolve } from "node:path";
import type { ContenderId, Tools } from "./types.ts";

const BENCH = resolve(import.meta.dir, "..");
const ROOT = resolve(BENCH, "..");
export const BUILD = join(BENCH, "build");
const GOPATH = "/usr/share/gocode";

/** Availability of each contender: undefined when usable, else why not ("not installed: ..."). */
export type Availability = Partial<Record<ContenderId, { status: "not installed" | "not available"; reason: string }>>;

function sh(argv: string[], env?: Record<string, string>): { ok: boolean; out: string } {
  try {
    const r = Bun.spawnSync(argv, { stdout: "pipe", stderr: "pipe", env: { ...(process.env as Record<string, string>), ...env } });
    return { ok: r.exitCode === 0, out: (r.stdout.toString() + r.stderr.toString()).trim() };
  } catch (e) {
    return { ok: false, out: (e as Error).message };
  }
}

function which(cmd: string): string | undefined {
  const r = sh(["sh", "-c", `command -v ${cmd}`]);
  return r.ok && r.out !== "" ? r.out.split("\n")[0] : undefined;
}

/** Build the C floor and the Go peer into bench/build/ and report what can run. */
export function prepareTools(): { tools: Tools; missing: Availability; versions: Record<string, string> } {
  mkdirSync(BUILD, { recursive: true });
  const missing: Availability = {};
  const cc = which("cc");
  if (cc === undefined) throw new Error("the C floor needs a C compiler (cc); install gcc");
  const floor = join(BUILD, "floor");
  const src = join(BENCH, "floor");
  const units = readdirSync(src).filter((f) => f.endsWith(".c")).sort().map((f) => join(src, f));
  const c = sh([cc, "-O2", "-Wall", "-o", floor, ...units]);
  if (!c.ok) throw new Error(`building the C floor failed:\n${c.out}`);

  const goBin = join(BUILD, "vishvananda-bench");
  const go = which("go");
  if (go === undefined || !existsSync(join(GOPATH, "src/github.com/vishvananda/netlink"))) {
    missing.go = { status: "not installed", reason: "needs golang-go and golang-github-vishvananda-netlink-dev (npm run bench:setup)" };
  } else {
    const b = sh([go, "build", "-o", goBin, "./bench/peers/vishvananda"], { GO111MODULE: "off", GOPATH, GOCACHE: join(BUILD, "gocache"), GOFLAGS: "" });
    if (!b.ok) missing.go = { status: "not available", reason: `go build failed: ${b.out.split("\n")[0]}` };
  }

  const python = "/usr/bin/python3";
  if (!existsSync(python) || !sh([python, "-c", "import pyroute2"]).ok) {
    missing.py = { status: "not installed", reason: "needs python3-pyroute2 (npm run bench:setup)" };
  }

  const cli = builtCli();
  if (typeof cli !== "string") missing.cli = { status: "not available", reason: cli.reason };

  const tools: Tools = { bun: process.execPath, floor, cli: typeof cli === "string" ? cli : "", go: goBin, python, ip: "ip" };
  return { tools, missing, versions: versions(cc, go, python, missing) };
}

/** Newest modification time of the files under `dir`. */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) t = Math.max(t, statSync(join(e.parentPath, e.name)).mtimeMs);
  }
  return t;
}

/**
 * The CLI every CLI row runs: dist/bun-netlink, the single-file program
 * `npm run build` compiles (`bun build --compile --bytecode`; the README's
 * fast form of the command line), built again when older than the sources.
 * Not the TypeScript entry cli/bun-netlink, which Bun transpiles (~100
 * modules) on every run: a development convenience, not what users run.
 */
export function builtCli(): string | { reason: string } {
  const cli = join(ROOT, "dist", "bun-netlink");
  const sources = Math.max(...["cli", "lib", "codecs"].map((d) => newest(join(ROOT, d))));
  if (!existsSync(cli) || statSync(cli).mtimeMs < sources) {
    const b = sh([process.execPath, join(ROOT, "scripts", "build.ts")]);
    if (!b.ok || !existsSync(cli)) return { reason: `npm run build failed: ${firstLine(b.out)}` };
  }
  return cli;
}

function firstLine(s: string): string {
  return s.split("\n")[0]!.trim();
}

function pkgVersion(name: string): string {
  const r = sh(["dpkg-query", "-W", "-f", "${Version}", name]);
  return r.ok ? r.out : "not installed";
}

/** The machine and the versions the run used. */
function versions(cc: string, go: string | undefined, python: string, missing: Availability): Record<string, string> {
  const cpuModel = /^model name\s*:\s*(.*)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? "unknown";
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
  return {
    cpu: `${cpuModel} (${cpus().length} cores)`,
    memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
    kernel: firstLine(sh(["uname", "-sr"]).out),
    os: /^PRETTY_NAME="?([^"\n]*)/m.exec(readFileSync("/etc/os-release", "utf8"))?.[1] ?? "unknown",
    bun: Bun.version,
    "bun-netlink": pkg.version,
    iproute2: firstLine(sh(["ip", "-V"]).out),
    cc: firstLine(sh([cc, "--version"]).out),
    go: go === undefined ? "not installed" : firstLine(sh([go, "version"]).out),
    "vishvananda/netlink": missing.go?.status === "not installed" ? "not installed" : pkgVersion("golang-github-vishvananda-netlink-dev"),
    python: firstLine(sh([python, "--version"]).out) || "not installed",
    pyroute2: missing.py ? "not installed" : pkgVersion("python3-pyroute2"),
  };
}
