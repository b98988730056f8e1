/**
 * struct tcmsg (linux/rtnetlink.h), the fixed header of the traffic-control
 * messages RTM_{NEW,DEL,GET}{QDISC,TCLASS,TFILTER,CHAIN}.
 *
 *   0        1        2                 4                                   8
 *   +--------+--------+-----------------+-----------------------------------+
 *   | family | pad1   | pad2 (u16)      | ifindex (s32)                     |
 *   +--------+--------+-----------------+-----------------------------------+
 *   | handle (u32)                      | parent (u32)                      |
 *   +-----------------------------------+-----------------------------------+
 *   | info (u32)                        |                                  20
 *   +-----------------------------------+
 *
 * handle and parent are TC_H_MAKE(major, minor) numbers (tables.ts formats
 * them as tc does). For a qdisc, info is its refcount in answers; for a
 * filter, TC_H_MAKE(prio << 16, protocol in network order). With ifindex
 * TCM_IFINDEX_MAGIC_BLOCK (0xffffffff) parent is a shared block index.
 * The two pad members are not kept: every sender writes zeros there.
 *
 * struct tcamsg (the RTM_*ACTION header) is 4 bytes: family, pad1, pad2.
 */
import { HOST_LE } from "../core/align.ts";
import { DecodeError } from "../core/errors.ts";
import type { FixedHeader } from "../core/message.ts";
import { headerInt } from "../core/message.ts";
import type { NlWriter } from "../core/writer.ts";

/** sizeof(struct tcmsg). */
export const TCMSG_SIZE = 20;

/** The decoded tcmsg. */
export interface TcMsg {
  /** AF_UNSPEC (0) in practice. */
  family: number;
  /** Interface index (signed; TCM_IFINDEX_MAGIC_BLOCK reads as -1). */
  ifindex: number;
  /** TC_H_MAKE(major, minor) of the object. */
  handle: number;
  /** TC_H_MAKE(major, minor) of the parent (TC_H_ROOT, TC_H_INGRESS or a class). */
  parent: number;
  /** tcm_info: qdisc refcount; for filters, prio << 16 | htons(protocol). */
  info: number;
}

/** Read the tcmsg at `off` (20 bytes must be available). */
export function decodeTcMsg(buf: Uint8Array, dv: DataView, off: number): TcMsg {
  if (buf.length - off < TCMSG_SIZE) throw new DecodeError(`tcmsg needs ${TCMSG_SIZE} bytes`, "tcmsg", off);
  return {
    family: buf[off]!,
    ifindex: dv.getInt32(off + 4, HOST_LE),
    handle: dv.getUint32(off + 8, HOST_LE),
    parent: dv.getUint32(off + 12, HOST_LE),
    info: dv.getUint32(off + 16, HOST_LE),
  };
}

/** Write a 20-byte tcmsg; members default to 0 and errors name the member. */
export function encodeTcMsg(w: NlWriter, h: Partial<TcMsg>, path: string): void {
  const family = headerInt(h.family, 0, 0xff, `${path}.family`);
  const ifindex = headerInt(h.ifindex, -0x80000000, 0x7fffffff, `${path}.ifindex`);
  const handle = headerInt(h.handle, 0, 0xffffffff, `${path}.handle`);
  const parent = headerInt(h.parent, 0, 0xffffffff, `${path}.parent`);
  const info = headerInt(h.info, 0, 0xffffffff, `${path}.info`);
  w.ensure(TCMSG_SIZE);
  const p = w.pos;
  w.buf.fill(0, p, p + 4);
  w.buf[p] = family;
  w.dv.setInt32(p + 4, ifindex, HOST_LE);
  w.dv.setUint32(p + 8, handle, HOST_LE);
  w.dv.setUint32(p + 12, parent, HOST_LE);
  w.dv.setUint32(p + 16, info, HOST_LE);
  w.pos = p + TCMSG_SIZE;
}

/** The tcmsg as a FixedHeader for messageCodec. */
export const tcmsgHeader: FixedHeader<TcMsg> = {
  name: "tcmsg",
  size: TCMSG_SIZE,
  decode: decodeTcMsg,
  encode: (w, h, path) => encodeTcMsg(w, h, path),
};

/** sizeof(struct tcamsg). */
export const TCAMSG_SIZE = 4;

/** The decoded tcamsg (RTM_*ACTION). */
export interface TcaMsg {
  family: number;
}

/** struct tcamsg as a FixedHeader: family then three zero bytes. */
export const tcamsgHeader: FixedHeader<TcaMsg> = {
  name: "tcamsg",
  size: TCAMSG_SIZE,
  decode: (buf, _dv, off) => ({ family: buf[off]! }),
  encode: (w, h, path) => {
    const family = headerInt(h.family, 0, 0xff, `${path}.family`);
    w.u8(family);
    w.zeros(3);
  },
};
