/**
 * Reading links for `link show`, `address show` and name lookups: the
 * RTM_GETLINK requests ip 6.1 sends (family, IFLA_EXT_MASK with
 * RTEXT_FILTER_VF, plus SKIP_STATS without -s; kernel-side master and kind
 * filters), decoded with the library's link codec, and ip's ll_map-style
 * index -> name / flags cache that asks the kernel for links it has not
 * seen.
 */
import { linkMessage, type LinkMessage } from "../codecs/link/message.ts";
import { RTM } from "../codecs/rtnetlink.ts";
import type { Ctx } from "./context.ts";
import { isNetlinkError } from "./errors.ts";

const RTEXT_FILTER_VF = 1;
const RTEXT_FILTER_SKIP_STATS = 8;

/** Kernel-side filters of a link dump. */
export interface LinkDumpFilter {
  family?: number;
  master?: number;
  kind?: string;
}

function extMask(ctx: Ctx): number {
  return RTEXT_FILTER_VF | (ctx.opts.stats ? 0 : RTEXT_FILTER_SKIP_STATS);
}

/** Dump links as ip does (the kernel filters master/kind under strict checking). */
export function dumpLinks(ctx: Ctx, f: LinkDumpFilter = {}): LinkMessage[] {
  const family = f.family ?? 0;
  // The IPv6 layer answers AF_INET6 link dumps itself and, under strict checking, refuses any attribute.
  const attrs: Record<string, unknown> = family === 10 ? {} : { extMask: extMask(ctx) };
  if (f.master !== undefined) attrs.master = f.master;
  if (f.kind !== undefined) attrs.linkinfo = { kind: f.kind };
  return ctx.conn.dump(RTM.GETLINK, linkMessage, { family, type: 0, index: 0, flags: [], change: 0, attrs } as LinkMessage);
}

/** One link by index or name (RTM_GETLINK); undefined when the kernel says ENODEV. */
export function getLink(ctx: Ctx, ref: number | string, family = 0): LinkMessage | undefined {
  const attrs: Record<string, unknown> = family === 10 ? {} : { extMask: extMask(ctx) };
  if (typeof ref === "string") attrs.ifname = ref;
  try {
    return ctx.conn.get(RTM.GETLINK, linkMessage, {
      family, type: 0, index: typeof ref === "number" ? ref : 0, flags: [], change: 0, attrs,
    } as LinkMessage);
  } catch (e) {
    if (isNetlinkError(e) && (e.code === "ENODEV" || e.code === "EINVAL" || e.code === "ERANGE")) return undefined;
    throw e;
  }
}
