/** codecs/nexthop: RTM_*NEXTHOP messages (struct nhmsg, NHA_* attributes, struct nexthop_grp). */
export * from "./header.ts";
export * from "./group.ts";
export * from "./attrs.ts";
export * from "./message.ts";
