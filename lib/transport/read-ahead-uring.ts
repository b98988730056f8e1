/**
 * Reading a long dump ahead through io_uring (lib/sys/io-uring.ts): the
 * kernel builds a dump's next datagram inside the recvmsg(2) that reads
 * the previous one, so this engine queues the dump's next receives on the
 * kernel's own worker thread (IOSQE_ASYNC) as one linked chain (they run
 * one after the other, in order, without waking anyone in between) while
 * the caller decodes or prints the datagrams already read. Unlike the
 * Worker engine (read-ahead.ts) there is no second JS VM to start (~16-25
 * ms, ~850 page faults), so it pays from a dump's first datagrams.
 *
 * Only one chain runs at a time (two would race for the socket's
 * datagrams); a new one, as long as the free slots allow, is queued once
 * the last has completed. A chain may outrun the dump: once the datagram
 * that ends it (its NLMSG_DONE or NLMSG_ERROR) is in, the receives still
 * queued are cancelled (nothing else can arrive: the next request has not
 * been sent) before that datagram is handed over.
 *
 * Memory (one anonymous mapping per engine, outside the JS heap, stable
 * while the kernel writes it; untouched pages cost nothing):
 *
 *   0      slot i's struct msghdr at i*128 (56 bytes: msg_name @0, msg_namelen @8, msg_iov @16,
 *          msg_iovlen @24, ..., msg_flags @48), its struct iovec at +64, its sockaddr_nl at +96
 *          (the sender: nl_pid at +100; datagrams not from the kernel are dropped)
 *   4096   slot i's buffer at 4096 + i*SLOT_BYTES: 1 MiB + 64 KiB. A dump's datagrams are at most 32 KiB,
 *          or one message where a single object is bigger (a link with many VFs: tens of KiB); one that
 *          does not fit is reported as truncated (MSG_TRUNC gives its length), as NetlinkSocket.recv
 *          reports one beyond its 16 MiB. 8.5 MiB of address space per engine, committed only where written.
 */
import { toArrayBuffer } from "bun:ffi";
import { MSG_TRUNC, SOCKADDR_NL_SIZE } from "../sys/constants.ts";
import { Errno } from "../sys/errno.ts";
import { IoUring, mapAnonymous, unmap } from "../sys/io-uring.ts";
import { SyscallError } from "../sys/syscall-error.ts";
import { endsDump } from "./read-ahead-protocol.ts";
import type { ReadAheadEngine } from "./transport.ts";

/** Slots: the one the caller holds, those read and not yet handed over, those queued. */
const SLOTS = 8;
const HEADERS = 4096;
/** Bytes per slot (a bigger datagram is reported as truncated). */
export const SLOT_BYTES = 1024 * 1024 + 64 * 1024;
/** User data of a cancellation (receives carry their sequence number, below 2^31). */
const CANCEL = 0xffffffff;
/** ECANCELED: a receive the engine cancelled (or the rest of a chain after it). */
const ECANCELED = 125;

interface Read {
  id: number;
  res: number;
}

/** One socket's io_uring read-ahead. Runs on the caller's thread; the kernel's worker does the reading. */
export class UringReadAhead implements ReadAheadEngine {
  /** Datagrams returned through the ring so far. */
  datagrams = 0;
  readonly #ring: IoUring;
  readonly #base: number;
  readonly #size: number;
  readonly #mem: Uint8Array;
  readonly #dv: DataView;
  #closed = false;
  /** Cancellations sent whose answers have not come back. */
  #cancels = 0;
  /** A dump is being read through the ring (armed, and its end not handed over yet). */
  #owned = false;
  /** Its end has been read (no more receives are queued). */
  #ended = false;
  #seq = 0;
  /** Receives queued so far (each one's id; slot = id % SLOTS). */
  #queued = 0;
  /** Completions taken from the ring (receives only). */
  #completed = 0;
  /** Completed receives not handed over yet, in order. */
  readonly #ready: Read[] = [];

  private constructor(ring: IoUring, private readonly fd: number, private readonly portId: number, private readonly slotBytes: number) {
    this.#ring = ring;
    this.#size = HEADERS + SLOTS * slotBytes;
    this.#base = mapAnonymous(this.#size);
    const ab = toArrayBuffer(this.#base, 0, this.#size);
    this.#mem = new Uint8Array(ab);
    this.#dv = new DataView(ab);
    const b = this.#base;
    for (let slot = 0; slot < SLOTS; slot++) {
      const m = slot * 128;
      this.#dv.setBigUint64(m, BigInt(b + m + 96), true); // msg_name
      this.#dv.setBigUint64(m + 16, BigInt(b + m + 64), true); // msg_iov
      this.#dv.setBigUint64(m + 24, BigInt(1), true); // msg_iovlen
      this.#dv.setBigUint64(m + 64, BigInt(b + HEADERS + slot * slotBytes), true);
      this.#dv.setBigUint64(m + 72, BigInt(slotBytes), true);
    }
  }

  /**
   * An engine for socket `fd` (port id `portId`), or null when this process
   * cannot have an io_uring. `slotBytes` only for tests of the truncation report.
   */
  static open(fd: number, portId: number, slotBytes = SLOT_BYTES): UringReadAhead | null {
    const ring = IoUring.open(2 * SLOTS);
    if (ring === null) return null;
    try {
      return new UringReadAhead(ring, fd, portId, slotBytes);
    } catch {
      ring.close();
      return null;
    }
  }

  /** Queue a chain of receives into every free slot (none may be running). */
  #queueChain(): void {
    const inUse = this.#queued - this.#completed + this.#ready.length;
    const n = SLOTS - inUse;
    for (let k = 0; k < n; k++) {
      const id = this.#queued++;
      const m = (id % SLOTS) * 128;
      this.#dv.setUint32(m + 8, SOCKADDR_NL_SIZE, true); // msg_namelen, in/out
      this.#dv.setUint32(m + 100, 0, true); // the sender's nl_pid
      this.#ring.queueRecvmsg(this.fd, this.#base + m, MSG_TRUNC, id % 0x80000000, k < n - 1);
    }
    if (n > 0) this.#ring.submit();
  }

