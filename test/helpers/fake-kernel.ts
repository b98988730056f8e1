/**
 * One in-process stand-in for the kernel for the typed-API unit tests of
 * every rtnetlink family (links, addresses, routes, nexthops, neighbours,
 * rules, nsid), built on test/helpers/fake-transport.ts:
 *
 *   - RTM_GETLINK for one link (by IFLA_IFNAME or by ifi_index) answers an
 *     RTM_NEWLINK carrying ifi_index and IFLA_IFNAME from `links`, and an
 *     IFLA_ADDRESS of the link's address length (`addrLen`, default 6 as for
 *     veth; none for 0, as rtnl_fill_ifinfo() leaves it out when
 *     dev->addr_len is 0); a name or index it does not know gets ENODEV, as
 *     rtnl_getlink() does;
 *   - RTM_GETNSID (not a dump) answers RTM_NEWNSID with NETNSA_NSID `nsid`
 *     and no ACK, as rtnl_net_getid() does;
 *   - RTM_GETROUTE / RTM_GETNEXTHOP / RTM_GETNEXTHOPBUCKET for one object
 *     echo the request payload back as RTM_NEWROUTE / RTM_NEWNEXTHOP /
 *     RTM_NEWNEXTHOPBUCKET;
 *   - a dump answers the canned `dumps[request type]` messages, unfiltered
 *     (like a kernel without strict checking), then NLMSG_DONE;
 *   - everything else is ACKed; an answer is followed by an ACK when the
 *     request asked for one (NLM_F_ACK).
 *
 * NoSyscallTransport fails the test on any I/O at all: it proves that bad
 * input is refused before a request is sent. normalisedHex zeroes
 * nlmsg_seq and nlmsg_pid so our requests compare with iproute2's.
 */
import { HOST_LE } from "../../codecs/core/align.ts";
import { NLM_F_ACK, NLM_F_DUMP, NLM_F_ECHO, NLM_F_MULTI } from "../../codecs/core/constants.ts";
import { splitMessages } from "../../codecs/core/header.ts";
import type { MessageCodec } from "../../codecs/core/message.ts";
import { NlWriter } from "../../codecs/core/writer.ts";
import { RTM } from "../../codecs/rtnetlink.ts";
import { NetlinkConnection } from "../../lib/conn/connection.ts";
import type { Transport } from "../../lib/transport/transport.ts";
import { FakeTransport, type FakeReplies, type FakeRequest } from "./fake-transport.ts";

const IFLA_ADDRESS = 1;
const IFLA_IFNAME = 3;
const NETNSA_NSID = 1;
const NETLINK_GET_STRICT_CHK = 12;
const ENODEV = 19;

/** What the fake kernel knows. */
export interface FakeKernelOptions {
  /** ifindex of each link name (the fixed indexes the iproute2 captures give their links). */
  links?: Record<string, number>;
  /** Hardware address length of a link name (default 6: Ethernet; 0: none, as a tun device). */
  addrLen?: Record<string, number>;
  /** Canned dump answers: request message type -> [answer type, payload] in dump order. */
  dumps?: Record<number, Array<[number, Uint8Array]>>;
  /** Whether NETLINK_GET_STRICT_CHK is accepted (default true). */
  strictCheck?: boolean;
}

/** The fake kernel: a FakeTransport whose handler answers as described in the file comment. */
export class FakeKernel extends FakeTransport {
  /** ifindex of each link name. */
  readonly links: Record<string, number>;
  /** Hardware address length of each link name (default 6). */
  readonly addrLen: Record<string, number>;
  /** Canned dump answers: request message type -> [answer type, payload]; may be changed between calls. */
  dumps: Record<number, Array<[number, Uint8Array]>>;
  /** NETNSA_NSID answered to RTM_GETNSID (-1: NETNSA_NSID_NOT_ASSIGNED). */
  nsid = -1;

  constructor(opts: FakeKernelOptions = {}) {
    super((req, k) => this.answer(req, k), { options: { [NETLINK_GET_STRICT_CHK]: opts.strictCheck ?? true } });
    this.links = opts.links ?? {};
    this.addrLen = opts.addrLen ?? {};
    this.dumps = opts.dumps ?? {};
  }

  /** The sent request messages of type `type`, each copied into its own buffer. */
  requestsOf(type: number): Uint8Array[] {
    return this.sent.flatMap((d) => splitMessages(d)).filter((m) => m.type === type).map((m) => m.buf.slice(m.off, m.end));
  }

