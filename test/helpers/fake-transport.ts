/**
 * An in-memory stand-in for the kernel side of a netlink socket, for unit
 * tests of the request engine (and of anything built on it) without root.
 *
 *   const t = new FakeTransport((req, k) => {
 *     if (req.type === RTM.GETLINK) { k.message(RTM.NEWLINK, payload, NLM_F_MULTI); k.done(); }
 *     else k.ack();
 *   });
 *   const conn = new NetlinkConnection(t);
 *
 * Every request message of a sent datagram is passed to the handler, which
 * queues answers through `k` (answers to one request go into one datagram
 * unless `k.datagram()` starts another). Answers carry the request's seq and
 * our port id unless overridden, so tests can forge stray ones. `inject`
 * queues arbitrary datagrams. `recv` on an empty queue throws instead of
 * blocking forever, so a test that waits for an answer that never comes
 * fails fast. With `rcvbuf`, the receive buffer is accounted like the
 * kernel does (answerCost per answer; once full, answers are dropped and
 * the next recv fails with ENOBUFS), to test batch window sizing.
 */
import { writeDoneMessage, writeErrorMessage, type ExtAck } from "../../codecs/core/ack.ts";
import { NLM_F_MULTI } from "../../codecs/core/constants.ts";
import { splitMessages } from "../../codecs/core/header.ts";
import { toHex } from "../../codecs/core/hex.ts";
import { NlWriter } from "../../codecs/core/writer.ts";
import { answerCost } from "../../lib/conn/batch.ts";
import { Errno } from "../../lib/sys/errno.ts";
import { SyscallError } from "../../lib/sys/syscall-error.ts";
import type { Transport } from "../../lib/transport/transport.ts";

/** One request message as the fake kernel saw it. */
export interface FakeRequest {
  type: number;
  flags: number;
  seq: number;
  pid: number;
  len: number;
  /** The payload after the nlmsghdr (a copy). */
  payload: Uint8Array;
  /** Running count of requests seen by this transport, from 0. */
  index: number;
}

/** Header overrides for a forged or stray answer. */
export interface Forge {
  seq?: number;
  pid?: number;
}

/** Builds the answers to one request. */
export interface FakeReplies {
  /** NLMSG_ERROR with error 0 (NLM_F_CAPPED), as netlink_ack() sends. */
  ack(forge?: Forge): void;
  /** NLMSG_ERROR with -errno, the request echoed in full (unless capped) and extended ACK TLVs. */
  error(errno: number, extack?: ExtAck, opts?: Forge & { capped?: boolean }): void;
  /** An answer message of `type` with `payload` (NLM_F_MULTI etc. in `flags`). */
  message(type: number, payload: Uint8Array, flags?: number, forge?: Forge): void;
  /** NLMSG_DONE with status -errno (0 by default), NLM_F_MULTI | `flags`. */
  done(errno?: number, extack?: ExtAck, flags?: number, forge?: Forge): void;
  /** Put the following answers into a new datagram. */
  datagram(): void;
}

/** Handles one request message. */
export type FakeHandler = (req: FakeRequest, k: FakeReplies) => void;

export interface FakeTransportOptions {
  portId?: number;
  /** Simulated SO_RCVBUF (as getsockopt reports it); enables overflow accounting. */
  rcvbuf?: number;
  /** setNetlinkOption answers per option number (default: accepted). */
  options?: Record<number, boolean>;
}

/** A fake kernel behind the Transport interface. */
export class FakeTransport implements Transport {
  readonly portId: number;
  closed = false;
  /** Copies of every sent datagram, in order. */
  readonly sent: Uint8Array[] = [];
  /** Every request message seen, in order. */
  readonly requests: FakeRequest[] = [];
  /** Options the connection switched, with the value asked for. */
  readonly optionsSet = new Map<number, boolean>();
  /** Datagrams waiting to be received. */
  readonly queue: Uint8Array[] = [];
  /** Answers dropped because the simulated receive buffer was full. */
  dropped = 0;
  private used = 0; // bytes charged for queued datagrams
  private overrun = false;
  private readonly costs: number[] = [];

