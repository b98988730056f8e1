/**
 * `-details` output of link kinds (IFLA_INFO_DATA / IFLA_INFO_SLAVE_DATA)
 * with ip 6.1's keys, order and value formats (ip/iplink_bridge.c,
 * iplink_bridge_slave.c, iplink_macvlan.c, iplink_vxlan.c, iptuntap.c's
 * tun_print_opt). Kinds ip has no printer for (veth, ifb) print only their kind.
 */
import { groupName, userName } from "../sys/users.ts";
import type { Printer } from "./printer.ts";

/** Link names for ifindex references inside kind data. */
export interface KindEnv {
  nameOf(index: number): string;
}

type Data = Record<string, any>;

/** C's printf("%#x"): "0" for zero, else 0x-prefixed lowercase hex. */
export function hex0x(v: number): string {
  return v === 0 ? "0" : `0x${v.toString(16)}`;
}

/** Timer in centiseconds as ip prints it: "%.2f" in JSON, "%7.2f" in text. */
function timerText(p: Printer, key: string, label: string, v: number | bigint | undefined): void {
  if (v === undefined) return;
  const s = (Number(v) / 100).toFixed(2);
  if (p.json) p.rawNum(key, null, s);
  else p.text(`${label} ${s.padStart(7)} `);
}

/** ether_ntoa-style bridge id: "8000.2:42:ac:11:0:2" (no zero padding, as ip prints it). */
function bridgeIdText(id: { prio: number; addr: string } | undefined): string | undefined {
  if (!id) return undefined;
  const prio = id.prio.toString(16).padStart(4, "0");
  const mac = id.addr.split(":").map((b) => Number.parseInt(b, 16).toString(16)).join(":");
  return `${prio}.${mac}`;
}

const onOff = (v: number | undefined): string => (v ? "on" : "off");

function bridge(p: Printer, d: Data): void {
  const u = (key: string, text: string, v: number | bigint | undefined) => { if (v !== undefined) p.num(key, text, v); };
  u("forward_delay", "forward_delay %s ", d.forwardDelay);
  u("hello_time", "hello_time %s ", d.helloTime);
  u("max_age", "max_age %s ", d.maxAge);
  u("ageing_time", "ageing_time %s ", d.ageingTime);
  u("stp_state", "stp_state %s ", d.stpState);
  u("priority", "priority %s ", d.priority);
  u("vlan_filtering", "vlan_filtering %s ", d.vlanFiltering);
  if (d.vlanProtocol !== undefined) p.str("vlan_protocol", "vlan_protocol %s ", String(d.vlanProtocol));
  const bid = bridgeIdText(d.bridgeId);
  if (bid) p.str("bridge_id", "bridge_id %s ", bid);
  const rid = bridgeIdText(d.rootId);
  if (rid) p.str("root_id", "designated_root %s ", rid);
  u("root_port", "root_port %s ", d.rootPort);
  u("root_path_cost", "root_path_cost %s ", d.rootPathCost);
  u("topology_change", "topology_change %s ", d.topologyChange);
  u("topology_change_detected", "topology_change_detected %s ", d.topologyChangeDetected);
  timerText(p, "hello_timer", "hello_timer", d.helloTimer);
  timerText(p, "tcn_timer", "tcn_timer", d.tcnTimer);
  timerText(p, "topology_change_timer", "topology_change_timer", d.topologyChangeTimer);
  timerText(p, "gc_timer", "gc_timer", d.gcTimer);
  u("vlan_default_pvid", "vlan_default_pvid %s ", d.vlanDefaultPvid);
  u("vlan_stats_enabled", "vlan_stats_enabled %s ", d.vlanStatsEnabled);
  u("vlan_stats_per_port", "vlan_stats_per_port %s ", d.vlanStatsPerPort);
  if (d.groupFwdMask !== undefined) p.str("group_fwd_mask", "group_fwd_mask %s ", hex0x(d.groupFwdMask));
  if (d.groupAddr !== undefined) p.str("group_addr", "group_address %s ", d.groupAddr);
  u("mcast_snooping", "mcast_snooping %s ", d.mcastSnooping);
  if (d.multiBoolopt !== undefined) {
    const v = d.multiBoolopt.optval as number;
    p.num("no_linklocal_learn", "no_linklocal_learn %s ", v & 1 ? 1 : 0);
    p.num("mcast_vlan_snooping", "mcast_vlan_snooping %s ", v & 2 ? 1 : 0);
  }
  u("mcast_router", "mcast_router %s ", d.mcastRouter);
  u("mcast_query_use_ifaddr", "mcast_query_use_ifaddr %s ", d.mcastQueryUseIfaddr);
  u("mcast_querier", "mcast_querier %s ", d.mcastQuerier);
  u("mcast_hash_elasticity", "mcast_hash_elasticity %s ", d.mcastHashElasticity);
  u("mcast_hash_max", "mcast_hash_max %s ", d.mcastHashMax);
  u("mcast_last_member_cnt", "mcast_last_member_count %s ", d.mcastLastMemberCnt);
  u("mcast_startup_query_cnt", "mcast_startup_query_count %s ", d.mcastStartupQueryCnt);
  u("mcast_last_member_intvl", "mcast_last_member_interval %s ", d.mcastLastMemberIntvl);
  u("mcast_membership_intvl", "mcast_membership_interval %s ", d.mcastMembershipIntvl);
  u("mcast_querier_intvl", "mcast_querier_interval %s ", d.mcastQuerierIntvl);
  u("mcast_query_intvl", "mcast_query_interval %s ", d.mcastQueryIntvl);
  u("mcast_query_response_intvl", "mcast_query_response_interval %s ", d.mcastQueryResponseIntvl);
  u("mcast_startup_query_intvl", "mcast_startup_query_interval %s ", d.mcastStartupQueryIntvl);
  u("mcast_stats_enabled", "mcast_stats_enabled %s ", d.mcastStatsEnabled);
  u("mcast_igmp_version", "mcast_igmp_version %s ", d.mcastIgmpVersion);
  u("mcast_mld_version", "mcast_mld_version %s ", d.mcastMldVersion);
  u("nf_call_iptables", "nf_call_iptables %s ", d.nfCallIptables);
  u("nf_call_ip6tables", "nf_call_ip6tables %s ", d.nfCallIp6tables);
  u("nf_call_arptables", "nf_call_arptables %s ", d.nfCallArptables);
}

