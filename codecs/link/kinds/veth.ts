/**
 * veth data (IFLA_INFO_DATA of kind "veth", linux/veth.h): VETH_INFO_PEER
 * carries the peer as a whole link message body, struct ifinfomsg followed
 * by link attributes (IFLA_IFNAME, IFLA_ADDRESS, IFLA_NET_NS_FD, ...). The
 * kernel only reads it on RTM_NEWLINK; it never reports the peer back.
 */
import { attrSet } from "../../core/attrset.ts";
import { custom } from "../../core/fields.ts";
import type { MessageCodec } from "../../core/message.ts";

/** VETH_INFO_PEER. linux/veth.h */
export const VETH_INFO_PEER = 1;

/** Build the veth data set; `peer` returns the link message codec (late-bound: it contains this set). */
export function vethDataSet<P extends object>(peer: () => MessageCodec<P>) {
  return attrSet("veth", {
    peer: custom<P>(VETH_INFO_PEER, (b, dv, off, len) => peer().decode(b, dv, off, off + len), (w, v) => peer().encode(w, v)),
  });
}
