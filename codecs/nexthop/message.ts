/**
 * Nexthop message codecs for RTM_NEWNEXTHOP / RTM_DELNEXTHOP /
 * RTM_GETNEXTHOP (struct nhmsg + NHA_* attributes, linux/nexthop.h).
 * Decoding types NHA_ENCAP by NHA_ENCAP_TYPE (typed for mpls and seg6).
 */
import type { AttrSet } from "../core/attrset.ts";
import { DecodeError } from "../core/errors.ts";
import type { MessageCodec } from "../core/message.ts";
import type { NlWriter } from "../core/writer.ts";
import { typeEncapIn } from "../route/multipath.ts";
import { NHA, nexthopAttrs, nexthopAttrsIproute2, type NexthopAttrs } from "./attrs.ts";
import { decodeNhMsg, encodeNhMsg, NHMSG_SIZE, type NhMsg } from "./header.ts";

/** A decoded nexthop message. */
export type NexthopMessage = NhMsg & { attrs: NexthopAttrs };
/** A nexthop message to encode: nhmsg members default to 0. */
export type NexthopMessageInput = Partial<NhMsg> & { attrs?: NexthopAttrs };

/** A nexthop codec: decodes NexthopMessage; encode also takes a partial message (nhmsg members default to 0). */
export type NexthopCodec = MessageCodec<NexthopMessage>;

function makeCodec(attrs: AttrSet<NexthopAttrs>): NexthopCodec {
  return {
    name: "nexthop",
    decode(b: Uint8Array, dv: DataView, off: number, end: number): NexthopMessage {
      if (end - off < NHMSG_SIZE) throw new DecodeError(`nhmsg needs ${NHMSG_SIZE} bytes, got ${end - off}`, "nexthop", off);
      const m = decodeNhMsg(b, dv, off) as NexthopMessage;
      const a = off + NHMSG_SIZE;
      m.attrs = a < end ? nexthopAttrs.decode(b, dv, a, end) : {};
      if (m.attrs.encap !== undefined) typeEncapIn(m.attrs, b, dv, a, end, NHA.ENCAP);
      return m;
    },
    encode(w: NlWriter, msg: NexthopMessageInput) {
      if (msg === null || typeof msg !== "object") throw new TypeError("nexthop: expected a nexthop message object");
      encodeNhMsg(w, msg, "nexthop");
      if (msg.attrs !== undefined) attrs.encode(w, msg.attrs, "nexthop");
    },
  };
}

/** nhmsg + NHA_* in the kernel's layout (lossless for kernel messages). */
export const nexthopCodec: NexthopCodec = makeCodec(nexthopAttrs);
/** nhmsg + NHA_* in iproute2's request layout. */
export const nexthopRequestCodec: NexthopCodec = makeCodec(nexthopAttrsIproute2);
