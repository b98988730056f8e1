/**
 * codecs/stats message codecs: RTM_NEWSTATS answers (struct if_stats_msg +
 * IFLA_STATS_*) and RTM_GETSTATS / RTM_SETSTATS requests (struct
 * if_stats_msg + IFLA_STATS_GETSET_*), linux/if_link.h, rt-link.yaml.
 */
import { messageCodec, type MessageCodec } from "../core/message.ts";
import { statsAttrs, statsRequestAttrs, type StatsAttrs, type StatsRequestAttrs } from "./attrs.ts";
import { ifStatsMsg, type IfStatsMsg } from "./header.ts";

/** A decoded RTM_NEWSTATS message: if_stats_msg members plus `attrs`. */
export type StatsMessage = IfStatsMsg & { attrs: StatsAttrs };
/** An RTM_GETSTATS / RTM_SETSTATS request: if_stats_msg members plus `attrs`. */
export type StatsRequest = IfStatsMsg & { attrs: StatsRequestAttrs };

/** Codec of RTM_NEWSTATS payloads. */
export const statsMessage: MessageCodec<StatsMessage> = messageCodec("stats", ifStatsMsg, statsAttrs);
/** Codec of RTM_GETSTATS / RTM_SETSTATS payloads. */
export const statsRequest: MessageCodec<StatsRequest> = messageCodec("stats-request", ifStatsMsg, statsRequestAttrs);
