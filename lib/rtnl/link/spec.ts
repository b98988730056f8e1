/**
 * The specs of `LinkApi.add` and `LinkApi.set`: validation and the request
 * messages (struct ifinfomsg + IFLA_*) they become. Building is pure: names
 * of other links and namespaces are turned into numbers through a
 * `Resolver`, so a dry run with a resolver that only checks syntax
 * validates a whole spec before the first syscall.
 *
 * Attribute order follows `ip link add|set` (iproute2 6.1): the generic
 * options in the order address, mtu, txqueuelen, numtxqueues, numrxqueues,
 * netns, master, alias, group, then IFLA_LINK, IFLA_IFNAME and
 * IFLA_LINKINFO { kind, data } (kind and alias without their NUL, as
 * iproute2 writes them); `up` goes into ifi_flags/ifi_change.
 */
import type { LinkAttrs, LinkMessage } from "../../../codecs/link/index.ts";
import { IFF_UP } from "../../../codecs/link/index.ts";
import {
  bondData, bridgeData, ipvlanData, macvlanData, vlanData, vrfData,
  type BondOptions, type BridgeOptions, type DataBuilder, type IpvlanOptions, type KindContext, type MacvlanOptions,
  type VlanOptions, type VrfOptions,
} from "./kinds.ts";
import { vxlanData, type VxlanOptions } from "./vxlan.ts";
import { applySettings, SETTING_KEYS, type LinkSettings } from "./settings.ts";
import { bridgePortData, type BridgePortOptions } from "./port.ts";
import { IFF } from "../../../codecs/link/tables.ts";
import { geneveData, greData, ip6tnlData, iptunData, type GeneveOptions, type GreOptions, type Ip6tnlOptions, type IptunOptions } from "./tunnels.ts";
import {
  checkBool, checkIfName, checkInt, checkKindName, checkLinkRef, checkMac, checkMtu, checkNetnsTarget, checkObject, checkU32,
  show, type LinkRef, type NetnsTarget,
} from "./validate.ts";

export type { NetnsTarget, LinkRef };

/** Kind-specific options, by kind (see kinds.ts and tunnels.ts). */
export type LinkKindOptions =
  | BridgeOptions | MacvlanOptions | IpvlanOptions | VlanOptions | VxlanOptions | BondOptions | VrfOptions
  | GreOptions | IptunOptions | Ip6tnlOptions | GeneveOptions;

/** The veth peer (with the device settings too, e.g. `arp: false`). */
export interface VethPeerSpec extends LinkSettings {
  /** Absent: the kernel names it (vethN). */
  name?: string;
  address?: string;
  mtu?: number;
  txqlen?: number;
  numTxQueues?: number;
  numRxQueues?: number;
  group?: number;
  /** Bring the peer up on creation. */
  up?: boolean;
  /** Create the peer directly in another namespace. */
  netns?: NetnsTarget;
}

/** What `LinkApi.add` creates (with any of the device settings, e.g. `promisc`, `addrGenMode`). */
export interface LinkAddSpec extends LinkSettings {
  /** Absent: the kernel names the link after its kind (ifb0, veth1, br0...), as `ip link add type KIND`. */
  name?: string;
  /** "veth", "bridge", "macvlan", "vxlan", "dummy", ... */
  kind: string;
  mtu?: number;
  address?: string;
  txqlen?: number;
  /** Enslave to this master (bridge, bond, vrf) on creation. */
  master?: LinkRef;
  /** Bring the link up on creation. */
  up?: boolean;
  group?: number;
  /**
   * The kernel ignores IFLA_IFALIAS on creation, so `add` sets it with a
   * second RTM_NEWLINK right after (not with `netns`: the link is elsewhere).
   */
  alias?: string;
  numTxQueues?: number;
  numRxQueues?: number;
  /** Create the link directly in another namespace. */
  netns?: NetnsTarget;
  /** veth only: the other end. */
  peer?: VethPeerSpec;
  /** Parent device (IFLA_LINK) of macvlan, macvtap, ipvlan, vlan... */
  link?: LinkRef;
  /** Kind-specific options. */
  data?: LinkKindOptions;
  /** The new link's interface index (ifi_index, `ip link add ... index N`); absent: the kernel picks one. */
  index?: number;
}

