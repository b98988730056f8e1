/**
 * struct if_stats_msg (linux/if_link.h), the fixed header of RTM_NEWSTATS,
 * RTM_GETSTATS and RTM_SETSTATS:
 *
 *   0        1        2                 4                                   8
 *   +--------+--------+-----------------+-----------------------------------+
 *   | family | pad1   | pad2 (u16)      | ifindex (u32)                     |
 *   +--------+--------+-----------------+-----------------------------------+
 *   | filter_mask (u32)                 |  then IFLA_STATS_* attributes       8..12
 *   +-----------------------------------+
 *
 * filter_mask has bit IFLA_STATS_FILTER_BIT(n) = 1 << (n - 1) for each
 * top-level IFLA_STATS_* group asked for (a request) or present (an
 * answer). ifindex 0 in a dump request means every device. The pad bytes
 * are zero on the wire; a non-zero value is kept (pad1/pad2) so decoding
 * stays lossless.
 */
import { HOST_LE } from "../core/align.ts";
import { headerInt, type FixedHeader } from "../core/message.ts";

/** Decoded struct if_stats_msg. */
export interface IfStatsMsg {
  family: number;
  ifindex: number;
  /** IFLA_STATS_FILTER_BIT(IFLA_STATS_*) bits. */
  filterMask: number;
  /** Reserved bytes, present only when non-zero on the wire. */
  pad1?: number;
  pad2?: number;
}

/** sizeof(struct if_stats_msg). */
export const IF_STATS_MSG_SIZE = 12;

/** The if_stats_msg fixed-header codec. */
export const ifStatsMsg: FixedHeader<IfStatsMsg> = {
  name: "if_stats_msg",
  size: IF_STATS_MSG_SIZE,
  decode(buf, dv, off) {
    const h: IfStatsMsg = { family: buf[off]!, ifindex: dv.getUint32(off + 4, HOST_LE), filterMask: dv.getUint32(off + 8, HOST_LE) };
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
    w.u32(headerInt(h.ifindex, 0, 0xffffffff, `${path}.ifindex`));
    w.u32(headerInt(h.filterMask, 0, 0xffffffff, `${path}.filterMask`));
  },
};
