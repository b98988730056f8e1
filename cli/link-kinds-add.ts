/**
 * Kind arguments of `ip link add ... type KIND ARGS` for the kinds whose
 * options LinkApi types in lib/rtnl/link/kinds.ts and link-tunnels.ts:
 * vlan, ipvlan, bond, vrf, gre/gretap/ip6gre/ip6gretap, ipip/sit, ip6tnl,
 * geneve, and the option-less dummy and wireguard (iproute2 6.1's
 * ip/iplink_vlan.c, iplink_ipvlan.c, iplink_bond.c, iplink_vrf.c,
 * link_gre.c, link_gre6.c, link_iptnl.c, link_ip6tnl.c, iplink_geneve.c).
 * Keywords, values and error messages follow ip's parsers; the encoding
 * (and its order) is LinkApi's, which matches ip's bytes.
 */
import { flagOnOff as onOff } from "./link-parse.ts";
import type { LinkAddSpec } from "../lib/rtnl/link/api.ts";
import { Args, matches, unsignedArg } from "./args.ts";
import type { Ctx } from "./context.ts";
import { CliError, invarg } from "./errors.ts";
import { isKeywordOf, kindWord, unparsedKindArgs } from "./link-help.ts";
import type { LinkNames } from "./link-names.ts";
import { needAddr } from "./prefix.ts";

type Data = Record<string, unknown>;

/** A kind parser's answer to `help` or an unknown word (link-help.ts kindWord). */
type Bad = (word: string, unknown: string | null) => CliError;

/** Kinds parsed here. */
export const ADD_KINDS = new Set([
  "dummy", "wireguard", "vlan", "ipvlan", "bond", "vrf", "gre", "gretap", "ip6gre", "ip6gretap", "ipip", "sit", "ip6tnl", "geneve",
]);

/** A kind parser's own failure (ip's `return -1` from parse_opt: exit 1). */
function fail(msg: string): CliError {
  return new CliError(msg.endsWith("\n") ? msg : msg + "\n", 1, false);
}


/** A link name of this namespace (ll_name_to_index; ip exits with nodev's -1). */
function dev(names: LinkNames, v: string): number {
  const i = names.indexOf(v);
  if (!i) throw new CliError(`Cannot find device "${v}"\n`, 255, true);
  return i;
}

/** rtnl_dsfield_a2n(): hex (as ip reads it), below 256; "inherit" is 1. */
function tos(v: string): number {
  if (v === "inherit") return 1;
  const s = v.replace(/^0x/i, "");
  if (!/^[0-9a-f]+$/i.test(s) || Number.parseInt(s, 16) > 255) throw invarg("bad TOS value", v);
  return Number.parseInt(s, 16);
}

/** TTL / hoplimit: "inherit" is 0, else 0..255 (ip's get_u8). */
function ttl(v: string): number {
  if (v === "inherit") return 0;
  return unsignedArg(v, "invalid TTL\n", 255);
}

function vlan(a: Args, d: Data, bad: Bad): void {
  const flags: Record<string, boolean> = {};
  const qos = (key: string, field: string) => {
    const maps: Array<{ from: number; to: number }> = [];
    const first = a.value();
    a.back();
    for (let w = a.take(); w !== undefined; w = a.take()) {
      const m = /^(\d+):(\d+)$/.exec(w);
      if (!m || Number(m[1]) > 0xffffffff || Number(m[2]) > 0xffffffff) { a.back(); break; }
      maps.push({ from: Number(m[1]), to: Number(m[2]) });
    }
    if (!maps.length) throw invarg(`invalid ${key}`, first);
    d[field] = maps;
  };
  while (!a.done) {
    const w = a.word();
    if (matches(w, "protocol")) {
      const v = a.value();
      const p = v.toLowerCase() === "802.1q" ? "802.1Q" : v.toLowerCase() === "802.1ad" ? "802.1ad" : undefined;
      if (!p) throw invarg("protocol is invalid", v);
      d.protocol = p;
    } else if (matches(w, "id")) d.id = unsignedArg(a.value(), "id is invalid", 0xffff);
    else if (matches(w, "reorder_hdr")) flags.reorderHdr = onOff(a, "reorder_hdr");
    else if (matches(w, "gvrp")) flags.gvrp = onOff(a, "gvrp");
    else if (matches(w, "mvrp")) flags.mvrp = onOff(a, "mvrp");
    else if (matches(w, "loose_binding")) flags.looseBinding = onOff(a, "loose_binding");
    else if (matches(w, "bridge_binding")) flags.bridgeBinding = onOff(a, "bridge_binding");
    else if (matches(w, "ingress-qos-map")) qos("ingress-qos-map", "ingressQos");
    else if (matches(w, "egress-qos-map")) qos("egress-qos-map", "egressQos");
    else throw bad(w, `vlan: unknown command "${w}"?`);
  }
  if (Object.keys(flags).length) d.flags = flags;
  // ip leaves both checks to the kernel; these are 8021q's answers (vlan_validate), exit 2 as from the kernel.
  if (d.id === undefined) throw new CliError("Error: 8021q: VLAN id not specified.\n", 2, false);
  if ((d.id as number) > 4095) throw new CliError("Error: 8021q: Invalid VLAN id.\n", 2, false);
}

