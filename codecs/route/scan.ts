/**
 * The one walk over a route message's bytes (struct rtmsg + route-attrs):
 * `RouteScan.read` checks the attribute framing and records where each
 * attribute is, with no object made. Every reader of route messages starts
 * here: the decoder (decode.ts) builds RouteMessage from it, the library's
 * model reader builds Route objects straight from it
 * (lib/rtnl/route/view-fast.ts), and the CLI's `-json route show` writes
 * bytes from it (lib/format/route-json.ts, route-text.ts).
 *
 * A scan succeeds for the messages every kernel route is made of: whole
 * attributes, none repeated, no NLA_F_* bits, types below 32. Anything
 * else (a malformed message included) reads false and is left to the
 * generic attribute engine (codecs/core/attrset.ts), whose DecodeErrors
 * name the bad byte.
 *
 *   0        1        2        3        4        5        6        7        8                12
 *   +--------+--------+--------+--------+--------+--------+--------+--------+-----------------+
 *   | family | dst_len| src_len|  tos   | table  |protocol| scope  |  type  | flags (u32)     |
 *   +--------+--------+--------+--------+--------+--------+--------+--------+-----------------+
 *   then attributes: | nla_len (u16) | nla_type (u16) | payload, padded to 4 | ...
 */
import { HOST_LE } from "../core/align.ts";
import { RTMSG_SIZE } from "./header.ts";

/** Where the attributes of one route message are (reused from message to message). */
export class RouteScan {
  /** Offset of the rtmsg. */
  off = 0;
  /** rtm_flags. */
  flags = 0;
  /** Bit t set when attribute type t is present. */
  present = 0;
  /** Payload offset of attribute type t (valid when its `present` bit is set). */
  readonly at = new Int32Array(32);
  /** Payload length of attribute type t. */
  readonly len = new Int32Array(32);
  /** Attribute types in wire order (`count` of them). */
  readonly order = new Uint8Array(64);
  count = 0;

  /**
   * Scan the route message payload (rtmsg + attributes) in [off, end):
   * true when it has the plain shape described above, false otherwise
   * (too short, malformed, repeated or flagged attributes, types >= 32).
   */
  read(dv: DataView, off: number, end: number): boolean {
    if (end - off < RTMSG_SIZE) return false;
    this.off = off;
    this.flags = dv.getUint32(off + 8, HOST_LE);
    return this.readAttrs(dv, off + RTMSG_SIZE, end);
  }

  /** Scan only attributes in [off, end) (as `read` after the rtmsg). */
  readAttrs(dv: DataView, off: number, end: number): boolean {
    let present = 0, count = 0;
    const at = this.at, len = this.len, order = this.order;
    for (let p = off; p < end; ) {
      if (end - p < 4) return false;
      const l = dv.getUint16(p, HOST_LE);
      const t = dv.getUint16(p + 2, HOST_LE);
      if (l < 4 || p + l > end || t >= 32) return false;
      const bit = 1 << t;
      if ((present & bit) !== 0 || count === 64) return false;
      present |= bit;
      at[t] = p + 4;
      len[t] = l - 4;
      order[count++] = t;
      p += (l + 3) & ~3;
    }
    this.present = present;
    this.count = count;
    return true;
  }

  /** True when attribute type t was present in the last message read. */
  has(t: number): boolean {
    return (this.present & (1 << t)) !== 0;
  }
}
