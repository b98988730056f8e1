/**
 * Options of a bridge port (`ip link set DEV type bridge_slave ...`): what
 * `LinkApi.set(dev, { port: {...} })` sends as IFLA_LINKINFO { KIND
 * "bridge_slave", SLAVE_DATA { IFLA_BRPORT_* } } for the bridge's
 * slave_changelink, in iproute2 6.1's attribute order. The link must be a
 * port of a bridge (else the kernel answers EOPNOTSUPP).
 *
 *   nl.links.set("veth0", { port: { hairpin: true, learning: false, cost: 10 } });
 */
import type { BridgePortData } from "../../../codecs/link/kinds/index.ts";
import { checkBool, checkInt, checkLinkRef, show, type LinkRef } from "./validate.ts";

/** A bridge port's STP state, by name or number (BR_STATE_*). */
export type BridgePortState = "disabled" | "listening" | "learning" | "forwarding" | "blocking" | number;

/** Bridge port options; each given one is changed. */
export interface BridgePortOptions {
  /** Flush the port's dynamic FDB entries (IFLA_BRPORT_FLUSH, `fdb_flush`). */
  fdbFlush?: true;
  state?: BridgePortState;
  /** 0..65535 (`priority`). */
  priority?: number;
  /** Path cost (`cost`). */
  cost?: number;
  /** Hairpin mode: frames may go back out of the port they came in (IFLA_BRPORT_MODE). */
  hairpin?: boolean;
  /** BPDU guard (`guard`). */
  guard?: boolean;
  /** Root port protection (IFLA_BRPORT_PROTECT, `root_block`). */
  rootBlock?: boolean;
  /** Multicast fast leave (`fastleave`). */
  fastLeave?: boolean;
  learning?: boolean;
  /** Unicast flooding (IFLA_BRPORT_UNICAST_FLOOD, `flood`). */
  flood?: boolean;
  mcastFlood?: boolean;
  bcastFlood?: boolean;
  mcastToUnicast?: boolean;
  proxyArp?: boolean;
  proxyArpWifi?: boolean;
  /** Multicast router mode 0..255 (`mcast_router`). */
  mcastRouter?: number;
  neighSuppress?: boolean;
  /** 0..65535 (`group_fwd_mask`). */
  groupFwdMask?: number;
  vlanTunnel?: boolean;
  isolated?: boolean;
  locked?: boolean;
  /** The backup port (a link), or null for none (`backup_port`, `nobackup_port`). */
  backupPort?: LinkRef | null;
}

const STATES = ["disabled", "listening", "learning", "forwarding", "blocking"] as const;

/** Option name, IFLA_BRPORT_* field, and how the value is checked. */
const FIELDS: ReadonlyArray<[keyof BridgePortOptions, keyof BridgePortData, "bool" | "u8" | "u16" | "u32"]> = [
  ["priority", "priority", "u16"], ["cost", "cost", "u32"], ["hairpin", "mode", "bool"], ["guard", "guard", "bool"],
  ["rootBlock", "protect", "bool"], ["fastLeave", "fastLeave", "bool"], ["learning", "learning", "bool"], ["flood", "unicastFlood", "bool"],
  ["mcastFlood", "mcastFlood", "bool"], ["bcastFlood", "bcastFlood", "bool"], ["mcastToUnicast", "mcastToUcast", "bool"],
  ["proxyArp", "proxyarp", "bool"], ["proxyArpWifi", "proxyarpWifi", "bool"], ["mcastRouter", "multicastRouter", "u8"],
  ["neighSuppress", "neighSuppress", "bool"], ["groupFwdMask", "groupFwdMask", "u16"], ["vlanTunnel", "vlanTunnel", "bool"],
  ["isolated", "isolated", "bool"], ["locked", "locked", "bool"],
];

const KEYS = new Set<string>(["fdbFlush", "state", "backupPort", ...FIELDS.map(([k]) => k)]);
const MAX = { u8: 0xff, u16: 0xffff, u32: 0xffffffff } as const;

/** The IFLA_BRPORT_* attributes of `o` (`field`: the option's name in errors); `index` resolves backupPort. */
export function bridgePortData(o: BridgePortOptions, index: (ref: LinkRef, field: string) => number, field = "port"): Partial<BridgePortData> {
  if (o === null || typeof o !== "object" || Array.isArray(o)) throw new TypeError(`${field}: expected an object of bridge port options, got ${show(o)}`);
  for (const k of Object.keys(o)) if (!KEYS.has(k)) throw new TypeError(`${field}.${k}: unknown bridge port option`);
  const d: Record<string, unknown> = {};
  if (o.fdbFlush !== undefined) {
    if (o.fdbFlush !== true) throw new TypeError(`${field}.fdbFlush: expected true, got ${show(o.fdbFlush)}`);
    d.flush = true;
  }
  if (o.state !== undefined) {
    const st = o.state;
    d.state = typeof st === "number" ? STATES[checkInt(st, 0, 255, `${field}.state`)] ?? st : STATES.includes(st as never) ? st : undefined;
    if (d.state === undefined) throw new TypeError(`${field}.state: expected one of ${STATES.map((x) => JSON.stringify(x)).join(", ")} or a number, got ${show(st)}`);
  }
  for (const [k, attr, type] of FIELDS) {
    const v = o[k];
    if (v === undefined) continue;
    d[attr] = type === "bool" ? (checkBool(v, `${field}.${k}`) ? 1 : 0) : checkInt(v, 0, MAX[type], `${field}.${k}`);
  }
  if (o.backupPort !== undefined) d.backupPort = o.backupPort === null ? 0 : index(checkLinkRef(o.backupPort, `${field}.backupPort`), `${field}.backupPort`);
  return d as Partial<BridgePortData>;
}
