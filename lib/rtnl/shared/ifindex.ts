/**
 * Interface name -> index resolution with one direct RTM_GETLINK by
 * IFLA_IFNAME (never a dump). Used by every API that accepts a link name.
 */
import { HOST_LE } from "../../../codecs/core/align.ts";
import { RTM } from "../../../codecs/rtnetlink.ts";
import type { NetlinkConnection } from "../../conn/connection.ts";
import { subjectError } from "../../conn/errors.ts";
import type { NlWriter } from "../../../codecs/core/writer.ts";

const IFLA_IFNAME = 3;
const IFLA_EXT_MASK = 29;
const RTEXT_FILTER_SKIP_STATS = 1 << 3;

/** Bytes the kernel's isspace() accepts (lib/ctype.c: HT, LF, VT, FF, CR, space, and Latin-1 NBSP 0xA0). */
function kernelIsSpace(b: number): boolean {
  return (b >= 0x09 && b <= 0x0d) || b === 0x20 || b === 0xa0;
}

/** The common case without encoding: a valid ASCII name (each char one byte), checked as below. */
function asciiIfName(name: string): boolean {
  const n = name.length;
  if (n < 1 || n > 15 || name === "." || name === "..") return false;
  for (let i = 0; i < n; i++) {
    const c = name.charCodeAt(i);
    if (c >= 0x80 || c === 0x2f || c === 0x3a || c === 0 || kernelIsSpace(c)) return false;
  }
  return true;
}

/**
 * Validate an interface name as the kernel's dev_valid_name() does, on its
 * UTF-8 bytes: 1..15 bytes, not "." or "..", no '/', ':', NUL or byte the
 * kernel's isspace() accepts (so U+2003 passes, while "à", C3 A0, does not).
 * TypeError naming `field`.
 */
export function checkIfName(name: unknown, field = "name"): string {
  if (typeof name !== "string") throw new TypeError(`${field}: expected an interface name string, got ${typeof name}`);
  if (asciiIfName(name)) return name;
  const bytes = new TextEncoder().encode(name);
  if (bytes.length < 1 || bytes.length > 15) throw new TypeError(`${field}: ${JSON.stringify(name)} is not a valid interface name (1-15 bytes)`);
  if (name === "." || name === "..") throw new TypeError(`${field}: ${JSON.stringify(name)} is not a valid interface name`);
  for (const b of bytes) {
    if (b === 0x2f || b === 0x3a || b === 0 || kernelIsSpace(b)) {
      throw new TypeError(`${field}: ${JSON.stringify(name)} is not a valid interface name (no '/', ':', whitespace or NUL)`);
    }
  }
  return name;
}

/** Validate an interface index (1..2^31-1); RangeError naming `field`. */
export function checkIfIndex(index: unknown, field = "index"): number {
  if (typeof index !== "number" || !Number.isInteger(index) || index < 1 || index > 0x7fffffff) {
    throw new RangeError(`${field}: ${String(index)} is not a valid interface index`);
  }
  return index;
}

const IFLA_ALT_IFNAME = 53;

/**
 * A link named in a reference: an interface name (checkIfName), or an
 * alternative name of 16..127 bytes (no "/", white space or NUL), which
 * requests carry as IFLA_ALT_IFNAME (see isAltName).
 */
export function checkLinkName(name: unknown, field = "link"): string {
  if (isAltName(name)) return name;
  if (typeof name === "string" && new TextEncoder().encode(name).length > 127) {
    throw new TypeError(`${field}: ${JSON.stringify(name)} is not a valid interface name (1-15 bytes) or alternative name (16-127 bytes)`);
  }
  return checkIfName(name, field);
}

/** Whether `name` can only be an alternative name: 16..127 bytes without "/", white space or NUL. */
export function isAltName(name: unknown): name is string {
  if (typeof name !== "string" || /[\/\s\0]/.test(name)) return false;
  const n = new TextEncoder().encode(name).length;
  return n >= 16 && n <= 127;
}

/**
 * Return the ifindex of a link given by name or index (an index is returned
 * as is, after validation). Throws NetlinkError ENODEV when no such link,
 * its message naming the field and the name (`link: no link named "eth9": ...`).
 */
export function resolveIndex(conn: NetlinkConnection, link: string | number, field = "link"): number {
  if (typeof link === "number") return checkIfIndex(link, field);
  checkLinkName(link, field);
  // One request builder and answer reader for every lookup (no closure per call); saved and restored
  // around the request, so a lookup made inside it (a trace hook's) leaves this one's name and answer alone.
  const outerName = lookupName;
  const outerIndex = lookupIndex;
  lookupName = link;
  lookupIndex = 0;
  try {
    conn.raw(RTM.GETLINK, 0, buildLookup, readLookup);
    return lookupIndex;
  } catch (e) {
    throw subjectError(e, "ENODEV", missingLink(field, link));
  } finally {
    lookupName = outerName;
    lookupIndex = outerIndex;
  }
}

/** The name being looked up and the index its answer carried (see resolveIndex). */
let lookupName = "";
let lookupIndex = 0;

/** RTM_GETLINK for `lookupName`: struct ifinfomsg all zero, IFLA_IFNAME (IFLA_ALT_IFNAME for an alternative name), IFLA_EXT_MASK skipping statistics. */
function buildLookup(w: NlWriter): void {
  w.zeros(16);
  w.attrString(isAltName(lookupName) ? IFLA_ALT_IFNAME : IFLA_IFNAME, lookupName);
  w.attrU32(IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
}

function readLookup(_buf: Uint8Array, dv: DataView, payload: number, _end: number, type: number): void {
  if (type === RTM.NEWLINK) lookupIndex = dv.getInt32(payload + 4, HOST_LE);
}

/** The subject of a missing link's error: the field and what it named. */
export function missingLink(field: string, link: string | number): string {
  return typeof link === "number" ? `${field}: no link with index ${link}` : `${field}: no link named ${JSON.stringify(link)}`;
}
