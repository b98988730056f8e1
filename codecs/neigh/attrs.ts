/**
 * The neighbour attribute set (NDA_*, linux/neighbour.h; numbers and types
 * from rt-neigh.yaml neighbour-attrs), shared by ARP/NDP entries and bridge
 * FDB entries (AF_BRIDGE). Departures from the spec's plain types, each
 * following what the kernel really puts on the wire:
 * - NDA_DST is an IPv4/IPv6 address (4 or 16 bytes), formatted as text;
 * - NDA_LLADDR is a hardware address of dev->addr_len bytes, which is 0 for
 *   devices without one (the kernel then sends an empty attribute: "");
 * - NDA_PORT is big-endian (vxlan UDP port, nla_get_be16 in the kernel);
 * - NDA_FDB_EXT_ATTRS is a nest of NFEA_* (br_fdb.c uses nla_nest_start);
 * - NDA_NDM_STATE_MASK / NDA_NDM_FLAGS_MASK decode to state/flag names;
 * - NDA_PROTOCOL decodes to its RTPROT_* name ("static"), as ip prints it.
 */
import { attrSet, nest, NESTED } from "../core/attrset.ts";
import { custom, enumField, flag, flagsField, ipAddr, s32, u16, u16be, u32 } from "../core/fields.ts";
import { struct, structField } from "../core/struct.ts";
import { formatMAC, MAX_ADDR_LEN, parseMAC } from "../ip/index.ts";
import { DecodeError } from "../core/errors.ts";
import { RT_PROTOCOLS } from "../rule/tables.ts";
import { FDB_NOTIFY_FLAGS, NTF_EXT_FLAGS, NTF_FLAGS, NUD_STATES } from "./tables.ts";

/** NDA_* attribute numbers. neighbour.h */
export const NDA = {
  DST: 1, LLADDR: 2, CACHEINFO: 3, PROBES: 4, VLAN: 5, PORT: 6, VNI: 7, IFINDEX: 8, MASTER: 9,
  LINK_NETNSID: 10, SRC_VNI: 11, PROTOCOL: 12, NH_ID: 13, FDB_EXT_ATTRS: 14, FLAGS_EXT: 15,
  NDM_STATE_MASK: 16, NDM_FLAGS_MASK: 17,
} as const;

/** struct nda_cacheinfo: ages in jiffies (USER_HZ) since confirmed/used/updated, and the refcount. neighbour.h */
export const ndaCacheinfo = struct("nda_cacheinfo", [
  ["confirmed", "u32"], ["used", "u32"], ["updated", "u32"], ["refcnt", "u32"],
] as const);

/** NFEA_* attributes nested in NDA_FDB_EXT_ATTRS. neighbour.h */
export const fdbExtAttrs = attrSet("neigh.fdbExtAttrs", () => ({
  activityNotify: flagsField(1, 1, FDB_NOTIFY_FLAGS),
  dontRefresh: flag(2),
}));

/**
 * Hardware address of 0..MAX_ADDR_LEN (32) bytes, "" for the empty address
 * the kernel sends for devices with addr_len 0 (parseMAC alone would refuse
 * it in both directions). Longer payloads cannot come from a net_device.
 */
const hwAddr = (type: number) => custom<string>(type, (b, _dv, off, len, path) => {
  if (len > MAX_ADDR_LEN) throw new DecodeError(`link-layer address of ${len} bytes is longer than MAX_ADDR_LEN (${MAX_ADDR_LEN})`, path, off);
  return formatMAC(b, off, len);
}, (w, v, path) => {
  if (v === "") return;
  w.bytes(parseMAC(v, path));
});

/** NDA_* attributes of RTM_NEWNEIGH/DELNEIGH/GETNEIGH; fixed-size types are length-checked on decode. */
export const neighAttrs = attrSet("neigh", () => ({
  dst: ipAddr(NDA.DST),
  lladdr: hwAddr(NDA.LLADDR),
  cacheinfo: structField(NDA.CACHEINFO, ndaCacheinfo),
  probes: u32(NDA.PROBES),
  vlan: u16(NDA.VLAN),
  port: u16be(NDA.PORT),
  vni: u32(NDA.VNI),
  ifindex: u32(NDA.IFINDEX),
  master: u32(NDA.MASTER),
  linkNetnsid: s32(NDA.LINK_NETNSID),
  srcVni: u32(NDA.SRC_VNI),
  protocol: enumField(NDA.PROTOCOL, 1, RT_PROTOCOLS),
  nhId: u32(NDA.NH_ID),
  fdbExtAttrs: nest(NDA.FDB_EXT_ATTRS, fdbExtAttrs, { wireFlags: NESTED }),
  flagsExt: flagsField(NDA.FLAGS_EXT, 4, NTF_EXT_FLAGS),
  ndmStateMask: flagsField(NDA.NDM_STATE_MASK, 2, NUD_STATES),
  ndmFlagsMask: flagsField(NDA.NDM_FLAGS_MASK, 1, NTF_FLAGS),
}));

/** The decoded neighbour attributes. */
export type NeighAttrs = typeof neighAttrs._type;
