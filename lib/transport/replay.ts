/**
 * A transport that plays a recorded fixture back: every datagram the code
 * sends must equal the recorded request (sequence numbers and port ids
 * normalised), and the recorded answers are fed back with the sequence
 * numbers and port id rewritten to the live ones. Unit tests run the same
 * code as against the kernel, without root.
 */
import { HOST_LE } from "../../codecs/core/align.ts";
import { NLMSG_ERROR } from "../../codecs/core/constants.ts";
import { fromHex, toHex } from "../../codecs/core/hex.ts";
import { messageTypeName } from "../../codecs/rtnetlink.ts";
import type { Fixture } from "./fixture.ts";
import { DEFAULT_RCVBUF } from "./transport.ts";
import type { Transport } from "./transport.ts";

/** Thrown when the code under test sends something other than what was recorded. */
export class ReplayMismatchError extends Error {
  override readonly name = "ReplayMismatchError";
}

/** Plays back `fixture.exchanges` in order. */
export class ReplayTransport implements Transport {
  readonly portId: number;
  closed = false;
  private next = 0;
  private pending: Uint8Array[] = [];
  /** recorded seq -> live seq, per exchange */
  private seqMap = new Map<number, number>();
  private current: Uint8Array | null = null;

  constructor(readonly fixture: Fixture, portId = fixture.portId) {
    this.portId = portId;
  }

  send(data: Uint8Array): void {
    this.check();
    const i = this.next;
    const ex = this.fixture.exchanges[i];
    if (!ex) throw new ReplayMismatchError(`replay ${this.fixture.scenario}: request #${i} was not recorded (${describe(data)})`);
    const want = fromHex(ex.send);
    this.seqMap = compareRequest(want, data, `replay ${this.fixture.scenario}: request #${i}`);
    this.next++;
    this.pending = ex.recv.map((h) => this.rewrite(fromHex(h)));
  }

  recv(opts?: { dontWait?: boolean }): Uint8Array | null {
    this.check();
    const d = this.pending.shift();
    if (d === undefined) {
      if (opts?.dontWait) return null;
      throw new ReplayMismatchError(`replay ${this.fixture.scenario}: the code waits for more answers than were recorded after request #${this.next - 1}`);
    }
    this.current = d;
    return d;
  }

  waitReadable(_timeoutMs: number): boolean {
    return this.pending.length > 0;
  }

  /** The receive buffer size recorded at capture time (DEFAULT_RCVBUF for older fixtures). */
  receiveBufferSize(): number {
    return this.fixture.rcvbuf ?? DEFAULT_RCVBUF;
  }

  setNetlinkOption(option: number, _on: boolean): boolean {
    return this.fixture.options[String(option)] ?? true;
  }

  /** Throw unless every recorded request was sent. */
  assertDone(): void {
    if (this.next !== this.fixture.exchanges.length) {
      throw new ReplayMismatchError(`replay ${this.fixture.scenario}: ${this.fixture.exchanges.length - this.next} recorded requests were never sent`);
    }
  }

  close(): void {
    this.closed = true;
  }
  [Symbol.dispose](): void {
    this.close();
  }

  private check(): void {
    if (this.closed) throw new Error("netlink socket is closed");
  }

  private rewrite(d: Uint8Array): Uint8Array {
    const dv = new DataView(d.buffer, d.byteOffset, d.byteLength);
    const rec = this.fixture.portId;
    let off = 0;
    while (off + 16 <= d.length) {
      const len = dv.getUint32(off, HOST_LE);
      if (len < 16 || len > d.length - off) break;
      this.rewriteHeader(dv, off, rec);
      if (dv.getUint16(off + 4, HOST_LE) === NLMSG_ERROR && len >= 36) this.rewriteHeader(dv, off + 20, rec);
      off += (len + 3) & ~3;
    }
    return d;
  }

  private rewriteHeader(dv: DataView, off: number, recordedPort: number): void {
    const seq = dv.getUint32(off + 8, HOST_LE);
    const live = this.seqMap.get(seq);
    if (live !== undefined) dv.setUint32(off + 8, live, HOST_LE);
    if (dv.getUint32(off + 12, HOST_LE) === recordedPort) dv.setUint32(off + 12, this.portId, HOST_LE);
  }
}

/**
 * Compare a sent datagram with the recorded one, ignoring nlmsg_seq and
 * nlmsg_pid of each message; return the recorded->live seq map. Throws
 * ReplayMismatchError showing the first differing byte.
 */
export function compareRequest(want: Uint8Array, got: Uint8Array, what: string): Map<number, number> {
  const map = new Map<number, number>();
  const wdv = new DataView(want.buffer, want.byteOffset, want.byteLength);
  const gdv = new DataView(got.buffer, got.byteOffset, got.byteLength);
  const masked = new Set<number>();
  let off = 0;
  while (off + 16 <= want.length && off + 16 <= got.length) {
    map.set(wdv.getUint32(off + 8, HOST_LE), gdv.getUint32(off + 8, HOST_LE));
    for (let i = 8; i < 16; i++) masked.add(off + i);
    const len = wdv.getUint32(off, HOST_LE);
    if (len < 16 || len > want.length - off) break;
    off += (len + 3) & ~3;
  }
  const n = Math.max(want.length, got.length);
  for (let i = 0; i < n; i++) {
    if (masked.has(i)) continue;
    if (want[i] !== got[i]) {
      const from = Math.max(0, i - 8);
      throw new ReplayMismatchError(
        `${what} differs from the recording at byte ${i} (${describe(got)} vs recorded ${describe(want)}):\n` +
          `  sent     ...${toHex(got, from, Math.min(got.length, i + 16) - from)}\n` +
          `  recorded ...${toHex(want, from, Math.min(want.length, i + 16) - from)}`,
      );
    }
  }
  return map;
}

function describe(d: Uint8Array): string {
  if (d.length < 16) return `${d.length} bytes`;
  const dv = new DataView(d.buffer, d.byteOffset, d.byteLength);
  return `${messageTypeName(dv.getUint16(4, HOST_LE))}, ${d.length} bytes`;
}
