/**
 * The action kinds nl.tc types beside action-options.ts' first six (one
 * file each: action-vlan.ts, ...), by TCA_ACT_KIND, and their spec types.
 */
import type { ActionKind } from "./action-kind.ts";
import { vlanKind, type VlanAction } from "./action-vlan.ts";
import { tunnelKeyKind, type TunnelKeyAction } from "./action-tunnel-key.ts";
import { connmarkKind, csumKind, natKind, simpleKind, type ConnmarkAction, type CsumAction, type NatAction, type SimpleAction } from "./action-small.ts";
import { ctKind, type CtAction } from "./action-ct.ts";
import { ctinfoKind, mplsKind, sampleKind, skbmodKind, type CtinfoAction, type MplsAction, type SampleAction, type SkbmodAction } from "./action-misc.ts";

/** The added kinds' conversions. */
export const MORE_ACTIONS: ReadonlyMap<string, ActionKind> = new Map<string, ActionKind>([
  ["vlan", vlanKind],
  ["tunnel_key", tunnelKeyKind],
  ["csum", csumKind], ["nat", natKind], ["simple", simpleKind], ["connmark", connmarkKind],
  ["ct", ctKind],
  ["skbmod", skbmodKind], ["sample", sampleKind], ["mpls", mplsKind], ["ctinfo", ctinfoKind],
]);

/** Any added kind's spec. */
export type MoreActionSpec = VlanAction | TunnelKeyAction | CsumAction | NatAction | SimpleAction | ConnmarkAction | CtAction
  | SkbmodAction | SampleAction | MplsAction | CtinfoAction;

/** The added kinds' spec types, for nl.tc's index. */
export type { VlanAction, TunnelKeyAction, CsumAction, NatAction, SimpleAction, ConnmarkAction, CtAction, SkbmodAction, SampleAction, MplsAction, CtinfoAction };
export type { GeneveOpt, ErspanOpts } from "./action-tunnel-key.ts";
export type { CtNat } from "./action-ct.ts";
