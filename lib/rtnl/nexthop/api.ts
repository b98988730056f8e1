/**
 * The typed nexthop-object API (RTM_GETNEXTHOP / RTM_NEWNEXTHOP /
 * RTM_DELNEXTHOP, struct nhmsg, linux/nexthop.h): list with kernel-side
 * filters, get, add, replace, delete. Routes refer to these objects with
 * `RouteSpec.nhid`. Input is validated before the first syscall; kernel
 * refusals surface as NetlinkError.
 *
 *   const nh = new NexthopApi(conn);
 *   nh.add({ id: 1, gateway: "192.0.2.2", dev: "eth0" });
 *   nh.add({ id: 2, gateway: "192.0.2.3", dev: "eth0" });
 *   nh.add({ id: 10, group: [{ id: 1 }, { id: 2, weight: 3 }] });
 *   new RouteApi(conn).add({ dst: "198.51.100.0/24", nhid: 10 });
 */
import { NLM_F_CREATE, NLM_F_ECHO, NLM_F_EXCL, NLM_F_REPLACE } from "../../../codecs/core/constants.ts";
import { AF_UNSPEC } from "../../../codecs/ip/index.ts";
import { nexthopCodec, nexthopRequestCodec, type NexthopMessage } from "../../../codecs/nexthop/message.ts";
import type { NexthopAttrs } from "../../../codecs/nexthop/attrs.ts";
import { RTM } from "../../../codecs/rtnetlink.ts";
import type { NetlinkConnection } from "../../conn/connection.ts";
import { resolveIndex } from "../shared/ifindex.ts";
import { checkBool, checkFamily, checkInt, checkKeys, checkLink, type RouteFamily } from "../shared/check.ts";
import { buildNexthopMessage, prepareNexthop, type NexthopSpec } from "./spec.ts";
import { toNexthop, type Nexthop } from "./model.ts";
import { nexthopSpecOf } from "./input.ts";
import { getBucket, listBuckets, type NexthopBucket, type NexthopBucketFilter } from "./bucket.ts";

export type { NexthopGroupMember, NexthopSpec, ResilientSpec } from "./spec.ts";
export type { Nexthop } from "./model.ts";
export type { NexthopBucket, NexthopBucketFilter } from "./bucket.ts";
/** The decoded RTM_NEWNEXTHOP message and its attributes, for message-level callers (`sendUnchecked`; codecs/nexthop). */
export type { NexthopAttrs, NexthopMessage };
/** Route protocol names (RTPROT_*), which nexthops share with routes. */
export { RTPROT } from "../../../codecs/route/tables.ts";

/** Selectors of `list`; they go to the kernel (nh_valid_dump_req), which applies all but `fdb`. */
export interface NexthopFilter {
  family?: RouteFamily;
  /** Nexthops using this link (NHA_OIF). */
  dev?: string | number;
  /** Only groups (NHA_GROUPS). */
  groups?: boolean;
  /** Nexthops on links enslaved to this master (NHA_MASTER). */
  master?: string | number;
  /** Only FDB nexthops (NHA_FDB). */
  fdb?: boolean;
}

/** Nexthop objects of the namespace a connection talks to. */
export class NexthopApi {
  constructor(readonly conn: NetlinkConnection) {}

  /**
   * Nexthop objects matching `filter` (all of them by default). The
   * selectors go to the kernel; what it does not apply is filtered here
   * too (no kernel applies NHA_FDB: `{ fdb: true }` would list every
   * nexthop), so the result always matches the filter.
   */
  list(filter: NexthopFilter = {}): Nexthop[] {
    const q = this.query(filter);
    const out: Nexthop[] = [];
    for (const m of this.conn.dump(RTM.GETNEXTHOP, nexthopRequestCodec, q.req, nexthopCodec)) {
      // Fallback for kernels that ignore the request's selectors.
      if (q.family !== AF_UNSPEC && m.family !== q.family) continue;
      if (q.oif !== undefined && m.attrs.oif !== q.oif) continue;
      if (q.groups && m.attrs.group === undefined) continue;
      if (q.fdb && !m.attrs.fdb) continue;
      out.push(toNexthop(m));
    }
    return out;
  }

  /**
   * The nexthops the kernel sends for `filter`'s selectors, in its order
   * and without `list`'s own filtering: what `ip nexthop show` prints (so
   * `{ fdb: true }` gives every nexthop, as the kernel ignores NHA_FDB).
   */
  listAsSent(filter: NexthopFilter = {}): Nexthop[] {
    return this.conn.dump(RTM.GETNEXTHOP, nexthopRequestCodec, this.query(filter).req, nexthopCodec).map(toNexthop);
  }

