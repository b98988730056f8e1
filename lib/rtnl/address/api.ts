/**
 * The typed address API: list, add, replace, delete and flush IPv4/IPv6
 * addresses over rtnetlink (RTM_GETADDR / RTM_NEWADDR / RTM_DELADDR,
 * struct ifaddrmsg, linux/if_addr.h). Every argument is validated before
 * the first syscall; kernel refusals surface as NetlinkError.
 *
 *   const addrs = new AddressApi(conn);
 *   addrs.add("eth0", "192.0.2.1/24", { broadcast: "+", label: "eth0:1" });
 *   addrs.add("eth0", "2001:db8::1/64", { flags: ["nodad"], validLft: 3600, preferredLft: 1800 });
 *   addrs.list({ link: "eth0", family: 6 });
 */
import { addrMessage, type AddrMessage } from "../../../codecs/addr/index.ts";
import { HOST_LE } from "../../../codecs/core/align.ts";
import { decodeString } from "../../../codecs/core/fields.ts";
import { AF_INET6, AF_UNSPEC } from "../../../codecs/ip/index.ts";
import { RTM } from "../../../codecs/rtnetlink.ts";
import { NLM_F_CREATE, NLM_F_ECHO, NLM_F_EXCL, NLM_F_REPLACE } from "../../../codecs/core/constants.ts";
import { addressArgsOf, addressDeleteMessage, isAddressObject } from "./input.ts";
import type { BatchRequest, NetlinkConnection } from "../../conn/connection.ts";
import type { BatchResult } from "../../conn/batch.ts";
import type { NetlinkError } from "../../conn/errors.ts";
import {
  checkFamily, checkKeys, checkLabelPrefix, checkLink, checkScope, delAddrMessage, newAddrMessage, prepareAddress,
  type AddressFamily, type AddressOptions,
} from "./spec.ts";
import { toAddress, type Address } from "./model.ts";
import { shellPattern } from "../../sys/fnmatch.ts";
import { resolveIndex } from "../shared/ifindex.ts";

export type { AddressFamily, AddressOptions } from "./spec.ts";
export type { Address } from "./model.ts";
/** The decoded RTM_NEWADDR message the message-level methods take and return (codecs/addr). */
export type { AddrMessage };
/** The IFA_F_* flag and RT_SCOPE_* tables of address messages (codecs/addr), for message-level callers. */
export { ADDR_FLAGS, SCOPES as ADDR_SCOPES } from "../../../codecs/addr/index.ts";

/** Filters of `list`: all given ones must match. */
export interface AddressFilter {
  /** Only addresses on this link (name or index); filtered by the kernel. */
  link?: string | number;
  /** Only this family; filtered by the kernel. */
  family?: AddressFamily;
  /** Only this scope (name or number). */
  scope?: string | number;
  /** Only IPv4 addresses whose label matches this shell pattern, as `ip addr show label` matches it (libc's fnmatch(3): `*`, `?`, `[0-9]`, `[!x]`, ...). */
  label?: string;
}

/** Selectors of `flush`; at least one is required. */
export type FlushFilter = Omit<AddressFilter, "label">;

const IFLA_IFNAME = 3;
const IFLA_EXT_MASK = 29;
const RTEXT_FILTER_SKIP_STATS = 1 << 3;

/** Addresses of the namespace a connection talks to. */
export class AddressApi {
  constructor(readonly conn: NetlinkConnection) {}

  /**
   * Addresses matching `filter`. Link and family go into the dump request
   * (ifa_index and ifa_family of the ifaddrmsg, which the kernel honours
   * under NETLINK_GET_STRICT_CHK); scope and label, and link again for
   * kernels without strict checking, are matched here.
   */
  list(filter: AddressFilter = {}): Address[] {
    const f = checkKeys(filter ?? {}, ["link", "family", "scope", "label"], "filter");
    const link = f.link === undefined ? undefined : checkLink(f.link, "filter.link");
    const family = f.family === undefined ? AF_UNSPEC : checkFamily(f.family, "filter.family");
    const scope = f.scope === undefined ? undefined : checkScope(f.scope, "filter.scope");
    if (f.label !== undefined && typeof f.label !== "string") throw new TypeError(`filter.label: expected a string pattern, got ${typeof f.label}`);
    const label = f.label === undefined ? undefined : shellPattern(f.label, "filter.label");
    const index = link === undefined ? 0 : resolveIndex(this.conn, link, "filter.link");

    const msgs = this.conn.dump(RTM.GETADDR, addrMessage, { family, prefixlen: 0, flags: 0, scope: 0, index, attrs: {} });
    const out: Address[] = [];
    for (const m of msgs) {
      if (index !== 0 && m.index !== index) continue;
      if (family !== AF_UNSPEC && m.family !== family) continue;
      if (scope !== undefined && scopeNumber(m) !== scope) continue;
      const a = toAddress(m);
      if (a === undefined) continue;
      if (label !== undefined && (a.label === undefined || !label.test(a.label))) continue;
      out.push(a);
    }
    return out;
  }

