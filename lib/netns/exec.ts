/**
 * Run a program inside a named network namespace, like `ip netns exec NAME
 * cmd...` (ip-netns(8)): own network namespace, a private mount namespace with
 * a sysfs that describes it, and /etc/netns/NAME/* bind-mounted over /etc.
 *
 * Bun is multithreaded, so the mount-namespace part cannot happen in this
 * process; a fresh `bun` runs ./exec-helper.ts, which switches its JS thread
 * and then execvp(3)s the program (see that file for the exact steps).
 *
 * How the helper is started depends on how the caller was shipped:
 * - from files on disk: `bun exec-helper.ts ...`;
 * - from the published build (dist/, also inside a `bun build` bundle): the
 *   helper's bundled source, `bun -e <source> -- ...`;
 * - inside a `bun build --compile` executable, `process.execPath` is the
 *   application: it is started with BUN_BE_BUN=1, which makes a compiled
 *   executable act as the `bun` CLI (never running the application), and the
 *   helper removes that variable before exec.
 */
import { existsSync } from "node:fs";
import { isStandaloneExecutable } from "../sys/standalone.ts";
import { EXEC_HELPER_SOURCE } from "./exec-helper-source.ts";
import { NetnsHandle } from "./handle.ts";
import { DEFAULT_NETNS_BASE, resolveNetnsPath, validatePath } from "./names.ts";

/** Options for {@link execInNetns} / {@link execInNetnsAsync}. */
export interface ExecInNetnsOptions {
  /** Directory of named namespaces (default /run/netns). */
  basePath?: string;
  /** Environment of the program (default: the current process.env). */
  env?: Record<string, string | undefined>;
  /** Working directory of the program (default: process.cwd()). */
  cwd?: string;
  /** Bytes or text fed to the program's stdin (default: none). */
  stdin?: string | Uint8Array;
  /**
   * The program writes to this process's stdout, as it goes (the result's
   * stdout is then empty); stderr is still captured, so the caller sees
   * the helper's own messages.
   */
  inheritStdout?: boolean;
  /** Kill the program (SIGKILL) after this many milliseconds. */
  timeoutMs?: number;
  /** The bun executable that runs the helper (default: process.execPath). */
  bunPath?: string;
}

/** Outcome of {@link execInNetns}. */
export interface ExecInNetnsResult {
  /** Exit status, or null when killed by a signal. 255: entering the namespace failed; 127/126: exec failed. */
  exitCode: number | null;
  /** Signal that ended the program (e.g. "SIGKILL"), or null. */
  signal: string | null;
  /** Captured standard output (UTF-8). */
  stdout: string;
  /** Captured standard error (UTF-8). */
  stderr: string;
}

const HELPER_URL = new URL("./exec-helper.ts", import.meta.url);

/** Oldest Bun whose compiled executables honour BUN_BE_BUN (engines: bun >= 1.4.0). */
const BE_BUN_SINCE = [1, 4, 0] as const;

