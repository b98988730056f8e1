/**
 * codecs/addrlabel: IPv6 address selection labels (RFC 6724 policy table),
 * RTM_NEWADDRLABEL / RTM_DELADDRLABEL / RTM_GETADDRLABEL
 * (linux/if_addrlabel.h, net/ipv6/addrlabel.c).
 *
 * Fixed header: struct ifaddrlblmsg, 12 bytes:
 *
 *   0        1        2        3        4                 8                12
 *   +--------+--------+--------+--------+-----------------+-----------------+
 *   | family | resvd  |prefixlen| flags  | index (u32)     | seq (u32)       |
 *   +--------+--------+--------+--------+-----------------+-----------------+
 *
 * then IFAL_ADDRESS (the prefix, an in6_addr) and IFAL_LABEL (u32). The
 * kernel keeps only AF_INET6 labels; `seq` is the table's generation
 * (answers carry it, requests send 0); the reserved byte is written as 0.
 */
import { attrSet } from "../core/attrset.ts";
import { ipAddr, u32 } from "../core/fields.ts";
import { headerInt, messageCodec, type FixedHeader, type MessageCodec } from "../core/message.ts";

/** IFAL_* attribute numbers. if_addrlabel.h */
export const IFAL = { ADDRESS: 1, LABEL: 2 } as const;

/** Decoded struct ifaddrlblmsg. */
export interface IfAddrLblMsg {
  family: number;
  prefixlen: number;
  flags: number;
  /** Interface index, 0 for any. */
  index: number;
  seq: number;
}

/** The ifaddrlblmsg fixed-header codec (12 bytes). */
export const ifaddrlblmsg: FixedHeader<IfAddrLblMsg> = {
  name: "ifaddrlblmsg",
  size: 12,
  decode: (buf, dv, off) => ({
    family: buf[off]!, prefixlen: buf[off + 2]!, flags: buf[off + 3]!,
    index: dv.getUint32(off + 4, true), seq: dv.getUint32(off + 8, true),
  }),
  encode(w, h, path) {
    w.u8(headerInt(h.family, 0, 0xff, `${path}.family`));
    w.u8(0);
    w.u8(headerInt(h.prefixlen, 0, 0xff, `${path}.prefixlen`));
    w.u8(headerInt(h.flags ?? 0, 0, 0xff, `${path}.flags`));
    w.u32(headerInt(h.index, 0, 0xffffffff, `${path}.index`));
    w.u32(headerInt(h.seq ?? 0, 0, 0xffffffff, `${path}.seq`));
  },
};

/** IFAL_* attributes, written in iproute2's order (label, then address). */
export const addrlabelAttrs = attrSet("addrlabel", () => ({
  label: u32(IFAL.LABEL),
  address: ipAddr(IFAL.ADDRESS),
}));

/** The decoded IFAL_* attributes. */
export type AddrlabelAttrs = typeof addrlabelAttrs._type;

/** A decoded address label message. */
export type AddrlabelMessage = IfAddrLblMsg & { attrs: AddrlabelAttrs };

/** Codec of RTM_*ADDRLABEL payloads. */
export const addrlabelMessage: MessageCodec<AddrlabelMessage> = messageCodec("addrlabel", ifaddrlblmsg, addrlabelAttrs);
