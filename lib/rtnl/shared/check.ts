/**
 * Input checks shared by the route and nexthop APIs. Each throws a
 * TypeError (wrong kind or syntax) or RangeError (out of range) whose
 * message starts with the field name.
 */
import { AF_INET, AF_INET6, type IpFamily, parseIP, parsePrefix, isHostBitsSet, maskPrefix, formatIP } from "../../../codecs/ip/index.ts";
import type { EnumTable } from "../../../codecs/core/tables.ts";
import { RT_TABLE } from "../../../codecs/route/tables.ts";
import { checkIfIndex, checkLinkName } from "./ifindex.ts";

/** 4, 6, "inet" or "inet6". */
export type RouteFamily = 4 | 6 | "inet" | "inet6";

/** A routing table: an id 1..2^32-1 or "main" (254), "local" (255), "default" (253). */
export type TableRef = number | "main" | "local" | "default" | "compat";

/** Reject keys a caller may have misspelt. */
export function checkKeys(o: unknown, known: readonly string[], what: string): Record<string, unknown> {
  if (o === null || typeof o !== "object" || Array.isArray(o)) throw new TypeError(`${what}: expected an options object, got ${o === null ? "null" : Array.isArray(o) ? "an array" : typeof o}`);
  for (const k of Object.keys(o)) {
    if (!known.includes(k)) throw new TypeError(`${what}.${k}: unknown option (known: ${known.join(", ")})`);
  }
  return o as Record<string, unknown>;
}

/** AF_INET / AF_INET6 for 4, 6, "inet", "inet6". */
export function checkFamily(v: unknown, field = "family"): IpFamily {
  if (v === 4 || v === "inet") return AF_INET;
  if (v === 6 || v === "inet6") return AF_INET6;
  throw new TypeError(`${field}: ${JSON.stringify(v)} is not an address family (expected 4, 6, "inet" or "inet6")`);
}

/** "inet" / "inet6" for display in messages. */
export function familyWord(f: number): string {
  return f === AF_INET ? "IPv4" : f === AF_INET6 ? "IPv6" : `family ${f}`;
}

/** An integer in [min, max]. */
export function checkInt(v: unknown, min: number, max: number, field: string): number {
  if (typeof v !== "number" || !Number.isInteger(v)) throw new TypeError(`${field}: expected an integer, got ${describe(v)}`);
  if (v < min || v > max) throw new RangeError(`${field}: ${v} is out of range ${min}..${max}`);
  return v;
}

/** A boolean. */
export function checkBool(v: unknown, field: string): boolean {
  if (typeof v !== "boolean") throw new TypeError(`${field}: expected true or false, got ${describe(v)}`);
  return v;
}

/** A link name or index (not resolved). */
export function checkLink(v: unknown, field: string): string | number {
  if (typeof v === "number") return checkIfIndex(v, field);
  if (typeof v === "string") return checkLinkName(v, field);
  throw new TypeError(`${field}: expected an interface name or index, got ${describe(v)}`);
}

/** A name of `table` or a number 0..max, as its number; errors name the field and list the names. */
export function checkEnum(v: unknown, table: EnumTable, field: string, max: number): number {
  if (typeof v !== "string" && typeof v !== "number") throw new TypeError(`${field}: expected a ${table.what} name or number, got ${describe(v)}`);
  return table.value(v, field, max);
}

/** A routing table id for a route: 1..2^32-1 or a table name; 0 (unspec) is refused. */
export function checkTable(v: unknown, field = "table"): number {
  if (typeof v !== "string" && typeof v !== "number") throw new TypeError(`${field}: expected a table id or "main", "local", "default", got ${describe(v)}`);
  if (v === "unspec" || v === 0) throw new RangeError(`${field}: ${JSON.stringify(v)} is not a routing table (0 is RT_TABLE_UNSPEC); use 1..4294967295 or "main", "local", "default"`);
  return RT_TABLE.value(v, field, 0xffffffff);
}

/** An IP address string of `family` (when given) as { family, bytes }. */
export function checkAddr(v: unknown, field: string, family?: number): { family: IpFamily; bytes: Uint8Array; text: string } {
  if (typeof v !== "string") throw new TypeError(`${field}: expected an IP address string, got ${describe(v)}`);
  const ip = parseIP(v, field);
  if (family !== undefined && ip.family !== family) {
    throw new TypeError(`${field}: ${JSON.stringify(v)} is an ${familyWord(ip.family)} address but the route is ${familyWord(family)}`);
  }
  return { ...ip, text: formatIP(ip.bytes, 0, ip.bytes.length) };
}

/** A prefix "addr/len" (or a host address) with no host bits set (unless `hostBitsOk`: then the kernel judges them). */
export function checkPrefix(v: unknown, field: string, family?: number, hostBitsOk = false): { family: IpFamily; len: number; text: string } {
  if (typeof v !== "string") throw new TypeError(`${field}: expected a prefix string like "192.0.2.0/24" or "2001:db8::/64", got ${describe(v)}`);
  const p = parsePrefix(v, field);
  if (family !== undefined && p.family !== family) {
    throw new TypeError(`${field}: ${JSON.stringify(v)} is an ${familyWord(p.family)} prefix but the route is ${familyWord(family)}`);
  }
  if (!hostBitsOk && isHostBitsSet(p.bytes, p.prefixLen)) {
    const net = maskPrefix(p.bytes, p.prefixLen);
    throw new RangeError(`${field}: ${JSON.stringify(v)} has host bits set (the network is ${formatIP(net, 0, net.length)}/${p.prefixLen})`);
  }
  return { family: p.family, len: p.prefixLen, text: p.address };
}

/** Short description of a bad value for messages. */
export function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  return typeof v;
}
