/**
 * The value readers tc 6.1's flower parser relies on (lib/utils.c,
 * lib/ll_addr.c): get_u8/u16/u32 over strtoul with its bases, get_prefix
 * for IPv4/IPv6 prefixes (dotted netmasks too), ll_addr_a2n for MACs,
 * hex2mem, check_ifname. Each returns undefined where tc's returns -1.
 */

/** strtoul(s, &end, base) consuming the whole (non-empty) string, at most `max`; undefined otherwise. */
export function getUnsignedC(s: string, base: 0 | 10 | 16, max: number): number | undefined {
  let t = s.replace(/^[ \t\n\v\f\r]+/, "");
  let neg = false;
  if (t[0] === "+" || t[0] === "-") { neg = t[0] === "-"; t = t.slice(1); }
  let b: number = base;
  if ((b === 0 || b === 16) && /^0x[0-9a-f]/i.test(t)) { t = t.slice(2); b = 16; }
  else if (b === 0) b = t.startsWith("0") ? 8 : 10;
  const digits = b === 16 ? /^[0-9a-f]+$/i : b === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
  if (!digits.test(t)) return undefined;
  const v = Number.parseInt(t, b);
  if (neg) return v === 0 ? 0 : undefined; // strtoul wraps a negative value past every max
  return v > max ? undefined : v;
}

/** get_addr_ipv4: up to four dot-separated strtoul(…, 0) parts, each at most 255. */
function ipv4(s: string): number[] | undefined {
  const out = [0, 0, 0, 0];
  let rest = s;
  for (let i = 0; i < 4; i++) {
    const m = /^(0x[0-9a-f]*|[0-9]*)/i.exec(rest)!;
    const part = m[1]!;
    if (part === "") return undefined;
    const n = getUnsignedC(part, 0, 255);
    if (n === undefined) return undefined;
    out[i] = n;
    rest = rest.slice(part.length);
    if (rest === "") return out;
    if (i === 3 || rest[0] !== ".") return undefined;
    rest = rest.slice(1);
  }
  return out;
}

/** inet_pton(AF_INET6): 16 bytes or undefined. */
function ipv6(s: string): number[] | undefined {
  if (!/^[0-9a-f:.]+$/i.test(s)) return undefined;
  let t = s;
  const lastColon = s.lastIndexOf(":");
  if (s.slice(lastColon + 1).includes(".")) {
    const v4 = s.slice(lastColon + 1);
    if (!/^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4)) return undefined;
    const q = v4.split(".").map(Number);
    if (q.some((x) => x > 255)) return undefined;
    t = s.slice(0, lastColon + 1) + `${((q[0]! << 8) | q[1]!).toString(16)}:${((q[2]! << 8) | q[3]!).toString(16)}`;
  }
  const halves = t.split("::");
  if (halves.length > 2) return undefined;
  const groups = (h: string) => (h === "" ? [] : h.split(":"));
  const a = groups(halves[0]!), b = halves.length === 2 ? groups(halves[1]!) : [];
  if ([...a, ...b].some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  const n = a.length + b.length;
  if (halves.length === 1 ? n !== 8 : n > 7) return undefined;
  const words = [...a, ...Array(8 - n).fill("0"), ...b].map((g) => Number.parseInt(g, 16));
  const bytes = words.flatMap((w) => [w >> 8, w & 0xff]);
  return bytes;
}

/** A parsed prefix: family, address bytes and prefix length. */
export interface CPrefix { family: 4 | 6; bytes: number[]; bitlen: number }

