/**
 * The request engine over one netlink socket: requests answered by an ACK,
 * by one message, or by a multipart dump; pipelined batches (batch.ts).
 * Replies are matched on sequence number and our port id (the kernel sets
 * nlmsg_pid of every answer to the requester's port); anything else (a
 * stale reply to an earlier, timed-out request, a message for another
 * socket) is dropped.
 *
 * A dump left unfinished (a streaming dump the caller stopped iterating, a
 * timeout, a decoder that threw) is read to its end before the next
 * request: the kernel refuses a new dump with EBUSY while one is running on
 * the socket, and its remaining datagrams would otherwise sit in front of
 * the next answer.
 *
 * Synchronous by design: the kernel answers rtnetlink requests inside
 * sendmsg, so a blocking round trip costs microseconds and no `await` can
 * interleave with a namespace switch.
 */
import { decodeDone, decodeError } from "../../codecs/core/ack.ts";
import { HOST_LE } from "../../codecs/core/align.ts";
import {
  NETLINK_EXT_ACK, NETLINK_GET_STRICT_CHK, NLM_F_ACK, NLM_F_DUMP, NLM_F_DUMP_FILTERED, NLM_F_DUMP_INTR,
  NLM_F_REQUEST, NLMSG_DONE, NLMSG_ERROR, NLMSG_NOOP, NLMSG_OVERRUN,
} from "../../codecs/core/constants.ts";
import { checkMessage } from "../../codecs/core/header.ts";
import { messageTypeName } from "../../codecs/rtnetlink.ts";
import type { MessageCodec } from "../../codecs/core/message.ts";
import { NlWriter } from "../../codecs/core/writer.ts";
import { traceTransport } from "../transport/trace.ts";
import type { ReadAheadEngineName, Transport } from "../transport/transport.ts";
import { runBatch, runBatchAsync, type BatchHost, type BatchOptions, type BatchRequest, type BatchResult } from "./batch.ts";
import { ConnectionClosedError, DumpInterruptedError, NetlinkError, NetlinkTimeoutError, requestRef } from "./errors.ts";
import type { ConnectionOptions, DumpIterSummary, DumpResult, MessageVisitor } from "./connection-types.ts";

export type { BatchOptions, BatchProgress, BatchRequest, BatchResult } from "./batch.ts";
export type { ConnectionOptions, DumpIterSummary, DumpResult, MessageVisitor } from "./connection-types.ts";

/** Datagrams of one dump after which a `readAhead` connection reads the rest ahead (~1-2k routes). */
const READ_AHEAD_AFTER = 4;

/** A dump whose terminating message has not been read yet. */
interface OpenDump {
  seq: number;
  /** Set when another request drained it; a streaming dump then stops with an error. */
  aborted: boolean;
}

/** A netlink connection: one transport, one sequence space, one writer. */
export class NetlinkConnection implements Disposable {
  /** True when the kernel accepted NETLINK_GET_STRICT_CHK (dumps are filtered kernel-side). */
  readonly strictCheck: boolean;
  /** True when the kernel accepted NETLINK_EXT_ACK. */
  readonly extAck: boolean;
  readonly dumpRetries: number;
  timeoutMs: number;
  batchWindow: number;
  /** See {@link ConnectionOptions.readAhead}: false, or the engine asked for (true is "auto"). */
  readAhead: false | ReadAheadEngineName;
  /** The kernel's extended-ACK message on a request that succeeded (a warning, as ip/tc print it), or undefined. */
  lastWarning: string | undefined;
  private seq = 0;
  private readonly w = new NlWriter(8192);
  private open: OpenDump | undefined;

  /** The transport requests go through (the given one, wrapped when tracing). */
  readonly transport: Transport;

  constructor(transport: Transport, opts: ConnectionOptions = {}) {
    if (transport.closed) throw new ConnectionClosedError("NetlinkConnection");
    this.dumpRetries = checkCount(opts.dumpRetries ?? 5, "dumpRetries");
    this.timeoutMs = checkCount(opts.timeoutMs ?? 0, "timeoutMs", 0);
    this.batchWindow = checkCount(opts.batchWindow ?? 256, "batchWindow");
    this.readAhead = readAheadOption(opts.readAhead);
    this.transport = traceTransport(transport, opts); // last check: opens the pcap file
    this.extAck = opts.extAck === false ? false : transport.setNetlinkOption(NETLINK_EXT_ACK, true);
    this.strictCheck = opts.strictCheck === false ? false : transport.setNetlinkOption(NETLINK_GET_STRICT_CHK, true);
  }

