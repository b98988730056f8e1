/**
 * Reading a long dump ahead on a second thread (read-ahead-worker.ts):
 * the kernel fills a dump's next datagram inside the recvmsg(2) that reads
 * the previous one, so with one thread its walk and our decoding or
 * printing take turns; with the socket read on a Worker they overlap, and
 * a 1M-route listing takes about as long as the kernel's walk alone.
 *
 * KernelTransport.readAhead(seq, engine) arms it for the dump of request
 * `seq` (NetlinkConnection does so once a dump has run for a few
 * datagrams) when the connection asked for "worker", or for "auto" where
 * this process cannot have an io_uring (read-ahead-uring.ts, the default). The thread is started on
 * first use and kept for later dumps (unref'ed: it never holds the process
 * open). Until it is ready the main thread goes on reading itself; at the
 * next datagram boundary after that, the socket is handed over, and `recv`
 * returns the ring's datagrams, in order, until the one that ends the dump;
 * then the thread waits for the next dump and `recv` reads the socket
 * again. Nothing changes in what the caller sees: the same datagrams in the
 * same order, receive errors thrown as SyscallError("recvmsg") where they
 * happened.
 */
import { existsSync } from "node:fs";
import { toArrayBuffer } from "bun:ffi";
import { F_DUPFD_CLOEXEC } from "../sys/constants.ts";
import { fcntl } from "../sys/ns.ts";
import { SyscallError } from "../sys/syscall-error.ts";
import {
  BIG, BIG_ADDR, DEFAULT_SLOT_SIZE, END, endsDump, FAILED, GO, GONE, HEAD, kindIndex, lenIndex, PORT, READY, SEQ, SLOT_SIZE, SLOTS,
  SLOTS_AT, sharedSize, STOP, TAIL, type ReadAheadStart,
} from "./read-ahead-protocol.ts";
import { READ_AHEAD_WORKER_SOURCE } from "./read-ahead-worker-source.ts";
import type { ReadAheadEngine } from "./transport.ts";

const WORKER_FILE = new URL("./read-ahead-worker.ts", import.meta.url);
let workerUrl: string | URL | null = null;

/** The worker's code: a Blob URL of the bundled worker in the published build, else the file on disk; null when neither. */
function workerSource(): string | URL | null {
  if (workerUrl !== null) return workerUrl;
  if (READ_AHEAD_WORKER_SOURCE !== null) {
    workerUrl = URL.createObjectURL(new Blob([READ_AHEAD_WORKER_SOURCE], { type: "application/javascript" }));
  } else if (WORKER_FILE.protocol === "file:" && existsSync(WORKER_FILE)) workerUrl = WORKER_FILE;
  return workerUrl;
}

const IDLE = 0, ARMED = 1, OWNED = 2;

/** The main thread's side of one socket's read-ahead thread. */
export class ReadAhead implements ReadAheadEngine {
  /** Datagrams returned from the ring so far. */
  datagrams = 0;
  private readonly ctrl: Int32Array;
  private readonly big: Float64Array;
  private readonly slots: Uint8Array;
  private readonly slotSize: number;
  private worker: Worker | undefined;
  private state = IDLE;
  /** Datagrams taken from the ring in this dump; the last one is released at the next recv. */
  private tail = 0;
  private held = false;
  private go = 0;

  /** For the socket `fd` (whose port id is `portId`); `slotSize` only for tests of the big-datagram path. */
  constructor(private readonly fd: number, private readonly portId: number, slotSize = DEFAULT_SLOT_SIZE) {
    const shared = new SharedArrayBuffer(sharedSize(slotSize));
    this.ctrl = new Int32Array(shared);
    this.ctrl[SLOT_SIZE] = slotSize;
    this.big = new Float64Array(shared, BIG_ADDR, 1);
    this.slots = new Uint8Array(shared, SLOTS_AT, SLOTS * slotSize);
    this.slotSize = slotSize;
  }

