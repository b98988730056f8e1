/**
 * Hold decoded links against `ip -j -d link show` (iproute2 6.1) for the
 * same namespace: names, indexes, flags, mtu, addresses, master/link
 * (iproute2 prints names), alias, group, kind, and the kind data iproute2
 * prints. Fields that change on their own (timers, counters) are left out.
 * iproute2 never prints IFF_RUNNING and adds the pseudo flags NO-CARRIER
 * and M-DOWN; both are accounted for.
 */
import { expect } from "vitest";
import type { Link } from "../../lib/rtnl/link/api.ts";

/** One entry of `ip -j -d link show`. */
export type IpLink = Record<string, any>;

const PSEUDO = new Set(["NO-CARRIER", "M-DOWN"]);

const hex = (n: number): string => `0x${n.toString(16)}`;
/** iproute2's "%.2x%.2x.%x:%x:..." of struct ifla_bridge_id. */
const bridgeId = (b: { prio: number; addr: string }): string =>
  `${b.prio.toString(16).padStart(4, "0")}.${b.addr.split(":").map((x) => parseInt(x, 16).toString(16)).join(":")}`;

/** What iproute2 prints in info_data for our decoded data, for the kinds the scenarios use. */
function expectedInfoData(kind: string, d: Record<string, any>, nameOf: (i: number) => string): Record<string, unknown> {
  switch (kind) {
    case "vxlan": {
      const o: Record<string, unknown> = { id: d.id, port: d.port, learning: d.learning === 1, ttl: d.ttl, ageing: d.ageing, udp_csum: d.udpCsum === 1, port_range: d.portRange };
      if (d.group !== undefined) o[isMulticast4(d.group) ? "group" : "remote"] = d.group;
      if (d.group6 !== undefined) o[d.group6.startsWith("ff") ? "group6" : "remote6"] = d.group6;
      if (d.local !== undefined) o.local = d.local;
      if (d.local6 !== undefined) o.local6 = d.local6;
      if (d.link) o.link = nameOf(d.link);
      o.df = d.df;
      return o;
    }
    case "macvlan":
    case "macvtap": {
      const o: Record<string, unknown> = { mode: d.mode, bcqueuelen: d.bcQueueLen, usedbcqueuelen: d.bcQueueLenUsed };
      if (d.flags?.includes("nopromisc")) o.nopromisc = true;
      return o;
    }
    case "bridge":
      return {
        forward_delay: d.forwardDelay, hello_time: d.helloTime, max_age: d.maxAge, ageing_time: d.ageingTime, stp_state: d.stpState,
        priority: d.priority, vlan_filtering: d.vlanFiltering, bridge_id: bridgeId(d.bridgeId), root_id: bridgeId(d.rootId),
        root_port: d.rootPort, root_path_cost: d.rootPathCost, group_addr: d.groupAddr, mcast_snooping: d.mcastSnooping,
        mcast_router: d.mcastRouter, mcast_querier: d.mcastQuerier, mcast_hash_elasticity: d.mcastHashElasticity,
        mcast_hash_max: d.mcastHashMax, mcast_igmp_version: d.mcastIgmpVersion, mcast_mld_version: d.mcastMldVersion,
        mcast_membership_intvl: Number(d.mcastMembershipIntvl), mcast_query_intvl: Number(d.mcastQueryIntvl),
        nf_call_iptables: d.nfCallIptables,
      };
    default:
      return {};
  }
}

function isMulticast4(a: string): boolean {
  const first = Number(a.split(".")[0]);
  return first >= 224 && first <= 239;
}

/** What iproute2 prints in info_slave_data for bridge port data. */
function expectedBridgePort(d: Record<string, any>): Record<string, unknown> {
  return {
    state: d.state, priority: d.priority, cost: d.cost, hairpin: d.mode === 1, guard: d.guard === 1, root_block: d.protect === 1,
    fastleave: d.fastLeave === 1, learning: d.learning === 1, flood: d.unicastFlood === 1, id: hex(d.id), no: hex(d.no),
    designated_port: d.designatedPort, designated_cost: d.designatedCost, bridge_id: bridgeId(d.bridgeId), root_id: bridgeId(d.rootId),
    proxy_arp: d.proxyarp === 1, multicast_router: d.multicastRouter, mcast_flood: d.mcastFlood === 1, bcast_flood: d.bcastFlood === 1,
    neigh_suppress: d.neighSuppress === 1, isolated: d.isolated === 1,
  };
}

/** Pick `keys` of an object (for comparing a subset). */
function pick(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}

/** Assert that `ours` (all links of a namespace) says what `ip` says about the same links. */
export function expectSameAsIp(ours: Link[], ip: IpLink[]): void {
  expect(ours.map((l) => l.ifindex).sort((a, b) => a - b)).toEqual(ip.map((l) => l.ifindex).sort((a, b) => a - b));
  const nameOf = (i: number): string => ours.find((l) => l.ifindex === i)?.attrs.ifname ?? `if${i}`;
  for (const l of ours) {
    const j = ip.find((x) => x.ifindex === l.ifindex)!;
    const a = l.attrs;
    const what = `${a.ifname} (${l.ifindex})`;
    expect(a.ifname, what).toBe(j.ifname);
    expect(l.flags.filter((f) => f !== "RUNNING").sort(), `${what} flags`).toEqual(j.flags.filter((f: string) => !PSEUDO.has(f)).sort());
    expect(a.mtu, `${what} mtu`).toBe(j.mtu);
    expect(a.txqlen, `${what} txqlen`).toBe(j.txqlen);
    expect(a.operstate, `${what} operstate`).toBe(j.operstate);
    expect(a.address, `${what} address`).toBe(j.address);
    expect(a.broadcast, `${what} broadcast`).toBe(j.broadcast);
    expect(a.minMtu, `${what} min_mtu`).toBe(j.min_mtu);
    expect(a.maxMtu, `${what} max_mtu`).toBe(j.max_mtu);
    expect(a.ifalias, `${what} ifalias`).toBe(j.ifalias);
    expect(a.group === 0 ? "default" : String(a.group), `${what} group`).toBe(j.group);
    expect(a.master === undefined ? undefined : nameOf(a.master), `${what} master`).toBe(j.master);
    if (a.linkNetnsid !== undefined) {
      // the other end lives in another namespace: iproute2 prints its index and the namespace id
      expect(a.link, `${what} link_index`).toBe(j.link_index);
      expect(a.linkNetnsid, `${what} link_netnsid`).toBe(j.link_netnsid);
    } else if (a.link !== undefined && a.link !== l.ifindex) {
      expect(nameOf(a.link), `${what} link`).toBe(j.link);
    }
    const info = a.linkinfo;
    expect(info?.kind, `${what} kind`).toBe(j.linkinfo?.info_kind);
    if (info?.kind && typeof info.data === "object") {
      const want = expectedInfoData(info.kind, info.data as Record<string, any>, nameOf);
      expect(pick(j.linkinfo.info_data ?? {}, Object.keys(want)), `${what} info_data`).toEqual(want);
    }
    expect(info?.slaveKind, `${what} slave kind`).toBe(j.linkinfo?.info_slave_kind);
    if (info?.slaveKind === "bridge" && typeof info.slaveData === "object") {
      const want = expectedBridgePort(info.slaveData as Record<string, any>);
      expect(pick(j.linkinfo.info_slave_data, Object.keys(want)), `${what} info_slave_data`).toEqual(want);
    }
  }
}
