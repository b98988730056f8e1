/**
 * struct nlmsghdr (netlink.h) and walking the messages packed in one
 * datagram.
 *
 *   0               4       6       8               12              16
 *   +---------------+-------+-------+---------------+---------------+
 *   | nlmsg_len     | type  | flags | nlmsg_seq     | nlmsg_pid     |
 *   +---------------+-------+-------+---------------+---------------+
 *   then the payload, and padding to a multiple of 4 before the next one.
 */
import { HOST_LE } from "./align.ts";
import { NLMSG_HDRLEN } from "./constants.ts";
import { DecodeError } from "./errors.ts";

/** The decoded nlmsghdr. */
export interface NlMsgHeader {
  len: number;
  type: number;
  flags: number;
  seq: number;
  pid: number;
}

/** Read the nlmsghdr at `off` without validation (call `checkMessage` first). */
export function readHeader(dv: DataView, off: number): NlMsgHeader {
  return {
    len: dv.getUint32(off, HOST_LE),
    type: dv.getUint16(off + 4, HOST_LE),
    flags: dv.getUint16(off + 6, HOST_LE),
    seq: dv.getUint32(off + 8, HOST_LE),
    pid: dv.getUint32(off + 12, HOST_LE),
  };
}

/**
 * Validate the message at `off` in a buffer ending at `end` and return its
 * nlmsg_len. Throws DecodeError when the header is cut short, nlmsg_len is
 * below 16, or the message runs past the end of the datagram.
 */
export function checkMessage(dv: DataView, off: number, end: number): number {
  if (end - off < NLMSG_HDRLEN) throw new DecodeError(`${end - off} bytes left, too short for nlmsghdr`, "nlmsghdr", off);
  const len = dv.getUint32(off, HOST_LE);
  if (len < NLMSG_HDRLEN) throw new DecodeError(`nlmsg_len ${len} is below the 16-byte header`, "nlmsghdr", off);
  if (len > end - off) throw new DecodeError(`nlmsg_len ${len} runs past the end of the datagram (${end - off} bytes left)`, "nlmsghdr", off);
  return len;
}

/** One message inside a datagram: its header and where the payload lies. */
export interface RawMessage extends NlMsgHeader {
  /** The whole datagram the message came in. */
  buf: Uint8Array;
  /** DataView over `buf` (same byte offsets). */
  dv: DataView;
  /** Offset of the nlmsghdr in `buf`. */
  off: number;
  /** Offset of the payload in `buf` (off + 16). */
  payload: number;
  /** End of the message (off + nlmsg_len). */
  end: number;
}

/** Split a datagram into its messages (NLMSG_ALIGN between them). Throws DecodeError on bad lengths. */
export function splitMessages(buf: Uint8Array): RawMessage[] {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const out: RawMessage[] = [];
  let off = 0;
  const end = buf.length;
  while (off < end) {
    // Trailing alignment padding after the last message is allowed.
    if (end - off < NLMSG_HDRLEN && isZero(buf, off, end)) break;
    const len = checkMessage(dv, off, end);
    out.push({
      len,
      type: dv.getUint16(off + 4, HOST_LE),
      flags: dv.getUint16(off + 6, HOST_LE),
      seq: dv.getUint32(off + 8, HOST_LE),
      pid: dv.getUint32(off + 12, HOST_LE),
      buf,
      dv,
      off,
      payload: off + NLMSG_HDRLEN,
      end: off + len,
    });
    off += (len + 3) & ~3;
  }
  return out;
}

function isZero(buf: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (buf[i] !== 0) return false;
  return true;
}

/** Encode a complete message (header + payload bytes) into a new buffer; mostly for tests and tools. */
export function encodeMessage(h: Omit<NlMsgHeader, "len">, payload: Uint8Array): Uint8Array {
  const len = NLMSG_HDRLEN + payload.length;
  const out = new Uint8Array((len + 3) & ~3);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, len, HOST_LE);
  dv.setUint16(4, h.type, HOST_LE);
  dv.setUint16(6, h.flags, HOST_LE);
  dv.setUint32(8, h.seq, HOST_LE);
  dv.setUint32(12, h.pid, HOST_LE);
  out.set(payload, NLMSG_HDRLEN);
  return out;
}
