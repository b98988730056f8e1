/**
 * Main-thread side of a subscription's socket: starts the Worker that owns
 * the socket (waiter-worker.ts), turns its messages into callbacks, asks it
 * to stop, and knows when it has closed the socket and ended.
 *
 * The Worker is ref'ed (keeps the process alive) only while `setRef(true)`:
 * the subscription refs it until the socket is ready and then only while
 * someone awaits an event, so a
 * forgotten, unread subscription does not hold the process open.
 */
import { SyscallError } from "../sys/syscall-error.ts";
import { STOP, type WaiterError, type WaiterMessage, type WaiterStart } from "./waiter-protocol.ts";

/** What the waiter reports, in order. */
export interface WaiterCallbacks {
  ready(portId: number): void;
  datagram(buf: Uint8Array): void;
  overrun(discarded: number): void;
  /** The worker failed (socket open, membership, or a receive error); it closes and ends next. */
  error(e: Error): void;
  /** The socket is closed and the thread is gone. Called exactly once. */
  closed(): void;
}

/** Options of {@link Waiter.start}. */
export interface WaiterOptions {
  netnsPath: string | null;
  groups: number[];
  receiveBuffer: number | null;
  pollMs: number;
}

const WORKER_URL = new URL("./waiter-worker.ts", import.meta.url);

/** Rebuild an error that crossed the thread boundary. */
export function fromWire(e: WaiterError): Error {
  if (e.syscall !== undefined && e.errno !== undefined) return new SyscallError(e.syscall, e.errno, e.context);
  const ctor = e.name === "TypeError" ? TypeError : e.name === "RangeError" ? RangeError : Error;
  const err = new ctor(e.message);
  if (ctor === Error && e.name !== "Error") err.name = e.name;
  return err;
}

/** One worker thread owning one netlink socket. */
export class Waiter {
  readonly #worker: Worker;
  readonly #control: Int32Array;
  #ended = false;
  #refd = true;

  private constructor(worker: Worker, control: Int32Array) {
    this.#worker = worker;
    this.#control = control;
  }

  /** Start the worker; callbacks fire from the main event loop. */
  static start(opts: WaiterOptions, cb: WaiterCallbacks): Waiter {
    const sab = new SharedArrayBuffer(4);
    const worker = new Worker(WORKER_URL);
    const w = new Waiter(worker, new Int32Array(sab));
    const end = (): void => {
      if (w.#ended) return;
      w.#ended = true;
      worker.terminate();
      cb.closed();
    };
    worker.onmessage = (ev: MessageEvent<WaiterMessage>) => {
      const m = ev.data;
      switch (m.t) {
        case "ready":
          cb.ready(m.portId);
          break;
        case "data":
          for (const item of m.items) {
            if (item instanceof ArrayBuffer) cb.datagram(new Uint8Array(item));
            else cb.overrun(item.overrun);
          }
          break;
        case "error":
          cb.error(fromWire(m.error));
          break;
        case "closed":
          end();
          break;
      }
    };
    worker.onerror = (ev: ErrorEvent) => {
      cb.error(new Error(`monitor worker failed: ${ev.message}`));
      end();
    };
    const start: WaiterStart = { ...opts, control: sab };
    worker.postMessage(start);
    return w;
  }

  /** Ask the worker to close its socket and end (within one poll period). Idempotent. */
  stop(): void {
    Atomics.store(this.#control, STOP, 1);
    this.setRef(true); // keep the process alive until the socket is really closed
  }

  /** Whether the worker keeps the process alive. */
  setRef(on: boolean): void {
    if (this.#ended || on === this.#refd) return;
    this.#refd = on;
    if (on) this.#worker.ref();
    else this.#worker.unref();
  }
}