  /** `filter` checked (TypeError/RangeError naming the field), its links resolved, and the dump request. */
  private query(filter: NexthopFilter): { req: NexthopMessage; family: number; oif: number | undefined; groups: boolean; fdb: boolean } {
    const f = checkKeys(filter, ["family", "dev", "groups", "master", "fdb"], "filter") as NexthopFilter;
    const family = f.family === undefined ? AF_UNSPEC : checkFamily(f.family, "filter.family");
    const dev = f.dev === undefined ? undefined : checkLink(f.dev, "filter.dev");
    const master = f.master === undefined ? undefined : checkLink(f.master, "filter.master");
    const groups = f.groups === undefined ? false : checkBool(f.groups, "filter.groups");
    const fdb = f.fdb === undefined ? false : checkBool(f.fdb, "filter.fdb");
    const attrs: NexthopAttrs = {};
    const oif = dev === undefined ? undefined : resolveIndex(this.conn, dev, "filter.dev");
    const masterIndex = master === undefined ? undefined : resolveIndex(this.conn, master, "filter.master");
    if (oif !== undefined) attrs.oif = oif;
    if (groups) attrs.groups = true;
    if (masterIndex !== undefined) attrs.master = masterIndex;
    if (fdb) attrs.fdb = true;
    return { req: { family, scope: 0, protocol: 0, resvd: 0, flags: [], attrs }, family, oif, groups, fdb };
  }

  /** One nexthop object by id; NetlinkError ENOENT when there is none. */
  get(id: number): Nexthop {
    const n = checkInt(id, 1, 0xffffffff, "id");
    const m = this.conn.get(RTM.GETNEXTHOP, nexthopRequestCodec, idMessage(n), nexthopCodec);
    return toNexthop(m);
  }

  /** The buckets of resilient groups that `filter` selects (`ip nexthop bucket list`; lib/rtnl/nexthop/bucket.ts). */
  buckets(filter: NexthopBucketFilter = {}): NexthopBucket[] {
    return listBuckets(this.conn, filter);
  }

  /** Bucket `index` of resilient group `id` (`ip nexthop bucket get id ID index INDEX`); `family` goes in the request's nhmsg, as ip -4/-6 puts it. */
  bucket(id: number, index: number, family?: RouteFamily): NexthopBucket {
    return getBucket(this.conn, id, index, family);
  }

  /**
   * Add a nexthop object and return it as the kernel made it (its echo,
   * NLM_F_ECHO, as `ip -echo nexthop add`); EEXIST when the id is taken.
   * A listed Nexthop is accepted (input.ts). With `{ echo: false }` the
   * request is `ip nexthop add`'s byte for byte and nothing is returned.
   */
  add(spec: NexthopSpec | Nexthop): Nexthop;
  add(spec: NexthopSpec | Nexthop, opts: { echo: false }): undefined;
  add(spec: NexthopSpec | Nexthop, opts: { echo?: boolean } = {}): Nexthop | undefined {
    return this.modify(NLM_F_CREATE | NLM_F_EXCL, spec, opts.echo !== false);
  }

  /**
   * Add or replace the nexthop object with this id (`ip nexthop replace`);
   * routes using it follow. A listed Nexthop given back unchanged changes
   * nothing.
   */
  replace(spec: NexthopSpec | Nexthop): void {
    this.modify(NLM_F_CREATE | NLM_F_REPLACE, spec, false);
  }

  /** Delete a nexthop object (`ip nexthop del id N`); routes using it go with it. */
  delete(id: number | Nexthop): void {
    const n = checkInt(id !== null && typeof id === "object" ? id.id : id, 1, 0xffffffff, "id");
    this.conn.ack(RTM.DELNEXTHOP, 0, nexthopRequestCodec, idMessage(n));
  }

  /**
   * Send an RTM_NEWNEXTHOP message built by the caller, without the spec's
   * checks: the kernel alone decides and its extended ACK says why it
   * refuses (the CLI's `ip nexthop add|replace|del`, which, like ip, leaves
   * those decisions to the kernel). `flags`: NLM_F_CREATE|NLM_F_EXCL for
   * add, NLM_F_CREATE|NLM_F_REPLACE for replace; `del` sends RTM_DELNEXTHOP.
   */
  sendUnchecked(flags: number, msg: NexthopMessage, del = false): void {
    this.conn.ack(del ? RTM.DELNEXTHOP : RTM.NEWNEXTHOP, flags, nexthopRequestCodec, msg);
  }

  private modify(flags: number, spec: NexthopSpec | Nexthop, echo: boolean): Nexthop | undefined {
    const p = prepareNexthop(nexthopSpecOf(spec));
    const msg = buildNexthopMessage(p, (link, field) => resolveIndex(this.conn, link, field));
    if (!echo) {
      this.conn.ack(RTM.NEWNEXTHOP, flags, nexthopRequestCodec, msg);
      return undefined;
    }
    const id = msg.attrs.id;
    const made = this.conn.echo(RTM.NEWNEXTHOP, flags | NLM_F_ECHO, nexthopRequestCodec, msg, nexthopCodec).find((m) => m.attrs.id === id);
    // a kernel that does not echo nexthop requests: read it back by its id
    return made === undefined ? this.get(id!) : toNexthop(made);
  }
}

function idMessage(id: number): NexthopMessage {
  return { family: AF_UNSPEC, scope: 0, protocol: 0, resvd: 0, flags: [], attrs: { id } };
}
