/**
 * codecs/link: rtnetlink link messages (struct ifinfomsg + IFLA_*), every
 * attribute of the rt-link spec's link-attrs decoded or kept raw, and
 * IFLA_LINKINFO data typed per kind. Pure TypeScript.
 */
export * from "./afspec.ts";
export * from "./attrs.ts";
export * from "./fields.ts";
export * from "./header.ts";
export * from "./kinds/index.ts";
export * from "./linkinfo.ts";
export * from "./message.ts";
export * from "./structs.ts";
export * from "./tables.ts";
