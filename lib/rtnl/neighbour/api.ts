/**
 * The typed neighbour API: ARP (IPv4) and NDP (IPv6) entries, proxy
 * entries and bridge FDB entries (AF_BRIDGE) over rtnetlink
 * (RTM_GETNEIGH / RTM_NEWNEIGH / RTM_DELNEIGH, struct ndmsg,
 * linux/neighbour.h). Every argument is validated before the first
 * syscall; kernel refusals surface as NetlinkError.
 *
 *   const neigh = new NeighbourApi(conn);
 *   neigh.add({ dst: "192.0.2.5", lladdr: "02:00:00:00:00:05", dev: "eth0" });
 *   neigh.add({ family: "bridge", lladdr: "02:00:00:00:00:10", dev: "veth1", master: true, state: "static" });
 *   neigh.list({ link: "eth0", state: ["reachable", "stale"] });
 */
import { NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE } from "../../../codecs/core/constants.ts";
import { neighMessage, type NeighAttrs, type NeighMessage } from "../../../codecs/neigh/index.ts";
import { NTF_FLAGS, NUD_STATES } from "../../../codecs/neigh/tables.ts";
import { AF_BRIDGE, AF_UNSPEC, formatIP, parseIP } from "../../../codecs/ip/index.ts";
import { RTM } from "../../../codecs/rtnetlink.ts";
import type { BatchRequest, NetlinkConnection } from "../../conn/connection.ts";
import type { BatchResult } from "../../conn/batch.ts";
import type { NetlinkError } from "../../conn/errors.ts";
import { resolveIndex } from "../shared/ifindex.ts";
import { linkMasters } from "./masters.ts";
import {
  checkDev, checkNeighFamily, checkObject, neighbourMessage, prepareNeighbour, prepareNeighbourKey, stateBits,
  type NeighbourKey, type NeighbourSpec, type PreparedNeighbour,
} from "./spec.ts";
import { familyNumber, familyOfNumber, toNeighbour, type Neighbour, type NeighbourFamily } from "./model.ts";
import { isNeighbourObject, neighbourSpecOf } from "./input.ts";
import { NeighbourTableApi } from "../ntable/api.ts";

export type { NeighbourKey, NeighbourSpec } from "./spec.ts";
export type { Neighbour, NeighbourFamily } from "./model.ts";
/** The decoded RTM_NEWNEIGH message the message-level methods take and return (codecs/neigh). */
export type { NeighMessage };
export { NTF_FLAGS, NUD_STATES } from "../../../codecs/neigh/tables.ts";

/** What `ip neigh show` asks for: any AF_* family, the link as NDA_IFINDEX, the proxy table. */
export interface NeighbourDumpRequest {
  family: number;
  ifindex?: number;
  proxy?: boolean;
}

/** What `ip neigh get` asks for: one destination (on a link, or a proxy entry). */
export interface NeighbourGetRequest {
  family: number;
  ifindex: number;
  dst: string;
  proxy?: boolean;
}

/** Filters of `list` and `flush`: all given ones must match. */
export interface NeighbourFilter {
  /** Only entries on this link (name or index). Kernel-filtered (NDA_IFINDEX; ndm_ifindex for FDB dumps). */
  link?: string | number;
  /** 4, 6 or "bridge" (FDB). Default: IPv4 and IPv6 entries (AF_UNSPEC dump; no FDB). */
  family?: NeighbourFamily;
  /** Only entries in one of these NUD states ("none" matches NUD_NONE). Matched here: the kernel refuses ndm_state in dump requests. */
  state?: string | string[];
  /** Only entries on links enslaved to this master (for FDB also the bridge itself). Kernel-filtered (NDA_MASTER). */
  master?: string | number;
  /** Proxy entries (the pneigh table) instead of ordinary ones. Not for FDB. */
  proxy?: boolean;
}

const FILTER_KEYS = ["link", "family", "state", "master", "proxy"];
const NTF_PROXY = 0x08;
const NTF_SELF_MASTER = 0x06;

interface CheckedFilter {
  family: number;
  link?: string | number;
  master?: string | number;
  state?: number;
  stateNone: boolean;
  proxy: boolean;
}

function checkFilter(filter: NeighbourFilter | undefined): CheckedFilter {
  const f = checkObject(filter ?? {}, FILTER_KEYS, "filter");
  const family = f.family === undefined ? AF_UNSPEC : familyNumber(checkNeighFamily(f.family, "filter.family"));
  if (f.proxy !== undefined && typeof f.proxy !== "boolean") throw new TypeError(`filter.proxy: expected a boolean, got ${JSON.stringify(f.proxy)}`);
  const proxy = f.proxy === true;
  if (proxy && family === AF_BRIDGE) throw new TypeError("filter.proxy: there are no proxy FDB entries");
  const c: CheckedFilter = { family, proxy, stateNone: false };
  if (f.link !== undefined) c.link = checkDev(f.link, "filter.link");
  if (f.master !== undefined) c.master = checkDev(f.master, "filter.master");
  if (f.state !== undefined) {
    c.state = stateBits(f.state, "filter.state");
    c.stateNone = (typeof f.state === "string" ? [f.state] : f.state).includes("none");
  }
  return c;
}

