/**
 * Pipelined batches: many requests in one sendmsg(2), every ACK collected,
 * each error attributed to its request by index.
 *
 * The kernel processes all messages of a datagram inside sendmsg and queues
 * one answer per request on our socket before sendmsg returns, so nobody
 * reads while the answers pile up. When the receive buffer is full the
 * kernel drops further answers (netlink_attachskb -> netlink_overrun,
 * ENOBUFS on the next recv) and the outcome of those requests is lost. A
 * window is therefore bounded not only by a count but by the receive
 * buffer: each request is charged what its answer costs in the buffer
 * (skb truesize; an error answer echoes the whole request), and a window is
 * sent only while the sum stays below 7/8 of SO_RCVBUF.
 *
 * One ACK per window, as `ip -batch` gets it: NLM_F_ACK is set on the last
 * request of a window only. The kernel answers a request that fails
 * whatever its flags (netlink_rcv_skb calls netlink_ack when NLM_F_ACK is
 * set *or* the handler returned an error) and carries out and answers the
 * requests of a datagram in order, so once the last request's answer is
 * read, every earlier one without an error answer has succeeded: results
 * and the attribution of each failure to its request are those of one ACK
 * per request, with one skb and recvmsg per window instead of per request
 * (a quarter of a 100k-route batch's time). `ackEach` asks for every ACK.
 *
 * Answers that are neither ACK nor error (the echo of a request sent with
 * NLM_F_ECHO: a deleted route as the kernel reported it) are handed to
 * `onReply` with their request's index; the kernel queues them before that
 * request's ACK, in request order, so a reply comes after every error of
 * the requests before its own.
 */
import { decodeError } from "../../codecs/core/ack.ts";
import { HOST_LE } from "../../codecs/core/align.ts";
import { NLM_F_ACK, NLM_F_ECHO, NLM_F_REQUEST, NLMSG_ERROR } from "../../codecs/core/constants.ts";
import { checkMessage } from "../../codecs/core/header.ts";
import type { MessageCodec } from "../../codecs/core/message.ts";
import type { NlWriter } from "../../codecs/core/writer.ts";
import { Errno } from "../sys/errno.ts";
import { SyscallError } from "../sys/syscall-error.ts";
import { DEFAULT_RCVBUF, type Transport } from "../transport/transport.ts";
import { NetlinkError, requestRef } from "./errors.ts";

/** One request of a pipelined batch. */
export interface BatchRequest<T = any> {
  type: number;
  /** NLM_F_CREATE/EXCL/REPLACE/APPEND...; REQUEST and ACK are added. */
  flags: number;
  codec: MessageCodec<T>;
  msg: T;
}

/** Outcome of a batch: how many succeeded and each failure with its index. */
export interface BatchResult {
  ok: number;
  errors: Array<{ index: number; error: NetlinkError }>;
  /** True when the batch stopped early at the first error (stopOnError). */
  stopped: boolean;
  /** How many requests were sent (all of them unless stopped: then those up to the end of the failing window, which the kernel carried out). */
  sent: number;
  /** Set (true) when the batch's signal was aborted: no window was sent after that; `ok` and `errors` cover what was. */
  aborted?: boolean;
}

/** Running totals reported after each window (BatchOptions.onProgress). */
export interface BatchProgress {
  /** Requests answered so far (ok + failed). */
  done: number;
  ok: number;
  failed: number;
}

/** Options of one batch. */
export interface BatchOptions {
  /** Most requests per sendmsg (default: the connection's batchWindow); the receive buffer may bound it further. */
  window?: number;
  /** Send no further window once a request failed (requests already sent still complete). */
  stopOnError?: boolean;
  /**
   * Checked before each window: once aborted, nothing more is sent (a window
   * already sent still has every answer read) and the result has `aborted`.
   * A synchronous batch only sees aborts from onProgress; `batchAsync` also
   * sees those from timers and signal handlers, which run between windows.
   */
  signal?: AbortSignal | undefined;
  /** Called after each window with the running totals. */
  onProgress?: ((p: BatchProgress) => void) | undefined;
  /** Ask the kernel for the ACK of every request (default false: only the last of each window, failures are answered anyway). */
  ackEach?: boolean;
  /**
   * Called with each answer that is not an ACK or an error (the kernel's
   * echo of a request sent with NLM_F_ECHO), and the index of its request.
   * `message` (nlmsghdr included) is a view into the receive buffer, valid
   * only during the call: copy what you keep.
   */
  onReply?: ((index: number, message: Uint8Array) => void) | undefined;
}

/** What the batch runner needs from its connection (internal to lib/conn). */
export interface BatchHost {
  readonly transport: Transport;
  readonly w: NlWriter;
  /** Next sequence number. */
  nextSeq(): number;
  /** Undo the last nextSeq(). */
  rewindSeq(): void;
  /** Make the next `n` sequence numbers contiguous (restart at 1 rather than wrap past 2^32-1). */
  reserveSeqs(n: number): void;
  /** Receive one datagram, honouring the connection's timeout. */
  receive(type: number, seq: number): Uint8Array;
  /** Called before each window (the async form: throws if the connection closed meanwhile, finishes a dump left open). */
  beforeWindow?(): void;
}

