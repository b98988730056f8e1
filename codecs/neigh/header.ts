/**
 * struct ndmsg (linux/neighbour.h), the fixed header of RTM_NEWNEIGH,
 * RTM_DELNEIGH and RTM_GETNEIGH:
 *
 *   0        1        2        3        4                                 8
 *   +--------+--------+-----------------+---------------------------------+
 *   | family | pad1   | pad2 (u16)      | ifindex (s32)                   |
 *   +--------+--------+-----------------+--------+--------+---------------+
 *   | state (u16, NUD_*)                | flags  | type   |
 *   +-----------------------------------+--------+--------+
 *   8                                   10       11       12
 *
 * family is AF_INET/AF_INET6 for ARP/NDP entries and AF_BRIDGE for FDB
 * entries; state is a NUD_* bit mask, flags NTF_*, type an RTN_* route type.
 * The pad bytes are zero on the wire; a non-zero value is kept (pad1/pad2)
 * so decoding stays lossless.
 */
import { HOST_LE } from "../core/align.ts";
import { headerInt, type FixedHeader } from "../core/message.ts";
import type { NlWriter } from "../core/writer.ts";
import { NEIGH_TYPES, NTF_FLAGS, NUD_STATES } from "./tables.ts";

/** Decoded struct ndmsg. `state` and `flags` are name lists, `type` a route type name. */
export interface NdMsg {
  family: number;
  ifindex: number;
  /** NUD_* names; [] is NUD_NONE. Encode also accepts a number. */
  state: string[];
  /** NTF_* names. Encode also accepts a number. */
  flags: string[];
  /** RTN_* name ("unspec", "unicast", ...) or the number when unnamed. */
  type: string | number;
  /** Reserved bytes, present only when non-zero on the wire. */
  pad1?: number;
  pad2?: number;
}

/** sizeof(struct ndmsg). */
export const NDMSG_SIZE = 12;

/** The ndmsg fixed-header codec. */
export const ndmsg: FixedHeader<NdMsg> = {
  name: "ndmsg",
  size: NDMSG_SIZE,
  decode(buf, dv, off) {
    const h: NdMsg = {
      family: buf[off]!,
      ifindex: dv.getInt32(off + 4, HOST_LE),
      state: NUD_STATES.names(dv.getUint16(off + 8, HOST_LE)),
      flags: NTF_FLAGS.names(buf[off + 10]!),
      type: NEIGH_TYPES.name(buf[off + 11]!),
    };
    const pad1 = buf[off + 1]!;
    const pad2 = dv.getUint16(off + 2, HOST_LE);
    if (pad1 !== 0) h.pad1 = pad1;
    if (pad2 !== 0) h.pad2 = pad2;
    return h;
  },
  encode(w: NlWriter, h: NdMsg, path: string) {
    const state = h.state === undefined ? 0 : NUD_STATES.value(h.state, `${path}.state`);
    if (state > 0xffff) throw new RangeError(`${path}.state: ${state} does not fit in 16 bits`);
    const flags = h.flags === undefined ? 0 : NTF_FLAGS.value(h.flags, `${path}.flags`);
    if (flags > 0xff) throw new RangeError(`${path}.flags: ${flags} does not fit in 8 bits`);
    w.u8(headerInt(h.family, 0, 0xff, `${path}.family`));
    w.u8(headerInt(h.pad1, 0, 0xff, `${path}.pad1`));
    w.u16(headerInt(h.pad2, 0, 0xffff, `${path}.pad2`));
    w.s32(headerInt(h.ifindex, -0x80000000, 0x7fffffff, `${path}.ifindex`));
    w.u16(state);
    w.u8(flags);
    w.u8(h.type === undefined ? 0 : NEIGH_TYPES.value(h.type, `${path}.type`, 0xff));
  },
};