/** Neighbour tables of the namespace a connection talks to. */
export class NeighbourApi {
  /** The kernel's neighbour tables and their per-device parameters (`ip ntable`, lib/rtnl/ntable). */
  readonly tables: NeighbourTableApi;

  constructor(readonly conn: NetlinkConnection) {
    this.tables = new NeighbourTableApi(conn);
  }

  /**
   * Entries matching `filter`. link and master go into the dump request
   * (the kernel filters on them under NETLINK_GET_STRICT_CHK and says so
   * with NLM_F_DUMP_FILTERED; FDB dumps filter without saying so); when
   * the kernel did not say it filtered, link and master are matched here
   * too. State is always matched here. Unlike `ip neigh show`, noarp
   * entries are listed unless a state filter leaves them out.
   */
  list(filter?: NeighbourFilter): Neighbour[] {
    const f = checkFilter(filter);
    const link = f.link === undefined ? 0 : resolveIndex(this.conn, f.link, "filter.link");
    const master = f.master === undefined ? 0 : resolveIndex(this.conn, f.master, "filter.master");
    const bridge = f.family === AF_BRIDGE;
    const attrs: NeighAttrs = {};
    // ip neigh sends NDA_IFINDEX; bridge fdb puts the port in ndm_ifindex.
    if (link && !bridge) attrs.ifindex = link;
    if (master) attrs.master = master;
    const req: NeighMessage = { family: f.family, ifindex: bridge ? link : 0, state: [], flags: f.proxy ? ["proxy"] : [], type: 0, attrs };
    const { items, filtered } = this.conn.dumpDetailed(RTM.GETNEIGH, neighMessage, req);
    let masters: Map<number, number> | undefined;
    if (master && !filtered) masters = linkMasters(this.conn);
    const out: Neighbour[] = [];
    for (const m of items) {
      if (link && m.ifindex !== link) continue;
      if (masters !== undefined && !(masters.get(m.ifindex) === master || (bridge && m.ifindex === master))) continue;
      if (f.proxy !== m.flags.includes("proxy")) continue;
      if (f.state !== undefined) {
        const bits = m.state.length === 0 ? 0 : NUD_STATES.value(m.state, "state");
        if (!((bits & f.state) !== 0 || (bits === 0 && f.stateNone))) continue;
      }
      out.push(toNeighbour(m));
    }
    return out;
  }

  /**
   * Add an entry (`ip neigh add` / `bridge fdb add`) and return it as the
   * kernel then lists it; EEXIST when it is there already. The kernel does
   * not echo neighbour requests (NLM_F_ECHO is ignored), so the entry is
   * read back: the entries of its family on its link (and proxy table),
   * the one with its destination (FDB: its lladdr, vlan, dst and
   * self/master). A listed Neighbour is accepted (input.ts). With
   * `{ echo: false }` the request is `ip neigh add`'s and nothing is read
   * back or returned.
   */
  add(spec: NeighbourSpec | Neighbour): Neighbour;
  add(spec: NeighbourSpec | Neighbour, opts: { echo: false }): undefined;
  add(spec: NeighbourSpec | Neighbour, opts: { echo?: boolean } = {}): Neighbour | undefined {
    const msg = this.modify(NLM_F_CREATE | NLM_F_EXCL, spec);
    return opts.echo === false ? undefined : this.readBack(msg);
  }

  /** Add or overwrite an entry (`ip neigh replace` / `bridge fdb replace`); a listed Neighbour given back unchanged changes nothing. */
  replace(spec: NeighbourSpec | Neighbour): void {
    this.modify(NLM_F_CREATE | NLM_F_REPLACE, spec);
  }

  /** Change an existing entry (`ip neigh change`); ENOENT when it is not there. Takes a listed Neighbour too. */
  change(spec: NeighbourSpec | Neighbour): void {
    this.modify(NLM_F_REPLACE, spec);
  }

  private modify(flags: number, spec: NeighbourSpec | Neighbour): NeighMessage {
    const p = prepareNeighbour(neighbourSpecOf(spec));
    const msg = this.bind(p, "spec");
    this.conn.ack(RTM.NEWNEIGH, flags, neighMessage, msg);
    return msg;
  }

  /** The entry `sent` made, as list() reports it. */
  private readBack(sent: NeighMessage): Neighbour {
    const proxy = sent.flags.includes("proxy");
    const bridge = sent.family === AF_BRIDGE;
    const family = familyOfNumber(sent.family) as NeighbourFamily;
    const a = sent.attrs;
    const dst = a.dst === undefined ? undefined : canonicalIP(a.dst);
    const found = this.list({ family, link: sent.ifindex, ...(proxy ? { proxy } : {}) }).find((n) =>
      n.ifindex === sent.ifindex && n.dst === dst &&
      (!bridge || (n.lladdr === a.lladdr && n.vlan === a.vlan && isMasterEntry(n) === sent.flags.includes("master"))));
    if (found === undefined) throw new Error(`RTM_NEWNEIGH: the kernel acknowledged the entry but does not list it (${JSON.stringify(a.dst ?? a.lladdr)} on ifindex ${sent.ifindex})`);
    return found;
  }

