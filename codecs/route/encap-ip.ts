/**
 * IP and IPv6 tunnel-metadata encapsulation (RTA_ENCAP payload when
 * RTA_ENCAP_TYPE is LWTUNNEL_ENCAP_IP or LWTUNNEL_ENCAP_IP6): the
 * LWTUNNEL_IP_* and LWTUNNEL_IP6_* attributes of linux/lwtunnel.h, as
 * `ip route add ... encap ip id 1 dst 192.0.2.9 ttl 3 key` writes them.
 *
 * The route codec keeps these payloads as hex (encap.ts types only mpls
 * and seg6, so what the library returns and accepts is unchanged); this
 * set decodes such a payload for readers that print it (iproute2's
 * print_encap_ip / print_encap_ip6). The tunnel id is big-endian on the
 * wire (ip prints ntohll of it), the flags a big-endian u16 of
 * linux/if_tunnel.h's TUNNEL_CSUM 0x01, TUNNEL_KEY 0x04, TUNNEL_SEQ 0x08.
 * LWTUNNEL_IP_OPTS (geneve/vxlan/erspan options) is kept as hex.
 */
import { attrSet } from "../core/attrset.ts";
import { DecodeError } from "../core/errors.ts";
import { binary, custom, ipAddr, u16be, u8, type Field } from "../core/fields.ts";
import { fromHex } from "../core/hex.ts";

/** A big-endian u64 (LWTUNNEL_IP_ID, a tunnel key in network order). */
const be64 = (type: number): Field<bigint> => custom<bigint>(type, (_b, dv, off, len, path) => {
  if (len !== 8) throw new DecodeError(`be64 needs 8 bytes, got ${len}`, path, off);
  return dv.getBigUint64(off, false);
}, (w, v, path) => {
  if (typeof v !== "bigint" || v < 0n || v > 0xffffffffffffffffn) throw new TypeError(`${path}: expected a bigint 0..2^64-1`);
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, v, false);
  w.bytes(b);
});

/** LWTUNNEL_IP_* (enum lwtunnel_ip_t): ID 1, DST 2, SRC 3, TTL 4, TOS 5, FLAGS 6, PAD 7, OPTS 8. */
export const ipEncapAttrs = attrSet("ip-encap", {
  id: be64(1),
  dst: ipAddr(2),
  src: ipAddr(3),
  ttl: u8(4),
  tos: u8(5),
  flags: u16be(6),
  opts: binary(8),
});

/** LWTUNNEL_IP6_* (enum lwtunnel_ip6_t): ID 1, DST 2, SRC 3, HOPLIMIT 4, TC 5, FLAGS 6, PAD 7, OPTS 8. */
export const ip6EncapAttrs = attrSet("ip6-encap", {
  id: be64(1),
  dst: ipAddr(2),
  src: ipAddr(3),
  hoplimit: u8(4),
  tc: u8(5),
  flags: u16be(6),
  opts: binary(8),
});

/** A decoded `encap ip` payload. */
export type IpEncap = typeof ipEncapAttrs._type;
/** A decoded `encap ip6` payload. */
export type Ip6Encap = typeof ip6EncapAttrs._type;

/** TUNNEL_* bits of the flags attribute (big-endian values, linux/if_tunnel.h). */
export const TUNNEL_FLAGS = { csum: 0x01, key: 0x04, seq: 0x08 } as const;

/** Decode an `encap ip` (v6 false) or `encap ip6` payload given as hex (the route codec's form). */
export function decodeIpEncapHex(hex: string, v6: boolean): IpEncap | Ip6Encap {
  const b = fromHex(hex, "encap");
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return (v6 ? ip6EncapAttrs : ipEncapAttrs).decode(b, dv, 0, b.length);
}
