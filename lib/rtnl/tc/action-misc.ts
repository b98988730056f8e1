/**
 * act_skbmod, act_sample, act_mpls and act_ctinfo as nl.tc specs (tc 6.1's
 * m_skbmod.c, m_sample.c, m_mpls.c, m_ctinfo.c; same attributes, order and
 * defaults): `{ kind: "skbmod", dmac: "02:00:00:00:00:01", swapMac: true }`,
 * `{ kind: "sample", rate: 100, group: 5 }`,
 * `{ kind: "mpls", action: "push", label: 20, ttl: 64 }`,
 * `{ kind: "ctinfo", dscpMask: 0xfc000000, cpmarkMask: 0xffffffff }`.
 */
import type { ActOptionsMap } from "../../../codecs/tc/act-kinds.ts";
import { SKBMOD_F } from "../../../codecs/tc/act-misc.ts";
import { formatMAC, parseMAC } from "../../../codecs/ip/mac.ts";
import { llProtoByName, llProtoN2a } from "../../../codecs/tc/ll-proto.ts";
import type { ActionCommon } from "./action-options.ts";
import { genParms, PIPE, type ActionKind } from "./action-kind.ts";
import { bool, int } from "./check.ts";
import { verdictName, type Verdict } from "./verdict.ts";

type Spec = Record<string, unknown> & { kind: string };

/** skbmod: rewrite Ethernet addresses and type, swap the addresses, or mark ECN. */
export interface SkbmodAction extends ActionCommon {
  kind: "skbmod";
  dmac?: string;
  smac?: string;
  /** Ethertype to set (0 sets the flag without a value, as tc does for `etype 0`). */
  etype?: number;
  swapMac?: boolean;
  ecn?: boolean;
  /** Default pipe. */
  verdict?: Verdict;
}

/** sample: hand 1 in `rate` packets to the psample group. */
export interface SampleAction extends ActionCommon {
  kind: "sample";
  /** Required, with group, unless an existing action is bound by index. */
  rate?: number;
  group?: number;
  /** Truncate samples to this many bytes. */
  trunc?: number;
  /** Default pipe. */
  verdict?: Verdict;
}

/** The mpls operations, by TCA_MPLS_ACT_* - 1. */
export const MPLS_ACTIONS = ["pop", "push", "modify", "dec_ttl", "mac_push"] as const;

/** mpls: push, pop, modify an MPLS label stack entry, or decrement its TTL. */
export interface MplsAction extends ActionCommon {
  kind: "mpls";
  action: (typeof MPLS_ACTIONS)[number];
  /** pop: the next header's ethertype (required); push/mac_push: mpls_uc (default) or mpls_mc. A name of tc's table or the number. */
  protocol?: string | number;
  /** push (required), mac_push, modify: label (20 bits), tc (3 bits), ttl (1..255), bos (0 or 1). */
  label?: number;
  tc?: number;
  ttl?: number;
  bos?: number;
  /** Default pipe. */
  verdict?: Verdict;
}

/** ctinfo: restore DSCP and/or the mark from the conntrack mark. */
export interface CtinfoAction extends ActionCommon {
  kind: "ctinfo";
  /** Conntrack zone (default 0). */
  zone?: number;
  /** Where in the conntrack mark the DSCP is stored (6 contiguous bits), and the bits that must be set to restore it. */
  dscpMask?: number;
  dscpStatemask?: number;
  /** Mask applied to the conntrack mark copied into the packet mark. */
  cpmarkMask?: number;
  /** Default pipe. */
  verdict?: Verdict;
  /** Read-only counters (with -s). */
  dscpSet?: number;
  dscpError?: number;
  cpmarkSet?: number;
}

function mac(v: unknown, field: string): string {
  if (typeof v !== "string") throw new TypeError(`${field}: expected a MAC address string`);
  const b = parseMAC(v, field);
  if (b.length !== 6) throw new RangeError(`${field}: expected 6 bytes, got ${b.length}`);
  return formatMAC(b);
}

