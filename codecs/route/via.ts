/**
 * RTA_VIA: struct rtvia (linux/rtnetlink.h), a gateway of another address
 * family than the route's (an IPv6 next hop for an IPv4 route, RFC 5549).
 *
 *   0                2
 *   +----------------+------------------------------+
 *   | rtvia_family   | rtvia_addr[] (rest of the    |
 *   | (u16, AF_*)    | attribute)                   |
 *   +----------------+------------------------------+
 *
 * Decodes to `{ family, address }`: the address as text for AF_INET (4
 * bytes) and AF_INET6 (16 bytes), as hex for any other family but AF_MPLS
 * (AF_PACKET link-layer addresses...). An AF_INET/AF_INET6 address of
 * the wrong length is a DecodeError. AF_MPLS addresses are label stacks in
 * iproute2's "200/300" text (hex when text would lose bits, see mpls.ts).
 */
import { HOST_LE } from "../core/align.ts";
import { DecodeError } from "../core/errors.ts";
import { custom, type Field } from "../core/fields.ts";
import { fromHex, toHex } from "../core/hex.ts";
import { AF_INET, AF_INET6, AF_MPLS, formatIP, parseIP } from "../ip/index.ts";
import { formatLabels, parseLabels } from "./mpls.ts";

/** A decoded struct rtvia. */
export interface RtVia {
  /** Address family number (AF_INET 2, AF_INET6 10, AF_MPLS 28, AF_PACKET 17...). */
  family: number;
  /** Text form for IPv4/IPv6, hex for other families. */
  address: string;
}

/** Decode an rtvia payload of `len` bytes at `off`. */
export function decodeVia(b: Uint8Array, dv: DataView, off: number, len: number, path: string): RtVia {
  if (len < 2) throw new DecodeError(`rtvia needs at least 2 bytes, got ${len}`, path, off);
  const family = dv.getUint16(off, HOST_LE);
  const n = len - 2;
  if (family === AF_INET || family === AF_INET6) {
    const want = family === AF_INET ? 4 : 16;
    if (n !== want) throw new DecodeError(`rtvia address of family ${family} needs ${want} bytes, got ${n}`, path, off + 2);
    return { family, address: formatIP(b, off + 2, n) };
  }
  if (family === AF_MPLS) return { family, address: formatLabels(b, dv, off + 2, n) };
  return { family, address: toHex(b, off + 2, n) };
}

/** The RTA_VIA field. */
export function viaField(type: number): Field<RtVia> {
  return custom<RtVia>(type, decodeVia, (w, v, path) => {
    if (v === null || typeof v !== "object") throw new TypeError(`${path}: expected { family, address }`);
    const { family, address } = v;
    if (typeof family !== "number" || !Number.isInteger(family) || family < 0 || family > 0xffff) {
      throw new RangeError(`${path}.family: ${String(family)} is not an address family number`);
    }
    let bytes: Uint8Array;
    if (family === AF_INET || family === AF_INET6) {
      const ip = parseIP(address, `${path}.address`);
      if (ip.family !== family) throw new TypeError(`${path}.address: ${JSON.stringify(address)} is not an address of family ${family}`);
      bytes = ip.bytes;
    } else if (family === AF_MPLS) {
      bytes = parseLabels(address, `${path}.address`);
    } else {
      bytes = fromHex(address, `${path}.address`);
    }
    w.u16(family);
    w.bytes(bytes);
  });
}
