/**
 * struct rtmsg (linux/rtnetlink.h; `rtmsg` in rt-route.yaml), the fixed
 * header of RTM_NEWROUTE / RTM_DELROUTE / RTM_GETROUTE.
 *
 *   0        1        2        3        4        5        6        7        8                12
 *   +--------+--------+--------+--------+--------+--------+--------+--------+-----------------+
 *   | family | dst_len| src_len|  tos   | table  |protocol| scope  |  type  | flags (u32)     |
 *   +--------+--------+--------+--------+--------+--------+--------+--------+-----------------+
 *
 * table is the 8-bit table id (RT_TABLE_UNSPEC when the id is above 255 and
 * RTA_TABLE carries it). type, protocol, scope and table decode to names
 * (tables.ts) or stay numbers when unnamed; flags decode to RTM_F/RTNH_F names.
 */
import { HOST_LE } from "../core/align.ts";
import type { FixedHeader } from "../core/message.ts";
import { headerInt } from "../core/message.ts";
import type { NlWriter } from "../core/writer.ts";
import { RT_SCOPE, RT_TABLE, RTM_F, RTN, RTPROT } from "./tables.ts";

/** sizeof(struct rtmsg). */
export const RTMSG_SIZE = 12;

/** The decoded rtmsg. */
export interface RtMsg {
  /** AF_INET (2), AF_INET6 (10), AF_UNSPEC (0) for dumps of every family... */
  family: number;
  dstLen: number;
  srcLen: number;
  tos: number;
  table: string | number;
  protocol: string | number;
  scope: string | number;
  type: string | number;
  flags: string[];
}

/** Read the rtmsg at `off` (12 bytes must be available). */
export function decodeRtMsg(buf: Uint8Array, dv: DataView, off: number): RtMsg {
  return {
    family: buf[off]!,
    dstLen: buf[off + 1]!,
    srcLen: buf[off + 2]!,
    tos: buf[off + 3]!,
    table: RT_TABLE.name(buf[off + 4]!),
    protocol: RTPROT.name(buf[off + 5]!),
    scope: RT_SCOPE.name(buf[off + 6]!),
    type: RTN.name(buf[off + 7]!),
    flags: RTM_F.names(dv.getUint32(off + 8, HOST_LE)),
  };
}

/** Write a 12-byte rtmsg; members default to 0 and errors name the member. */
export function encodeRtMsg(w: NlWriter, h: Partial<RtMsg>, path: string): void {
  const family = headerInt(h.family, 0, 0xff, `${path}.family`);
  const dstLen = headerInt(h.dstLen, 0, 0xff, `${path}.dstLen`);
  const srcLen = headerInt(h.srcLen, 0, 0xff, `${path}.srcLen`);
  const tos = headerInt(h.tos, 0, 0xff, `${path}.tos`);
  const table = h.table === undefined ? 0 : RT_TABLE.value(h.table, `${path}.table`, 0xff);
  const protocol = h.protocol === undefined ? 0 : RTPROT.value(h.protocol, `${path}.protocol`, 0xff);
  const scope = h.scope === undefined ? 0 : RT_SCOPE.value(h.scope, `${path}.scope`, 0xff);
  const type = h.type === undefined ? 0 : RTN.value(h.type, `${path}.type`, 0xff);
  const flags = h.flags === undefined ? 0 : RTM_F.value(h.flags, `${path}.flags`);
  w.ensure(RTMSG_SIZE);
  const p = w.pos;
  const b = w.buf;
  b[p] = family; b[p + 1] = dstLen; b[p + 2] = srcLen; b[p + 3] = tos;
  b[p + 4] = table; b[p + 5] = protocol; b[p + 6] = scope; b[p + 7] = type;
  w.dv.setUint32(p + 8, flags, HOST_LE);
  w.pos = p + RTMSG_SIZE;
}

/** The rtmsg as a FixedHeader for messageCodec. */
export const rtmsgHeader: FixedHeader<RtMsg> = {
  name: "rtmsg",
  size: RTMSG_SIZE,
  decode: decodeRtMsg,
  encode: (w, h, path) => encodeRtMsg(w, h, path),
};
