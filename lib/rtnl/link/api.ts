/**
 * The typed link API over rtnetlink (RTM_NEWLINK / RTM_DELLINK /
 * RTM_GETLINK, struct ifinfomsg, linux/if_link.h): list, stream, get, add,
 * set and delete network interfaces of the namespace a connection talks to.
 * Every argument is validated before the first syscall (TypeError /
 * RangeError naming the field); kernel refusals surface as NetlinkError.
 *
 *   const links = new LinkApi(conn);
 *   links.add({ name: "v0", kind: "veth", peer: { name: "v1", netns: { name: "blue" } } });
 *   links.add({ name: "br0", kind: "bridge", data: { stpState: 0 }, up: true });
 *   links.set("v0", { master: "br0", up: true, mtu: 9000 });
 *   links.list({ master: "br0" });
 *
 * Links are returned as the link model (link/model.ts, docs/MODEL.md):
 * common fields flat, the decoded attribute tree in `attrs`.
 */
import { NLM_F_APPEND, NLM_F_CREATE, NLM_F_ECHO, NLM_F_EXCL } from "../../../codecs/core/constants.ts";
import { parseMAC } from "../../../codecs/ip/index.ts";
import { linkMessage, linkRequest, type LinkAttrs, type LinkMessage } from "../../../codecs/link/index.ts";
import { RTM } from "../../../codecs/rtnetlink.ts";
import type { NetlinkConnection } from "../../conn/connection.ts";
import { NetlinkError, subjectError } from "../../conn/errors.ts";
import { NetnsHandle } from "../../netns/handle.ts";
import { isAltName, missingLink, resolveIndex } from "../shared/ifindex.ts";
import { lookupLink, type LinkRef as LinkFound } from "../shared/link-ref.ts";
import { buildAddMessage, buildAliasMessage, buildKindData, buildSetMessage, checkSetSpec, DRY_RUN, type LinkAddSpec, type LinkSetSpec, type Resolver } from "./spec.ts";
import { checkAltName, checkKindName, checkLinkRef, checkObject, checkU32, type LinkRef } from "./validate.ts";
import { isLinkObject, toLink, type Link } from "./model.ts";
import { linkChanges, type LinkChange } from "./input.ts";
import { dumpLinkMessages, getLinkMessage, type LinkDumpQuery } from "./query.ts";
import { checkToken, listIpv6Tokens, setIpv6Token, type Ipv6Token } from "./token.ts";
/** The decoded RTM_NEWLINK message (codecs/link), for message-level callers such as the CLI. */
export type { LinkMessage };

export type { LinkAddSpec, LinkKindOptions, LinkSetSpec, NetnsTarget, VethPeerSpec } from "./spec.ts";
export type { LinkRef } from "./validate.ts";
export type { BridgePortOptions, BridgePortState } from "./port.ts";
export type { LinkSettings, XdpMode, XdpSetting } from "./settings.ts";
export type { LinkDumpQuery } from "./query.ts";
export { NoTokenSupportError, type Ipv6Token } from "./token.ts";

export type { Link } from "./model.ts";
export type { LinkChange } from "./input.ts";

/** Filters of `list` / `iterate`. */
export interface LinkFilter {
  /** Only links enslaved to this master (name or index); filtered by the kernel. */
  master?: LinkRef;
  /** Only links of this kind ("veth", "bridge"...); filtered by the kernel when it knows the kind. */
  kind?: string;
}

/** Options of a LinkApi. */
export interface LinkApiOptions {
  /**
   * How `set({ address })` checks the address length. "link" (default): it
   * must equal the link's own address length, and a link without hardware
   * addresses (tun, addr_len 0) takes none. "iproute2": as ip does, only a
   * link that reports an address length is checked; for one without, the
   * request goes to the kernel, which answers for itself.
   */
  addressLength?: "link" | "iproute2";
  /**
   * How kind options, `mtu` and the queue counts are checked. "lib"
   * (default): each against what it means (a bridge's vlanFiltering a
   * boolean, mcastIgmpVersion 2 or 3, mtu 68..65535 on add...). "kernel":
   * only against the attribute's wire type, the rest left to the kernel's
   * answer, as `ip link` does.
   */
  checks?: "lib" | "kernel";
}

/**
 * A hardware address of the wrong length for its link (RangeError naming
 * the field): `length` bytes were given, the link's addresses have
 * `linkLength` bytes (0: the link has no hardware address).
 */
