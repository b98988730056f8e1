/**
 * Micro-benchmarks of the request engine's hot paths, without the kernel:
 * ACK collection in pipelined batches, the dump decode loop, and NlWriter.
 *
 *   npx bun test/conn/engine.bench.ts
 *
 * The transports here answer instantly from prepared bytes, so the numbers
 * are the engine's own cost per message (the kernel adds its part on top).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { HOST_LE } from "../../codecs/core/align.ts";
import { NLMSG_DONE, NLMSG_ERROR } from "../../codecs/core/constants.ts";
import { splitMessages } from "../../codecs/core/header.ts";
import type { MessageCodec } from "../../codecs/core/message.ts";
import { rawCodec, type RawBody } from "../../codecs/core/raw.ts";
import { NlWriter } from "../../codecs/core/writer.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import type { BatchRequest } from "../../lib/conn/batch.ts";
import { NetlinkConnection } from "../../lib/conn/connection.ts";
import { parseFixture } from "../../lib/transport/fixture.ts";
import type { Transport } from "../../lib/transport/transport.ts";

const PORT = 77;

/** Answers every request message of a datagram with one ACK datagram each (like the kernel). */
class AckTransport implements Transport {
  readonly portId = PORT;
  closed = false;
  private seqs: number[] = [];
  private next = 0;
  private readonly ack = new Uint8Array(36);
  private readonly dv = new DataView(this.ack.buffer);
  constructor() {
    this.dv.setUint32(0, 36, HOST_LE);
    this.dv.setUint16(4, NLMSG_ERROR, HOST_LE);
    this.dv.setUint16(6, 0x100, HOST_LE);
    this.dv.setUint32(12, PORT, HOST_LE);
  }
  send(d: Uint8Array): void {
    const dv = new DataView(d.buffer, d.byteOffset, d.byteLength);
    this.seqs.length = 0;
    this.next = 0;
    for (let off = 0; off < d.length; ) {
      const len = dv.getUint32(off, HOST_LE);
      this.seqs.push(dv.getUint32(off + 8, HOST_LE));
      off += (len + 3) & ~3;
    }
  }
  recv(): Uint8Array {
    this.dv.setUint32(8, this.seqs[this.next++]!, HOST_LE);
    return this.ack;
  }
  waitReadable(): boolean { return this.next < this.seqs.length; }
  receiveBufferSize(): number { return 212992; }
  setNetlinkOption(): boolean { return true; }
  close(): void { this.closed = true; }
  [Symbol.dispose](): void { this.close(); }
}

/** Answers a dump request with recorded dump datagrams (seq and port rewritten), then DONE. */
class DumpTransport implements Transport {
  readonly portId = PORT;
  closed = false;
  private queue: Uint8Array[] = [];
  constructor(private readonly datagrams: Uint8Array[]) {}
  send(d: Uint8Array): void {
    const seq = new DataView(d.buffer, d.byteOffset).getUint32(8, HOST_LE);
    this.queue = this.datagrams.map((x) => {
      const dv = new DataView(x.buffer, x.byteOffset, x.byteLength);
      for (let off = 0; off + 16 <= x.length; ) {
        dv.setUint32(off + 8, seq, HOST_LE);
        dv.setUint32(off + 12, PORT, HOST_LE);
        off += (dv.getUint32(off, HOST_LE) + 3) & ~3;
      }
      return x;
    });
  }
  recv(): Uint8Array { return this.queue.shift()!; }
  waitReadable(): boolean { return this.queue.length > 0; }
  setNetlinkOption(): boolean { return true; }
  close(): void { this.closed = true; }
  [Symbol.dispose](): void { this.close(); }
}

function time(label: string, n: number, unit: string, fn: () => void): number {
  fn(); // warm up
  const rounds = 5;
  let best = Infinity;
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  const perSec = (n / best) * 1000;
  console.log(`${label.padEnd(58)} ${(perSec / 1e6).toFixed(2).padStart(7)} M ${unit}/s  (${((best * 1e6) / n).toFixed(0)} ns each)`);
  return perSec;
}

