/**
 * `ip link show` and `ip address show` (ip/ipaddress.c
 * ipaddr_list_flush_or_save of iproute2 6.1): the same argument grammar,
 * the same dumps, the same filtering (links filtered while printing leave
 * an empty `{}` in JSON, as in ip), links with their addresses.
 */
import type { AddrMessage } from "../lib/rtnl/address/api.ts";
import type { LinkMessage } from "../codecs/link/message.ts";
import { NetnsHandle } from "../lib/netns/handle.ts";
import { printStats64 } from "../lib/format/link-stats.ts";
import { Args, idOrAll, matches } from "./args.ts";
import { AF, type Ctx } from "./context.ts";
import { printRows } from "./rows.ts";
import { CliError, duparg2, failed, invarg } from "./errors.ts";
import { dumpLinks, getLink } from "./link-dump.ts";
import type { LinkNames } from "./link-names.ts";
import { printLink, printLinkBrief } from "../lib/format/link.ts";
import { GROUPS, SCOPES } from "../lib/format/names.ts";
import { needPrefix, type PrefixArg } from "./prefix.ts";

const IFA_PERMANENT = 0x80;
const IFA_SECONDARY = 0x01;
/** ip 6.1's ifa_flag_data names (a Map: no inherited keys such as "constructor"; no hex numbers, which 6.1 takes for a device name). */
const FLAG_BITS = new Map<string, number>([
  ["secondary", 0x01], ["temporary", 0x01], ["nodad", 0x02], ["optimistic", 0x04], ["dadfailed", 0x08], ["home", 0x10],
  ["deprecated", 0x20], ["tentative", 0x40], ["permanent", 0x80], ["mngtmpaddr", 0x100], ["noprefixroute", 0x200],
  ["autojoin", 0x400], ["stable-privacy", 0x800],
]);

/** The filter ip builds from the show arguments. */
export interface ListFilter {
  family: number;
  ifindex: number;
  up: boolean;
  scope: number;
  scopemask: number;
  flags: number;
  flagmask: number;
  label?: string;
  group: number;
  master: number;
  kind?: string;
  slaveKind?: string;
  pfx?: PrefixArg;
  /** The `dev` word as given (ip asks the kernel for it by name in `link show DEV`). */
  devName?: string;
}

function applyFlagWord(f: ListFilter, word: string): boolean {
  let arg = word;
  const inv = arg.startsWith("-");
  if (inv) arg = arg.slice(1);
  if (arg === "dynamic") {
    if (inv) f.flags |= IFA_PERMANENT; else f.flags &= ~IFA_PERMANENT;
    f.flagmask |= IFA_PERMANENT;
  } else if (arg === "primary") {
    if (inv) f.flags |= IFA_SECONDARY; else f.flags &= ~IFA_SECONDARY;
    f.flagmask |= IFA_SECONDARY;
  } else {
    const bit = FLAG_BITS.get(arg);
    if (bit === undefined) return false;
    if (inv) f.flags &= ~bit; else f.flags |= bit;
    f.flagmask |= bit;
  }
  return true;
}

/** Parse the show arguments into a filter (ip's grammar and messages). */
export function parseListArgs(ctx: Ctx, argv: string[], family: number, names: LinkNames, usage: () => CliError): ListFilter {
  const f: ListFilter = { family, ifindex: 0, up: false, scope: 0, scopemask: 0, flags: 0, flagmask: 0, group: -1, master: 0 };
  let dev: string | undefined;
  const a = new Args(argv);
  while (!a.done) {
    const w = a.word();
    if (w === "to") {
      const v = a.value();
      // get_prefix: none with -0, nor in `link show` (AF_PACKET); a bad prefix is its fatal message (exit 1), not invarg
      const pfx = needPrefix(v, f.family);
      f.pfx = pfx;
      if (f.family === AF.UNSPEC) f.family = pfx.family;
    } else if (w === "scope") {
      [f.scope, f.scopemask] = idOrAll(SCOPES, a.value(), "scope", 255);
    } else if (w === "up") f.up = true;
    else if (applyFlagWord(f, w)) continue;
    else if (w === "label") f.label = a.value();
    else if (w === "group") {
      const v = a.value();
      const g = GROUPS.id(v);
      if (g === undefined) throw invarg('Invalid "group" value\n', v);
      f.group = g;
    } else if (w === "master") {
      const v = a.value();
      const idx = names.indexOf(v);
      if (!idx) throw invarg("Device does not exist\n", v);
      f.master = idx;
    } else if (w === "vrf") {
      const v = a.value();
      if (!names.indexOf(v) || !isVrf(ctx, v)) throw invarg("Not a valid VRF name\n", v);
      f.master = names.indexOf(v);
    } else if (w === "nomaster") f.master = -1;
    else if (w === "type") {
      const v = a.value();
      if (v.endsWith("_slave")) f.slaveKind = v.slice(0, -6); // "_slave" alone: links with no slave kind
      else f.kind = v;
    } else {
      let d = w;
      if (w === "dev") d = a.value();
      else if (matches(w, "help")) throw usage();
      if (dev !== undefined) throw duparg2("dev", d);
      dev = d;
    }
  }
  if (dev !== undefined) {
    f.ifindex = names.indexOf(dev);
    if (f.ifindex <= 0) throw failed(`Device "${dev}" does not exist.`);
    f.devName = dev;
  }
  return f;
}

