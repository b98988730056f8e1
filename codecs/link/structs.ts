/**
 * Fixed structs carried in link attributes, member names from the rt-link
 * spec (camelCase) and layouts from linux/if_link.h / linux/if_bridge.h.
 * The statistics structs are flexible: kernels append counters over time
 * (rtnl_link_stats64 gained rx_otherhost_dropped in 5.19), so a longer
 * payload keeps its extra bytes in `tail` and a shorter one decodes the
 * members present.
 */
import { DecodeError } from "../core/errors.ts";
import { custom, type Field } from "../core/fields.ts";
import { struct } from "../core/struct.ts";
import { formatMAC, parseMAC } from "../ip/index.ts";

const STAT_NAMES = [
  "rxPackets", "txPackets", "rxBytes", "txBytes", "rxErrors", "txErrors", "rxDropped", "txDropped",
  "multicast", "collisions", "rxLengthErrors", "rxOverErrors", "rxCrcErrors", "rxFrameErrors",
  "rxFifoErrors", "rxMissedErrors", "txAbortedErrors", "txCarrierErrors", "txFifoErrors",
  "txHeartbeatErrors", "txWindowErrors", "rxCompressed", "txCompressed", "rxNohandler",
] as const;

/** struct rtnl_link_stats (IFLA_STATS): 24 u32 counters. linux/if_link.h */
export const rtnlLinkStats = struct("rtnl_link_stats", STAT_NAMES.map((n) => [n, "u32"] as const), { flexible: true });

const STATS64 = [...STAT_NAMES.map((n) => [n, "u64"] as const), ["rxOtherhostDropped", "u64"] as const];
/** struct rtnl_link_stats64 (IFLA_STATS64): 25 u64 counters as bigint; longer payloads keep a `tail`. linux/if_link.h */
export const rtnlLinkStats64 = struct("rtnl_link_stats64", STATS64, { flexible: true });

/**
 * struct rtnl_link_ifmap (IFLA_MAP). Its C size is 32 (u64 alignment pads
 * the 28 bytes of members); the padding is the trailing `pad` member.
 */
export const rtnlLinkIfmap = struct("rtnl_link_ifmap", [
  ["memStart", "u64"], ["memEnd", "u64"], ["baseAddr", "u64"], ["irq", "u16"], ["dma", "u8"], ["port", "u8"], ["pad", "u32"],
] as const);

/** struct ifla_cacheinfo (IFLA_INET6_CACHEINFO). linux/if_link.h */
export const iflaCacheinfo = struct("ifla_cacheinfo", [
  ["maxReasmLen", "u32"], ["tstamp", "u32"], ["reachableTime", "s32"], ["retransTime", "u32"],
] as const);

/** struct ifla_vlan_flags (IFLA_VLAN_FLAGS): flags and the mask of flags a request changes. */
export const iflaVlanFlags = struct("ifla_vlan_flags", [["flags", "u32"], ["mask", "u32"]] as const);

/** struct ifla_vlan_qos_mapping (IFLA_VLAN_QOS_MAPPING). */
export const iflaVlanQosMapping = struct("ifla_vlan_qos_mapping", [["from", "u32"], ["to", "u32"]] as const);

/** struct ifla_vxlan_port_range / ifla-geneve-port-range: two big-endian ports. */
export const portRange = struct("port_range", [["low", "be16"], ["high", "be16"]] as const);

/** struct br_boolopt_multi (IFLA_BR_MULTI_BOOLOPT). linux/if_bridge.h */
export const brBooloptMulti = struct("br_boolopt_multi", [["optval", "u32"], ["optmask", "u32"]] as const);

/** The decoded struct ifla_bridge_id: priority (the two bytes read big-endian, as iproute2 prints them) and MAC. */
export interface BridgeId {
  prio: number;
  addr: string;
}

/** struct ifla_bridge_id { u8 prio[2]; u8 addr[6]; } (IFLA_BR_ROOT_ID, IFLA_BRPORT_BRIDGE_ID, ...). */
export function bridgeId(type: number): Field<BridgeId> {
  return custom<BridgeId>(type, (b, dv, off, len, path) => {
    if (len !== 8) throw new DecodeError(`ifla_bridge_id needs 8 bytes, got ${len}`, path, off);
    return { prio: dv.getUint16(off, false), addr: formatMAC(b, off + 2, 6) };
  }, (w, v, path) => {
    if (v === null || typeof v !== "object") throw new TypeError(`${path}: expected { prio, addr }`);
    const p = v.prio;
    if (typeof p !== "number" || !Number.isInteger(p) || p < 0 || p > 0xffff) throw new RangeError(`${path}.prio: ${String(p)} is out of range 0..65535`);
    const mac = parseMAC(v.addr, `${path}.addr`);
    if (mac.length !== 6) throw new RangeError(`${path}.addr: needs 6 bytes, got ${mac.length}`);
    w.u16be(p);
    w.bytes(mac);
  });
}

/** Decoded IFLA_STATS. */
export type RtnlLinkStats = ReturnType<typeof rtnlLinkStats.decode>;
/** Decoded IFLA_STATS64 (bigint counters). */
export type RtnlLinkStats64 = ReturnType<typeof rtnlLinkStats64.decode>;