function bridgeSlave(p: Printer, d: Data): void {
  const b = (key: string, text: string, v: number | undefined) => {
    if (v === undefined) return;
    if (p.json) p.bool(key, null, v !== 0);
    else p.text(text.replace("%s", onOff(v)));
  };
  const u = (key: string, text: string, v: number | bigint | undefined) => { if (v !== undefined) p.num(key, text, v); };
  if (d.state !== undefined) p.str("state", "state %s ", String(d.state));
  u("priority", "priority %s ", d.priority);
  u("cost", "cost %s ", d.cost);
  b("hairpin", "hairpin %s ", d.mode);
  b("guard", "guard %s ", d.guard);
  b("root_block", "root_block %s ", d.protect);
  b("fastleave", "fastleave %s ", d.fastLeave);
  b("learning", "learning %s ", d.learning);
  b("flood", "flood %s ", d.unicastFlood);
  if (d.id !== undefined) p.str("id", "port_id %s ", `0x${d.id.toString(16)}`);
  if (d.no !== undefined) p.str("no", "port_no %s ", `0x${d.no.toString(16)}`);
  u("designated_port", "designated_port %s ", d.designatedPort);
  u("designated_cost", "designated_cost %s ", d.designatedCost);
  const bid = bridgeIdText(d.bridgeId);
  if (bid) p.str("bridge_id", "designated_bridge %s ", bid);
  const rid = bridgeIdText(d.rootId);
  if (rid) p.str("root_id", "designated_root %s ", rid);
  timerText(p, "hold_timer", "hold_timer", d.holdTimer);
  timerText(p, "message_age_timer", "message_age_timer", d.messageAgeTimer);
  timerText(p, "forward_delay_timer", "forward_delay_timer", d.forwardDelayTimer);
  u("topology_change_ack", "topology_change_ack %s ", d.topologyChangeAck);
  u("config_pending", "config_pending %s ", d.configPending);
  b("proxy_arp", "proxy_arp %s ", d.proxyarp);
  b("proxy_arp_wifi", "proxy_arp_wifi %s ", d.proxyarpWifi);
  u("multicast_router", "mcast_router %s ", d.multicastRouter);
  if (d.fastLeave !== undefined) p.text(`mcast_fast_leave ${onOff(d.fastLeave)} `);
  b("mcast_flood", "mcast_flood %s ", d.mcastFlood);
  b("bcast_flood", "bcast_flood %s ", d.bcastFlood);
  b("mcast_to_unicast", "mcast_to_unicast %s ", d.mcastToUcast);
  b("neigh_suppress", "neigh_suppress %s ", d.neighSuppress);
  if (d.groupFwdMask !== undefined) {
    p.str("group_fwd_mask", "group_fwd_mask %s ", hex0x(d.groupFwdMask));
    p.str("group_fwd_mask_str", "group_fwd_mask_str %s ", `0x${d.groupFwdMask.toString(16)}`);
  }
  b("vlan_tunnel", "vlan_tunnel %s ", d.vlanTunnel);
  b("isolated", "isolated %s ", d.isolated);
  b("locked", "locked %s ", d.locked);
  if (d.backupPort !== undefined) p.str("backup_port", "backup_port %s ", String(d.backupPort));
}