// ---- batches: ACK collection
const rtmsg = rawCodec("rtmsg", 12);
const fixed: MessageCodec<null> = { name: "fixed", decode: () => null, encode: (w) => { w.zeros(12); w.attrU32(1, 0xc6336401); w.attrU32(4, 3); } };
const N = 200_000;
const conn = new NetlinkConnection(new AckTransport(), { batchWindow: 4096 });
const preEncoded: BatchRequest<null>[] = Array.from({ length: N }, () => ({ type: RTM.NEWROUTE, flags: 0x600, codec: fixed, msg: null }));
time("batch: encode (hand-written codec) + collect ACKs", N, "requests", () => {
  const r = conn.batch(preEncoded);
  if (r.ok !== N) throw new Error("lost ACKs");
});
const rawReqs: BatchRequest<RawBody>[] = Array.from({ length: N }, (_, i) => ({
  type: RTM.NEWROUTE, flags: 0x600, codec: rtmsg,
  msg: { header: "02200000fe04fd0100000000", attrs: { unknown: [{ type: 1, flags: 0, data: "c63364" + (i & 0xff).toString(16).padStart(2, "0") }, { type: 4, flags: 0, data: "03000000" }] } },
}));
time("batch: encode (rawCodec, hex attrs) + collect ACKs", N, "requests", () => conn.batch(rawReqs));

// ---- dumps: the decode loop over real link messages
const FIX = fileURLToPath(new URL("../../fixtures/core/many-datagrams.json", import.meta.url));
const fx = parseFixture(readFileSync(FIX, "utf8"));
const dumpEx = fx.exchanges.find((e) => e.recv.length > 2)!;
const datagrams = dumpEx.recv.map((h) => Uint8Array.from(Buffer.from(h, "hex")));
const perDump = datagrams.reduce((n, d) => n + splitMessages(d).filter((m) => m.type !== NLMSG_DONE).length, 0);
const bytesPerDump = datagrams.reduce((n, d) => n + d.length, 0);
const dconn = new NetlinkConnection(new DumpTransport(datagrams));
const ifinfomsg = rawCodec("ifinfomsg", 16);
const EMPTY: RawBody = { header: "00".repeat(16), attrs: {} };
const skip: MessageCodec<number> = { name: "count", decode: () => 1, encode: (w) => { w.zeros(16); } };
const REPS = 300;
time(`dump loop only (${perDump} links/dump, decoder returns a constant)`, perDump * REPS, "messages", () => {
  for (let i = 0; i < REPS; i++) dconn.dump(RTM.GETLINK, skip, 0);
});
const rawRate = time("dump: rawCodec decode of every link message", perDump * REPS, "messages", () => {
  for (let i = 0; i < REPS; i++) dconn.dump(RTM.GETLINK, ifinfomsg, EMPTY);
});
console.log(`${"  = MB/s of datagrams".padEnd(58)} ${((rawRate * bytesPerDump) / perDump / 1e6).toFixed(0).padStart(7)} MB/s`);
try {
  const { linkMessage } = (await import("../../codecs/link/index.ts")) as { linkMessage?: MessageCodec<unknown> };
  if (linkMessage) {
    const r = time("dump: codecs/link linkMessage decode (typed)", perDump * REPS, "messages", () => {
      for (let i = 0; i < REPS; i++) dconn.dump(RTM.GETLINK, linkMessage as MessageCodec<RawBody>, EMPTY as never);
    });
    console.log(`${"  = MB/s of datagrams".padEnd(58)} ${((r * bytesPerDump) / perDump / 1e6).toFixed(0).padStart(7)} MB/s`);
  }
} catch {
  // codecs/link not there yet
}
time("dumpIter: rawCodec, streaming", perDump * REPS, "messages", () => {
  for (let i = 0; i < REPS; i++) for (const _ of dconn.dumpIter(RTM.GETLINK, ifinfomsg, EMPTY)) { /* consume */ }
});

// ---- NlWriter
const w = new NlWriter(1 << 16);
const M = 1_000_000;
time("NlWriter.attrU32", M, "attrs", () => {
  w.reset();
  for (let i = 0; i < M; i++) { if (w.pos > 60000) w.reset(); w.attrU32(4, i); }
});
time("NlWriter.beginAttr/u32/endAttr", M, "attrs", () => {
  w.reset();
  for (let i = 0; i < M; i++) { if (w.pos > 60000) w.reset(); const s = w.beginAttr(4); w.u32(i); w.endAttr(s); }
});
time("NlWriter.attrString (\"eth0\")", M, "attrs", () => {
  w.reset();
  for (let i = 0; i < M; i++) { if (w.pos > 60000) w.reset(); w.attrString(3, "eth0"); }
});
time("NlWriter message: header + 3 attrs", M, "messages", () => {
  w.reset();
  for (let i = 0; i < M; i++) {
    if (w.pos > 60000) w.reset();
    const m = w.beginMessage(24, 0x605, i, 0);
    w.zeros(12);
    w.attrU32(1, i);
    w.attrU32(4, 3);
    w.attrU32(15, 254);
    w.endMessage(m);
  }
});
