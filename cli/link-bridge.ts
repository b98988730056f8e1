/**
 * `ip link add|set ... type bridge ...` (ip/iplink_bridge.c of iproute2
 * 6.1, bridge_parse_opt): its words in its order (matches() prefixes,
 * strcmp where ip uses it), get_uN parsing and "invalid WORD" messages,
 * into LinkApi's BridgeOptions; values ip leaves to the kernel are passed
 * as numbers (LinkApi with checks "kernel").
 */
import type { BridgeOptions } from "../lib/rtnl/link/kinds.ts";
import { Args, getUnsigned, matches } from "./args.ts";
import { llProtoA2n } from "./ll-proto-arg.ts";
import type { Ctx } from "./context.ts";
import { invarg } from "./errors.ts";
import { kindHelp, kindWord } from "./link-help.ts";
import { mac } from "./link-parse.ts";
import { strtoulWord } from "../lib/format/names.ts";

type Num = "u8" | "u16" | "u32" | "u64";

/** [word, option, wire type]; "=" before a word: ip compares it exactly (strcmp). */
const WORDS: ReadonlyArray<[string, keyof BridgeOptions | "vlanProtocol" | "groupAddr" | "fdbFlush", Num | "proto" | "mac" | "flag"]> = [
  ["forward_delay", "forwardDelay", "u32"], ["hello_time", "helloTime", "u32"], ["max_age", "maxAge", "u32"],
  ["ageing_time", "ageingTime", "u32"], ["stp_state", "stpState", "u32"], ["priority", "priority", "u16"],
  ["vlan_filtering", "vlanFiltering", "u8"], ["vlan_protocol", "vlanProtocol", "proto"], ["group_fwd_mask", "groupFwdMask", "u16"],
  ["group_address", "groupAddr", "mac"], ["=no_linklocal_learn", "noLinklocalLearn", "u8"], ["fdb_flush", "fdbFlush", "flag"],
  ["vlan_default_pvid", "vlanDefaultPvid", "u16"], ["vlan_stats_enabled", "vlanStatsEnabled", "u8"],
  ["vlan_stats_per_port", "vlanStatsPerPort", "u8"], ["mcast_router", "mcastRouter", "u8"], ["mcast_snooping", "mcastSnooping", "u8"],
  ["=mcast_vlan_snooping", "mcastVlanSnooping", "u8"], ["mcast_query_use_ifaddr", "mcastQueryUseIfaddr", "u8"],
  ["mcast_querier", "mcastQuerier", "u8"], ["mcast_hash_elasticity", "mcastHashElasticity", "u32"], ["mcast_hash_max", "mcastHashMax", "u32"],
  ["mcast_last_member_count", "mcastLastMemberCount", "u32"], ["mcast_startup_query_count", "mcastStartupQueryCount", "u32"],
  ["mcast_last_member_interval", "mcastLastMemberInterval", "u64"], ["mcast_membership_interval", "mcastMembershipInterval", "u64"],
  ["mcast_querier_interval", "mcastQuerierInterval", "u64"], ["mcast_query_interval", "mcastQueryInterval", "u64"],
  ["mcast_query_response_interval", "mcastQueryResponseInterval", "u64"], ["mcast_startup_query_interval", "mcastStartupQueryInterval", "u64"],
  ["mcast_stats_enabled", "mcastStatsEnabled", "u8"], ["mcast_igmp_version", "mcastIgmpVersion", "u8"],
  ["mcast_mld_version", "mcastMldVersion", "u8"], ["nf_call_iptables", "nfCallIptables", "u8"], ["nf_call_ip6tables", "nfCallIp6tables", "u8"],
  ["nf_call_arptables", "nfCallArptables", "u8"],
];

const MAX = { u8: 0xff, u16: 0xffff, u32: 0xffffffff } as const;

/** get_u64 (strtoull, base 0), kept exact up to 2^53. */
function u64(v: string): number | undefined {
  const n = strtoulWord(v, 0);
  return n === undefined || v.trimStart().startsWith("-") || n > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(n);
}

/** The bridge options of `words` (after `type bridge`). */
export function parseBridge(ctx: Ctx, words: string[]): BridgeOptions | undefined {
  const o: Record<string, unknown> = {};
  const a = new Args(words);
  while (!a.done) {
    const w = a.word();
    const hit = WORDS.find(([k]) => (k.startsWith("=") ? w === k.slice(1) : matches(w, k)));
    if (hit === undefined) {
      if (matches(w, "help")) throw kindHelp(ctx, "bridge");
      throw kindWord(ctx, "bridge", w, `bridge: unknown command "${w}"?`);
    }
    const [word, key, type] = hit;
    const name = word.replace("=", "");
    if (type === "flag") {
      o[key] = true;
      continue;
    }
    const v = a.value();
    if (type === "mac") o[key] = mac(v, name);
    else if (type === "proto") {
      const p = llProtoA2n(v);
      if (p === undefined) throw invarg(`invalid ${name}`, v);
      o[key] = p === 0x8100 ? "802.1Q" : p === 0x88a8 ? "802.1ad" : p;
    } else {
      const n = type === "u64" ? u64(v) : getUnsigned(v, MAX[type]);
      if (n === undefined) throw invarg(`invalid ${name}`, v);
      o[key] = n;
    }
  }
  return Object.keys(o).length > 0 ? (o as BridgeOptions) : undefined;
}
