/**
 * One address (a decoded RTM_NEWADDR) as `ip addr show` prints it in text
 * and JSON (ip/ipaddress.c print_addrinfo of iproute2 6.1).
 */
import { ADDR_FLAGS, INFINITY_LIFE_TIME, SCOPES as ADDR_SCOPES, type AddrMessage } from "../codecs/addr/index.ts";
import { SCOPES } from "../lib/format/names.ts";
import type { Printer } from "../lib/format/printer.ts";

const F = {
  SECONDARY: 0x01, NODAD: 0x02, OPTIMISTIC: 0x04, DADFAILED: 0x08, HOMEADDRESS: 0x10, DEPRECATED: 0x20,
  TENTATIVE: 0x40, PERMANENT: 0x80, MANAGETEMPADDR: 0x100, NOPREFIXROUTE: 0x200, MCAUTOJOIN: 0x400, STABLE_PRIVACY: 0x800,
} as const;

/** ip's ifa_flag_names order. */
const FLAG_ORDER: Array<[string, number]> = [
  ["secondary", F.SECONDARY], ["nodad", F.NODAD], ["optimistic", F.OPTIMISTIC], ["dadfailed", F.DADFAILED],
  ["home", F.HOMEADDRESS], ["deprecated", F.DEPRECATED], ["tentative", F.TENTATIVE], ["permanent", F.PERMANENT],
  ["mngtmpaddr", F.MANAGETEMPADDR], ["noprefixroute", F.NOPREFIXROUTE], ["autojoin", F.MCAUTOJOIN],
  ["stable-privacy", F.STABLE_PRIVACY],
];

/** The 32-bit flags of an address (IFA_FLAGS when present, else the header's 8 bits). */
export function addrFlags(m: AddrMessage): number {
  if (m.attrs.flags !== undefined) return ADDR_FLAGS.value(m.attrs.flags, "flags");
  return ADDR_FLAGS.value(m.flags, "flags");
}

/** Numeric scope of an address. */
export function addrScope(m: AddrMessage): number {
  return typeof m.scope === "number" ? m.scope : ADDR_SCOPES.value(m.scope, "scope", 255);
}

/** ip's family_name(). */
export function familyName(f: number): string {
  switch (f) {
    case 2: return "inet";
    case 10: return "inet6";
    case 17: return "link";
    case 7: return "bridge";
    case 28: return "mpls";
    case 0: return "unspec";
    default: return `[${f}]`;
  }
}

function printFlags(p: Printer, m: AddrMessage, flags: number): void {
  for (const [name, mask] of FLAG_ORDER) {
    if (mask === F.PERMANENT) {
      if (!(flags & mask)) p.bool("dynamic", "dynamic ", true);
    } else if (flags & mask) {
      if (mask === F.SECONDARY && m.family === 10) p.bool("temporary", "temporary ", true);
      else p.bool(name, `${name} `, true);
    }
    flags &= ~mask;
  }
  if (flags) {
    const hex = flags.toString(16).padStart(2, "0");
    if (p.json) p.str("ifa_flags", null, hex);
    else p.text(`flags ${hex} `);
  }
}

/** Options of one address line. */
export interface AddrPrintOptions {
  /** -oneline: "N: dev" prefix. */
  oneline: boolean;
  brief: boolean;
  /** Name of the address's link (for -oneline). */
  devName(index: number): string;
  deleted?: boolean;
}

/** Print one address (the caller opens/closes the JSON object). */
export function printAddr(p: Printer, m: AddrMessage, o: AddrPrintOptions): void {
  const a = m.attrs;
  const flags = addrFlags(m);
  const local = a.local ?? a.address;
  const address = a.address ?? a.local;
  if (o.deleted) p.bool("deleted", "Deleted ", true);
  if (!o.brief) {
    if (o.oneline) {
      p.num("index", "%s: ", m.index);
      p.str("dev", "%s", o.devName(m.index));
    }
    if (p.json) p.str("family", null, familyName(m.family));
    else p.text(`    ${familyName(m.family)} `);
  }
  if (local !== undefined) {
    p.str("local", "%s", local);
    if (address !== undefined && address !== local) {
      p.text(" peer ");
      p.str("address", "%s", address);
    }
    p.num("prefixlen", "/%s ", m.prefixlen);
    if (a.rtPriority !== undefined) p.num("metric", "metric %s ", a.rtPriority);
  }
  if (o.brief) return;
  if (a.broadcast !== undefined) p.str("broadcast", "brd %s ", a.broadcast);
  if (a.anycast !== undefined) p.str("anycast", "any %s ", a.anycast);
  p.str("scope", "scope %s ", SCOPES.name(addrScope(m)));
  printFlags(p, m, flags);
  if (a.label !== undefined) p.str("label", "%s", a.label);
  if (a.cacheinfo !== undefined) {
    const ci = a.cacheinfo;
    p.nl();
    p.text("       valid_lft ");
    if (ci.valid === INFINITY_LIFE_TIME) {
      p.num("valid_life_time", null, INFINITY_LIFE_TIME);
      p.text("forever");
    } else p.num("valid_life_time", "%ssec", ci.valid);
    p.text(" preferred_lft ");
    if (ci.preferred === INFINITY_LIFE_TIME) {
      p.num("preferred_life_time", null, INFINITY_LIFE_TIME);
      p.text("forever");
    } else if (flags & F.DEPRECATED) p.num("preferred_life_time", "%ssec", ci.preferred | 0);
    else p.num("preferred_life_time", "%ssec", ci.preferred);
  }
  p.text("\n");
}
