/**
 * The request engine (lib/conn) against a fake in-memory kernel
 * (test/helpers/fake-transport.ts): reply matching, stale and stray
 * messages, dump retries, streaming, filtered dumps, error details,
 * pipelined batches and use after close.
 */
import { describe, expect, it } from "vitest";
import { DecodeError } from "../../codecs/core/errors.ts";
import { NLM_F_ACK, NLM_F_CREATE, NLM_F_DUMP, NLM_F_DUMP_FILTERED, NLM_F_DUMP_INTR, NLM_F_EXCL, NLM_F_MULTI, NLM_F_REQUEST, NETLINK_EXT_ACK, NETLINK_GET_STRICT_CHK, NLMSG_ERROR } from "../../codecs/core/constants.ts";
import { rawCodec, type RawBody } from "../../codecs/core/raw.ts";
import { toHex } from "../../codecs/core/hex.ts";
import type { MessageCodec } from "../../codecs/core/message.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import { answerCost, type BatchRequest } from "../../lib/conn/batch.ts";
import { NetlinkConnection } from "../../lib/conn/connection.ts";
import { ConnectionClosedError, DumpInterruptedError, NetlinkError, NetlinkTimeoutError } from "../../lib/conn/errors.ts";
import { datagram, FakeTransport, type FakeReplies, type FakeRequest } from "../helpers/fake-transport.ts";

const ifinfomsg = rawCodec("ifinfomsg", 16);
const rtmsg = rawCodec("rtmsg", 12);
const EMPTY: RawBody = { header: "00".repeat(16), attrs: {} };

/** An ifinfomsg payload whose ifi_index is `i` (so answers are told apart). */
function link(i: number): Uint8Array {
  const b = new Uint8Array(16);
  new DataView(b.buffer).setInt32(4, i, true);
  return b;
}
/** ifi_index of a decoded raw link. */
function indexOf(l: RawBody): number {
  return Buffer.from(l.header, "hex").readInt32LE(4);
}
function expectThrow<E extends Error>(fn: () => unknown, cls: new (...a: any[]) => E): E {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(cls);
    return e as E;
  }
  throw new Error(`expected ${cls.name}`);
}
/** A dump handler answering with links `from..to` spread over datagrams of `per` messages, flags on every message. */
function dumpOf(from: number, to: number, per: number, flags = 0) {
  return (_req: FakeRequest, k: FakeReplies) => {
    let n = 0;
    for (let i = from; i <= to; i++) {
      if (n > 0 && n % per === 0) k.datagram();
      k.message(RTM.NEWLINK, link(i), NLM_F_MULTI | flags);
      n++;
    }
    k.done(0, {}, flags);
  };
}

