/**
 * bun-netlink/codecs: the pure-TypeScript netlink codecs. No import of
 * bun:* or lib/, so they run on any JavaScript runtime. The protocol core
 * and address helpers are exported flat; each rtnetlink family is a
 * namespace (`link.linkMessage`, `route.routeMessage`, ...).
 */
export * from "./core/index.ts";
export * from "./ip/index.ts";
export * from "./rtnetlink.ts";
export * as link from "./link/index.ts";
export * as addr from "./addr/index.ts";
export * as route from "./route/index.ts";
export * as nexthop from "./nexthop/index.ts";
export * as neigh from "./neigh/index.ts";
export * as ntable from "./ntable/index.ts";
export * as stats from "./stats/index.ts";
export * as rule from "./rule/index.ts";
export * as nsid from "./nsid/index.ts";
export * as tc from "./tc/index.ts";
