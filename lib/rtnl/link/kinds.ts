/**
 * Kind-specific options of `LinkApi.add` (IFLA_INFO_DATA) for the layer-2
 * kinds: bridge, macvlan/macvtap, ipvlan/ipvtap, vlan, bond, vrf (vxlan
 * in vxlan.ts, tunnels in tunnels.ts).
 * Each builder validates its options (naming the field and value) and
 * returns the data attributes in the order `ip link add ... type KIND ...`
 * (iproute2 6.1) writes them for the same options, so requests compare
 * byte for byte. Values are in kernel units: bridge times in centiseconds
 * (USER_HZ), as `ip link` takes them.
 */
import type { BondData, BridgeData, IpvlanData, MacvlanData, VlanData } from "../../../codecs/link/index.ts";
import {
  checkBool, checkChoice, checkInt, checkIp, checkLinkRef, checkMac, checkNamed, checkObject, checkU16, checkU32, show, type LinkRef,
} from "./validate.ts";

/** Resolves link names to indexes (a syscall), after validation. */
export interface KindContext {
  index(ref: LinkRef, field: string): number;
  /**
   * True when the data changes an existing link (`ip link set DEV type KIND
   * ...`, the kind's changelink): what creation requires or defaults is
   * neither required nor sent, only the options given.
   */
  change?: boolean;
  /** Check values only against their attribute's wire type, leaving their meaning to the kernel (LinkApiOptions.checks "kernel"). */
  kernelChecks?: boolean;
}

/** A kind's data builder: validated options -> data attributes (or undefined for none). */
export type DataBuilder = (opts: unknown, ctx: KindContext, field: string) => object | undefined;

/** A boolean option as the u8 0/1 the kernel takes. */
export const b01 = (v: unknown, field: string): number => (checkBool(v, field) ? 1 : 0);

/** Options of kind "bridge" (IFLA_BR_*). Times in centiseconds (USER_HZ), as `ip link` takes them. */
export interface BridgeOptions {
  forwardDelay?: number;
  helloTime?: number;
  maxAge?: number;
  ageingTime?: number;
  /** 0 off, 1 kernel STP, 2 user-space STP. */
  stpState?: number;
  priority?: number;
  vlanFiltering?: boolean;
  vlanProtocol?: "802.1Q" | "802.1ad";
  groupFwdMask?: number;
  groupAddr?: string;
  /** Do not learn from link-local frames (IFLA_BR_MULTI_BOOLOPT). */
  noLinklocalLearn?: boolean;
  /** Flush the bridge's dynamic FDB entries (IFLA_BR_FDB_FLUSH). */
  fdbFlush?: true;
  vlanDefaultPvid?: number;
  vlanStatsEnabled?: boolean;
  vlanStatsPerPort?: boolean;
  mcastRouter?: number;
  mcastSnooping?: boolean;
  /** Per-VLAN multicast snooping (IFLA_BR_MULTI_BOOLOPT). */
  mcastVlanSnooping?: boolean;
  mcastQueryUseIfaddr?: boolean;
  mcastQuerier?: boolean;
  mcastHashElasticity?: number;
  mcastHashMax?: number;
  mcastLastMemberCount?: number;
  mcastStartupQueryCount?: number;
  mcastLastMemberInterval?: number;
  mcastMembershipInterval?: number;
  mcastQuerierInterval?: number;
  mcastQueryInterval?: number;
  mcastQueryResponseInterval?: number;
  mcastStartupQueryInterval?: number;
  mcastStatsEnabled?: boolean;
  mcastIgmpVersion?: number;
  mcastMldVersion?: number;
  nfCallIptables?: boolean;
  nfCallIp6tables?: boolean;
  nfCallArptables?: boolean;
}

const BR_BOOLOPT_NO_LL_LEARN = 0, BR_BOOLOPT_MCAST_VLAN_SNOOPING = 1;

