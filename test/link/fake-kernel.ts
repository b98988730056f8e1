/**
 * In-process stand-ins for the kernel, for link API unit tests.
 * FakeKernel records every datagram it is sent; RTM_GETLINK by a name in
 * `names` (or by index) is answered with an RTM_NEWLINK carrying that
 * ifindex and IFLA_IFNAME, an unknown name with ENODEV, anything else with
 * an ACK; an RTM_GETLINK dump gets every link of `dump`, unfiltered, like a
 * kernel without strict checking (which `strictCheck: false` also reports).
 * NoSyscallTransport fails on any I/O: it proves that invalid input is
 * rejected before a request is sent.
 */
import { HOST_LE } from "../../codecs/core/align.ts";
import { NLM_F_CAPPED, NLM_F_DUMP, NLM_F_MULTI, NLMSG_DONE, NLMSG_ERROR } from "../../codecs/core/constants.ts";
import { splitMessages } from "../../codecs/core/header.ts";
import { NlWriter } from "../../codecs/core/writer.ts";
import { linkMessage, type LinkMessage } from "../../codecs/link/index.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import { NetlinkConnection } from "../../lib/conn/connection.ts";
import type { Transport } from "../../lib/transport/transport.ts";

/** Names of the links iproute2-captures.ts sets up, by ifindex. */
export const CAPTURE_LINKS: Record<number, string> = { 10: "v0", 11: "v1", 12: "b0" };

export class FakeKernel implements Transport {
  readonly portId = 4242;
  closed = false;
  readonly sent: Uint8Array[] = [];
  private queue: Uint8Array[] = [];
  constructor(readonly names: Record<number, string> = CAPTURE_LINKS, readonly dump: LinkMessage[] = [], readonly strictCheck = true) {}

  send(data: Uint8Array): void {
    this.sent.push(data.slice());
    for (const m of splitMessages(data.slice())) {
      const w = new NlWriter();
      let errno = 0;
      if (m.type === RTM.GETLINK && (m.flags & NLM_F_DUMP) === NLM_F_DUMP) {
        for (const l of this.dump) {
          const s = w.beginMessage(RTM.NEWLINK, NLM_F_MULTI, m.seq, this.portId);
          linkMessage.encode(w, l);
          w.endMessage(s);
        }
        const d = w.beginMessage(NLMSG_DONE, NLM_F_MULTI, m.seq, this.portId);
        w.s32(0);
        w.endMessage(d);
        this.queue.push(w.toBytes());
        continue;
      }
      if (m.type === RTM.GETLINK) {
        const name = ifnameAttr(m.buf, m.dv, m.payload + 16, m.end);
        let index = m.dv.getInt32(m.payload + 4, HOST_LE);
        if (name !== undefined) index = Number(Object.keys(this.names).find((k) => this.names[Number(k)] === name) ?? 0);
        if (this.names[index] === undefined) {
          errno = 19; // ENODEV
        } else {
          const s = w.beginMessage(RTM.NEWLINK, 0, m.seq, this.portId);
          w.zeros(4); w.s32(index); w.zeros(8);
          w.attrString(3, this.names[index]!);
          w.endMessage(s);
        }
      }
      if (errno !== 0 || m.type !== RTM.GETLINK || (m.flags & 0x4) !== 0) {
        const a = w.beginMessage(NLMSG_ERROR, NLM_F_CAPPED, m.seq, this.portId);
        w.s32(-errno);
        w.bytes(m.buf.subarray(m.off, m.off + 16));
        w.endMessage(a);
      }
      this.queue.push(w.toBytes());
    }
  }
  recv(): Uint8Array | null {
    return this.queue.shift() ?? null;
  }
  waitReadable(): boolean {
    return this.queue.length > 0;
  }
  setNetlinkOption(option: number): boolean {
    return option !== 12 || this.strictCheck; // NETLINK_GET_STRICT_CHK
  }
  close(): void {
    this.closed = true;
  }
  [Symbol.dispose](): void {
    this.close();
  }
}

function ifnameAttr(buf: Uint8Array, dv: DataView, off: number, end: number): string | undefined {
  while (off + 4 <= end) {
    const len = dv.getUint16(off, HOST_LE);
    if (len < 4) return undefined;
    if (dv.getUint16(off + 2, HOST_LE) === 3) return Buffer.from(buf.subarray(off + 4, off + len - 1)).toString();
    off += (len + 3) & ~3;
  }
  return undefined;
}

/** A transport that throws on any I/O. */
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
export function fakeConn(names?: Record<number, string>, dump: LinkMessage[] = [], strictCheck = true): { conn: NetlinkConnection; kernel: FakeKernel } {
  const kernel = new FakeKernel(names, dump, strictCheck);
  return { conn: new NetlinkConnection(kernel), kernel };
}

/** The hex of a message with nlmsg_seq and nlmsg_pid zeroed. */
export function normalisedHex(msg: Uint8Array): string {
  const b = msg.slice();
  b.fill(0, 8, 16);
  return Buffer.from(b).toString("hex");
}