function ipvlan(a: Args, d: Data, bad: Bad): void {
  while (!a.done) {
    const w = a.word();
    if (matches(w, "mode")) {
      const v = a.value();
      if (v !== "l2" && v !== "l3" && v !== "l3s") throw fail('Error: argument of "mode" must be either "l2", "l3" or "l3s"');
      d.mode = v;
    } else if (w === "private" || w === "vepa" || w === "bridge") d.flags = w;
    else throw bad(w, `ipvlan: unknown option "${w}"?`);
  }
}

const BOND_MODES = ["balance-rr", "active-backup", "balance-xor", "broadcast", "802.3ad", "balance-tlb", "balance-alb"];
const XMIT = ["layer2", "layer3+4", "layer2+3", "encap2+3", "encap3+4", "vlan+srcmac"];

function bond(a: Args, d: Data, names: LinkNames, bad: Bad): void {
  const choice = (list: readonly string[], msg: string): string | number => {
    const v = a.value();
    if (list.includes(v)) return v;
    if (/^\d+$/.test(v) && Number(v) < list.length) return list[Number(v)]!;
    throw invarg(msg, v);
  };
  const u = (field: string, key: string) => { d[field] = unsignedArg(a.value(), `invalid ${key}`); };
  while (!a.done) {
    const w = a.word();
    if (w === "mode") d.mode = choice(BOND_MODES, "invalid mode");
    else if (w === "miimon") u("miimon", "miimon");
    else if (w === "updelay") u("updelay", "updelay");
    else if (w === "downdelay") u("downdelay", "downdelay");
    else if (w === "xmit_hash_policy") d.xmitHashPolicy = choice(XMIT, "invalid xmit_hash_policy");
    else if (w === "lacp_rate") d.adLacpRate = choice(["slow", "fast"], "invalid lacp_rate");
    else if (w === "ad_select") d.adSelect = choice(["stable", "bandwidth", "count"], "invalid ad_select");
    else if (w === "min_links") u("minLinks", "min_links");
    else if (w === "use_carrier") d.useCarrier = unsignedArg(a.value(), "invalid use_carrier", 255) !== 0;
    else if (w === "arp_interval") u("arpInterval", "arp_interval");
    else if (w === "arp_ip_target") {
      const v = a.value();
      d.arpIpTarget = v.split(",").map((t) => {
        if (needAddr(t, 2).text !== t) throw invarg("invalid arp_ip_target address", v);
        return t;
      });
    } else if (w === "resend_igmp") u("resendIgmp", "resend_igmp");
    else if (w === "all_slaves_active") d.allSlavesActive = unsignedArg(a.value(), "invalid all_slaves_active", 255) !== 0;
    else if (w === "primary") d.primary = dev(names, a.value());
    else if (w === "packets_per_slave") u("packetsPerSlave", "packets_per_slave");
    else if (w === "ad_actor_sys_prio") d.adActorSysPrio = unsignedArg(a.value(), "invalid ad_actor_sys_prio", 0xffff);
    else if (w === "ad_user_port_key") d.adUserPortKey = unsignedArg(a.value(), "invalid ad_user_port_key", 0xffff);
    else throw bad(w, `bond: unknown command "${w}"?`);
  }
}

function vrf(a: Args, d: Data, bad: Bad): void {
  while (!a.done) {
    const w = a.word();
    if (matches(w, "table")) d.table = unsignedArg(a.value(), "invalid table ID\n");
    else throw bad(w, `vrf: unknown option "${w}"?`);
  }
}