function macvlan(p: Printer, d: Data): void {
  const mode = d.mode === undefined ? undefined : typeof d.mode === "number" ? "unknown" : String(d.mode);
  if (mode !== undefined) p.str("mode", "mode %s ", mode);
  const flags: string[] = Array.isArray(d.flags) ? d.flags : [];
  if (flags.includes("nopromisc")) p.bool("nopromisc", "nopromisc ", true);
  if (flags.includes("nodst")) p.bool("nodst", "nodst ", true);
  if (d.bcQueueLen !== undefined) p.num("bcqueuelen", "bcqueuelen %s ", d.bcQueueLen);
  if (d.bcQueueLenUsed !== undefined) p.num("usedbcqueuelen", "usedbcqueuelen %s ", d.bcQueueLenUsed);
  if (mode !== "source" || d.macaddrCount === undefined) return;
  p.num("macaddr_count", "remotes (%s) ", d.macaddrCount);
}

function isMulticast(ip: string): boolean {
  if (ip.includes(":")) return ip.toLowerCase().startsWith("ff");
  const first = Number(ip.split(".")[0]);
  return first >= 224 && first <= 239;
}

function vxlan(p: Printer, d: Data, env: KindEnv): void {
  if (d.collectMetadata) p.bool("external", "external ", true);
  if (d.vnifilter) p.bool("vnifilter", "vnifilter", true); // ip 6.1 prints no space after it ("vnifilterid 0")
  if (d.id !== undefined) p.num("id", "id %s ", d.id);
  if (d.group !== undefined) {
    if (d.group !== "0.0.0.0") {
      if (isMulticast(d.group)) p.str("group", "group %s ", d.group);
      else p.str("remote", "remote %s ", d.group);
    }
  } else if (d.group6 !== undefined && d.group6 !== "::") {
    if (isMulticast(d.group6)) p.str("group6", "group %s ", d.group6);
    else p.str("remote6", "remote %s ", d.group6);
  }
  if (d.local !== undefined) {
    if (d.local !== "0.0.0.0") p.str("local", "local %s ", d.local);
  } else if (d.local6 !== undefined && d.local6 !== "::") p.str("local6", "local %s ", d.local6);
  if (d.link) p.str("link", "dev %s ", env.nameOf(d.link));
  if (d.portRange !== undefined) {
    p.obj("port_range");
    p.num("low", "srcport %s ", d.portRange.low);
    p.num("high", "%s ", d.portRange.high);
    p.endObj();
  }
  if (d.port !== undefined) p.num("port", "dstport %s ", d.port);
  if (d.learning !== undefined) {
    p.bool("learning", null, d.learning !== 0);
    if (!d.learning) p.text("nolearning ");
  }
  if (d.proxy) p.bool("proxy", "proxy ", true);
  if (d.rsc) p.bool("rsc", "rsc ", true);
  if (d.l2miss) p.bool("l2miss", "l2miss ", true);
  if (d.l3miss) p.bool("l3miss", "l3miss ", true);
  if (d.tos) {
    if (p.json) p.str("tos", null, hex0x(d.tos));
    else p.text(d.tos === 1 ? "tos inherit " : `tos ${hex0x(d.tos)} `);
  }
  if (d.ttlInherit) p.text("ttl inherit ");
  else if (d.ttl !== undefined) {
    if (p.json || d.ttl) p.num("ttl", "ttl %s ", d.ttl);
    else p.text("ttl auto ");
  }
  if (d.df !== undefined) {
    const df = typeof d.df === "number" ? String(d.df) : String(d.df);
    if (df === "unset") p.str("df", null, df);
    else p.str("df", "df %s ", df);
  }
  if (d.label) p.str("label", "flowlabel %s ", hex0x(d.label));
  if (d.ageing !== undefined) {
    if (d.ageing === 0) p.num("ageing", "ageing none ", 0);
    else p.num("ageing", "ageing %s ", d.ageing);
  }
  if (d.limit) p.num("limit", "maxaddr %s ", d.limit);
  const csum = (key: string, word: string, v: number | undefined) => {
    if (v === undefined) return;
    if (p.json) p.bool(key, null, v !== 0);
    else p.text(`${v ? "" : "no"}${word} `);
  };
  csum("udp_csum", "udpcsum", d.udpCsum);
  csum("udp_zero_csum6_tx", "udp6zerocsumtx", d.udpZeroCsum6Tx);
  csum("udp_zero_csum6_rx", "udp6zerocsumrx", d.udpZeroCsum6Rx);
  if (d.remcsumTx) p.bool("remcsum_tx", "remcsumtx ", true);
  if (d.remcsumRx) p.bool("remcsum_rx", "remcsumrx ", true);
  if (d.gbp) p.bool("gbp", "gbp ", true);
  if (d.gpe) p.bool("gpe", "gpe ", true);
}