const BRIDGE_KEYS = [
  "forwardDelay", "helloTime", "maxAge", "ageingTime", "stpState", "priority", "vlanFiltering", "vlanProtocol",
  "groupFwdMask", "groupAddr", "noLinklocalLearn", "fdbFlush", "vlanDefaultPvid", "vlanStatsEnabled", "vlanStatsPerPort",
  "mcastRouter", "mcastSnooping", "mcastVlanSnooping", "mcastQueryUseIfaddr", "mcastQuerier", "mcastHashElasticity", "mcastHashMax",
  "mcastLastMemberCount", "mcastStartupQueryCount", "mcastLastMemberInterval", "mcastMembershipInterval", "mcastQuerierInterval",
  "mcastQueryInterval", "mcastQueryResponseInterval", "mcastStartupQueryInterval", "mcastStatsEnabled", "mcastIgmpVersion",
  "mcastMldVersion", "nfCallIptables", "nfCallIp6tables", "nfCallArptables",
];

/** Option -> IFLA_BR_* field and its check: "b" boolean (u8), "uN" a count, [min, max] a meaningful range (wire type in `kernelChecks`). */
const BRIDGE_FIELDS: ReadonlyArray<[keyof BridgeOptions, keyof BridgeData, "b" | "u8" | "u16" | "u32" | "u64" | [number, number, "u8" | "u16" | "u32"]]> = [
  ["forwardDelay", "forwardDelay", "u32"], ["helloTime", "helloTime", "u32"], ["maxAge", "maxAge", "u32"], ["ageingTime", "ageingTime", "u32"],
  ["stpState", "stpState", [0, 2, "u32"]], ["priority", "priority", "u16"], ["vlanFiltering", "vlanFiltering", "b"],
  ["groupFwdMask", "groupFwdMask", "u16"], ["vlanDefaultPvid", "vlanDefaultPvid", [0, 4094, "u16"]],
  ["vlanStatsEnabled", "vlanStatsEnabled", "b"], ["vlanStatsPerPort", "vlanStatsPerPort", "b"], ["mcastRouter", "mcastRouter", [0, 2, "u8"]],
  ["mcastSnooping", "mcastSnooping", "b"], ["mcastQueryUseIfaddr", "mcastQueryUseIfaddr", "b"], ["mcastQuerier", "mcastQuerier", "b"],
  ["mcastHashElasticity", "mcastHashElasticity", "u32"], ["mcastHashMax", "mcastHashMax", "u32"],
  ["mcastLastMemberCount", "mcastLastMemberCnt", "u32"], ["mcastStartupQueryCount", "mcastStartupQueryCnt", "u32"],
  ["mcastLastMemberInterval", "mcastLastMemberIntvl", "u64"], ["mcastMembershipInterval", "mcastMembershipIntvl", "u64"],
  ["mcastQuerierInterval", "mcastQuerierIntvl", "u64"], ["mcastQueryInterval", "mcastQueryIntvl", "u64"],
  ["mcastQueryResponseInterval", "mcastQueryResponseIntvl", "u64"], ["mcastStartupQueryInterval", "mcastStartupQueryIntvl", "u64"],
  ["mcastStatsEnabled", "mcastStatsEnabled", "b"], ["mcastIgmpVersion", "mcastIgmpVersion", [2, 3, "u8"]],
  ["mcastMldVersion", "mcastMldVersion", [1, 2, "u8"]], ["nfCallIptables", "nfCallIptables", "b"], ["nfCallIp6tables", "nfCallIp6tables", "b"],
  ["nfCallArptables", "nfCallArptables", "b"],
];
const WIRE_MAX = { u8: 0xff, u16: 0xffff, u32: 0xffffffff, u64: Number.MAX_SAFE_INTEGER } as const;

