/**
 * The request engine over one netlink socket: requests answered by an ACK,
 * by one message, or by a multipart dump; pipelined batches. Replies are
 * matched on sequence number and our port id; anything else (a stale reply
 * to an earlier, timed-out request, a forged message) is dropped.
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
import type { MessageCodec } from "../../codecs/core/message.ts";
import { NlWriter } from "../../codecs/core/writer.ts";
import type { Transport } from "../transport/transport.ts";
import { DumpInterruptedError, NetlinkError, NetlinkTimeoutError, requestRef } from "./errors.ts";

/** Options of a connection. */
export interface ConnectionOptions {
  /** Attempts for a dump that keeps coming back with NLM_F_DUMP_INTR (default 5). */
  dumpRetries?: number;
  /** Milliseconds to wait for each answer datagram; 0 waits forever (default). */
  timeoutMs?: number;
  /** Requests per sendmsg in a batch (default 256); bounded so that every ACK fits the receive buffer. */
  batchWindow?: number;
  /** Ask for extended ACKs (default true). */
  extAck?: boolean;
  /** Ask for strict checking of dump requests (default true), so the kernel filters dumps. */
  strictCheck?: boolean;
}

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
}

/** A dump's items and whether the kernel said it filtered them (NLM_F_DUMP_FILTERED). */
export interface DumpResult<R> {
  items: R[];
  filtered: boolean;
}

/** Called for every answer message of a request: message type, flags and payload bounds. */
export type MessageVisitor = (buf: Uint8Array, dv: DataView, payload: number, end: number, type: number, flags: number) => void;

/** A netlink connection: one transport, one sequence space, one writer. */
export class NetlinkConnection implements Disposable {
  /** True when the kernel accepted NETLINK_GET_STRICT_CHK (dumps are filtered kernel-side). */
  readonly strictCheck: boolean;
  /** True when the kernel accepted NETLINK_EXT_ACK. */
  readonly extAck: boolean;
  readonly dumpRetries: number;
  timeoutMs: number;
  batchWindow: number;
  private seq = 0;
  private readonly w = new NlWriter(8192);