  /** Our port id. */
  get portId(): number {
    return this.transport.portId;
  }
  get closed(): boolean {
    return this.transport.closed;
  }

  private nextSeq(): number {
    this.seq = (this.seq + 1) >>> 0;
    if (this.seq === 0) this.seq = 1;
    return this.seq;
  }

  /** Throw a clear error after close(); finish a dump left open. */
  private begin(what: string): void {
    if (this.transport.closed) throw new ConnectionClosedError(what);
    if (this.open !== undefined) this.settle();
  }

  /** Encode one request into the writer (after reset) and return its sequence number. */
  private encode<T>(type: number, flags: number, codec: MessageCodec<T>, msg: T): number {
    // begin() inline, the request's name made only for the error: a small get must not build a string.
    if (this.transport.closed) throw new ConnectionClosedError(messageTypeName(type));
    if (this.open !== undefined) this.settle();
    const w = this.w;
    w.reset();
    const seq = this.nextSeq();
    const start = w.beginMessage(type, flags | NLM_F_REQUEST, seq, 0);
    codec.encode(w, msg);
    w.endMessage(start);
    return seq;
  }

  /**
   * A DataView over a received datagram. The kernel transport hands back the
   * same view object while the datagram length repeats (a loop of gets), and
   * a typed array's range never changes, so its DataView is kept for reuse.
   */
  private viewOf(buf: Uint8Array): DataView {
    if (buf === this.rbuf) return this.rdv!;
    this.rbuf = buf;
    return (this.rdv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength));
  }
  private rbuf: Uint8Array | undefined;
  private rdv: DataView | undefined;

  /** Receive the next datagram, honouring the timeout. */
  private receive(type: number, seq: number): Uint8Array {
    if (this.timeoutMs > 0 && !this.transport.waitReadable(this.timeoutMs)) {
      throw new NetlinkTimeoutError(requestRef(type, seq), this.timeoutMs);
    }
    return this.transport.recv()!;
  }

  /**
   * Read and discard the rest of the open dump, up to its NLMSG_DONE (or
   * error). Gives up after a timeout (when the connection has one) or a
   * receive error; what is left then is dropped as stale by later requests.
   */
  private settle(): void {
    const d = this.open!;
    this.open = undefined;
    d.aborted = true;
    const port = this.transport.portId;
    for (;;) {
      let buf: Uint8Array;
      try {
        if (this.timeoutMs > 0 && !this.transport.waitReadable(this.timeoutMs)) return;
        buf = this.transport.recv()!;
      } catch {
        return;
      }
      const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      for (let off = 0; off + 16 <= buf.length; ) {
        const len = dv.getUint32(off, HOST_LE);
        if (len < 16 || len > buf.length - off) break; // malformed: skip the datagram
        const type = dv.getUint16(off + 4, HOST_LE);
        if (dv.getUint32(off + 8, HOST_LE) === d.seq && dv.getUint32(off + 12, HOST_LE) === port && (type === NLMSG_DONE || type === NLMSG_ERROR)) return;
        off += (len + 3) & ~3;
      }
    }
  }

  /**
   * Send the request in the writer and feed every answer message with our
   * seq and port to `visit` until the ACK (or NLMSG_DONE for dumps). A
   * refusal throws NetlinkError. If `visit` throws, the answers are still
   * read to the end, then its error is rethrown. Returns the OR of all
   * answer flags.
   */
  private exchange(type: number, seq: number, dump: boolean, visit: MessageVisitor | undefined, expectAck: boolean): number {
    this.lastWarning = undefined;
    this.transport.send(this.w.view());
    const open: OpenDump | undefined = dump ? { seq, aborted: false } : undefined;
    this.open = open;
    const port = this.transport.portId;
    let seen = 0;
    let failed = false;
    let failure: unknown;
    let datagrams = 0;
    for (;;) {
      if (dump && ++datagrams === READ_AHEAD_AFTER && this.readAhead !== false && this.timeoutMs === 0) this.transport.readAhead?.(seq, this.readAhead);
      const buf = this.receive(type, seq);
      const dv = this.viewOf(buf);
      const end = buf.length;
      let off = 0;
      while (off + 16 <= end) {
        const len = checkMessage(dv, off, end);
        const next = off + ((len + 3) & ~3);
        if (dv.getUint32(off + 8, HOST_LE) !== seq || dv.getUint32(off + 12, HOST_LE) !== port) {
          off = next;
          continue; // stale or foreign message: never taken as our answer
        }
        const mtype = dv.getUint16(off + 4, HOST_LE);
        const mflags = dv.getUint16(off + 6, HOST_LE);
        seen |= mflags;
        if (mtype === NLMSG_ERROR || mtype === NLMSG_DONE) {
          if (open !== undefined && this.open === open) this.open = undefined;
          const r = mtype === NLMSG_ERROR ? decodeError(buf, dv, off + 16, off + len, mflags) : decodeDone(buf, dv, off + 16, off + len, mflags);
          if (failed) throw failure;
          if (r.errno !== 0) throw new NetlinkError(r.errno, r.extack, requestRef(type, seq));
          if (r.extack?.msg) this.lastWarning = r.extack.msg;
          return seen;
        }
        if (mtype !== NLMSG_NOOP && mtype !== NLMSG_OVERRUN) {
          if (!failed && visit !== undefined) {
            try {
              visit(buf, dv, off + 16, off + len, mtype, mflags);
            } catch (e) {
              failed = true;
              failure = e;
            }
          }
          if (!dump && !expectAck) {
            if (failed) throw failure;
            return seen; // a GET without ACK is answered by one message
          }
        }
        off = next;
      }
    }
  }

  /** Send a request that is answered by an ACK only (NEW/DEL/SET). Throws NetlinkError on refusal. */
  ack<T>(type: number, flags: number, codec: MessageCodec<T>, msg: T): void {
    const seq = this.encode(type, flags | NLM_F_ACK, codec, msg);
    this.exchange(type, seq, false, undefined, true);
  }

  /**
   * Send a request answered by exactly one message (a GET for one object,
   * RTM_GETROUTE lookups), decoded with `answer` (default: `codec`).
   */
  get<T, R = T>(type: number, codec: MessageCodec<T>, msg: T, answer?: MessageCodec<R>, flags = 0): R {
    const seq = this.encode(type, flags, codec, msg);
    const outer = single;
    const slot: Single = { dec: (answer ?? codec) as unknown as MessageCodec<unknown>, out: undefined };
    single = slot;
    try {
      this.exchange(type, seq, false, takeOne, false);
    } finally {
      single = outer;
    }
    if (slot.out === undefined) throw new Error(`${requestRef(type, seq).typeName}: the kernel sent no answer`);
    return slot.out as R;
  }

  /** Send a request with NLM_F_ACK that may also echo messages (NLM_F_ECHO); returns the echoed ones. */
  echo<T, R = T>(type: number, flags: number, codec: MessageCodec<T>, msg: T, answer?: MessageCodec<R>): R[] {
    const seq = this.encode(type, flags | NLM_F_ACK, codec, msg);
    const dec = (answer ?? codec) as unknown as MessageCodec<R>;
    const out: R[] = [];
    this.exchange(type, seq, false, (buf, dv, p, e) => { out.push(dec.decode(buf, dv, p, e)); }, true);
    return out;
  }

  /**
   * Dump (NLM_F_DUMP) into an array. A dump the kernel flags as interrupted
   * (NLM_F_DUMP_INTR) is repeated up to `dumpRetries` times, then
   * DumpInterruptedError carries the last results.
   */
  dump<T, R = T>(type: number, codec: MessageCodec<T>, msg: T, answer?: MessageCodec<R>): R[] {
    return this.dumpDetailed(type, codec, msg, answer).items;
  }

  /** Like `dump`, also telling whether the kernel filtered (NLM_F_DUMP_FILTERED). */
  dumpDetailed<T, R = T>(type: number, codec: MessageCodec<T>, msg: T, answer?: MessageCodec<R>): DumpResult<R> {
    const dec = (answer ?? codec) as unknown as MessageCodec<R>;
    let items: R[] = [];
    let seq = 0;
    for (let attempt = 1; attempt <= this.dumpRetries; attempt++) {
      const got: R[] = [];
      items = got;
      seq = this.encode(type, NLM_F_DUMP, codec, msg);
      const outer = sink;
      sink = { items: got, dec };
      let flags: number;
      try {
        flags = this.exchange(type, seq, true, collect, false);
      } finally {
        sink = outer;
      }
      if (!(flags & NLM_F_DUMP_INTR)) return { items, filtered: (flags & NLM_F_DUMP_FILTERED) !== 0 };
    }
    throw new DumpInterruptedError(requestRef(type, seq), this.dumpRetries, items);
  }

  /**
   * Streaming dump: yields each decoded object as its datagram arrives, so
   * memory stays flat for millions of entries. A dump flagged
   * NLM_F_DUMP_INTR cannot be retried once items were yielded: it ends with
   * DumpInterruptedError (with no partial list) unless `allowInterrupted`,
   * in which case the summary says `interrupted: true`. Stopping early
   * (break) reads the rest of the dump away. Another request on this
   * connection while iterating ends the iteration with an error (the
   * answers would interleave): use a second connection for that.
   */
  *dumpIter<T, R = T>(type: number, codec: MessageCodec<T>, msg: T, answer?: MessageCodec<R>, opts: { allowInterrupted?: boolean } = {}): Generator<R, DumpIterSummary> {
    const dec = (answer ?? codec) as unknown as MessageCodec<R>;
    const seq = this.encode(type, NLM_F_DUMP, codec, msg);
    this.transport.send(this.w.view());
    const open: OpenDump = { seq, aborted: false };
    this.open = open;
    const port = this.transport.portId;
    let flagsSeen = 0;
    let done = false;
    try {
      while (!done) {
        if (open.aborted) throw new Error(`${requestRef(type, seq).typeName}: streaming dump abandoned because another request was made on this connection while iterating (use a second connection)`);
        if (this.transport.closed) throw new ConnectionClosedError(requestRef(type, seq).typeName);
        const buf = this.receive(type, seq);
        const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
        const batch: R[] = [];
        let off = 0;
        while (off + 16 <= buf.length) {
          const len = checkMessage(dv, off, buf.length);
          if (dv.getUint32(off + 8, HOST_LE) === seq && dv.getUint32(off + 12, HOST_LE) === port) {
            const mtype = dv.getUint16(off + 4, HOST_LE);
            const mflags = dv.getUint16(off + 6, HOST_LE);
            flagsSeen |= mflags;
            if (mtype === NLMSG_ERROR || mtype === NLMSG_DONE) {
              done = true;
              if (this.open === open) this.open = undefined;
              const r = mtype === NLMSG_ERROR ? decodeError(buf, dv, off + 16, off + len, mflags) : decodeDone(buf, dv, off + 16, off + len, mflags);
              if (r.errno !== 0) throw new NetlinkError(r.errno, r.extack, requestRef(type, seq));
              break;
            }
            if (mtype !== NLMSG_NOOP && mtype !== NLMSG_OVERRUN) batch.push(dec.decode(buf, dv, off + 16, off + len));
          }
          off += (len + 3) & ~3;
        }
        // Decode the whole datagram before yielding: the receive buffer is reused by the next recv.
        for (const item of batch) yield item;
      }
    } finally {
      // Stopped early (break, a decoder threw, a timeout): read the rest away unless another request already did.
      if (!done && this.open === open && !this.transport.closed) this.settle();
    }
    const interrupted = (flagsSeen & NLM_F_DUMP_INTR) !== 0;
    if (interrupted && !opts.allowInterrupted) throw new DumpInterruptedError(requestRef(type, seq), 1, []);
    return { filtered: (flagsSeen & NLM_F_DUMP_FILTERED) !== 0, interrupted };
  }

  /**
   * Low-level request: `build` writes the payload; every answer message is
   * passed to `visit`. With `dump`, NLM_F_DUMP is set and the request ends at
   * NLMSG_DONE; otherwise NLM_F_ACK is set and it ends at the ACK.
   */
  raw(type: number, flags: number, build: (w: NlWriter) => void, visit?: MessageVisitor, dump = false): number {
    if (this.transport.closed) throw new ConnectionClosedError(messageTypeName(type));
    if (this.open !== undefined) this.settle();
    const w = this.w;
    w.reset();
    const seq = this.nextSeq();
    const start = w.beginMessage(type, flags | NLM_F_REQUEST | (dump ? NLM_F_DUMP : NLM_F_ACK), seq, 0);
    build(w);
    w.endMessage(start);
    return this.exchange(type, seq, dump, visit, !dump);
  }

  /**
   * Pipelined batch: up to `window` requests per sendmsg, every ACK
   * collected before the next window is sent. The kernel answers inside
   * sendmsg, so a window is also bounded by what the receive buffer holds
   * (see batch.ts). Each error is attributed to its request by index;
   * requests are encoded lazily, so an invalid one throws (TypeError or
   * RangeError naming "batch request N") after the windows before it were
   * sent.
   */
  batch(requests: Iterable<BatchRequest>, opts: BatchOptions = {}): BatchResult {
    const window = checkCount(opts.window ?? this.batchWindow, "window");
    this.begin("batch");
    return runBatch(this.batchHost(false), requests, window, opts);
  }

  /**
   * {@link batch} that yields to the event loop between windows, so timers
   * and signal handlers (e.g. one aborting `opts.signal` on SIGINT) run
   * during a large batch. Other requests on this connection may run between
   * windows; each window is sent and answered as a unit.
   */
  async batchAsync(requests: Iterable<BatchRequest>, opts: BatchOptions = {}): Promise<BatchResult> {
    const window = checkCount(opts.window ?? this.batchWindow, "window");
    this.begin("batch");
    return await runBatchAsync(this.batchHost(true), requests, window, opts);
  }

  /** The connection as the batch runner sees it. */
  private batchHost(async: boolean): BatchHost {
    const host: BatchHost = {
      transport: this.transport,
      w: this.w,
      nextSeq: () => this.nextSeq(),
      rewindSeq: () => { this.seq = this.seq === 1 ? 0 : this.seq - 1; },
      reserveSeqs: (n) => { if (this.seq + n >= 0xffffffff) this.seq = 0; },
      receive: (type, seq) => this.receive(type, seq),
    };
    if (async) host.beforeWindow = () => this.begin("batch");
    return host;
  }

  /** Close the transport; idempotent. */
  close(): void {
    this.transport.close();
  }
  [Symbol.dispose](): void {
    this.close();
  }
}

