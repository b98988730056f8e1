/**
 * The real kernel transport: a NETLINK_ROUTE socket (lib/sys) opened in the
 * current thread's namespace or, with `netns`, inside another one.
 */
import { SO_RCVBUF, SOL_NETLINK, SOL_SOCKET } from "../sys/constants.ts";
import { NetlinkSocket, type NetlinkSocketOptions } from "../sys/netlink-socket.ts";
import type { Transport } from "./transport.ts";

/** A transport over a kernel netlink socket. */
export class KernelTransport implements Transport {
  constructor(readonly socket: NetlinkSocket) {}

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
    return this.socket.recv(opts);
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
    this.socket.close();
  }
  [Symbol.dispose](): void {
    this.close();
  }
}