/** ip's name_is_vrf(): the link named `name` is of kind vrf (errors of the request count as no). */
function isVrf(ctx: Ctx, name: string): boolean {
  try {
    return getLink(ctx, name, ctx.opts.family)?.attrs.linkinfo?.kind === "vrf";
  } catch {
    return false;
  }
}

/** print_linkinfo's filters: -1 filtered out, 0 not printed (label mismatch: addresses still are), 1 printed. */
function linkPasses(f: ListFilter, m: LinkMessage): number {
  if (f.ifindex && m.index !== f.ifindex) return -1;
  if (f.up && !m.flags.includes("UP")) return -1;
  if (f.label !== undefined) return 0; // ip 6.1 prints no link line when a label is given, whatever the family
  return linkPassesRest(f, m) ? 1 : -1;
}

function linkPassesRest(f: ListFilter, m: LinkMessage): boolean {
  const a = m.attrs;
  if (a.group !== undefined && f.group !== -1 && a.group !== f.group) return false;
  if (a.master !== undefined) {
    if (f.master > 0 && a.master !== f.master) return false; // nomaster (-1): only the kernel's dump filter drops slaves
  } else if (f.master > 0) return false;
  if (f.kind !== undefined && (a.linkinfo === undefined || (a.linkinfo.kind ?? "") !== f.kind)) return false;
  if (f.slaveKind !== undefined && (a.linkinfo === undefined || (a.linkinfo.slaveKind ?? "") !== f.slaveKind)) return false;
  return true;
}

/**
 * Run `link show` (doLink) or `address show`. The address part (ipaddr-addrs.ts:
 * the address dump, filters and printing) is loaded only when addresses are
 * listed, so that `link show` starts without the address code.
 */
export async function listLinksAndAddrs(ctx: Ctx, argv: string[], doLink: boolean, usage: () => CliError): Promise<number> {
  const o = ctx.opts;
  const names = ctx.names;
  const f = parseListArgs(ctx, argv, doLink ? AF.PACKET : o.family, names, usage);
  // links are read with ip's preferred_family (-4/-6/-0), not the family a "to" prefix implies
  const dumpFamily = doLink ? AF.PACKET : o.family;
  let links: LinkMessage[];
  // `link show DEV` asks the kernel for DEV by name (iplink_get): "eth0:1", which ll_name_to_index resolved
  // through SIOCGIFINDEX, is no link name (the kernel refuses ":" in names)
  if (doLink && f.group === -1 && f.devName?.includes(":")) {
    if (o.json) ctx.io.out(o.pretty ? "[ ]\n" : "[]\n"); // the JSON array ip had opened
    throw failed("RTNETLINK answers: No such device\nCannot send link get request: No such device");
  }
  if (f.ifindex) {
    const l = getLink(ctx, f.ifindex, dumpFamily);
    if (!l) throw failed(`Device "${names.nameOf(f.ifindex)}" does not exist.`);
    links = [l];
  } else {
    links = dumpLinks(ctx, { family: dumpFamily, master: f.master || undefined, kind: f.kind });
  }
  names.remember(links.filter((l) => l.family === 0 || l.family === AF.PACKET || l.attrs.ifname !== undefined));
  let addrs: AddrMessage[] = [];
  // ip prints no link lines for -oneline address lists; a label is print_linkinfo's business (its up/dev
  // filters still drop a link, and with it the addresses, before the label makes it print nothing)
  const noLink = f.family !== AF.PACKET && o.oneline && !o.brief;
  if (dumpFamily === AF.INET6) fillTxqlen(ctx, links);
  const A = f.family !== AF.PACKET ? await import("./ipaddr-addrs.ts") : undefined;
  if (A !== undefined) {
    addrs = A.dumpAddrs(ctx, f.family, f.ifindex);
    links = links.filter((l) => A.keepLink(f, l, addrs, names));
  }
  const env = {
    opts: { ...o, family: f.family },
    nameOf: (i: number) => names.nameOf(i),
    upOf: (i: number) => names.upOf(i),
    nsName: (id: number) => nsNameOf(ctx, id),
    doLink,
    truncatedVfs: (n: string) => ctx.io.err(`Truncated VF list: ${n}\n`),
  };
  printRows(ctx, links, (p, l) => {
    let res = 0;
    if (o.brief || !noLink) {
      res = linkPasses(f, l);
      if (res > 0) {
        if (o.brief) printLinkBrief(p, l, env, f.family !== AF.PACKET);
        else {
          printLink(p, l, env);
          p.text("\n");
        }
      }
    }
    if (res >= 0 && A !== undefined) {
      A.printAddrs(p, f, l, addrs, names, o);
      if (o.brief) p.text("\n");
    } else if (o.brief && res > 0) p.text("\n");
    const st = (l.attrs.stats64 as unknown as Record<string, bigint> | undefined) ?? inet6Counters(l);
    if (res > 0 && !o.brief && !doLink && o.stats && st !== undefined) {
      // `ip -s addr show`: the link statistics follow the addresses (not with -br: print_linkinfo_brief returns 0)
      printStats64(p, st, l.attrs.carrierChanges, o.stats, o.human ? { iec: o.iec } : undefined);
      p.text("\n");
    }
  });
  return 0;
}

