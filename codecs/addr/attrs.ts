/**
 * The rt-addr spec's addr-attrs (IFA_*, linux/if_addr.h) as an attribute
 * set, and struct ifa_cacheinfo.
 *
 *   ifa_cacheinfo: 0           4           8           12          16
 *                  +-----------+-----------+-----------+-----------+
 *                  | prefered  | valid     | cstamp    | tstamp    |
 *                  +-----------+-----------+-----------+-----------+
 *   lifetimes in seconds, 0xffffffff = forever; stamps in 1/100 s since boot.
 */
import { attrSet } from "../core/attrset.ts";
import { DecodeError } from "../core/errors.ts";
import { custom, enumField, flagsField, s32, string, u32, type Field } from "../core/fields.ts";
import { fromHex, toHex } from "../core/hex.ts";
import { struct, structField } from "../core/struct.ts";
import { formatIP, formatIPv4, parseIP, parseIPv4 } from "../ip/index.ts";
import { ADDR_FLAGS, ADDR_PROTOCOLS } from "./tables.ts";

/** IFA_* attribute numbers. linux/if_addr.h */
export const IFA = {
  UNSPEC: 0, ADDRESS: 1, LOCAL: 2, LABEL: 3, BROADCAST: 4, ANYCAST: 5, CACHEINFO: 6,
  MULTICAST: 7, FLAGS: 8, RT_PRIORITY: 9, TARGET_NETNSID: 10, PROTO: 11,
} as const;

/** A lifetime of 0xffffffff seconds means "forever" (INFINITY_LIFE_TIME in the kernel). */
export const INFINITY_LIFE_TIME = 0xffffffff;

/** struct ifa_cacheinfo (linux/if_addr.h): exactly 16 bytes. */
export const ifaCacheinfo = struct("ifa_cacheinfo", [
  ["preferred", "u32"],
  ["valid", "u32"],
  ["cstamp", "u32"],
  ["tstamp", "u32"],
] as const);

/** The decoded struct ifa_cacheinfo. */
export type IfaCacheinfo = ReturnType<typeof ifaCacheinfo.decode>;

const HEX_ADDR = /^0x(?:[0-9a-f]{2})*$/;

/**
 * A protocol address (spec type binary, display hint ipv4-or-v6): 4 or 16
 * bytes read as IPv4/IPv6 text; any other length (AF_MCTP, AF_PHONET... use
 * 1-byte addresses in the same messages) is kept as "0x" + hex so nothing
 * is lost. Encoding accepts either form.
 */
export function protoAddr(type: number): Field<string> {
  return custom<string>(type, (b, _dv, off, len) => (len === 4 || len === 16 ? formatIP(b, off, len) : "0x" + toHex(b, off, len)),
    (w, v, path) => {
      if (typeof v === "string" && HEX_ADDR.test(v)) w.bytes(fromHex(v.slice(2), path));
      else w.bytes(parseIP(v, path).bytes);
    });
}

/** An IPv4 address carried as a network-order u32 (IFA_BROADCAST): exactly 4 bytes. */
export function ipv4Addr(type: number): Field<string> {
  return custom<string>(type, (b, _dv, off, len, path) => {
    if (len !== 4) throw new DecodeError(`IPv4 address needs 4 bytes, got ${len}`, path, off);
    return formatIPv4(b, off);
  }, (w, v, path) => w.bytes(parseIPv4(v, path)));
}

/** addr-attrs (rt-addr spec), keys in camelCase of the spec names. */
export const addrAttrs = attrSet("addr-attrs", () => ({
  address: protoAddr(IFA.ADDRESS),
  local: protoAddr(IFA.LOCAL),
  /** No length limit here, so any label the kernel sends re-encodes; the API checks IFNAMSIZ - 1. */
  label: string(IFA.LABEL),
  broadcast: ipv4Addr(IFA.BROADCAST),
  anycast: protoAddr(IFA.ANYCAST),
  cacheinfo: structField(IFA.CACHEINFO, ifaCacheinfo),
  multicast: protoAddr(IFA.MULTICAST),
  /** The 32-bit IFA_FLAGS; when present the kernel ignores ifaddrmsg.ifa_flags. */
  flags: flagsField(IFA.FLAGS, 4, ADDR_FLAGS),
  /** Metric of the prefix route the kernel adds for the address. */
  rtPriority: u32(IFA.RT_PRIORITY),
  /** Spec type binary; the kernel's policy is NLA_S32 (net/ipv4/devinet.c, net/ipv6/addrconf.c). */
  targetNetnsid: s32(IFA.TARGET_NETNSID),
  proto: enumField(IFA.PROTO, 1, ADDR_PROTOCOLS),
}));

/** The decoded addr-attrs. */
export type AddrAttrs = typeof addrAttrs._type;
