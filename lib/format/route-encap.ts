/**
 * A route's or a multipath hop's lightweight-tunnel encap as `ip route
 * show` prints it (ip/iproute_lwtunnel.c lwt_print_encap of iproute2 6.1):
 * " encap TYPE " then, for ip and ip6, print_encap_ip/print_encap_ip6's
 * fields in their fixed order (id src dst ttl|hoplimit tos|tc, then the
 * key/csum/seq flags, then the geneve/vxlan/erspan options), for mpls the
 * label stack and ttl, for the others route-encap-lwt.ts. ip's JSON repeats
 * the key "dst" (the route's and the encap's); so does this.
 */
import { decodeIpEncapHex, TUNNEL_FLAGS } from "../../codecs/route/encap-ip.ts";
import type { Printer } from "./printer.ts";
import { printIpEncapOpts, printLwtEncap, type EncapEnv } from "./route-encap-lwt.ts";

/** format_encap_type(): the names ip prints (unknown numbers print "unknown"). */
const ENCAP_NAMES = new Set(["mpls", "ip", "ila", "ip6", "bpf", "seg6", "seg6local", "rpl", "ioam6", "xfrm"]);

/** Print `encap` (the decoded RTA_ENCAP) of type `encapType` (the decoded RTA_ENCAP_TYPE); nothing without a type. */
export function printEncap(p: Printer, encapType: unknown, encap: unknown, env: EncapEnv): void {
  if (encapType === undefined) return;
  const name = typeof encapType === "string" && ENCAP_NAMES.has(encapType) ? encapType : "unknown";
  p.str("encap", " encap %s ", name);
  if ((name === "ip" || name === "ip6") && typeof encap === "string") printIp(p, encap, name === "ip6");
  else if (name === "mpls" && encap !== null && typeof encap === "object") printMpls(p, encap as { dst?: Array<{ label: number }>; ttl?: number });
  else printLwtEncap(p, name, encap, env);
}

function printIp(p: Printer, hex: string, v6: boolean): void {
  let e: Record<string, any>;
  try {
    e = decodeIpEncapHex(hex, v6);
  } catch {
    return; // a malformed payload: ip's parse_rtattr would print what it could; nothing here
  }
  if (e.id !== undefined) p.num("id", "id %s ", e.id);
  if (e.src !== undefined) p.str("src", "src %s ", e.src);
  if (e.dst !== undefined) p.str("dst", "dst %s ", e.dst);
  if (v6) {
    if (e.hoplimit !== undefined) p.num("hoplimit", "hoplimit %s ", e.hoplimit);
    if (e.tc !== undefined) p.num("tc", "tc %s ", e.tc);
  } else {
    if (e.ttl !== undefined) p.num("ttl", "ttl %s ", e.ttl);
    if (e.tos !== undefined) p.num("tos", "tos %s ", e.tos);
  }
  if (e.flags !== undefined) {
    if (e.flags & TUNNEL_FLAGS.key) p.bool("key", "key ", true);
    if (e.flags & TUNNEL_FLAGS.csum) p.bool("csum", "csum ", true);
    if (e.flags & TUNNEL_FLAGS.seq) p.bool("seq", "seq ", true);
  }
  if (typeof e.opts === "string") printIpEncapOpts(p, e.opts);
}

function printMpls(p: Printer, e: { dst?: Array<{ label: number }>; ttl?: number }): void {
  if (e.dst !== undefined) p.str("dst", " %s ", e.dst.map((l) => String(l.label)).join("/"));
  if (e.ttl !== undefined) p.num("ttl", "ttl %s ", e.ttl);
}
