/**
 * Output is valid input for links: the `set` changes that turn the
 * kernel's current link into a listed (possibly edited) Link. Writable
 * fields: name, up (the "UP" flag), mtu, address, master (absent: no
 * master), txqlen, group, alias (absent: none). Everything else in a Link
 * (operstate, statistics, kind data, the other flags) is read-only here and
 * ignored; `change(link)` sends only what differs, so an unchanged listed
 * link changes nothing.
 */
import type { LinkSetSpec } from "./spec.ts";
import type { Link } from "./model.ts";

/** The changes that make `now` (the kernel's current link) look like `want`; {} when they already agree. */
export function linkChanges(now: Link, want: Link): LinkSetSpec {
  const c: LinkSetSpec = {};
  if (!Array.isArray(want.flags)) throw new TypeError("link.flags: expected the array of flag names a listed link has");
  if (typeof want.name === "string" && want.name !== now.name) c.name = want.name;
  const up = want.flags.includes("UP");
  if (up !== now.flags.includes("UP")) c.up = up;
  if (want.mtu !== undefined && want.mtu !== now.mtu) c.mtu = want.mtu;
  if (want.address !== undefined && want.address !== now.address) c.address = want.address;
  if (want.master !== now.master) c.master = want.master ?? null;
  if (want.txqlen !== undefined && want.txqlen !== now.txqlen) c.txqlen = want.txqlen;
  if (want.group !== undefined && want.group !== now.group) c.group = want.group;
  if (want.alias !== now.alias) c.alias = want.alias ?? "";
  return c;
}
