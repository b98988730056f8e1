/**
 * conn.batch's one ACK per window (lib/conn/batch.ts) against a fake
 * kernel that answers as netlink_rcv_skb does (an answer for a request with
 * NLM_F_ACK or one that fails, in order, one per datagram or several
 * packed together): it must give exactly the result of `ackEach` (every
 * request asks for its ACK): successes, each failure with its index, errno
 * and extended ACK, stopping, while the kernel is asked for one ACK per
 * window. Single requests still ask for theirs. Echoes of NLM_F_ECHO
 * requests reach `onReply` with their request's index.
 */
import { describe, expect, it } from "vitest";
import { HOST_LE } from "../../codecs/core/align.ts";
import type { MessageCodec } from "../../codecs/core/message.ts";
import type { NlWriter } from "../../codecs/core/writer.ts";
import { NetlinkConnection, type BatchRequest } from "../../lib/conn/connection.ts";
import type { Transport } from "../../lib/transport/transport.ts";
import { Rng, runSeed } from "../cli/helpers.ts";

const PORT = 4242;
const NLM_F_ACK = 4;
const NLM_F_ECHO = 8;

/** A request carrying an errno and a tag that the fake kernel's echo carries back. */
const tagged: MessageCodec<{ errno: number; tag: number }> = {
  name: "tagged",
  decode: () => ({ errno: 0, tag: 0 }),
  encode: (w: NlWriter, m: { errno: number; tag: number }) => {
    w.u32(m.errno);
    w.u32(m.tag);
  },
};

/** A request carrying one u32: the fake kernel fails it with that errno when it is not 0. */
const codec: MessageCodec<number> = {
  name: "test",
  decode: () => 0,
  encode: (w: NlWriter, errno: number) => w.u32(errno),
};

/** A kernel that carries out requests and answers like netlink_rcv_skb. */
class FakeKernel implements Transport {
  readonly portId = PORT;
  closed = false;
  readonly queue: Uint8Array[] = [];
  /** Every request carried out (its u32), in order, and how many asked for an ACK. */
  readonly done: number[] = [];
  acksAsked = 0;
  sends = 0;

  constructor(private readonly r: Rng, private readonly rcvbuf: number) {}

  send(data: Uint8Array): void {
    this.sends++;
    const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const answers: Uint8Array[] = [];
    for (let off = 0; off < data.length;) {
      const len = dv.getUint32(off, HOST_LE);
      const flags = dv.getUint16(off + 6, HOST_LE);
      const errno = len >= 20 ? dv.getUint32(off + 16, HOST_LE) : 0;
      this.done.push(errno);
      if (flags & NLM_F_ACK) this.acksAsked++;
      if (flags & NLM_F_ECHO && !errno) answers.push(this.echo(data.subarray(off, off + len)));
      if (flags & NLM_F_ACK || errno) answers.push(this.answer(data.subarray(off, off + len), errno));
      off += (len + 3) & ~3;
    }
    // one answer per datagram, as the kernel queues them, or a few packed together
    while (answers.length) {
      const k = this.r.chance(0.8) ? 1 : this.r.int(1, 4);
      const parts = answers.splice(0, k);
      const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let p = 0;
      for (const a of parts) {
        out.set(a, p);
        p += a.length;
      }
      this.queue.push(out);
    }
  }

  /** The echo of a request carried out: type 25, its seq and port, and the request's tag. */
  private echo(req: Uint8Array): Uint8Array {
    const rdv = new DataView(req.buffer, req.byteOffset, req.byteLength);
    const b = new Uint8Array(20);
    const dv = new DataView(b.buffer);
    dv.setUint32(0, 20, HOST_LE);
    dv.setUint16(4, 25, HOST_LE);
    dv.setUint32(8, rdv.getUint32(8, HOST_LE), HOST_LE);
    dv.setUint32(12, PORT, HOST_LE);
    dv.setUint32(16, req.length >= 24 ? rdv.getUint32(20, HOST_LE) : 0, HOST_LE);
    return b;
  }

  /** NLMSG_ERROR: capped for success; a failure echoes the request and says why in an NLMSGERR_ATTR_MSG. */
  private answer(req: Uint8Array, errno: number): Uint8Array {
    const rdv = new DataView(req.buffer, req.byteOffset, req.byteLength);
    const seq = rdv.getUint32(8, HOST_LE);
    const msg = errno ? new TextEncoder().encode(`no ${errno}\0`) : new Uint8Array(0);
    const echo = errno ? req.length : 16;
    const tlv = errno ? (4 + msg.length + 3) & ~3 : 0;
    const len = 16 + 4 + echo + tlv;
    const b = new Uint8Array(len);
    const dv = new DataView(b.buffer);
    dv.setUint32(0, len, HOST_LE);
    dv.setUint16(4, 2, HOST_LE);
    dv.setUint16(6, errno ? 0x200 : 0x100, HOST_LE);
    dv.setUint32(8, seq, HOST_LE);
    dv.setUint32(12, PORT, HOST_LE);
    dv.setInt32(16, -errno, HOST_LE);
    b.set(req.subarray(0, echo), 20);
    if (errno) {
      dv.setUint16(20 + echo, 4 + msg.length, HOST_LE);
      dv.setUint16(22 + echo, 1, HOST_LE);
      b.set(msg, 24 + echo);
    }
    return b;
  }

