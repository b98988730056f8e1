/**
 * The Worker thread that owns one subscription's netlink socket. It takes
 * over the socket the main thread opened and joined the groups with (or,
 * when that failed, opens it itself, switching only this thread into the
 * target namespace, setns(2) acting per thread, and joins), then blocks in poll(2) so the main
 * thread's event loop never waits on the kernel. Each wake-up drains every
 * queued datagram with non-blocking reads and posts them (transferred, in
 * order) to the main thread.
 *
 * ENOBUFS from recvmsg means the kernel dropped notifications because the
 * receive buffer was full (netlink(7)). The worker then reads and discards
 * everything still queued until the queue is empty, and only then posts an
 * overrun marker: every notification generated after that instant is
 * delivered, so a dump started after the consumer sees the marker plus the
 * events that follow it give the exact current state.
 *
 * The worker polls the socket and an eventfd together with no timeout, so
 * an idle subscription makes no syscall at all; to stop it the main thread
 * sets a flag in a SharedArrayBuffer and signals the eventfd, and the
 * worker closes the socket at once. The thread then waits for its next
 * subscription (the main thread reuses idle threads).
 */
import { NETLINK_ROUTE } from "../sys/constants.ts";
import { pollEither } from "../sys/eventfd.ts";
import { NetlinkSocket } from "../sys/netlink-socket.ts";
import { isSyscallError, SyscallError } from "../sys/syscall-error.ts";
import { openSocketInNetns } from "../netns/run.ts";
import { STOP, type WaiterError, type WaiterItem, type WaiterMessage, type WaiterStart } from "./waiter-protocol.ts";

declare const self: Worker;

/** Datagrams per postMessage, and bytes, before a batch is flushed. */
const BATCH_ITEMS = 256;
const BATCH_BYTES = 1 << 20;

function post(msg: WaiterMessage, transfer: ArrayBuffer[] = []): void {
  self.postMessage(msg, transfer);
}

function toWire(e: unknown): WaiterError {
  if (e instanceof SyscallError) {
    const out: WaiterError = { name: e.name, message: e.message, syscall: e.syscall, errno: e.errno };
    if (e.context !== undefined) out.context = e.context;
    return out;
  }
  if (e instanceof Error) return { name: e.name, message: e.message };
  return { name: "Error", message: String(e) };
}

/** Read and drop everything queued; returns how many datagrams were discarded. */
function discardQueued(sock: NetlinkSocket): number {
  let n = 0;
  for (;;) {
    try {
      if (sock.recv({ dontWait: true }) === null) return n;
      n++;
    } catch (e) {
      if (!isSyscallError(e, "ENOBUFS")) throw e;
    }
  }
}

function run(start: WaiterStart): void {
  const control = new Int32Array(start.control);
  const stopped = (): boolean => Atomics.load(control, STOP) !== 0;
  if (stopped()) return;
  let sock: NetlinkSocket;
  try {
    const opts = start.receiveBuffer === null ? {} : { rcvbuf: start.receiveBuffer };
    if (start.fd !== null) sock = NetlinkSocket.adopt(start.fd);
    else sock = start.netnsPath === null ? NetlinkSocket.open(NETLINK_ROUTE, opts) : openSocketInNetns(start.netnsPath, NETLINK_ROUTE, opts);
  } catch (e) {
    post({ t: "error", error: toWire(e) });
    return;
  }
  try {
    if (start.fd === null) for (const g of start.groups) sock.addMembership(g);
    post({ t: "ready", portId: sock.portId });
    let items: WaiterItem[] = [];
    let transfer: ArrayBuffer[] = [];
    let bytes = 0;
    const flush = (): void => {
      if (items.length === 0) return;
      post({ t: "data", items }, transfer);
      items = [];
      transfer = [];
      bytes = 0;
    };
    while (!stopped()) {
      if ((pollEither(sock.fd, start.wakeFd, -1) & 1) === 0) continue; // woken: look at the flag
      while (!stopped()) {
        let d: Uint8Array | null;
        try {
          d = sock.recv({ dontWait: true });
        } catch (e) {
          if (!isSyscallError(e, "ENOBUFS")) throw e;
          items.push({ overrun: discardQueued(sock) });
          continue;
        }
        if (d === null) break;
        const copy = d.slice().buffer;
        items.push(copy);
        transfer.push(copy);
        bytes += copy.byteLength;
        if (items.length >= BATCH_ITEMS || bytes >= BATCH_BYTES) flush();
      }
      flush();
    }
  } catch (e) {
    post({ t: "error", error: toWire(e) });
  } finally {
    sock.close();
  }
}

self.onmessage = (ev: MessageEvent<WaiterStart>) => {
  try {
    run(ev.data);
  } finally {
    post({ t: "closed" });
  }
};
