/**
 * codecs/addr message codec: RTM_NEWADDR / RTM_DELADDR / RTM_GETADDR messages (struct
 * ifaddrmsg + addr-attrs, linux/if_addr.h and the rt-addr spec). Pure
 * TypeScript; decode then encode reproduces the kernel's bytes.
 */
import { messageCodec, type MessageCodec } from "../core/message.ts";
import { addrAttrs, type AddrAttrs } from "./attrs.ts";
import { ifaddrmsg, type IfAddrMsg } from "./header.ts";

/** A decoded address message: ifaddrmsg members plus `attrs`. */
export type AddrMessage = IfAddrMsg & { attrs: AddrAttrs };

/** Codec of RTM_NEWADDR / RTM_DELADDR / RTM_GETADDR payloads. */
export const addrMessage: MessageCodec<AddrMessage> = messageCodec("addr", ifaddrmsg, addrAttrs);
