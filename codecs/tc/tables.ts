/**
 * Traffic-control numbers: message types (linux/rtnetlink.h), handles
 * (TC_H_*, linux/pkt_sched.h), action verdicts (TC_ACT_*, linux/pkt_cls.h)
 * and the classid text form tc uses (print_tc_classid / get_tc_classid in
 * iproute2's tc/tc_util.c: "root", "none", "1:", ":10", "1:10", hex).
 */
import { EnumTable } from "../core/tables.ts";

/** RTM_* traffic-control message types. rtnetlink.h */
export const RTM_TC = {
  NEWQDISC: 36, DELQDISC: 37, GETQDISC: 38,
  NEWTCLASS: 40, DELTCLASS: 41, GETTCLASS: 42,
  NEWTFILTER: 44, DELTFILTER: 45, GETTFILTER: 46,
  NEWACTION: 48, DELACTION: 49, GETACTION: 50,
  NEWCHAIN: 100, DELCHAIN: 101, GETCHAIN: 102,
} as const;

/** TCA_* attribute numbers of a tcmsg (enum in rtnetlink.h). */
export const TCA = {
  KIND: 1, OPTIONS: 2, STATS: 3, XSTATS: 4, RATE: 5, FCNT: 6, STATS2: 7, STAB: 8, PAD: 9,
  DUMP_INVISIBLE: 10, CHAIN: 11, HW_OFFLOAD: 12, INGRESS_BLOCK: 13, EGRESS_BLOCK: 14,
  DUMP_FLAGS: 15, EXT_WARN_MSG: 16,
} as const;

/** Handle constants. pkt_sched.h */
export const TC_H = {
  UNSPEC: 0, ROOT: 0xffffffff, INGRESS: 0xfffffff1, CLSACT: 0xfffffff1,
  MIN_PRIORITY: 0xffe0, MIN_INGRESS: 0xfff2, MIN_EGRESS: 0xfff3,
} as const;

/** ifindex meaning "parent is a shared block index". rtnetlink.h */
export const TCM_IFINDEX_MAGIC_BLOCK = 0xffffffff;

/** TC_H_MAKE(major << 16, minor). */
export function tcHandle(major: number, minor: number): number {
  return (((major & 0xffff) << 16) | (minor & 0xffff)) >>> 0;
}

/** A handle as tc prints a class id: "root", "none", ":a", "1:", "1:a" (hex). */
export function formatClassid(h: number): string {
  h >>>= 0;
  if (h === TC_H.ROOT) return "root";
  if (h === 0) return "none";
  const maj = h >>> 16, min = h & 0xffff;
  if (maj === 0) return `:${min.toString(16)}`;
  if (min === 0) return `${maj.toString(16)}:`;
  return `${maj.toString(16)}:${min.toString(16)}`;
}

const U64 = (1n << 64n) - 1n;

/** strtoul(s + pos, &end, 16): the value (saturated; "-" negates mod 2^64) and where it stopped (pos when no digit). */
function strtoulHex(s: string, pos: number): { v: bigint; end: number } {
  const m = /^[ \t\n\v\f\r]*([+-]?)(?:0[xX](?=[0-9a-fA-F]))?([0-9a-fA-F]+)/.exec(s.slice(pos));
  if (m === null) return { v: 0n, end: pos };
  let v = BigInt(`0x${m[2]}`);
  if (v > U64) v = U64;
  if (m[1] === "-" && v !== 0n) v = (1n << 64n) - v;
  return { v, end: pos + m[0].length };
}

/**
 * Parse a class id as tc's get_tc_classid does: "root", "none", "maj:min",
 * "maj:", ":min" (strtoul base 16 each, below 0x10000) or one hex number
 * (strtoul's value kept to 32 bits, as tc stores it); undefined when invalid.
 */
export function parseClassid(s: string): number | undefined {
  if (s === "root") return TC_H.ROOT;
  if (s === "none") return 0;
  let { v: maj, end } = strtoulHex(s, 0);
  if (end === 0) {
    maj = 0n;
    if (s[0] !== ":") return undefined;
  }
  if (s[end] === ":") {
    if (maj >= 0x10000n) return undefined;
    const min = strtoulHex(s, end + 1);
    if (min.end !== s.length || min.v >= 0x10000n) return undefined;
    return Number((maj << 16n) | min.v) >>> 0;
  }
  if (end !== s.length) return undefined;
  return Number(maj & 0xffffffffn);
}

/**
 * Parse a qdisc handle as tc's get_qdisc_handle: "maj:" or "maj" (hex, below
 * 0x10000), or "none"; the result is maj << 16. undefined when invalid.
 */
export function parseQdiscHandle(s: string): number | undefined {
  if (s === "none") return 0;
  const m = /^([0-9a-fA-F]+):?$/.exec(s);
  if (m === null) return undefined;
  const maj = Number.parseInt(m[1]!, 16);
  return maj >= 0x10000 ? undefined : tcHandle(maj, 0);
}

/**
 * A qdisc handle word of tc's command line, read as get_qdisc_handle does:
 * "none", or strtoul base 16 (blanks, a sign, 0x allowed) below 0x10000
 * followed by ":" (anything after it ignored) or the end; the result is
 * maj << 16, undefined when tc refuses it. The library's parseQdiscHandle
 * stays strict; the CLI turns this value into "maj:".
 */
export function readQdiscHandleWord(s: string): number | undefined {
  if (s === "none") return 0;
  const { v, end } = strtoulHex(s, 0);
  if (end === 0 || v >= 0x10000n) return undefined;
  if (end !== s.length && s[end] !== ":") return undefined;
  return tcHandle(Number(v), 0);
}

/** TC_ACT_* verdicts (pkt_cls.h) by the names tc prints (action_n2a). */
export const TC_ACT = new EnumTable("tc action verdict", {
  [-1]: "continue", 0: "pass", 1: "reclassify", 2: "drop", 3: "pipe", 4: "stolen", 5: "queued", 6: "repeat", 7: "redirect", 8: "trap",
});

/** TC_ACT_EXT_* opcodes carried in the top bits of a verdict. pkt_cls.h */
export const TC_ACT_EXT = { SHIFT: 28, VAL_MASK: 0x0fffffff, JUMP: 1 << 28, GOTO_CHAIN: 2 << 28 } as const;

/** enum tc_link_layer. pkt_sched.h */
export const TC_LINKLAYER = new EnumTable("link layer", { 0: "unaware", 1: "ethernet", 2: "atm" });

/** TCA_CLS_FLAGS_* (filter flags). pkt_cls.h */
export const TCA_CLS_FLAGS = { SKIP_HW: 1, SKIP_SW: 2, IN_HW: 4, NOT_IN_HW: 8, VERBOSE: 16 } as const;

/** Ethernet protocol names (tc's whole ll_proto table). */
export { ETH_P, llProtoByName, llProtoN2a } from "./ll-proto.ts";