export class AddressLengthError extends RangeError {
  override readonly name = "AddressLengthError";
  constructor(message: string, readonly length: number, readonly linkLength: number) {
    super(message);
  }
}

/** Links of the namespace a connection talks to. */
export class LinkApi {
  private readonly iproute2Lengths: boolean;
  private readonly dry: Resolver;
  private readonly kernelChecks: boolean;

  constructor(readonly conn: NetlinkConnection, opts: LinkApiOptions = {}) {
    if (opts.addressLength !== undefined && opts.addressLength !== "link" && opts.addressLength !== "iproute2") {
      throw new TypeError(`addressLength: expected "link" or "iproute2", got ${JSON.stringify(opts.addressLength)}`);
    }
    this.iproute2Lengths = opts.addressLength === "iproute2";
    this.kernelChecks = opts.checks === "kernel";
    this.dry = this.kernelChecks ? { ...DRY_RUN, kernelChecks: true } : DRY_RUN;
  }

  /**
   * Every link matching `filter`. The master and kind filters go into the
   * dump request (IFLA_MASTER, IFLA_LINKINFO/IFLA_INFO_KIND), which the
   * kernel applies under NETLINK_GET_STRICT_CHK; they are applied here
   * too, for kernels without strict checking and for kinds the kernel does
   * not know (it then ignores the kind filter).
   */
  list(filter: LinkFilter = {}): Link[] {
    const { msg, keep } = this.dumpRequest(filter);
    return this.conn.dump(RTM.GETLINK, linkRequest, msg, linkMessage).filter(keep).map(toLink);
  }

  /** Like `list`, streaming: one datagram of links at a time, for namespaces with very many links. */
  *iterate(filter: LinkFilter = {}): Generator<Link, void> {
    const { msg, keep } = this.dumpRequest(filter);
    for (const l of this.conn.dumpIter(RTM.GETLINK, linkRequest, msg, linkMessage)) if (keep(l)) yield toLink(l);
  }

  /** One link by name or index: a direct RTM_GETLINK. NetlinkError ENODEV when there is none. */
  get(link: LinkRef): Link {
    const ref = checkLinkRef(link, "link");
    const msg: LinkMessage = { family: 0, type: 0, index: typeof ref === "number" ? ref : 0, flags: [], change: 0, attrs: {} };
    if (typeof ref === "string") {
      if (isAltName(ref)) msg.attrs.altIfname = ref;
      else msg.attrs.ifname = ref;
    }
    let m: LinkMessage;
    try {
      m = this.conn.get(RTM.GETLINK, linkRequest, msg, linkMessage);
    } catch (e) {
      throw subjectError(e, "ENODEV", missingLink("link", ref)); // no closure per call: the subject is made only on an error
    }
    return toLink(m);
  }

  /** Like `get`, but undefined when the link does not exist. */
  find(link: LinkRef): Link | undefined {
    try {
      return this.get(link);
    } catch (e) {
      if (e instanceof NetlinkError && e.code === "ENODEV") return undefined;
      throw e;
    }
  }

  /**
   * Message level, for iproute2-compatible tools: the decoded messages of
   * `ip link show`'s dump, its request byte for byte (ifi_family, then
   * IFLA_EXT_MASK, IFLA_MASTER and IFLA_LINKINFO/IFLA_INFO_KIND when given,
   * which the kernel filters on under strict checking); nothing is
   * filtered here.
   */
  dumpMessages(query: LinkDumpQuery = {}): LinkMessage[] {
    return dumpLinkMessages(this.conn, query);
  }

  /**
   * Message level: one link by index or name as `ip link show dev X` asks
   * for it (ifi_index or IFLA_IFNAME, ifi_family and IFLA_EXT_MASK as given);
   * the kernel's refusal (ENODEV...) is thrown as a NetlinkError.
   */
  getMessage(ref: number | string, query: Pick<LinkDumpQuery, "family" | "extMask"> = {}): LinkMessage {
    return getLinkMessage(this.conn, ref, query);
  }

  /**
   * Message level: index, name and up-ness of one link by index or name, or
   * null when the kernel has none, by ip's ll_link_get request byte for byte
   * (ifinfomsg with the index, IFLA_IFNAME for a name, IFLA_EXT_MASK skipping
   * statistics; only ifinfomsg and IFLA_IFNAME of the answer are read).
   * The implementation is lib/rtnl/shared/link-ref.ts lookupLink, which the
   * CLI's name cache calls without loading the link codec.
   */
  lookup(ref: number | string): LinkFound | null {
    checkLinkRef(ref, "link");
    return lookupLink(this.conn, ref);
  }

