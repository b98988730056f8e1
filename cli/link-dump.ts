/**
 * Reading links for `link show`, `address show` and name lookups: the
 * RTM_GETLINK requests ip 6.1 sends (family, IFLA_EXT_MASK with
 * RTEXT_FILTER_VF, plus SKIP_STATS without -s; kernel-side master and kind
 * filters), decoded with the library's link codec, and ip's ll_map-style
 * index -> name / flags cache that asks the kernel for links it has not
 * seen. It uses the link reads of lib/rtnl/link/query.ts, not the
 * LinkApi, whose add/set code a listing does not need.
 */
import type { LinkMessage } from "../codecs/link/message.ts";
import { dumpLinkMessages, getLinkMessage } from "../lib/rtnl/link/query.ts";
import type { Ctx } from "./context.ts";
import { isNetlinkError } from "./errors.ts";

const RTEXT_FILTER_VF = 1;
const AF_PACKET = 17;
const RTEXT_FILTER_SKIP_STATS = 8;

/** Kernel-side filters of a link dump. */
export interface LinkDumpFilter {
  family?: number;
  /** IFLA_MASTER: only slaves of this link; -1 (ip's nomaster): only links without a master. */
  master?: number;
  kind?: string;
}

/** IFLA_EXT_MASK as ip sends it; none for AF_INET6, whose dump refuses any attribute under strict checking. */
function extMask(ctx: Ctx, family: number): number | undefined {
  return family === 10 ? undefined : RTEXT_FILTER_VF | (ctx.opts.stats ? 0 : RTEXT_FILTER_SKIP_STATS);
}

/**
 * Dump links as ip does (the kernel filters master/kind under strict
 * checking), as LinkApi.dumpMessages does. ip (rtnl_linkdump_req_filter_fn)
 * sends the filter attributes only for AF_UNSPEC and AF_PACKET: a -4/-6
 * dump carries none, so nothing is filtered there. IFLA_MASTER -1, which
 * the kernel takes as "no master", is applied here on the answer (the
 * library's query takes link indexes only).
 */
export function dumpLinks(ctx: Ctx, f: LinkDumpFilter = {}): LinkMessage[] {
  const family = f.family ?? 0;
  if (family !== 0 && family !== AF_PACKET) return dumpLinkMessages(ctx.conn, { family });
  const master = f.master !== undefined && f.master > 0 ? f.master : undefined;
  const links = dumpLinkMessages(ctx.conn, { family, extMask: extMask(ctx, family), master, kind: f.kind });
  return f.master === -1 ? links.filter((l) => l.attrs.master === undefined) : links;
}

/** One link by index or name (RTM_GETLINK); undefined when the kernel says ENODEV. */
export function getLink(ctx: Ctx, ref: number | string, family = 0): LinkMessage | undefined {
  try {
    return getLinkMessage(ctx.conn, ref, { family, extMask: extMask(ctx, family) });
  } catch (e) {
    if (isNetlinkError(e) && (e.code === "ENODEV" || e.code === "EINVAL" || e.code === "ERANGE")) return undefined;
    throw e;
  }
}