/**
 * Links read with AF_INET6 (`ip -6 -s addr show`) carry no IFLA_STATS64:
 * ip's get_rtnl_link_stats_rta then takes IFLA_PROTINFO's IPv6 counters
 * (get_snmp_counters, IPSTATS_MIB_* of its linux/snmp.h; element 0 is the count).
 */
function inet6Counters(l: LinkMessage): Record<string, bigint> | undefined {
  const pi = l.attrs.protinfo;
  const mib = typeof pi === "object" && pi !== null && "stats" in pi ? pi.stats : undefined;
  if (!Array.isArray(mib)) return undefined;
  const at = (i: number) => mib[i] ?? 0n;
  return {
    rxPackets: at(1), rxBytes: at(2), txPackets: at(5), txBytes: at(6), rxErrors: at(13), txErrors: at(14), multicast: at(22),
    rxFrameErrors: at(30),
  };
}

/**
 * Links read with AF_INET6 carry no IFLA_TXQLEN; ip then asks with
 * ioctl(SIOCGIFTXQLEN). The same number comes from an ordinary link dump.
 */
function fillTxqlen(ctx: Ctx, links: LinkMessage[]): void {
  if (links.every((l) => l.attrs.txqlen !== undefined)) return;
  const q = new Map<number, number | undefined>();
  for (const l of dumpLinks(ctx, {})) q.set(l.index, l.attrs.txqlen);
  for (const l of links) if (l.attrs.txqlen === undefined) l.attrs.txqlen = q.get(l.index);
}

type NsidModule = typeof import("../lib/rtnl/nsid/api.ts");
let nsidModule: NsidModule | undefined;
/** The nsid API, loaded on first use (only links in another namespace need it: a synchronous lazy load, as kernel.ts loads read-ahead.ts). */
function nsidApi(): NsidModule {
  return (nsidModule ??= require("../lib/rtnl/nsid/api.ts") as NsidModule);
}

const nsNames = new WeakMap<Ctx, Map<number, string | undefined>>();
/** Name of the namespace that has id `nsid` in the connection's namespace (ip's get_name_from_nsid). */
function nsNameOf(ctx: Ctx, nsid: number): string | undefined {
  let cache = nsNames.get(ctx);
  if (!cache) {
    cache = new Map();
    nsNames.set(ctx, cache);
    try {
      for (const name of process.getBuiltinModule("node:fs").readdirSync("/run/netns")) {
        try {
          const h = NetnsHandle.fromName(name);
          try {
            const id = new (nsidApi().NsidApi)(ctx.conn).get({ fd: h.fd });
            if (id !== undefined && id >= 0 && !cache.has(id)) cache.set(id, name);
          } finally {
            h.close();
          }
        } catch {
          // unreadable namespace: skip, as ip does
        }
      }
    } catch {
      // no /run/netns
    }
  }
  return cache.get(nsid);
}
