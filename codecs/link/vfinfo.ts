/**
 * IFLA_VFINFO_LIST (the SR-IOV virtual functions of a link): a list of
 * IFLA_VF_INFO nests whose members are fixed structs (linux/if_link.h,
 * enum IFLA_VF_*, struct ifla_vf_mac, ifla_vf_vlan, ifla_vf_tx_rate, ...).
 * The link attribute set keeps the list as opaque bytes (attrs.ts
 * `vfinfoList`, a hex string); this decodes those bytes for printers.
 * Every struct starts with the u32 VF number; a member whose payload is
 * shorter than its struct is left out. The per-VF counters (IFLA_VF_STATS)
 * and the InfiniBand GUIDs (IFLA_VF_IB_NODE_GUID, IFLA_VF_IB_PORT_GUID) are
 * not decoded.
 */
import { HOST_LE } from "../core/align.ts";
import { DecodeError } from "../core/errors.ts";
import { fromHex } from "../core/hex.ts";

/** enum IFLA_VF_* (linux/if_link.h). */
export const IFLA_VF = {
  MAC: 1, VLAN: 2, TX_RATE: 3, SPOOFCHK: 4, LINK_STATE: 5, RATE: 6, RSS_QUERY_EN: 7, STATS: 8,
  TRUST: 9, IB_NODE_GUID: 10, IB_PORT_GUID: 11, VLAN_LIST: 12, BROADCAST: 13,
} as const;

/** One entry of IFLA_VF_VLAN_LIST (struct ifla_vf_vlan_info); `proto` is the ethertype. */
export interface VfVlan {
  vlan: number;
  qos: number;
  proto: number;
}

/** One IFLA_VF_INFO, its members as the kernel sent them (32-byte address fields kept whole). */
export interface VfInfo {
  /** ifla_vf_mac.vf (the VF number), and its 32 address bytes. */
  vf?: number;
  mac?: Uint8Array;
  /** ifla_vf_broadcast.broadcast (32 bytes). */
  broadcast?: Uint8Array;
  /** ifla_vf_vlan (the single VLAN of older kernels). */
  vlan?: { vlan: number; qos: number };
  /** IFLA_VF_VLAN_LIST entries. */
  vlanList?: VfVlan[];
  /** ifla_vf_tx_rate.rate, Mbps. */
  txRate?: number;
  /** ifla_vf_rate, Mbps. */
  rate?: { min: number; max: number };
  /** Settings as signed u32 (-1: not reported): spoofchk, trust, rss query. */
  spoofchk?: number;
  trust?: number;
  rssQueryEn?: number;
  /** ifla_vf_link_state.link_state (0 auto, 1 enable, 2 disable). */
  linkState?: number;
}

/** Walk the attributes of `b[off, end)`: (type without flags, payload offset, payload length). */
function eachAttr(b: Uint8Array, dv: DataView, off: number, end: number, path: string, f: (type: number, at: number, len: number) => void): void {
  while (off + 4 <= end) {
    const len = dv.getUint16(off, HOST_LE);
    if (len < 4 || off + len > end) throw new DecodeError(`attribute length ${len} runs past its nest`, path, off);
    f(dv.getUint16(off + 2, HOST_LE) & 0x3fff, off + 4, len - 4);
    off += (len + 3) & ~3;
  }
}

function decodeOne(b: Uint8Array, dv: DataView, off: number, end: number): VfInfo {
  const vf: VfInfo = {};
  const u32 = (at: number) => dv.getUint32(at, HOST_LE);
  const s32 = (at: number) => dv.getInt32(at, HOST_LE);
  eachAttr(b, dv, off, end, "vfinfoList.vfInfo", (type, at, len) => {
    switch (type) {
      case IFLA_VF.MAC: if (len >= 36) { vf.vf = u32(at); vf.mac = b.slice(at + 4, at + 36); } break;
      case IFLA_VF.BROADCAST: if (len >= 32) vf.broadcast = b.slice(at, at + 32); break;
      case IFLA_VF.VLAN: if (len >= 12) vf.vlan = { vlan: u32(at + 4), qos: u32(at + 8) }; break;
      case IFLA_VF.VLAN_LIST: {
        const list: VfVlan[] = [];
        eachAttr(b, dv, at, at + len, "vfinfoList.vfInfo.vlanList", (_t, i, l) => {
          if (l >= 14) list.push({ vlan: u32(i + 4), qos: u32(i + 8), proto: dv.getUint16(i + 12, false) });
        });
        vf.vlanList = list;
        break;
      }
      case IFLA_VF.TX_RATE: if (len >= 8) vf.txRate = u32(at + 4); break;
      case IFLA_VF.RATE: if (len >= 12) vf.rate = { min: u32(at + 4), max: u32(at + 8) }; break;
      case IFLA_VF.SPOOFCHK: if (len >= 8) vf.spoofchk = s32(at + 4); break;
      case IFLA_VF.TRUST: if (len >= 8) vf.trust = s32(at + 4); break;
      case IFLA_VF.RSS_QUERY_EN: if (len >= 8) vf.rssQueryEn = s32(at + 4); break;
      case IFLA_VF.LINK_STATE: if (len >= 8) vf.linkState = u32(at + 4); break;
    }
  });
  return vf;
}

/** Decode the payload of IFLA_VFINFO_LIST (as the link codec keeps it: a hex string) into its IFLA_VF_INFO entries, in order. */
export function decodeVfInfoList(hex: string): VfInfo[] {
  const b = fromHex(hex, "vfinfoList");
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: VfInfo[] = [];
  eachAttr(b, dv, 0, b.length, "vfinfoList", (type, at, len) => {
    if (type === 1) out.push(decodeOne(b, dv, at, at + len)); // IFLA_VF_INFO
  });
  return out;
}
