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
 * -force the batch stops at the first failing line and, as with ip, no
 * later line's change remains. The kernel carries out every request of a
 * sendmsg, so windows are speculative: a request that can be undone
 * exactly (batch-undo.ts: a create with NLM_F_EXCL of a route, address,
 * neighbour or nexthop with an id, undone by deleting it; a route delete,
 * sent with NLM_F_ECHO and undone by adding back the route the kernel
 * echoed, unless it may hit a group of routes whose order the re-add
 * would not restore: batch-groups.ts; nor, once the batch may have changed
 * how gateways resolve, a delete that may remove a route through a
 * gateway, whose re-add could then fail: batch-gateways.ts) may follow
 * others in a window; when
 * an earlier request of the window failed, the later ones that succeeded
 * are undone, newest first,
 * and their outcomes are not reported (ip never ran them). Any other
 * request (replace, change, other deletes, link changes, rules, ...) is a
 * barrier: the queue is sent and checked before it is queued, so it only
 * ever heads a window. With -force nothing is undone and every line runs.
 *
 * The commonest route lines (`route add|del PREFIX via GW dev DEV`, see
 * route-fast.ts) skip the generic command path: parsed into numbers and
 * written straight into the batch buffer, with the same bytes, lookups and
 * messages as the generic path.
 */
import { readFileSync } from "node:fs";
import type { BatchRequest, NetlinkConnection } from "../lib/conn/connection.ts";
import type { NetlinkError } from "../lib/conn/errors.ts";
import { RTM } from "../codecs/rtnetlink.ts";
import { AF, type Ctx } from "./context.ts";
import { matches } from "./args.ts";
import { BatchReader, makeArgs } from "./batch-parse.ts";
import { kernelError, nodev, strerror } from "./errors.ts";
import { failure, report, runCommand, type RunHooks } from "./dispatch.ts";
import { TABLES } from "../lib/format/names.ts";
import { FastRoutes } from "./route-fast.ts";
import { requestFamily } from "./prefix.ts";
import { echoed, restoreRequest, undoneByEcho, undoOf } from "./batch-undo.ts";
import { BARRIER, EXACT, READ, RouteGroups } from "./batch-groups.ts";
import { GatewayWatch, type RouteRow } from "./batch-gateways.ts";

export { makeArgs, parseBatch, type BatchLine } from "./batch-parse.ts";

/** Thrown into a running line when sending the queue showed that the batch must stop. */
class BatchStop extends Error {
  override readonly name = "BatchStop";
}

/** Queued requests after which the queue is sent (as before a barrier), so a 1M-line batch does not hold 1M requests. */
export const FLUSH_AT = 16384;

/** Request types whose refusal ends the whole batch, -force or not (ipneigh_modify and ipntable_modify call exit(2)). */
const FATAL_TYPES = new Set<number>([RTM.NEWNEIGH, RTM.DELNEIGH, RTM.SETNEIGHTBL]);

/**
 * A connection whose ACK-only requests are queued instead of sent; every
 * other call first sends the queue. `flush` reports the failures by line
 * (without -force: only the first one, after undoing what came after it).
 */
class Pipeline {
  /** Queued requests and the batch line of each. */
  private reqs: BatchRequest[] = [];
  private lines: number[] = [];
  /** Indexes (in reqs) of the requests sent with NLM_F_ECHO, undone from their echo. */
  private echo: number[] = [];
  /** Indexes (in reqs) of the deletes sent with NLM_F_ECHO so that the gateway watch learns what they removed. */
  private probes: number[] = [];
  /** True when a queued request may end the batch if it fails (then what follows it must be undoable). */
  private mayStop = false;
  /** Which deletes must be barriers lest their undo need a gateway that no longer resolves. */
  private readonly gateways: GatewayWatch;
  /** The route row being pushed (reused). */
  private readonly row: RouteRow = { af: 0, family: 0, table: 0, len: 0, gateway: true, dst: undefined };
  line = 0;
  /** Send ACK-only requests at once (lines whose requests carry file descriptors that close right after). */
  direct = false;
  readonly proxy: NetlinkConnection;
  /** Which route deletes may be speculative (not those of a group whose order an undo cannot restore). */
  readonly groups: RouteGroups;
  constructor(
    readonly conn: NetlinkConnection,
    /** Rows of the route lines queued by the fast path (dropped once sent). */
    readonly fast: FastRoutes,
    /** Reports failures in line order; `fatal`: the last one ends the batch with ip's exit(2). */
    private readonly onErrors: (errs: Array<{ line: number; error: NetlinkError }>, fatal: boolean) => void,
    /** True without -force: stop at the first failure, windows speculative. */
    private readonly stopOnError: boolean,
    readonly stopped: () => boolean,
    /** Told when an undo request failed (the state then differs from ip's). */
    private readonly onUndoFailure: (line: number, error: NetlinkError) => void,
  ) {
    const self = this;
    this.groups = new RouteGroups(conn);
    this.gateways = new GatewayWatch(this.groups);
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
          if (!readOnly(prop, args)) {
            self.groups.stale();
            self.gateways.changed();
          }
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  }

