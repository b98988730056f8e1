/**
 * The transport under a `-batch` run: pipelined batches ask the kernel to
 * answer only the last request of each datagram.
 *
 * The kernel answers a request that fails whatever its flags
 * (netlink_rcv_skb in net/netlink/af_netlink.c calls netlink_ack when
 * NLM_F_ACK is set *or* the handler returned an error), and it carries out
 * the requests of a datagram in order, queueing their answers in order.
 * So in a datagram of several requests (conn.batch's windows; nothing else
 * sends more than one message at a time) NLM_F_ACK is cleared on all but
 * the last one: the kernel then allocates, queues and we receive one ACK
 * per window instead of one per request (100,000 routes: 100,000 fewer
 * skbs and recvmsg calls, a quarter of the batch's time). When the answer
 * to the last request has been received, every earlier request that got no
 * error answer has succeeded, and this transport hands the batch engine
 * the ACKs it would have received (NLMSG_ERROR, error 0, NLM_F_CAPPED,
 * echoing the request header), so results and error attribution are
 * exactly those of one ACK per request. Single requests, dumps and their
 * answers pass through untouched.
 */
import { HOST_LE } from "../codecs/core/align.ts";
import { NLM_F_ACK, NLM_F_CAPPED, NLM_F_REQUEST, NLMSG_ERROR } from "../codecs/core/constants.ts";
import { DEFAULT_RCVBUF, type Transport } from "../lib/transport/transport.ts";

const HDR = 16;
const ACK_LEN = HDR + 4 + HDR;

export class AckLastTransport implements Transport {
  /** Headers of the requests of the datagram in flight whose ACK was taken away (seqs consecutive from `first`). */
  private hdrs = new Uint8Array(0);
  private count = 0;
  private first = 0;
  private last = -1;
  private answered = new Uint8Array(0);
  /** ACKs made up and not yet received. */
  private made: Uint8Array | undefined;

  /** Takes over `inner` (closing this closes it). */
  constructor(private readonly inner: Transport) {}

  get portId(): number {
    return this.inner.portId;
  }
  get closed(): boolean {
    return this.inner.closed;
  }

  /**
   * Send `data`; in a datagram of several requests with consecutive seqs,
   * all asking for an ACK, NLM_F_ACK is cleared (in `data` itself) on all
   * but the last.
   */
  send(data: Uint8Array): void {
    this.made = undefined;
    this.last = -1;
    const n = this.requests(data);
    if (n > 1) {
      if (this.hdrs.length < n * HDR) {
        this.hdrs = new Uint8Array(n * 2 * HDR);
        this.answered = new Uint8Array(n * 2);
      }
      const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
      let off = 0;
      for (let i = 0; i < n - 1; i++) {
        dv.setUint16(off + 6, dv.getUint16(off + 6, HOST_LE) & ~NLM_F_ACK, HOST_LE);
        const h = this.hdrs;
        for (let j = 0, q = i * HDR; j < HDR; j++) h[q + j] = data[off + j]!;
        off += (dv.getUint32(off, HOST_LE) + 3) & ~3;
      }
      this.answered.fill(0, 0, n - 1);
      this.count = n - 1;
      this.first = dv.getUint32(8, HOST_LE);
      this.last = dv.getUint32(off + 8, HOST_LE);
    }
    this.inner.send(data);
  }

  /** How many requests `data` holds if each asks for an ACK and their seqs are consecutive; else 0. */
  private requests(data: Uint8Array): number {
    if (data.length < 2 * HDR) return 0;
    const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
    let n = 0;
    let seq = 0;
    for (let off = 0; off < data.length;) {
      if (data.length - off < HDR) return 0;
      const len = dv.getUint32(off, HOST_LE);
      const flags = dv.getUint16(off + 6, HOST_LE);
      const s = dv.getUint32(off + 8, HOST_LE);
      if (len < HDR || len > data.length - off || (flags & (NLM_F_REQUEST | NLM_F_ACK)) !== (NLM_F_REQUEST | NLM_F_ACK)) return 0;
      if (n > 0 && s !== ((seq + 1) >>> 0)) return 0;
      seq = s;
      n++;
      off += (len + 3) & ~3;
    }
    return n;
  }

  /** The kernel's answers; after the answer to a window's last request, the ACKs of its other successful requests. */
  recv(opts?: { dontWait?: boolean }): Uint8Array | null {
    const made = this.made;
    if (made !== undefined) {
      this.made = undefined;
      return made;
    }
    const d = this.inner.recv(opts);
    if (d !== null && this.last >= 0) this.see(d);
    return d;
  }

  /** Note the answers in `d` to this window's requests; at the answer to the last one, make up the missing ACKs. */
  private see(d: Uint8Array): void {
    const dv = new DataView(d.buffer, d.byteOffset, d.byteLength);
    const port = this.inner.portId;
    let done = false;
    for (let off = 0; off + HDR <= d.length;) {
      const len = dv.getUint32(off, HOST_LE);
      if (len < HDR || len > d.length - off) break;
      if (dv.getUint16(off + 4, HOST_LE) === NLMSG_ERROR && dv.getUint32(off + 12, HOST_LE) === port) {
        const seq = dv.getUint32(off + 8, HOST_LE);
        const i = (seq - this.first) >>> 0;
        if (i < this.count) this.answered[i] = 1;
        else if (seq === this.last) done = true;
      }
      off += (len + 3) & ~3;
    }
    if (!done) return;
    this.last = -1;
    let k = 0;
    for (let i = 0; i < this.count; i++) if (this.answered[i] === 0) k++;
    if (k === 0) return;
    const out = new Uint8Array(k * ACK_LEN);
    const odv = new DataView(out.buffer);
    let p = 0;
    for (let i = 0; i < this.count; i++) {
      if (this.answered[i] !== 0) continue;
      odv.setUint32(p, ACK_LEN, HOST_LE);
      odv.setUint16(p + 4, NLMSG_ERROR, HOST_LE);
      odv.setUint16(p + 6, NLM_F_CAPPED, HOST_LE);
      odv.setUint32(p + 8, (this.first + i) >>> 0, HOST_LE);
      odv.setUint32(p + 12, port, HOST_LE);
      odv.setInt32(p + 16, 0, HOST_LE);
      const h = this.hdrs;
      for (let j = 0, q = i * HDR; j < HDR; j++) out[p + 20 + j] = h[q + j]!;
      p += ACK_LEN;
    }
    this.made = out;
  }

  waitReadable(timeoutMs: number): boolean {
    return this.made !== undefined || this.inner.waitReadable(timeoutMs);
  }
  receiveBufferSize(): number {
    return this.inner.receiveBufferSize?.() ?? DEFAULT_RCVBUF;
  }
  setNetlinkOption(option: number, on: boolean): boolean {
    return this.inner.setNetlinkOption(option, on);
  }
  close(): void {
    this.inner.close();
  }
  [Symbol.dispose](): void {
    this.close();
  }
}
