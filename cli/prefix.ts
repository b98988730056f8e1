/**
 * Addresses and prefixes on the command line, read as ip's get_prefix /
 * get_addr do (lib/utils.c): "default", "any" and "all" are the zero
 * prefix, IPv4 is read as get_addr_ipv4 reads it (inet-parts.ts: fewer
 * than four parts, "10/8"; hex and octal parts), and a mismatch with the
 * requested family is an error with ip's wording.
 */
import { formatIP, parseIP } from "../lib/ip.ts";
import { AF } from "./context.ts";
import { fatal1 } from "./errors.ts";
import { getUnsigned } from "./args.ts";
import { ipv4 } from "./inet-parts.ts";

/** A parsed prefix: family, address bytes, prefix length, and how it was written. */
export interface PrefixArg {
  family: number;
  bytes: Uint8Array;
  bitlen: number;
  /** True when no "/N" was given (a host route). */
  host: boolean;
  /** "default"/"any"/"all". */
  any: boolean;
  /** Canonical text of the address. */
  text: string;
}

function fam(name: number): string {
  return name === AF.INET ? "inet" : name === AF.INET6 ? "inet6" : "any valid";
}

function formatBytes(b: Uint8Array): string {
  if (b.length === 4) return Array.from(b).join(".");
  return formatIP(b, 0, 16);
}

/** Parse an address of `family` (AF.UNSPEC: either); undefined when invalid. */
export function parseAddrArg(s: string, family: number): { family: number; bytes: Uint8Array; text: string } | undefined {
  if (s.includes(":")) {
    if (family === AF.INET) return undefined;
    try {
      const r = parseIP(s);
      return { family: AF.INET6, bytes: r.bytes, text: formatBytes(r.bytes) };
    } catch {
      return undefined;
    }
  }
  if (family === AF.INET6) return undefined;
  const b = ipv4(s);
  return b ? { family: AF.INET, bytes: b, text: formatBytes(b) } : undefined;
}

/**
 * ip's get_netmask (base 0): a length as strtoul reads it ("020" is 16), or
 * an IPv4 netmask in dotted form whose host part is 2^n - 1 ("255.255.0.0"
 * is 16, for either family); undefined otherwise.
 */
function netmaskBits(l: string): number | undefined {
  const n = getUnsigned(l);
  if (n !== undefined) return n;
  const b = ipv4(l);
  if (b === undefined) return undefined;
  const mask = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  const host = ~mask >>> 0;
  if ((host & (host + 1)) !== 0) return undefined; // not 2^n - 1 (ToInt32 makes 2^32 zero: a 0.0.0.0 mask is /0)
  return Math.clz32(host);
}

/** Parse a prefix; undefined when invalid (the caller picks ip's message). */
export function parsePrefixArg(s: string, family: number): PrefixArg | undefined {
  if (s === "default" || s === "any" || s === "all") {
    const f = family === AF.INET6 ? AF.INET6 : family === AF.INET ? AF.INET : AF.UNSPEC;
    const len = f === AF.INET6 ? 16 : f === AF.INET ? 4 : 0;
    return { family: f, bytes: new Uint8Array(len), bitlen: 0, host: false, any: true, text: s };
  }
  const slash = s.indexOf("/");
  const addr = parseAddrArg(slash < 0 ? s : s.slice(0, slash), family);
  if (!addr) return undefined;
  const max = addr.bytes.length * 8;
  let bitlen = max;
  if (slash >= 0) {
    const l = netmaskBits(s.slice(slash + 1));
    if (l === undefined || l > max) return undefined;
    bitlen = l;
  }
  return { family: addr.family, bytes: addr.bytes, bitlen, host: slash < 0, any: false, text: addr.text };
}

/**
 * The family a request starts from, as ip's preferred_family: -4/-6, or
 * AF_PACKET with -0 / -f link (in which get_prefix takes no prefix), else
 * unspecified (the first address decides).
 */
export function requestFamily(ctx: { opts: { family: number } }): number {
  const f = ctx.opts.family;
  return f === AF.INET || f === AF.INET6 || f === AF.PACKET ? f : AF.UNSPEC;
}

/**
 * get_prefix()'s first check: with -0 / -f link (AF_PACKET) no prefix is
 * taken, ip's fatal "Error: "X" may be inet prefix, but it is not allowed
 * in this context." (exit 1).
 */
export function refusePacketPrefix(s: string, family: number): void {
  if (family === AF.PACKET) throw fatal1(`Error: "${s}" may be inet prefix, but it is not allowed in this context.`);
}

/** get_prefix(): a prefix or ip's fatal "Error: <family> prefix is expected rather than ..." (exit 1). */
export function needPrefix(s: string, family: number): PrefixArg {
  refusePacketPrefix(s, family);
  const p = parsePrefixArg(s, family);
  if (!p) throw fatal1(`Error: ${fam(family)} prefix is expected rather than "${s}".`);
  return p;
}

/** get_addr(): an address or ip's fatal "Error: <family> address is expected rather than ..." (exit 1). */
export function needAddr(s: string, family: number): { family: number; bytes: Uint8Array; text: string } {
  const a = parseAddrArg(s, family);
  if (!a) throw fatal1(`Error: ${fam(family)} address is expected rather than "${s}".`);
  return a;
}

/** True when address text `addr` lies in prefix `p` (ip's inet_addr_match). */
export function prefixMatch(addr: string, p: PrefixArg): boolean {
  if (p.any && p.family === AF.UNSPEC) return true;
  const a = parseAddrArg(addr, AF.UNSPEC);
  if (!a || a.family !== p.family) return false;
  let bits = p.bitlen;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((a.bytes[i]! & mask) !== (p.bytes[i]! & mask)) return false;
  }
  return true;
}