/** act_skbmod's spec conversion (attributes: parameters, dmac, etype when nonzero, smac, as tc). */
export const skbmodKind: ActionKind = {
  main: "verdict",
  toWire(a, p) {
    let flags = 0;
    const out: Record<string, unknown> = {};
    if (a.dmac !== undefined) { flags |= SKBMOD_F.DMAC; out.dmac = mac(a.dmac, `${p}.dmac`); }
    if (a.etype !== undefined) { flags |= SKBMOD_F.ETYPE; const e = int(a.etype, 0, 0xffff, `${p}.etype`); if (e) out.etype = e; }
    if (a.smac !== undefined) { flags |= SKBMOD_F.SMAC; out.smac = mac(a.smac, `${p}.smac`); }
    if (a.swapMac !== undefined && bool(a.swapMac, `${p}.swapMac`)) flags |= SKBMOD_F.SWAPMAC;
    if (a.ecn !== undefined && bool(a.ecn, `${p}.ecn`)) flags |= SKBMOD_F.ECN;
    if (flags === 0 && a.index === undefined) throw new TypeError(`${p}: skbmod needs dmac, smac, etype, swapMac or ecn`);
    return { parms: { ...genParms(a, p, PIPE), flags: BigInt(flags) }, ...out };
  },
  fromWire(o: ActOptionsMap["skbmod"]): Spec {
    const f = Number(o.parms!.flags);
    const s: Spec = { kind: "skbmod" };
    if (o.dmac !== undefined) s.dmac = o.dmac;
    if (o.smac !== undefined) s.smac = o.smac;
    if (o.etype !== undefined || f & SKBMOD_F.ETYPE) s.etype = o.etype ?? 0;
    if (f & SKBMOD_F.SWAPMAC) s.swapMac = true;
    if (f & SKBMOD_F.ECN) s.ecn = true;
    s.verdict = verdictName(o.parms!.action);
    return s;
  },
};

/** act_sample's spec conversion (parameters, rate, group, trunc). */
export const sampleKind: ActionKind = {
  main: "verdict",
  toWire(a, p) {
    const out: Record<string, unknown> = { parms: genParms(a, p, PIPE) };
    if (!a.index && (a.rate === undefined || a.group === undefined)) throw new TypeError(`${p}.${a.rate === undefined ? "rate" : "group"}: required (unless an existing action is bound by index)`);
    if (a.rate !== undefined) out.rate = int(a.rate, 0, 0xffffffff, `${p}.rate`);
    if (a.group !== undefined) out.psampleGroup = int(a.group, 0, 0xffffffff, `${p}.group`);
    if (a.trunc !== undefined) out.truncSize = int(a.trunc, 0, 0xffffffff, `${p}.trunc`);
    return out;
  },
  fromWire(o: ActOptionsMap["sample"]): Spec {
    const s: Spec = { kind: "sample" };
    if (o.rate !== undefined) s.rate = o.rate;
    if (o.psampleGroup !== undefined) s.group = o.psampleGroup;
    if (o.truncSize !== undefined) s.trunc = o.truncSize;
    s.verdict = verdictName(o.parms!.action);
    return s;
  },
};

