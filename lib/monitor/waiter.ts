/**
 * Main-thread side of a subscription's socket: starts it on a Worker thread
 * (waiter-worker.ts; threads of ended subscriptions are reused), turns the
 * thread's messages into callbacks, asks it to stop, and knows when it has
 * closed the socket.
 *
 * The Worker is ref'ed (keeps the process alive) only while `setRef(true)`:
 * the subscription refs it until the socket is ready and then only while
 * someone awaits an event, so a
 * forgotten, unread subscription does not hold the process open.
 */
import { existsSync } from "node:fs";
import { EventFd } from "../sys/eventfd.ts";
import { closeFd } from "../sys/ns.ts";
import { SyscallError } from "../sys/syscall-error.ts";
import { STOP, type WaiterError, type WaiterMessage, type WaiterStart } from "./waiter-protocol.ts";
import { WAITER_WORKER_SOURCE } from "./waiter-worker-source.ts";

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
  /** An open socket with the groups joined, handed over to the worker (detached), or null. */
  fd: number | null;
  netnsPath: string | null;
  groups: number[];
  receiveBuffer: number | null;
}

const WORKER_FILE = new URL("./waiter-worker.ts", import.meta.url);
let workerUrl: string | URL | null = null;

/**
 * Where worker threads load their code from: a Blob URL of the bundled
 * worker when this is the published build (dist/, so also in `bun build`
 * bundles and compiled executables), else waiter-worker.ts on disk. Throws a
 * clear Error, before any thread starts, when neither is available.
 */
function workerSource(): string | URL {
  if (workerUrl !== null) return workerUrl;
  if (WAITER_WORKER_SOURCE !== null) {
    workerUrl = URL.createObjectURL(new Blob([WAITER_WORKER_SOURCE], { type: "application/javascript" }));
  } else if (WORKER_FILE.protocol === "file:" && existsSync(WORKER_FILE)) {
    workerUrl = WORKER_FILE;
  } else {
    throw new Error(
      `subscribe: the monitor worker ${WORKER_FILE.href} is not on disk (bundled from bun-netlink's sources?); ` +
        "bundle or compile the published package (its dist/ build), which embeds it",
    );
  }
  return workerUrl;
}

/** Rebuild an error that crossed the thread boundary. */
export function fromWire(e: WaiterError): Error {
  if (e.syscall !== undefined && e.errno !== undefined) return new SyscallError(e.syscall, e.errno, e.context);
  const ctor = e.name === "TypeError" ? TypeError : e.name === "RangeError" ? RangeError : Error;
  const err = new ctor(e.message);
  if (ctor === Error && e.name !== "Error") err.name = e.name;
  return err;
}

/** Idle threads kept for reuse, and how long an idle one lives. */
const MAX_IDLE = 4;
const IDLE_MS = 10_000;

interface PooledThread {
  worker: Worker;
  timer: ReturnType<typeof setTimeout> | null;
}

const idle: PooledThread[] = [];

function takeThread(): Worker {
  const t = idle.pop();
  if (t === undefined) return new Worker(workerSource());
  if (t.timer !== null) clearTimeout(t.timer);
  return t.worker;
}

/**
 * Keep a thread whose subscription ended for the next one (unref'ed, ended
 * after IDLE_MS unused). Reuse matters: a new Worker costs ~10 ms to start
 * and bun:ffi's per-thread dlopen is never given back, so
 * open-close-open cycles on fresh threads would grow memory.
 */
function parkThread(worker: Worker): void {
  worker.onmessage = null;
  worker.onerror = null;
  worker.unref();
  if (idle.length >= MAX_IDLE) {
    worker.terminate();
    return;
  }
  const t: PooledThread = { worker, timer: null };
  t.timer = setTimeout(() => {
    const i = idle.indexOf(t);
    if (i >= 0) idle.splice(i, 1);
    worker.terminate();
  }, IDLE_MS);
  t.timer.unref?.();
  idle.push(t);
}

/**
 * End the idle subscription threads now instead of after their idle
 * timeout (e.g. before measuring resource use, or at shutdown). Threads of
 * open subscriptions are not touched. Resolves once they are gone.
 */
export async function releaseIdleThreads(): Promise<void> {
  const threads = idle.splice(0);
  await Promise.all(
    threads.map((t) => {
      if (t.timer !== null) clearTimeout(t.timer);
      const gone = new Promise<void>((r) => t.worker.addEventListener("close", () => r(), { once: true }));
      t.worker.terminate();
      return gone;
    }),
  );
}

/** The number of idle threads kept for reuse. */
export function idleThreadCount(): number {
  return idle.length;
}

/** One subscription's socket on a worker thread (a fresh one or one reused from an ended subscription). */
export class Waiter {
  readonly #worker: Worker;
  readonly #control: Int32Array;
  readonly #wake: EventFd;
  #ended = false;
  #stopped = false;
  #refd = true;

  private constructor(worker: Worker, control: Int32Array, wake: EventFd) {
    this.#worker = worker;
    this.#control = control;
    this.#wake = wake;
  }

  /** Start the socket on a thread; callbacks fire from the main event loop. */
  static start(opts: WaiterOptions, cb: WaiterCallbacks): Waiter {
    const sab = new SharedArrayBuffer(4);
    let worker: Worker;
    try {
      worker = takeThread(); // throws, before any thread starts, when no worker code is available
    } catch (e) {
      if (opts.fd !== null) closeFd(opts.fd); // the socket was handed to us: do not leak it
      throw e;
    }
    let wake: EventFd;
    try {
      wake = EventFd.open();
    } catch (e) {
      parkThread(worker);
      if (opts.fd !== null) closeFd(opts.fd);
      throw e;
    }
    worker.ref();
    const w = new Waiter(worker, new Int32Array(sab), wake);
    const end = (reusable: boolean): void => {
      if (w.#ended) return;
      w.#ended = true;
      wake.close(); // the thread no longer polls it
      if (reusable) parkThread(worker);
      else worker.terminate();
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
          end(true);
          break;
      }
    };
    worker.onerror = (ev: ErrorEvent) => {
      cb.error(new Error(`monitor worker failed: ${ev.message}`));
      end(false);
    };
    const start: WaiterStart = { ...opts, control: sab, wakeFd: wake.fd };
    worker.postMessage(start);
    return w;
  }

  /** Ask the thread to close the socket now (flag, then wake its poll). Idempotent. */
  stop(): void {
    if (this.#stopped || this.#ended) return;
    this.#stopped = true;
    Atomics.store(this.#control, STOP, 1);
    this.#wake.signal();
    this.setRef(true); // keep the process alive until the socket is really closed
  }

  /** Whether the thread keeps the process alive. */
  setRef(on: boolean): void {
    if (this.#ended || on === this.#refd) return;
    this.#refd = on;
    if (on) this.#worker.ref();
    else this.#worker.unref();
  }
}
