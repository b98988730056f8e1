/**
 * act_tunnel_key (tc 6.1 m_tunnel_key.c, linux/tc_act/tc_tunnel_key.h):
 * set the tunnel metadata a collect_md tunnel device encapsulates with, or
 * release it. The spec:
 * `{ kind: "tunnel_key", action: "set", srcIp: "192.0.2.1", dstIp: "192.0.2.2", id: 42, dstPort: 4789 }`.
 * The metadata attributes go out in the order of the spec's keys (tc
 * writes them in command-line order), then TCA_TUNNEL_KEY_NO_CSUM (always,
 * as tc), then the parameters.
 */
import type { ActOptionsMap } from "../../../codecs/tc/act-kinds.ts";
import { parseIP } from "../../../codecs/ip/index.ts";
import type { ActionCommon } from "./action-options.ts";
import { genParms, PIPE, type ActionKind } from "./action-kind.ts";
import { bool, int, obj } from "./check.ts";
import { verdictName, type Verdict } from "./verdict.ts";

/** One geneve option: class and type, data as hex (the kernel wants all three, data 4..128 bytes in 4s). */
export interface GeneveOpt { class: number; type?: number; data?: string }
/** erspan metadata: version 1 with index, version 2 with dir and hwid (each sent when given; the kernel wants ver). */
export interface ErspanOpts { ver?: number; index?: number; dir?: number; hwid?: number }

/** tunnel_key: set or release tunnel metadata. */
export interface TunnelKeyAction extends ActionCommon {
  kind: "tunnel_key";
  /** Absent only to bind an existing action by `index` (t_action 0). */
  action?: "set" | "unset";
  /** Outer source and destination address (IPv4 or IPv6; both required with set). */
  srcIp?: string;
  dstIp?: string;
  /** Tunnel key id (VNI, ...). */
  id?: number;
  /** Outer UDP destination port. */
  dstPort?: number;
  /** One kind of options: geneve (one or more), vxlan (group policy id) or erspan. */
  geneveOpts?: GeneveOpt[];
  vxlanOpts?: { gbp: number };
  erspanOpts?: ErspanOpts;
  /** UDP checksum of the outer header (tc's csum/nocsum; default true). */
  csum?: boolean;
  /** Outer TOS and TTL (0: inherit). */
  tos?: number;
  ttl?: number;
  /** Default pipe. */
  verdict?: Verdict;
}

function addr(v: unknown, field: string): { v6: boolean; text: string } {
  if (typeof v !== "string") throw new TypeError(`${field}: expected an IPv4 or IPv6 address`);
  const a = parseIP(v, field);
  return { v6: a.bytes.length === 16, text: v };
}

function hex(v: unknown, field: string): string {
  if (typeof v !== "string" || !/^([0-9a-f]{2})*$/i.test(v)) throw new TypeError(`${field}: expected bytes as hex`);
  if (v.length > 256) throw new RangeError(`${field}: at most 128 bytes`);
  return v.toLowerCase();
}