  /**
   * Add an address (`ip -echo addr add`) and return it as the kernel made
   * it (its echo, NLM_F_ECHO); EEXIST when it is already there. Takes the
   * link, the address and options, or an Address as `list` returns it.
   * With `{ echo: false }` the request is `ip addr add`'s byte for byte and
   * nothing is returned.
   */
  add(address: Address): Address;
  add(link: string | number, cidr: string, opts?: AddressOptions): Address;
  add(link: string | number, cidr: string, opts: AddressOptions, send: { echo: false }): undefined;
  add(link: string | number | Address, cidr?: string, opts: AddressOptions = {}, send: { echo?: boolean } = {}): Address | undefined {
    if (isAddressObject(link)) ({ link, cidr, opts } = addressArgsOf(link));
    const m = this.modify(NLM_F_CREATE | NLM_F_EXCL, link as string | number, cidr as string, opts, send.echo !== false);
    if (m === undefined) return undefined;
    const a = toAddress(m);
    if (a === undefined) throw new Error("RTM_NEWADDR: the kernel echoed an address this API does not model");
    return a;
  }

  /**
   * Add or update an address (`ip addr replace`): flags, lifetimes, metric...
   * of an existing one change. An Address from `list` given back unchanged changes nothing.
   */
  replace(address: Address): void;
  replace(link: string | number, cidr: string, opts?: AddressOptions): void;
  replace(link: string | number | Address, cidr?: string, opts: AddressOptions = {}): void {
    if (isAddressObject(link)) ({ link, cidr, opts } = addressArgsOf(link));
    this.modify(NLM_F_CREATE | NLM_F_REPLACE, link as string | number, cidr as string, opts, false);
  }

  /**
   * Change an existing address (`ip addr change`: NLM_F_REPLACE without
   * NLM_F_CREATE); ENOENT when it is not there.
   */
  change(link: string | number, cidr: string, opts: AddressOptions = {}): void {
    this.modify(NLM_F_REPLACE, link, cidr, opts, false);
  }

  private modify(flags: number, link: string | number, cidr: string, opts: AddressOptions, echo: boolean): AddrMessage | undefined {
    const req = prepareAddress(link, cidr, opts);
    const index = resolveIndex(this.conn, link);
    if (req.label !== undefined && typeof link === "number") checkLabelPrefix(req.label, linkName(this.conn, index));
    const msg = newAddrMessage(req, index);
    if (!echo) {
      this.conn.ack(RTM.NEWADDR, flags, addrMessage, msg);
      return undefined;
    }
    const echoed = this.conn.echo(RTM.NEWADDR, flags | NLM_F_ECHO, addrMessage, msg);
    if (echoed.length > 0) return echoed[0];
    // IPv6 does not echo RTM_NEWADDR (addrconf notifies without the requester's nlh): read that one
    // address back with RTM_GETADDR (inet6_rtm_getaddr: by IFA_LOCAL and link; header fields 0 as
    // strict checking wants). A dump per add made N adds cost O(N^2).
    if (msg.family === AF_INET6) {
      const q: AddrMessage = { family: AF_INET6, prefixlen: 0, flags: 0, scope: 0, index, attrs: { local: msg.attrs.local } };
      return this.conn.get(RTM.GETADDR, addrMessage, q);
    }
    // A kernel that does not echo IPv4 address requests (before Linux 4.x): read it back (same family, link, address, prefix length).
    const back = this.conn.dump(RTM.GETADDR, addrMessage, { family: msg.family, prefixlen: 0, flags: 0, scope: 0, index, attrs: {} });
    const found = back.find((m) => m.index === index && m.prefixlen === msg.prefixlen && (m.attrs.local ?? m.attrs.address) === msg.attrs.local);
    if (found === undefined) throw new Error(`RTM_NEWADDR: the kernel acknowledged ${cidr} but does not list it`);
    return found;
  }

