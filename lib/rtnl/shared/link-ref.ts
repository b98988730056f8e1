/**
 * One link's index, name and up-ness by a single RTM_GETLINK (by index or
 * by IFLA_IFNAME, statistics skipped), reading only the ifinfomsg and
 * IFLA_IFNAME of the answer (its request and answer layout in lookupCodec) so callers that only need names (ip's ll_map:
 * route, neighbour, rule listings) do not load the link codec.
 */
import { HOST_LE } from "../../../codecs/core/align.ts";
import { decodeString } from "../../../codecs/core/fields.ts";
import { RTM } from "../../../codecs/rtnetlink.ts";
import type { MessageCodec } from "../../../codecs/core/message.ts";
import type { NetlinkConnection } from "../../conn/connection.ts";
import { NetlinkError } from "../../conn/errors.ts";

const IFLA_IFNAME = 3;
const IFLA_ALT_IFNAME = 53;
const IFLA_EXT_MASK = 29;
const RTEXT_FILTER_VF = 1 << 0;
const RTEXT_FILTER_SKIP_STATS = 1 << 3;
const IFF_UP = 1;

/** What `lookupLink` finds. */
export interface LinkRef {
  index: number;
  name: string;
  /** IFF_UP is set. */
  up: boolean;
}

/** ip's ll_link_get request (an ifinfomsg with the index, IFLA_EXT_MASK, IFLA_IFNAME for a name) and its answer's index, name, up-ness. */
const lookupCodec: MessageCodec<{ ref: number | string; found?: LinkRef }> = {
  name: "link-lookup",
  encode(w, { ref }) {
    w.u8(0); w.u8(0); w.u16(0); // ifi_family, pad, ifi_type
    w.s32(typeof ref === "number" ? ref : 0);
    w.u32(0); w.u32(0); // ifi_flags, ifi_change
    w.attrU32(IFLA_EXT_MASK, RTEXT_FILTER_VF | RTEXT_FILTER_SKIP_STATS);
    // ip's check_ifname: a name the kernel could not give a link (16 bytes or more, "/" or white space) is an altname
    if (typeof ref === "string") w.attrString(isIfName(ref) ? IFLA_IFNAME : IFLA_ALT_IFNAME, ref);
  },
  decode(buf, dv, p, end) {
    if (end - p < 16) return { ref: 0 };
    const index = dv.getInt32(p + 4, HOST_LE);
    const up = (dv.getUint32(p + 8, HOST_LE) & IFF_UP) !== 0;
    for (let off = p + 16; off + 4 <= end;) {
      const len = dv.getUint16(off, HOST_LE);
      if (len < 4 || off + len > end) break;
      if ((dv.getUint16(off + 2, HOST_LE) & 0x3fff) === IFLA_IFNAME) {
        let e = off + len;
        if (e > off + 4 && buf[e - 1] === 0) e--;
        return { ref: index, found: { index, name: decodeString(buf, off + 4, e), up } };
      }
      off += (len + 3) & ~3;
    }
    return { ref: index };
  },
};

/** iproute2's check_ifname: 1..15 bytes, no "/" and no white space. */
export function isIfName(name: string): boolean {
  return name !== "" && new TextEncoder().encode(name).length < 16 && !/[\/\s]/.test(name);
}

/**
 * The link with this index or name (or alternative name), or null when the kernel has none
 * (ENODEV; EINVAL/ERANGE for an index or name it cannot take). The request
 * is ip 6.1's ll_link_get one byte for byte: NLM_F_REQUEST without ACK, an
 * ifinfomsg with the index (0 for a name), IFLA_EXT_MASK (RTEXT_FILTER_VF |
 * RTEXT_FILTER_SKIP_STATS), then IFLA_IFNAME for a name.
 */
export function lookupLink(conn: NetlinkConnection, ref: number | string): LinkRef | null {
  try {
    return conn.get(RTM.GETLINK, lookupCodec, { ref }).found ?? null;
  } catch (e) {
    if (e instanceof NetlinkError && (e.code === "ENODEV" || e.code === "EINVAL" || e.code === "ERANGE")) return null;
    throw e;
  }
}
