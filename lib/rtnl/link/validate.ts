/**
 * Input checks of the link API, run before any syscall. Each throws a
 * TypeError (wrong type or syntax) or RangeError (out of range) whose
 * message starts with the field path and shows the value, e.g.
 * `data.id: 16777216 is out of range 0..16777215`.
 */
import { parseIP, parseMAC } from "../../../codecs/ip/index.ts";
import { validateNetnsName } from "../../netns/names.ts";
import { checkIfIndex, checkIfName, checkLinkName } from "../shared/ifindex.ts";

/** Where a link goes: an open namespace fd, a process's namespace, or a name under /run/netns. */
export type NetnsTarget = { fd: number } | { pid: number } | { name: string };

/** A link given by name or index. */
export type LinkRef = string | number;

/** Show a value in an error message. */
export function show(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "bigint") return `${v}n`;
  if (v !== null && typeof v === "object") {
    try {
      return JSON.stringify(v);
    } catch {
      return Object.prototype.toString.call(v);
    }
  }
  return String(v);
}

/** Require a plain object whose keys are all in `allowed`. */
export function checkObject<T extends object>(v: unknown, allowed: readonly string[], field: string): T {
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw new TypeError(`${field}: expected an object, got ${show(v)}`);
  for (const k of Object.keys(v)) {
    if (!allowed.includes(k)) throw new TypeError(`${field}.${k}: unknown option (known: ${allowed.join(", ")})`);
  }
  return v as T;
}

/** An integer in [min, max]. */
export function checkInt(v: unknown, min: number, max: number, field: string): number {
  if (typeof v !== "number" || !Number.isInteger(v)) throw new TypeError(`${field}: expected an integer, got ${show(v)}`);
  if (v < min || v > max) throw new RangeError(`${field}: ${v} is out of range ${min}..${max}`);
  return v;
}

/** u8 / u16 / u32 shorthands. */
export const checkU8 = (v: unknown, field: string): number => checkInt(v, 0, 0xff, field);
export const checkU16 = (v: unknown, field: string): number => checkInt(v, 0, 0xffff, field);
export const checkU32 = (v: unknown, field: string): number => checkInt(v, 0, 0xffffffff, field);

/** A boolean. */
export function checkBool(v: unknown, field: string): boolean {
  if (typeof v !== "boolean") throw new TypeError(`${field}: expected a boolean, got ${show(v)}`);
  return v;
}

/** One of a list of names. */
export function checkChoice<T extends string>(v: unknown, choices: readonly T[], field: string): T {
  if (typeof v !== "string" || !choices.includes(v as T)) throw new TypeError(`${field}: ${show(v)} is not one of ${choices.join(", ")}`);
  return v as T;
}

/** A name from a name -> value table, or a value of the table; returns the number. */
export function checkNamed(v: unknown, table: Readonly<Record<string, number>>, field: string): number {
  if (typeof v === "string" && Object.hasOwn(table, v)) return table[v]!;
  if (typeof v === "number" && Object.values(table).includes(v)) return v;
  throw new TypeError(`${field}: ${show(v)} is not one of ${Object.keys(table).join(", ")}`);
}

/** MTU accepted by this API (68..65535); the kernel further applies the device's own min/max. */
export function checkMtu(v: unknown, field = "mtu"): number {
  return checkInt(v, 68, 65535, field);
}

/**
 * A link-layer address. `length` demands an exact length (6 for Ethernet
 * kinds); `unicast` rejects multicast (I/G bit) and all-zero addresses, as
 * the kernel does for Ethernet devices (is_valid_ether_addr).
 */
export function checkMac(v: unknown, field: string, opts: { length?: number; unicast?: boolean } = {}): string {
  if (typeof v !== "string") throw new TypeError(`${field}: expected a MAC address string, got ${show(v)}`);
  const b = parseMAC(v, field);
  if (opts.length !== undefined && b.length !== opts.length) throw new RangeError(`${field}: ${show(v)} has ${b.length} bytes, this link type needs ${opts.length}`);
  if (opts.unicast) {
    if ((b[0]! & 1) !== 0) throw new RangeError(`${field}: ${show(v)} is a multicast address`);
    if (b.every((x) => x === 0)) throw new RangeError(`${field}: ${show(v)} is the all-zero address`);
  }
  return v;
}

/** An IP address of the given family (4, 6) or either (undefined); returns its byte length. */
export function checkIp(v: unknown, field: string, family?: 4 | 6): 4 | 16 {
  if (typeof v !== "string") throw new TypeError(`${field}: expected an IP address string, got ${show(v)}`);
  const a = parseIP(v, field);
  const len = a.bytes.length as 4 | 16;
  if (family === 4 && len !== 4) throw new TypeError(`${field}: ${show(v)} is not an IPv4 address`);
  if (family === 6 && len !== 16) throw new TypeError(`${field}: ${show(v)} is not an IPv6 address`);
  return len;
}

/** True for an IPv4 or IPv6 multicast address (224/4, ff00::/8). */
export function isMulticast(v: string, field: string): boolean {
  const b = parseIP(v, field).bytes;
  return b.length === 4 ? (b[0]! & 0xf0) === 0xe0 : b[0] === 0xff;
}

/** A link name or index (syntax only; resolving it is a syscall). */
export function checkLinkRef(v: unknown, field: string): LinkRef {
  if (typeof v === "number") return checkIfIndex(v, field);
  if (typeof v === "string") return checkLinkName(v, field);
  throw new TypeError(`${field}: expected an interface name or index, got ${show(v)}`);
}

/** A namespace target: exactly one of fd (>= 0), pid (> 0) or name (a /run/netns name). */
export function checkNetnsTarget(v: unknown, field: string): NetnsTarget {
  const o = checkObject<Record<string, unknown>>(v, ["fd", "pid", "name"], field);
  const keys = Object.keys(o).filter((k) => o[k] !== undefined);
  if (keys.length !== 1) throw new TypeError(`${field}: give exactly one of fd, pid or name, got ${show(v)}`);
  if (o.fd !== undefined) return { fd: checkInt(o.fd, 0, 0x7fffffff, `${field}.fd`) };
  if (o.pid !== undefined) return { pid: checkInt(o.pid, 1, 0x7fffffff, `${field}.pid`) };
  try {
    validateNetnsName(o.name, `${field}.name`);
  } catch (e) {
    const msg = (e as Error).message;
    throw new TypeError(`${field}.name: ${show(o.name)} is not a valid namespace name (${msg})`);
  }
  return { name: o.name as string };
}

/** A kind name as the kernel's rtnl_link_ops look it up: 1..32 of [A-Za-z0-9_.-]. */
export function checkKindName(v: unknown, field = "kind"): string {
  if (typeof v !== "string" || !/^[A-Za-z0-9_.-]{1,32}$/.test(v)) throw new TypeError(`${field}: ${show(v)} is not a valid link kind name`);
  return v;
}

export { checkIfIndex, checkIfName };

/** An alternative link name as ip's check_altifname takes it: 1..127 bytes, no "/", white space or NUL, not "." or "..". */
export function checkAltName(v: unknown, field: string): string {
  if (typeof v !== "string") throw new TypeError(`${field}: expected an alternative name string, got ${show(v)}`);
  const bytes = new TextEncoder().encode(v).length;
  if (bytes < 1 || bytes > 127 || v === "." || v === ".." || /[\/\s\0]/.test(v)) {
    throw new TypeError(`${field}: ${show(v)} is not a valid alternative name (1-127 bytes, no '/', white space or NUL)`);
  }
  return v;
}
