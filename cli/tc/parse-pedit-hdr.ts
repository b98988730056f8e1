/**
 * pedit's layered munges as tc 6.1 reads them (tc/p_eth.c, p_ip.c,
 * p_ip6.c, p_icmp.c, p_tcp.c, p_udp.c): `munge HEADER FIELD CMD`, each
 * field a byte offset, width, value type and the bits it keeps (retain)
 * handed to parse_cmd. `ip` alone works without `ex` (then also sport,
 * dport, icmp_type, icmp_code at offsets past a 20-byte IP header); the
 * others need `ex`, which tags each key with its header type.
 */
import { matches } from "../args.ts";
import { ALLOW_DEC, nextArg, parseCmd, VType, type MKey, type PeditState, type Step } from "./parse-pedit-cmd.ts";

/** A header's parse_peopt: at word p (the field's name, after NEXT_ARG). */
export type HeaderParser = (s: PeditState, p: number, k: MKey) => Step;

/** One field: its name (strcmp, or matches() when `prefix`), offset, width, type, retain and flags. */
type Field = [name: string, prefix: boolean, off: number, len: number, type: VType, retain: number, flags: number];

const RU32 = 0xffffffff;
const RU16 = 0xffff;
const RU8 = 0xff;
const U = VType.U32;

/** TCA_PEDIT_KEY_EX_HDR_TYPE_*. */
const HT = { NETWORK: 0, ETH: 1, IP4: 2, IP6: 3, TCP: 4, UDP: 5 } as const;

const IP_FIELDS: Field[] = [
  ["src", false, 12, 4, VType.IPV4, RU32, 0], ["dst", false, 16, 4, VType.IPV4, RU32, 0],
  ["tos", false, 1, 1, U, RU8, 0], ["dsfield", true, 1, 1, U, RU8, 0], ["ihl", false, 0, 1, U, 0x0f, 0],
  ["ttl", false, 8, 1, U, RU8, ALLOW_DEC], ["protocol", false, 9, 1, U, RU8, 0], ["precedence", true, 1, 1, U, RU8, 0],
  ["nofrag", false, 6, 1, U, 0x3f, 0], ["firstfrag", false, 6, 1, U, 0x1f, 0], ["ce", false, 6, 1, U, 0x80, 0],
  ["df", false, 6, 1, U, 0x40, 0], ["mf", false, 6, 1, U, 0x20, 0],
];
/** p_ip.c's fields past the IP header, only without `ex`. */
const IP_NON_EX_FIELDS: Field[] = [
  ["dport", false, 22, 2, U, RU16, 0], ["sport", false, 20, 2, U, RU16, 0],
  ["icmp_type", false, 20, 1, U, RU8, 0], ["icmp_code", false, 20, 1, U, RU8, 0],
];
const IP6_FIELDS: Field[] = [
  ["src", false, 8, 16, VType.IPV6, RU32, 0], ["dst", false, 24, 16, VType.IPV6, RU32, 0],
  ["flow_lbl", false, 0, 4, U, 0x0007ffff, 0], ["payload_len", false, 4, 2, U, RU16, 0],
  ["nexthdr", false, 6, 1, U, RU8, 0], ["hoplimit", false, 7, 1, U, RU8, ALLOW_DEC],
  ["traffic_class", false, 1, 1, U, RU8, 0],
];
const ETH_FIELDS: Field[] = [["type", false, 12, 2, U, RU16, 0], ["dst", false, 0, 6, VType.MAC, RU32, 0], ["src", false, 6, 6, VType.MAC, RU32, 0]];
const TCP_FIELDS: Field[] = [["sport", false, 0, 2, U, RU16, 0], ["dport", false, 2, 2, U, RU16, 0], ["flags", false, 13, 1, U, RU8, 0]];
const UDP_FIELDS: Field[] = [["sport", false, 0, 2, U, RU16, 0], ["dport", false, 2, 2, U, RU16, 0]];

function find(fields: Field[], w: string): Field | undefined {
  return fields.find(([name, prefix]) => (prefix ? matches(w, name) : w === name));
}

/** parse_cmd for `f` at the word after the field's name. */
function field(s: PeditState, p: number, k: MKey, f: Field): Step {
  const q = nextArg(s, p);
  k.off = f[2];
  return parseCmd(s, q, f[3], f[4], f[5], k, f[6]);
}

/** A header over `fields` (in order); `needEx` refuses without `ex`; `extra` are tried only without `ex`. */
function header(fields: Field[], htype: (s: PeditState) => number, needEx: boolean, extra: Field[] = []): HeaderParser {
  return (s, p, k) => {
    if (s.a.length - p < 2) return { res: -1, p };
    if (needEx && !s.extended) return { res: -1, p };
    k.htype = htype(s);
    const w = s.a[p]!;
    const f = find(fields, w) ?? (s.extended ? undefined : find(extra, w));
    if (f === undefined) return { res: -1, p };
    const r = field(s, p, k, f);
    if (f[0] === "traffic_class" && r.res === 0) {
      // p_ip6.c: the field sits 4 bits into the word
      const key = s.keys[s.keys.length - 1]!;
      key.mask = ((key.mask << 4) | 0xf) >>> 0;
      key.val = (key.val << 4) >>> 0;
    }
    return r;
  };
}

const PARSERS: ReadonlyMap<string, HeaderParser> = new Map<string, HeaderParser>([
  ["eth", header(ETH_FIELDS, () => HT.ETH, true)],
  ["ip", header(IP_FIELDS, (s) => (s.extended ? HT.IP4 : HT.NETWORK), false, IP_NON_EX_FIELDS)],
  ["ip6", header(IP6_FIELDS, () => HT.IP6, true)],
  ["icmp", (_s, p) => ({ res: -1, p })], // p_icmp.c parses nothing
  ["tcp", header(TCP_FIELDS, () => HT.TCP, true)],
  ["udp", header(UDP_FIELDS, () => HT.UDP, true)],
]);

/** get_pedit_kind: the header's parser, or undefined (tc's pedit_parse_nopopt). */
export function headerParser(kind: string): HeaderParser | undefined {
  return PARSERS.get(kind);
}