/** What `LinkApi.set` changes; every field optional (the device settings too, e.g. `promisc`, `xdp: null`). */
export interface LinkSetSpec extends LinkSettings {
  up?: boolean;
  mtu?: number;
  address?: string;
  /** Rename. */
  name?: string;
  /** Enslave; null removes the link from its master (nomaster). */
  master?: LinkRef | null;
  txqlen?: number;
  alias?: string;
  group?: number;
  /** Move the link to another namespace. */
  netns?: NetnsTarget;
  /** With `netns`: the link's interface index there (IFLA_NEW_IFINDEX, `ip link set ... netns NS index N`). */
  newIndex?: number;
  /** Set the carrier (IFLA_CARRIER; only links with ndo_change_carrier, e.g. dummy, accept it). */
  carrier?: boolean;
  /** Kind-specific options to change (IFLA_LINKINFO { kind, data }, as `ip link set DEV type KIND ...`); the kind is the link's. */
  data?: LinkKindOptions;
  /** Options of the link as a bridge port (`ip link set DEV type bridge_slave ...`); not with `data`. */
  port?: BridgePortOptions;
}

/** Turns references into numbers; the dry-run resolver only validates. */
export interface Resolver extends KindContext {
  /** The ifindex of a link (a syscall in the real resolver). */
  index(ref: LinkRef, field: string): number;
  /** An fd for a named namespace (opened by the real resolver, closed after the request). */
  netnsFd(name: string, field: string): number;
}

/** A resolver that checks syntax only and answers placeholders: validation without syscalls. */
export const DRY_RUN: Resolver = {
  index: (ref, field) => (checkLinkRef(ref, field), 0),
  netnsFd: () => 0,
};

interface KindInfo {
  /** Ethernet-type device: IFLA_ADDRESS must be 6 bytes, unicast. */
  ether: boolean;
  data?: DataBuilder;
  /** Options are required (the kind has no default configuration). */
  dataRequired?: boolean;
}

/** Kinds with known options; any other valid kind name is sent with its name only. */
export const KINDS: Readonly<Record<string, KindInfo>> = {
  veth: { ether: true },
  dummy: { ether: true },
  ifb: { ether: true },
  nlmon: { ether: false },
  wireguard: { ether: false },
  bridge: { ether: true, data: bridgeData },
  macvlan: { ether: true, data: macvlanData },
  macvtap: { ether: true, data: macvlanData },
  ipvlan: { ether: true, data: ipvlanData },
  ipvtap: { ether: true, data: ipvlanData },
  vlan: { ether: true, data: vlanData, dataRequired: true },
  vxlan: { ether: true, data: vxlanData, dataRequired: true },
  bond: { ether: true, data: bondData },
  vrf: { ether: true, data: vrfData, dataRequired: true },
  gre: { ether: false, data: greData(false) },
  gretap: { ether: true, data: greData(false) },
  ip6gre: { ether: false, data: greData(true) },
  ip6gretap: { ether: true, data: greData(true) },
  ipip: { ether: false, data: iptunData(false) },
  sit: { ether: false, data: iptunData(true) },
  ip6tnl: { ether: false, data: ip6tnlData },
  geneve: { ether: true, data: geneveData, dataRequired: true },
};

const ADD_KEYS = ["name", "kind", "mtu", "address", "txqlen", "master", "up", "group", "alias", "numTxQueues", "numRxQueues", "netns", "peer", "link", "data", "index", ...SETTING_KEYS];
const SET_KEYS = ["up", "mtu", "address", "name", "master", "txqlen", "alias", "group", "netns", "newIndex", "carrier", "data", "port", ...SETTING_KEYS];

/** ifinfomsg flags and change mask: `up` and the flag settings. */
function header(up: boolean | undefined, f: { set: number; change: number }): { flags: string[]; change: number } {
  const set = f.set | (up ? 1 : 0);
  return { flags: IFF.names(set), change: f.change | (up === undefined ? 0 : IFF_UP) };
}

function checkAlias(v: unknown, field: string): string {
  if (typeof v !== "string") throw new TypeError(`${field}: expected a string, got ${show(v)}`);
  if (v.includes("\0")) throw new TypeError(`${field}: ${show(v)} contains a NUL byte`);
  const bytes = new TextEncoder().encode(v).length;
  if (bytes > 255) throw new RangeError(`${field}: ${bytes} bytes is longer than IFALIASZ - 1 (255)`);
  return v;
}

/** Write the namespace attribute for `t` into `attrs`. */
function putNetns(attrs: LinkAttrs, t: NetnsTarget, r: Resolver, field: string): void {
  if ("pid" in t) attrs.netNsPid = t.pid;
  else if ("fd" in t) attrs.netNsFd = t.fd;
  else attrs.netNsFd = r.netnsFd(t.name, `${field}.name`);
}