/** Bridge options in attribute-number order (the order `ip link add type bridge` takes them in). */
export const bridgeData: DataBuilder = (opts, ctx, field) => {
  const o = checkObject<BridgeOptions>(opts, BRIDGE_KEYS, field);
  const loose = ctx.kernelChecks === true;
  const d: Record<string, unknown> = {};
  for (const [k, attr, check] of BRIDGE_FIELDS) {
    const v = o[k];
    if (v === undefined) continue;
    const f = `${field}.${k}`;
    if (check === "b") d[attr] = loose && typeof v === "number" ? checkInt(v, 0, 0xff, f) : b01(v, f);
    else if (Array.isArray(check)) d[attr] = loose ? checkInt(v, 0, WIRE_MAX[check[2]], f) : checkInt(v, check[0], check[1], f);
    else d[attr] = checkInt(v, 0, WIRE_MAX[check], f);
  }
  if (o.vlanProtocol !== undefined) {
    d.vlanProtocol = loose && typeof o.vlanProtocol === "number" ? checkU16(o.vlanProtocol, `${field}.vlanProtocol`) : checkChoice(o.vlanProtocol, ["802.1Q", "802.1ad"], `${field}.vlanProtocol`);
  }
  if (o.groupAddr !== undefined) d.groupAddr = checkMac(o.groupAddr, `${field}.groupAddr`, { length: 6 });
  if (o.fdbFlush !== undefined) {
    if (o.fdbFlush !== true) throw new TypeError(`${field}.fdbFlush: expected true, got ${show(o.fdbFlush)}`);
    d.fdbFlush = "";
  }
  let optval = 0, optmask = 0;
  const boolopt = (v: unknown, bit: number, f: string): void => {
    optmask |= 1 << bit;
    if (loose && typeof v === "number" ? checkInt(v, 0, 0xff, f) !== 0 : checkBool(v, f)) optval |= 1 << bit;
  };
  if (o.noLinklocalLearn !== undefined) boolopt(o.noLinklocalLearn, BR_BOOLOPT_NO_LL_LEARN, `${field}.noLinklocalLearn`);
  if (o.mcastVlanSnooping !== undefined) boolopt(o.mcastVlanSnooping, BR_BOOLOPT_MCAST_VLAN_SNOOPING, `${field}.mcastVlanSnooping`);
  if (optmask !== 0) d.multiBoolopt = { optval, optmask };
  return Object.keys(d).length ? (d as BridgeData) : undefined;
};

/** Options of kinds "macvlan" and "macvtap". */
export interface MacvlanOptions {
  mode?: "private" | "vepa" | "bridge" | "passthru" | "source";
  flags?: Array<"nopromisc" | "nodst">;
  bcQueueLen?: number;
}

export const macvlanData: DataBuilder = (opts, _ctx, field) => {
  const o = checkObject<MacvlanOptions>(opts, ["mode", "flags", "bcQueueLen"], field);
  const d: MacvlanData = {};
  if (o.mode !== undefined) d.mode = checkChoice(o.mode, ["private", "vepa", "bridge", "passthru", "source"], `${field}.mode`);
  if (o.flags !== undefined) {
    if (!Array.isArray(o.flags)) throw new TypeError(`${field}.flags: expected an array of "nopromisc", "nodst", got ${show(o.flags)}`);
    d.flags = o.flags.map((f, i) => checkChoice(f, ["nopromisc", "nodst"], `${field}.flags[${i}]`));
  }
  if (o.bcQueueLen !== undefined) d.bcQueueLen = checkU32(o.bcQueueLen, `${field}.bcQueueLen`);
  return Object.keys(d).length ? d : undefined;
};

/** Options of kinds "ipvlan" and "ipvtap". */
export interface IpvlanOptions {
  mode?: "l2" | "l3" | "l3s";
  /** "bridge" (the default, no flag bit), "private" or "vepa". */
  flags?: "bridge" | "private" | "vepa";
}

export const ipvlanData: DataBuilder = (opts, _ctx, field) => {
  const o = checkObject<IpvlanOptions>(opts, ["mode", "flags"], field);
  const d: IpvlanData = {};
  if (o.mode !== undefined) d.mode = checkChoice(o.mode, ["l2", "l3", "l3s"], `${field}.mode`);
  if (o.flags !== undefined) {
    const f = checkChoice(o.flags, ["bridge", "private", "vepa"], `${field}.flags`);
    d.flags = f === "bridge" ? [] : [f];
  }
  return Object.keys(d).length ? d : undefined;
};

