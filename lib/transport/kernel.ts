/**
 * The real kernel transport: a NETLINK_ROUTE socket (lib/sys) opened in the
 * current thread's namespace or, with `netns`, inside another one.
 */
import { SO_RCVBUF, SOL_NETLINK, SOL_SOCKET } from "../sys/constants.ts";
import { NetlinkSocket, type NetlinkSocketOptions } from "../sys/netlink-socket.ts";
import type { ReadAhead } from "./read-ahead.ts";
import type { Transport } from "./transport.ts";

type ReadAheadModule = typeof import("./read-ahead.ts");
/** read-ahead.ts, loaded on the first long dump (a one-shot command's start does not pay for it). */
let readAheadModule: ReadAheadModule | undefined;

/** A transport over a kernel netlink socket. */
export class KernelTransport implements Transport {
  #ahead: ReadAhead | undefined;

  /** `readAheadSlot`: bytes per read-ahead slot (tests of datagrams larger than a slot; default 64 KiB). */
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
  /** Read the rest of the dump of request `seq` on a second thread (read-ahead.ts); `recv` hands its datagrams over in order. */
  readAhead(seq: number): void {
    const m = (readAheadModule ??= require("./read-ahead.ts") as ReadAheadModule);
    (this.#ahead ??= new m.ReadAhead(this.socket.fd, this.socket.portId, this.opts.readAheadSlot)).arm(seq);
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
