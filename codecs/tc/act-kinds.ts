/**
 * TCA_ACT_OPTIONS of the typed action kinds (linux/tc_act/tc_mirred.h,
 * tc_gact.h, tc_skbedit.h, tc_pedit.h; police in linux/pkt_cls.h).
 * Attribute numbers are the uapi enums; every struct has its C layout.
 * Kinds not listed here keep their options as hex (actions.ts).
 */
import { attrSet, nest, type AttrSet } from "../core/attrset.ts";
import { NLA_F_NESTED } from "../core/constants.ts";
import { binary, custom, multi, string, u16, u32, u64 } from "../core/fields.ts";
import { HOST_LE } from "../core/align.ts";
import { DecodeError } from "../core/errors.ts";
import { fromHex, toHex } from "../core/hex.ts";
import { struct, structField } from "../core/struct.ts";
import { tcfT, tcRatespec } from "./structs.ts";
import { TC_GEN } from "./act-gen.ts";
import { MORE_ACT_KINDS, type MoreActOptionsMap } from "./act-more.ts";

/** struct tc_mirred. eaction: 1 egress redirect, 2 egress mirror, 3 ingress redirect, 4 ingress mirror. */
export const tcMirred = struct("tc_mirred", [...TC_GEN, ["eaction", "s32"], ["ifindex", "u32"]] as const, { flexible: true });
/** struct tc_gact. */
export const tcGact = struct("tc_gact", TC_GEN, { flexible: true });
/** struct tc_gact_p (random verdicts). */
export const tcGactP = struct("tc_gact_p", [["ptype", "u16"], ["pval", "u16"], ["paction", "s32"]] as const, { flexible: true });
/** struct tc_skbedit. */
export const tcSkbedit = struct("tc_skbedit", TC_GEN, { flexible: true });
/** struct tc_police. */
export const tcPolice = struct("tc_police", [
  ["index", "u32"], ["action", "s32"], ["limit", "u32"], ["burst", "u32"], ["mtu", "u32"],
  ["rate", tcRatespec], ["peakrate", tcRatespec], ["refcnt", "s32"], ["bindcnt", "s32"], ["capab", "u32"],
] as const, { flexible: true });

/** TCA_MIRRED_*. */
export const TCA_MIRRED = { TM: 1, PARMS: 2, PAD: 3, BLOCKID: 4 } as const;
/** TCA_GACT_*. */
export const TCA_GACT = { TM: 1, PARMS: 2, PROB: 3, PAD: 4 } as const;
/** TCA_SKBEDIT_*. */
export const TCA_SKBEDIT = { TM: 1, PARMS: 2, PRIORITY: 3, QUEUE_MAPPING: 4, MARK: 5, PAD: 6, PTYPE: 7, MASK: 8, FLAGS: 9, QUEUE_MAPPING_MAX: 10 } as const;
/** TCA_POLICE_*. */
export const TCA_POLICE = { TBF: 1, RATE: 2, PEAKRATE: 3, AVRATE: 4, RESULT: 5, TM: 6, PAD: 7, RATE64: 8, PEAKRATE64: 9, PKTRATE64: 10, PKTBURST64: 11 } as const;
/** TCA_ACT_BPF_* (tc_act/tc_bpf.h). */
export const TCA_ACT_BPF = { TM: 1, PARMS: 2, OPS_LEN: 3, OPS: 4, FD: 5, NAME: 6, PAD: 7, TAG: 8, ID: 9 } as const;
/** TCA_PEDIT_*. */
export const TCA_PEDIT = { TM: 1, PARMS: 2, PAD: 3, PARMS_EX: 4, KEYS_EX: 5, KEY_EX: 6 } as const;

/** mirred options. */
export const mirredAttrs = attrSet("mirred", () => ({
  tm: structField(TCA_MIRRED.TM, tcfT),
  parms: structField(TCA_MIRRED.PARMS, tcMirred),
  pad: binary(TCA_MIRRED.PAD),
  blockid: u32(TCA_MIRRED.BLOCKID),
}));