/** Receive-buffer bytes charged for the echo of an NLM_F_ECHO request (a route of ~500 bytes, metrics and next hops included). */
const ECHO_COST = 1536;

/** Most bytes of requests per sendmsg (well below the default SO_SNDBUF). */
const MAX_SEND_BYTES = 96 * 1024;

/**
 * Receive-buffer bytes the kernel charges for the answer to a request of
 * `len` bytes: nlmsg_new(payload + ext ACK) rounded up to a kmalloc bucket
 * plus struct skb_shared_info (320) and struct sk_buff. An error answer
 * echoes the whole request, and 128 bytes are allowed for the extended ACK
 * TLVs. Measured on 6.x (SO_MEMINFO): 832 bytes for a plain ACK, 2304 for
 * an error echoing 1,000 bytes, 4352 for 3,000; this estimate gives 832,
 * 2368 and 4416.
 */
export function answerCost(len: number): number {
  const size = ((16 + 4 + len + 128 + 63) & ~63) + 320;
  let k = 512;
  while (k < size) k *= 2;
  return k + 320;
}

/** A batch in progress: `step()` sends one window and reads its answers. */
class BatchRun {
  readonly result: BatchResult = { ok: 0, errors: [], stopped: false, sent: 0 };
  readonly #host: BatchHost;
  readonly #window: number;
  readonly #stopOnError: boolean;
  readonly #budget: number;
  readonly #types: Uint16Array;
  /** Offset of each request of the window in the writer. */
  readonly #offs: Int32Array;
  readonly #ackEach: boolean;
  readonly #onReply: BatchOptions["onReply"];
  readonly #arr: BatchRequest[] | undefined;
  readonly #it: Iterator<BatchRequest> | undefined;
  #pos = 0; // next index into arr
  #carry: BatchRequest | undefined; // a request that did not fit the previous window
  #index = 0;

  constructor(host: BatchHost, requests: Iterable<BatchRequest>, window: number, opts: BatchOptions) {
    const stopOnError = opts.stopOnError ?? false;
    const ackEach = opts.ackEach ?? false;
    this.#onReply = opts.onReply;
    this.#host = host;
    this.#window = window;
    this.#stopOnError = stopOnError;
    const rcvbuf = host.transport.receiveBufferSize?.() ?? DEFAULT_RCVBUF;
    this.#budget = Math.max(answerCost(0), rcvbuf - (rcvbuf >> 3));
    this.#types = new Uint16Array(window);
    this.#offs = new Int32Array(window);
    this.#ackEach = ackEach;
    this.#arr = Array.isArray(requests) ? (requests as BatchRequest[]) : undefined;
    this.#it = this.#arr === undefined ? requests[Symbol.iterator]() : undefined;
  }

