/**
 * Route message codecs for RTM_NEWROUTE / RTM_DELROUTE / RTM_GETROUTE
 * (struct rtmsg + route-attrs, linux/rtnetlink.h).
 *
 * `routeCodec` decodes with the hand-written fast path (decode.ts) and
 * encodes in the kernel's layout, so a kernel message decodes and
 * re-encodes to the same bytes. `routeRequestCodec` encodes in iproute2's
 * request layout (NLA_F_NESTED on RTA_ENCAP, RTAX_CC_ALGO without NUL) and
 * decodes like `routeCodec`. For rtm_family AF_MPLS both use the MPLS
 * variant of the table (RTA_DST/RTA_NEWDST as label stacks, mpls.ts).
 */
import type { AttrSet } from "../core/attrset.ts";
import type { MessageCodec } from "../core/message.ts";
import type { NlWriter } from "../core/writer.ts";
import { AF_MPLS } from "../ip/index.ts";
import { routeAttrs, routeAttrsIproute2, routeAttrsMpls, routeAttrsMplsIproute2, type RouteAttrs } from "./attrs.ts";
import { decodeRoute, type RouteMessage } from "./decode.ts";
import { encodeRouteAttrsFast, encodeRtMsgFast } from "./encode.ts";
import { RTMSG_SIZE } from "./header.ts";

/** A route message to encode: rtmsg members (each defaults to 0) and attributes. */
export type RouteMessageInput = Partial<Omit<RouteMessage, "attrs">> & { attrs?: RouteAttrs };

/**
 * A route codec: decodes RouteMessage; encode also takes a partial
 * message (rtmsg members default to 0).
 */
export type RouteCodec = MessageCodec<RouteMessage>;

function makeCodec(name: string, attrs: AttrSet<RouteAttrs>, mpls: AttrSet<RouteAttrs>): RouteCodec {
  return {
    name,
    decode: decodeRoute,
    encode(w: NlWriter, msg: RouteMessageInput): void {
      if (msg === null || typeof msg !== "object") throw new TypeError(`${name}: expected a route message object`);
      encodeRtMsgFast(w, msg, name);
      if (msg.attrs === undefined) return;
      if (msg.family === AF_MPLS) mpls.encode(w, msg.attrs, name); // the rtmsg family selects the label table
      else encodeRouteAttrsFast(w, msg.attrs, attrs, name);
    },
  };
}

/** rtmsg + route-attrs in the kernel's layout (lossless for kernel messages). */
export const routeCodec: RouteCodec = makeCodec("route", routeAttrs, routeAttrsMpls);
/** rtmsg + route-attrs in iproute2's request layout. */
export const routeRequestCodec: RouteCodec = makeCodec("route", routeAttrsIproute2, routeAttrsMplsIproute2);

export { RTMSG_SIZE };
