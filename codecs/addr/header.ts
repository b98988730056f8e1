/**
 * struct ifaddrmsg, the fixed header of RTM_NEWADDR / RTM_DELADDR /
 * RTM_GETADDR (linux/if_addr.h).
 *
 *   0        1          2          3          4                      8
 *   +--------+----------+----------+----------+----------------------+
 *   | family | prefixlen| flags    | scope    | index (u32, host)    |
 *   +--------+----------+----------+----------+----------------------+
 *   ifa_family  AF_INET (2) / AF_INET6 (10) / AF_UNSPEC in dumps
 *   ifa_flags   the low 8 IFA_F_* bits; the kernel ignores them when the
 *               32-bit IFA_FLAGS attribute is present
 *   ifa_scope   enum rt_scope_t (linux/rtnetlink.h)
 * Attributes follow at offset 8 (already NLMSG_ALIGNed).
 */
import { HOST_LE } from "../core/align.ts";
import { headerInt, type FixedHeader } from "../core/message.ts";
import { ADDR_FLAGS, SCOPES } from "./tables.ts";

/** The decoded ifaddrmsg: members named after the rt-addr spec without the ifa- prefix (ifa-family -> family), like the other families' headers. */
export interface IfAddrMsg {
  /** Address family number: 2 (AF_INET), 10 (AF_INET6), 0 (AF_UNSPEC). */
  family: number;
  prefixlen: number;
  /** The 8-bit header flags as names (see ADDR_FLAGS); on encode names, "0x.." strings or a number. */
  flags: string[] | number;
  /** Scope name ("global", "link", "host", ...) or number when unnamed. */
  scope: string | number;
  index: number;
}

/** sizeof(struct ifaddrmsg). */
export const IFADDRMSG_SIZE = 8;

/** Codec of struct ifaddrmsg; missing members encode as 0, bad ones throw naming the member. */
export const ifaddrmsg: FixedHeader<IfAddrMsg> = {
  name: "ifaddrmsg",
  size: IFADDRMSG_SIZE,
  decode(buf, dv, off) {
    return {
      family: buf[off]!,
      prefixlen: buf[off + 1]!,
      flags: ADDR_FLAGS.names(buf[off + 2]!),
      scope: SCOPES.name(buf[off + 3]!),
      index: dv.getUint32(off + 4, HOST_LE),
    };
  },
  encode(w, h, path) {
    const family = headerInt(h.family, 0, 0xff, `${path}.family`);
    const prefixlen = headerInt(h.prefixlen, 0, 0xff, `${path}.prefixlen`);
    const flags = h.flags === undefined ? 0 : ADDR_FLAGS.value(h.flags, `${path}.flags`);
    if (flags > 0xff) throw new RangeError(`${path}.flags: ${ADDR_FLAGS.names(flags).join(",")} do not fit the 8-bit header field (use attrs.flags)`);
    const scope = h.scope === undefined ? 0 : SCOPES.value(h.scope, `${path}.scope`, 0xff);
    const index = headerInt(h.index, 0, 0xffffffff, `${path}.index`);
    w.u8(family);
    w.u8(prefixlen);
    w.u8(flags);
    w.u8(scope);
    w.u32(index);
  },
};