/** gact options. */
export const gactAttrs = attrSet("gact", () => ({
  tm: structField(TCA_GACT.TM, tcfT),
  parms: structField(TCA_GACT.PARMS, tcGact),
  prob: structField(TCA_GACT.PROB, tcGactP),
  pad: binary(TCA_GACT.PAD),
}));

/** skbedit options. */
export const skbeditAttrs = attrSet("skbedit", () => ({
  tm: structField(TCA_SKBEDIT.TM, tcfT),
  parms: structField(TCA_SKBEDIT.PARMS, tcSkbedit),
  priority: u32(TCA_SKBEDIT.PRIORITY),
  queueMapping: u16(TCA_SKBEDIT.QUEUE_MAPPING),
  mark: u32(TCA_SKBEDIT.MARK),
  pad: binary(TCA_SKBEDIT.PAD),
  ptype: u16(TCA_SKBEDIT.PTYPE),
  mask: u32(TCA_SKBEDIT.MASK),
  flags: u64(TCA_SKBEDIT.FLAGS),
  queueMappingMax: u16(TCA_SKBEDIT.QUEUE_MAPPING_MAX),
}));

/**
 * police options (also the TCA_*_POLICE nest of classifiers). RATE and
 * PEAKRATE are the 1024-byte rate tables tc computes (tc_calc_rtable).
 */
export const policeAttrs = attrSet("police", () => ({
  tbf: structField(TCA_POLICE.TBF, tcPolice),
  rate: binary(TCA_POLICE.RATE),
  peakrate: binary(TCA_POLICE.PEAKRATE),
  avrate: u32(TCA_POLICE.AVRATE),
  result: u32(TCA_POLICE.RESULT),
  tm: structField(TCA_POLICE.TM, tcfT),
  pad: binary(TCA_POLICE.PAD),
  rate64: u64(TCA_POLICE.RATE64),
  peakrate64: u64(TCA_POLICE.PEAKRATE64),
  pktrate64: u64(TCA_POLICE.PKTRATE64),
  pktburst64: u64(TCA_POLICE.PKTBURST64),
}));

/** One pedit key (struct tc_pedit_key): 32-bit val/mask at an offset. */
export interface PeditKey {
  mask: number;
  val: number;
  off: number;
  at: number;
  offmask: number;
  shift: number;
}

/** struct tc_pedit_sel: tc_gen, nkeys, flags, then nkeys tc_pedit_key. */
export interface PeditSel {
  index: number;
  capab: number;
  action: number;
  refcnt: number;
  bindcnt: number;
  flags: number;
  keys: PeditKey[];
  /** Bytes after the keys, hex (kept for lossless round trips). */
  tail?: string;
}

const PEDIT_HDR = 24; // tc_gen (20) + nkeys + flags + 2 bytes padding
const PEDIT_KEY = 24;

