/**
 * The public shapes of the request engine (lib/conn/connection.ts): its
 * options, the results of a dump, and the visitor of answer messages.
 */
import type { TraceOptions } from "../transport/trace.ts";
import type { ReadAheadEngineName } from "../transport/transport.ts";

/**
 * Options of a connection. `trace` (a hook seeing every request and reply
 * datagram, as bytes and decoded) and `pcap` (a file path: the exchange as a
 * LINKTYPE_NETLINK capture for tcpdump/tshark/Wireshark) come from
 * {@link TraceOptions}.
 */
export interface ConnectionOptions extends TraceOptions {
  /** Attempts for a dump that keeps coming back with NLM_F_DUMP_INTR (default 5). */
  dumpRetries?: number;
  /** Milliseconds to wait for each answer datagram; 0 waits forever (default). */
  timeoutMs?: number;
  /** Most requests per sendmsg in a batch (default 256); the receive buffer may bound a window further. */
  batchWindow?: number;
  /** Ask for extended ACKs (default true). */
  extAck?: boolean;
  /** Ask for strict checking of dump requests (default true), so the kernel filters dumps. */
  strictCheck?: boolean;
  /**
   * Read a long dump ahead while its datagrams are being visited: from the
   * READ_AHEAD_AFTER-th datagram of a dump, when the transport can (the
   * kernel one) and no timeout is set. "uring" (the default) queues the
   * next receives on the kernel's io_uring worker, which builds the dump's
   * next datagrams while this thread decodes; where this process cannot
   * have an io_uring (an old kernel, kernel.io_uring_disabled, a seccomp
   * filter that refuses io_uring_setup) the dump is read on this thread.
   * "worker" reads on a Bun Worker instead (starts on first use, ~4 ms on
   * the other core, and stays for later dumps); "auto" (or true) is
   * "uring", else "worker"; false reads every dump on this thread. A
   * seccomp filter that kills on io_uring_setup(2) (not Docker's or
   * systemd's @system-service) needs false.
   */
  readAhead?: boolean | ReadAheadEngineName;
}

/** A dump's items and whether the kernel said it filtered them (NLM_F_DUMP_FILTERED). */
export interface DumpResult<R> {
  items: R[];
  filtered: boolean;
}

/** What a finished streaming dump reports (the generator's return value). */
export interface DumpIterSummary {
  /** The kernel applied the request's filter attributes (NLM_F_DUMP_FILTERED). */
  filtered: boolean;
  /** The dump was flagged NLM_F_DUMP_INTR (only returned with allowInterrupted; otherwise it throws). */
  interrupted: boolean;
}

/** Called for every answer message of a request: message type, flags and payload bounds. */
export type MessageVisitor = (buf: Uint8Array, dv: DataView, payload: number, end: number, type: number, flags: number) => void;