/** print_on_off: a JSON boolean, "on"/"off" in text. */
function onOffField(p: Printer, key: string, v: number | undefined): void {
  if (v === undefined) return;
  if (p.json) p.bool(key, null, v !== 0);
  else p.text(`${key} ${onOff(v)} `);
}

/** iptuntap.c tun_print_opt: type, pi, vnet_hdr, the queues, persist, owner and group (names where the C library has them). */
function tun(p: Printer, d: Data): void {
  if (d.type !== undefined) p.str("type", "type %s ", d.type === 1 ? "tun" : d.type === 2 ? "tap" : `UNKNOWN:${d.type}`);
  onOffField(p, "pi", d.pi);
  onOffField(p, "vnet_hdr", d.vnetHdr);
  if (!d.multiQueue) {
    if (p.json) p.bool("multi_queue", null, false);
  } else {
    p.bool("multi_queue", "multi_queue ", true);
    if (d.numQueues !== undefined) p.num("numqueues", "numqueues %s ", d.numQueues);
    if (d.numDisabledQueues !== undefined) p.num("numdisabled", "numdisabled %s ", d.numDisabledQueues);
  }
  onOffField(p, "persist", d.persist);
  if (d.owner !== undefined) {
    const name = userName(d.owner);
    if (name !== undefined) p.str("user", "user %s ", name);
    else p.num("user", "user %s ", d.owner);
  }
  if (d.group !== undefined) {
    const name = groupName(d.group);
    if (name !== undefined) p.str("group", "group %s ", name);
    else p.num("group", "group %s ", d.group);
  }
}

/** Print IFLA_INFO_DATA of `kind` inside an already opened "info_data" object; false when ip has no printer. */
export function hasKindPrinter(kind: string): boolean {
  return kind === "bridge" || kind === "macvlan" || kind === "macvtap" || kind === "vxlan" || kind === "tun";
}

/** Print a kind's data (caller opens/closes the "info_data" object). */
export function printKindData(p: Printer, kind: string, data: Data | undefined, env: KindEnv): void {
  if (!data || typeof data !== "object") return;
  if (kind === "bridge") bridge(p, data);
  else if (kind === "macvlan" || kind === "macvtap") macvlan(p, data);
  else if (kind === "vxlan") vxlan(p, data, env);
  else if (kind === "tun") tun(p, data);
}

/** True when ip prints "<kind>_slave" data for this slave kind. */
export function hasSlavePrinter(kind: string): boolean {
  return kind === "bridge";
}

/** Print slave data (caller opens/closes "info_slave_data"). */
export function printSlaveData(p: Printer, kind: string, data: Data | undefined): void {
  if (!data || typeof data !== "object") return;
  if (kind === "bridge") bridgeSlave(p, data);
}
