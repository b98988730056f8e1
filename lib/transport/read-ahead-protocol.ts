/**
 * The shared memory between a kernel transport and its read-ahead thread
 * (read-ahead.ts, read-ahead-worker.ts): one SharedArrayBuffer holding a
 * control block, a ring of datagram slots and each slot's length and kind.
 * The thread writes slot `head % SLOTS` and advances HEAD; the main thread
 * reads slot `tail % SLOTS` and advances TAIL once it is done with it.
 */

import { HOST_LE } from "../../codecs/core/align.ts";
import { NLMSG_DONE, NLMSG_ERROR } from "../../codecs/core/constants.ts";

/** Int32 indexes of the control block. */
export const READY = 0; // worker: 1 while it waits for a dump to read (socket not in use)
export const GO = 1; // main: incremented to hand the socket over for one dump
export const SEQ = 2; // main: the dump's sequence number
export const PORT = 3; // main: our port id
export const HEAD = 4; // worker: datagrams written in this dump
export const TAIL = 5; // main: datagrams released in this dump
export const SLOT_SIZE = 6; // main: bytes per slot
export const STOP = 7; // main: 1 when the transport closes (the thread ends at its next wait)
export const GONE = 8; // worker: 1 once the thread has ended (a failure it did not expect: the main thread must not wait for it)
export const CONTROL_INTS = 10;

/** Slots in the ring. */
export const SLOTS = 8;
/**
 * The thread wakes the main thread once this many datagrams wait (or one
 * ended the dump): the main thread prints faster than the kernel dumps, so
 * waking it per datagram cost two context switches each. At most SLOTS.
 */
export const WAKE_BATCH = 4;
/** Bytes per slot: the kernel builds dump datagrams of up to 32 KiB (bigger ones take the BIG path). */
export const DEFAULT_SLOT_SIZE = 64 << 10;

/** Kinds of a slot (an Int32 per slot after the lengths; bits). */
export const DATA = 0;
/** The datagram that ended the dump (NLMSG_DONE or NLMSG_ERROR of its seq); the thread stopped reading. */
export const END = 1;
/** recvmsg failed; the length is the errno. The thread stopped reading. */
export const FAILED = 2;
/** A datagram larger than a slot, left in the worker's own buffer (address in the Float64 after the kinds). */
export const BIG = 4;

/** The Int32 index of slot i's length and kind, and the Float64 index of the BIG address. */
export const lenIndex = (i: number): number => CONTROL_INTS + i;
export const kindIndex = (i: number): number => CONTROL_INTS + SLOTS + i;
/** Byte offset of the Float64 holding a BIG datagram's address. */
export const BIG_ADDR = (CONTROL_INTS + 2 * SLOTS) * 4;
/** Byte offset of slot 0. */
export const SLOTS_AT = BIG_ADDR + 8 + 8;

/** The SharedArrayBuffer for slots of `slotSize` bytes. */
export function sharedSize(slotSize: number): number {
  return SLOTS_AT + SLOTS * slotSize;
}

/** What the main thread posts to start the thread (once; later dumps go through GO). */
export interface ReadAheadStart {
  shared: SharedArrayBuffer;
  fd: number;
}

/** True when the datagram buf[0, len) holds the NLMSG_DONE or NLMSG_ERROR of request `seq` to port `port`. */
export function endsDump(dv: DataView, len: number, seq: number, port: number): boolean {
  for (let off = 0; off + 16 <= len; ) {
    const n = dv.getUint32(off, HOST_LE);
    if (n < 16 || n > len - off) return false; // malformed: the reader reports it
    const type = dv.getUint16(off + 4, HOST_LE);
    if ((type === NLMSG_DONE || type === NLMSG_ERROR) && dv.getUint32(off + 8, HOST_LE) === seq && dv.getUint32(off + 12, HOST_LE) === port) return true;
    off += (n + 3) & ~3;
  }
  return false;
}
