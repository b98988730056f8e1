/**
 * codecs/neigh message codec: neighbour (ARP/NDP) and bridge FDB messages, RTM_NEWNEIGH /
 * RTM_DELNEIGH / RTM_GETNEIGH (linux/neighbour.h, rt-neigh.yaml). A decoded
 * message is `{ ...ndmsg, attrs: { dst, lladdr, cacheinfo, ... } }`.
 */
import { messageCodec, type MessageCodec } from "../core/message.ts";
import { neighAttrs, type NeighAttrs } from "./attrs.ts";
import { ndmsg, type NdMsg } from "./header.ts";

/** A decoded neighbour message: ndmsg members plus `attrs`. */
export type NeighMessage = NdMsg & { attrs: NeighAttrs };

/** Codec of RTM_*NEIGH payloads (struct ndmsg + NDA_* attributes). */
export const neighMessage: MessageCodec<NeighMessage> = messageCodec("neigh", ndmsg, neighAttrs);
