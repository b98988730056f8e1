/**
 * struct nhmsg (linux/nexthop.h), the fixed header of RTM_NEWNEXTHOP /
 * RTM_DELNEXTHOP / RTM_GETNEXTHOP.
 *
 *   0        1        2        3        4                 8
 *   +--------+--------+--------+--------+-----------------+
 *   | family | scope  |protocol| resvd  | flags (u32)     |
 *   +--------+--------+--------+--------+-----------------+
 *
 * scope is filled in by the kernel on answers ("return only"); protocol
 * uses the route protocol names; flags are RTNH_F_* names; resvd must be
 * zero on requests but is kept as read.
 */
import { HOST_LE } from "../core/align.ts";
import type { FixedHeader } from "../core/message.ts";
import { headerInt } from "../core/message.ts";
import type { NlWriter } from "../core/writer.ts";
import { RT_SCOPE, RTNH_F, RTPROT } from "../route/tables.ts";

/** sizeof(struct nhmsg). */
export const NHMSG_SIZE = 8;

/** The decoded nhmsg. */
export interface NhMsg {
  /** AF_INET, AF_INET6, or AF_UNSPEC for blackhole nexthops and groups. */
  family: number;
  scope: string | number;
  protocol: string | number;
  resvd: number;
  flags: string[];
}

/** Read the nhmsg at `off` (8 bytes must be available). */
export function decodeNhMsg(buf: Uint8Array, dv: DataView, off: number): NhMsg {
  return {
    family: buf[off]!,
    scope: RT_SCOPE.name(buf[off + 1]!),
    protocol: RTPROT.name(buf[off + 2]!),
    resvd: buf[off + 3]!,
    flags: RTNH_F.names(dv.getUint32(off + 4, HOST_LE)),
  };
}

/** Write an 8-byte nhmsg; members default to 0 and errors name the member. */
export function encodeNhMsg(w: NlWriter, h: Partial<NhMsg>, path: string): void {
  const family = headerInt(h.family, 0, 0xff, `${path}.family`);
  const scope = h.scope === undefined ? 0 : RT_SCOPE.value(h.scope, `${path}.scope`, 0xff);
  const protocol = h.protocol === undefined ? 0 : RTPROT.value(h.protocol, `${path}.protocol`, 0xff);
  const resvd = headerInt(h.resvd, 0, 0xff, `${path}.resvd`);
  const flags = h.flags === undefined ? 0 : RTNH_F.value(h.flags, `${path}.flags`);
  w.u8(family);
  w.u8(scope);
  w.u8(protocol);
  w.u8(resvd);
  w.u32(flags);
}

/** The nhmsg as a FixedHeader for messageCodec. */
export const nhmsgHeader: FixedHeader<NhMsg> = {
  name: "nhmsg",
  size: NHMSG_SIZE,
  decode: decodeNhMsg,
  encode: (w, h, path) => encodeNhMsg(w, h, path),
};
