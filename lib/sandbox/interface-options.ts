/**
 * Validation of addInterface/restore input into an interface record
 * (osl newInterface + its IfaceOptions), before any syscall: names,
 * addresses, routes, MAC, sysctls, and the master bridge lookup.
 */
import { checkIfName } from "../rtnl/shared/ifindex.ts";
import { canonicalAddress, canonicalMAC } from "./cidr.ts";
import { findDst, type IfaceRecord, type SandboxState } from "./state.ts";
import { parseInterfaceSysctl } from "./sysctl.ts";
import type { InterfaceOptions } from "./types.ts";

const OPTION_KEYS = new Set(["bridge", "master", "mac", "address", "addressIPv6", "linkLocalAddresses", "routes", "sysctls"]);

function stringList(v: unknown, field: string): unknown[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new TypeError(`${field}: expected an array, got ${typeof v}`);
  return v;
}

/** Check a destination prefix: a string of interface-name characters short enough to take an index. */
export function checkDstPrefix(prefix: unknown): string {
  if (typeof prefix !== "string") throw new TypeError(`dstPrefix: expected a string, got ${typeof prefix}`);
  if (prefix !== "") checkIfName(`${prefix}0`, "dstPrefix (with an index appended)");
  return prefix;
}

/**
 * Build the record of a new interface from user input (dstName still the
 * prefix, as osl newInterface leaves it). Throws TypeError/RangeError naming
 * the option; Error when `master` is not a bridge of this sandbox.
 */
export function newInterface(st: SandboxState, srcName: unknown, dstPrefix: unknown, options: unknown = {}): IfaceRecord {
  const src = checkIfName(srcName, "srcName");
  const prefix = checkDstPrefix(dstPrefix);
  if (options === null || typeof options !== "object" || Array.isArray(options)) throw new TypeError(`options: expected an object, got ${options === null ? "null" : typeof options}`);
  const o = options as InterfaceOptions;
  for (const k of Object.keys(o)) if (!OPTION_KEYS.has(k)) throw new TypeError(`options.${k}: unknown option`);
  if (o.bridge !== undefined && typeof o.bridge !== "boolean") throw new TypeError(`options.bridge: expected a boolean, got ${typeof o.bridge}`);
  const rec: IfaceRecord = {
    srcName: src,
    dstName: prefix,
    dstPrefix: prefix,
    bridge: o.bridge ?? false,
    linkLocalAddresses: stringList(o.linkLocalAddresses, "options.linkLocalAddresses").map((a, i) => canonicalAddress(a, `options.linkLocalAddresses[${i}]`)),
    // as given, host bits included: osl hands them to the kernel, which judges them
    routes: stringList(o.routes, "options.routes").map((r, i) => canonicalAddress(r, `options.routes[${i}]`)),
    sysctls: [],
    parsedSysctls: stringList(o.sysctls, "options.sysctls").map((s, i) => parseInterfaceSysctl(s, `options.sysctls[${i}]`)),
  };
  rec.sysctls = rec.parsedSysctls.map((s) => `${s.key}=${s.value}`);
  if (o.mac !== undefined) rec.mac = canonicalMAC(o.mac, "options.mac");
  if (o.address !== undefined) rec.address = canonicalAddress(o.address, "options.address", 4);
  if (o.addressIPv6 !== undefined) rec.addressIPv6 = canonicalAddress(o.addressIPv6, "options.addressIPv6", 6);
  if (o.master !== undefined) {
    rec.master = checkIfName(o.master, "options.master");
    const dst = findDst(st, rec.master, true);
    if (dst === undefined) throw new Error(`could not find an appropriate master ${JSON.stringify(rec.master)} for ${JSON.stringify(src)}`);
    rec.dstMaster = dst;
  }
  return rec;
}