function peditSel(type: number) {
  return custom<PeditSel>(type, (b, dv, off, len, path) => {
    if (len < PEDIT_HDR) throw new DecodeError(`tc_pedit_sel needs ${PEDIT_HDR} bytes, got ${len}`, path, off);
    const n = b[off + 20]!;
    if (PEDIT_HDR + n * PEDIT_KEY > len) throw new DecodeError(`tc_pedit_sel with ${n} keys needs ${PEDIT_HDR + n * PEDIT_KEY} bytes, got ${len}`, path, off);
    const keys: PeditKey[] = [];
    for (let i = 0; i < n; i++) {
      const p = off + PEDIT_HDR + i * PEDIT_KEY;
      keys.push({
        mask: dv.getUint32(p, HOST_LE), val: dv.getUint32(p + 4, HOST_LE), off: dv.getInt32(p + 8, HOST_LE),
        at: dv.getInt32(p + 12, HOST_LE), offmask: dv.getInt32(p + 16, HOST_LE), shift: dv.getInt32(p + 20, HOST_LE),
      });
    }
    const out: PeditSel = {
      index: dv.getUint32(off, HOST_LE), capab: dv.getUint32(off + 4, HOST_LE), action: dv.getInt32(off + 8, HOST_LE),
      refcnt: dv.getInt32(off + 12, HOST_LE), bindcnt: dv.getInt32(off + 16, HOST_LE), flags: b[off + 21]!, keys,
    };
    const used = PEDIT_HDR + n * PEDIT_KEY;
    if (len > used || b[off + 22] !== 0 || b[off + 23] !== 0) out.tail = toHex(b, off + 22, 2) + toHex(b, off + used, len - used);
    return out;
  }, (w, v, path) => {
    if (v === null || typeof v !== "object" || !Array.isArray(v.keys)) throw new TypeError(`${path}: expected a tc_pedit_sel object with keys`);
    if (v.keys.length > 255) throw new RangeError(`${path}.keys: at most 255 keys`);
    w.u32(v.index ?? 0); w.u32(v.capab ?? 0); w.s32(v.action ?? 0); w.s32(v.refcnt ?? 0); w.s32(v.bindcnt ?? 0);
    w.u8(v.keys.length); w.u8(v.flags ?? 0);
    const tail = v.tail === undefined ? undefined : fromHex(v.tail, `${path}.tail`);
    if (tail !== undefined && tail.length >= 2) w.bytes(tail.subarray(0, 2)); else w.zeros(2);
    v.keys.forEach((k, i) => {
      const p = `${path}.keys[${i}]`;
      if (k === null || typeof k !== "object") throw new TypeError(`${p}: expected a key object`);
      w.u32(k.mask >>> 0); w.u32(k.val >>> 0); w.s32(k.off | 0); w.s32(k.at | 0); w.s32(k.offmask | 0); w.s32(k.shift | 0);
    });
    if (tail !== undefined && tail.length > 2) w.bytes(tail.subarray(2));
  });
}

const peditKeyExAttrs = attrSet("pedit-key-ex", () => ({ htype: u16(1), cmd: u16(2) }));

/** pedit options. */
export const peditAttrs = attrSet("pedit", () => ({
  tm: structField(TCA_PEDIT.TM, tcfT),
  parms: peditSel(TCA_PEDIT.PARMS),
  pad: binary(TCA_PEDIT.PAD),
  parmsEx: peditSel(TCA_PEDIT.PARMS_EX),
  keysEx: nest(TCA_PEDIT.KEYS_EX, attrSet("pedit-keys-ex", { keyEx: multi(nest(TCA_PEDIT.KEY_EX, peditKeyExAttrs, { wireFlags: NLA_F_NESTED })) }), { wireFlags: NLA_F_NESTED }),
}));

/** struct tc_act_bpf (tc_bpf.h): tc_gen only. */
export const tcActBpf = struct("tc_act_bpf", TC_GEN, { flexible: true });

/** act_bpf options: classic BPF (OPS_LEN + OPS, struct sock_filter[]) or an eBPF program by fd; NAME, TAG, ID read back. */
export const bpfActAttrs = attrSet("act-bpf", () => ({
  tm: structField(TCA_ACT_BPF.TM, tcfT),
  opsLen: u16(TCA_ACT_BPF.OPS_LEN),
  ops: binary(TCA_ACT_BPF.OPS),
  fd: u32(TCA_ACT_BPF.FD),
  name: string(TCA_ACT_BPF.NAME),
  parms: structField(TCA_ACT_BPF.PARMS, tcActBpf),
  pad: binary(TCA_ACT_BPF.PAD),
  tag: binary(TCA_ACT_BPF.TAG),
  id: u32(TCA_ACT_BPF.ID),
}));

/** Option sets of the typed action kinds, by TCA_ACT_KIND. */
export const ACT_KIND_OPTIONS: ReadonlyMap<string, AttrSet<any>> = new Map<string, AttrSet<any>>([
  ["mirred", mirredAttrs], ["gact", gactAttrs], ["skbedit", skbeditAttrs], ["police", policeAttrs], ["pedit", peditAttrs], ["bpf", bpfActAttrs],
  ...MORE_ACT_KINDS,
]);

/** The decoded options of each typed action kind. */
export interface ActOptionsMap extends MoreActOptionsMap {
  mirred: typeof mirredAttrs._type;
  gact: typeof gactAttrs._type;
  skbedit: typeof skbeditAttrs._type;
  police: typeof policeAttrs._type;
  pedit: typeof peditAttrs._type;
  bpf: typeof bpfActAttrs._type;
}
