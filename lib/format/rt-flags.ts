/**
 * ip's print_rt_flags (ip/iproute.c of iproute2 6.1): the RTNH_F_* and
 * RTM_F_* bits of a route or nexthop as ip names and orders them.
 */
import type { Printer } from "./printer.ts";

/** The flag bits (RTNH_F_* and RTM_F_*) in the order ip prints them. */
export const FLAG_ORDER: Array<[number, string]> = [
  [0x1, "dead"], [0x4, "onlink"], [0x2, "pervasive"], [0x8, "offload"], [0x40, "trap"], [0x100, "notify"],
  [0x10, "linkdown"], [0x20, "unresolved"], [0x4000, "rt_offload"], [0x8000, "rt_trap"], [0x20000000, "rt_offload_failed"],
];

/** ip's print_rt_flags: a JSON "flags" array (always), words in text. */
export function printRtFlags(p: Printer, flags: number): void {
  p.arr(p.json ? "flags" : null, null);
  for (const [bit, name] of FLAG_ORDER) if (flags & bit) p.str(null, "%s ", name);
  p.endArr();
}
