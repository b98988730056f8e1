/**
 * Messages between a subscription (main thread, waiter.ts) and the Worker
 * thread that owns its netlink socket (waiter-worker.ts). Plain data only:
 * everything here crosses postMessage (structured clone; datagram
 * ArrayBuffers are transferred, not copied).
 */

/** Sent once to the worker to start it. */
export interface WaiterStart {
  /** A socket the main thread opened and joined the groups with (detached, the worker owns it), or null: the worker opens one (netnsPath, groups, receiveBuffer). */
  fd: number | null;
  /** Namespace file to open the socket in (setns on the worker thread), or null for the worker's current one. */
  netnsPath: string | null;
  /** RTNLGRP_* numbers to join (NETLINK_ADD_MEMBERSHIP). */
  groups: number[];
  /** SO_RCVBUF(FORCE) in bytes, or null for the kernel default. */
  receiveBuffer: number | null;
  /** Int32Array view: [STOP] set to 1 by the main thread asks the worker to close the socket. */
  control: SharedArrayBuffer;
  /** An eventfd the main thread signals right after setting STOP, waking the worker's poll(2). */
  wakeFd: number;
}

/** Index of the stop flag in the control Int32Array. */
export const STOP = 0;

/** A datagram (transferred ArrayBuffer) or an overrun marker, in receive order. */
export type WaiterItem = ArrayBuffer | { overrun: number };

/** An error as it crosses the thread boundary. */
export interface WaiterError {
  name: string;
  message: string;
  /** Set for SyscallError: the failed call, errno and context. */
  syscall?: string;
  errno?: number;
  context?: string;
}

/** Worker -> main. */
export type WaiterMessage =
  | { t: "ready"; portId: number }
  | { t: "data"; items: WaiterItem[] }
  | { t: "error"; error: WaiterError }
  | { t: "closed" };