  /**
   * Queue a request of the current line; one that cannot be undone waits
   * until the queue before it is known good. For a fast-path row,
   * `family`, `table` and `len` (dst_len) are its own when `family` is
   * non-zero, `af` is its family, and `gateway` says whether its next hops
   * all have a gateway.
   */
  push(req: BatchRequest, family = 0, table = 0, gateway = true, len = 0, af = family): void {
    const row = this.row;
    row.af = af;
    row.family = family;
    row.table = table;
    row.len = len;
    row.gateway = gateway;
    row.dst = family !== 0 ? this.fast.rowDst : undefined;
    this.groups.note(req, family !== 0, gateway);
    let echo = false;
    if (this.mayStop) {
      if (!undoneByEcho(req)) {
        if (undoOf(req) === undefined) {
          this.flush(false); // `req` may be a fast-path row: keep the rows until it is sent too
          if (this.stopped()) throw new BatchStop("batch stopped");
        }
      } else {
        // a delete in a group of routes whose order its undo would not restore is a barrier, as is one whose undo may need a gateway that moved
        let how = this.groups.classify(req, family, table);
        if (how === EXACT && this.gateways.hazard() && this.gateways.needsGateway(req, row)) how = BARRIER;
        if (how === EXACT) echo = true;
        else {
          this.flush(false);
          if (this.stopped()) throw new BatchStop("batch stopped");
          if (how === READ) this.groups.read(req);
        }
      }
    }
    if (this.gateways.watch(req, row, this.stopOnError || this.mayStop)) {
      this.probes.push(this.reqs.length);
      echo = true;
    }
    if (echo) {
      this.echo.push(this.reqs.length);
      req = echoed(req);
    }
    this.reqs.push(req);
    this.lines.push(this.line);
    if (this.stopOnError || FATAL_TYPES.has(req.type)) this.mayStop = true;
    // a long run of queued lines is sent in parts: what is held (requests, fast-path rows) stays bounded
    if (this.reqs.length >= FLUSH_AT) {
      this.flush();
      if (this.stopped()) throw new BatchStop("batch stopped");
    }
  }

  /** Send everything queued; failures go to onErrors. `clearFast`: drop the fast path's rows afterwards. */
  flush(clearFast = true): void {
    if (this.reqs.length === 0) return;
    const reqs = this.reqs;
    const lines = this.lines;
    const echo = this.echo;
    const probes = this.probes;
    this.reqs = [];
    this.lines = [];
    this.echo = [];
    this.probes = [];
    this.mayStop = false;
    try {
      // the echo of each route delete: what to add back should an earlier request of its window fail
      const echoes = echo.length === 0 ? undefined : new Map<number, Uint8Array>();
      const onReply = echoes === undefined ? undefined : (i: number, m: Uint8Array) => {
        if (reqs[i]!.type === RTM.DELROUTE && !echoes.has(i)) echoes.set(i, m.slice());
      };
      const r = this.conn.batch(reqs, { stopOnError: this.stopOnError, onReply });
      if (probes.length > 0) this.gateways.settle(probes, echoes);
      if (r.errors.length === 0) return;
      const errs = [...r.errors].sort((x, y) => x.index - y.index);
      // the failure that ends the batch: the first one without -force, the first fatal one with it
      const end = errs.find((e) => !this.force(e.index, reqs));
      if (end === undefined) {
        this.onErrors(errs.map((e) => ({ line: lines[e.index]!, error: e.error })), false);
        return;
      }
      this.undo(reqs, lines, end.index, r.sent, new Set(errs.map((e) => e.index)), echoes);
      const shown = errs.filter((e) => e.index <= end.index);
      this.onErrors(shown.map((e) => ({ line: lines[e.index]!, error: e.error })), FATAL_TYPES.has(reqs[end.index]!.type));
    } finally {
      if (clearFast) this.fast.clear();
    }
  }

