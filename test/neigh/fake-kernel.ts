/**
 * In-process stand-ins for the kernel, for the neigh/rule/nsid API unit
 * tests. FakeKernel records every request and answers it: RTM_GETLINK by
 * IFLA_IFNAME with a NEWLINK carrying the index from `links` (ENODEV for an
 * unknown name), RTM_GETNSID (no dump) with NETNSA_NSID `nsid`, dumps with
 * the canned `dumps[type]` payloads then NLMSG_DONE, everything else with
 * an ACK. NoSyscallTransport fails on any I/O at all.
 */
import { HOST_LE } from "../../codecs/core/align.ts";
import { NLM_F_CAPPED, NLM_F_DUMP, NLM_F_MULTI, NLMSG_DONE, NLMSG_ERROR } from "../../codecs/core/constants.ts";
import { splitMessages, type RawMessage } from "../../codecs/core/header.ts";
import { NlWriter } from "../../codecs/core/writer.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import { NetlinkConnection } from "../../lib/conn/connection.ts";
import type { Transport } from "../../lib/transport/transport.ts";

/** Index by name of the links the fake knows (the captures' fixed indexes). */
export const LINKS: Record<string, number> = { v0: 10, v1: 11, br0: 12, vx0: 13 };

export class FakeKernel implements Transport {
  readonly portId = 4242;
  closed = false;
  /** Every datagram sent, copied. */
  readonly sent: Uint8Array[] = [];
  /** NETNSA_NSID answered to RTM_GETNSID. */
  nsid = -1;
  /** Canned dump answers: message type of the request -> [answer type, payload]. */
  dumps: Record<number, Array<[number, Uint8Array]>> = {};
  private queue: Uint8Array[] = [];

  constructor(readonly links: Record<string, number> = LINKS) {}

  send(data: Uint8Array): void {
    this.sent.push(data.slice());
    for (const m of splitMessages(data.slice())) this.answer(m);
  }

  private answer(m: RawMessage): void {
    const w = new NlWriter();
    let errno = 0;
    if (m.flags & NLM_F_DUMP) {
      for (const [type, payload] of this.dumps[m.type] ?? []) {
        const s = w.beginMessage(type, NLM_F_MULTI, m.seq, this.portId);
        w.bytes(payload);
        w.endMessage(s);
      }
      const d = w.beginMessage(NLMSG_DONE, NLM_F_MULTI, m.seq, this.portId);
      w.s32(0);
      w.endMessage(d);
      this.queue.push(w.toBytes());
      return;
    }
    if (m.type === RTM.GETLINK) {
      const name = ifname(m);
      const index = name === undefined ? m.dv.getInt32(m.payload + 4, HOST_LE) : this.links[name];
      if (index === undefined) errno = 19; // ENODEV
      else {
        const s = w.beginMessage(RTM.NEWLINK, 0, m.seq, this.portId);
        w.zeros(4); w.s32(index); w.zeros(8);
        w.endMessage(s);
      }
    } else if (m.type === RTM.GETNSID) {
      const s = w.beginMessage(RTM.NEWNSID, 0, m.seq, this.portId);
      w.u32(0);
      w.attrS32(1, this.nsid);
      w.endMessage(s);
      this.queue.push(w.toBytes());
      return; // answered without ACK, as the kernel does
    }
    const a = w.beginMessage(NLMSG_ERROR, NLM_F_CAPPED, m.seq, this.portId);
    w.s32(-errno);
    w.bytes(m.buf.subarray(m.off, m.off + 16));
    w.endMessage(a);
    this.queue.push(w.toBytes());
  }

  recv(): Uint8Array | null {
    return this.queue.shift() ?? null;
  }
  waitReadable(): boolean {
    return this.queue.length > 0;
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

  /** The sent requests of message type `type`, each as its own datagram. */
  requestsOf(type: number): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (const d of this.sent) for (const m of splitMessages(d)) if (m.type === type) out.push(m.buf.slice(m.off, m.end));
    return out;
  }
}

function ifname(m: RawMessage): string | undefined {
  for (let off = m.payload + 16; off + 4 <= m.end;) {
    const len = m.dv.getUint16(off, HOST_LE);
    if (len < 4) return undefined;
    if (m.dv.getUint16(off + 2, HOST_LE) === 3) return Buffer.from(m.buf.subarray(off + 4, off + len - 1)).toString();
    off += (len + 3) & ~3;
  }
  return undefined;
}

/** A transport that throws on any I/O: proves validation happens before a syscall. */
export class NoSyscallTransport implements Transport {
  readonly portId = 1;
  closed = false;
  send(): void {
    throw new Error("NoSyscallTransport: a request was sent");
  }
  recv(): Uint8Array | null {
    throw new Error("NoSyscallTransport: recv was called");
  }
  waitReadable(): boolean {
    throw new Error("NoSyscallTransport: waitReadable was called");
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

/** A connection over a FakeKernel. */
export function fakeConn(links?: Record<string, number>): { conn: NetlinkConnection; kernel: FakeKernel } {
  const kernel = new FakeKernel(links);
  return { conn: new NetlinkConnection(kernel), kernel };
}

/** A connection that must never touch the kernel. */
export function noSyscallConn(): NetlinkConnection {
  return new NetlinkConnection(new NoSyscallTransport());
}

/** Hex of a message with nlmsg_seq and nlmsg_pid zeroed, for comparing with captures. */
export function normalised(msg: Uint8Array): string {
  const c = msg.slice();
  c.fill(0, 8, 16);
  return Buffer.from(c).toString("hex");
}
