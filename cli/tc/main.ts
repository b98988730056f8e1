/**
 * bun-netlink-tc: tc 6.1's command line (tc/tc.c): global options, then
 * qdisc, class or filter (add, del, replace, change, show) or action
 * (add, change, replace, del, get, ls, flush), or a -batch
 * file (one command per line; the first failure ends the batch unless
 * -force, with "Command failed FILE:LINE").
 *
 *   import { tcMain } from "bun-netlink/cli/tc/main.ts";
 *   const status = await tcMain(["-s", "qdisc", "show", "dev", "eth0"], processIo());
 */
import { readFileSync } from "node:fs";
import { matches } from "../args.ts";
import { matchesColor } from "../options.ts";
import { parseBatch } from "../batch-parse.ts";
import { CliError } from "../errors.ts";
import type { Io } from "../io.ts";
import { doAction } from "./action.ts";
import { doChain } from "./chain.ts";
import { doExec } from "./exec.ts";
import { doClass, doFilter, doQdisc } from "./commands.ts";
import { TcCtx, type TcOptions } from "./context.ts";

/** tc -V. */
export const TC_VERSION = "tc utility, iproute2-6.1.0, libbpf 1.1.2";

const USAGE = "Usage:\ttc [ OPTIONS ] OBJECT { COMMAND | help }\n" +
  "\ttc [-force] -batch filename\n" +
  "where  OBJECT := { qdisc | class | filter | chain |\n" +
  "\t\t    action | monitor | exec }\n" +
  "       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[aw] |\n" +
  "\t\t    -o[neline] | -j[son] | -p[retty] | -c[olor]\n" +
  "\t\t    -b[atch] [filename] | -n[etns] name | -N[umeric] |\n" +
  "\t\t     -nm | -nam[es] | { -cf | -conf } path\n" +
  "\t\t     -br[ief] }\n";

function doCmd(ctx: TcCtx, a: string[]): void {
  const w = a[0]!;
  if (matches(w, "qdisc")) return doQdisc(ctx, a.slice(1));
  if (matches(w, "class")) return doClass(ctx, a.slice(1));
  if (matches(w, "filter")) return doFilter(ctx, a.slice(1));
  if (matches(w, "actions")) return doAction(ctx, a.slice(1));
  if (matches(w, "chain")) return doChain(ctx, a.slice(1));
  if (matches(w, "help")) { ctx.io.err(USAGE); return; }
  if (matches(w, "exec")) return doExec(ctx, a.slice(1));
  if (matches(w, "monitor")) {
    throw new CliError(`Object "${w}" is not implemented by bun-netlink-tc.\n`, 255, true);
  }
  throw new CliError(`Object "${w}" is unknown, try "tc help".\n`, 255, true);
}

/** Parse tc's global options; returns the rest or an exit status. */
export function parseTcOptions(argv: readonly string[], io: Io): { opts: TcOptions; rest: string[] } | number {
  const opts: TcOptions = { stats: 0, details: 0, raw: 0, pretty: false, json: false, oneline: false, iec: false, force: false };
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith("-")) break;
    if (matches(a, "-stats") || matches(a, "-statistics")) opts.stats++;
    else if (matches(a, "-details")) opts.details++;
    else if (matches(a, "-raw")) opts.raw++;
    else if (matches(a, "-pretty")) opts.pretty = true;
    else if (matches(a, "-graph")) opts.graph = true;
    else if (matches(a, "-Version")) { io.out(`${TC_VERSION}\n`); return 0; }
    else if (matches(a, "-iec")) opts.iec = true;
    else if (matches(a, "-help")) { io.err(USAGE); return 0; }
    else if (matches(a, "-force")) opts.force = true;
    else if (matches(a, "-batch")) { if (i + 1 >= argv.length) { io.err(USAGE); return 0; } opts.batch = argv[++i]; }
    else if (matches(a, "-netns")) { if (i + 1 >= argv.length) { io.err('Command line is not complete. Try option "help"\n'); return 255; } opts.netns = argv[++i]; }
    else if (matches(a, "-Numeric") || matches(a, "-names") || matches(a, "-nm")) { /* accepted, no effect here */ }
    else if (matches(a, "-cf") || matches(a, "-conf")) i++;
    else if (a.startsWith("-c") && matchesColor(a) !== undefined) opts.color = matchesColor(a)!;
    else if (matches(a, "-timestamp")) opts.timestamp ??= "long";
    else if (matches(a, "-tshort")) opts.timestamp = "short";
    else if (matches(a, "-json")) opts.json = true;
    else if (matches(a, "-oneline")) opts.oneline = true;
    else if (matches(a, "-brief")) opts.brief = true;
    else { io.err(`Option "${a}" is unknown, try "tc -help".\n`); return 255; }
  }
  return { opts, rest: argv.slice(i) };
}

function run(ctx: TcCtx, words: string[]): number {
  try {
    doCmd(ctx, words);
    return 0;
  } catch (e) {
    if (e instanceof CliError) {
      ctx.io.err(e.message);
      return e.code;
    }
    throw e;
  }
}

/** Run tc with `argv` (without the program name); returns the exit status. */
export async function tcMain(argv: readonly string[], io: Io): Promise<number> {
  const parsed = parseTcOptions(argv, io);
  if (typeof parsed === "number") return parsed;
  const { opts, rest } = parsed;
  const ctx = new TcCtx(opts, io);
  try {
    if (opts.batch !== undefined) return batch(ctx, opts.batch);
    if (rest.length === 0) { io.err(USAGE); return 0; }
    if (matches(rest[0]!, "monitor")) {
      const { tcMonitor } = await import("./monitor.ts");
      try {
        return await tcMonitor(ctx, rest.slice(1));
      } catch (e) {
        if (e instanceof CliError) { io.err(e.message); return e.code; }
        throw e;
      }
    }
    return run(ctx, rest);
  } finally {
    ctx.close();
  }
}

function batch(ctx: TcCtx, file: string): number {
  let text: string;
  try {
    text = file === "-" ? ctx.io.readStdin() : readFileSync(file, "utf8");
  } catch {
    ctx.io.err(`Cannot open file "${file}" for reading: No such file or directory\n`);
    return 1;
  }
  let ret = 0;
  for (const line of parseBatch(text)) {
    const st = run(ctx, line.words);
    ctx.refresh();
    if (st !== 0) {
      ctx.io.err(`Command failed ${file}:${line.line}\n`);
      ret = 1;
      if (!ctx.opts.force) break;
    }
  }
  return ret;
}