  constructor(readonly transport: Transport, opts: ConnectionOptions = {}) {
    this.dumpRetries = checkCount(opts.dumpRetries ?? 5, "dumpRetries");
    this.timeoutMs = checkCount(opts.timeoutMs ?? 0, "timeoutMs", 0);
    this.batchWindow = checkCount(opts.batchWindow ?? 256, "batchWindow");
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

  /** Encode one request into the writer (after reset) and return its sequence number. */
  private encode<T>(type: number, flags: number, codec: MessageCodec<T>, msg: T): number {
    const w = this.w;
    w.reset();
    const seq = this.nextSeq();
    const start = w.beginMessage(type, flags | NLM_F_REQUEST, seq, 0);
    codec.encode(w, msg);
    w.endMessage(start);
    return seq;
  }

  /** Receive the next datagram, honouring the timeout. */
  private receive(type: number, seq: number): Uint8Array {
    if (this.timeoutMs > 0 && !this.transport.waitReadable(this.timeoutMs)) {
      throw new NetlinkTimeoutError(requestRef(type, seq), this.timeoutMs);
    }
    return this.transport.recv()!;
  }

  /**
   * Send a request built elsewhere and feed every answer message with our
   * seq to `visit` until the ACK (or NLMSG_DONE for dumps). Errors throw
   * NetlinkError. Returns the OR of all answer flags.
   */
  private exchange(type: number, seq: number, dump: boolean, visit: MessageVisitor | undefined, expectAck: boolean): number {
    this.transport.send(this.w.view());
    const port = this.transport.portId;
    let seenFlags = 0;
    let answered = false;
    for (;;) {
      const buf = this.receive(type, seq);
      const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      const end = buf.length;
      let off = 0;
      while (off + 16 <= end) {
        const len = checkMessage(dv, off, end);
        const mseq = dv.getUint32(off + 8, HOST_LE);
        const mpid = dv.getUint32(off + 12, HOST_LE);
        if (mseq !== seq || (mpid !== port && mpid !== 0)) {
          off += (len + 3) & ~3;
          continue; // stale or foreign message: never taken as our answer
        }
        const mtype = dv.getUint16(off + 4, HOST_LE);
        const mflags = dv.getUint16(off + 6, HOST_LE);
        seenFlags |= mflags;
        if (mtype === NLMSG_ERROR) {
          const e = decodeError(buf, dv, off + 16, off + len, mflags);
          if (e.errno !== 0) throw new NetlinkError(e.errno, e.extack, requestRef(type, seq));
          return seenFlags; // ACK: the request is complete
        }
        if (mtype === NLMSG_DONE) {
          const d = decodeDone(buf, dv, off + 16, off + len, mflags);
          if (d.errno !== 0) throw new NetlinkError(d.errno, d.extack, requestRef(type, seq));
          return seenFlags;
        }
        if (mtype !== NLMSG_NOOP && mtype !== NLMSG_OVERRUN) {
          visit?.(buf, dv, off + 16, off + len, mtype, mflags);
          answered = true;
          if (!dump && !expectAck) return seenFlags; // a GET without ACK is answered by one message
        }
        off += (len + 3) & ~3;
      }
      void answered;
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
    const dec = (answer ?? codec) as unknown as MessageCodec<R>;
    let out: R | undefined;
    this.exchange(type, seq, false, (buf, dv, p, e) => { out = dec.decode(buf, dv, p, e); }, false);
    if (out === undefined) throw new Error(`${requestRef(type, seq).typeName}: the kernel sent no answer`);
    return out;
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
      items = [];
      seq = this.encode(type, NLM_F_DUMP, codec, msg);
      const flags = this.exchange(type, seq, true, (buf, dv, p, e) => { items.push(dec.decode(buf, dv, p, e)); }, false);
      if (!(flags & NLM_F_DUMP_INTR)) return { items, filtered: (flags & NLM_F_DUMP_FILTERED) !== 0 };
    }
    throw new DumpInterruptedError(requestRef(type, seq), this.dumpRetries, items);
  }

  /**
   * Streaming dump: yields each decoded object as its datagram arrives, so
   * memory stays flat for millions of entries. A dump flagged
   * NLM_F_DUMP_INTR cannot be retried once items were yielded: it ends with
   * DumpInterruptedError (with no partial list) unless `allowInterrupted`.
   */
  *dumpIter<T, R = T>(type: number, codec: MessageCodec<T>, msg: T, answer?: MessageCodec<R>, opts: { allowInterrupted?: boolean } = {}): Generator<R, { filtered: boolean }> {
    const dec = (answer ?? codec) as unknown as MessageCodec<R>;
    const seq = this.encode(type, NLM_F_DUMP | NLM_F_REQUEST, codec, msg);
    this.transport.send(this.w.view());
    const port = this.transport.portId;
    let flagsSeen = 0;
    for (;;) {
      const buf = this.receive(type, seq);
      const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      const batch: R[] = [];
      let off = 0;
      let done = false;
      while (off + 16 <= buf.length) {
        const len = checkMessage(dv, off, buf.length);
        const mtype = dv.getUint16(off + 4, HOST_LE);
        const mflags = dv.getUint16(off + 6, HOST_LE);
        const ours = dv.getUint32(off + 8, HOST_LE) === seq && (dv.getUint32(off + 12, HOST_LE) === port || dv.getUint32(off + 12, HOST_LE) === 0);
        if (ours) {
          flagsSeen |= mflags;
          if (mtype === NLMSG_ERROR || mtype === NLMSG_DONE) {
            const r = mtype === NLMSG_ERROR ? decodeError(buf, dv, off + 16, off + len, mflags) : decodeDone(buf, dv, off + 16, off + len, mflags);
            if (r.errno !== 0) throw new NetlinkError(r.errno, r.extack, requestRef(type, seq));
            done = true;
            break;
          }
          if (mtype !== NLMSG_NOOP && mtype !== NLMSG_OVERRUN) batch.push(dec.decode(buf, dv, off + 16, off + len));
        }
        off += (len + 3) & ~3;
      }
      // Decode the whole datagram before yielding: the receive buffer is reused by the next recv.
      for (const item of batch) yield item;
      if (done) break;
    }
    if (flagsSeen & NLM_F_DUMP_INTR && !opts.allowInterrupted) throw new DumpInterruptedError(requestRef(type, seq), 1, []);
    return { filtered: (flagsSeen & NLM_F_DUMP_FILTERED) !== 0 };
  }

  /**
   * Low-level request: `build` writes the payload; every answer message is
   * passed to `visit`. With `dump`, NLM_F_DUMP is set and the request ends at
   * NLMSG_DONE; otherwise NLM_F_ACK is set and it ends at the ACK.
   */
  raw(type: number, flags: number, build: (w: NlWriter) => void, visit?: MessageVisitor, dump = false): number {
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
   * collected before the next window is sent (the kernel answers inside
   * sendmsg, so a window is bounded by what the receive buffer holds).
   * Each error is attributed to its request by index.
   */
  batch(requests: Iterable<BatchRequest>, opts: { window?: number; stopOnError?: boolean } = {}): BatchResult {
    const window = checkCount(opts.window ?? this.batchWindow, "window");
    const result: BatchResult = { ok: 0, errors: [], stopped: false };
    const w = this.w;
    const types: number[] = [];
    let index = 0;
    const it = requests[Symbol.iterator]();
    let exhausted = false;
    while (!exhausted && !result.stopped) {
      w.reset();
      types.length = 0;
      const firstSeq = (this.seq + 1) >>> 0 || 1;
      while (types.length < window && w.pos < 96 * 1024) {
        const n = it.next();
        if (n.done) { exhausted = true; break; }
        const r = n.value;
        const start = w.beginMessage(r.type, r.flags | NLM_F_REQUEST | NLM_F_ACK, this.nextSeq(), 0);
        try {
          r.codec.encode(w, r.msg);
        } catch (e) {
          if (e instanceof Error) e.message = `request ${index + types.length}: ${e.message}`;
          throw e;
        }
        w.endMessage(start);
        types.push(r.type);
      }
      if (types.length === 0) break;
      this.collectAcks(firstSeq, types, index, result, opts.stopOnError ?? false);
      index += types.length;
    }
    return result;
  }

  private collectAcks(firstSeq: number, types: number[], base: number, result: BatchResult, stopOnError: boolean): void {
    this.transport.send(this.w.view());
    const port = this.transport.portId;
    let pending = types.length;
    while (pending > 0) {
      const buf = this.receive(types[0]!, firstSeq);
      const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      let off = 0;
      while (off + 16 <= buf.length) {
        const len = checkMessage(dv, off, buf.length);
        const i = (dv.getUint32(off + 8, HOST_LE) - firstSeq) >>> 0;
        const pid = dv.getUint32(off + 12, HOST_LE);
        if (i < types.length && (pid === port || pid === 0) && dv.getUint16(off + 4, HOST_LE) === NLMSG_ERROR) {
          pending--;
          const errno = -dv.getInt32(off + 16, HOST_LE);
          if (errno === 0) result.ok++;
          else {
            const e = decodeError(buf, dv, off + 16, off + len, dv.getUint16(off + 6, HOST_LE));
            result.errors.push({ index: base + i, error: new NetlinkError(errno, e.extack, requestRef(types[i]!, firstSeq + i, base + i)) });
            if (stopOnError) result.stopped = true;
          }
        }
        off += (len + 3) & ~3;
      }
    }
  }

  /** Close the transport; idempotent. */
  close(): void {
    this.transport.close();
  }
  [Symbol.dispose](): void {
    this.close();
  }
}

function checkCount(v: unknown, field: string, min = 1): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) throw new RangeError(`${field}: expected an integer >= ${min}, got ${String(v)}`);
  return v;
}