  constructor(public handler: FakeHandler = (_r, k) => k.ack(), private readonly opts: FakeTransportOptions = {}) {
    this.portId = opts.portId ?? 4242;
  }

  send(data: Uint8Array): void {
    this.check();
    this.sent.push(data.slice());
    const copy = data.slice();
    for (const m of splitMessages(copy)) {
      const req: FakeRequest = { type: m.type, flags: m.flags, seq: m.seq, pid: m.pid, len: m.len, payload: copy.slice(m.payload, m.end), index: this.requests.length };
      this.requests.push(req);
      const out: Uint8Array[] = [];
      let w = new NlWriter(256);
      const flush = (): void => {
        if (w.pos > 0) out.push(w.toBytes());
        w = new NlWriter(256);
      };
      const port = this.portId;
      const k: FakeReplies = {
        ack: (f = {}) => writeErrorMessage(w, f.seq ?? req.seq, f.pid ?? port, { errno: 0, request: headerOf(req), extack: {} }),
        error: (errno, extack = {}, o = {}) => writeErrorMessage(w, o.seq ?? req.seq, o.pid ?? port, {
          errno, request: headerOf(req), extack, ...(o.capped ? {} : { requestPayload: toHex(req.payload) }),
        }),
        message: (type, payload, flags = 0, f = {}) => {
          const s = w.beginMessage(type, flags, f.seq ?? req.seq, f.pid ?? port);
          w.bytes(payload);
          w.endMessage(s);
        },
        done: (errno = 0, extack = {}, flags = 0, f = {}) => writeDoneMessage(w, f.seq ?? req.seq, f.pid ?? port, { errno, extack }, NLM_F_MULTI | flags),
        datagram: flush,
      };
      this.handler(req, k);
      flush();
      for (const d of out) this.enqueue(d);
    }
  }

  /** Queue datagrams as if the kernel had sent them (stray, late or forged answers). */
  inject(...datagrams: Uint8Array[]): void {
    for (const d of datagrams) this.enqueue(d);
  }

  private enqueue(d: Uint8Array): void {
    if (this.opts.rcvbuf !== undefined) {
      const cost = answerCost(Math.max(0, d.length - 36)); // what the kernel charged for this answer
      if (this.used > this.opts.rcvbuf) {
        this.dropped++;
        this.overrun = true;
        return;
      }
      this.used += cost;
      this.costs.push(cost);
    }
    this.queue.push(d);
  }

  recv(opts?: { dontWait?: boolean }): Uint8Array | null {
    this.check();
    if (this.overrun) {
      this.overrun = false;
      throw new SyscallError("recvmsg", Errno.ENOBUFS);
    }
    const d = this.queue.shift();
    if (d === undefined) {
      if (opts?.dontWait) return null;
      throw new Error("FakeTransport: recv with nothing queued would block forever");
    }
    if (this.opts.rcvbuf !== undefined) this.used -= this.costs.shift()!;
    return d;
  }

  waitReadable(_timeoutMs: number): boolean {
    this.check();
    return this.queue.length > 0 || this.overrun;
  }

  receiveBufferSize(): number {
    return this.opts.rcvbuf ?? 212992;
  }

  setNetlinkOption(option: number, on: boolean): boolean {
    this.check();
    this.optionsSet.set(option, on);
    return this.opts.options?.[option] ?? true;
  }

  close(): void {
    this.closed = true;
  }
  [Symbol.dispose](): void {
    this.close();
  }

  private check(): void {
    if (this.closed) throw new Error("netlink socket is closed");
  }
}

function headerOf(r: FakeRequest) {
  return { len: r.len, type: r.type, flags: r.flags, seq: r.seq, pid: r.pid };
}

/** One datagram holding the given messages (each built with NlWriter.beginMessage). */
export function datagram(build: (w: NlWriter) => void): Uint8Array {
  const w = new NlWriter(256);
  build(w);
  return w.toBytes();
}