/** One option attribute of the spec into `out` (in the spec's key order). */
function option(out: Record<string, unknown>, a: Record<string, unknown>, k: string, p: string): void {
  const f = `${p}.${k}`;
  switch (k) {
    case "srcIp": case "dstIp": {
      const x = addr(a[k], f);
      out[`enc${x.v6 ? "Ipv6" : "Ipv4"}${k === "srcIp" ? "Src" : "Dst"}`] = x.text;
      break;
    }
    case "id": out.encKeyId = int(a.id, 0, 0xffffffff, f); break;
    case "dstPort": out.encDstPort = int(a.dstPort, 0, 0xffff, f); break;
    case "geneveOpts": {
      if (!Array.isArray(a.geneveOpts)) throw new TypeError(`${f}: expected an array of { class, type, data } (empty: an empty ENC_OPTS nest, as tc sends for "geneve_opts ,")`);
      out.encOpts = { // one GENEVE nest per option, as tc sends them
        geneve: a.geneveOpts.map((x, i) => {
          const o = obj(x, `${f}[${i}]`);
          const g: Record<string, unknown> = { class: int(o.class, 0, 0xffff, `${f}[${i}].class`) };
          if (o.type !== undefined) g.type = int(o.type, 0, 0xff, `${f}[${i}].type`);
          if (o.data !== undefined) g.data = hex(o.data, `${f}[${i}].data`);
          return [g];
        }),
      };
      break;
    }
    case "vxlanOpts": out.encOpts = { vxlan: { gbp: int(obj(a.vxlanOpts, f).gbp, 0, 0xffffffff, `${f}.gbp`) } }; break;
    case "erspanOpts": {
      const o = obj(a.erspanOpts, f);
      const e: Record<string, unknown> = {};
      if (o.ver !== undefined) e.ver = int(o.ver, 0, 0xff, `${f}.ver`);
      if (o.index !== undefined) e.index = int(o.index, 0, 0xffffffff, `${f}.index`);
      if (o.dir !== undefined) e.dir = int(o.dir, 0, 0xff, `${f}.dir`);
      if (o.hwid !== undefined) e.hwid = int(o.hwid, 0, 0xff, `${f}.hwid`);
      out.encOpts = { erspan: e };
      break;
    }
    case "tos": out.encTos = int(a.tos, 0, 0xff, f); break;
    case "ttl": out.encTtl = int(a.ttl, 0, 0xff, f); break;
  }
}

const OPTS = ["geneveOpts", "vxlanOpts", "erspanOpts"];

/** act_tunnel_key's spec conversion. */
export const tunnelKeyKind: ActionKind = {
  main: "verdict",
  toWire(a, p) {
    if (a.action !== undefined && a.action !== "set" && a.action !== "unset") throw new TypeError(`${p}.action: expected "set" or "unset", got ${JSON.stringify(a.action)}`);
    if (a.action === "set" && (a.srcIp === undefined || a.dstIp === undefined)) throw new TypeError(`${p}.${a.srcIp === undefined ? "srcIp" : "dstIp"}: required with set`);
    const given = OPTS.filter((k) => a[k] !== undefined);
    if (given.length > 1) throw new TypeError(`${p}.${given[1]}: only one of geneveOpts, vxlanOpts, erspanOpts`);
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(a)) if (a[k] !== undefined) option(out, a, k, p);
    out.noCsum = a.csum === undefined || bool(a.csum, `${p}.csum`) ? 0 : 1;
    out.parms = { ...genParms(a, p, PIPE), tAction: a.action === "set" ? 1 : a.action === "unset" ? 2 : 0 };
    return out;
  },
  fromWire(o: ActOptionsMap["tunnel_key"]) {
    const s: Record<string, unknown> = { kind: "tunnel_key" };
    const t = o.parms!.tAction;
    if (t !== 0) s.action = t === 1 ? "set" : t === 2 ? "unset" : String(t);
    for (const k of Object.keys(o) as Array<keyof typeof o>) {
      const v = o[k];
      if (v === undefined) continue;
      switch (k) {
        case "encIpv4Src": case "encIpv6Src": s.srcIp = v; break;
        case "encIpv4Dst": case "encIpv6Dst": s.dstIp = v; break;
        case "encKeyId": s.id = v; break;
        case "encDstPort": s.dstPort = v; break;
        case "encOpts": {
          const e = v as NonNullable<typeof o.encOpts>;
          if (e.geneve) s.geneveOpts = e.geneve.flat().map((g) => ({ class: 0, ...g }));
          else if (e.vxlan) s.vxlanOpts = { ...e.vxlan };
          else if (e.erspan) s.erspanOpts = { ...e.erspan };
          break;
        }
        case "noCsum": s.csum = v === 0; break;
        case "encTos": s.tos = v; break;
        case "encTtl": s.ttl = v; break;
      }
    }
    s.verdict = verdictName(o.parms!.action);
    return s as Record<string, unknown> & { kind: string };
  },
};