  /**
   * Delete an address (`ip addr del CIDR dev LINK`); EADDRNOTAVAIL when it
   * is not there. The prefix length must match, except for an IPv4 address
   * given without "/N", which deletes that address whatever its prefix.
   * An Address from `list` deletes exactly that address.
   */
  delete(address: Address): void;
  delete(link: string | number, cidr: string, opts?: AddressOptions): void;
  delete(link: string | number | Address, cidr?: string, opts?: AddressOptions): void {
    if (isAddressObject(link)) return this.conn.ack(RTM.DELADDR, 0, addrMessage, addressDeleteMessage(link));
    if (opts !== undefined) {
      // with options (a peer...), the request carries them all, as `ip addr del ... peer P` sends them
      const req = prepareAddress(link, cidr as string, opts);
      return this.conn.ack(RTM.DELADDR, 0, addrMessage, newAddrMessage(req, resolveIndex(this.conn, link)));
    }
    checkLink(link);
    const msg = delAddrMessage(cidr, 0);
    msg.index = resolveIndex(this.conn, link);
    this.conn.ack(RTM.DELADDR, 0, addrMessage, msg);
  }

  /**
   * Message level, for iproute2-compatible tools: the decoded messages of
   * `ip addr show`'s dump, its request byte for byte (ifa_family and
   * ifa_index as given, which the kernel filters on under strict checking);
   * nothing is filtered here.
   */
  dumpMessages(family: number, ifindex = 0): AddrMessage[] {
    return this.conn.dump(RTM.GETADDR, addrMessage, { family, prefixlen: 0, flags: 0, scope: 0, index: ifindex, attrs: {} });
  }

  /**
   * Message level: delete dumped addresses by sending each message back as
   * RTM_DELADDR, pipelined with one ACK per window (`ip addr flush`'s exact
   * requests); every refusal is in the result, tied to its message.
   */
  deleteMessages(msgs: readonly AddrMessage[]): BatchResult {
    return this.conn.batch(msgs.map((msg) => ({ type: RTM.DELADDR, flags: 0, codec: addrMessage, msg })));
  }

  /**
   * Delete every address matching `filter` (`ip addr flush`) and return how
   * many were removed. IPv4 secondaries go before their primaries, so none
   * is dropped implicitly with its primary; addresses that vanished meanwhile
   * (EADDRNOTAVAIL) are not counted. Any other refusal throws after the
   * batch, with the count of what was removed in `removed` on the error.
   */
  flush(filter: FlushFilter): number {
    const f = checkKeys(filter, ["link", "family", "scope"], "filter");
    if (f.link === undefined && f.family === undefined && f.scope === undefined) {
      throw new TypeError("filter: flush needs at least one of link, family, scope (flushing every address is refused, as by ip addr flush)");
    }
    const found = this.list(filter);
    const order = [...found.filter((a) => a.flags.includes("secondary")), ...found.filter((a) => !a.flags.includes("secondary"))];
    const requests: BatchRequest<AddrMessage>[] = order.map((a) => ({
      type: RTM.DELADDR,
      flags: 0,
      codec: addrMessage,
      msg: { family: a.family === "inet" ? 2 : 10, prefixlen: a.prefixlen, flags: 0, scope: 0, index: a.ifindex, attrs: { local: a.local, address: a.peer ?? a.local } },
    }));
    if (requests.length === 0) return 0;
    const r = this.conn.batch(requests);
    const fatal = r.errors.find((e) => e.error.code !== "EADDRNOTAVAIL");
    if (fatal) throw Object.assign(fatal.error, { removed: r.ok }) as NetlinkError & { removed: number };
    return r.ok;
  }
}

function scopeNumber(m: AddrMessage): number {
  return typeof m.scope === "number" ? m.scope : checkScope(m.scope);
}

/** The name of link `index`, by one RTM_GETLINK (ifi_index set, stats skipped). */
export function linkName(conn: NetlinkConnection, index: number): string {
  let name: string | undefined;
  conn.raw(RTM.GETLINK, 0, (w) => {
    w.u8(0); w.u8(0); w.u16(0); // ifi_family, pad, ifi_type
    w.s32(index);
    w.u32(0); w.u32(0); // ifi_flags, ifi_change
    w.attrU32(IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
  }, (buf, dv, payload, end, type) => {
    if (type !== RTM.NEWLINK) return;
    for (let off = payload + 16; off + 4 <= end;) {
      const len = dv.getUint16(off, HOST_LE);
      if (len < 4 || off + len > end) break;
      if ((dv.getUint16(off + 2, HOST_LE) & 0x3fff) === IFLA_IFNAME && len > 4) name = decodeString(buf, off + 4, off + len - 1);
      off += (len + 3) & ~3;
    }
  });
  if (name === undefined) throw new Error(`link ${index}: the kernel's answer carried no IFLA_IFNAME`);
  return name;
}
