/**
 * A fake kernel for route and nexthop API unit tests, on
 * test/helpers/fake-transport.ts: RTM_GETLINK by name answers with the
 * index of `links` (ENODEV for other names), a dump ends at once with
 * NLMSG_DONE, RTM_GETROUTE / RTM_GETNEXTHOP for one object echo the request
 * payload back as RTM_NEWROUTE / RTM_NEWNEXTHOP, everything else is ACKed.
 * `noIo()` gives a connection whose transport fails the test on any I/O, to
 * prove that bad input is refused before a syscall.
 */
import { HOST_LE } from "../../codecs/core/align.ts";
import { NLM_F_DUMP } from "../../codecs/core/constants.ts";
import { NlWriter } from "../../codecs/core/writer.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import { NetlinkConnection } from "../../lib/conn/connection.ts";
import type { Transport } from "../../lib/transport/transport.ts";
import { FakeTransport } from "../helpers/fake-transport.ts";

/** Link names of the iproute2 captures (fixtures/route/iproute2-captures.ts SETUP). */
export const CAPTURE_LINKS: Record<string, number> = { lo: 1, v0: 10, v1: 11 };

const IFLA_IFNAME = 3;

function ifname(p: Uint8Array): string | undefined {
  const dv = new DataView(p.buffer, p.byteOffset, p.byteLength);
  for (let off = 16; off + 4 <= p.length;) {
    const len = dv.getUint16(off, HOST_LE);
    if (len < 4) return undefined;
    if ((dv.getUint16(off + 2, HOST_LE) & 0x3fff) === IFLA_IFNAME) return new TextDecoder().decode(p.subarray(off + 4, off + len)).replace(/\0+$/, "");
    off += (len + 3) & ~3;
  }
  return undefined;
}

/** A connection over the fake kernel, and the transport to inspect what was sent. */
export function fakeConn(links: Record<string, number> = CAPTURE_LINKS): { conn: NetlinkConnection; kernel: FakeTransport } {
  const kernel = new FakeTransport((req, k) => {
    if (req.type === RTM.GETLINK) {
      const name = ifname(req.payload);
      const index = name === undefined ? new DataView(req.payload.buffer).getInt32(4, HOST_LE) : links[name];
      if (index === undefined) return k.error(19);
      const w = new NlWriter(64);
      w.zeros(4); w.s32(index); w.zeros(8);
      w.attrString(IFLA_IFNAME, name ?? `if${index}`);
      k.message(RTM.NEWLINK, w.toBytes());
      if (req.flags & 0x4) k.ack();
      return;
    }
    if ((req.flags & NLM_F_DUMP) === NLM_F_DUMP) return k.done();
    if (req.type === RTM.GETROUTE) return k.message(RTM.NEWROUTE, req.payload);
    if (req.type === RTM.GETNEXTHOP) return k.message(RTM.NEWNEXTHOP, req.payload);
    k.ack();
  });
  return { conn: new NetlinkConnection(kernel), kernel };
}

/** A transport that fails on any I/O (connection setup options aside). */
export class NoIoTransport implements Transport {
  readonly portId = 1;
  closed = false;
  send(): void {
    throw new Error("NoIoTransport: a request was sent although the input should have been refused first");
  }
  recv(): Uint8Array | null {
    throw new Error("NoIoTransport: recv");
  }
  waitReadable(): boolean {
    throw new Error("NoIoTransport: waitReadable");
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

/** A connection that must not be used. */
export function noIo(): NetlinkConnection {
  return new NetlinkConnection(new NoIoTransport());
}

/** Hex of a datagram's first message with nlmsg_seq and nlmsg_pid zeroed. */
export function normalisedHex(d: Uint8Array): string {
  const c = d.slice(0, new DataView(d.buffer, d.byteOffset).getUint32(0, HOST_LE));
  c.fill(0, 8, 16);
  return Buffer.from(c).toString("hex");
}

/**
 * Zero the alignment padding after every attribute of a route message
 * (rtmsg at 16), recursing into RTA_METRICS and RTA_ENCAP: iproute2 builds
 * the encap nest in an uninitialised stack buffer, so its padding bytes
 * are whatever was there (the kernel ignores them).
 */
export function zeroRoutePadding(d: Uint8Array): Uint8Array {
  const c = d.slice();
  const dv = new DataView(c.buffer);
  const walk = (off: number, end: number, nested: ReadonlySet<number>): void => {
    while (off + 4 <= end) {
      const len = dv.getUint16(off, HOST_LE);
      if (len < 4) return;
      const type = dv.getUint16(off + 2, HOST_LE) & 0x3fff;
      if (nested.has(type)) walk(off + 4, off + len, ANY);
      c.fill(0, off + len, Math.min(end, off + ((len + 3) & ~3)));
      off += (len + 3) & ~3;
    }
  };
  walk(28, dv.getUint32(0, HOST_LE), new Set([8, 22]));
  return c;
}
const ANY: ReadonlySet<number> = new Set();
