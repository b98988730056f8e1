/**
 * One link's index, name and up-ness by a single RTM_GETLINK (by index or
 * by IFLA_IFNAME, statistics skipped), reading only the ifinfomsg and
 * IFLA_IFNAME of the answer so callers that only need names (ip's ll_map:
 * route, neighbour, rule listings) do not load the link codec.
 */
import { HOST_LE } from "../../../codecs/core/align.ts";
import { decodeString } from "../../../codecs/core/fields.ts";
import { RTM } from "../../../codecs/rtnetlink.ts";
import type { NetlinkConnection } from "../../conn/connection.ts";
import { NetlinkError } from "../../conn/errors.ts";

const IFLA_IFNAME = 3;
const IFLA_EXT_MASK = 29;
const RTEXT_FILTER_SKIP_STATS = 1 << 3;
const IFF_UP = 1;

/** What `lookupLink` finds. */
export interface LinkRef {
  index: number;
  name: string;
  /** IFF_UP is set. */
  up: boolean;
}

/**
 * The link with this index or name, or null when the kernel has none
 * (ENODEV; EINVAL/ERANGE for an index or name it cannot take). The request
 * is ip's ll_link_get one: an ifinfomsg with the index (0 for a name),
 * IFLA_IFNAME for a name, IFLA_EXT_MASK skipping statistics.
 */
export function lookupLink(conn: NetlinkConnection, ref: number | string): LinkRef | null {
  let found: LinkRef | null = null;
  try {
    conn.raw(RTM.GETLINK, 0, (w) => {
      w.u8(0); w.u8(0); w.u16(0); // ifi_family, pad, ifi_type
      w.s32(typeof ref === "number" ? ref : 0);
      w.u32(0); w.u32(0); // ifi_flags, ifi_change
      if (typeof ref === "string") w.attrString(IFLA_IFNAME, ref);
      w.attrU32(IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
    }, (buf, dv, p, end, type) => {
      if (type !== RTM.NEWLINK || end - p < 16) return;
      const index = dv.getInt32(p + 4, HOST_LE);
      const up = (dv.getUint32(p + 8, HOST_LE) & IFF_UP) !== 0;
      for (let off = p + 16; off + 4 <= end;) {
        const len = dv.getUint16(off, HOST_LE);
        if (len < 4 || off + len > end) break;
        if ((dv.getUint16(off + 2, HOST_LE) & 0x3fff) === IFLA_IFNAME) {
          let e = off + len;
          if (e > off + 4 && buf[e - 1] === 0) e--;
          found = { index, name: decodeString(buf, off + 4, e), up };
          break;
        }
        off += (len + 3) & ~3;
      }
    });
  } catch (e) {
    if (e instanceof NetlinkError && (e.code === "ENODEV" || e.code === "EINVAL" || e.code === "ERANGE")) return null;
    throw e;
  }
  return found;
}
