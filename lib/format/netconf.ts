/**
 * One device's IP settings (lib/rtnl/netconf/api.ts NetconfEntry) as
 * `ip netconf show` prints it, in text and in `-json` (ip/ipnetconf.c
 * print_netconf of iproute2 6.1). Used by the CLI; exported for users who
 * want ip-shaped output.
 */
import { NETCONFA_IFINDEX_ALL, NETCONFA_IFINDEX_DEFAULT } from "../../codecs/netconf/index.ts";
import type { NetconfEntry } from "../rtnl/netconf/api.ts";
import { familyName } from "./names.ts";
import { COLOR, type Printer } from "./printer.ts";

const RP_FILTER = ["off", "strict", "loose"];

/** Options of one netconf line. */
export interface NetconfPrintOptions {
  /** Name of a link by index; default: the index as a string ("all"/"default" for the two pseudo devices). */
  devName?: (ifindex: number) => string;
}

/** Print one entry as its own JSON object, then a newline. */
export function printNetconf(p: Printer, e: NetconfEntry, opts: NetconfPrintOptions = {}): void {
  const onOff = (key: string, v: number | undefined): void => {
    if (v === undefined) return;
    if (p.json) p.bool(key, null, v !== 0);
    else p.text(`${key} ${v ? "on" : "off"} `);
  };
  p.obj();
  p.str("family", "%s ", familyName(e.family));
  if (e.ifindex !== undefined) p.str("interface", "%s ", devName(e.ifindex, opts), COLOR.IFNAME);
  onOff("forwarding", e.forwarding);
  if (e.rpFilter !== undefined) {
    const name = RP_FILTER[e.rpFilter];
    if (name !== undefined) p.str("rp_filter", "rp_filter %s ", name);
    else p.num("rp_filter", "rp_filter %s ", e.rpFilter);
  }
  onOff("mc_forwarding", e.mcForwarding);
  onOff("proxy_neigh", e.proxyNeigh);
  onOff("ignore_routes_with_linkdown", e.ignoreRoutesWithLinkdown);
  onOff("input", e.input);
  p.endObj();
  p.text("\n");
}

function devName(ifindex: number, opts: NetconfPrintOptions): string {
  if (ifindex === NETCONFA_IFINDEX_ALL) return "all";
  if (ifindex === NETCONFA_IFINDEX_DEFAULT) return "default";
  return opts.devName ? opts.devName(ifindex) : String(ifindex);
}
