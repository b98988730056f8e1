/**
 * `encap TYPE ...` of `ip route add` and of its `nexthop` hops
 * (ip/iproute_lwtunnel.c lwt_parse_encap): `encap mpls LABEL[/LABEL...]
 * [ttl N]` (parse_encap_mpls), `encap ip` and `encap ip6` (parse_encap_ip /
 * parse_encap_ip6), whose LWTUNNEL_IP*_ attributes are written in argument
 * order with the flags last, as ip 6.1 writes them. Also used by `ip
 * nexthop add ... encap`.
 */
import type { RouteEncapSpec } from "../lib/rtnl/route/api.ts";
import type { Args } from "./args.ts";
import { getUnsigned } from "./args.ts";
import { AF } from "./context.ts";
import { CliError, duparg2, invarg } from "./errors.ts";
import { DSFIELDS } from "../lib/format/names.ts";
import { needAddr } from "./prefix.ts";

/** read_encap_type()'s names; only ip and ip6 are parsed here. */
const ENCAP_TYPES = ["mpls", "ip", "ila", "ip6", "bpf", "seg6", "seg6local", "rpl", "ioam6", "xfrm"];

/** linux/if_tunnel.h TUNNEL_CSUM / TUNNEL_KEY / TUNNEL_SEQ (big-endian u16 values). */
const FLAGS: Record<string, number> = { csum: 0x01, key: 0x04, seq: 0x08 };

/** One netlink attribute (host-endian header, payload padded to 4 bytes) as hex. */
function attr(type: number, payload: Uint8Array): string {
  const len = 4 + payload.length;
  const b = new Uint8Array((len + 3) & ~3);
  new DataView(b.buffer).setUint16(0, len, true);
  new DataView(b.buffer).setUint16(2, type, true);
  b.set(payload, 4);
  return Buffer.from(b).toString("hex");
}

/** get_u64() with base 0: decimal, 0x hex or leading-0 octal, at most 2^64-1. */
function u64(v: string): bigint | undefined {
  const m = /^[ \t\n\v\f\r]*\+?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(v);
  if (!m) return undefined;
  const t = m[1]!;
  const n = /^0[xX]/.test(t) ? BigInt(t) : t.length > 1 && t[0] === "0" ? BigInt(`0o${t.slice(1)}`) : BigInt(t);
  return n > 0xffffffffffffffffn ? undefined : n;
}

/**
 * Parse `encap TYPE ...` with `a` just past the word `encap`; stops at the
 * first word the encap type does not know (left for the caller).
 */
export function parseEncap(a: Args): RouteEncapSpec {
  const type = a.value();
  if (!ENCAP_TYPES.includes(type)) throw invarg('"encap type" value is invalid\n', type);
  if (a.left === 0) a.value();
  if (a.left <= 1) throw new CliError('Error: unexpected end of line after "encap"\n', 255, true);
  if (type === "mpls") return parseMpls(a);
  if (type !== "ip" && type !== "ip6") throw new CliError(`bun-netlink: "encap ${type}" is not supported\n`, 1, false);
  const v6 = type === "ip6";
  // LWTUNNEL_IP_* and LWTUNNEL_IP6_* (linux/lwtunnel.h) share the numbers: ttl/hoplimit 4, tos/tc 5
  const T = { id: 1, dst: 2, src: 3, ttl: 4, tos: 5, flags: 6 };
  const tosWord = v6 ? "tc" : "tos";
  const ttlWord = v6 ? "hoplimit" : "ttl";
  const seen = new Set<string>();
  const once = (k: string, v: string) => {
    if (seen.has(k)) throw duparg2(k, v);
    seen.add(k);
  };
  let hex = "";
  let flags = 0;
  while (!a.done) {
    const w = a.peek()!;
    if (w === "id") {
      a.take();
      const v = a.value();
      once("id", v);
      const n = u64(v);
      if (n === undefined) throw invarg('"id" value is invalid\n', v);
      const b = new Uint8Array(8);
      new DataView(b.buffer).setBigUint64(0, n, false);
      hex += attr(T.id, b);
    } else if (w === "dst" || w === "src") {
      a.take();
      const v = a.value();
      once(w, v);
      hex += attr(T[w], needAddr(v, v6 ? AF.INET6 : AF.INET).bytes);
    } else if (w === tosWord) {
      a.take();
      const v = a.value();
      once(w, v);
      const t = DSFIELDS.id(v);
      if (t === undefined || t > 255) throw invarg(`"${w}" value is invalid\n`, v);
      hex += attr(T.tos, Uint8Array.of(t));
    } else if (w === ttlWord) {
      a.take();
      const v = a.value();
      once(w, v);
      const t = getUnsigned(v, 255);
      if (t === undefined) throw invarg(`"${w}" value is invalid\n`, v);
      hex += attr(T.ttl, Uint8Array.of(t));
    } else if (w in FLAGS && Object.hasOwn(FLAGS, w)) {
      a.take();
      if (seen.has(w)) throw duparg2(w, w);
      seen.add(w);
      flags |= FLAGS[w]!;
    } else if (w === "geneve_opts" || w === "vxlan_opts" || w === "erspan_opts") {
      throw new CliError(`bun-netlink: "encap ${type} ${w}" is not supported\n`, 1, false);
    } else break;
  }
  if (flags) hex += attr(T.flags, Uint8Array.of(0, flags));
  return { type, data: hex };
}

/** inet_prefix's room (64 u32) for an AF_MPLS address: mpls_pton's label limit. */
const MPLS_MAX_LABELS = 64;

/**
 * mpls_pton: labels separated by "/", each strtoul(base 0) below 2^20;
 * "too many" past 64 labels (ip says so before refusing the address).
 */
function mplsLabels(s: string): number[] | "too many" | undefined {
  const out: number[] = [];
  let rest = s;
  for (;;) {
    if (out.length === MPLS_MAX_LABELS) return "too many";
    const m = /^[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(rest);
    if (!m) return undefined;
    const t = m[2]!;
    const n = /^0[xX]/.test(t) ? Number.parseInt(t.slice(2), 16) : t.length > 1 && t[0] === "0" ? Number.parseInt(t, 8) : Number(t);
    if (n >= 1 << 20 || (m[1] === "-" && n !== 0)) return undefined; // a negative label wraps past the limit
    out.push(n);
    rest = rest.slice(m[0].length);
    if (rest === "") return out;
    if (rest[0] !== "/") return undefined;
    rest = rest.slice(1);
  }
}

/** parse_encap_mpls: the label stack (get_addr AF_MPLS: exit 1 when invalid), then `ttl N` at most once. */
function parseMpls(a: Args): RouteEncapSpec {
  const v = a.take()!;
  const labels = mplsLabels(v);
  if (labels === undefined || labels === "too many") {
    throw new CliError(`${labels === "too many" ? "Error: too many labels.\n" : ""}Error: mpls address is expected rather than "${v}".\n`, 1, false);
  }
  let ttl: number | undefined;
  while (a.peek() === "ttl") {
    a.take();
    const t = a.value();
    if (ttl !== undefined) throw duparg2("ttl", t);
    const n = getUnsigned(t, 255);
    if (n === undefined) throw invarg('"ttl" value is invalid\n', t);
    ttl = n;
  }
  return ttl === undefined ? { type: "mpls", labels } : { type: "mpls", labels, ttl };
}
