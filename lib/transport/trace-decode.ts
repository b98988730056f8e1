/**
 * Decoding for the trace hook (trace.ts): split a datagram into its netlink
 * messages and decode each with its family's codec (every RTM_* type of a
 * family shares one header, so GET/SET requests decode like NEW answers),
 * NLMSG_ERROR and NLMSG_DONE with the core codecs. A message that does not
 * decode keeps its bytes and the DecodeError; tracing never throws.
 */
import { decodeDone, decodeError } from "../../codecs/core/ack.ts";
import { HOST_LE } from "../../codecs/core/align.ts";
import { NLMSG_DONE, NLMSG_ERROR } from "../../codecs/core/constants.ts";
import { DecodeError } from "../../codecs/core/errors.ts";
import type { MessageCodec } from "../../codecs/core/message.ts";
import { addrMessage } from "../../codecs/addr/index.ts";
import { linkMessage } from "../../codecs/link/message.ts";
import { neighMessage } from "../../codecs/neigh/index.ts";
import { nexthopCodec } from "../../codecs/nexthop/message.ts";
import { nsidMessage } from "../../codecs/nsid/index.ts";
import { routeCodec } from "../../codecs/route/message.ts";
import { ruleMessage } from "../../codecs/rule/index.ts";
import { messageTypeName, RTM } from "../../codecs/rtnetlink.ts";

/** One netlink message of a traced datagram. */
export interface TraceMessage {
  /** nlmsg_type, and its name ("RTM_NEWLINK", "NLMSG_ERROR", "type 123"). */
  type: number;
  typeName: string;
  /** nlmsg_flags, nlmsg_seq, nlmsg_pid. */
  flags: number;
  seq: number;
  pid: number;
  /** The whole message (header included), a view into the event's datagram. */
  bytes: Uint8Array;
  /** The decoded payload (a family message, an NlError, a DONE status), or undefined. */
  decoded: unknown;
  /** Why the payload did not decode (a short GET request's rtgenmsg, a malformed message). */
  decodeError?: DecodeError;
}

/** The codec of each rtnetlink family, by the family's first message type (types come in fours). */
const FAMILIES = new Map<number, MessageCodec<unknown>>([
  [RTM.NEWLINK, linkMessage as MessageCodec<unknown>],
  [RTM.NEWADDR, addrMessage as MessageCodec<unknown>],
  [RTM.NEWROUTE, routeCodec as MessageCodec<unknown>],
  [RTM.NEWNEIGH, neighMessage as MessageCodec<unknown>],
  [RTM.NEWRULE, ruleMessage as MessageCodec<unknown>],
  [RTM.NEWNSID, nsidMessage as MessageCodec<unknown>],
  [RTM.NEWNEXTHOP, nexthopCodec as MessageCodec<unknown>],
]);

function decodePayload(buf: Uint8Array, dv: DataView, type: number, flags: number, off: number, end: number): unknown {
  if (type === NLMSG_ERROR) return decodeError(buf, dv, off, end, flags);
  if (type === NLMSG_DONE) return decodeDone(buf, dv, off, end, flags);
  const codec = FAMILIES.get(type & ~3);
  return codec === undefined ? undefined : codec.decode(buf, dv, off, end);
}

/** Split `datagram` into messages and decode each; a broken frame ends the list with its remaining bytes. */
export function traceMessages(datagram: Uint8Array): TraceMessage[] {
  const dv = new DataView(datagram.buffer, datagram.byteOffset, datagram.byteLength);
  const out: TraceMessage[] = [];
  let off = 0;
  while (off + 16 <= datagram.length) {
    const len = dv.getUint32(off, HOST_LE);
    const type = dv.getUint16(off + 4, HOST_LE);
    const flags = dv.getUint16(off + 6, HOST_LE);
    const m: TraceMessage = {
      type,
      typeName: messageTypeName(type),
      flags,
      seq: dv.getUint32(off + 8, HOST_LE),
      pid: dv.getUint32(off + 12, HOST_LE),
      bytes: datagram.subarray(off, Math.min(off + Math.max(len, 16), datagram.length)),
      decoded: undefined,
    };
    out.push(m);
    if (len < 16 || off + len > datagram.length) {
      m.decodeError = new DecodeError(`nlmsg_len ${len} does not fit the ${datagram.length - off} bytes left`, "nlmsghdr", off);
      break;
    }
    try {
      m.decoded = decodePayload(datagram, dv, type, flags, off + 16, off + len);
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      m.decodeError = e;
    }
    off += (len + 3) & ~3;
  }
  return out;
}