  /** Read the rest of the dump of request `seq` ahead: queue its next receives now. */
  arm(seq: number): void {
    if (this.#owned || this.#closed) return;
    this.#seq = seq;
    this.#owned = true;
    this.#ring.keepWorkerOffThisCpu();
    this.#ended = false;
    this.#queueChain();
  }

  /** Take one completion (waiting for it unless `dontWait`); false when none was there. */
  #collect(dontWait: boolean): boolean {
    const c = this.#ring.take(dontWait);
    if (c === null) return false;
    if (c.userData === CANCEL) {
      this.#cancels--;
      return true;
    }
    this.#completed++;
    const read: Read = { id: c.userData, res: c.res };
    if (this.#ended) {
      // after the end only cancelled receives come back; anything else is kept for the caller (never lost)
      if (read.res !== -ECANCELED && read.res !== -Errno.EINTR) this.#ready.push(read);
      return true;
    }
    if (read.res < 0 || read.res > this.slotBytes || !this.#fromKernel(read.id)) {
      if (read.res < 0 || read.res > this.slotBytes) this.#end(); // the caller gets the failure; nothing more is read ahead
      this.#ready.push(read);
      return true;
    }
    this.#ready.push(read);
    const at = this.#slotAt(read.id);
    if (endsDump(new DataView(this.#mem.buffer, at, read.res), read.res, this.#seq, this.portId)) this.#end();
    return true;
  }

  /**
   * The dump's end is in (or a receive failed): cancel the receives still
   * queued and wait for them. A cancellation can miss: the next receive of
   * a chain is not findable while the worker passes from the one before it
   * to it (ENOENT), so it is repeated, one at a time (each answers), until
   * every receive has come back.
   */
  #end(): void {
    this.#ended = true;
    while (this.#queued !== this.#completed) {
      this.#ring.queueCancel(this.#completed % 0x80000000, CANCEL);
      this.#ring.submit();
      this.#cancels++;
      while (this.#cancels > 0) this.#collect(false); // until its answer is back (receives may come first)
    }
  }

  #fromKernel(id: number): boolean {
    return this.#dv.getUint32((id % SLOTS) * 128 + 100, true) === 0;
  }

  #slotAt(id: number): number {
    return HEADERS + (id % SLOTS) * this.slotBytes;
  }

  /**
   * The dump's next datagram (a view valid until the next call), null with
   * `dontWait` when it has not arrived, or undefined when no dump is read
   * ahead (the caller reads the socket itself).
   */
  next(dontWait: boolean): Uint8Array | null | undefined {
    if (!this.#owned && this.#ready.length === 0) return undefined;
    for (;;) {
      while (this.#collect(true)); // everything completed so far
      if (!this.#ended && this.#queued === this.#completed) this.#queueChain();
      if (this.#ready.length === 0) {
        if (dontWait) return null;
        this.#collect(false);
        continue;
      }
      const r = this.#ready.shift()!;
      if (r.res < 0) {
        this.#owned = false;
        this.#ready.length = 0;
        throw new SyscallError("recvmsg", -r.res);
      }
      if (r.res > this.slotBytes) {
        this.#owned = false;
        this.#ready.length = 0;
        throw new Error(`netlink recv: a ${r.res}-byte datagram exceeded the ${this.slotBytes}-byte receive area and was truncated`);
      }
      if (!this.#fromKernel(r.id)) continue; // not from the kernel: dropped, as NetlinkSocket.recv does
      const at = this.#slotAt(r.id);
      this.datagrams++;
      if (this.#ended && this.#ready.length === 0) this.#owned = false;
      return this.#mem.subarray(at, at + r.res);
    }
  }

  /** Nothing to do: a dump is handed to the kernel's worker at once, never left armed for a thread to pick up. */
  readDirectly(): void {}

  /**
   * Cancel what is still queued and wait for it (a buffer must not be
   * unmapped while the kernel may write it), then close the ring and
   * unmap. Idempotent.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      if (!this.#ended) this.#end();
    } catch {
      // the ring failed: closing it cancels what is queued
    }
    this.#owned = false;
    this.#ready.length = 0;
    this.#ring.close();
    unmap(this.#base, this.#size);
  }
}
