/**
 * Ethernet protocol names as tc 6.1 knows them (iproute2 lib/ll_proto.c
 * llproto_names, numbers from linux/if_ether.h): `protocol NAME` on the
 * command line and the name printed for a filter's protocol.
 * ll_proto_a2n compares names case-insensitively in table order and falls
 * back to a number (base 0, at most 0xffff); ll_proto_n2a prints the first
 * name with that number, or "[N]" in decimal.
 */
import { EnumTable } from "../core/tables.ts";

/** llproto_names in tc's order: [number, name]; 0x8100 "802.1Q" and 0x0800 "ipv4" repeat a number (names for parsing only). */
export const LL_PROTO_NAMES: ReadonlyArray<readonly [number, string]> = [
  [0x0060, "loop"], [0x0200, "pup"], [0x0201, "pupat"], [0x0800, "ip"], [0x0805, "x25"], [0x0806, "arp"],
  [0x08ff, "bpq"], [0x0a00, "ieeepup"], [0x0a01, "ieeepupat"], [0x6000, "dec"], [0x6001, "dna_dl"],
  [0x6002, "dna_rc"], [0x6003, "dna_rt"], [0x6004, "lat"], [0x6005, "diag"], [0x6006, "cust"], [0x6007, "sca"],
  [0x8035, "rarp"], [0x809b, "atalk"], [0x80f3, "aarp"], [0x8137, "ipx"], [0x86dd, "ipv6"], [0x8863, "ppp_disc"],
  [0x8864, "ppp_ses"], [0x884c, "atmmpoa"], [0x8884, "atmfate"], [0x0001, "802_3"], [0x0002, "ax25"],
  [0x0003, "all"], [0x0004, "802_2"], [0x0005, "snap"], [0x0006, "ddcmp"], [0x0007, "wan_ppp"], [0x0008, "ppp_mp"],
  [0x0009, "localtalk"], [0x000c, "can"], [0x0010, "ppptalk"], [0x0011, "tr_802_2"], [0x0015, "mobitex"],
  [0x0016, "control"], [0x0017, "irda"], [0x0018, "econet"], [0x88ca, "tipc"], [0x8892, "profinet"], [0x88a2, "aoe"],
  [0x88a4, "ethercat"], [0x8100, "802.1Q"], [0x88a8, "802.1ad"], [0x8847, "mpls_uc"], [0x8848, "mpls_mc"],
  [0x6558, "teb"], [0x8100, "802.1Q"], [0x88cc, "LLDP"], [0x0800, "ipv4"],
];

const first: Record<number, string> = {};
for (const [n, name] of LL_PROTO_NAMES) first[n] ??= name;

/** Ethernet protocol numbers by the name tc prints (ll_proto_n2a: the first name of each number). */
export const ETH_P = new EnumTable("protocol", first);

/** ll_proto_n2a: tc's name of an ethertype, or "[N]" (decimal) when it has none. */
export function llProtoN2a(n: number): string {
  return ETH_P.byValue.get(n) ?? `[${n}]`;
}

/** The ethertype of a name of tc's table (any case, table order, aliases included), else undefined. */
export function llProtoByName(s: string): number | undefined {
  const l = s.toLowerCase();
  for (const [n, name] of LL_PROTO_NAMES) if (name.toLowerCase() === l) return n;
  return undefined;
}