  /** Read the rest of the dump of request `seq` ahead (from the next datagram boundary at which the thread is ready). */
  arm(seq: number): void {
    if (this.state === OWNED) return;
    if (this.worker === undefined) {
      const src = workerSource();
      if (src === null || typeof Worker === "undefined") return; // read on this thread, as without read-ahead
      // the thread reads its own duplicate of the socket's fd, and closes it when it ends: a thread that starts
      // (or stops) after the transport closed never touches an fd number that may name another file by then
      const fd = fcntl(this.fd, F_DUPFD_CLOEXEC, 0);
      const w = new Worker(src);
      w.unref();
      w.addEventListener("error", (e) => e.preventDefault()); // a thread that fails to load: this thread reads, as without it
      w.postMessage({ shared: this.ctrl.buffer as SharedArrayBuffer, fd } satisfies ReadAheadStart);
      this.worker = w;
    }
    Atomics.store(this.ctrl, SEQ, seq | 0);
    Atomics.store(this.ctrl, PORT, this.portId | 0);
    this.state = ARMED;
  }

  /**
   * The next datagram from the ring, or null when the socket is to be read
   * directly (not armed, the thread not ready yet, or `dontWait` and none
   * has arrived: then the ring is not bypassed, null is the answer).
   */
  next(dontWait: boolean): Uint8Array | null | undefined {
    if (this.state === IDLE) return undefined;
    const ctrl = this.ctrl;
    if (this.state === ARMED) {
      if (Atomics.load(ctrl, READY) !== 1 || Atomics.load(ctrl, GONE) !== 0) return undefined;
      Atomics.store(ctrl, READY, 0);
      Atomics.store(ctrl, HEAD, 0);
      Atomics.store(ctrl, TAIL, 0);
      this.tail = 0;
      this.held = false;
      this.state = OWNED;
      Atomics.store(ctrl, GO, ++this.go);
      Atomics.notify(ctrl, GO);
    }
    this.release();
    const t = this.tail;
    if (Atomics.load(ctrl, HEAD) === t) {
      if (dontWait) return null;
      while (Atomics.load(ctrl, HEAD) === t) {
        if (Atomics.load(ctrl, GONE) !== 0) {
          this.state = IDLE;
          throw new Error("netlink read-ahead: the receiving thread ended in the middle of a dump");
        }
        Atomics.wait(ctrl, HEAD, t, 1000);
      }
    }
    const i = t % SLOTS;
    const len = ctrl[lenIndex(i)]!;
    const kind = ctrl[kindIndex(i)]!;
    this.tail = t + 1;
    this.held = true;
    this.datagrams++;
    if (kind & (END | FAILED)) this.state = IDLE;
    if (kind & FAILED) {
      this.release();
      throw new SyscallError("recvmsg", len);
    }
    if (kind & BIG) {
      const copy = new Uint8Array(toArrayBuffer(this.big[0]!, 0, len)).slice();
      this.release();
      return copy;
    }
    const at = i * this.slotSize;
    return this.slots.subarray(at, at + len);
  }

  /**
   * A datagram the main thread read itself: when it ends the armed dump
   * (the thread was not ready in time), disarm, so that the socket is not
   * handed over for a dump that is over.
   */
  readDirectly(d: Uint8Array): void {
    if (this.state !== ARMED) return;
    const seq = Atomics.load(this.ctrl, SEQ) >>> 0;
    if (endsDump(new DataView(d.buffer, d.byteOffset, d.length), d.length, seq, this.portId)) this.state = IDLE;
  }

  /** Give the slot of the datagram returned last back to the thread. */
  private release(): void {
    if (!this.held) return;
    this.held = false;
    Atomics.store(this.ctrl, TAIL, this.tail);
    Atomics.notify(this.ctrl, TAIL);
  }

  /**
   * End the thread (the transport is closing): it returns at its next wait,
   * without the main thread waiting for it (terminate() cost a one-shot
   * command ~4 ms at exit).
   */
  close(): void {
    if (this.worker === undefined) return;
    this.worker = undefined;
    this.state = IDLE;
    Atomics.store(this.ctrl, STOP, 1);
    Atomics.notify(this.ctrl, GO);
    Atomics.notify(this.ctrl, TAIL);
  }
}