describe("reply matching", () => {
  it("sends REQUEST with a fresh seq per request and takes the answer with our seq and port", () => {
    const t = new FakeTransport((req, k) => k.message(RTM.NEWLINK, link(req.seq * 10)));
    const conn = new NetlinkConnection(t);
    const a = conn.get(RTM.GETLINK, ifinfomsg, EMPTY);
    const b = conn.get(RTM.GETLINK, ifinfomsg, EMPTY);
    expect(t.requests.map((r) => [r.seq, r.flags & NLM_F_REQUEST, r.pid])).toEqual([[1, NLM_F_REQUEST, 0], [2, NLM_F_REQUEST, 0]]);
    expect([indexOf(a), indexOf(b)]).toEqual([10, 20]);
  });

  it("never takes a message with the wrong seq or the wrong port id as the answer", () => {
    const t = new FakeTransport((req, k) => {
      k.message(RTM.NEWLINK, link(666), 0, { seq: req.seq + 1 }); // wrong seq
      k.message(RTM.NEWLINK, link(667), 0, { pid: t.portId + 1 }); // another socket's answer
      k.message(RTM.NEWLINK, link(668), 0, { pid: 0 }); // a kernel notification, not an answer
      k.datagram();
      k.message(RTM.NEWLINK, link(7));
    });
    const conn = new NetlinkConnection(t);
    expect(indexOf(conn.get(RTM.GETLINK, ifinfomsg, EMPTY))).toBe(7);
  });

  it("ignores strays inside a dump and an ACK for another seq", () => {
    const t = new FakeTransport((req, k) => {
      k.message(RTM.NEWLINK, link(1), NLM_F_MULTI);
      k.message(RTM.NEWLINK, link(99), NLM_F_MULTI, { pid: 1 });
      k.ack({ seq: req.seq + 5 });
      k.done(0, {}, 0, { seq: req.seq - 1 }); // a DONE for an older dump must not end this one
      k.datagram();
      k.message(RTM.NEWLINK, link(2), NLM_F_MULTI);
      k.done();
    });
    const conn = new NetlinkConnection(t);
    expect(conn.dump(RTM.GETLINK, ifinfomsg, EMPTY).map(indexOf)).toEqual([1, 2]);
  });

  it("a late answer to a timed-out request is not taken as the answer to the next one", () => {
    let answer = false;
    const t = new FakeTransport((req, k) => {
      if (!answer) return; // the first request gets no answer in time
      k.error(17, { msg: "late refusal" }, { seq: req.seq - 1 }); // ...and arrives late, before the next answer
      k.message(RTM.NEWLINK, link(req.seq - 1), 0, { seq: req.seq - 1 });
      k.datagram();
      k.message(RTM.NEWLINK, link(req.seq));
    });
    const conn = new NetlinkConnection(t, { timeoutMs: 50 });
    const e = expectThrow(() => conn.get(RTM.GETLINK, ifinfomsg, EMPTY), NetlinkTimeoutError);
    expect(e.request).toEqual({ type: RTM.GETLINK, typeName: "RTM_GETLINK", seq: 1 });
    expect(e.message).toBe("RTM_GETLINK: no answer from the kernel within 50 ms");
    answer = true;
    expect(indexOf(conn.get(RTM.GETLINK, ifinfomsg, EMPTY))).toBe(2);
    // and an ACK-only request ignores a late error for the previous seq
    t.handler = (req, k) => { k.error(17, {}, { seq: req.seq - 1 }); k.datagram(); k.ack(); };
    expect(() => conn.ack(RTM.NEWLINK, 0, ifinfomsg, EMPTY)).not.toThrow();
  });

  it("a malformed answer is a DecodeError, and the connection stays usable", () => {
    const t = new FakeTransport((_req, k) => k.ack());
    const conn = new NetlinkConnection(t);
    t.handler = () => t.inject(Uint8Array.of(0x30, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0x92, 0x10, 0, 0)); // nlmsg_len 48 in 16 bytes
    expectThrow(() => conn.ack(RTM.NEWLINK, 0, ifinfomsg, EMPTY), DecodeError);
    t.handler = (_r, k) => k.ack();
    conn.ack(RTM.NEWLINK, 0, ifinfomsg, EMPTY);
  });
});

