/**
 * The action kinds added beside act-kinds.ts' first six, one codec file
 * each (act-vlan.ts, ...): their option sets by TCA_ACT_KIND and their
 * decoded shapes, merged into ACT_KIND_OPTIONS / ActOptionsMap.
 */
import type { AttrSet } from "../core/attrset.ts";
import { vlanAttrs } from "./act-vlan.ts";
import { tunnelKeyAttrs } from "./act-tunnel-key.ts";
import { connmarkAttrs, csumAttrs, natAttrs, simpleAttrs } from "./act-small.ts";
import { ctAttrs } from "./act-ct.ts";
import { ctinfoAttrs, mplsAttrs, sampleAttrs, skbmodAttrs } from "./act-misc.ts";

/** [kind, option set] of the added kinds. */
export const MORE_ACT_KINDS: ReadonlyArray<readonly [string, AttrSet<any>]> = [
  ["vlan", vlanAttrs],
  ["tunnel_key", tunnelKeyAttrs],
  ["csum", csumAttrs], ["nat", natAttrs], ["simple", simpleAttrs], ["connmark", connmarkAttrs],
  ["ct", ctAttrs],
  ["skbmod", skbmodAttrs], ["sample", sampleAttrs], ["mpls", mplsAttrs], ["ctinfo", ctinfoAttrs],
];

/** The decoded options of each added kind. */
export interface MoreActOptionsMap {
  vlan: typeof vlanAttrs._type;
  tunnel_key: typeof tunnelKeyAttrs._type;
  csum: typeof csumAttrs._type;
  nat: typeof natAttrs._type;
  simple: typeof simpleAttrs._type;
  connmark: typeof connmarkAttrs._type;
  ct: typeof ctAttrs._type;
  skbmod: typeof skbmodAttrs._type;
  sample: typeof sampleAttrs._type;
  mpls: typeof mplsAttrs._type;
  ctinfo: typeof ctinfoAttrs._type;
}
