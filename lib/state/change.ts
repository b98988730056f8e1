/**
 * A planned change and its one-line text (what `state plan` and
 * `state apply` print), plus the change that undoes it.
 */
import { canonPrefix, routeFamily, tableNum } from "./keys.ts";
import type { AddressState, Item, LinkState, NeighbourState, NexthopState, RouteState, RuleState, Section, SysctlState } from "./types.ts";

/** What a change does to its object. `replace` deletes it and creates it anew (a kernel key or kind changes). */
export type ChangeAction = "create" | "change" | "replace" | "delete";

/** One step of a plan. */
export interface Change {
  action: ChangeAction;
  section: Section;
  /** The object as the document wants it (create, change, replace). */
  want?: Item;
  /** The object as it is now (change, replace, delete). */
  have?: Item;
  /** change: the fields that differ. */
  fields?: string[];
  /** veth pairs: the other end, as wanted (create, replace) or as it is (delete, replace). */
  peerWant?: LinkState;
  peerHave?: LinkState;
  /**
   * Link changes that move a port: the MAC addresses of the masters
   * involved before the change. A bridge without an address of its own
   * takes its ports' (and all zeros with none), so an undo sets them back.
   */
  masterMacs?: Array<{ name: string; address: string }>;
  /** Link deletions: the link's (and its veth peer's) sysctls, written back when the deletion is undone. */
  linkSysctls?: Record<string, string>;
  /** Why a change that sets a value the object already has is needed (printed instead of "old -> new"). */
  note?: string;
  /** Set on the inverse of a change (an undo step). */
  undo?: boolean;
}

/** The change that undoes `c` (applied in reverse order when a later change fails). */
export function inverse(c: Change): Change {
  const out: Change = { action: c.action === "create" ? "delete" : c.action === "delete" ? "create" : c.action, section: c.section, undo: true };
  if (c.masterMacs !== undefined) out.masterMacs = c.masterMacs;
  if (c.linkSysctls !== undefined) out.linkSysctls = c.linkSysctls;
  if (c.have !== undefined) out.want = c.have;
  if (c.want !== undefined) out.have = c.want;
  if (c.fields !== undefined) out.fields = c.fields;
  if (c.peerHave !== undefined) out.peerWant = c.peerHave;
  if (c.peerWant !== undefined) out.peerHave = c.peerWant;
  return out;
}

/** A short ip-like name of an item: "link v0", "address 192.0.2.1/24 dev v0", "route 198.51.100.0/24 table 1000". */
export function itemName(section: Section, it: Item): string {
  switch (section) {
    case "links": return `link ${(it as LinkState).name}`;
    case "addresses": { const a = it as AddressState; return `address ${canonPrefix(a.address)} dev ${a.dev}`; }
    case "routes": {
      const r = it as RouteState;
      const t = tableNum(r.table);
      const fam = routeFamily(r);
      let s = `route ${r.dst === "default" ? (fam === 6 ? "default (IPv6)" : "default") : canonPrefix(r.dst)}`;
      if (r.from !== undefined) s += ` from ${canonPrefix(r.from)}`;
      if (r.tos) s += ` tos ${r.tos}`;
      if (t !== 254) s += ` table ${t}`;
      if (r.metric !== undefined) s += ` metric ${r.metric}`;
      // IPv6 routes of one prefix and metric on two devices are two routes (keys.ts ipv6RouteSlot).
      if (fam === 6 && r.dev !== undefined && r.gateway === undefined && r.multipath === undefined && r.nhid === undefined && (r.type ?? "unicast") === "unicast") s += ` dev ${r.dev}`;
      return s;
    }
    case "nexthops": return `nexthop ${(it as NexthopState).id}`;
    case "neighbours": { const n = it as NeighbourState; return `neighbour ${n.dst} dev ${n.dev}${n.proxy ? " proxy" : ""}`; }
    case "rules": { const r = it as RuleState; return `rule ${r.family === 6 ? "-6 " : ""}priority ${r.priority}`; }
    case "sysctls": return `sysctl ${(it as SysctlState).key}`;
  }
}

const show = (v: unknown): string => (v === undefined || v === "" ? "(none)" : v === null ? "none" : typeof v === "string" ? v : JSON.stringify(v));

function detail(c: Change): string {
  const w = c.want as Record<string, unknown> | undefined, h = c.have as Record<string, unknown> | undefined;
  if (c.section === "sysctls") return c.action === "change" ? ` ${show(h?.value)} -> ${show(w?.value)}` : ` = ${show(w?.value)}`;
  if (c.action === "change" || c.action === "replace") {
    const fs = c.fields ?? [];
    if (c.note !== undefined) return `: ${fs.map((f) => `${f} ${show(w?.[f])}`).join(", ")} ${c.note}`;
    return fs.length === 0 ? "" : ": " + fs.map((f) => `${f} ${show(h?.[f])} -> ${show(w?.[f])}`).join(", ");
  }
  if (c.section === "links" && c.action === "create") {
    const l = c.want as LinkState;
    return ` (${l.kind ?? "?"}${l.peer === undefined ? "" : `, peer ${l.peer}`}${l.master ? `, master ${l.master}` : ""})`;
  }
  if (c.section === "links" && c.action === "delete" && c.peerHave !== undefined) return ` (and its veth peer ${c.peerHave.name})`;
  return "";
}

/** One line for a change: "create link v0 (veth, peer v1)", "change link v0: mtu 1500 -> 9000". */
export function describeChange(c: Change): string {
  const it = (c.want ?? c.have)!;
  return `${c.action} ${itemName(c.section, it)}${detail(c)}`;
}