  recv(): Uint8Array | null {
    return this.queue.shift() ?? null;
  }
  waitReadable(): boolean {
    return this.queue.length > 0;
  }
  receiveBufferSize(): number {
    return this.rcvbuf;
  }
  setNetlinkOption(): boolean {
    return true;
  }
  close(): void {
    this.closed = true;
  }
  [Symbol.dispose](): void {
    this.close();
  }
}

describe("batch: one ACK per window", () => {
  const seed = runSeed();

  it(`gives conn.batch the results of one ACK per request (seed ${seed})`, () => {
    const r = new Rng(seed);
    for (let c = 0; c < 300; c++) {
      const n = r.int(0, 700);
      const failRate = r.pick([0, 0, 0.001, 0.01, 0.2, 1]);
      const reqs: BatchRequest[] = Array.from({ length: n }, () => ({ type: 24, flags: 0x600, codec, msg: r.chance(failRate) ? r.pick([17, 3, 22]) : 0 }));
      const opts = { stopOnError: r.chance(0.5), window: r.pick([undefined, 1, 2, 7, 256]) };
      const rcvbuf = r.pick([212992, 20000, 4000]);
      const packSeed = r.int(0, 2 ** 31);
      const plain = new FakeKernel(new Rng(packSeed), rcvbuf);
      const want = new NetlinkConnection(plain).batch(reqs, { ...opts, ackEach: true });
      const k = new FakeKernel(new Rng(packSeed), rcvbuf);
      const got = new NetlinkConnection(k).batch(reqs, opts);
      const ctx = `seed ${seed} case ${c}: ${n} requests, fail rate ${failRate}, ${JSON.stringify(opts)}, rcvbuf ${rcvbuf}`;
      const view = (b: typeof want) => ({ ok: b.ok, stopped: b.stopped, errors: b.errors.map((e) => [e.index, e.error.errno, e.error.extack.msg, e.error.message]) });
      expect(view(got), ctx).toEqual(view(want));
      expect(k.done, ctx).toEqual(plain.done);
      expect(k.sends, ctx).toBe(plain.sends);
      expect(k.acksAsked, ctx).toBe(k.sends); // one per datagram
      expect(plain.acksAsked, ctx).toBe(plain.done.length);
      expect(k.queue, ctx).toEqual([]);
    }
  });

  it(`hands each echo to onReply with its request's index (seed ${seed})`, () => {
    const r = new Rng(seed ^ 0x5eed);
    for (let c = 0; c < 100; c++) {
      const n = r.int(1, 400);
      const reqs: BatchRequest[] = Array.from({ length: n }, (_, i) => ({
        type: 24, flags: r.chance(0.5) ? NLM_F_ECHO : 0, codec: tagged, msg: { errno: r.chance(0.02) ? 17 : 0, tag: 1000 + i },
      }));
      const opts = { stopOnError: r.chance(0.5), window: r.pick([undefined, 1, 7, 256]), ackEach: r.chance(0.3) };
      const k = new FakeKernel(new Rng(r.int(0, 2 ** 31)), r.pick([212992, 20000]));
      const got: Array<[number, number]> = [];
      const res = new NetlinkConnection(k).batch(reqs, { ...opts, onReply: (i, m) => got.push([i, new DataView(m.buffer, m.byteOffset).getUint32(16, HOST_LE)]) });
      const want = reqs.slice(0, res.sent).flatMap((q, i) => (q.flags & NLM_F_ECHO && q.msg.errno === 0 ? [[i, 1000 + i] as [number, number]] : []));
      expect(got, `seed ${seed} case ${c} ${JSON.stringify(opts)}`).toEqual(want);
      expect(k.queue).toEqual([]);
    }
  });

  it("leaves single requests alone", () => {
    const k = new FakeKernel(new Rng(1), 212992);
    const conn = new NetlinkConnection(k);
    conn.ack(24, 0x600, codec, 0);
    expect(() => conn.ack(24, 0x600, codec, 17)).toThrow(/EEXIST.*no 17/);
    expect(k.acksAsked).toBe(2);
    expect(conn.batch([{ type: 24, flags: 0, codec, msg: 0 }]).ok).toBe(1);
    expect(k.acksAsked).toBe(3);
  });
});
