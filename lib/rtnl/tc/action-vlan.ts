/**
 * act_vlan (tc 6.1 m_vlan.c, linux/tc_act/tc_vlan.h): pop, push or modify
 * an 802.1Q/802.1ad tag, pop or push an Ethernet header. The spec:
 * `{ kind: "vlan", action: "push", id: 5, protocol: "802.1ad", priority: 3 }`.
 */
import type { ActOptionsMap } from "../../../codecs/tc/act-kinds.ts";
import { formatMAC, parseMAC } from "../../../codecs/ip/mac.ts";
import { llProtoByName, llProtoN2a } from "../../../codecs/tc/ll-proto.ts";
import type { ActionCommon } from "./action-options.ts";
import { genParms, PIPE, type ActionKind } from "./action-kind.ts";
import { int } from "./check.ts";
import { verdictName, type Verdict } from "./verdict.ts";

/** The vlan operations, by TCA_VLAN_ACT_* number - 1. */
export const VLAN_ACTIONS = ["pop", "push", "modify", "pop_eth", "push_eth"] as const;

/** vlan: tag operations. */
export interface VlanAction extends ActionCommon {
  kind: "vlan";
  /** Absent only to bind an existing action by `index` (tc's v_action 0). */
  action?: (typeof VLAN_ACTIONS)[number];
  /** push/modify: the VLAN id (required there; the kernel takes 0..4094). */
  id?: number;
  /** push/modify: "802.1Q" (the kernel's default) or "802.1ad", or the ethertype. */
  protocol?: string | number;
  /** push/modify: the PCP, 0..7. */
  priority?: number;
  /** push_eth: destination and source MAC (both required). */
  dstMac?: string;
  srcMac?: string;
  /** Default pipe. */
  verdict?: Verdict;
}

function mac(v: unknown, field: string): string {
  if (typeof v !== "string") throw new TypeError(`${field}: expected a MAC address string`);
  const b = parseMAC(v, field);
  if (b.length !== 6) throw new RangeError(`${field}: expected 6 bytes, got ${b.length}`);
  return formatMAC(b);
}

/** act_vlan's spec conversion. */
export const vlanKind: ActionKind = {
  main: "verdict",
  toWire(a, p) {
    const n = a.action === undefined ? 0 : VLAN_ACTIONS.indexOf(a.action as NonNullable<VlanAction["action"]>) + 1;
    if (n === 0 && a.action !== undefined) throw new TypeError(`${p}.action: expected one of ${VLAN_ACTIONS.join(", ")}, got ${JSON.stringify(a.action)}`);
    const push = n === 2 || n === 3;
    for (const k of ["id", "protocol", "priority"]) if (!push && a[k] !== undefined) throw new TypeError(`${p}.${k}: only valid for push/modify`);
    for (const k of ["dstMac", "srcMac"]) {
      if (n !== 5 && a[k] !== undefined) throw new TypeError(`${p}.${k}: only valid for push_eth`);
      if (n === 5 && a[k] === undefined) throw new TypeError(`${p}.${k}: required for push_eth`);
    }
    if (push && a.id === undefined) throw new TypeError(`${p}.id: required for ${a.action}`);
    const out: Record<string, unknown> = { parms: { ...genParms(a, p, PIPE), vAction: n } };
    if (push) out.pushVlanId = int(a.id, 0, 0xffff, `${p}.id`);
    if (a.protocol !== undefined) {
      const proto = typeof a.protocol === "string" ? llProtoByName(a.protocol) : int(a.protocol, 0, 0xffff, `${p}.protocol`);
      if (proto !== 0x8100 && proto !== 0x88a8) throw new TypeError(`${p}.protocol: expected "802.1Q" or "802.1ad", got ${JSON.stringify(a.protocol)}`);
      out.pushVlanProtocol = proto;
    }
    if (a.priority !== undefined) out.pushVlanPriority = int(a.priority, 0, 7, `${p}.priority`);
    if (n === 5) { out.pushEthDst = mac(a.dstMac, `${p}.dstMac`); out.pushEthSrc = mac(a.srcMac, `${p}.srcMac`); }
    return out;
  },
  fromWire(o: ActOptionsMap["vlan"]) {
    const v = o.parms!;
    const s: VlanAction = { kind: "vlan" };
    if (v.vAction !== 0) s.action = VLAN_ACTIONS[v.vAction - 1] ?? (String(v.vAction) as VlanAction["action"]);
    if (o.pushVlanId !== undefined) s.id = o.pushVlanId;
    if (o.pushVlanProtocol !== undefined) s.protocol = llProtoN2a(o.pushVlanProtocol);
    if (o.pushVlanPriority !== undefined) s.priority = o.pushVlanPriority;
    if (o.pushEthDst !== undefined) s.dstMac = o.pushEthDst;
    if (o.pushEthSrc !== undefined) s.srcMac = o.pushEthSrc;
    s.verdict = verdictName(v.action);
    return s as unknown as Record<string, unknown> & { kind: string };
  },
};
