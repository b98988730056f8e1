/**
 * The action kinds that are one parameter struct and little more, as nl.tc
 * specs (tc 6.1's m_csum.c, m_nat.c, m_simple.c, m_connmark.c):
 * `{ kind: "csum", update: ["iph", "tcp"] }`,
 * `{ kind: "nat", direction: "egress", old: "192.0.2.0/24", new: "198.51.100.1" }`,
 * `{ kind: "simple", sdata: "hello" }`, `{ kind: "connmark", zone: 3 }`.
 */
import { CSUM_FLAGS } from "../../../codecs/tc/act-small.ts";
import type { ActOptionsMap } from "../../../codecs/tc/act-kinds.ts";
import { parseIPv4 } from "../../../codecs/ip/index.ts";
import { fromHex, toHex } from "../../../codecs/core/hex.ts";
import type { ActionCommon } from "./action-options.ts";
import { genParms, PIPE, type ActionKind } from "./action-kind.ts";
import { int } from "./check.ts";
import { verdictName, type Verdict } from "./verdict.ts";

type Spec = Record<string, unknown> & { kind: string };
const PASS = 0;

/** csum: recompute checksums. */
export interface CsumAction extends ActionCommon {
  kind: "csum";
  /** The headers whose checksum is updated: iph, icmp, igmp, tcp, udp, udplite, sctp (at least one). */
  update: string[];
  /** Default pass. */
  verdict?: Verdict;
}

/** nat: stateless IPv4 address translation. */
export interface NatAction extends ActionCommon {
  kind: "nat";
  /** ingress rewrites destinations, egress sources. */
  direction: "ingress" | "egress";
  /** The addresses translated: "192.0.2.0/24" (no length: /32). */
  old: string;
  /** The address they become (its host part combined with old's). */
  new: string;
  /** The netmask as a 32-bit number, instead of old's length (read back when not a prefix). */
  mask?: number;
  /** Default pass. */
  verdict?: Verdict;
}

/** simple: log a string (the kernel prints it for each packet). */
export interface SimpleAction extends ActionCommon {
  kind: "simple";
  /** Up to 31 bytes. */
  sdata?: string;
  /** Default pipe. */
  verdict?: Verdict;
}

/** connmark: restore the connection mark of a conntrack zone into the packet mark. */
export interface ConnmarkAction extends ActionCommon {
  kind: "connmark";
  /** Conntrack zone (default 0). */
  zone?: number;
  /** Default pipe. */
  verdict?: Verdict;
}

const ipv4Num = (s: string, field: string): number => {
  const b = parseIPv4(s, field);
  return ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
};
const ipv4Text = (n: number): string => [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff].join(".");

/** act_csum's spec conversion. */
export const csumKind: ActionKind = {
  main: "update",
  toWire(a, p) {
    if (!Array.isArray(a.update) || a.update.length === 0) throw new TypeError(`${p}.update: expected a non-empty array of ${CSUM_FLAGS.map(([n]) => n).join(", ")}`);
    let flags = 0;
    a.update.forEach((u, i) => {
      const f = CSUM_FLAGS.find(([n]) => n === u);
      if (f === undefined) throw new TypeError(`${p}.update[${i}]: expected one of ${CSUM_FLAGS.map(([n]) => n).join(", ")}, got ${JSON.stringify(u)}`);
      flags |= f[1];
    });
    return { parms: { ...genParms(a, p, PASS), updateFlags: flags } };
  },
  fromWire(o: ActOptionsMap["csum"]): Spec {
    const f = o.parms!.updateFlags;
    return { kind: "csum", update: CSUM_FLAGS.filter(([, b]) => f & b).map(([n]) => n), verdict: verdictName(o.parms!.action) };
  },
};

/** act_nat's spec conversion. */
export const natKind: ActionKind = {
  main: "direction",
  toWire(a, p) {
    if (a.direction !== "ingress" && a.direction !== "egress") throw new TypeError(`${p}.direction: expected "ingress" or "egress", got ${JSON.stringify(a.direction)}`);
    if (typeof a.old !== "string") throw new TypeError(`${p}.old: expected an IPv4 prefix`);
    if (typeof a.new !== "string") throw new TypeError(`${p}.new: expected an IPv4 address`);
    const slash = a.old.indexOf("/");
    const len = slash < 0 ? 32 : Number(a.old.slice(slash + 1));
    if (slash >= 0 && !/^\d+$/.test(a.old.slice(slash + 1))) throw new TypeError(`${p}.old: ${JSON.stringify(a.old)} is not an IPv4 prefix`);
    if (len > 32) throw new RangeError(`${p}.old: prefix length ${len} is out of range 0..32`);
    const mask = a.mask !== undefined ? int(a.mask, 0, 0xffffffff, `${p}.mask`) : len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
    return {
      parms: {
        ...genParms(a, p, PASS), oldAddr: ipv4Num(slash < 0 ? a.old : a.old.slice(0, slash), `${p}.old`),
        newAddr: ipv4Num(a.new, `${p}.new`), mask, flags: a.direction === "egress" ? 1 : 0,
      },
    };
  },
  fromWire(o: ActOptionsMap["nat"]): Spec {
    const n = o.parms!;
    const inv = ~n.mask >>> 0;
    const prefix = (inv & (inv + 1)) === 0; // contiguous ones from the top
    const s: Spec = { kind: "nat", direction: n.flags & 1 ? "egress" : "ingress", old: prefix ? `${ipv4Text(n.oldAddr)}/${32 - Math.log2(inv + 1)}` : ipv4Text(n.oldAddr), new: ipv4Text(n.newAddr) };
    if (!prefix) s.mask = n.mask;
    s.verdict = verdictName(n.action);
    return s;
  },
};

/** act_simple's spec conversion: DATA goes out NUL-padded to 32 bytes (SIMP_MAX_DATA) as tc sends it. */
export const simpleKind: ActionKind = {
  main: "verdict",
  toWire(a, p) {
    const out: Record<string, unknown> = { parms: genParms(a, p, PIPE) };
    if (a.sdata !== undefined) {
      if (typeof a.sdata !== "string") throw new TypeError(`${p}.sdata: expected a string`);
      const b = new TextEncoder().encode(a.sdata);
      if (b.length > 31 || b.includes(0)) throw new RangeError(`${p}.sdata: at most 31 bytes, no NUL`);
      const d = new Uint8Array(32);
      d.set(b);
      out.data = toHex(d);
    }
    return out;
  },
  fromWire(o: ActOptionsMap["simple"]): Spec {
    const s: Spec = { kind: "simple" };
    if (o.data !== undefined) {
      const b = fromHex(o.data, "simple.data");
      const nul = b.indexOf(0);
      s.sdata = new TextDecoder().decode(b.subarray(0, nul < 0 ? b.length : nul));
    }
    s.verdict = verdictName(o.parms!.action);
    return s;
  },
};

/** act_connmark's spec conversion. */
export const connmarkKind: ActionKind = {
  main: "zone",
  toWire(a, p) {
    return { parms: { ...genParms(a, p, PIPE), zone: a.zone === undefined ? 0 : int(a.zone, 0, 0xffff, `${p}.zone`) } };
  },
  fromWire(o: ActOptionsMap["connmark"]): Spec {
    return { kind: "connmark", zone: o.parms!.zone, verdict: verdictName(o.parms!.action) };
  },
};
