/**
 * The link -> master map the neighbour API needs to filter by master in
 * user space, for kernels that do not filter neighbour dumps (no
 * NETLINK_GET_STRICT_CHK) and for FDB dumps, which never say they did.
 * One RTM_GETLINK dump (stats skipped), reading ifi_index and IFLA_MASTER
 * (linux/if_link.h) of each answer.
 */
import { HOST_LE } from "../../../codecs/core/align.ts";
import { RTM } from "../../../codecs/rtnetlink.ts";
import type { NetlinkConnection } from "../../conn/connection.ts";

const IFLA_MASTER = 10;
const IFLA_EXT_MASK = 29;
const RTEXT_FILTER_SKIP_STATS = 1 << 3;
const IFINFOMSG_SIZE = 16;

/** ifindex -> master ifindex for every enslaved link of the namespace. */
export function linkMasters(conn: NetlinkConnection): Map<number, number> {
  const out = new Map<number, number>();
  conn.raw(RTM.GETLINK, 0, (w) => {
    w.zeros(IFINFOMSG_SIZE);
    w.attrU32(IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
  }, (_buf, dv, payload, end, type) => {
    if (type !== RTM.NEWLINK || end - payload < IFINFOMSG_SIZE) return;
    const index = dv.getInt32(payload + 4, HOST_LE);
    for (let off = payload + IFINFOMSG_SIZE; off + 4 <= end;) {
      const len = dv.getUint16(off, HOST_LE);
      if (len < 4 || off + len > end) break;
      if ((dv.getUint16(off + 2, HOST_LE) & 0x3fff) === IFLA_MASTER && len === 8) out.set(index, dv.getUint32(off + 4, HOST_LE));
      off += (len + 3) & ~3;
    }
  }, true);
  return out;
}
