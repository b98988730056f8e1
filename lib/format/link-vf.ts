/**
 * The virtual functions of a link (IFLA_VFINFO_LIST) as `ip -d link show`
 * prints them: ip/ipaddress.c print_vfinfo of iproute2 6.1, one
 * "vf N     link/TYPE MAC[, vlan ..., spoof checking on, ...]" line each,
 * a "vfinfo_list" array in JSON. The per-VF counters of -s
 * (print_vf_stats64) and the InfiniBand GUIDs are not printed.
 */
import { decodeVfInfoList, type VfInfo } from "../../codecs/link/vfinfo.ts";
import { formatMAC } from "../../codecs/ip/index.ts";
import { llProtoN2a } from "../../codecs/tc/ll-proto.ts";
import { linkTypeName, llAddr } from "./ll-addr.ts";
import { COLOR, type Printer } from "./printer.ts";

/** ARPHRD_ETHER. */
const ARPHRD_ETHER = 1;

/**
 * ip's loop over IFLA_VFINFO_LIST: `hex` is the attribute as the link codec
 * keeps it; `type` the link's ARPHRD, `ptp` its IFF_POINTOPOINT. Returns how
 * many VFs it printed (ip compares that with IFLA_NUM_VF).
 */
export function printVfInfoList(p: Printer, hex: string, type: number, ptp: boolean): number {
  const list = decodeVfInfoList(hex);
  p.arr("vfinfo_list");
  for (const vf of list) {
    p.obj();
    printVf(p, vf, type, ptp);
    p.endObj();
  }
  p.endArr();
  return list.length;
}

function printVf(p: Printer, vf: VfInfo, type: number, ptp: boolean): void {
  // ETH_ALEN for Ethernet, else INFINIBAND_ALEN
  const addr = (b: Uint8Array) => llAddr(formatMAC(b, 0, type === ARPHRD_ETHER ? 6 : 20), type);
  p.text(`${p.sl}    `);
  p.num("vf", "vf %s ", vf.vf ?? 0);
  p.str("link_type", "    link/%s ", linkTypeName(type));
  if (vf.mac) p.str("address", "%s", addr(vf.mac), COLOR.MAC);
  if (vf.broadcast) {
    if (ptp) {
      p.text(" peer ");
      p.bool("link_pointtopoint", null, true);
    } else p.text(" brd ");
    p.str("broadcast", "%s", addr(vf.broadcast), COLOR.MAC);
  }
  if (vf.vlanList) {
    p.arr("vlan_list");
    for (const v of vf.vlanList) {
      p.obj();
      if (v.vlan) p.num("vlan", ", vlan %s", v.vlan);
      if (v.qos) p.num("qos", ", qos %s", v.qos);
      if (v.proto && v.proto !== 0x8100) p.str("protocol", ", vlan protocol %s", llProtoN2a(v.proto));
      p.endObj();
    }
    p.endArr();
  } else if (vf.vlan) {
    if (vf.vlan.vlan) p.num("vlan", ", vlan %s", vf.vlan.vlan);
    if (vf.vlan.qos) p.num("qos", ", qos %s", vf.vlan.qos);
  }
  if (vf.txRate) p.num("tx_rate", ", tx rate %s (Mbps)", vf.txRate);
  if (vf.rate) {
    if (p.json) {
      p.obj("rate");
      p.num("max_tx", null, vf.rate.max);
      p.num("min_tx", null, vf.rate.min);
      p.endObj();
    } else {
      if (vf.rate.max) p.text(`, max_tx_rate ${vf.rate.max}Mbps`);
      if (vf.rate.min) p.text(`, min_tx_rate ${vf.rate.min}Mbps`);
    }
  }
  const setting = (key: string, v: number | undefined, on: string, off: string) => {
    if (v !== undefined && v !== -1) p.bool(key, v ? on : off, v !== 0);
  };
  setting("spoofchk", vf.spoofchk, ", spoof checking on", ", spoof checking off");
  if (vf.linkState !== undefined) p.str("link_state", ", link-state %s", vf.linkState === 0 ? "auto" : vf.linkState === 1 ? "enable" : "disable");
  setting("trust", vf.trust, ", trust on", ", trust off");
  setting("query_rss_en", vf.rssQueryEn, ", query_rss on", ", query_rss off");
}
