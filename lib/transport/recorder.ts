/**
 * A transport that wraps another one and keeps every exchange: each sent
 * datagram and the datagrams received after it, as hex. Used by
 * fixtures/capture.ts to record scenarios against the real kernel.
 */
import { toHex } from "../../codecs/core/hex.ts";
import type { Exchange } from "./fixture.ts";
import { DEFAULT_RCVBUF } from "./transport.ts";
import type { Transport } from "./transport.ts";

/** Records what passes through `inner`. */
export class RecordingTransport implements Transport {
  readonly exchanges: Exchange[] = [];
  readonly options: Record<string, boolean> = {};
  /** SO_RCVBUF as the engine last read it (recorded so that replay sizes batch windows the same way). */
  rcvbuf: number | undefined;

  constructor(readonly inner: Transport) {}

  get portId(): number {
    return this.inner.portId;
  }
  get closed(): boolean {
    return this.inner.closed;
  }
  send(data: Uint8Array): void {
    this.inner.send(data);
    this.exchanges.push({ send: toHex(data), recv: [] });
  }
  recv(opts?: { dontWait?: boolean }): Uint8Array | null {
    const r = this.inner.recv(opts);
    if (r !== null) {
      if (this.exchanges.length === 0) this.exchanges.push({ send: "", recv: [] });
      this.exchanges[this.exchanges.length - 1]!.recv.push(toHex(r));
    }
    return r;
  }
  waitReadable(timeoutMs: number): boolean {
    return this.inner.waitReadable(timeoutMs);
  }
  /** The inner transport's receive buffer size; the last value read is kept for the fixture. */
  receiveBufferSize(): number {
    const n = this.inner.receiveBufferSize?.() ?? DEFAULT_RCVBUF;
    this.rcvbuf = n;
    return n;
  }
  setNetlinkOption(option: number, on: boolean): boolean {
    const ok = this.inner.setNetlinkOption(option, on);
    this.options[String(option)] = ok;
    return ok;
  }
  close(): void {
    this.inner.close();
  }
  [Symbol.dispose](): void {
    this.close();
  }
}