  private answer(req: FakeRequest, k: FakeReplies): void {
    if ((req.type & 3) === 2 && (req.flags & NLM_F_DUMP) !== 0) { // a GET with NLM_F_ROOT/MATCH, as rtnetlink_rcv_msg() tells dumps
      for (const [type, payload] of this.dumps[req.type] ?? []) k.message(type, payload, NLM_F_MULTI);
      return k.done();
    }
    if (req.type === RTM.GETLINK) {
      const name = ifname(req.payload);
      const index = name === undefined ? new DataView(req.payload.buffer, req.payload.byteOffset).getInt32(4, HOST_LE) : this.links[name];
      const known = Object.entries(this.links).find(([, i]) => i === index);
      if (index === undefined || !known) return k.error(ENODEV);
      const w = new NlWriter(64);
      w.zeros(4); w.s32(index); w.zeros(8);
      w.attrString(IFLA_IFNAME, known[0]);
      const len = this.addrLen[known[0]] ?? 6;
      if (len > 0) w.attrBytes(IFLA_ADDRESS, Uint8Array.from({ length: len }, (_, i) => (i === 0 ? 2 : i === len - 1 ? index & 0xff : 0)));
      k.message(RTM.NEWLINK, w.toBytes());
    } else if (req.type === RTM.GETNSID) {
      const w = new NlWriter(16);
      w.u32(0);
      w.attrS32(NETNSA_NSID, this.nsid);
      return k.message(RTM.NEWNSID, w.toBytes()); // answered without an ACK, as the kernel does
    } else if (req.type === RTM.GETROUTE) {
      k.message(RTM.NEWROUTE, req.payload);
    } else if (req.type === RTM.GETNEXTHOP) {
      k.message(RTM.NEWNEXTHOP, req.payload);
    } else if (req.type === RTM.GETNEXTHOPBUCKET) {
      k.message(RTM.NEWNEXTHOPBUCKET, req.payload);
    } else if ((req.type & 3) === 0 && (req.flags & NLM_F_ECHO) !== 0) {
      // The kernel echoes the object it made: here, the request itself; a new link gets index 100 (or its known one).
      let made = req.payload;
      if (req.type === RTM.NEWLINK) { // a link: its index and name, as a GETLINK is answered here
        const name = ifname(req.payload) ?? "";
        const w = new NlWriter(64);
        w.zeros(4); w.s32(this.links[name] ?? 100); w.zeros(8);
        w.attrString(IFLA_IFNAME, name);
        made = w.toBytes();
      }
      k.message(req.type, made);
    } else {
      return k.ack();
    }
    if (req.flags & NLM_F_ACK) k.ack();
  }
}

/** IFLA_IFNAME of an ifinfomsg request payload, if present. */
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

/** A connection over a new FakeKernel, and the kernel to inspect what was sent. */
export function fakeConn(opts: FakeKernelOptions = {}): { conn: NetlinkConnection; kernel: FakeKernel } {
  const kernel = new FakeKernel(opts);
  return { conn: new NetlinkConnection(kernel), kernel };
}

/** Payload bytes of `msg` encoded with `codec` (for canned dump answers). */
export function encodePayload<T>(codec: MessageCodec<T>, msg: T): Uint8Array {
  const w = new NlWriter();
  codec.encode(w, msg);
  return w.toBytes();
}

/** A transport that throws on any I/O: proves validation happens before a syscall. */
export class NoSyscallTransport implements Transport {
  readonly portId = 1;
  closed = false;
  send(): void {
    throw new Error("NoSyscallTransport: a request was sent although the input should have been refused first");
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

/** A connection that must never touch the kernel. */
export function noSyscallConn(): NetlinkConnection {
  return new NetlinkConnection(new NoSyscallTransport());
}

/** Hex of one message (the first of a datagram) with nlmsg_seq and nlmsg_pid zeroed, for comparing with captures. */
export function normalisedHex(msg: Uint8Array): string {
  const c = msg.slice(0, new DataView(msg.buffer, msg.byteOffset).getUint32(0, HOST_LE));
  c.fill(0, 8, 16);
  // NLM_F_ECHO: add() asks for the kernel's echo of what it made, as `ip -echo ... add` does; the rest is compared.
  c[6] = c[6]! & ~NLM_F_ECHO;
  return Buffer.from(c).toString("hex");
}
