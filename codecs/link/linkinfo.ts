/**
 * IFLA_LINKINFO (enum IFLA_INFO_*, linux/if_link.h): the kind string and
 * the kind-specific data. The layout of IFLA_INFO_DATA depends on
 * IFLA_INFO_KIND, and that of IFLA_INFO_SLAVE_DATA on IFLA_INFO_SLAVE_KIND,
 * so the nest is scanned for the two kind strings first (the kernel emits
 * each kind before its data, but the scan does not rely on it) and then
 * decoded with the matching attribute set. Kinds without a known layout
 * keep their data as a hex string, which encodes back unchanged.
 */
import { HOST_LE } from "../core/align.ts";
import { attrSet, type AttrSet, type RawAttr } from "../core/attrset.ts";
import { binary, custom, decodeString, string, type Field } from "../core/fields.ts";
import type { MessageCodec } from "../core/message.ts";
import { bareString, nestOrRaw } from "./fields.ts";
import { KIND_DATA, SLAVE_KIND_DATA, vethDataSet } from "./kinds/index.ts";
import type { LinkMessage } from "./message.ts";
import type { BondData, BridgeData, BridgePortData, GeneveData, GreData, Ip6tnlData, IptunData, IpvlanData, MacvlanData, VlanData, VxlanData } from "./kinds/index.ts";

/** IFLA_INFO_* numbers. */
export const IFLA_INFO_KIND = 1;
export const IFLA_INFO_DATA = 2;
export const IFLA_INFO_XSTATS = 3;
export const IFLA_INFO_SLAVE_KIND = 4;
export const IFLA_INFO_SLAVE_DATA = 5;

/** veth data: the peer's ifinfomsg and attributes (only in requests). */
export interface VethData<P = unknown> {
  peer?: P;
  unknown?: RawAttr[];
}

/** The typed data of each kind with a known layout. */
export interface LinkKindDataMap {
  veth: VethData<LinkMessage>;
  bridge: BridgeData;
  macvlan: MacvlanData;
  macvtap: MacvlanData;
  ipvlan: IpvlanData;
  ipvtap: IpvlanData;
  vxlan: VxlanData;
  vlan: VlanData;
  bond: BondData;
  vrf: { table?: number; unknown?: RawAttr[] };
  gre: GreData;
  gretap: GreData;
  ip6gre: GreData;
  ip6gretap: GreData;
  ipip: IptunData;
  sit: IptunData;
  ip6tnl: Ip6tnlData;
  geneve: GeneveData;
}

/** Any kind's decoded data. */
export type LinkKindData = LinkKindDataMap[keyof LinkKindDataMap];

/** Decoded IFLA_LINKINFO. `data`/`slaveData` are hex strings for kinds without a known layout. */
export interface LinkInfo {
  kind?: string;
  data?: LinkKindData | string;
  xstats?: string;
  slaveKind?: string;
  slaveData?: BridgePortData | Record<string, unknown> | string;
  unknown?: RawAttr[];
}

/** Options of the linkinfo field. */
export interface LinkinfoOptions {
  /** Write IFLA_INFO_KIND / SLAVE_KIND without the NUL, as iproute2 does in requests. */
  bareKind?: boolean;
}

/** Read IFLA_INFO_KIND and IFLA_INFO_SLAVE_KIND without decoding anything else; stops at a malformed header. */
function scanKinds(buf: Uint8Array, dv: DataView, off: number, end: number): [string | undefined, string | undefined] {
  let kind: string | undefined;
  let slave: string | undefined;
  while (end - off >= 4) {
    const len = dv.getUint16(off, HOST_LE);
    if (len < 4 || off + len > end) break;
    const t = dv.getUint16(off + 2, HOST_LE) & 0x3fff;
    if (t === IFLA_INFO_KIND || t === IFLA_INFO_SLAVE_KIND) {
      let e = off + len;
      if (e > off + 4 && buf[e - 1] === 0) e--;
      const s = decodeString(buf, off + 4, e);
      if (t === IFLA_INFO_KIND) kind ??= s;
      else slave ??= s;
    }
    off += (len + 3) & ~3;
  }
  return [kind, slave];
}

/**
 * The IFLA_LINKINFO field. `peer` returns the link message codec used for
 * the veth peer (late-bound because that codec contains this field).
 */
export function linkinfoField(type: number, peer: () => MessageCodec<any>, opts: LinkinfoOptions = {}): Field<LinkInfo> {
  const veth = vethDataSet(peer);
  const kindField = () => (opts.bareKind ? bareString(IFLA_INFO_KIND) : string(IFLA_INFO_KIND));
  const slaveKindField = () => (opts.bareKind ? bareString(IFLA_INFO_SLAVE_KIND) : string(IFLA_INFO_SLAVE_KIND));
  const cache = new Map<string, AttrSet<LinkInfo>>();
  const dataSet = (kind: string | undefined): AttrSet<any> | undefined =>
    kind === undefined ? undefined : kind === "veth" ? veth : KIND_DATA.get(kind);
  const setFor = (kind: string | undefined, slave: string | undefined): AttrSet<LinkInfo> => {
    const d = dataSet(kind);
    // a request's IFLA_INFO_KIND "<master>_slave" carries the port options in IFLA_INFO_SLAVE_DATA (iplink_modify)
    const portOf = slave ?? (kind?.endsWith("_slave") ? kind.slice(0, -6) : undefined);
    const s = portOf === undefined ? undefined : SLAVE_KIND_DATA.get(portOf);
    const key = `${d ? kind : ""}|${s ? portOf : ""}`;
    let set = cache.get(key);
    if (set === undefined) {
      set = attrSet("linkinfo", {
        kind: kindField(),
        data: d ? nestOrRaw(IFLA_INFO_DATA, d) : binary(IFLA_INFO_DATA),
        xstats: binary(IFLA_INFO_XSTATS),
        slaveKind: slaveKindField(),
        slaveData: s ? nestOrRaw(IFLA_INFO_SLAVE_DATA, s) : binary(IFLA_INFO_SLAVE_DATA),
      }) as unknown as AttrSet<LinkInfo>;
      cache.set(key, set);
    }
    return set;
  };
  return custom<LinkInfo>(type, (buf, dv, off, len) => {
    const [kind, slave] = scanKinds(buf, dv, off, off + len);
    return setFor(kind, slave).decode(buf, dv, off, off + len);
  }, (w, v, path) => {
    if (v === null || typeof v !== "object") throw new TypeError(`${path}: expected a linkinfo object`);
    setFor(v.kind, v.slaveKind).encode(w, v, path);
  });
}
