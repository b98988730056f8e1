/** codecs/tc: traffic control (struct tcmsg + TCA_*; qdisc, class, filter, chain and action messages). */
export * from "./tables.ts";
export * from "./header.ts";
export * from "./structs.ts";
export * from "./stats.ts";
export * from "./act-kinds.ts";
export * from "./actions.ts";
export * from "./qdisc-kinds.ts";
export * from "./u32.ts";
export * from "./flower.ts";
export * from "./filter-kinds.ts";
export * from "./message.ts";