  /**
   * Delete an entry (`ip neigh del DST dev DEV` / `bridge fdb del LLADDR dev
   * DEV [vlan V]`); ENOENT when it is not there.
   */
  delete(key: NeighbourKey | Neighbour): void {
    if (isNeighbourObject(key)) return this.conn.ack(RTM.DELNEIGH, 0, neighMessage, deleteMessage(key));
    const p = prepareNeighbourKey(key);
    this.conn.ack(RTM.DELNEIGH, 0, neighMessage, this.bind(p, "key"));
  }

  /**
   * Delete every entry `list(filter)` returns (`ip neigh flush`) and
   * return how many were removed; entries gone meanwhile (ENOENT) are not
   * counted. Any other refusal throws after the batch, with the count of
   * what was removed in `removed` on the error.
   */
  flush(filter: NeighbourFilter): number {
    const found = this.list(filter);
    const requests: BatchRequest<NeighMessage>[] = found.map((n) => ({ type: RTM.DELNEIGH, flags: 0, codec: neighMessage, msg: deleteMessage(n) }));
    if (requests.length === 0) return 0;
    const r = this.conn.batch(requests);
    const fatal = r.errors.find((e) => e.error.code !== "ENOENT");
    if (fatal) throw Object.assign(fatal.error, { removed: r.ok }) as NetlinkError & { removed: number };
    return r.ok;
  }

  /**
   * Message level, for iproute2-compatible tools: the decoded messages of
   * `ip neigh show`'s dump, its request byte for byte (ndm_family as given,
   * the link in NDA_IFINDEX, NTF_PROXY for the proxy table); nothing is
   * filtered here.
   */
  dumpMessages(req: NeighbourDumpRequest): NeighMessage[] {
    const attrs: NeighAttrs = {};
    if (req.ifindex) attrs.ifindex = req.ifindex;
    return this.conn.dump(RTM.GETNEIGH, neighMessage, { family: req.family, ifindex: 0, state: [], flags: req.proxy ? ["proxy"] : [], type: 0, attrs });
  }

  /** Message level: `ip neigh get`'s RTM_GETNEIGH, byte for byte, and the kernel's answer (ENOENT: no such entry). */
  getMessage(req: NeighbourGetRequest): NeighMessage {
    return this.conn.get(RTM.GETNEIGH, neighMessage, {
      family: req.family, ifindex: req.ifindex, state: [], flags: req.proxy ? ["proxy"] : [], type: 0, attrs: { dst: req.dst },
    });
  }

  /**
   * Message level: delete dumped entries by sending each message back as
   * RTM_DELNEIGH, pipelined with one ACK per window (`ip neigh flush`'s
   * exact requests); every refusal is in the result, tied to its message.
   */
  deleteMessages(msgs: readonly NeighMessage[]): BatchResult {
    return this.conn.batch(msgs.map((msg) => ({ type: RTM.DELNEIGH, flags: 0, codec: neighMessage, msg })));
  }

  private bind(p: PreparedNeighbour, field: string): NeighMessage {
    const ifindex = resolveIndex(this.conn, p.dev, `${field}.dev`);
    const via = p.via === undefined ? undefined : resolveIndex(this.conn, p.via, `${field}.via`);
    return neighbourMessage(p, ifindex, via);
  }
}

/** An FDB entry of the master's (bridge's) table: the kernel reports those with NDA_MASTER and without NTF_SELF (not with NTF_MASTER). */
function isMasterEntry(n: Neighbour): boolean {
  return n.master !== undefined && !n.flags.includes("self");
}

/** An IP address in the form the codec decodes it to ("2001:DB8::01" -> "2001:db8::1"). */
function canonicalIP(text: string): string {
  const { bytes } = parseIP(text);
  return formatIP(bytes, 0, bytes.length);
}

/** The RTM_DELNEIGH message that removes a listed entry. */
function deleteMessage(n: Neighbour): NeighMessage {
  const family = typeof n.family === "number" ? n.family : familyNumber(n.family);
  const attrs: NeighAttrs = {};
  const flagBits = NTF_FLAGS.value(n.flags, "flags");
  if (family === AF_BRIDGE) {
    if (n.lladdr !== undefined) attrs.lladdr = n.lladdr;
    if (n.dst !== undefined) attrs.dst = n.dst;
    if (n.vlan !== undefined) attrs.vlan = n.vlan;
    if (n.port !== undefined) attrs.port = n.port;
    if (n.vni !== undefined) attrs.vni = n.vni;
    if (n.srcVni !== undefined) attrs.srcVni = n.srcVni;
    if (n.via !== undefined) attrs.ifindex = n.via;
    return { family, ifindex: n.ifindex, state: [], flags: NTF_FLAGS.names(flagBits & NTF_SELF_MASTER), type: 0, attrs };
  }
  if (n.dst !== undefined) attrs.dst = n.dst;
  return { family, ifindex: n.ifindex, state: [], flags: NTF_FLAGS.names(flagBits & NTF_PROXY), type: 0, attrs };
}
