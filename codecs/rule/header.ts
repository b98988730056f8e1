/**
 * struct fib_rule_hdr (linux/fib_rules.h), the fixed header of
 * RTM_NEWRULE / RTM_DELRULE / RTM_GETRULE:
 *
 *   0        1        2        3        4        5        6        7        8
 *   +--------+--------+--------+--------+--------+--------+--------+--------+
 *   | family | dst_len| src_len| tos    | table  | res1   | res2   | action |
 *   +--------+--------+--------+--------+--------+--------+--------+--------+
 *   | flags (u32, FIB_RULE_*)           |
 *   +-----------------------------------+
 *   8                                   12
 *
 * table is the 8-bit table id (0 when the id is above 255 and carried in
 * FRA_TABLE); action is FR_ACT_*. res1/res2 are reserved and zero; a
 * non-zero value is kept so decoding stays lossless.
 */
import { headerInt, type FixedHeader } from "../core/message.ts";
import { HOST_LE } from "../core/align.ts";
import type { NlWriter } from "../core/writer.ts";
import { FIB_RULE_FLAGS, FR_ACTIONS, RT_TABLES } from "./tables.ts";

/** Decoded struct fib_rule_hdr. */
export interface FibRuleHdr {
  family: number;
  dstLen: number;
  srcLen: number;
  tos: number;
  /** 8-bit table id, by name when it has one ("main", "local"...); FRA_TABLE holds the full id. */
  table: string | number;
  /** FR_ACT_* name ("table", "goto", "nop", "blackhole", ...) or the number when unnamed. */
  action: string | number;
  /** FIB_RULE_* names ("invert", ...). Encode also accepts a number. */
  flags: string[];
  /** Reserved bytes, present only when non-zero on the wire. */
  res1?: number;
  res2?: number;
}

/** sizeof(struct fib_rule_hdr). */
export const FIB_RULE_HDR_SIZE = 12;

/** The fib_rule_hdr fixed-header codec. */
export const fibRuleHdr: FixedHeader<FibRuleHdr> = {
  name: "fib_rule_hdr",
  size: FIB_RULE_HDR_SIZE,
  decode(buf, dv, off) {
    const h: FibRuleHdr = {
      family: buf[off]!,
      dstLen: buf[off + 1]!,
      srcLen: buf[off + 2]!,
      tos: buf[off + 3]!,
      table: RT_TABLES.name(buf[off + 4]!),
      action: FR_ACTIONS.name(buf[off + 7]!),
      flags: FIB_RULE_FLAGS.names(dv.getUint32(off + 8, HOST_LE)),
    };
    if (buf[off + 5] !== 0) h.res1 = buf[off + 5]!;
    if (buf[off + 6] !== 0) h.res2 = buf[off + 6]!;
    return h;
  },
  encode(w: NlWriter, h: FibRuleHdr, path: string) {
    const flags = h.flags === undefined ? 0 : FIB_RULE_FLAGS.value(h.flags, `${path}.flags`);
    w.u8(headerInt(h.family, 0, 0xff, `${path}.family`));
    w.u8(headerInt(h.dstLen, 0, 0xff, `${path}.dstLen`));
    w.u8(headerInt(h.srcLen, 0, 0xff, `${path}.srcLen`));
    w.u8(headerInt(h.tos, 0, 0xff, `${path}.tos`));
    w.u8(h.table === undefined ? 0 : RT_TABLES.value(h.table, `${path}.table`, 0xff));
    w.u8(headerInt(h.res1, 0, 0xff, `${path}.res1`));
    w.u8(headerInt(h.res2, 0, 0xff, `${path}.res2`));
    w.u8(h.action === undefined ? 0 : FR_ACTIONS.value(h.action, `${path}.action`, 0xff));
    w.u32(flags);
  },
};
