/**
 * `ip link set DEV type bridge_slave ...` (ip/iplink_bridge_slave.c of
 * iproute2 6.1, bridge_slave_parse_opt): the words, in its order and with
 * its messages, into LinkApi's bridge port options.
 */
import type { BridgePortOptions } from "../lib/rtnl/link/api.ts";
import { Args, matches, unsignedArg } from "./args.ts";
import type { Ctx } from "./context.ts";
import { CliError, invarg } from "./errors.ts";
import { kindHelp, kindWord } from "./link-help.ts";
import type { LinkNames } from "./link-names.ts";

type OnOffKey = "hairpin" | "guard" | "rootBlock" | "fastLeave" | "learning" | "flood" | "mcastFlood" | "bcastFlood" | "mcastToUnicast"
  | "proxyArp" | "proxyArpWifi" | "neighSuppress" | "vlanTunnel" | "isolated" | "locked";

/** The on/off words in ip's order (matches(): a prefix picks the first), with the option each sets. */
const ON_OFF: ReadonlyArray<[string, OnOffKey]> = [
  ["hairpin", "hairpin"], ["guard", "guard"], ["root_block", "rootBlock"], ["fastleave", "fastLeave"], ["learning", "learning"],
  ["flood", "flood"], ["mcast_flood", "mcastFlood"], ["bcast_flood", "bcastFlood"], ["mcast_to_unicast", "mcastToUnicast"],
  ["proxy_arp", "proxyArp"], ["proxy_arp_wifi", "proxyArpWifi"],
];
const ON_OFF_LATE: ReadonlyArray<[string, OnOffKey]> = [["mcast_fast_leave", "fastLeave"], ["neigh_suppress", "neighSuppress"]];
const ON_OFF_LAST: ReadonlyArray<[string, OnOffKey]> = [["vlan_tunnel", "vlanTunnel"], ["isolated", "isolated"], ["locked", "locked"]];

/** bridge_slave_parse_on_off: parse_on_off's message, then exit(1). */
function onOff(a: Args, key: string): boolean {
  const v = a.value();
  if (v === "on" || v === "off") return v === "on";
  throw new CliError(`Error: argument of "${key}" must be one of "off", "on", not "${v}"\n`, 1, true);
}

/** The bridge port options of `words` (after `type bridge_slave`). */
export function parseBridgeSlave(ctx: Ctx, words: string[], names: LinkNames): BridgePortOptions {
  const o: BridgePortOptions = {};
  const a = new Args(words);
  const pick = (w: string, table: ReadonlyArray<[string, OnOffKey]>): boolean => {
    const hit = table.find(([k]) => matches(w, k));
    if (hit === undefined) return false;
    o[hit[1]] = onOff(a, hit[0]);
    return true;
  };
  while (!a.done) {
    const w = a.word();
    if (matches(w, "fdb_flush")) o.fdbFlush = true;
    else if (matches(w, "state")) o.state = unsignedArg(a.value(), "state is invalid", 0xff);
    else if (matches(w, "priority")) o.priority = unsignedArg(a.value(), "priority is invalid", 0xffff);
    else if (matches(w, "cost")) o.cost = unsignedArg(a.value(), "cost is invalid", 0xffffffff);
    else if (pick(w, ON_OFF)) continue;
    else if (matches(w, "mcast_router")) o.mcastRouter = unsignedArg(a.value(), "invalid mcast_router", 0xff);
    else if (pick(w, ON_OFF_LATE)) continue;
    else if (matches(w, "group_fwd_mask")) o.groupFwdMask = unsignedArg(a.value(), "invalid group_fwd_mask", 0xffff);
    else if (pick(w, ON_OFF_LAST)) continue;
    else if (matches(w, "backup_port")) {
      const v = a.value();
      const i = names.indexOf(v);
      if (!i) throw invarg("Device does not exist\n", v);
      o.backupPort = i;
    } else if (matches(w, "nobackup_port")) o.backupPort = null;
    else if (matches(w, "help")) throw kindHelp(ctx, "bridge_slave");
    else throw kindWord(ctx, "bridge_slave", w, `bridge_slave: unknown option "${w}"?`);
  }
  return o;
}
