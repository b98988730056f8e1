/**
 * Observability: a transport that wraps another and shows every datagram
 * a connection sends and receives to a hook (as bytes and decoded, see
 * trace-decode.ts), and/or writes them to a pcap file (pcap.ts) that
 * tcpdump, tshark and Wireshark open. Enabled per connection with the
 * `trace` and `pcap` options of openRtnl / NetlinkConnection.
 */
import { PcapWriter } from "./pcap.ts";
import type { TraceMessage } from "./trace-decode.ts";
import { DEFAULT_RCVBUF, type Transport } from "./transport.ts";

export type { TraceMessage } from "./trace-decode.ts";

type TraceDecode = typeof import("./trace-decode.ts");
let decoder: TraceDecode["traceMessages"] | undefined;

/**
 * The datagram decoder, loaded on the first traced datagram: trace-decode.ts
 * imports every family's codec, which a connection that never traces (the
 * CLI's one-shot commands) should not pay for at start-up. `require` is
 * synchronous (a transport call cannot await); scripts/build.ts points it at
 * the .js file in dist/.
 */
function traceDecoder(): TraceDecode["traceMessages"] {
  return (decoder ??= (require("./trace-decode.ts") as TraceDecode).traceMessages);
}

/** One datagram passing between the connection and the kernel. */
export interface TraceEvent {
  /** "request": we sent it; "reply": the kernel's answer (or a notification). */
  direction: "request" | "reply";
  /** Unix time in milliseconds (fractional). */
  time: number;
  /** The datagram's bytes (a copy; the hook may keep it). */
  datagram: Uint8Array;
  /** Its netlink messages, each with its bytes and decoded payload. */
  messages: TraceMessage[];
}

/** Called synchronously for every datagram; must not throw (an exception is reported once on stderr and ignored). */
export type TraceHook = (ev: TraceEvent) => void;

/** What to trace: a hook, a pcap file, or both. */
export interface TraceOptions {
  /** Called with every datagram sent and received. */
  trace?: TraceHook | undefined;
  /**
   * A pcap file path (created or truncated; closed with the connection), or
   * a {@link PcapWriter} shared by several connections (left open).
   */
  pcap?: string | PcapWriter | undefined;
}

/** Wraps `inner` and reports every datagram; see {@link traceTransport}. */
export class TracingTransport implements Transport {
  readonly #pcap: PcapWriter | null;
  readonly #ownsPcap: boolean;
  readonly #hook: TraceHook | null;
  #hookFailed = false;

  constructor(readonly inner: Transport, opts: TraceOptions) {
    if (opts.trace !== undefined && typeof opts.trace !== "function") throw new TypeError("trace: expected a function");
    const p = opts.pcap;
    if (p !== undefined && !(p instanceof PcapWriter) && (typeof p !== "string" || p.length === 0)) {
      throw new TypeError("pcap: expected a file path or a PcapWriter");
    }
    this.#hook = opts.trace ?? null;
    this.#ownsPcap = typeof p === "string";
    this.#pcap = p === undefined ? null : typeof p === "string" ? new PcapWriter(p) : p;
  }

  get portId(): number {
    return this.inner.portId;
  }
  get closed(): boolean {
    return this.inner.closed;
  }

  #report(direction: TraceEvent["direction"], data: Uint8Array): void {
    const time = performance.timeOrigin + performance.now();
    const datagram = data.slice();
    const messages = traceDecoder()(datagram);
    if (this.#pcap !== null) for (const m of messages) this.#pcap.write(m.bytes, direction === "request", time);
    if (this.#hook === null) return;
    try {
      this.#hook({ direction, time, datagram, messages });
    } catch (e) {
      if (!this.#hookFailed) console.error("bun-netlink: the trace hook threw (ignored from now on):", e);
      this.#hookFailed = true;
    }
  }

  send(data: Uint8Array): void {
    this.inner.send(data);
    this.#report("request", data);
  }
  recv(opts?: { dontWait?: boolean }): Uint8Array | null {
    const r = this.inner.recv(opts);
    if (r !== null) this.#report("reply", r);
    return r;
  }
  waitReadable(timeoutMs: number): boolean {
    return this.inner.waitReadable(timeoutMs);
  }
  receiveBufferSize(): number {
    return this.inner.receiveBufferSize?.() ?? DEFAULT_RCVBUF;
  }
  setNetlinkOption(option: number, on: boolean): boolean {
    return this.inner.setNetlinkOption(option, on);
  }
  close(): void {
    this.inner.close();
    if (this.#ownsPcap) this.#pcap?.close();
  }
  [Symbol.dispose](): void {
    this.close();
  }
}

/** `inner` wrapped in a {@link TracingTransport} when `opts` asks for a hook or a pcap file, else `inner` itself. */
export function traceTransport(inner: Transport, opts: TraceOptions): Transport {
  return opts.trace === undefined && opts.pcap === undefined ? inner : new TracingTransport(inner, opts);
}
