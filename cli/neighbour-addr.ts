/**
 * Addresses as `ip neigh` reads them (lib/utils.c get_addr_1 / get_prefix_1
 * and lib/ll_addr.c ll_addr_a2n of iproute2 6.1), with the family ip was
 * given: -0 / -f link (AF_PACKET) takes a link-layer address ("a:b:c" hex
 * bytes as sscanf %x reads them, or a dotted quad as 4 bytes), -M an MPLS
 * label stack, -B nothing but "default"/"any"/"all"; IPv4 parts are
 * strtoul's (hex, octal, leading blanks). ll_addr_a2n cuts its argument at
 * the first ':' as it goes, so ip's later message names only that part.
 */
import { parseIPv6Into } from "../codecs/ip/ipv6-parse.ts";
import { AF } from "./context.ts";
import { CliError, fatal1 } from "./errors.ts";
import { getUnsigned } from "./args.ts";
import { ipv4, strtoul, U64_MAX } from "./inet-parts.ts";

/** An inet_prefix: family, the address bytes (bytelen of them) and bitlen (-1 an address, -2 "default"/"any"/"all"). */
export interface InetAddr {
  family: number;
  bytes: Uint8Array;
  bitlen: number;
}

/** What get_addr_1 made of a word: the address (undefined: invalid), what it printed, and the word as ip's argv then holds it. */
export interface AddrParse {
  addr: InetAddr | undefined;
  stderr: string;
  shown: string;
}

/** lib/utils.c family_name. */
export function familyName(family: number): string {
  switch (family) {
    case AF.INET: return "inet";
    case AF.INET6: return "inet6";
    case AF.PACKET: return "link";
    case AF.MPLS: return "mpls";
    case AF.BRIDGE: return "bridge";
    default: return "???";
  }
}

/** family_name_verbose: "any valid" for AF_UNSPEC. */
function familyNameVerbose(family: number): string {
  return family === AF.UNSPEC ? "any valid" : familyName(family);
}

function afBitLen(family: number): number {
  return family === AF.INET6 ? 128 : family === AF.INET ? 32 : family === AF.MPLS ? 20 : 0;
}

/** sscanf(s, "%x", &int): undefined when nothing converts, else the int the conversion stores. */
function scanHex(s: string): number | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?)(?:0[xX](?=[0-9a-fA-F]))?([0-9a-fA-F]*)/.exec(s)!;
  if (m[2] === "") return undefined;
  let v = BigInt(`0x${m[2]}`);
  if (v > U64_MAX) v = U64_MAX;
  if (m[1] === "-") v = ((1n << 64n) - v) & U64_MAX;
  return Number(BigInt.asIntN(32, v));
}

/**
 * ll_addr_a2n into a buffer of `len` bytes: the bytes, or the message it
 * printed; `shown` is the argument after its in-place cuts. Past `len`
 * colon-separated parts ip returns len + 1 (one byte beyond what it
 * filled): so do we, that byte zero.
 */
export function llAddrA2n(arg: string, len: number): { bytes?: Uint8Array; stderr: string; shown: string } {
  if (arg.includes(".")) {
    const b = arg.includes(":") ? undefined : ipv4(arg);
    return b ? { bytes: b, stderr: "", shown: arg } : { stderr: `"${arg}" is invalid lladdr.\n`, shown: arg };
  }
  const out: number[] = [];
  let rest = arg;
  let shown = arg;
  for (let i = 0; i < len; i++) {
    const colon = rest.indexOf(":");
    const part = colon < 0 ? rest : rest.slice(0, colon);
    if (i === 0 && colon >= 0) shown = part;
    const v = scanHex(part);
    if (v === undefined || v < 0 || v > 255) return { stderr: `"${part}" is invalid lladdr.\n`, shown };
    out.push(v);
    if (colon < 0) return { bytes: Uint8Array.from(out), stderr: "", shown };
    rest = rest.slice(colon + 1);
  }
  out.push(0);
  return { bytes: Uint8Array.from(out), stderr: "", shown };
}

/** mpls_pton: "/"-separated labels (strtoul, below 2^20), bottom of stack on the last; at most 64. */
function mpls(s: string): { bytes?: Uint8Array; stderr: string } {
  const out: number[] = [];
  let pos = 0;
  for (let n = 0; n < 64; n++) {
    const { value, end } = strtoul(s, pos);
    if (value >= 1n << 20n || end === pos) return { stderr: "" };
    const last = end === s.length;
    const entry = (Number(value) << 12 | (last ? 0x100 : 0)) >>> 0;
    out.push(entry >>> 24, (entry >>> 16) & 0xff, (entry >>> 8) & 0xff, entry & 0xff);
    if (last) return { bytes: Uint8Array.from(out), stderr: "" };
    if (s[end] !== "/") return { stderr: "" };
    pos = end + 1;
  }
  return { stderr: "Error: too many labels.\n" };
}