  /**
   * IPv6 tokens (`ip token list`): the interface identifier each link's
   * SLAAC addresses take, "::" when none is set, for every link but
   * loopback and NOARP ones (or only `link`). NoTokenSupportError when the
   * kernel reports none (see token.ts).
   */
  ipv6Tokens(link?: LinkRef): Ipv6Token[] {
    if (link !== undefined) checkLinkRef(link, "link");
    return listIpv6Tokens(this.conn, link === undefined ? 0 : typeof link === "number" ? link : this.index(link));
  }

  /** Set a link's IPv6 token (`ip token set TOKEN dev LINK`; "::" clears it, as `ip token del`). */
  setIpv6Token(link: LinkRef, token: string): void {
    checkLinkRef(link, "link");
    checkToken(token);
    setIpv6Token(this.conn, typeof link === "number" ? link : this.index(link), token);
  }

  /** The ifindex of a link name (NetlinkError ENODEV when there is none). */
  index(name: string): number {
    return resolveIndex(this.conn, name, "name");
  }

  /**
   * Create a link (RTM_NEWLINK with NLM_F_CREATE | NLM_F_EXCL) and return
   * it as the kernel then reports it: the creation is echoed (NLM_F_ECHO,
   * as `ip -echo link add`), which names the ifindex and the name the kernel
   * chose for a `%d` pattern, and that link is read back (RTM_GETLINK).
   * An alias is set by a second request, as the kernel ignores it on
   * creation. With `{ echo: false }` the request is `ip link add`'s byte for
   * byte and nothing is returned (a `%d` name with an alias still needs the
   * echo, and gets it). A link created in another namespace (`netns`) is not
   * read back: nothing is returned. Without a name the kernel names the
   * link after its kind (ifb0, veth0...), and the echo says which it is.
   */
  add(spec: LinkAddSpec & { netns?: undefined }): Link;
  add(spec: LinkAddSpec, opts: { echo: false }): undefined;
  add(spec: LinkAddSpec, opts?: { echo?: boolean }): Link | undefined;
  add(spec: LinkAddSpec, opts: { echo?: boolean } = {}): Link | undefined {
    buildAddMessage(spec, this.dry);
    if ((opts.echo === false || spec.netns !== undefined) && spec.alias === undefined) {
      this.withResolver((r) => this.conn.ack(RTM.NEWLINK, NLM_F_CREATE | NLM_F_EXCL, linkRequest, buildAddMessage(spec, r)));
      return undefined;
    }
    let echoed: LinkMessage[] = [];
    this.withResolver((r) => {
      echoed = this.conn.echo(RTM.NEWLINK, NLM_F_CREATE | NLM_F_EXCL | NLM_F_ECHO, linkRequest, buildAddMessage(spec, r), linkRequest);
    });
    const pattern = spec.name;
    const made = echoed.find((l) => l.family === 0 && l.index > 0 && (pattern === undefined || nameMatches(pattern, String(l.attrs.ifname ?? ""))));
    if (made === undefined && (pattern === undefined || pattern.includes("%"))) {
      const what = pattern === undefined ? `the ${spec.kind} link without a name` : JSON.stringify(pattern);
      throw new Error(`name: the kernel did not echo the link it made for ${what} (NLM_F_ECHO), so it cannot be told which one it is`);
    }
    // the alias goes to the link the kernel made (a name with %d is only a pattern)
    const ref: LinkRef = made !== undefined ? made.index : pattern!;
    if (spec.alias !== undefined) {
      const alias = buildAliasMessage(pattern === undefined || pattern.includes("%") ? "x" : pattern, spec.alias);
      if (made !== undefined) {
        alias.index = made.index;
        delete alias.attrs.ifname;
      }
      this.conn.ack(RTM.NEWLINK, 0, linkRequest, alias);
    }
    return opts.echo === false || spec.netns !== undefined ? undefined : this.get(ref);
  }

  /**
   * Give a link alternative names (RTM_NEWLINKPROP with IFLA_PROP_LIST, as
   * `ip link property add dev DEV altname NAME...`): each 1..127 bytes,
   * without "/" or white space; the kernel refuses a name some link already
   * has (EEXIST). Links are then found by these names too.
   */
  addAltNames(link: LinkRef | Link, names: readonly string[]): void {
    this.altNames(link, names, RTM.NEWLINKPROP, NLM_F_CREATE | NLM_F_EXCL | NLM_F_APPEND);
  }

