/**
 * ip's ll_map: link index <-> name (and whether it is up, for M-DOWN),
 * filled from dumps the caller already made and completed by single
 * RTM_GETLINK requests. It reads only the ifinfomsg and IFLA_IFNAME of the
 * answers, so commands that need link names (route, neighbour, rule...)
 * do not load the whole link codec.
 */
import type { LinkMessage } from "../lib/rtnl/link/api.ts";
import { lookupLink } from "../lib/rtnl/shared/link-ref.ts";
import type { Ctx } from "./context.ts";

interface Entry {
  name: string;
  up: boolean;
}

export class LinkNames {
  private readonly byIndex = new Map<number, Entry | null>();
  private readonly byName = new Map<string, number>();
  /** Bumped whenever a name may map to another index than before (callers that keep an index compare it). */
  version = 0;

  constructor(private readonly ctx: Ctx) {}

  /** Remember links already read. */
  remember(links: Iterable<LinkMessage>): void {
    for (const l of links) {
      const name = l.attrs.ifname;
      if (name === undefined) continue;
      this.byIndex.set(l.index, { name, up: l.flags.includes("UP") });
      this.byName.set(name, l.index);
      this.version++;
    }
  }

  /** Forget one link (after it was deleted). */
  forget(index: number): void {
    const e = this.byIndex.get(index);
    if (e) this.byName.delete(e.name);
    this.version++;
    this.byIndex.delete(index);
  }

  /** Forget everything (after changes). */
  clear(): void {
    this.byIndex.clear();
    this.byName.clear();
    this.version++;
  }

  /** One RTM_GETLINK by index or name (lib's lookupLink, on the lookup connection); null when there is no such link. */
  private ask(ref: number | string): { index: number; entry: Entry } | null {
    const r = lookupLink(this.ctx.lookupConn, ref);
    return r === null ? null : { index: r.index, entry: { name: r.name, up: r.up } };
  }

  private lookup(index: number): Entry | null {
    let e = this.byIndex.get(index);
    if (e === undefined) {
      const r = this.ask(index);
      e = r ? r.entry : null;
      this.byIndex.set(index, e);
      if (e) this.byName.set(e.name, index);
      this.version++;
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

  /** Index of a link name (ip's ll_name_to_index): 0 when there is no such link; "ifN" names an index. */
  indexOf(name: string): number {
    const cached = this.byName.get(name);
    if (cached !== undefined) return cached;
    if (name.length === 0) return 0;
    // ll_name_to_index: ll_link_get (by name, or altname), then if_nametoindex (SIOCGIFINDEX cuts "eth0:1" at
    // the colon, names of 16 bytes or more fail), then "if<N>"
    let r = this.ask(name);
    const colon = name.indexOf(":");
    if (!r && colon > 0 && Buffer.byteLength(name) < 16) r = this.ask(name.slice(0, colon));
    if (!r) return ifIndexWord(name);
    this.byIndex.set(r.index, r.entry);
    this.byName.set(r.entry.name, r.index);
    this.version++;
    return r.index;
  }
}

/** ip accepts "if<N>" for a link index that has no name lookup. */
function ifIndexWord(name: string): number {
  const m = /^if(\d+)$/.exec(name);
  return m ? Number(m[1]) : 0;
}
