/**
 * The read-ahead thread of a kernel transport (read-ahead.ts). The kernel
 * builds a dump's next datagram inside the recvmsg(2) that reads the
 * previous one, so a thread that reads while the main thread decodes or
 * prints lets the two overlap on two cores: for a long dump the kernel's
 * walk, not our printing, sets the pace.
 *
 * The thread waits (READY) until the main thread hands it the socket for
 * one dump (GO), then reads datagrams into the ring's free slots until the
 * one holding that dump's NLMSG_DONE or NLMSG_ERROR, or a receive error,
 * and waits again; the socket is never read by both threads at once, and
 * read through a duplicate of its fd, which this thread closes when it
 * ends: when the transport closes (STOP), at its next wait.
 */
import { ptr } from "bun:ffi";
import { NetlinkSocket } from "../sys/netlink-socket.ts";
import { closeFd } from "../sys/ns.ts";
import { SyscallError } from "../sys/syscall-error.ts";
import {
  BIG, BIG_ADDR, DATA, END, endsDump, FAILED, GO, GONE, HEAD, kindIndex, lenIndex, PORT, READY, SEQ, SLOT_SIZE, SLOTS,
  SLOTS_AT, STOP, TAIL, WAKE_BATCH, type ReadAheadStart,
} from "./read-ahead-protocol.ts";

declare const self: Worker & { close(): void };

function run(start: ReadAheadStart): void {
  const shared = start.shared;
  const ctrl = new Int32Array(shared);
  const big = new Float64Array(shared, BIG_ADDR, 1);
  const slotSize = ctrl[SLOT_SIZE]!;
  const slots = new Uint8Array(shared, SLOTS_AT, SLOTS * slotSize);
  if (Atomics.load(ctrl, STOP) !== 0) {
    closeFd(start.fd);
    return;
  }
  const sock = NetlinkSocket.adopt(start.fd); // our own duplicate of the transport's fd (closed on failure)
  try {
    serve(sock, ctrl, big, slotSize, slots);
  } finally {
    sock.close();
  }
}

/** Read dumps into the ring until STOP. */
function serve(sock: NetlinkSocket, ctrl: Int32Array, big: Float64Array, slotSize: number, slots: Uint8Array): void {
  let go = 0;
  for (;;) {
    Atomics.store(ctrl, READY, 1);
    while (Atomics.load(ctrl, GO) === go && Atomics.load(ctrl, STOP) === 0) Atomics.wait(ctrl, GO, go);
    if (Atomics.load(ctrl, STOP) !== 0) return;
    go = Atomics.load(ctrl, GO);
    const seq = Atomics.load(ctrl, SEQ) >>> 0, port = Atomics.load(ctrl, PORT) >>> 0;
    let head = 0;
    for (;;) {
      // wait for a free slot (and, after a BIG datagram, until the main thread has taken it)
      for (let t = Atomics.load(ctrl, TAIL); head - t >= SLOTS; t = Atomics.load(ctrl, TAIL)) {
        if (Atomics.load(ctrl, STOP) !== 0) return;
        Atomics.wait(ctrl, TAIL, t);
      }
      const i = head % SLOTS;
      let kind = DATA, len: number;
      try {
        const d = sock.recv()!;
        len = d.length;
        if (len <= slotSize) slots.set(d, i * slotSize);
        else {
          kind = BIG;
          big[0] = ptr(d);
        }
        if (endsDump(new DataView(d.buffer, d.byteOffset, len), len, seq, port)) kind |= END;
      } catch (e) {
        kind = FAILED;
        len = e instanceof SyscallError ? e.errno : 5; // EIO
      }
      ctrl[lenIndex(i)] = len;
      ctrl[kindIndex(i)] = kind;
      Atomics.store(ctrl, HEAD, ++head);
      if (kind !== DATA || head - Atomics.load(ctrl, TAIL) >= WAKE_BATCH) Atomics.notify(ctrl, HEAD);
      if (kind & BIG) {
        // the datagram stays in the socket's buffer, which the next recv reuses: wait until it is copied
        for (let t = Atomics.load(ctrl, TAIL); t < head; t = Atomics.load(ctrl, TAIL)) {
          if (Atomics.load(ctrl, STOP) !== 0) return;
          Atomics.wait(ctrl, TAIL, t);
        }
      }
      if (kind & (END | FAILED)) break;
    }
  }
}

self.onmessage = (ev: MessageEvent<ReadAheadStart>) => {
  // the normal JIT policy from the start: this thread's per-message walk (endsDump) is bulk work, and a compiled
  // program's reluctant start-up policy (cli/launch.ts) left it slower to tier up (v4-ecmp and v6-mix 100k text
  // under chrt, 7 interleaved runs: wall median 149 -> 141 and 189 -> 180 ms)
  (globalThis as { Bun?: { unsafe?: { setJITPolicy?: (n: number) => void } } }).Bun?.unsafe?.setJITPolicy?.(1);
  try {
    run(ev.data);
  } catch {
    // unexpected (a failed receive is reported in its slot): GONE below keeps the main thread from waiting
  }
  const ctrl = new Int32Array(ev.data.shared);
  Atomics.store(ctrl, READY, 0);
  Atomics.store(ctrl, GONE, 1);
  Atomics.notify(ctrl, HEAD);
  self.close(); // the transport closed (or the thread failed): end this thread (nothing else runs on it)
};
