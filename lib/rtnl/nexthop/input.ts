/**
 * Output is valid input for nexthop objects: a `Nexthop` read from the
 * kernel (list/get/events) turned into the `NexthopSpec` that recreates
 * exactly it, so that `replace(listed)` rewrites it unchanged and
 * `add(listed)` makes it again. A Nexthop is told from a NexthopSpec by its
 * `flags` array (read-only: the kernel sets nexthop flags). The model's
 * spellings map to the spec's: `ifindex` -> `dev`, the "onlink" flag ->
 * `onlink`; `scope`, the other flags and the resilient group's
 * `unbalancedTime` (a running timer) are read-only and dropped.
 */
import type { Nexthop } from "./model.ts";
import type { NexthopSpec } from "./spec.ts";

/** Whether `v` is a Nexthop read from the kernel rather than a NexthopSpec. */
export function isNexthopObject(v: unknown): v is Nexthop {
  return v !== null && typeof v === "object" && Array.isArray((v as { flags?: unknown }).flags);
}

/** The NexthopSpec that recreates the nexthop `n` (a NexthopSpec passes through unchanged). */
export function nexthopSpecOf(n: NexthopSpec | Nexthop): NexthopSpec {
  if (!isNexthopObject(n)) return n;
  const s: NexthopSpec = { id: n.id };
  if (n.group !== undefined) {
    s.group = n.group.map((g) => ({ id: g.id, weight: g.weight }));
    if (n.groupType === "resilient") {
      s.groupType = "resilient";
      if (n.resilient !== undefined) {
        const { buckets, idleTimer, unbalancedTimer } = n.resilient;
        s.resilient = {};
        if (buckets !== undefined) s.resilient.buckets = buckets;
        if (idleTimer !== undefined) s.resilient.idleTimer = idleTimer;
        if (unbalancedTimer !== undefined) s.resilient.unbalancedTimer = unbalancedTimer;
      }
    }
  } else {
    if (n.family === "inet" || n.family === "inet6") s.family = n.family;
    if (n.gateway !== undefined) s.gateway = n.gateway;
    if (n.ifindex !== undefined) s.dev = n.ifindex;
    if (n.blackhole) s.blackhole = true;
    if (n.flags.includes("onlink")) s.onlink = true;
    if (n.encap !== undefined) s.encap = n.encap as NexthopSpec["encap"];
  }
  if (n.fdb) s.fdb = true;
  if (n.protocol !== "unspec" && n.protocol !== 0) s.protocol = n.protocol;
  return s;
}
