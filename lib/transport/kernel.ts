/**
 * The real kernel transport: a NETLINK_ROUTE socket (lib/sys) opened in the
 * current thread's namespace or, with `netns`, inside another one.
 */
import { SO_RCVBUF, SOL_NETLINK, SOL_SOCKET } from "../sys/constants.ts";
import { NetlinkSocket, type NetlinkSocketOptions } from "../sys/netlink-socket.ts";
import type { ReadAheadEngine, ReadAheadEngineName, Transport } from "./transport.ts";

type WorkerModule = typeof import("./read-ahead.ts");
type UringModule = typeof import("./read-ahead-uring.ts");
/** read-ahead.ts and read-ahead-uring.ts, loaded on the first long dump (a one-shot command's start does not pay for them). */
let workerModule: WorkerModule | undefined;
let uringModule: UringModule | undefined;
/** False once io_uring failed to open in this process (the next transports go straight to the Worker). */
let uringPossible = true;

/** A transport over a kernel netlink socket. */
export class KernelTransport implements Transport {
  #ahead: ReadAheadEngine | undefined;
  #engine: "uring" | "worker" | undefined;
  #noAhead = false;

  /** `readAheadSlot`: bytes per read-ahead slot (tests of datagrams larger than a slot; default 64 KiB for the Worker, 1 MiB + 64 KiB for io_uring). */
  constructor(readonly socket: NetlinkSocket, private readonly opts: { readAheadSlot?: number } = {}) {}

  /** Open a socket of `protocol` (NETLINK_ROUTE by default) in the calling thread's namespace. */
  static open(protocol = 0, opts: NetlinkSocketOptions = {}): KernelTransport {
    return new KernelTransport(NetlinkSocket.open(protocol, opts));
  }

  get portId(): number {
    return this.socket.portId;
  }
  get closed(): boolean {
    return this.socket.closed;
  }
  send(data: Uint8Array): void {
    this.socket.send(data);
  }
  recv(opts?: { dontWait?: boolean }): Uint8Array | null {
    const a = this.#ahead;
    if (a !== undefined) {
      const d = a.next(opts?.dontWait === true);
      if (d !== undefined) return d;
      const own = this.socket.recv(opts);
      if (own !== null) a.readDirectly(own);
      return own;
    }
    return this.socket.recv(opts);
  }
  /**
   * Read the rest of the dump of request `seq` ahead with `engine` (the
   * first call's choice stays for the transport's life; "uring" where this
   * process has no io_uring reads on this thread); `recv` hands its
   * datagrams over in order.
   */
  readAhead(seq: number, engine: ReadAheadEngineName = "auto"): void {
    if (this.#ahead === undefined) {
      if (this.#noAhead) return;
      const { fd, portId } = this.socket, slot = this.opts.readAheadSlot;
      if (engine !== "worker" && uringPossible) {
        const m = (uringModule ??= require("./read-ahead-uring.ts") as UringModule);
        const u = m.UringReadAhead.open(fd, portId, slot);
        if (u !== null) {
          this.#ahead = u;
          this.#engine = "uring";
        } else uringPossible = false;
      }
      if (this.#ahead === undefined) {
        if (engine === "uring") {
          this.#noAhead = true; // no io_uring here: this transport reads its dumps itself
          return;
        }
        const m = (workerModule ??= require("./read-ahead.ts") as WorkerModule);
        this.#ahead = new m.ReadAhead(fd, portId, slot);
        this.#engine = "worker";
      }
    }
    this.#ahead.arm(seq);
  }
  /** The read-ahead engine this transport uses: undefined until its first long dump. */
  get readAheadEngine(): "uring" | "worker" | undefined {
    return this.#engine;
  }
  /** Datagrams that came through the read-ahead thread so far (diagnostics and tests). */
  get readAheadDatagrams(): number {
    return this.#ahead?.datagrams ?? 0;
  }
  waitReadable(timeoutMs: number): boolean {
    return this.socket.waitReadable(timeoutMs);
  }
  receiveBufferSize(): number {
    return this.socket.getInt(SOL_SOCKET, SO_RCVBUF);
  }
  setNetlinkOption(option: number, on: boolean): boolean {
    return this.socket.trySetInt(SOL_NETLINK, option, on ? 1 : 0);
  }
  close(): void {
    this.#ahead?.close();
    this.#ahead = undefined;
    this.socket.close();
  }
  [Symbol.dispose](): void {
    this.close();
  }
}