/** get_prefix_1(dst, arg, family); family 0 is AF_UNSPEC. undefined where tc fails. */
export function getPrefixC(s: string, family: 0 | 4 | 6): CPrefix | undefined {
  const slash = s.indexOf("/");
  const addr = slash < 0 ? s : s.slice(0, slash);
  let p: CPrefix;
  if (addr.includes(":")) {
    if (family === 4) return undefined;
    const b = ipv6(addr);
    if (b === undefined) return undefined;
    p = { family: 6, bytes: b, bitlen: 128 };
  } else {
    if (family === 6) return undefined;
    const b = ipv4(addr);
    if (b === undefined) return undefined;
    p = { family: 4, bytes: b, bitlen: 32 };
  }
  if (slash >= 0) {
    const m = s.slice(slash + 1);
    // get_netmask: an integer (base 0), else a dotted IPv4 mask of contiguous ones
    let len = getUnsignedC(m, 0, 0x7fffffff);
    if (len === undefined && !m.includes(":")) {
      const b = ipv4(m);
      if (b !== undefined) {
        const v = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
        const inv = ~v >>> 0;
        if ((inv & (inv + 1)) === 0) len = 32 - (inv === 0 ? 0 : 32 - Math.clz32(inv));
      }
    }
    if (len === undefined || len > p.bitlen) return undefined;
    p.bitlen = len;
  }
  return p;
}

/** The text of an address's bytes. */
export function addrText(family: 4 | 6, b: number[]): string {
  if (family === 4) return b.join(".");
  const w: string[] = [];
  for (let i = 0; i < 16; i += 2) w.push(((b[i]! << 8) | b[i + 1]!).toString(16));
  return w.join(":");
}

/** __flower_parse_ip_addr's mask: prefix length to mask bytes. */
export function maskBytes(family: 4 | 6, bitlen: number): number[] {
  const n = family === 4 ? 4 : 16;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const bits = Math.max(0, Math.min(8, bitlen - 8 * i));
    out.push((0xff00 >> bits) & 0xff);
  }
  return out;
}

/** ll_addr_a2n into a 6-byte buffer: colon-separated sscanf("%x") bytes; on error the piece tc names. */
export function llAddrC(s: string): number[] | { bad: string } {
  const out = [0, 0, 0, 0, 0, 0];
  if (s.includes(".")) return { bad: s };
  const parts = s.split(":");
  for (let i = 0; i < 6 && i < parts.length; i++) {
    const m = /^[ \t\n\v\f\r]*([+-]?)(?:0x)?([0-9a-f]+)/i.exec(parts[i]!);
    if (m === null) return { bad: parts[i]! };
    const v = Number.parseInt(m[2]!, 16) * (m[1] === "-" ? -1 : 1);
    if (v < 0 || v > 255) return { bad: parts[i]! };
    out[i] = v;
  }
  return out;
}

/** Colon hex of MAC bytes. */
export function macText(b: number[]): string {
  return b.map((x) => x.toString(16).padStart(2, "0")).join(":");
}

/** hex2mem(s, buf, n): n bytes from hex pairs; undefined when a pair is not hex. */
export function hex2mem(s: string, n: number): string | undefined {
  const t = s.slice(0, 2 * n);
  return /^([0-9a-f]{2})*$/i.test(t) ? t.toLowerCase() : undefined;
}

/** check_ifname: non-empty, shorter than IFNAMSIZ, no '/' or whitespace. */
export function validIfname(s: string): boolean {
  return s !== "" && new TextEncoder().encode(s).length < 16 && !/[/ \t\n\v\f\r]/.test(s);
}

/** lib/ppp_proto.c names (PPP protocol numbers, linux/ppp_defs.h). */
export const PPP_PROTO: Record<string, number> = {
  ip: 0x21, at: 0x29, ipx: 0x2b, vjc_comp: 0x2d, vjc_uncomp: 0x2f, mp: 0x3d, ipv6: 0x57, compfrag: 0xfb, comp: 0xfd,
  mpls_uc: 0x281, mpls_mc: 0x283, ipcp: 0x8021, atcp: 0x8029, ipxcp: 0x802b, ipv6cp: 0x8057, ccpfrag: 0x80fb, ccp: 0x80fd,
  mplscp: 0x8281, lcp: 0xc021, pap: 0xc023, lqr: 0xc025, chap: 0xc223, cbcp: 0xc029,
};