/** Options of kind "vlan". */
export interface VlanOptions {
  id: number;
  protocol?: "802.1Q" | "802.1ad";
  /** VLAN_FLAG_* switches; each given one is also set in the mask. */
  flags?: { reorderHdr?: boolean; gvrp?: boolean; looseBinding?: boolean; mvrp?: boolean; bridgeBinding?: boolean };
  ingressQos?: Array<{ from: number; to: number }>;
  egressQos?: Array<{ from: number; to: number }>;
}

const VLAN_FLAG_BITS = { reorderHdr: 0x1, gvrp: 0x2, looseBinding: 0x4, mvrp: 0x8, bridgeBinding: 0x10 } as const;

function qosMap(v: unknown, field: string): Array<{ from: number; to: number }> {
  if (!Array.isArray(v)) throw new TypeError(`${field}: expected an array of { from, to }, got ${show(v)}`);
  return v.map((m, i) => {
    const o = checkObject<{ from: unknown; to: unknown }>(m, ["from", "to"], `${field}[${i}]`);
    return { from: checkU32(o.from, `${field}[${i}].from`), to: checkU32(o.to, `${field}[${i}].to`) };
  });
}

/** vlan data in iproute2's order: protocol, id, ingress map, egress map, then the accumulated flags. */
export const vlanData: DataBuilder = (opts, _ctx, field) => {
  const o = checkObject<VlanOptions>(opts, ["id", "protocol", "flags", "ingressQos", "egressQos"], field);
  const d: VlanData = {};
  if (o.protocol !== undefined) d.protocol = checkChoice(o.protocol, ["802.1Q", "802.1ad"], `${field}.protocol`);
  d.id = checkInt(o.id, 0, 4095, `${field}.id`);
  if (o.ingressQos !== undefined) d.ingressQos = { mapping: qosMap(o.ingressQos, `${field}.ingressQos`) };
  if (o.egressQos !== undefined) d.egressQos = { mapping: qosMap(o.egressQos, `${field}.egressQos`) };
  if (o.flags !== undefined) {
    const f = checkObject<Record<string, unknown>>(o.flags, Object.keys(VLAN_FLAG_BITS), `${field}.flags`);
    let flags = 0;
    let mask = 0;
    for (const [k, bit] of Object.entries(VLAN_FLAG_BITS)) {
      if (f[k] === undefined) continue;
      mask |= bit;
      if (checkBool(f[k], `${field}.flags.${k}`)) flags |= bit;
    }
    d.flags = { flags, mask };
  }
  return d;
};

/** Options of kind "bond" (values in milliseconds where the kernel takes them so). */
export interface BondOptions {
  mode?: "balance-rr" | "active-backup" | "balance-xor" | "broadcast" | "802.3ad" | "balance-tlb" | "balance-alb";
  miimon?: number;
  updelay?: number;
  downdelay?: number;
  xmitHashPolicy?: "layer2" | "layer3+4" | "layer2+3" | "encap2+3" | "encap3+4" | "vlan+srcmac";
  adLacpRate?: "slow" | "fast";
  adSelect?: "stable" | "bandwidth" | "count";
  minLinks?: number;
  useCarrier?: boolean;
  arpInterval?: number;
  arpIpTarget?: string[];
  resendIgmp?: number;
  allSlavesActive?: boolean;
  /** The primary port (a link of this namespace). */
  primary?: LinkRef;
  packetsPerSlave?: number;
  adActorSysPrio?: number;
  adUserPortKey?: number;
  adActorSystem?: string;
}