/** The RTM_NEWLINK body that creates `spec`. Throws TypeError/RangeError naming the field. */
export function buildAddMessage(spec: LinkAddSpec, r: Resolver): LinkMessage {
  const s = checkObject<LinkAddSpec>(spec, ADD_KEYS, "spec");
  const name = s.name === undefined ? undefined : checkIfName(s.name, "name");
  const kind = checkKindName(s.kind, "kind");
  const info = Object.hasOwn(KINDS, kind) ? KINDS[kind] : undefined;
  const attrs: LinkAttrs = {};
  if (s.address !== undefined) attrs.address = checkMac(s.address, "address", info?.ether ? { length: 6, unicast: true } : {});
  // with kernelChecks (LinkApiOptions.checks "kernel") only the wire type: ip sends an int, -1 too, and the kernel answers
  const loose = r.kernelChecks === true;
  if (s.mtu !== undefined) attrs.mtu = loose ? checkU32(s.mtu, "mtu") : checkMtu(s.mtu, "mtu");
  if (s.txqlen !== undefined) attrs.txqlen = checkU32(s.txqlen, "txqlen");
  if (s.numTxQueues !== undefined) attrs.numTxQueues = loose ? checkU32(s.numTxQueues, "numTxQueues") : checkInt(s.numTxQueues, 1, 4096, "numTxQueues");
  if (s.numRxQueues !== undefined) attrs.numRxQueues = loose ? checkU32(s.numRxQueues, "numRxQueues") : checkInt(s.numRxQueues, 1, 4096, "numRxQueues");
  if (s.netns !== undefined) putNetns(attrs, checkNetnsTarget(s.netns, "netns"), r, "netns");
  if (s.master !== undefined) attrs.master = r.index(checkLinkRef(s.master, "master"), "master");
  if (s.alias !== undefined) {
    checkAlias(s.alias, "alias");
    if (s.netns !== undefined) throw new TypeError(`alias: ${show(s.alias)} cannot be set on a link created in another namespace (set it there)`);
  }
  if (s.group !== undefined) attrs.group = checkU32(s.group, "group");
  if (s.link !== undefined) attrs.link = r.index(checkLinkRef(s.link, "link"), "link");
  if (name !== undefined) attrs.ifname = name;
  const linkinfo: NonNullable<LinkAttrs["linkinfo"]> = { kind };
  if (kind === "veth") {
    if (s.data !== undefined) throw new TypeError(`data: veth takes no data options (use peer), got ${show(s.data)}`);
    if (s.peer !== undefined) linkinfo.data = { peer: buildPeer(s.peer, r) };
  } else {
    if (s.peer !== undefined) throw new TypeError(`peer: only veth links have a peer (kind is ${show(kind)})`);
    if (s.data !== undefined) {
      if (!info?.data) throw new TypeError(`data: kind ${show(kind)} takes no data options`);
      const d = info.data(s.data, r, "data");
      if (d !== undefined) linkinfo.data = d as never;
    } else if (info?.dataRequired) {
      throw new TypeError(`data: kind ${show(kind)} needs options (${kind === "vlan" ? "id" : kind === "vrf" ? "table" : "id"})`);
    }
  }
  attrs.linkinfo = linkinfo;
  const f = applySettings(s, attrs);
  const up = s.up === undefined ? false : checkBool(s.up, "up");
  const index = s.index === undefined ? 0 : checkInt(s.index, 1, 0x7fffffff, "index");
  return { family: 0, type: 0, index, ...header(up ? true : undefined, f), attrs };
}

function buildPeer(p: VethPeerSpec, r: Resolver): LinkMessage {
  const o = checkObject<VethPeerSpec>(p, ["name", "address", "mtu", "txqlen", "numTxQueues", "numRxQueues", "group", "up", "netns", ...SETTING_KEYS], "peer");
  const attrs: LinkAttrs = {};
  const name = o.name === undefined ? undefined : checkIfName(o.name, "peer.name");
  if (o.address !== undefined) attrs.address = checkMac(o.address, "peer.address", { length: 6, unicast: true });
  if (o.mtu !== undefined) attrs.mtu = checkMtu(o.mtu, "peer.mtu");
  if (o.txqlen !== undefined) attrs.txqlen = checkU32(o.txqlen, "peer.txqlen");
  if (o.numTxQueues !== undefined) attrs.numTxQueues = checkInt(o.numTxQueues, 1, 4096, "peer.numTxQueues");
  if (o.numRxQueues !== undefined) attrs.numRxQueues = checkInt(o.numRxQueues, 1, 4096, "peer.numRxQueues");
  if (o.netns !== undefined) putNetns(attrs, checkNetnsTarget(o.netns, "peer.netns"), r, "peer.netns");
  if (o.group !== undefined) attrs.group = checkU32(o.group, "peer.group");
  if (name !== undefined) attrs.ifname = name;
  const f = applySettings(o, attrs, "peer.");
  const up = o.up === undefined ? undefined : checkBool(o.up, "peer.up");
  return { family: 0, type: 0, index: 0, ...header(up ? true : undefined, f), attrs };
}