describe("dumps", () => {
  it("collects a multipart dump over several datagrams", () => {
    const t = new FakeTransport(dumpOf(1, 50, 7));
    const conn = new NetlinkConnection(t);
    expect(conn.dump(RTM.GETLINK, ifinfomsg, EMPTY).map(indexOf)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(t.requests[0]!.flags).toBe(NLM_F_REQUEST | NLM_F_DUMP);
  });

  it("retries an interrupted dump (NLM_F_DUMP_INTR) and returns the first clean one", () => {
    const t = new FakeTransport((req, k) => dumpOf(req.index * 10, req.index * 10 + 2, 2, req.index < 3 ? NLM_F_DUMP_INTR : 0)(req, k));
    const conn = new NetlinkConnection(t);
    expect(conn.dump(RTM.GETLINK, ifinfomsg, EMPTY).map(indexOf)).toEqual([30, 31, 32]);
    expect(t.requests).toHaveLength(4);
  });

  it("gives up after 5 attempts by default with DumpInterruptedError carrying the last results", () => {
    const t = new FakeTransport((req, k) => dumpOf(req.index * 10, req.index * 10 + 1, 5, NLM_F_DUMP_INTR)(req, k));
    const conn = new NetlinkConnection(t);
    const e = expectThrow(() => conn.dump(RTM.GETLINK, ifinfomsg, EMPTY), DumpInterruptedError);
    expect(t.requests).toHaveLength(5);
    expect(e.attempts).toBe(5);
    expect((e.partial as RawBody[]).map(indexOf)).toEqual([40, 41]);
    expect(e.request.seq).toBe(5);
    expect(e.message).toMatch(/RTM_GETLINK dump was interrupted by concurrent changes 5 times/);
  });

  it("the number of attempts is configurable", () => {
    const t = new FakeTransport((req, k) => dumpOf(0, 0, 5, NLM_F_DUMP_INTR)(req, k));
    const conn = new NetlinkConnection(t, { dumpRetries: 2 });
    expectThrow(() => conn.dump(RTM.GETLINK, ifinfomsg, EMPTY), DumpInterruptedError);
    expect(t.requests).toHaveLength(2);
    expect(() => new NetlinkConnection(new FakeTransport(), { dumpRetries: 0 })).toThrow(RangeError);
  });

  it("readAhead takes a boolean or an engine's name, and names the field otherwise", () => {
    expect(new NetlinkConnection(new FakeTransport()).readAhead).toBe("uring");
    expect(new NetlinkConnection(new FakeTransport(), { readAhead: false }).readAhead).toBe(false);
    expect(new NetlinkConnection(new FakeTransport(), { readAhead: true }).readAhead).toBe("auto");
    for (const e of ["auto", "uring", "worker"] as const) expect(new NetlinkConnection(new FakeTransport(), { readAhead: e }).readAhead).toBe(e);
    expect(() => new NetlinkConnection(new FakeTransport(), { readAhead: "fast" as never })).toThrow(/^readAhead: expected a boolean, "auto", "uring" or "worker", got "fast"$/);
    expect(() => new NetlinkConnection(new FakeTransport(), { readAhead: 1 as never })).toThrow(/^readAhead: .* got number$/);
  });

  it("reports NLM_F_DUMP_FILTERED through dumpDetailed", () => {
    const conn = new NetlinkConnection(new FakeTransport(dumpOf(1, 2, 5, NLM_F_DUMP_FILTERED)));
    expect(conn.dumpDetailed(RTM.GETLINK, ifinfomsg, EMPTY)).toMatchObject({ filtered: true });
    const plain = new NetlinkConnection(new FakeTransport(dumpOf(1, 2, 5)));
    expect(plain.dumpDetailed(RTM.GETLINK, ifinfomsg, EMPTY)).toMatchObject({ filtered: false });
  });

  it("a dump refused with NLMSG_DONE carrying an errno and extended ACK throws NetlinkError", () => {
    const conn = new NetlinkConnection(new FakeTransport((_r, k) => k.done(22, { msg: "Invalid header for link dump", offset: 20 })));
    const e = expectThrow(() => conn.dump(RTM.GETLINK, ifinfomsg, EMPTY), NetlinkError);
    expect([e.code, e.extack.msg, e.extack.offset]).toEqual(["EINVAL", "Invalid header for link dump", 20]);
  });

  it("a decoder that throws mid-dump leaves the connection usable (the rest is read away)", () => {
    const t = new FakeTransport(dumpOf(1, 30, 4));
    const conn = new NetlinkConnection(t);
    let n = 0;
    const picky: MessageCodec<RawBody> = { ...ifinfomsg, decode: (b, dv, o, e) => { if (++n === 3) throw new DecodeError("bad", "picky", o); return ifinfomsg.decode(b, dv, o, e); } };
    expectThrow(() => conn.dump(RTM.GETLINK, ifinfomsg, EMPTY, picky), DecodeError);
    expect(t.queue).toHaveLength(0);
    t.handler = dumpOf(100, 101, 5);
    expect(conn.dump(RTM.GETLINK, ifinfomsg, EMPTY).map(indexOf)).toEqual([100, 101]);
  });
});

describe("streaming dumps", () => {
  it("yields items as datagrams arrive", () => {
    const t = new FakeTransport(dumpOf(1, 9, 3));
    const conn = new NetlinkConnection(t);
    const it = conn.dumpIter(RTM.GETLINK, ifinfomsg, EMPTY);
    expect(indexOf(it.next().value as RawBody)).toBe(1);
    expect(t.queue).toHaveLength(2); // two datagrams not read yet
    const rest = [...{ [Symbol.iterator]: () => it }].map(indexOf);
    expect(rest).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("returns the summary and reports NLM_F_DUMP_INTR", () => {
    const conn = new NetlinkConnection(new FakeTransport(dumpOf(1, 4, 2, NLM_F_DUMP_INTR | NLM_F_DUMP_FILTERED)));
    const got: number[] = [];
    const e = expectThrow(() => { for (const l of conn.dumpIter(RTM.GETLINK, ifinfomsg, EMPTY)) got.push(indexOf(l)); }, DumpInterruptedError);
    expect(got).toEqual([1, 2, 3, 4]);
    expect(e.partial).toEqual([]);
    const it = conn.dumpIter(RTM.GETLINK, ifinfomsg, EMPTY, undefined, { allowInterrupted: true });
    let r = it.next();
    while (!r.done) r = it.next();
    expect(r.value).toEqual({ filtered: true, interrupted: true });
  });

  it("stopping early reads the rest away so the next dump works", () => {
    const t = new FakeTransport(dumpOf(1, 40, 4));
    const conn = new NetlinkConnection(t);
    for (const l of conn.dumpIter(RTM.GETLINK, ifinfomsg, EMPTY)) if (indexOf(l) === 2) break;
    expect(t.queue).toHaveLength(0);
    t.handler = dumpOf(7, 8, 4);
    expect(conn.dump(RTM.GETLINK, ifinfomsg, EMPTY).map(indexOf)).toEqual([7, 8]);
  });

  it("another request while iterating ends the iteration with a clear error, and an abandoned iterator does not block", () => {
    const t = new FakeTransport(dumpOf(1, 20, 2));
    const conn = new NetlinkConnection(t);
    const it = conn.dumpIter(RTM.GETLINK, ifinfomsg, EMPTY);
    it.next();
    t.handler = (_r, k) => k.ack();
    conn.ack(RTM.SETLINK, 0, ifinfomsg, EMPTY); // drains the unfinished dump first
    it.next(); // the already decoded rest of the first datagram
    expect(() => it.next()).toThrow(/streaming dump abandoned because another request was made/);
    expect(t.queue).toHaveLength(0);
  });
});

describe("NetlinkError", () => {
  it("carries errno, code, extended ACK and the request, and its message has the kernel text", () => {
    const conn = new NetlinkConnection(new FakeTransport((_r, k) => k.error(22, { msg: "Nexthop has invalid gateway", offset: 36, missingType: 5 })));
    const e = expectThrow(() => conn.ack(RTM.NEWNEXTHOP, NLM_F_CREATE, ifinfomsg, EMPTY), NetlinkError);
    expect(e.errno).toBe(22);
    expect(e.code).toBe("EINVAL");
    expect(e.extack).toEqual({ msg: "Nexthop has invalid gateway", offset: 36, missingType: 5 });
    expect(e.request).toEqual({ type: RTM.NEWNEXTHOP, typeName: "RTM_NEWNEXTHOP", seq: 1 });
    expect(e.message).toBe("RTM_NEWNEXTHOP: EINVAL (Invalid argument): Nexthop has invalid gateway");
    expect(e.name).toBe("NetlinkError");
  });

  it("works with capped errors and without extended ACK", () => {
    const conn = new NetlinkConnection(new FakeTransport((_r, k) => k.error(1, {}, { capped: true })));
    const e = expectThrow(() => conn.ack(RTM.NEWLINK, 0, ifinfomsg, EMPTY), NetlinkError);
    expect([e.code, e.message]).toEqual(["EPERM", "RTM_NEWLINK: EPERM (Operation not permitted)"]);
  });
});

/** n route requests; `bad` indexes are refused with EEXIST by the fake kernel. */
function routes(n: number): BatchRequest<RawBody>[] {
  return Array.from({ length: n }, (_, i) => ({
    type: RTM.NEWROUTE, flags: NLM_F_CREATE | NLM_F_EXCL, codec: rtmsg,
    msg: { header: "02200000fe04fd0100000000", attrs: { unknown: [{ type: 1, flags: 0, data: toHex(Uint8Array.of(198, 51, 100, i & 0xff)) }, { type: 15, flags: 0, data: toHex(new Uint8Array(new Uint32Array([i]).buffer)) }] } },
  }));
}
/** A fake kernel refusing requests whose RTA_TABLE attribute (our request number) is in `bad`. */
function refusing(bad: Set<number>) {
  return (req: FakeRequest, k: FakeReplies) => {
    const i = new DataView(req.payload.buffer).getUint32(12 + 8 + 4, true);
    if (bad.has(i)) k.error(17, { msg: `route ${i} exists` });
    else k.ack();
  };
}

describe("pipelined batches", () => {
  it("attributes each error to its request index across several windows", () => {
    const bad = new Set([0, 3, 8, 17, 31, 49]);
    const t = new FakeTransport(refusing(bad));
    const conn = new NetlinkConnection(t);
    const r = conn.batch(routes(50), { window: 8 });
    expect(t.sent).toHaveLength(7); // 8+8+8+8+8+8+2
    expect(r.ok).toBe(44);
    expect(r.stopped).toBe(false);
    expect(r.errors.map((e) => [e.index, e.error.code, e.error.extack.msg, e.error.request.index])).toEqual([...bad].map((i) => [i, "EEXIST", `route ${i} exists`, i]));
    expect(r.errors[2]!.error.message).toBe("RTM_NEWROUTE (batch request 8): EEXIST (File exists): route 8 exists");
    // one ACK per window: NLM_F_ACK on the last request of each (the fake kernel ACKs every request anyway)
    expect(t.requests.every((q) => (q.flags & NLM_F_REQUEST) !== 0)).toBe(true);
    expect(t.requests.map((q) => (q.flags & NLM_F_ACK) !== 0)).toEqual(Array.from({ length: 50 }, (_, i) => i % 8 === 7 || i === 49));
    const t2 = new FakeTransport(refusing(bad));
    const r2 = new NetlinkConnection(t2).batch(routes(50), { window: 8, ackEach: true });
    expect(r2).toEqual(r);
    expect(t2.requests.every((q) => (q.flags & (NLM_F_REQUEST | NLM_F_ACK)) === (NLM_F_REQUEST | NLM_F_ACK))).toBe(true);
  });

  it("takes generators as well as arrays, and stops after the failing window with stopOnError", () => {
    const t = new FakeTransport(refusing(new Set([10])));
    const conn = new NetlinkConnection(t);
    function* gen() { yield* routes(40); }
    const r = conn.batch(gen(), { window: 8, stopOnError: true });
    expect(r.stopped).toBe(true);
    expect(t.requests).toHaveLength(16); // windows 0..7 and 8..15 sent, nothing after
    expect(r.ok).toBe(15);
    expect(r.errors.map((e) => e.index)).toEqual([10]);
  });

  it("keeps attribution right when sequence numbers would wrap", () => {
    const t = new FakeTransport(refusing(new Set([2, 5])));
    const conn = new NetlinkConnection(t);
    (conn as unknown as { seq: number }).seq = 0xfffffffa;
    const r = conn.batch(routes(10), { window: 10 });
    expect(r.errors.map((e) => e.index)).toEqual([2, 5]);
    const seqs = t.requests.map((q) => q.seq);
    expect(seqs).toEqual(Array.from({ length: 10 }, (_, i) => i + 1)); // restarted at 1, contiguous
  });

  it("bounds each window by the receive buffer: 20,000 requests with window 4096 lose no answer", () => {
    const t = new FakeTransport(refusing(new Set([0, 4095, 4096, 19999])), { rcvbuf: 212992 });
    const conn = new NetlinkConnection(t);
    const r = conn.batch(routes(20000), { window: 4096 });
    expect(t.dropped).toBe(0);
    expect(r.ok).toBe(19996);
    expect(r.errors.map((e) => e.index)).toEqual([0, 4095, 4096, 19999]);
    const perWindow = t.sent.map((d) => d.length / 44); // 44-byte requests
    expect(Math.max(...perWindow) * answerCost(44)).toBeLessThanOrEqual(212992);
    expect(Math.max(...perWindow)).toBeGreaterThan(100);
  });

  it("an overflowing receive buffer is a clear error, not a hang", () => {
    // a transport that claims a big buffer but has a small one
    const t = new FakeTransport((_r, k) => k.ack(), { rcvbuf: 20000 });
    t.receiveBufferSize = () => 4 << 20;
    const conn = new NetlinkConnection(t);
    expect(() => conn.batch(routes(500), { window: 500 })).toThrow(/dropped answers \(ENOBUFS, receive buffer full\)/);
  });

  it("names the request whose encoding fails", () => {
    const conn = new NetlinkConnection(new FakeTransport());
    const reqs = routes(3);
    reqs[2]!.msg = { header: "zz", attrs: {} };
    expect(() => conn.batch(reqs)).toThrow(/^batch request 2: rtmsg.header/);
  });

  it("answers NLMSG_ERROR for every request even in one datagram", () => {
    const t = new FakeTransport((req, k) => k.ack());
    const conn = new NetlinkConnection(t);
    t.handler = (req) => {
      if (req.index === 3) t.inject(datagram((w) => {
        for (let s = 1; s <= 4; s++) {
          const m = w.beginMessage(NLMSG_ERROR, 0x100, s, t.portId);
          w.s32(0); w.u32(16); w.u16(RTM.NEWROUTE); w.u16(0); w.u32(s); w.u32(0);
          w.endMessage(m);
        }
      }));
    };
    expect(conn.batch(routes(4))).toEqual({ ok: 4, errors: [], stopped: false, sent: 4 });
  });
});

describe("connection lifecycle and options", () => {
  it("switches NETLINK_EXT_ACK and NETLINK_GET_STRICT_CHK on and reports what the kernel accepted", () => {
    const t = new FakeTransport();
    const conn = new NetlinkConnection(t);
    expect([conn.extAck, conn.strictCheck]).toEqual([true, true]);
    expect([...t.optionsSet]).toEqual([[NETLINK_EXT_ACK, true], [NETLINK_GET_STRICT_CHK, true]]);
    const old = new NetlinkConnection(new FakeTransport(undefined, { options: { [NETLINK_EXT_ACK]: false, [NETLINK_GET_STRICT_CHK]: false } }));
    expect([old.extAck, old.strictCheck]).toEqual([false, false]);
    const t2 = new FakeTransport();
    const lax = new NetlinkConnection(t2, { strictCheck: false });
    expect(lax.strictCheck).toBe(false);
    expect(t2.optionsSet.has(NETLINK_GET_STRICT_CHK)).toBe(false);
  });

  it("use after close is a clear error, close is idempotent", () => {
    const t = new FakeTransport();
    const conn = new NetlinkConnection(t);
    conn.close();
    conn.close();
    expect(conn.closed).toBe(true);
    const e = expectThrow(() => conn.ack(RTM.NEWLINK, 0, ifinfomsg, EMPTY), ConnectionClosedError);
    expect(e.message).toBe("RTM_NEWLINK: the netlink connection is closed");
    expect(() => conn.dump(RTM.GETLINK, ifinfomsg, EMPTY)).toThrow(ConnectionClosedError);
    expect(() => conn.dumpIter(RTM.GETLINK, ifinfomsg, EMPTY).next()).toThrow(ConnectionClosedError);
    expect(() => conn.batch(routes(2))).toThrow("batch: the netlink connection is closed");
    expect(() => conn.raw(RTM.GETLINK, 0, () => {})).toThrow(ConnectionClosedError);
    expect(t.sent).toHaveLength(0);
    expect(() => new NetlinkConnection(t)).toThrow(ConnectionClosedError);
  });

  it("is Disposable", () => {
    const t = new FakeTransport();
    {
      using conn = new NetlinkConnection(t);
      conn.ack(RTM.NEWLINK, 0, ifinfomsg, EMPTY);
    }
    expect(t.closed).toBe(true);
  });
});