  /** Remove alternative names of a link (RTM_DELLINKPROP, `ip link property del`). */
  deleteAltNames(link: LinkRef | Link, names: readonly string[]): void {
    this.altNames(link, names, RTM.DELLINKPROP, 0);
  }

  private altNames(link: LinkRef | Link, names: readonly string[], type: number, flags: number): void {
    const ref = isLinkObject(link) ? checkLinkRef(link.ifindex, "link.ifindex") : checkLinkRef(link, "link");
    if (!Array.isArray(names) || names.length === 0) throw new TypeError(`names: expected a non-empty array of alternative names, got ${JSON.stringify(names)}`);
    names.forEach((n, i) => checkAltName(n, `names[${i}]`));
    const index = resolveIndex(this.conn, ref, "link");
    this.conn.ack(type, flags, linkRequest, { family: 0, type: 0, index, flags: [], change: 0, attrs: { propList: { altIfname: [...names] } } });
  }

  /** Delete a link (RTM_DELLINK by index); deleting one end of a veth pair deletes both. */
  delete(link: LinkRef | Link): void {
    const ref = isLinkObject(link) ? checkLinkRef(link.ifindex, "link.ifindex") : checkLinkRef(link, "link");
    const index = resolveIndex(this.conn, ref, "link");
    this.conn.ack(RTM.DELLINK, 0, linkRequest, { family: 0, type: 0, index, flags: [], change: 0, attrs: {} });
  }

  /**
   * Change a link (RTM_NEWLINK on its index, as `ip link set` does): up or
   * down, mtu, address, name, master (null: nomaster), txqlen, alias,
   * group, or move it to another namespace. `link` is a name, an index or a
   * listed Link (its ifindex).
   */
  set(link: LinkRef | Link, changes: LinkSetSpec): void {
    const ref = isLinkObject(link) ? checkLinkRef(link.ifindex, "link.ifindex") : checkLinkRef(link, "link");
    checkSetSpec(changes);
    if (changes.data !== undefined && isLinkObject(link) && link.kind !== undefined) buildSetMessage(0, changes, this.dry, link.kind);
    else if (changes.data === undefined) buildSetMessage(0, changes, this.dry);
    // A new address is checked against the link's own address length first, read with one
    // RTM_GETLINK as ip does (nl_get_ll_addr_len): the kernel would cut a longer one silently.
    // Kind options need the link's kind, read the same way.
    const target = changes.address === undefined && changes.data === undefined ? undefined : this.get(ref);
    if (target !== undefined && changes.address !== undefined) checkAddressLength(target, changes.address, this.iproute2Lengths);
    this.withResolver((r) => {
      const index = r.index(ref, "link");
      this.conn.ack(RTM.NEWLINK, 0, linkRequest, buildSetMessage(index, changes, r, target?.kind));
    }, target === undefined ? [] : [[ref, target.ifindex]]);
  }

  /**
   * Change every link of group `group` at once (RTM_NEWLINK on index 0 with
   * IFLA_GROUP, as `ip link set group N up` sends; the kernel's
   * rtnl_group_changelink): `changes` as for set (may be empty), without
   * name, kind options or group.
   */
  setGroup(group: number, changes: LinkSetSpec): void {
    checkU32(group, "group");
    if (changes === null || typeof changes !== "object") throw new TypeError(`changes: expected an object, got ${changes === null ? "null" : typeof changes}`);
    for (const k of ["group", "name", "data", "port"] as const) {
      if (changes[k] !== undefined) throw new TypeError(`changes.${k}: not for a group of links (group ${group} selects them)`);
    }
    this.withResolver((r) => this.conn.ack(RTM.NEWLINK, 0, linkRequest, buildSetMessage(0, { ...changes, group }, r)));
  }

  /** Delete every link of group `group` (RTM_DELLINK with IFLA_GROUP, as `ip link delete group N`). */
  deleteGroup(group: number): void {
    checkU32(group, "group");
    this.conn.ack(RTM.DELLINK, 0, linkRequest, { family: 0, type: 0, index: 0, flags: [], change: 0, attrs: { group } });
  }