/** act_mpls's spec conversion (parameters, label, protocol, tc, ttl, bos), with tc's checks. */
export const mplsKind: ActionKind = {
  main: "verdict",
  toWire(a, p) {
    const n = MPLS_ACTIONS.indexOf(a.action as MplsAction["action"]) + 1;
    if (n === 0) throw new TypeError(`${p}.action: expected one of ${MPLS_ACTIONS.join(", ")}, got ${JSON.stringify(a.action)}`);
    const fields = n === 2 || n === 3 || n === 5;
    for (const k of ["label", "tc", "ttl", "bos"]) if (!fields && a[k] !== undefined) throw new TypeError(`${p}.${k}: only valid for push, mac_push and modify`);
    if (a.protocol !== undefined && n !== 1 && n !== 2 && n !== 5) throw new TypeError(`${p}.protocol: only valid for push, mac_push and pop`);
    const out: Record<string, unknown> = { parms: { ...genParms(a, p, PIPE), mAction: n } };
    if (a.label !== undefined) out.label = int(a.label, 0, 0xfffff, `${p}.label`);
    else if (n === 2) throw new TypeError(`${p}.label: required for push`);
    if (a.protocol !== undefined) {
      const proto = typeof a.protocol === "string" ? llProtoByName(a.protocol) : int(a.protocol, 1, 0xffff, `${p}.protocol`);
      if (proto === undefined) throw new TypeError(`${p}.protocol: unknown protocol ${JSON.stringify(a.protocol)}`);
      if ((n === 2 || n === 5) && proto !== 0x8847 && proto !== 0x8848) throw new TypeError(`${p}.protocol: push takes mpls_uc or mpls_mc, got ${JSON.stringify(a.protocol)}`);
      out.proto = proto;
    } else if (n === 1) throw new TypeError(`${p}.protocol: required for pop`);
    if (a.tc !== undefined) out.tc = int(a.tc, 0, 7, `${p}.tc`);
    if (a.ttl !== undefined) out.ttl = int(a.ttl, 1, 255, `${p}.ttl`);
    if (a.bos !== undefined) out.bos = int(a.bos, 0, 1, `${p}.bos`);
    return out;
  },
  fromWire(o: ActOptionsMap["mpls"]): Spec {
    const m = o.parms!;
    const s: Spec = { kind: "mpls", action: MPLS_ACTIONS[m.mAction - 1] ?? String(m.mAction) };
    if (o.proto !== undefined) s.protocol = llProtoN2a(o.proto);
    if (o.label !== undefined) s.label = o.label;
    if (o.tc !== undefined) s.tc = o.tc;
    if (o.ttl !== undefined) s.ttl = o.ttl;
    if (o.bos !== undefined) s.bos = o.bos;
    s.verdict = verdictName(m.action);
    return s;
  },
};

/** act_ctinfo's spec conversion (parameters, zone always, the masks when nonzero), with tc's mask checks. */
export const ctinfoKind: ActionKind = {
  main: "zone",
  toWire(a, p) {
    const dscp = a.dscpMask === undefined ? 0 : int(a.dscpMask, 0, 0xffffffff, `${p}.dscpMask`);
    const state = a.dscpStatemask === undefined ? 0 : int(a.dscpStatemask, 0, 0xffffffff, `${p}.dscpStatemask`);
    const cpmark = a.cpmarkMask === undefined ? 0 : int(a.cpmarkMask, 0, 0xffffffff, `${p}.cpmarkMask`);
    if ((dscp & state) >>> 0) throw new TypeError(`${p}.dscpStatemask: dscp mask & statemask must not overlap`);
    if (dscp && (dscp >>> (31 - Math.clz32(dscp & -dscp))) !== 0x3f) throw new TypeError(`${p}.dscpMask: must be 6 contiguous bits long`);
    const out: Record<string, unknown> = { parms: genParms(a, p, PIPE), zone: a.zone === undefined ? 0 : int(a.zone, 0, 0xffff, `${p}.zone`) };
    if (dscp) out.dscpMask = dscp;
    if (state) out.dscpStatemask = state;
    if (cpmark) out.cpmarkMask = cpmark;
    return out;
  },
  fromWire(o: ActOptionsMap["ctinfo"]): Spec {
    const s: Spec = { kind: "ctinfo", zone: o.zone ?? 0 };
    if (o.dscpMask !== undefined) s.dscpMask = o.dscpMask;
    if (o.dscpStatemask !== undefined) s.dscpStatemask = o.dscpStatemask;
    if (o.cpmarkMask !== undefined) s.cpmarkMask = o.cpmarkMask;
    s.verdict = verdictName(o.parms!.action);
    if (o.statsDscpSet !== undefined) s.dscpSet = Number(o.statsDscpSet);
    if (o.statsDscpError !== undefined) s.dscpError = Number(o.statsDscpError);
    if (o.statsCpmarkSet !== undefined) s.cpmarkSet = Number(o.statsCpmarkSet);
    return s;
  },
};
