/**
 * act_ct (tc 6.1 m_ct.c, linux/tc_act/tc_ct.h): send packets through
 * conntrack, commit connections, set their mark and labels, NAT them, or
 * clear the packet's conntrack state. The spec:
 * `{ kind: "ct", commit: true, zone: 3, mark: 1, nat: { type: "src", addr: "192.0.2.1", port: 1000, portMax: 2000 } }`.
 * The zone, NAT, mark and label attributes go out in the order of the
 * spec's keys (tc writes them in command-line order), then TCA_CT_ACTION
 * and the parameters.
 */
import type { ActOptionsMap } from "../../../codecs/tc/act-kinds.ts";
import { TCA_CT_ACT } from "../../../codecs/tc/act-ct.ts";
import { parseIP } from "../../../codecs/ip/index.ts";
import type { ActionCommon } from "./action-options.ts";
import { genParms, PIPE, type ActionKind } from "./action-kind.ts";
import { bool, int, obj } from "./check.ts";
import { verdictName, type Verdict } from "./verdict.ts";

/** ct's NAT: bare (`{}`: NAT as committed before), or source/destination NAT to an address and port range (needs commit). */
export interface CtNat { type?: "src" | "dst"; addr?: string; addrMax?: string; port?: number; portMax?: number }

/** ct: connection tracking. */
export interface CtAction extends ActionCommon {
  kind: "ct";
  /** Clear the packet's conntrack state (alone). */
  clear?: boolean;
  /** Commit the connection; `force` also when it exists in the other direction. */
  commit?: boolean;
  force?: boolean;
  zone?: number;
  nat?: CtNat;
  /** Connection mark to set (with commit), and its mask (default all ones). */
  mark?: number;
  markMask?: number;
  /** Connection labels (up to 16 bytes, hex) and mask (default all ones). */
  label?: string;
  labelMask?: string;
  /** Default pipe. */
  verdict?: Verdict;
}

function ip(v: unknown, field: string): string {
  if (typeof v !== "string") throw new TypeError(`${field}: expected an IPv4 or IPv6 address`);
  parseIP(v, field);
  return v;
}
function hex16(v: unknown, field: string): string {
  if (typeof v !== "string" || !/^([0-9a-f]{2}){0,16}$/i.test(v)) throw new TypeError(`${field}: expected up to 16 bytes as hex`);
  return v.toLowerCase();
}

/** act_ct's spec conversion. */
export const ctKind: ActionKind = {
  main: "verdict",
  toWire(a, p) {
    let flags = 0;
    for (const [k, bit] of [["commit", TCA_CT_ACT.COMMIT], ["force", TCA_CT_ACT.FORCE], ["clear", TCA_CT_ACT.CLEAR]] as const) {
      if (a[k] !== undefined && bool(a[k], `${p}.${k}`)) flags |= bit;
    }
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(a)) {
      const f = `${p}.${k}`;
      if (a[k] === undefined) continue;
      if (k === "zone") out.zone = int(a.zone, 0, 0xffff, f);
      else if (k === "mark") { out.mark = int(a.mark, 0, 0xffffffff, f); out.markMask = a.markMask === undefined ? 0xffffffff : int(a.markMask, 0, 0xffffffff, `${p}.markMask`); }
      else if (k === "label") { out.labels = hex16(a.label, f); out.labelsMask = a.labelMask === undefined ? "ff".repeat(16) : hex16(a.labelMask, `${p}.labelMask`); }
      else if (k === "nat") {
        const n = obj(a.nat, f);
        flags |= TCA_CT_ACT.NAT;
        if (n.type !== undefined && n.type !== "src" && n.type !== "dst") throw new TypeError(`${f}.type: expected "src" or "dst", got ${JSON.stringify(n.type)}`);
        if (n.type !== undefined) flags |= n.type === "src" ? TCA_CT_ACT.NAT_SRC : TCA_CT_ACT.NAT_DST;
        if (n.addr !== undefined) {
          if (n.type === undefined) throw new TypeError(`${f}.addr: needs type "src" or "dst"`);
          const lo = ip(n.addr, `${f}.addr`), hi = ip(n.addrMax ?? n.addr, `${f}.addrMax`);
          const v6 = lo.includes(":");
          if (hi.includes(":") !== v6) throw new TypeError(`${f}.addrMax: not the family of addr`);
          out[v6 ? "natIpv6Min" : "natIpv4Min"] = lo;
          out[v6 ? "natIpv6Max" : "natIpv4Max"] = hi;
          if (n.port !== undefined) {
            out.natPortMin = int(n.port, 0, 0xffff, `${f}.port`);
            out.natPortMax = int(n.portMax ?? n.port, 0, 0xffff, `${f}.portMax`);
          }
        } else if (n.port !== undefined || n.addrMax !== undefined) throw new TypeError(`${f}.addr: required with a port or addrMax`);
      }
    }
    if (a.markMask !== undefined && a.mark === undefined) throw new TypeError(`${p}.mark: required with markMask`);
    if (a.labelMask !== undefined && a.label === undefined) throw new TypeError(`${p}.label: required with labelMask`);
    if (flags & TCA_CT_ACT.CLEAR && flags & ~TCA_CT_ACT.CLEAR) throw new TypeError(`${p}.clear: clear can only be used alone`);
    const srcDst = TCA_CT_ACT.NAT_SRC | TCA_CT_ACT.NAT_DST;
    if (flags & TCA_CT_ACT.COMMIT && flags & TCA_CT_ACT.NAT && !(flags & srcDst)) throw new TypeError(`${p}.nat.type: commit and nat must set src or dst`);
    if (!(flags & TCA_CT_ACT.COMMIT) && flags & srcDst) throw new TypeError(`${p}.commit: src or dst nat is only valid with commit`);
    out.action = flags;
    out.parms = genParms(a, p, PIPE);
    return out;
  },
  fromWire(o: ActOptionsMap["ct"]) {
    const s: Record<string, unknown> & { kind: string } = { kind: "ct" };
    const f = o.action ?? 0;
    if (f & TCA_CT_ACT.COMMIT) s.commit = true;
    if (f & TCA_CT_ACT.FORCE) s.force = true;
    if (f & TCA_CT_ACT.CLEAR) s.clear = true;
    if (o.zone !== undefined) s.zone = o.zone;
    if (f & TCA_CT_ACT.NAT) {
      const n: CtNat = {};
      if (f & (TCA_CT_ACT.NAT_SRC | TCA_CT_ACT.NAT_DST)) n.type = f & TCA_CT_ACT.NAT_SRC ? "src" : "dst";
      const lo = o.natIpv4Min ?? o.natIpv6Min, hi = o.natIpv4Max ?? o.natIpv6Max;
      if (lo !== undefined) n.addr = lo;
      if (hi !== undefined && hi !== lo) n.addrMax = hi;
      if (o.natPortMin !== undefined) n.port = o.natPortMin;
      if (o.natPortMax !== undefined && o.natPortMax !== o.natPortMin) n.portMax = o.natPortMax;
      s.nat = n;
    }
    if (o.mark !== undefined) { s.mark = o.mark; if (o.markMask !== undefined && o.markMask !== 0xffffffff) s.markMask = o.markMask; }
    if (o.labels !== undefined) { s.label = o.labels; if (o.labelsMask !== undefined && o.labelsMask !== "ff".repeat(16)) s.labelMask = o.labelsMask; }
    s.verdict = verdictName(o.parms!.action);
    return s;
  },
};
