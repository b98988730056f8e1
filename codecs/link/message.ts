/**
 * Link message codecs: struct ifinfomsg followed by IFLA_* attributes, for
 * RTM_NEWLINK / RTM_DELLINK / RTM_GETLINK / RTM_SETLINK.
 *
 * `linkMessage` decodes what the kernel sends, losslessly. The meaning of
 * IFLA_PROTINFO and IFLA_AF_SPEC depends on ifi_family: AF_BRIDGE (7)
 * messages carry bridge-port attributes and IFLA_BRIDGE_* there, AF_INET6
 * (10) messages the IFLA_INET6_* set in IFLA_PROTINFO; every other family
 * gets the per-family IFLA_AF_SPEC nest and a raw IFLA_PROTINFO.
 *
 * `linkRequest` is the same layout with the strings iproute2 sends without
 * a NUL (IFLA_IFALIAS, IFLA_INFO_KIND) written that way, so requests built
 * with it match `ip link` byte for byte; it decodes both forms.
 */
import { attrSet, nest, NESTED, type AttrSet, type AttrsOf } from "../core/attrset.ts";
import { binary } from "../core/fields.ts";
import { DecodeError } from "../core/errors.ts";
import type { MessageCodec } from "../core/message.ts";
import { afSpecAttrs, bridgeAfSpecAttrs, inet6Attrs } from "./afspec.ts";
import { LINK_FIELDS_HEAD, LINK_FIELDS_TAIL } from "./attrs.ts";
import { bareString } from "./fields.ts";
import { ifinfomsg, IFINFOMSG_SIZE, type IfInfoMsg } from "./header.ts";
import { bridgePortData, type BridgePortData } from "./kinds/bridge.ts";
import { linkinfoField, type LinkInfo } from "./linkinfo.ts";

const AF_BRIDGE = 7;
const AF_INET6 = 10;

/** Decoded IFLA_AF_SPEC of an AF_UNSPEC message. */
export type AfSpec = ReturnType<typeof afSpecAttrs.decode>;
/** Decoded IFLA_AF_SPEC of an AF_BRIDGE message. */
export type BridgeAfSpec = ReturnType<typeof bridgeAfSpecAttrs.decode>;
/** Decoded IFLA_INET6_* (IFLA_PROTINFO of AF_INET6 messages; IFLA_AF_SPEC.inet6). */
export type Inet6Attrs = ReturnType<typeof inet6Attrs.decode>;

/** Decoded link attributes. */
export type LinkAttrs = AttrsOf<typeof LINK_FIELDS_HEAD & typeof LINK_FIELDS_TAIL> & {
  linkinfo?: LinkInfo;
  /** Hex for AF_UNSPEC messages; bridge-port attributes for AF_BRIDGE; IFLA_INET6_* for AF_INET6. */
  protinfo?: string | BridgePortData | Inet6Attrs;
  afSpec?: AfSpec | BridgeAfSpec;
};

/** A decoded link message: ifinfomsg members and the attributes. */
export interface LinkMessage extends IfInfoMsg {
  attrs: LinkAttrs;
}

/** A link message as given to an encoder: every header member optional (defaults 0 / no flags). */
export type LinkMessageInput = Partial<IfInfoMsg> & { attrs?: LinkAttrs };

let msgRef: MessageCodec<LinkMessage>;
let reqRef: MessageCodec<LinkMessage>;

function buildSet(name: string, protinfo: unknown, afSpec: unknown, request: boolean): AttrSet<LinkAttrs> {
  return attrSet(name, () => ({
    ...LINK_FIELDS_HEAD,
    protinfo: protinfo as ReturnType<typeof binary>,
    ...LINK_FIELDS_TAIL,
    ...(request ? { ifalias: bareString(20) } : {}),
    linkinfo: linkinfoField(18, () => (request ? reqRef : msgRef), { bareKind: request }),
    afSpec: afSpec as ReturnType<typeof binary>,
  })) as unknown as AttrSet<LinkAttrs>;
}

/** Link attributes of AF_UNSPEC (and any other family's) messages. */
export const linkAttrs = buildSet("link", binary(12), nest(26, afSpecAttrs), false);
/** Link attributes of AF_BRIDGE messages (`bridge link`, bridge port events). */
export const linkAttrsBridge = buildSet("link", nest(12, bridgePortData, { wireFlags: NESTED }), nest(26, bridgeAfSpecAttrs), false);
/** Link attributes of AF_INET6 messages (RTM_NEWLINK from the IPv6 layer). */
export const linkAttrsInet6 = buildSet("link", nest(12, inet6Attrs), nest(26, afSpecAttrs), false);
/** Link attributes as iproute2 writes them in requests. */
export const linkRequestAttrs = buildSet("link", binary(12), nest(26, afSpecAttrs), true);

function codec(name: string, pick: (family: number) => AttrSet<LinkAttrs>): MessageCodec<LinkMessage> {
  return {
    name,
    decode(buf, dv, off, end) {
      if (end - off < IFINFOMSG_SIZE) throw new DecodeError(`ifinfomsg needs ${IFINFOMSG_SIZE} bytes, got ${end - off}`, name, off);
      const h = ifinfomsg.decode(buf, dv, off) as LinkMessage;
      const aoff = off + IFINFOMSG_SIZE;
      h.attrs = aoff < end ? pick(h.family).decode(buf, dv, aoff, end) : {};
      return h;
    },
    encode(w, msg) {
      if (msg === null || typeof msg !== "object") throw new TypeError(`${name}: expected a message object`);
      ifinfomsg.encode(w, msg, name);
      if (msg.attrs !== undefined) pick(msg.family ?? 0).encode(w, msg.attrs, `${name}.attrs`);
    },
  };
}

/** Codec of kernel link messages (RTM_NEWLINK answers and events), lossless. */
export const linkMessage: MessageCodec<LinkMessage> = codec("link", (f) => (f === AF_BRIDGE ? linkAttrsBridge : f === AF_INET6 ? linkAttrsInet6 : linkAttrs));
/** Codec of link requests, iproute2's string conventions (see file comment). */
export const linkRequest: MessageCodec<LinkMessage> = codec("link", (f) => (f === AF_BRIDGE ? linkAttrsBridge : f === AF_INET6 ? linkAttrsInet6 : linkRequestAttrs));
msgRef = linkMessage;
reqRef = linkRequest;
