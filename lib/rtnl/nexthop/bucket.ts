/**
 * The buckets of resilient nexthop groups (RTM_GETNEXTHOPBUCKET, answered
 * with RTM_NEWNEXTHOPBUCKET: struct nhmsg + NHA_ID + the NHA_RES_BUCKET
 * nest, linux/nexthop.h), as `ip nexthop bucket list|get` reads them: a
 * resilient group of N buckets spreads its traffic over its members by
 * bucket, and each bucket says which member it points to and how long it
 * has been idle. The messages are the nexthop family's (codecs/nexthop).
 *
 *   const nh = new NexthopApi(conn);
 *   nh.add({ id: 10, group: [{ id: 1 }, { id: 2 }], groupType: "resilient", resilient: { buckets: 4 } });
 *   nh.buckets({ id: 10 });      // [{ id: 10, index: 0, idleTime: 0.02, nhid: 2, flags: [] }, ...]
 *   nh.bucket(10, 3);           // one bucket
 */
import { USER_HZ } from "../../../codecs/core/constants.ts";
import { AF_UNSPEC } from "../../../codecs/ip/index.ts";
import type { NexthopAttrs } from "../../../codecs/nexthop/attrs.ts";
import { nexthopCodec, nexthopRequestCodec, type NexthopMessage } from "../../../codecs/nexthop/message.ts";
import { RTM } from "../../../codecs/rtnetlink.ts";
import type { NetlinkConnection } from "../../conn/connection.ts";
import { checkFamily, checkInt, checkKeys, checkLink, type RouteFamily } from "../shared/check.ts";
import { resolveIndex } from "../shared/ifindex.ts";

/** One bucket of a resilient nexthop group, as `ip -j nexthop bucket` describes it. */
export interface NexthopBucket {
  /** The resilient group (NHA_ID). */
  id: number;
  /** The bucket's index in its group (NHA_RES_BUCKET_INDEX). */
  index?: number;
  /** Seconds since traffic last used the bucket (NHA_RES_BUCKET_IDLE_TIME, clock_t / USER_HZ). */
  idleTime?: number;
  /** The member nexthop the bucket points to (NHA_RES_BUCKET_NH_ID). */
  nhid?: number;
  /** RTNH_F_* names of the nhmsg (offload, trap...). */
  flags: string[];
}

/** Selectors of `buckets()`; the kernel filters on all of them (nh_valid_dump_bucket_req). */
export interface NexthopBucketFilter {
  family?: RouteFamily;
  /** Buckets of this resilient group only (NHA_ID). */
  id?: number;
  /** Buckets pointing to this member nexthop (NHA_RES_BUCKET_NH_ID). */
  nhid?: number;
  /** Buckets whose nexthop uses this link (NHA_OIF). */
  dev?: string | number;
  /** Buckets whose nexthop uses a link enslaved to this master (NHA_MASTER). */
  master?: string | number;
}

/** A NexthopBucket from a decoded RTM_NEWNEXTHOPBUCKET message. */
export function toNexthopBucket(m: NexthopMessage): NexthopBucket {
  const b: NexthopBucket = { id: m.attrs.id ?? 0, flags: m.flags };
  const r = m.attrs.resBucket;
  if (r?.index !== undefined) b.index = r.index;
  if (r?.idleTime !== undefined) b.idleTime = Number(r.idleTime) / USER_HZ;
  if (r?.nhId !== undefined) b.nhid = r.nhId;
  return b;
}

/** The buckets `filter` selects, in the kernel's order (group by group, by index). */
export function listBuckets(conn: NetlinkConnection, filter: NexthopBucketFilter = {}): NexthopBucket[] {
  const f = checkKeys(filter, ["family", "id", "nhid", "dev", "master"], "filter") as NexthopBucketFilter;
  const family = f.family === undefined ? AF_UNSPEC : checkFamily(f.family, "filter.family");
  const id = f.id === undefined ? undefined : checkInt(f.id, 1, 0xffffffff, "filter.id");
  const nhid = f.nhid === undefined ? undefined : checkInt(f.nhid, 1, 0xffffffff, "filter.nhid");
  const dev = f.dev === undefined ? undefined : checkLink(f.dev, "filter.dev");
  const master = f.master === undefined ? undefined : checkLink(f.master, "filter.master");
  // ip's order: NHA_OIF, NHA_MASTER, NHA_ID, NHA_RES_BUCKET { NH_ID } (nh_dump_bucket_filter)
  const attrs: NexthopAttrs = {};
  if (dev !== undefined) attrs.oif = resolveIndex(conn, dev, "filter.dev");
  if (master !== undefined) attrs.master = resolveIndex(conn, master, "filter.master");
  if (id !== undefined) attrs.id = id;
  if (nhid !== undefined) attrs.resBucket = { nhId: nhid };
  const msgs = conn.dump(RTM.GETNEXTHOPBUCKET, nexthopRequestCodec, { family, scope: 0, protocol: 0, resvd: 0, flags: [], attrs }, nexthopCodec);
  return msgs.map(toNexthopBucket);
}

/** Bucket `index` of resilient group `id`; NetlinkError (ENOENT, EINVAL...) when there is none. */
export function getBucket(conn: NetlinkConnection, id: number, index: number, family: RouteFamily | undefined = undefined): NexthopBucket {
  const group = checkInt(id, 1, 0xffffffff, "id");
  const i = checkInt(index, 0, 0xffff, "index");
  const fam = family === undefined ? AF_UNSPEC : checkFamily(family, "family");
  const msg: NexthopMessage = { family: fam, scope: 0, protocol: 0, resvd: 0, flags: [], attrs: { id: group, resBucket: { index: i } } };
  return toNexthopBucket(conn.get(RTM.GETNEXTHOPBUCKET, nexthopRequestCodec, msg, nexthopCodec));
}