  /** True when the batch goes on after request `i` failed (-force, and not a request whose refusal is fatal). */
  private force(i: number, reqs: BatchRequest[]): boolean {
    return !this.stopOnError && !FATAL_TYPES.has(reqs[i]!.type);
  }

  /** Undo, newest first, the requests after `failed` that the kernel carried out. */
  private undo(reqs: BatchRequest[], lines: number[], failed: number, sent: number, errored: Set<number>, echoes: Map<number, Uint8Array> | undefined): void {
    const undo: BatchRequest[] = [];
    const undoLines: number[] = [];
    for (let i = sent - 1; i > failed; i--) {
      if (errored.has(i)) continue;
      const echo = echoes?.get(i);
      const u = echo !== undefined ? restoreRequest(echo) : undoOf(reqs[i]!);
      if (u === undefined) throw new Error(`batch: request ${i} (line ${lines[i]}) cannot be undone but followed another in its window`);
      undo.push(u);
      undoLines.push(lines[i]!);
    }
    if (undo.length === 0) return;
    const r = this.conn.batch(undo);
    for (const e of r.errors) this.onUndoFailure(undoLines[e.index]!, e.error);
  }
}

/** True for a connection call that changes nothing (a dump, a get): route groups read before it stay valid. */
function readOnly(prop: string | symbol, args: unknown[]): boolean {
  if (prop === "dump" || prop === "dumpDetailed" || prop === "dumpIter") return true;
  // rtnetlink types: NEW 16 + 4k, DEL 17 + 4k, GET 18 + 4k, SET 19 + 4k
  return (prop === "get" || prop === "raw") && typeof args[0] === "number" && args[0] >= 16 && args[0] % 4 === 2;
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
  // the request's starting family (prefix.ts): AF_PACKET (-0) agrees with no destination, so those lines take the generic path
  const family = requestFamily(ctx);
  const env = { indexOf: (name: string) => ctx.names.indexOf(name), namesVersion: () => ctx.names.version, tableId: (w: string) => TABLES.id(w), syncWord };
  // room for as many routes as the file can have lines of the fast shape (~40 bytes each), up to one queue
  const fast = new FastRoutes(family, env, nodev, Math.min(bytes.length / 40, FLUSH_AT));
  const pipeline = new Pipeline(ctx.directConn, fast, (errs, fatal) => {
    errs.forEach(({ line, error }, i) => {
      ctx.io.err(kernelError(error).message);
      if (fatal && i === errs.length - 1) {
        status = 2;
        stop = true;
      } else failedLine(line);
    });
  }, !force, () => stop, (line, error) => {
    ctx.io.err(`bun-netlink: could not undo line ${line} after the failure: ${kernelError(error).message}`);
  });
  const hooks: RunHooks = {
    rethrowFatal: true,
    passThrough: (e) => e instanceof BatchStop,
    // an earlier line's failure, found when sending the queue, ends the batch before this line's message
    beforeReport: () => {
      pipeline.flush();
      if (stop) throw new BatchStop("batch stopped");
    },
  };
  /**
   * Run lines for as long as the fast path takes them, in this synchronous
   * loop (no promise per line). True when the reader stands at a line for
   * the generic path; false at the end of the batch or when it stopped.
   * Throws what `failure` throws (BatchStop, fatal errors).
   */
  // -echo prints each change's echo after its line (echo.ts): every line takes the generic path, sent at once
  const echo = ctx.echoTap !== undefined;
  const fastLines = (): boolean => {
    for (;;) {
      if (!reader.next() || stop) return false;
      const line = reader.line;
      pipeline.line = line;
      pipeline.direct = false;
      if (reader.start < 0 || echo) return true;
      let code: number;
      try {
        const row = fast.parse(bytes, reader.start, reader.end);
        if (row < 0) return true;
        // a route's family and table (its key need not be read from its bytes unless the table has groups)
        if (fast.rowHops === 0) pipeline.push({ type: fast.type, flags: fast.flags, codec: fast.codec, msg: row }, fast.rowFamily, fast.rowTable, fast.rowGateway, fast.rowLen);
        else pipeline.push({ type: fast.type, flags: fast.flags, codec: fast.codec, msg: row }, 0, 0, fast.rowGateway, 0, fast.rowFamily);
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
        pipeline.direct = echo || hasSyncWord(words);
        code = await runCommand(ctx, words, hooks);
      } catch (e) {
        if (e instanceof BatchStop) break;
        // a fatal error (ip's exit()): report what is queued first (an earlier failure ends the batch there), then stop the whole batch
        pipeline.flush();
        if (stop) break;
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
