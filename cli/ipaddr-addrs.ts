/**
 * The address part of `ip address show` (ipaddr-list.ts loads it only when
 * addresses are listed; `ip link show` never does): the RTM_GETADDR dump,
 * ip's address filters (scope, flags, label, "to" prefix), ipaddr_filter's
 * dropping of links without a matching address, and each link's addr_info.
 */
import type { LinkMessage } from "../codecs/link/message.ts";
import { printAddress } from "../lib/format/address.ts";
import { AddressApi, type AddrMessage } from "../lib/rtnl/address/api.ts";
import { toAddress } from "../lib/rtnl/address/model.ts";
import { addrFlags, addrScope } from "./addr-format.ts";
import { AF, type Ctx } from "./context.ts";
import { fnmatch } from "../lib/sys/fnmatch.ts";
import type { ListFilter } from "./ipaddr-list.ts";
import type { LinkNames } from "./link-names.ts";
import type { Options } from "./options.ts";
import { prefixMatch } from "./prefix.ts";
import type { RowPrinter } from "./rows.ts";

/** print_addrinfo's address filters: scope, flags, label (glob on IFA_LABEL, else the link name) and the "to" prefix. */
export function addrPasses(f: ListFilter, m: AddrMessage, names: LinkNames): boolean {
  if ((f.scope ^ addrScope(m)) & f.scopemask) return false;
  if ((f.flags ^ addrFlags(m)) & f.flagmask) return false;
  if (f.label !== undefined) {
    const label = m.attrs.label ?? names.nameOf(m.index);
    if (!fnmatch(f.label, label)) return false;
  }
  if (f.pfx) {
    const local = m.attrs.local ?? m.attrs.address;
    if (local !== undefined && !prefixMatch(local, f.pfx)) return false;
  }
  return true;
}

/** ipaddr_filter(): drop links that have addresses but none matching. */
export function keepLink(f: ListFilter, l: LinkMessage, addrs: AddrMessage[], names: LinkNames): boolean {
  let missing = true;
  for (const m of addrs) {
    if (m.index !== l.index) continue;
    missing = false;
    if (f.family && f.family !== m.family) continue;
    if (!addrPasses(f, m, names)) continue;
    return true;
  }
  return missing && (f.family === AF.UNSPEC || f.family === AF.PACKET);
}

/** Dump addresses as ip does (family and, under strict checking, link index filtered by the kernel). */
export function dumpAddrs(ctx: Ctx, family: number, ifindex: number): AddrMessage[] {
  return new AddressApi(ctx.conn).dumpMessages(family, ifindex);
}

/** The addr_info of link `l`: its addresses of the filter's family, each printed when it passes the filter. */
export function printAddrs(p: RowPrinter, f: ListFilter, l: LinkMessage, addrs: AddrMessage[], names: LinkNames, o: Options): void {
  p.arr("addr_info", null);
  for (const m of addrs) {
    if (m.index !== l.index || (f.family && f.family !== m.family)) continue;
    if (f.up && !l.flags.includes("UP")) continue;
    p.obj();
    const a = addrPasses(f, m, names) ? toAddress(m) : undefined;
    // print_addrinfo's "N: dev" prefix: -oneline, and also -echo (ip 6.1 tests echo_request there)
    if (a !== undefined) printAddress(p, a, { oneline: !o.brief && (o.oneline || o.echo > 0), brief: o.brief, devName: (i) => names.nameOf(i) });
    p.endObj();
  }
  p.endArr();
}
