/** The netlink protocol core: headers, attributes, ACK/error decoding. Pure TypeScript. */
export * from "./align.ts";
export * from "./constants.ts";
export * from "./errors.ts";
export * from "./hex.ts";
export * from "./tables.ts";
export * from "./writer.ts";
export * from "./fields.ts";
export * from "./attrset.ts";
export * from "./struct.ts";
export * from "./header.ts";
export * from "./ack.ts";
export * from "./message.ts";
export * from "./raw.ts";
export { decodeUtf8, encodeUtf8 } from "./utf8.ts";
