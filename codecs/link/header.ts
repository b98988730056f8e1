/**
 * struct ifinfomsg (linux/rtnetlink.h), the fixed header of RTM_NEWLINK,
 * RTM_DELLINK, RTM_GETLINK and RTM_SETLINK.
 *
 *   0       1       2               4                               8
 *   +-------+-------+---------------+-------------------------------+
 *   |family | pad   | type (ARPHRD) | index (s32)                   |
 *   +-------+-------+---------------+-------------------------------+
 *   | flags (u32, IFF_*)            | change (u32, mask of flags)   |
 *   +-------------------------------+-------------------------------+
 *   8                               12                              16
 *
 * `flags` decodes to iproute2's flag names ("UP", "LOWER_UP", ...); the
 * change mask stays a number (requests use 0xffffffff or single bits).
 * The pad byte is written as zero and ignored on decode, like the kernel.
 */
import { HOST_LE } from "../core/align.ts";
import { headerInt, type FixedHeader } from "../core/message.ts";
import { IFF } from "./tables.ts";

/** The decoded ifinfomsg. */
export interface IfInfoMsg {
  /** Address family: 0 (AF_UNSPEC) for ordinary link messages, 7 (AF_BRIDGE), 10 (AF_INET6). */
  family: number;
  /** Device type (ARPHRD_*, linux/if_arp.h): 1 ether, 772 loopback, 65534 none... */
  type: number;
  /** Interface index; 0 in a request means "by name" or "pick one". */
  index: number;
  /** IFF_* flags by name. */
  flags: string[];
  /** Which flags a request changes (ifi_change); 0 in kernel messages. */
  change: number;
}

/** sizeof(struct ifinfomsg). */
export const IFINFOMSG_SIZE = 16;

/** Codec of struct ifinfomsg. */
export const ifinfomsg: FixedHeader<IfInfoMsg> = {
  name: "ifinfomsg",
  size: IFINFOMSG_SIZE,
  decode(_buf, dv, off) {
    return {
      family: dv.getUint8(off),
      type: dv.getUint16(off + 2, HOST_LE),
      index: dv.getInt32(off + 4, HOST_LE),
      flags: IFF.names(dv.getUint32(off + 8, HOST_LE)),
      change: dv.getUint32(off + 12, HOST_LE),
    };
  },
  encode(w, h, path) {
    const family = headerInt(h.family, 0, 0xff, `${path}.family`);
    const type = headerInt(h.type, 0, 0xffff, `${path}.type`);
    const index = headerInt(h.index, -0x80000000, 0x7fffffff, `${path}.index`);
    const flags = h.flags === undefined ? 0 : IFF.value(h.flags, `${path}.flags`);
    const change = headerInt(h.change, 0, 0xffffffff, `${path}.change`);
    w.u8(family);
    w.u8(0);
    w.u16(type);
    w.s32(index);
    w.u32(flags);
    w.u32(change);
  },
};
