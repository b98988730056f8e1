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
 *
 * The commonest route lines (`route add|del PREFIX via GW dev DEV`, see
 * route-fast.ts) skip the generic command path: parsed into numbers and
 * written straight into the batch buffer, with the same bytes, lookups and
 * messages as the generic path.
 */
import { readFileSync } from "node:fs";
import type { BatchRequest, NetlinkConnection } from "../lib/conn/connection.ts";
import type { NetlinkError } from "../lib/conn/errors.ts";
import { AF, type Ctx } from "./context.ts";
import { matches } from "./args.ts";
import { BatchReader, makeArgs } from "./batch-parse.ts";
import { kernelError, nodev, strerror } from "./errors.ts";
import { failure, report, runCommand, type RunHooks } from "./main.ts";
import { TABLES } from "./names.ts";
import { FastRoutes } from "./route-fast.ts";

export { makeArgs, parseBatch, type BatchLine } from "./batch-parse.ts";

/** Thrown into a running line when sending the queue showed that the batch must stop. */
class BatchStop extends Error {
  override readonly name = "BatchStop";
}

/**
 * A connection whose ACK-only requests are queued instead of sent; every
 * other call first sends the queue. `flush` returns the failures by line.
 */
class Pipeline {
  /** Queued requests and the batch line of each. */
  private reqs: BatchRequest[] = [];
  private lines: number[] = [];
  line = 0;
  /** Send ACK-only requests at once (lines whose requests carry file descriptors that close right after). */
  direct = false;
  readonly proxy: NetlinkConnection;
  constructor(
    readonly conn: NetlinkConnection,
    /** Rows of the route lines queued by the fast path (dropped once sent). */
    readonly fast: FastRoutes,
    private readonly onErrors: (errs: Array<{ line: number; error: NetlinkError }>, stopped: boolean) => void,
    private readonly stopOnError: () => boolean,
    readonly stopped: () => boolean,
  ) {
    const self = this;
    this.proxy = new Proxy(conn, {
      get(target, prop, receiver) {
        if (prop === "ack" && !self.direct) {
          return (type: number, flags: number, codec: BatchRequest["codec"], msg: unknown) => {
            self.push({ type, flags, codec, msg });
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

  /** Queue a request of the current line. */
  push(req: BatchRequest): void {
    this.reqs.push(req);
    this.lines.push(this.line);
  }

  /** Send everything queued; failures go to onErrors. */
  flush(): void {
    if (this.reqs.length === 0) return;
    const reqs = this.reqs;
    const lines = this.lines;
    this.reqs = [];
    this.lines = [];
    let r;
    try {
      r = this.conn.batch(reqs, { stopOnError: this.stopOnError() });
    } finally {
      this.fast.clear();
    }
    if (r.errors.length) this.onErrors(r.errors.map((e) => ({ line: lines[e.index]!, error: e.error })), r.stopped);
  }
}

/** Words that make a line talk to other namespaces or file descriptors: run it unqueued. */
const SYNC_WORDS = new Set(["netns", "link-netns", "link-netnsid"]);

function syncWord(w: string): boolean {
  return (w.length === 5 || w.length === 10 || w.length === 12) && SYNC_WORDS.has(w);
}

function hasSyncWord(words: readonly string[]): boolean {
  for (let i = 0; i < words.length; i++) if (syncWord(words[i]!)) return true;
  return false;
}

/** Run a batch file; returns ip's exit status (1 when any line failed). */
export async function runBatch(ctx: Ctx, file: string): Promise<number> {
  let bytes: Uint8Array;
  try {
    bytes = file === "-" ? Buffer.from(ctx.io.readStdin(), "utf8") : readFileSync(file);
  } catch (e) {
    const errno = (e as { errno?: number }).errno;
    ctx.io.err(`Cannot open file "${file}" for reading: ${errno !== undefined ? strerror(Math.abs(errno)) : (e as Error).message}\n`);
    return 1;
  }
  const force = ctx.opts.force;
  let status = 0;
  let stop = false;
  let reader: BatchReader;
  try {
    reader = new BatchReader(bytes);
  } catch (e) {
    return report(ctx.io, e);
  }
  const failedLine = (line: number) => {
    ctx.io.err(`Command failed ${file}:${line}\n`);
    status = 1;
    if (!force) stop = true;
  };
  const family = ctx.opts.family === AF.INET || ctx.opts.family === AF.INET6 ? ctx.opts.family : 0;
  const env = { indexOf: (name: string) => ctx.names.indexOf(name), namesVersion: () => ctx.names.version, tableId: (w: string) => TABLES.id(w), syncWord };
  // room for as many routes as the file can have lines of the fast shape (~40 bytes each)
  const fast = new FastRoutes(family, env, nodev, bytes.length / 40);
  const pipeline = new Pipeline(ctx.directConn, fast, (errs) => {
    for (const { line, error } of errs) {
      ctx.io.err(kernelError(error).message);
      failedLine(line);
    }
  }, () => !force, () => stop);
  const hooks: RunHooks = {
    rethrowFatal: true,
    passThrough: (e) => e instanceof BatchStop,
    beforeReport: () => pipeline.flush(),
  };
  /**
   * Run lines for as long as the fast path takes them, in this synchronous
   * loop (no promise per line). True when the reader stands at a line for
   * the generic path; false at the end of the batch or when it stopped.
   * Throws what `failure` throws (BatchStop, fatal errors).
   */
  const fastLines = (): boolean => {
    for (;;) {
      if (!reader.next() || stop) return false;
      const line = reader.line;
      pipeline.line = line;
      pipeline.direct = false;
      if (reader.start < 0) return true;
      let code: number;
      try {
        const row = fast.parse(bytes, reader.start, reader.end);
        if (row < 0) return true;
        pipeline.push({ type: fast.type, flags: fast.flags, codec: fast.codec, msg: row });
        continue;
      } catch (e) {
        code = failure(ctx, e, hooks);
      }
      if (code !== 0) {
        pipeline.flush();
        if (stop) return false;
        failedLine(line);
      }
    }
  };
  ctx.override = pipeline.proxy;
  try {
    for (;;) {
      let words: string[];
      let code: number;
      let line = 0;
      try {
        if (!fastLines()) break;
        line = reader.line;
        words = makeArgs(reader.text());
        if (words.length === 0) continue;
        // a request naming another namespace carries an fd that is closed as soon as the call returns
        pipeline.direct = hasSyncWord(words);
        code = await runCommand(ctx, words, hooks);
      } catch (e) {
        if (e instanceof BatchStop) break;
        // a fatal error (ip's exit()): report what is queued first, then stop the whole batch
        pipeline.flush();
        return report(ctx.io, e);
      }
      // names and indexes of links may have changed (even by a line that failed half way): later lines look them up again
      if (matches(words[0]!, "link") || matches(words[0]!, "netns")) ctx.names.clear();
      if (code !== 0) {
        pipeline.flush();
        if (stop) break;
        failedLine(line);
      }
    }
    pipeline.flush();
  } finally {
    ctx.override = undefined;
  }
  return status;
}