const BOND_KEYS = [
  "mode", "miimon", "updelay", "downdelay", "xmitHashPolicy", "adLacpRate", "adSelect", "minLinks", "useCarrier",
  "arpInterval", "arpIpTarget", "resendIgmp", "allSlavesActive", "primary", "packetsPerSlave", "adActorSysPrio",
  "adUserPortKey", "adActorSystem",
] as const;

/** bond data in the order of BOND_KEYS (iproute2 writes each option as it parses it). */
export const bondData: DataBuilder = (opts, ctx, field) => {
  const o = checkObject<BondOptions>(opts, BOND_KEYS, field);
  const d: BondData = {};
  if (o.mode !== undefined) d.mode = checkChoice(o.mode, ["balance-rr", "active-backup", "balance-xor", "broadcast", "802.3ad", "balance-tlb", "balance-alb"], `${field}.mode`);
  if (o.miimon !== undefined) d.miimon = checkU32(o.miimon, `${field}.miimon`);
  if (o.updelay !== undefined) d.updelay = checkU32(o.updelay, `${field}.updelay`);
  if (o.downdelay !== undefined) d.downdelay = checkU32(o.downdelay, `${field}.downdelay`);
  if (o.xmitHashPolicy !== undefined) d.xmitHashPolicy = checkChoice(o.xmitHashPolicy, ["layer2", "layer3+4", "layer2+3", "encap2+3", "encap3+4", "vlan+srcmac"], `${field}.xmitHashPolicy`);
  if (o.adLacpRate !== undefined) d.adLacpRate = checkNamed(o.adLacpRate, { slow: 0, fast: 1 }, `${field}.adLacpRate`);
  if (o.adSelect !== undefined) d.adSelect = checkNamed(o.adSelect, { stable: 0, bandwidth: 1, count: 2 }, `${field}.adSelect`);
  if (o.minLinks !== undefined) d.minLinks = checkU32(o.minLinks, `${field}.minLinks`);
  if (o.useCarrier !== undefined) d.useCarrier = b01(o.useCarrier, `${field}.useCarrier`);
  if (o.arpInterval !== undefined) d.arpInterval = checkU32(o.arpInterval, `${field}.arpInterval`);
  if (o.arpIpTarget !== undefined) {
    if (!Array.isArray(o.arpIpTarget) || o.arpIpTarget.length > 16) throw new TypeError(`${field}.arpIpTarget: expected an array of at most 16 IPv4 addresses, got ${show(o.arpIpTarget)}`);
    o.arpIpTarget.forEach((a, i) => checkIp(a, `${field}.arpIpTarget[${i}]`, 4));
    d.arpIpTarget = [...o.arpIpTarget];
  }
  if (o.resendIgmp !== undefined) d.resendIgmp = checkInt(o.resendIgmp, 0, 255, `${field}.resendIgmp`);
  if (o.allSlavesActive !== undefined) d.allSlavesActive = b01(o.allSlavesActive, `${field}.allSlavesActive`);
  if (o.primary !== undefined) d.primary = ctx.index(checkLinkRef(o.primary, `${field}.primary`), `${field}.primary`);
  if (o.packetsPerSlave !== undefined) d.packetsPerSlave = checkInt(o.packetsPerSlave, 0, 65535, `${field}.packetsPerSlave`);
  if (o.adActorSysPrio !== undefined) d.adActorSysPrio = checkInt(o.adActorSysPrio, 1, 65535, `${field}.adActorSysPrio`);
  if (o.adUserPortKey !== undefined) d.adUserPortKey = checkInt(o.adUserPortKey, 0, 1023, `${field}.adUserPortKey`);
  if (o.adActorSystem !== undefined) d.adActorSystem = checkMac(o.adActorSystem, `${field}.adActorSystem`, { length: 6 });
  return Object.keys(d).length ? d : undefined;
};

/** Options of kind "vrf". */
export interface VrfOptions {
  table: number;
}

export const vrfData: DataBuilder = (opts, _ctx, field) => {
  const o = checkObject<VrfOptions>(opts, ["table"], field);
  return { table: checkInt(o.table, 1, 0xffffffff, `${field}.table`) };
};
