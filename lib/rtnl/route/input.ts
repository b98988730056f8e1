/**
 * Output is valid input: a `Route` read from the kernel (list/get/events)
 * turned into the `RouteSpec` that names exactly that route, so that
 * `delete(route)` deletes it and `replace(route)` rewrites it unchanged.
 *
 * A Route is told from a RouteSpec by its `flags` array (read-only: the
 * kernel sets route flags). The model's spellings map to the spec's:
 * `ifindex` stays `ifindex`, `prefsrc` -> `src`, `via: { family, address }` -> `via`,
 * the "onlink" flag -> `onlink`; the other flags, and `mark`/`uid` (which only
 * lookups report), are read-only and dropped. An MPLS route keeps its label
 * (`dst`), outgoing stack (`newdst`), next hop and link. For a route using a nexthop
 * object (`nhid`), the gateway and link the kernel adds to its dump belong
 * to the nexthop object and are dropped too (the kernel refuses both at once).
 */
import type { RouteSpec, RoutePathSpec } from "./spec.ts";
import type { Route, RoutePath } from "./model.ts";

/** Whether `v` is a Route read from the kernel rather than a RouteSpec. */
export function isRouteObject(v: unknown): v is Route {
  return v !== null && typeof v === "object" && Array.isArray((v as { flags?: unknown }).flags);
}

/** The RouteSpec selecting exactly the route `r` (a RouteSpec passes through unchanged). */
export function routeSpecOf(r: RouteSpec | Route): RouteSpec {
  if (!isRouteObject(r)) return r;
  if (r.family === "mpls") return mplsSpecOf(r);
  const s: RouteSpec = { dst: r.dst, family: r.family as RouteSpec["family"], type: r.type, table: r.table as RouteSpec["table"], protocol: r.protocol, scope: r.scope, tos: r.tos };
  if (r.from !== undefined) s.from = r.from;
  if (r.metric !== undefined) s.metric = r.metric;
  if (r.nhid !== undefined) s.nhid = r.nhid;
  else {
    if (r.gateway !== undefined) s.gateway = r.gateway;
    if (r.via !== undefined) s.via = r.via.address;
    if (r.ifindex !== undefined) s.ifindex = r.ifindex;
    if (r.multipath !== undefined) s.multipath = r.multipath.map(pathSpecOf);
    if (r.encap !== undefined) s.encap = r.encap as RouteSpec["encap"];
  }
  if (r.flags.includes("onlink") && r.multipath === undefined) s.onlink = true;
  if (r.iif !== undefined) s.iif = r.iif;
  if (r.prefsrc !== undefined) s.src = r.prefsrc;
  if (r.metrics !== undefined) s.metrics = r.metrics;
  if (typeof r.pref === "string" && r.family === "inet6") s.pref = r.pref as RouteSpec["pref"];
  if (r.expires !== undefined) s.expires = r.expires;
  if (r.realms !== undefined) s.realms = r.realms;
  return s;
}

/** An MPLS route's spec: label, outgoing stack, next hop and link (the keys an MPLS RouteSpec has). */
function mplsSpecOf(r: Route): RouteSpec {
  const s: RouteSpec = { family: "mpls", dst: r.dst, type: r.type, table: r.table as RouteSpec["table"], protocol: r.protocol };
  if (r.newdst !== undefined) s.newdst = r.newdst;
  if (r.via !== undefined) s.via = r.via.address;
  if (r.ifindex !== undefined) s.ifindex = r.ifindex;
  if (r.multipath !== undefined) s.multipath = r.multipath.map(pathSpecOf);
  return s;
}

function pathSpecOf(p: RoutePath): RoutePathSpec {
  const s: RoutePathSpec = { weight: p.weight };
  if (p.newdst !== undefined) s.newdst = p.newdst;
  if (p.gateway !== undefined) s.gateway = p.gateway;
  if (p.via !== undefined) s.via = p.via.address;
  if (p.ifindex !== undefined) s.ifindex = p.ifindex;
  if (p.flags.includes("onlink")) s.onlink = true;
  if (p.encap !== undefined) s.encap = p.encap as RoutePathSpec["encap"];
  if (p.realms !== undefined) s.realms = p.realms;
  return s;
}
