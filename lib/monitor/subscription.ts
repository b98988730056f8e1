/**
 * rtnetlink multicast subscriptions as an AsyncIterable of typed events.
 *
 *   const sub = subscribe({ families: ["link", "route"], netns: "blue", signal });
 *   await sub.ready;                       // socket open, groups joined
 *   for await (const ev of sub) {          // { kind: "new"|"del", family, object } | { kind: "overrun" } ...
 *     if (done) break;                     // break, sub.close() or the signal all end it
 *   }
 *
 * Waiting happens on a Worker thread that owns the socket (waiter-worker.ts;
 * see RELIABILITY.md "Design notes" for why not timer-driven polling): the
 * event loop is never blocked and an idle subscription costs no measurable
 * CPU. Datagrams are decoded on the main thread, in arrival order.
 */
import { NetnsHandle } from "../netns/handle.ts";
import { decodeDatagram, type MonitorEvent } from "./decode-event.ts";
import { checkSubscribeOptions, type CheckedOptions, type SubscribeOptions } from "./options.ts";
import { AsyncQueue } from "./queue.ts";
import { Waiter } from "./waiter.ts";
import { NETLINK_ROUTE } from "../sys/constants.ts";
import { NetlinkSocket } from "../sys/netlink-socket.ts";
import { openSocketInNetns } from "../netns/run.ts";

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * One subscription: a single-consumer async iterator of {@link MonitorEvent}s.
 * Created by {@link subscribe}. `close()`, `break` out of `for await`, the
 * AbortSignal and `await using` all end it; ending is idempotent.
 */
export class Subscription implements AsyncIterableIterator<MonitorEvent>, AsyncDisposable {
  /** Resolves when the socket is open and every group joined; rejects with the open error. */
  readonly ready: Promise<void>;
  /** Resolves when the socket is closed and its thread has ended (also after errors). */
  readonly closed: Promise<void>;
  #portId = 0;
  #isReady = false;
  readonly #queue: AsyncQueue<MonitorEvent>;
  readonly #waiter: Waiter | null;
  readonly #signal: AbortSignal | null;
  readonly #onAbort = (): void => this.close();

  /** @internal use {@link subscribe}. */
  constructor(o: CheckedOptions) {
    this.#signal = o.signal;
    this.#queue = new AsyncQueue<MonitorEvent>(o.maxQueue, (discarded) => ({ kind: "overrun", source: "queue", discarded }), () => this.#updateRef());
    let readyResolve!: () => void, readyReject!: (e: unknown) => void, closedResolve!: () => void;
    this.ready = new Promise<void>((res, rej) => { readyResolve = res; readyReject = rej; });
    this.ready.catch(() => {}); // also reported through next(); never an unhandled rejection
    this.closed = new Promise<void>((res) => { closedResolve = res; });
    if (o.signal?.aborted) {
      this.#queue.end();
      this.#waiter = null;
      readyReject(new Error("subscription was aborted before it started"));
      closedResolve();
      return;
    }
    const owned = typeof o.netns === "string" ? NetnsHandle.open(o.netns) : null;
    const handle = owned ?? (o.netns as NetnsHandle | null);
    const releaseNs = (): void => owned?.close();
    try {
      const netnsPath = handle === null ? null : `/proc/self/fd/${handle.fd}`;
      this.#waiter = Waiter.start(
        { fd: o.socket !== null ? o.socket.detach() : joinNow(netnsPath, o.groups, o.receiveBuffer), netnsPath, groups: o.groups, receiveBuffer: o.receiveBuffer },
        {
          ready: (portId) => {
            this.#portId = portId;
            this.#isReady = true;
            releaseNs();
            readyResolve();
            this.#updateRef();
          },
          datagram: (buf) => {
            if (!this.#queue.ended) decodeDatagram(buf, (ev) => this.#queue.push(ev));
          },
          overrun: (discarded) => this.#queue.push({ kind: "overrun", source: "kernel", discarded }),
          error: (e) => {
            releaseNs();
            readyReject(e);
            this.#queue.fail(e);
            this.#stop();
          },
          closed: () => {
            releaseNs();
            readyReject(new Error("subscription closed before it was ready"));
            this.#queue.end();
            this.#signal?.removeEventListener("abort", this.#onAbort);
            closedResolve();
          },
        },
      );
    } catch (e) {
      releaseNs();
      throw e;
    }
    o.signal?.addEventListener("abort", this.#onAbort, { once: true });
    this.#updateRef();
  }

  /** Our netlink port id (0 until ready). */
  get portId(): number {
    return this.#portId;
  }

  /** Events received and not yet consumed. */
  get pending(): number {
    return this.#queue.size;
  }

  #updateRef(): void {
    this.#waiter?.setRef(!this.#queue.ended && (this.#queue.waiting || !this.#isReady));
  }

  #stop(): void {
    this.#signal?.removeEventListener("abort", this.#onAbort);
    this.#waiter?.stop();
  }

  /** The next event; `done` once closed/aborted; rejects once with a worker error. */
  next(): Promise<IteratorResult<MonitorEvent>> {
    return this.#queue.next();
  }

  /** Stop (what `break` calls): closes the socket; pending events are dropped. */
  return(): Promise<IteratorResult<MonitorEvent>> {
    this.close();
    return Promise.resolve(DONE);
  }

  /**
   * Stop receiving: a pending next() resolves `done`, queued events are
   * dropped, the worker closes the socket (await `closed` to know when).
   * Idempotent.
   */
  close(): void {
    this.#queue.clear();
    this.#queue.end();
    this.#stop();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** `await using sub = subscribe(...)`: close and wait until the socket is closed. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
    await this.closed;
  }
}

/**
 * Open the socket and join the groups on this thread, synchronously, so that
 * events are queued from the moment subscribe() returns (the worker thread
 * takes the socket over when it has started). Returns the detached fd, or
 * null when opening failed: the worker then tries again and reports the
 * error through `ready` as before.
 */
function joinNow(netnsPath: string | null, groups: number[], receiveBuffer: number | null): number | null {
  let sock: NetlinkSocket | undefined;
  try {
    const opts = receiveBuffer === null ? {} : { rcvbuf: receiveBuffer };
    sock = netnsPath === null ? NetlinkSocket.open(NETLINK_ROUTE, opts) : openSocketInNetns(netnsPath, NETLINK_ROUTE, opts);
    for (const g of groups) sock.addMembership(g);
    return sock.detach();
  } catch {
    sock?.close();
    return null;
  }
}

/**
 * Subscribe to rtnetlink notifications. Options are validated first (a bad
 * value throws TypeError/RangeError naming it, before any syscall); a
 * namespace given by name or path is opened synchronously (SyscallError if
 * it does not exist); the socket itself is opened by the worker thread, and
 * `ready` tells when it listens.
 */
export function subscribe(opts?: SubscribeOptions): Subscription {
  return new Subscription(checkSubscribeOptions(opts));
}
