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

/** ip's ll_map: index -> name and flags, filled from dumps and completed by RTM_GETLINK. */
export class LinkNames {
  private readonly byIndex = new Map<number, { name: string; up: boolean } | null>();
  private readonly byName = new Map<string, number>();

  constructor(private readonly ctx: Ctx) {}

  /** Remember links already read. */
  remember(links: Iterable<LinkMessage>): void {
    for (const l of links) {
      const name = l.attrs.ifname;
      if (name === undefined) continue;
      this.byIndex.set(l.index, { name, up: l.flags.includes("UP") });
      this.byName.set(name, l.index);
    }
  }

  /** Forget one link (after it was deleted). */
  forget(index: number): void {
    const e = this.byIndex.get(index);
    if (e) this.byName.delete(e.name);
    this.byIndex.delete(index);
  }

  /** Forget everything (after changes). */
  clear(): void {
    this.byIndex.clear();
    this.byName.clear();
  }

  private lookup(index: number): { name: string; up: boolean } | null {
    let e = this.byIndex.get(index);
    if (e === undefined) {
      const l = getLink(this.ctx, index);
      e = l?.attrs.ifname !== undefined ? { name: l.attrs.ifname, up: l.flags.includes("UP") } : null;
      this.byIndex.set(index, e);
      if (e) this.byName.set(e.name, index);
    }
    return e;
  }

  /** Name of a link, or "if<N>" when it does not exist (ip's ll_index_to_name). */
  nameOf(index: number): string {
    return this.lookup(index)?.name ?? `if${index}`;
  }

  /** True when the link is up; false when unknown. */
  upOf(index: number): boolean {
    return this.lookup(index)?.up ?? false;
  }

  /** Index of a link name (ip's ll_name_to_index): 0 when there is no such link; "ifN" and numbers are not special. */
  indexOf(name: string): number {
    const cached = this.byName.get(name);
    if (cached !== undefined) return cached;
    if (name.length === 0 || name.length > 15 || /[\/\s:]/.test(name)) return ifIndexWord(name);
    const l = getLink(this.ctx, name);
    if (!l) return ifIndexWord(name);
    this.remember([l]);
    return l.index;
  }
}

/** ip accepts "if<N>" for a link index that has no name lookup. */
function ifIndexWord(name: string): number {
  const m = /^if(\d+)$/.exec(name);
  return m ? Number(m[1]) : 0;
}
