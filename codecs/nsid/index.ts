/**
 * codecs/nsid: namespace id messages, RTM_NEWNSID / RTM_DELNSID /
 * RTM_GETNSID (linux/net_namespace.h, net/core/net_namespace.c).
 *
 * Fixed header: struct rtgenmsg (linux/rtnetlink.h), one byte, and the
 * attributes start at NLMSG_ALIGN(1) = 4:
 *
 *   0        1                          4
 *   +--------+--------+--------+--------+
 *   | family | (padding, zero)          |  then NETNSA_* attributes
 *   +--------+--------+--------+--------+
 *
 * The kernel writes AF_UNSPEC and zero padding (nlmsg_put clears it); the
 * padding is not kept, so a request with non-zero padding re-encodes with
 * zeros. NETNSA_NSID is -1 (NETNSA_NSID_NOT_ASSIGNED) when the peer has no
 * id in the asking namespace.
 */
import { attrSet } from "../core/attrset.ts";
import { s32, u32 } from "../core/fields.ts";
import { headerInt, messageCodec, type FixedHeader, type MessageCodec } from "../core/message.ts";

/** NETNSA_* attribute numbers. net_namespace.h */
export const NETNSA = { NSID: 1, PID: 2, FD: 3, TARGET_NSID: 4, CURRENT_NSID: 5 } as const;

/** NETNSA_NSID_NOT_ASSIGNED: the value of NETNSA_NSID for "no id". net_namespace.h */
export const NETNSA_NSID_NOT_ASSIGNED = -1;

/** Decoded struct rtgenmsg. */
export interface RtGenMsg {
  family: number;
}

/** The rtgenmsg fixed-header codec (1 byte; messageCodec pads to 4). */
export const rtgenmsg: FixedHeader<RtGenMsg> = {
  name: "rtgenmsg",
  size: 1,
  decode: (buf, _dv, off) => ({ family: buf[off]! }),
  encode(w, h, path) {
    w.u8(headerInt(h.family, 0, 0xff, `${path}.family`));
  },
};

/** NETNSA_* attributes. net_namespace.h: NSID/TARGET_NSID/CURRENT_NSID are s32, PID/FD u32. */
export const nsidAttrs = attrSet("nsid", () => ({
  nsid: s32(NETNSA.NSID),
  pid: u32(NETNSA.PID),
  fd: u32(NETNSA.FD),
  targetNsid: s32(NETNSA.TARGET_NSID),
  currentNsid: s32(NETNSA.CURRENT_NSID),
}));

/** The decoded NETNSA_* attributes. */
export type NsidAttrs = typeof nsidAttrs._type;

/** A decoded nsid message: `{ family, attrs }`. */
export type NsidMessage = RtGenMsg & { attrs: NsidAttrs };

/** Codec of RTM_*NSID payloads (struct rtgenmsg + NETNSA_* attributes). */
export const nsidMessage: MessageCodec<NsidMessage> = messageCodec("nsid", rtgenmsg, nsidAttrs);
