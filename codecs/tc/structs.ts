/**
 * Structs several tc kinds share (linux/pkt_sched.h, pkt_cls.h), laid out
 * with the one struct helper of codecs/core/struct.ts.
 *
 * struct tc_ratespec (pkt_sched.h), 12 bytes:
 *   0          1           2               4                6         8               12
 *   +----------+-----------+---------------+----------------+---------+---------------+
 *   | cell_log | linklayer | overhead (u16)| cell_align(s16)| mpu(u16)| rate (u32)    |
 *   +----------+-----------+---------------+----------------+---------+---------------+
 *
 * struct tcf_t (pkt_cls.h), 32 bytes: install, lastuse, expires, firstuse
 * (u64 each, jiffies converted to clock_t).
 */
import { struct, type StructOf } from "../core/struct.ts";

const RATESPEC = [["cellLog", "u8"], ["linklayer", "u8"], ["overhead", "u16"], ["cellAlign", "s16"], ["mpu", "u16"], ["rate", "u32"]] as const;

/** struct tc_ratespec: a nested member of tc_htb_opt, tc_tbf_qopt, tc_police (every member required). */
export const tcRatespec = struct("tc_ratespec", RATESPEC);

/** struct tc_ratespec, decoded. `rate` is in bytes per second. */
export type RateSpec = StructOf<typeof RATESPEC>;

/** struct tcf_t (pkt_cls.h): install/lastuse/expires/firstuse in clock_t ticks. */
export const tcfT = struct("tcf_t", [["install", "u64"], ["lastuse", "u64"], ["expires", "u64"], ["firstuse", "u64"]] as const, { flexible: true });