  /**
   * Make link `link.ifindex` look like `link`, a Link read from the kernel
   * and possibly edited, or given any field `add` takes (LinkChange,
   * linkChanges in input.ts): name, up (or `flags`), mtu, address, master,
   * txqlen, group, alias, kind options (`data`) and `netns` are compared
   * with the kernel's current link and only what differs is sent, in one
   * `set`; what the kernel fixes at creation (kind, numTxQueues,
   * numRxQueues, link, peer) is a TypeError when it differs. A listed link
   * given back unchanged sends nothing. Returns the link as the kernel
   * reports it afterwards (undefined after a move to another namespace).
   */
  change(link: LinkChange & { netns?: undefined }): Link;
  change(link: LinkChange): Link | undefined;
  change(link: LinkChange): Link | undefined {
    if (!isLinkObject(link)) throw new TypeError("link: expected a Link read from the kernel (with ifindex and flags)");
    const index = checkLinkRef(link.ifindex, "link.ifindex") as number;
    const now = this.get(index);
    const changes = linkChanges(now, link, (data) => {
      if (now.kind === undefined) throw new TypeError(`data: link ${JSON.stringify(now.name)} has no kind (IFLA_INFO_KIND), so it takes no kind options`);
      return buildKindData(now.kind, data, this.dry);
    });
    if (Object.keys(changes).length > 0) this.set(now, changes);
    return changes.netns !== undefined ? undefined : this.get(index);
  }

  private dumpRequest(filter: LinkFilter): { msg: LinkMessage; keep: (l: LinkMessage) => boolean } {
    const f = checkObject<LinkFilter>(filter ?? {}, ["master", "kind"], "filter");
    const masterRef = f.master === undefined ? undefined : checkLinkRef(f.master, "filter.master");
    const kind = f.kind === undefined ? undefined : checkKindName(f.kind, "filter.kind");
    const master = masterRef === undefined ? undefined : resolveIndex(this.conn, masterRef, "filter.master");
    const attrs: LinkAttrs = {};
    if (master !== undefined) attrs.master = master;
    if (kind !== undefined) attrs.linkinfo = { kind };
    const keep = (l: LinkMessage): boolean =>
      (master === undefined || l.attrs.master === master) && (kind === undefined || l.attrs.linkinfo?.kind === kind);
    return { msg: { family: 0, type: 0, index: 0, flags: [], change: 0, attrs }, keep };
  }

  /** Run `fn` with a resolver that looks links up once each and closes the namespace fds it opened. */
  private withResolver(fn: (r: Resolver) => void, known: Array<[LinkRef, number]> = []): void {
    const handles: NetnsHandle[] = [];
    const seen = new Map<LinkRef, number>(known);
    const r: Resolver = {
      kernelChecks: this.kernelChecks,
      index: (ref, field) => {
        let i = seen.get(ref);
        if (i === undefined) {
          i = resolveIndex(this.conn, ref, field);
          seen.set(ref, i);
        }
        return i;
      },
      netnsFd: (name) => {
        const h = NetnsHandle.fromName(name);
        handles.push(h);
        return h.fd;
      },
    };
    try {
      fn(r);
    } finally {
      for (const h of handles) h.close();
    }
  }
}

/** True when `name` is what the kernel made of the requested `pattern` (a %d becomes a number). */
function nameMatches(pattern: string, name: string): boolean {
  if (!pattern.includes("%")) return name === pattern;
  const [pre, post] = pattern.split("%d") as [string, string?];
  return name.startsWith(pre) && name.endsWith(post ?? "") && /^\d+$/.test(name.slice(pre.length, name.length - (post ?? "").length));
}

/**
 * A hardware address must have exactly the link's address length (dev->addr_len,
 * the length of the IFLA_ADDRESS the kernel reports; a link without one, such as
 * a tun device, has none): the kernel truncates a longer one silently, refuses a
 * shorter one with a bare EINVAL and a link without addresses with EOPNOTSUPP.
 * RangeError naming the field, the link and its length. (The MTU is left to the
 * kernel, which checks the link's own IFLA_MIN_MTU..IFLA_MAX_MTU and says which
 * bound was crossed.)
 */
function checkAddressLength(link: Link, address: string, iproute2: boolean): void {
  const have = typeof link.attrs.address === "string" ? parseMAC(link.attrs.address).length : 0;
  const want = parseMAC(address, "address").length;
  if (want === have || (have === 0 && iproute2)) return;
  const name = JSON.stringify(link.name);
  if (have === 0) throw new AddressLengthError(`address: link ${name} has no hardware address (address length 0), so ${JSON.stringify(address)} (${want} bytes) cannot be set`, want, 0);
  throw new AddressLengthError(`address: ${JSON.stringify(address)} has ${want} bytes, link ${name} has ${have}-byte addresses`, want, have);
}
