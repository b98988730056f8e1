/**
 * The shapes the typed API takes for document items (LinkState ->
 * LinkAddSpec, RouteState -> RouteSpec, ...), and the one request each
 * pipelinable change (an address or route created, changed or deleted)
 * becomes. Shared by the one-at-a-time writer and the pipelined runs, so
 * that both send the same bytes.
 */
import type { LinkAddSpec, LinkSetSpec } from "../rtnl/link/api.ts";
import type { RouteApi, RouteSpec } from "../rtnl/route/api.ts";
import type { NexthopSpec } from "../rtnl/nexthop/api.ts";
import type { RuleSpec } from "../rtnl/rule/api.ts";
import type { AddressApi, AddressOptions } from "../rtnl/address/api.ts";
import type { Change } from "./change.ts";
import { routeFamily } from "./keys.ts";
import type { AddressState, LinkState, NexthopState, RouteState, RuleState } from "./types.ts";

/** Resolve a link name to its index (a pipelined run resolves each name once); identity by default. */
export type LinkRef = (name: string) => string | number;
const byName: LinkRef = (n) => n;

/** `o` without its undefined fields. */
export const def = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** LinkApi.add spec of a link (and its veth peer). */
export function addSpec(l: LinkState, peer?: LinkState): LinkAddSpec {
  const s = def({
    name: l.name, kind: l.kind!, mtu: l.mtu, address: l.address, txqlen: l.txqlen, group: l.group,
    master: l.master ?? undefined, up: l.up, alias: l.alias, link: l.link, data: l.data as LinkAddSpec["data"],
  }) as LinkAddSpec;
  if (peer !== undefined) s.peer = def({ name: peer.name, mtu: peer.mtu, address: peer.address });
  return s;
}

/** What `set` changes on a link after creation (the veth peer end's settings). */
export function peerSet(p: LinkState): LinkSetSpec {
  return def({ up: p.up, alias: p.alias, master: p.master ?? undefined, txqlen: p.txqlen, group: p.group });
}

/** AddressApi options of an address. */
export function addrOpts(a: AddressState): AddressOptions {
  return def({ peer: a.peer, broadcast: a.broadcast, label: a.label, scope: a.scope, flags: a.flags, metric: a.metric });
}

/** RouteApi spec of a route; `ref` turns link names into indexes. */
export function routeSpec(r: RouteState, ref: LinkRef = byName): RouteSpec {
  const dev = r.dev === undefined ? undefined : ref(r.dev);
  const s = def({
    dst: r.dst, family: r.family, table: r.table as RouteSpec["table"], type: r.type, gateway: r.gateway, dev, metric: r.metric,
    protocol: r.protocol, scope: r.scope, src: r.src, from: r.from, tos: r.tos, onlink: r.onlink, nhid: r.nhid,
  }) as RouteSpec;
  if (r.multipath !== undefined) s.multipath = r.multipath.map((p) => def({ gateway: p.gateway, dev: p.dev === undefined ? undefined : ref(p.dev), weight: p.weight, onlink: p.onlink }));
  return s;
}

/**
 * Add a route. IPv6 with NLM_F_APPEND rather than NLM_F_EXCL: the kernel
 * keeps IPv6 routes of one prefix and metric on other devices (or through
 * other nexthop objects) apart, and EXCL refuses any second one.
 */
export function addRoute(routes: RouteApi, r: RouteState, ref: LinkRef = byName): void {
  if (routeFamily(r) === 6) routes.append(routeSpec(r, ref));
  else routes.add(routeSpec(r, ref), { echo: false });
}

/** NexthopApi spec of a nexthop. */
export function nexthopSpec(n: NexthopState): NexthopSpec {
  return def({ id: n.id, family: n.family, gateway: n.gateway, dev: n.dev, blackhole: n.blackhole, onlink: n.onlink, fdb: n.fdb, group: n.group, protocol: n.protocol });
}

/** RuleApi spec of a rule. */
export function ruleSpec(r: RuleState): RuleSpec {
  return def({ ...r, table: r.table as RuleSpec["table"] });
}

/** True for a change that is exactly one request (and can go in a pipelined window). */
export function pipelinable(c: Change): boolean {
  return (c.section === "addresses" || c.section === "routes") && (c.action === "create" || c.action === "delete" || c.action === "change");
}

/** Make a pipelinable address change through `api` (one request). */
export function addressOp(api: AddressApi, c: Change, ref: LinkRef = byName): void {
  const w = c.want as AddressState | undefined, h = c.have as AddressState | undefined;
  if (c.action === "create") return void api.add(ref(w!.dev), w!.address, addrOpts(w!), { echo: false });
  if (c.action === "delete") return api.delete(ref(h!.dev), h!.address);
  return api.replace(ref(w!.dev), w!.address, addrOpts(w!));
}

/** Make a pipelinable route change through `api` (one request). */
export function routeOp(api: RouteApi, c: Change, ref: LinkRef = byName): void {
  const w = c.want as RouteState | undefined, h = c.have as RouteState | undefined;
  if (c.action === "create") return addRoute(api, w!, ref);
  if (c.action === "delete") return api.delete(routeSpec(h!, ref));
  return api.replace(routeSpec(w!, ref));
}
