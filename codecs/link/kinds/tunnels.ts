/**
 * IP tunnel data: GRE family (IFLA_GRE_*, kinds gre, gretap, erspan,
 * ip6gre, ip6gretap, ip6erspan), ipip/sit (IFLA_IPTUN_*), ip6tnl (the
 * IFLA_IPTUN_* numbers with 32-bit host-order flags), vti/vti6
 * (IFLA_VTI_*). Numbers and byte orders from the rt-link spec
 * (`linkinfo-gre-attrs`, `linkinfo-iptun-attrs`, `linkinfo-ip6tnl-attrs`,
 * `linkinfo-vti-attrs`) and linux/if_tunnel.h. Addresses are 4 or 16 bytes
 * as the kind dictates; GRE i/o flags (GRE_CSUM, GRE_KEY, GRE_SEQ) and keys
 * are big-endian.
 */
import { attrSet } from "../../core/attrset.ts";
import { flag, ipAddr, u16, u16be, u32, u32be, u8 } from "../../core/fields.ts";
import { ipOf } from "../fields.ts";

/** GRE_* bits of IFLA_GRE_IFLAGS / OFLAGS, as numbers after big-endian decoding (linux/if_tunnel.h). */
export const GRE_FLAGS = { csum: 0x8000, routing: 0x4000, key: 0x2000, seq: 0x1000 } as const;

/** IFLA_GRE_* (gre, gretap, erspan, ip6gre, ip6gretap, ip6erspan). */
export const greData = attrSet("gre", () => ({
  link: u32(1),
  iflags: u16be(2),
  oflags: u16be(3),
  ikey: u32be(4),
  okey: u32be(5),
  local: ipAddr(6),
  remote: ipAddr(7),
  ttl: u8(8),
  tos: u8(9),
  pmtudisc: u8(10),
  encapLimit: u8(11),
  flowinfo: u32be(12),
  flags: u32(13),
  encapType: u16(14),
  encapFlags: u16(15),
  encapSport: u16be(16),
  encapDport: u16be(17),
  collectMetadata: flag(18),
  ignoreDf: u8(19),
  fwmark: u32(20),
  erspanIndex: u32(21),
  erspanVer: u8(22),
  erspanDir: u8(23),
  erspanHwid: u16(24),
}));

const iptunCommon = () => ({
  link: u32(1),
  local: ipAddr(2),
  remote: ipAddr(3),
  ttl: u8(4),
  tos: u8(5),
  encapLimit: u8(6),
  flowinfo: u32be(7),
  flags: u16be(8),
  proto: u8(9),
  pmtudisc: u8(10),
  "6rdPrefix": ipOf(11, 16),
  "6rdRelayPrefix": ipOf(12, 4),
  "6rdPrefixlen": u16(13),
  "6rdRelayPrefixlen": u16(14),
  encapType: u16(15),
  encapFlags: u16(16),
  encapSport: u16be(17),
  encapDport: u16be(18),
  collectMetadata: flag(19),
  fwmark: u32(20),
});

/** IFLA_IPTUN_* (ipip, sit). */
export const iptunData = attrSet("iptun", iptunCommon);

/** IFLA_IPTUN_* as ip6tnl uses them: IFLA_IPTUN_FLAGS is a host-order u32 there. */
export const ip6tnlData = attrSet("ip6tnl", () => ({ ...iptunCommon(), flags: u32(8) }));

/** IFLA_VTI_* (vti, vti6). */
export const vtiData = attrSet("vti", () => ({
  link: u32(1),
  ikey: u32be(2),
  okey: u32be(3),
  local: ipAddr(4),
  remote: ipAddr(5),
  fwmark: u32(6),
}));

/** Decoded GRE data. */
export type GreData = ReturnType<typeof greData.decode>;
/** Decoded ipip/sit data. */
export type IptunData = ReturnType<typeof iptunData.decode>;
/** Decoded ip6tnl data. */
export type Ip6tnlData = ReturnType<typeof ip6tnlData.decode>;
