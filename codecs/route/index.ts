/** codecs/route: RTM_*ROUTE messages (struct rtmsg, route-attrs, RTAX metrics, rtnexthop, rtvia, lwtunnel encap). */
export * from "./tables.ts";
export * from "./header.ts";
export * from "./metrics.ts";
export * from "./encap.ts";
export * from "./via.ts";
export * from "./mpls.ts";
export * from "./multipath.ts";
export * from "./attrs.ts";
export * from "./decode.ts";
export * from "./encode.ts";
export * from "./message.ts";
export * from "./scan.ts";
export * from "./rows.ts";