  /** Send the next window and collect its answers; false when there was nothing left to send. */
  step(): boolean {
    const host = this.#host;
    host.beforeWindow?.();
    const w = host.w;
    const window = this.#window;
    w.reset();
    host.reserveSeqs(window);
    let n = 0;
    let cost = 0;
    let firstSeq = 0;
    const ackFlag = this.#ackEach ? NLM_F_ACK : 0;
    while (n < window) {
      let r: BatchRequest;
      if (this.#carry !== undefined) {
        r = this.#carry;
        this.#carry = undefined;
      } else if (this.#arr !== undefined) {
        if (this.#pos >= this.#arr.length) break;
        r = this.#arr[this.#pos++]!;
      } else {
        const next = this.#it!.next();
        if (next.done) break;
        r = next.value;
      }
      const start = w.pos;
      const seq = host.nextSeq();
      if (n === 0) firstSeq = seq;
      // NLM_F_ACK on every request with ackEach; otherwise on the window's last only, set once the window is closed
      const m = w.beginMessage(r.type, r.flags | NLM_F_REQUEST | ackFlag, seq, 0);
      try {
        r.codec.encode(w, r.msg);
      } catch (e) {
        if (e instanceof Error) e.message = `batch request ${this.#index + n}: ${e.message}`;
        throw e;
      }
      w.endMessage(m);
      const c = answerCost(w.pos - start) + ((r.flags & NLM_F_ECHO) !== 0 ? ECHO_COST : 0);
      if (n > 0 && (cost + c > this.#budget || w.pos > MAX_SEND_BYTES)) {
        w.pos = start; // does not fit: first of the next window
        host.rewindSeq();
        this.#carry = r;
        break;
      }
      cost += c;
      this.#offs[n] = start;
      this.#types[n++] = r.type;
    }
    if (n === 0) return false;
    if (ackFlag === 0) {
      // NLM_F_ACK on the last request only (nlmsg_flags at offset 6)
      const o = this.#offs[n - 1]! + 6;
      w.dv.setUint16(o, w.dv.getUint16(o, HOST_LE) | NLM_F_ACK, HOST_LE);
    }
    collectAcks(host, firstSeq, this.#types, n, this.#index, this.result, this.#stopOnError, this.#onReply);
    this.#index += n;
    this.result.sent = this.#index;
    return true;
  }

  /** After a window: report progress; true when the batch stops here (stopOnError, or the signal, which marks the result aborted). */
  afterWindow(opts: BatchOptions): boolean {
    const r = this.result;
    opts.onProgress?.({ done: r.ok + r.errors.length, ok: r.ok, failed: r.errors.length });
    return r.stopped || this.aborted(opts);
  }

  /** True (and the result marked) when `opts.signal` is aborted. */
  aborted(opts: BatchOptions): boolean {
    if (opts.signal?.aborted !== true) return false;
    this.result.aborted = true;
    return true;
  }
}

/** Check the batch options that the window loop reads (before anything is sent). */
function checkLoopOptions(opts: BatchOptions): void {
  if (opts.signal !== undefined && !(opts.signal instanceof AbortSignal)) throw new TypeError("signal: expected an AbortSignal");
  if (opts.onProgress !== undefined && typeof opts.onProgress !== "function") throw new TypeError("onProgress: expected a function");
  if (opts.ackEach !== undefined && typeof opts.ackEach !== "boolean") throw new TypeError("ackEach: expected a boolean");
  if (opts.onReply !== undefined && typeof opts.onReply !== "function") throw new TypeError("onReply: expected a function");
}

/** Run a batch (see NetlinkConnection.batch). */
export function runBatch(host: BatchHost, requests: Iterable<BatchRequest>, window: number, opts: BatchOptions = {}): BatchResult {
  checkLoopOptions(opts);
  const run = new BatchRun(host, requests, window, opts);
  if (run.aborted(opts)) return run.result;
  while (run.step()) {
    if (run.afterWindow(opts)) break;
  }
  return run.result;
}

/** Let timers, I/O callbacks and signal handlers run (a macrotask turn). */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Run a batch like {@link runBatch}, yielding to the event loop between
 * windows so that timers and signal handlers (an AbortController aborted on
 * SIGINT) run during a large batch. The caller must keep the connection
 * to itself until the promise settles.
 */
export async function runBatchAsync(host: BatchHost, requests: Iterable<BatchRequest>, window: number, opts: BatchOptions = {}): Promise<BatchResult> {
  checkLoopOptions(opts);
  const run = new BatchRun(host, requests, window, opts);
  if (run.aborted(opts)) return run.result;
  while (run.step()) {
    if (run.afterWindow(opts)) break;
    await yieldToEventLoop();
    if (run.aborted(opts)) break;
  }
  return run.result;
}

/**
 * Send the window in the writer and read its answers: one per request, or
 * (one ACK per window) the error answers and the last request's answer,
 * after which every request not answered has succeeded.
 */
function collectAcks(
  host: BatchHost, firstSeq: number, types: Uint16Array, n: number, base: number, result: BatchResult, stopOnError: boolean,
  onReply: BatchOptions["onReply"],
): void {
  const transport = host.transport;
  transport.send(host.w.view());
  const port = transport.portId;
  const answered = new Uint8Array(n);
  let pending = n;
  // The transport hands back the same view for datagrams of the same length (every plain ACK): one DataView for it.
  let last: Uint8Array | undefined;
  let dv: DataView | undefined;
  while (pending > 0) {
    let buf: Uint8Array;
    try {
      buf = host.receive(types[0]!, firstSeq);
    } catch (e) {
      if (e instanceof SyscallError && e.errno === Errno.ENOBUFS) {
        throw new Error(
          `batch: the kernel dropped answers (ENOBUFS, receive buffer full): the outcome of ${pending} of batch requests ${base}..${base + n - 1} is unknown`,
          { cause: e },
        );
      }
      throw e;
    }
    if (buf !== last || dv === undefined) {
      dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      last = buf;
    }
    const end = buf.length;
    let off = 0;
    while (off + 16 <= end) {
      const len = checkMessage(dv, off, end);
      const i = (dv.getUint32(off + 8, HOST_LE) - firstSeq) >>> 0;
      const mtype = dv.getUint16(off + 4, HOST_LE);
      if (mtype !== NLMSG_ERROR) {
        if (onReply !== undefined && i < n && answered[i] === 0 && dv.getUint32(off + 12, HOST_LE) === port) onReply(base + i, buf.subarray(off, off + len));
      } else if (i < n && answered[i] === 0 && dv.getUint32(off + 12, HOST_LE) === port) {
        answered[i] = 1;
        pending--;
        if (len < 36) decodeError(buf, dv, off + 16, off + len, 0); // a truncated nlmsgerr: throws DecodeError
        const err = dv.getInt32(off + 16, HOST_LE);
        if (err === 0) result.ok++;
        else {
          const e = decodeError(buf, dv, off + 16, off + len, dv.getUint16(off + 6, HOST_LE));
          result.errors.push({ index: base + i, error: new NetlinkError(e.errno, e.extack, requestRef(types[i]!, firstSeq + i, base + i)) });
          if (stopOnError) result.stopped = true;
        }
        if (i === n - 1 && pending > 0) {
          // the last request's answer: the kernel answered every earlier failure before it
          result.ok += pending;
          pending = 0;
        }
      }
      off += (len + 3) & ~3;
    }
  }
}