/** The dump `collect` appends to (set by dumpDetailed around its exchange, restored after). */
let sink: { items: unknown[]; dec: MessageCodec<unknown> } | undefined;

/**
 * Appends one decoded answer to the current dump. One function for every
 * dump rather than a closure per call: exchange's call of its visitor then
 * stays the same from one dump to the next, so the JIT does not throw away
 * and recompile the dump loop on the second list of a table.
 */
function collect(buf: Uint8Array, dv: DataView, p: number, e: number): void {
  const s = sink!;
  s.items.push(s.dec.decode(buf, dv, p, e));
}

/** The answer of a `get` and its decoder (set by get around its exchange, restored after). */
interface Single {
  dec: MessageCodec<unknown>;
  out: unknown;
}
let single: Single | undefined;

/** Decodes the answer of the current `get`: like `collect`, one visitor for every get rather than a closure per call. */
function takeOne(buf: Uint8Array, dv: DataView, p: number, e: number): void {
  const s = single!;
  s.out = s.dec.decode(buf, dv, p, e);
}

function checkCount(v: unknown, field: string, min = 1): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) throw new RangeError(`${field}: expected an integer >= ${min}, got ${String(v)}`);
  return v;
}

/** The readAhead option: false, true ("auto") or an engine's name; "uring" by default. */
function readAheadOption(v: unknown): false | ReadAheadEngineName {
  if (v === undefined) return "uring";
  if (v === false) return false;
  if (v === true) return "auto";
  if (v === "auto" || v === "uring" || v === "worker") return v;
  throw new TypeError(`readAhead: expected a boolean, "auto", "uring" or "worker", got ${typeof v === "string" ? JSON.stringify(v) : typeof v}`);
}
