/**
 * bun-netlink/codecs: the pure-TypeScript netlink codecs. No import of
 * bun:* or lib/, so they run on any JavaScript runtime.
 */
export * from "./core/index.ts";
export * from "./ip/index.ts";
export * from "./rtnetlink.ts";