function versionAtLeast(v: string, min: readonly number[]): boolean {
  const parts = v.split(/[.-]/).map((p) => Number.parseInt(p, 10));
  for (let i = 0; i < min.length; i++) {
    const a = parts[i] ?? 0;
    const b = min[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}

/**
 * The command that runs the helper with `args`, or a clear Error when this
 * program cannot start it (checked before any process is started).
 */
export function helperCommand(args: readonly string[], bunPath: string | undefined): { cmd: string[]; env: Record<string, string> } {
  const flags = ["--no-env-file", "--no-install"];
  if (bunPath !== undefined) {
    if (EXEC_HELPER_SOURCE !== null) return { cmd: [bunPath, ...flags, "-e", EXEC_HELPER_SOURCE, "--", ...args], env: {} };
  } else if (isStandaloneExecutable()) {
    if (EXEC_HELPER_SOURCE === null) {
      throw new Error(
        "execInNetns: this executable was compiled from bun-netlink's sources, which do not embed the namespace exec helper; " +
          "compile against the published package (its dist/ build) or pass bunPath (a bun executable)",
      );
    }
    if (!versionAtLeast(Bun.version, BE_BUN_SINCE)) {
      throw new Error(`execInNetns: a compiled executable needs Bun >= ${BE_BUN_SINCE.join(".")} (this is ${Bun.version}); pass bunPath`);
    }
    // BUN_BE_BUN=1: the executable behaves as the bun CLI and never runs the application.
    return { cmd: [process.execPath, ...flags, "-e", EXEC_HELPER_SOURCE, "--", ...args], env: { BUN_BE_BUN: "1" } };
  } else if (EXEC_HELPER_SOURCE !== null) {
    return { cmd: [process.execPath, ...flags, "-e", EXEC_HELPER_SOURCE, "--", ...args], env: {} };
  }
  if (HELPER_URL.protocol !== "file:" || !existsSync(HELPER_URL)) {
    throw new Error(
      `execInNetns: the namespace exec helper ${HELPER_URL.href} is not on disk (bundled from bun-netlink's sources?); ` +
        "bundle the published package (its dist/ build), which embeds it",
    );
  }
  // --no-env-file/--no-install: keep the helper hermetic; it runs from "/" so
  // no bunfig.toml of the caller's cwd applies, and chdirs before exec.
  return { cmd: [bunPath ?? process.execPath, ...flags, Bun.fileURLToPath(HELPER_URL), ...args], env: {} };
}

/** The last segment of `path` (node:path's basename, without loading node:path and node:url at start-up). */
function lastSegment(path: string): string {
  const p = path.replace(/\/+$/, "");
  return p.slice(p.lastIndexOf("/") + 1);
}

interface Prepared {
  cmd: string[];
  env: Record<string, string | undefined>;
  stdin: Uint8Array | undefined;
  timeout: number | undefined;
  inheritStdout: boolean;
}

/** Validate everything and build the helper command line (no process started yet). */
function prepare(ns: string, argv: readonly string[], opts: ExecInNetnsOptions): Prepared {
  if (typeof ns !== "string") throw new TypeError(`ns must be a namespace name or path, got ${typeof ns}`);
  const path = resolveNetnsPath(ns, opts.basePath ?? DEFAULT_NETNS_BASE);
  if (!Array.isArray(argv) || argv.length === 0) throw new TypeError("argv must be a non-empty array of strings");
  argv.forEach((a, i) => {
    if (typeof a !== "string") throw new TypeError(`argv[${i}] must be a string, got ${typeof a}`);
    if (a.includes("\0")) throw new TypeError(`argv[${i}] must not contain a NUL byte`);
  });
  if (argv[0] === "") throw new TypeError("argv[0] must not be empty");
  const cwd = opts.cwd ?? process.cwd();
  validatePath(cwd, "cwd");
  if (opts.timeoutMs !== undefined && !(Number.isFinite(opts.timeoutMs) && opts.timeoutMs > 0)) {
    throw new RangeError(`timeoutMs must be a positive number, got ${String(opts.timeoutMs)}`);
  }
  if (opts.stdin !== undefined && typeof opts.stdin !== "string" && !(opts.stdin instanceof Uint8Array)) {
    throw new TypeError("stdin must be a string or a Uint8Array");
  }
  if (opts.inheritStdout !== undefined && typeof opts.inheritStdout !== "boolean") throw new TypeError("inheritStdout must be a boolean");
  // Fail here, with a SyscallError, if the namespace does not exist or is unreadable.
  NetnsHandle.fromPath(path).close();
  if (opts.bunPath !== undefined) validatePath(opts.bunPath, "bunPath");
  const helper = helperCommand([path, lastSegment(path), cwd, "--", ...argv], opts.bunPath);
  return {
    cmd: helper.cmd,
    env: { ...(opts.env ?? process.env), ...helper.env },
    stdin: typeof opts.stdin === "string" ? new TextEncoder().encode(opts.stdin) : opts.stdin,
    timeout: opts.timeoutMs,
    inheritStdout: opts.inheritStdout === true,
  };
}

/** Spawn options shared by the sync and async forms: the helper runs from "/", output captured (stdout inherited with `inheritStdout`). */
function spawnOptions(p: ReturnType<typeof prepare>) {
  return {
    cmd: p.cmd,
    cwd: "/",
    env: p.env,
    stdin: p.stdin ?? ("ignore" as const),
    stdout: p.inheritStdout ? ("inherit" as const) : ("pipe" as const),
    stderr: "pipe" as const,
    ...(p.timeout !== undefined ? { timeout: p.timeout, killSignal: "SIGKILL" as const } : {}),
  };
}

function signalName(sig: unknown): string | null {
  if (sig === undefined || sig === null) return null;
  return String(sig);
}

/**
 * Run `argv` inside namespace `ns` (a name under /run/netns or a path) and
 * wait for it (Bun.spawnSync). Returns exit code/signal and captured output.
 * Throws SyscallError before starting anything if the namespace cannot be
 * opened; TypeError/RangeError for bad arguments.
 */
export function execInNetns(ns: string, argv: readonly string[], opts: ExecInNetnsOptions = {}): ExecInNetnsResult {
  const r = Bun.spawnSync(spawnOptions(prepare(ns, argv, opts)));
  const sig = signalName(r.signalCode);
  return {
    exitCode: sig === null ? r.exitCode : null,
    signal: sig,
    stdout: r.stdout?.toString() ?? "",
    stderr: r.stderr.toString(),
  };
}

/** Same as {@link execInNetns} without blocking the event loop (Bun.spawn). */
export async function execInNetnsAsync(
  ns: string,
  argv: readonly string[],
  opts: ExecInNetnsOptions = {},
): Promise<ExecInNetnsResult> {
  const proc = Bun.spawn(spawnOptions(prepare(ns, argv, opts)));
  const text = (s: ReadableStream<Uint8Array> | number | undefined) => (s instanceof ReadableStream ? new Response(s).text() : Promise.resolve(""));
  const [stdout, stderr] = await Promise.all([text(proc.stdout), new Response(proc.stderr).text()]);
  await proc.exited;
  const sig = signalName(proc.signalCode);
  return { exitCode: sig === null ? proc.exitCode : null, signal: sig, stdout, stderr };
}
