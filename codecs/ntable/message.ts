/**
 * codecs/ntable message codec: neighbour tables, RTM_NEWNEIGHTBL (dump
 * answers) / RTM_GETNEIGHTBL (dump requests) / RTM_SETNEIGHTBL (changes),
 * linux/neighbour.h, rt-neigh.yaml. A decoded message is
 * `{ family, attrs: { name, thresh1, ..., config, stats, parms: { ifindex, ... } } }`.
 */
import { messageCodec, type MessageCodec } from "../core/message.ts";
import { ntableAttrs, type NtableAttrs } from "./attrs.ts";
import { ndtmsg, type NdtMsg } from "./header.ts";

/** A decoded neighbour table message: ndtmsg members plus `attrs`. */
export type NtableMessage = NdtMsg & { attrs: NtableAttrs };

/** Codec of RTM_*NEIGHTBL payloads (struct ndtmsg + NDTA_* attributes). */
export const ntableMessage: MessageCodec<NtableMessage> = messageCodec("ntable", ndtmsg, ntableAttrs);
