/**
 * One address (the lib model, lib/rtnl/address/model.ts) as `ip addr show`
 * prints it, in text and in `-json` (ip/ipaddress.c print_addrinfo of
 * iproute2 6.1). Used by the CLI's `ip addr show` and `ip monitor`; exported
 * for users who want ip-shaped output.
 *
 *   for (const a of nl.addresses.list()) process.stdout.write(formatAddress(a, { devName }));
 */
import { ADDR_FLAGS, INFINITY_LIFE_TIME, SCOPES as ADDR_SCOPES } from "../../codecs/addr/index.ts";
import type { Address } from "../rtnl/address/model.ts";
import { SCOPES } from "./names.ts";
import { COLOR, Printer, type Color } from "./printer.ts";

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

/** The 32-bit IFA_F_* bits of a model address (its flag names; "temporary" is IFA_F_SECONDARY on IPv6). */
export function addressFlagBits(a: Address): number {
  return ADDR_FLAGS.value(a.flags.map((f) => (f === "temporary" ? "secondary" : f)), "flags");
}

function printFlags(p: Printer, a: Address, flags: number): void {
  for (const [name, mask] of FLAG_ORDER) {
    if (mask === F.PERMANENT) {
      if (!(flags & mask)) p.bool("dynamic", "dynamic ", true);
    } else if (flags & mask) {
      if (mask === F.SECONDARY && a.family === "inet6") p.bool("temporary", "temporary ", true);
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
export interface AddressPrintOptions {
  /** -oneline: "N: dev" prefix. */
  oneline?: boolean;
  /** -brief: the address and prefix length only. */
  brief?: boolean;
  /** Name of a link by index (for -oneline); default: the index as a string. */
  devName?(ifindex: number): string;
  /** Print as a removal ("Deleted ", as ip monitor does). */
  deleted?: boolean;
}

/** Print one address into `p` (the caller opens/closes the JSON object). */
export function printAddress(p: Printer, a: Address, o: AddressPrintOptions = {}): void {
  const flags = addressFlagBits(a);
  if (o.deleted) p.bool("deleted", "Deleted ", true);
  if (!o.brief) {
    if (o.oneline) {
      p.num("index", "%s: ", a.ifindex);
      p.str("dev", "%s", o.devName ? o.devName(a.ifindex) : String(a.ifindex));
    }
    if (p.json) p.str("family", null, a.family);
    else p.text(`    ${a.family} `);
  }
  // ip's ifa_family_color: the local, peer, broadcast and anycast addresses
  const color: Color = a.family === "inet" ? COLOR.INET : a.family === "inet6" ? COLOR.INET6 : COLOR.NONE;
  p.str("local", "%s", a.local, color);
  if (a.peer !== undefined) {
    p.text(" peer ");
    p.str("address", "%s", a.peer, color);
  }
  p.num("prefixlen", "/%s ", a.prefixlen);
  if (a.metric !== undefined) p.num("metric", "metric %s ", a.metric);
  if (o.brief) return;
  if (a.broadcast !== undefined) {
    p.text("brd ");
    p.str("broadcast", "%s ", a.broadcast, color);
  }
  if (a.anycast !== undefined) {
    p.text("any ");
    p.str("anycast", "%s ", a.anycast, color);
  }
  p.str("scope", "scope %s ", SCOPES.name(ADDR_SCOPES.value(a.scope, "scope", 255)));
  printFlags(p, a, flags);
  if (a.label !== undefined) p.str("label", "%s", a.label);
  if (a.validLft !== undefined && a.preferredLft !== undefined) {
    p.nl();
    p.text("       valid_lft ");
    if (a.validLft === "forever") {
      p.num("valid_life_time", null, INFINITY_LIFE_TIME);
      p.text("forever");
    } else p.num("valid_life_time", "%ssec", a.validLft);
    p.text(" preferred_lft ");
    if (a.preferredLft === "forever") {
      p.num("preferred_life_time", null, INFINITY_LIFE_TIME);
      p.text("forever");
    } else if (flags & F.DEPRECATED) p.num("preferred_life_time", "%ssec", a.preferredLft | 0);
    else p.num("preferred_life_time", "%ssec", a.preferredLft);
  }
  p.text("\n");
}

/** Options of formatAddress: the output mode and the line options. */
export interface AddressFormatOptions extends AddressPrintOptions {
  /** ip -json: one JSON object (an addr_info element) instead of text. */
  json?: boolean;
  /** ip -json -pretty layout. */
  pretty?: boolean;
}

/** One address as ip prints it: a text line (`inet 192.0.2.1/24 scope global eth0 ...`) or, with `json`, its addr_info object. */
export function formatAddress(a: Address, o: AddressFormatOptions = {}): string {
  const p = new Printer({ json: o.json === true, pretty: o.pretty === true, oneline: o.oneline === true });
  p.obj();
  printAddress(p, a, o);
  p.endObj();
  return p.take();
}