/** The RTM_NEWLINK body that sets the alias of the link named `name` (no index: the kernel finds it by IFLA_IFNAME). */
export function buildAliasMessage(name: string, alias: string): LinkMessage {
  return { family: 0, type: 0, index: 0, flags: [], change: 0, attrs: { ifname: checkIfName(name, "name"), ifalias: checkAlias(alias, "alias") } };
}

/** Validate a set spec (syntax) and return the keys it sets; TypeError when empty. */
export function checkSetSpec(spec: LinkSetSpec): LinkSetSpec {
  const s = checkObject<LinkSetSpec>(spec, SET_KEYS, "changes");
  if (!Object.values(s).some((v) => v !== undefined)) throw new TypeError(`changes: nothing to change (give one of ${SET_KEYS.join(", ")})`);
  if (s.port !== undefined && s.data !== undefined) throw new TypeError("port: cannot be combined with data (a request carries one IFLA_LINKINFO)");
  return s;
}

/** The kind data `data` options become for a link of `kind` (TypeError when the kind takes none). */
export function buildKindData(kind: string, data: unknown, r: Resolver, field = "data"): object | undefined {
  const info = Object.hasOwn(KINDS, kind) ? KINDS[kind] : undefined;
  if (!info?.data) throw new TypeError(`${field}: kind ${show(kind)} takes no data options`);
  return info.data(data, r, field);
}

/** The RTM_NEWLINK body that changes link `index` as `spec` says; `kind` (the link's) is needed with `data`. */
export function buildSetMessage(index: number, spec: LinkSetSpec, r: Resolver, kind?: string): LinkMessage {
  const s = checkSetSpec(spec);
  const attrs: LinkAttrs = {};
  if (s.address !== undefined) attrs.address = checkMac(s.address, "address");
  // the link's own bounds: LinkApi.set; with kernelChecks only the wire type (ip sends -1 as 0xffffffff)
  if (s.mtu !== undefined) attrs.mtu = r.kernelChecks === true ? checkU32(s.mtu, "mtu") : checkInt(s.mtu, 0, 0x7fffffff, "mtu");
  if (s.txqlen !== undefined) attrs.txqlen = checkU32(s.txqlen, "txqlen");
  if (s.netns !== undefined) putNetns(attrs, checkNetnsTarget(s.netns, "netns"), r, "netns");
  if (s.newIndex !== undefined) {
    if (s.netns === undefined) throw new TypeError("newIndex: only with netns (the index the link gets in the namespace it moves to)");
    attrs.newIfindex = checkInt(s.newIndex, 1, 0x7fffffff, "newIndex");
  }
  if (s.master !== undefined) attrs.master = s.master === null ? 0 : r.index(checkLinkRef(s.master, "master"), "master");
  if (s.alias !== undefined) attrs.ifalias = checkAlias(s.alias, "alias");
  if (s.group !== undefined) attrs.group = checkU32(s.group, "group");
  if (s.name !== undefined) attrs.ifname = checkIfName(s.name, "name");
  if (s.carrier !== undefined) attrs.carrier = checkBool(s.carrier, "carrier") ? 1 : 0;
  if (s.data !== undefined) {
    if (kind === undefined) throw new TypeError("data: the link has no kind (IFLA_INFO_KIND), so it takes no kind options");
    const info = Object.hasOwn(KINDS, kind) ? KINDS[kind] : undefined;
    const empty = s.data !== null && typeof s.data === "object" && Object.keys(s.data).length === 0;
    // no options for a kind without any (veth): IFLA_INFO_KIND alone, as `ip link set DEV type veth`
    const d = empty && !info?.data ? undefined : buildKindData(kind, s.data, { index: (ref, field) => r.index(ref, field), netnsFd: (n, f) => r.netnsFd(n, f), change: true, kernelChecks: r.kernelChecks });
    // no options: IFLA_INFO_KIND alone, as `ip link set DEV type KIND` sends it (the kind's validate decides)
    attrs.linkinfo = d === undefined || Object.keys(d).length === 0 ? { kind } : { kind, data: d as never };
  }
  if (s.port !== undefined) {
    if (s.data !== undefined) throw new TypeError("port: cannot be combined with data (a request carries one IFLA_LINKINFO)");
    attrs.linkinfo = { kind: "bridge_slave", slaveData: bridgePortData(s.port, (ref, field) => r.index(ref, field)) as never };
  }
  const f = applySettings(s, attrs);
  const up = s.up === undefined ? undefined : checkBool(s.up, "up");
  return { family: 0, type: 0, index, ...header(up, f), attrs };
}
