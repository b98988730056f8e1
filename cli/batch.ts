/**
 * `-batch FILE` (`-` for standard input), read like ip's batch mode
 * (lib/utils.c getcmdline/makeargs: '#' comments, "\" continuation lines,
 * '...' and "..." words), but pipelined: requests that only need an ACK
 * are queued and sent many per sendmsg through `conn.batch`, every ACK is
 * checked and attributed to its line. Anything that reads from the kernel
 * (a show, a name lookup that misses the cache, a dump) first sends what
 * is queued, so each line sees the effect of the lines before it.
 *
 * Failures print ip's message and "Command failed FILE:LINE"; without
 * -force the batch stops at the first failing line. A request already in
 * the same sendmsg as a failing one has been carried out by the kernel
 * (the kernel does not stop inside a datagram); such later failures are
 * reported too.
 */
import { readFileSync } from "node:fs";
import type { BatchRequest, NetlinkConnection } from "../lib/conn/connection.ts";
import type { NetlinkError } from "../lib/conn/errors.ts";
import type { Ctx } from "./context.ts";
import { matches } from "./args.ts";
import { CliError, kernelError, strerror } from "./errors.ts";
import { report, runCommand } from "./main.ts";

/** One command of a batch file: its words and the (last) physical line number. */
export interface BatchLine {
  line: number;
  words: string[];
}

/** Split a batch text into commands as ip's getcmdline + makeargs do; a CliError for bad quoting. */
export function parseBatch(text: string): BatchLine[] {
  const phys = text.split("\n");
  if (phys.length > 0 && phys[phys.length - 1] === "") phys.pop();
  const out: BatchLine[] = [];
  let i = 0;
  while (i < phys.length) {
    let lineNo = i + 1;
    let cur = stripComment(phys[i++]!);
    while (cur.endsWith("\\") && !phys[i - 1]!.includes("#")) {
      if (i >= phys.length) throw new CliError("Missing continuation line\n", 1, true);
      cur = cur.slice(0, -1) + stripComment(phys[i++]!);
      lineNo = i;
    }
    const words = makeArgs(cur);
    if (words.length > 0) out.push({ line: lineNo, words });
  }
  return out;
}

function stripComment(s: string): string {
  const h = s.indexOf("#");
  return h >= 0 ? s.slice(0, h) : s;
}

/** ip's makeargs: whitespace-separated words, a word starting with ' or " runs to the same quote. */
export function makeArgs(line: string): string[] {
  const ws = " \t\r\n";
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && ws.includes(line[i]!)) i++;
    if (i >= line.length) break;
    const c = line[i]!;
    if (c === "'" || c === '"') {
      const end = line.indexOf(c, i + 1);
      if (end < 0) throw new CliError("Unterminated quoted string\n", 1, true);
      out.push(line.slice(i + 1, end));
      i = end + 1;
    } else {
      let j = i;
      while (j < line.length && !ws.includes(line[j]!)) j++;
      out.push(line.slice(i, j));
      i = j;
    }
    if (i < line.length) i++; // the separator (ip overwrites it with NUL)
  }
  return out;
}

/** Thrown into a running line when sending the queue showed that the batch must stop. */
class BatchStop extends Error {
  override readonly name = "BatchStop";
}

interface Queued {
  req: BatchRequest;
  line: number;
}

/**
 * A connection whose ACK-only requests are queued instead of sent; every
 * other call first sends the queue. `flush` returns the failures by line.
 */
class Pipeline {
  readonly queue: Queued[] = [];
  line = 0;
  /** Send ACK-only requests at once (lines whose requests carry file descriptors that close right after). */
  direct = false;
  readonly proxy: NetlinkConnection;

  constructor(
    readonly conn: NetlinkConnection,
    private readonly onErrors: (errs: Array<{ line: number; error: NetlinkError }>, stopped: boolean) => void,
    private readonly stopOnError: () => boolean,
    readonly stopped: () => boolean,
  ) {
    const self = this;
    this.proxy = new Proxy(conn, {
      get(target, prop, receiver) {
        if (prop === "ack" && !self.direct) {
          return (type: number, flags: number, codec: BatchRequest["codec"], msg: unknown) => {
            self.queue.push({ req: { type, flags, codec, msg }, line: self.line });
          };
        }
        const v = Reflect.get(target, prop, receiver);
        if (typeof v !== "function") return v;
        return (...args: unknown[]) => {
          self.flush();
          if (self.stopped()) throw new BatchStop("batch stopped");
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  }

  /** Send everything queued; failures go to onErrors. */
  flush(): void {
    if (this.queue.length === 0) return;
    const q = this.queue.splice(0);
    const r = this.conn.batch(q.map((x) => x.req), { stopOnError: this.stopOnError() });
    if (r.errors.length) this.onErrors(r.errors.map((e) => ({ line: q[e.index]!.line, error: e.error })), r.stopped);
  }
}

/** Words that make a line talk to other namespaces or file descriptors: run it unqueued. */
const SYNC_WORDS = new Set(["netns", "link-netns", "link-netnsid"]);

/** Run a batch file; returns ip's exit status (1 when any line failed). */
export async function runBatch(ctx: Ctx, file: string): Promise<number> {
  let text: string;
  try {
    text = file === "-" ? ctx.io.readStdin() : readFileSync(file, "utf8");
  } catch (e) {
    const errno = (e as { errno?: number }).errno;
    ctx.io.err(`Cannot open file "${file}" for reading: ${errno !== undefined ? strerror(Math.abs(errno)) : (e as Error).message}\n`);
    return 1;
  }
  const force = ctx.opts.force;
  let status = 0;
  let stop = false;
  let lines: BatchLine[];
  try {
    lines = parseBatch(text);
  } catch (e) {
    return report(ctx.io, e);
  }
  const failedLine = (line: number) => {
    ctx.io.err(`Command failed ${file}:${line}\n`);
    status = 1;
    if (!force) stop = true;
  };
  const pipeline = new Pipeline(ctx.directConn, (errs) => {
    for (const { line, error } of errs) {
      ctx.io.err(kernelError(error).message);
      failedLine(line);
    }
  }, () => !force, () => stop);
  ctx.override = pipeline.proxy;
  try {
    for (const { line, words } of lines) {
      if (stop) break;
      pipeline.line = line;
      // a request naming another namespace carries an fd that is closed as soon as the call returns
      pipeline.direct = words.some((w) => SYNC_WORDS.has(w));
      let code: number;
      try {
        code = await runLine(ctx, words, pipeline);
      } catch (e) {
        if (e instanceof BatchStop) break;
        // a fatal error (ip's exit()): report what is queued first, then stop the whole batch
        pipeline.flush();
        return report(ctx.io, e);
      }
      if (code !== 0) {
        pipeline.flush();
        if (stop) break;
        failedLine(line);
        continue;
      }
      // names and indexes of links may change: later lines look them up again
      if (matches(words[0]!, "link") || matches(words[0]!, "netns")) ctx.names.clear();
    }
    pipeline.flush();
  } finally {
    ctx.override = undefined;
  }
  return status;
}

/** Run one line; fatal CLI errors are rethrown (ip exits at once), others become a status. */
function runLine(ctx: Ctx, words: string[], pipeline: Pipeline): Promise<number> {
  return runCommand(ctx, words, {
    rethrowFatal: true,
    passThrough: (e) => e instanceof BatchStop,
    beforeReport: () => pipeline.flush(),
  });
}
