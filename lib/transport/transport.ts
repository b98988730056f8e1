/**
 * The byte pipe under a netlink connection. Three implementations: the
 * kernel socket (kernel.ts), a recorder that wraps any transport and keeps
 * every exchange (recorder.ts), and a replay of recorded exchanges
 * (replay.ts) for unit tests without root.
 */
/** Linux's default receive buffer as getsockopt(SO_RCVBUF) reports it (net.core.rmem_default 212992). */
export const DEFAULT_RCVBUF = 212992;

/** What a NetlinkConnection needs from the socket below it. */
export interface Transport extends Disposable {
  /** Our netlink port id (nl_pid); replies carry it. */
  readonly portId: number;
  /** True once closed. */
  readonly closed: boolean;
  /** Send one datagram (one or more netlink messages) to the kernel. */
  send(data: Uint8Array): void;
  /**
   * Receive one datagram from the kernel. The returned view is valid until
   * the next call. With `dontWait`, returns null when nothing is queued.
   */
  recv(opts?: { dontWait?: boolean }): Uint8Array | null;
  /** Wait up to timeoutMs (-1 = forever) for a datagram; true when one is ready. */
  waitReadable(timeoutMs: number): boolean;
  /**
   * The socket's receive buffer in bytes as the kernel accounts it
   * (getsockopt SO_RCVBUF, i.e. twice what was set). Optional: the request
   * engine sizes pipelined batch windows by it so that every answer fits,
   * and assumes the usual default (212992) when a transport lacks it.
   */
  receiveBufferSize?(): number;
  /**
   * Optional: read the rest of the dump answering request `seq` ahead on
   * another thread while the caller works on what `recv` returned (the
   * kernel transport; read-ahead.ts). `recv` still returns every datagram,
   * in order. Only called when no receive timeout is set.
   */
  readAhead?(seq: number, engine?: ReadAheadEngineName): void;
  /** Switch a SOL_NETLINK boolean option; false when this kernel lacks it. */
  setNetlinkOption(option: number, on: boolean): boolean;
  /** Close; idempotent. */
  close(): void;
}

/**
 * How a long dump is read ahead: "uring" queues each next receive on the
 * kernel's io_uring worker (read-ahead-uring.ts), "worker" reads on a Bun
 * Worker (read-ahead.ts); "auto" takes io_uring where this process can
 * have one (a kernel with IORING_OP_RECVMSG, not disabled by sysctl or a
 * seccomp filter), else the Worker.
 */
export type ReadAheadEngineName = "auto" | "uring" | "worker";

/** What a kernel transport asks of a read-ahead engine. */
export interface ReadAheadEngine {
  /** Datagrams returned through the engine so far. */
  readonly datagrams: number;
  /** Read the rest of the dump of request `seq` ahead. */
  arm(seq: number): void;
  /** The next datagram read ahead; null (with `dontWait`) when none is there yet; undefined when the caller is to read the socket itself. */
  next(dontWait: boolean): Uint8Array | null | undefined;
  /** A datagram the caller read itself while the engine was armed (it may have ended the dump). */
  readDirectly(d: Uint8Array): void;
  /** Stop; idempotent. */
  close(): void;
}