/** get_addr_1(name, family) of ip 6.1 (inet_prefix holds 256 address bytes). */
export function getAddr1(name: string, family: number): AddrParse {
  const fail = (stderr = "", shown = name): AddrParse => ({ addr: undefined, stderr, shown });
  const ok = (f: number, bytes: Uint8Array, bitlen: number, shown = name): AddrParse => ({ addr: { family: f, bytes, bitlen }, stderr: "", shown });
  if (name === "default") return family === AF.MPLS ? fail() : ok(family, new Uint8Array(afBitLen(family) / 8), -2);
  if (name === "all" || name === "any") return family === AF.MPLS ? fail() : ok(family, new Uint8Array(0), -2);
  if (family === AF.PACKET) {
    const l = llAddrA2n(name, 256);
    return l.bytes ? ok(AF.PACKET, l.bytes, l.bytes.length * 8, l.shown) : fail(l.stderr, l.shown);
  }
  if (name.includes(":")) {
    if (family !== AF.UNSPEC && family !== AF.INET6) return fail();
    const b = new Uint8Array(16);
    return parseIPv6Into(name, 0, name.length, b, 0) ? ok(AF.INET6, b, -1) : fail();
  }
  if (family === AF.MPLS) {
    const r = mpls(name);
    return r.bytes ? ok(AF.MPLS, r.bytes, 20) : fail(r.stderr);
  }
  if (family !== AF.UNSPEC && family !== AF.INET) return fail();
  const b = ipv4(name);
  return b ? ok(AF.INET, b, -1) : fail();
}

/** get_addr: the address, or what ip prints before exit(1) ("Error: <family> address is expected rather than ..."). */
export function getAddr(name: string, family: number): InetAddr {
  const r = getAddr1(name, family);
  if (r.addr) return r.addr;
  throw fatal1(`${r.stderr}Error: ${familyNameVerbose(family)} address is expected rather than "${r.shown}".`);
}

/** get_netmask (base 0): a number, or an IPv4 netmask whose host part is 2^n - 1. */
function netmask(arg: string): number | undefined {
  const n = getUnsigned(arg);
  if (n !== undefined) return n;
  const r = getAddr1(arg, AF.INET);
  if (!r.addr || r.addr.family !== AF.INET) return undefined;
  const b = r.addr.bytes;
  const mask = ((b[0] ?? 0) << 24 | (b[1] ?? 0) << 16 | (b[2] ?? 0) << 8 | (b[3] ?? 0)) >>> 0;
  const host = ~mask >>> 0;
  if (((host & (host + 1)) >>> 0) !== 0) return undefined;
  return Math.clz32(host);
}

/**
 * get_prefix of ip 6.1: with AF_PACKET no prefix at all ("may be inet
 * prefix, but it is not allowed in this context"), else get_prefix_1 or
 * "Error: <family> prefix is expected rather than ..." (both exit 1).
 */
export function getPrefix(arg: string, family: number): InetAddr {
  if (family === AF.PACKET) throw fatal1(`Error: "${arg}" may be inet prefix, but it is not allowed in this context.`);
  const slash = arg.indexOf("/");
  const r = getAddr1(slash < 0 ? arg : arg.slice(0, slash), family);
  const bad = (): CliError => fatal1(`${r.stderr}Error: ${familyNameVerbose(family)} prefix is expected rather than "${arg}".`);
  if (!r.addr) throw bad();
  const a = r.addr;
  let bitlen = afBitLen(a.family);
  if (slash >= 0) {
    if (a.bitlen === -2) throw bad();
    const plen = netmask(arg.slice(slash + 1));
    if (plen === undefined || plen > bitlen) throw bad();
    bitlen = plen;
  } else if (a.bitlen === -2) bitlen = 0;
  return { family: a.family, bytes: a.bytes, bitlen };
}

/**
 * inet_addr_match_rta: does NDA_DST (`dst`, its raw bytes; undefined when
 * absent) pass the prefix filter? An address of other than 4 or 16 bytes,
 * or of the other family, does not.
 */
export function prefixPasses(m: InetAddr | undefined, dst: Uint8Array | undefined): boolean {
  if (!m || dst === undefined || m.family === AF.UNSPEC || m.bitlen <= 0) return true;
  if (dst.length !== 4 && dst.length !== 16) return false;
  if ((dst.length === 4 ? AF.INET : AF.INET6) !== m.family) return false;
  let bits = m.bitlen;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((dst[i] ?? 0) & mask) !== ((m.bytes[i] ?? 0) & mask)) return false;
  }
  return true;
}
