/**
 * Output is valid input for links: the `set` changes that turn the
 * kernel's current link into a listed (possibly edited) Link, which may
 * also carry any field `LinkApi.add` takes (LinkChange). Writable: name, up
 * (the "UP" flag, or `up`), mtu, address, master (absent: no master),
 * txqlen, group, alias (absent: none), kind options (`data`, compared with
 * the link's decoded IFLA_INFO_DATA), `netns` and the device settings
 * (promisc, addrGenMode... as given, see settings.ts). Fixed at creation, a
 * TypeError when they differ: kind, link (the parent), numTxQueues,
 * numRxQueues (the kernel ignores both on an existing link) and peer.
 * Everything else in a Link (operstate, statistics, the other flags) is
 * read-only here and ignored; `change(link)` sends only what differs, so an
 * unchanged listed link changes nothing.
 */
import type { LinkAddSpec, LinkSetSpec } from "./spec.ts";
import { SETTING_KEYS, type LinkSettings } from "./settings.ts";
import type { Link } from "./model.ts";

/** What `LinkApi.change` takes: a Link as listed (possibly edited), with any field of LinkAddSpec besides. */
export type LinkChange = Link & Partial<Pick<LinkAddSpec, "up" | "data" | "netns" | "numTxQueues" | "numRxQueues" | "peer">> & LinkSettings;

/** Builds `data` options into the decoded IFLA_INFO_DATA shape of the link's kind (validation included). */
export type KindDataBuilder = (data: unknown) => object | undefined;

/** Values equal as the kernel reports them (numbers and booleans 0/1 alike, arrays and objects by value). */
function same(a: unknown, b: unknown): boolean {
  if (typeof a === "boolean") a = a ? 1 : 0;
  if (typeof b === "boolean") b = b ? 1 : 0;
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  const ka = Object.keys(a), kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function fixed(field: string, want: unknown, now: unknown): TypeError {
  return new TypeError(`${field}: ${JSON.stringify(want)} differs from the link's ${JSON.stringify(now ?? null)}, and the kernel fixes it at creation (delete and add the link)`);
}

/** The changes that make `now` (the kernel's current link) look like `want`; {} when they already agree. */
export function linkChanges(now: Link, want: LinkChange, kindData: KindDataBuilder = () => undefined): LinkSetSpec {
  const c: LinkSetSpec = {};
  if (!Array.isArray(want.flags)) throw new TypeError("link.flags: expected the array of flag names a listed link has");
  if (want.kind !== undefined && want.kind !== now.kind) throw fixed("kind", want.kind, now.kind);
  if (want.link !== undefined && want.link !== now.link) throw fixed("link", want.link, now.link);
  if (want.numTxQueues !== undefined && want.numTxQueues !== now.attrs.numTxQueues) throw fixed("numTxQueues", want.numTxQueues, now.attrs.numTxQueues);
  if (want.numRxQueues !== undefined && want.numRxQueues !== now.attrs.numRxQueues) throw fixed("numRxQueues", want.numRxQueues, now.attrs.numRxQueues);
  if (want.peer !== undefined) throw new TypeError("peer: the veth peer is a link of its own; change it with change()/set() on it (in its namespace)");
  if (typeof want.name === "string" && want.name !== now.name) c.name = want.name;
  const up = want.up ?? want.flags.includes("UP");
  if (up !== now.flags.includes("UP")) c.up = up;
  if (want.mtu !== undefined && want.mtu !== now.mtu) c.mtu = want.mtu;
  if (want.address !== undefined && want.address !== now.address) c.address = want.address;
  if (want.master !== now.master) c.master = want.master ?? null;
  if (want.txqlen !== undefined && want.txqlen !== now.txqlen) c.txqlen = want.txqlen;
  if (want.group !== undefined && want.group !== now.group) c.group = want.group;
  if (want.alias !== now.alias) c.alias = want.alias ?? "";
  if (want.data !== undefined) {
    const built = kindData(want.data) as Record<string, unknown> | undefined;
    const have = (now.attrs.linkinfo?.data ?? {}) as Record<string, unknown>;
    if (built !== undefined && Object.keys(built).some((k) => !same(built[k], have[k]))) c.data = want.data;
  }
  if (want.netns !== undefined) c.netns = want.netns;
  // device settings (promisc, addrGenMode, xdp...): sent as given; a listed link's own broadcast only when edited
  for (const k of SETTING_KEYS) {
    if (want[k] === undefined || (k === "broadcast" && want.broadcast === now.broadcast)) continue;
    (c as Record<string, unknown>)[k] = want[k];
  }
  return c;
}