/** gre, gretap, ip6gre, ip6gretap, ipip, sit, ip6tnl: the tunnel keywords LinkApi types. */
function tunnel(kind: string, a: Args, d: Data, names: LinkNames, bad: Bad): void {
  const v6 = kind.startsWith("ip6");
  const isGre = kind.includes("gre");
  const addr = (v: string) => (v === "any" ? (v6 ? "::" : "0.0.0.0") : needAddr(v, v6 ? 10 : 2).text);
  const key = (v: string): number => {
    if (v.includes(".")) {
      if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(v) || v.split(".").some((b) => Number(b) > 255)) {
        throw fail(`Error: an IP address is expected rather than "${v}"`);
      }
      const t = v.split(".").map(Number);
      return ((t[0]! << 24) | (t[1]! << 16) | (t[2]! << 8) | t[3]!) >>> 0;
    }
    return unsignedArg(v, "invalid value for \"key\"");
  };
  while (!a.done) {
    const w = a.word();
    if (w === "remote") d.remote = addr(a.value());
    else if (w === "local") d.local = addr(a.value());
    else if (w === "dev") d.link = dev(names, a.value());
    else if (w === "ttl" || w === "hoplimit" || w === "hlim") d.ttl = ttl(a.value());
    else if (!v6 && (w === "tos" || w === "tclass" || matches(w, "dsfield"))) d.tos = tos(a.value());
    else if (w === "nopmtudisc" && !v6) d.pmtudisc = false;
    else if (w === "pmtudisc" && !v6) d.pmtudisc = true;
    else if (w === "fwmark") d.fwmark = unsignedArg(a.value(), "invalid fwmark\n");
    else if (v6 && (w === "encaplimit")) {
      const v = a.value();
      d.encapLimit = v === "none" ? 255 : unsignedArg(v, "invalid ELIM", 255);
    } else if (isGre && (w === "key" || w === "ikey" || w === "okey")) d[w] = key(a.value());
    else if (isGre && ["seq", "iseq", "oseq", "csum", "icsum", "ocsum"].includes(w)) d[w] = true;
    else if (kind === "ip6tnl" && w === "mode") {
      const v = a.value();
      if (v === "ipv6/ipv6" || v === "ip6ip6") d.mode = "ip6ip6";
      else if (v === "ip/ipv6" || v === "ipv4/ipv6" || v === "ipip6" || v === "ip4ip6") d.mode = "ipip6";
      else if (v === "any/ipv6" || v === "any") d.mode = "any";
      else throw invarg("Cannot guess tunnel mode.", v);
    } else if (isKeywordOf(kind, w)) throw fail(`bun-netlink: ${kind} option "${w}" is not supported`);
    else throw bad(w, null); // ip's tunnel parsers print their help for any other word
  }
}

function geneve(a: Args, d: Data, bad: Bad): void {
  while (!a.done) {
    const w = a.word();
    if (w === "id" || w === "vni") d.id = unsignedArg(a.value(), "invalid id", 0xffffff);
    else if (w === "remote") d.remote = needAddr(a.value(), 0).text;
    else if (w === "ttl" || w === "hoplimit") {
      const v = a.value();
      if (v === "auto") d.ttl = 0;
      else if (unsignedArg(v, "invalid TTL") > 255) throw invarg("TTL must be <= 255", v);
      else d.ttl = Number(v);
    } else if (w === "tos" || w === "dsfield") d.tos = tos(a.value());
    else if (w === "label" || w === "flowlabel") d.label = unsignedArg(a.value(), "invalid flowlabel", 0xfffff);
    else if (w === "dstport") d.dstPort = unsignedArg(a.value(), "dstport", 0xffff);
    else throw bad(w, `geneve: unknown command "${w}"?`);
  }
  if (d.id === undefined) throw fail("geneve: missing virtual network identifier");
}

/** Fill `spec.data` from the words after `type KIND` for one of ADD_KINDS. */
export function addKindData(ctx: Ctx, kind: string, argv: string[], names: LinkNames, spec: LinkAddSpec): void {
  const a = new Args(argv);
  const d: Data = {};
  if (kind === "dummy" || kind === "wireguard") {
    if (unparsedKindArgs(ctx, kind, argv) === "ignore") return;
    throw fail(`bun-netlink: options of link type "${kind}" are not supported: ${a.rest().join(" ")}`);
  }
  const bad: Bad = (w, unknown) => kindWord(ctx, kind, w, unknown);
  if (kind === "vlan") vlan(a, d, bad);
  else if (kind === "ipvlan") ipvlan(a, d, bad);
  else if (kind === "bond") bond(a, d, names, bad);
  else if (kind === "vrf") vrf(a, d, bad);
  else if (kind === "geneve") geneve(a, d, bad);
  else tunnel(kind, a, d, names, bad);
  if (Object.keys(d).length) spec.data = d as LinkAddSpec["data"];
}
