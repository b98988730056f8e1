/**
 * struct ndtmsg (linux/neighbour.h), the fixed header of RTM_NEWNEIGHTBL,
 * RTM_GETNEIGHTBL and RTM_SETNEIGHTBL:
 *
 *   0        1        2                 4
 *   +--------+--------+-----------------+
 *   | family | pad1   | pad2 (u16)      |  then NDTA_* attributes
 *   +--------+--------+-----------------+
 *
 * family is AF_INET (arp_cache) or AF_INET6 (ndisc_cache); 0 in a request
 * means every table. The pad bytes are zero on the wire; a non-zero value
 * is kept (pad1/pad2) so decoding stays lossless.
 */
import { HOST_LE } from "../core/align.ts";
import { headerInt, type FixedHeader } from "../core/message.ts";

/** Decoded struct ndtmsg. */
export interface NdtMsg {
  family: number;
  /** Reserved bytes, present only when non-zero on the wire. */
  pad1?: number;
  pad2?: number;
}

/** sizeof(struct ndtmsg). */
export const NDTMSG_SIZE = 4;

/** The ndtmsg fixed-header codec. */
export const ndtmsg: FixedHeader<NdtMsg> = {
  name: "ndtmsg",
  size: NDTMSG_SIZE,
  decode(buf, dv, off) {
    const h: NdtMsg = { family: buf[off]! };
    const pad1 = buf[off + 1]!;
    const pad2 = dv.getUint16(off + 2, HOST_LE);
    if (pad1 !== 0) h.pad1 = pad1;
    if (pad2 !== 0) h.pad2 = pad2;
    return h;
  },
  encode(w, h, path) {
    w.u8(headerInt(h.family, 0, 0xff, `${path}.family`));
    w.u8(headerInt(h.pad1, 0, 0xff, `${path}.pad1`));
    w.u16(headerInt(h.pad2, 0, 0xffff, `${path}.pad2`));
  },
};
