/**
 * Gateways, default device routes and static routes of a sandbox (osl
 * route_linux.go). A gateway is programmed as a default route via the
 * interface that has a direct route to it (found with RTM_GETROUTE); a
 * static route goes via the interface the next hop is reached through.
 */
import { canonicalAddress, canonicalIP, isUnspecified, type Family } from "./cidr.ts";
import { lookup } from "./interfaces.ts";
import type { SandboxState } from "./state.ts";
import type { StaticRoute } from "./types.ts";

/** Parse a gateway argument: undefined/"" mean "no gateway" (osl silently returns). */
function gatewayArg(gw: unknown, family: Family, field: string): string | undefined {
  if (gw === undefined || gw === null || gw === "") return undefined;
  return canonicalIP(gw, field, family).ip;
}

/** osl programGateway: add or delete the default route via `gw` on the link with a direct route to it. */
function programGateway(st: SandboxState, gw: string, family: Family, add: boolean): void {
  let routes;
  try {
    routes = st.nl.routeGet(gw);
  } catch (e) {
    throw new Error(`route for the gateway ${gw} could not be found: ${(e as Error).message}`, { cause: e });
  }
  const direct = routes.find((r) => r.gateway === undefined && r.oif !== undefined);
  if (!direct) throw new Error(`direct route for the gateway ${gw} could not be found`);
  // Like osl (a route with no destination): RTA_DST absent, family from the gateway.
  const spec = { dst: "default", gateway: gw, oif: direct.oif!, scope: "universe" as const };
  if (add) st.nl.addRoute(spec);
  else st.nl.deleteRoute(spec);
}

/** osl SetGateway / SetGatewayIPv6. */
export function setGateway(st: SandboxState, gw: unknown, family: Family): void {
  const ip = gatewayArg(gw, family, family === 4 ? "gw" : "gw6");
  if (ip === undefined) return;
  programGateway(st, ip, family, true);
  if (family === 4) st.gw = ip;
  else st.gw6 = ip;
}

/** osl UnsetGateway / UnsetGatewayIPv6: no-op when none is set. */
export function unsetGateway(st: SandboxState, family: Family): void {
  const ip = family === 4 ? st.gw : st.gw6;
  if (ip === undefined) return;
  programGateway(st, ip, family, false);
  if (family === 4) st.gw = undefined;
  else st.gw6 = undefined;
}

function defaultRouteOf(st: SandboxState, srcName: string, family: Family) {
  const i = lookup(st, srcName);
  const dst = i.routes.find((r) => isUnspecified(r) && (r.includes(":") ? 6 : 4) === family);
  if (dst === undefined) throw new Error("no default route");
  return { i, dst };
}

/**
 * osl SetDefaultRouteIPv4/IPv6: a connected default route through the
 * interface with `srcName`, which must carry a default destination in its
 * `routes` option.
 */
export function setDefaultRoute(st: SandboxState, srcName: unknown, family: Family): void {
  if (typeof srcName !== "string") throw new TypeError(`srcName: expected an interface srcName, got ${typeof srcName}`);
  try {
    const { i, dst } = defaultRouteOf(st, srcName, family);
    const link = st.nl.linkByName(i.dstName);
    st.nl.addRoute({ dst, oif: link.index, scope: "link" });
  } catch (e) {
    throw new Error(`setting IPv${family} default route to interface with srcName '${srcName}': ${(e as Error).message}`, { cause: e });
  }
  if (family === 4) st.defRoute4SrcName = srcName;
  else st.defRoute6SrcName = srcName;
}

/** osl UnsetDefaultRouteIPv4/IPv6: no-op when none was set or the interface is gone. */
export function unsetDefaultRoute(st: SandboxState, family: Family): void {
  const srcName = family === 4 ? st.defRoute4SrcName : st.defRoute6SrcName;
  if (srcName !== undefined && st.ifaces.some((r) => r.srcName === srcName)) {
    try {
      const { i, dst } = defaultRouteOf(st, srcName, family);
      st.nl.deleteRoute({ dst, oif: st.nl.linkByName(i.dstName).index, scope: "link" });
    } catch (e) {
      throw new Error(`removing IPv${family} default route to interface with srcName '${srcName}': ${(e as Error).message}`, { cause: e });
    }
  }
  if (family === 4) st.defRoute4SrcName = undefined;
  else st.defRoute6SrcName = undefined;
}

/**
 * Validate a static route: destination "addr/len" and next hop of the same
 * family. Host bits in the destination are kept: osl hands the prefix to
 * the kernel as given, and the kernel decides (IPv4 refuses it with
 * EINVAL "Invalid prefix for given prefix length"; IPv6 clears them).
 */
export function checkStaticRoute(r: unknown, field = "route"): StaticRoute {
  if (r === null || typeof r !== "object") throw new TypeError(`${field}: expected { destination, nextHop }, got ${r === null ? "null" : typeof r}`);
  const { destination, nextHop } = r as StaticRoute;
  const dst = canonicalAddress(destination, `${field}.destination`);
  const fam: Family = dst.includes(":") ? 6 : 4;
  const nh = canonicalIP(nextHop, `${field}.nextHop`).ip;
  if ((nh.includes(":") ? 6 : 4) !== fam) throw new TypeError(`${field}: nextHop ${nh} is not of the destination's family (IPv${fam})`);
  return { destination: dst, nextHop: nh };
}

/**
 * The link index through which `nh` is reached (osl uses the first route
 * of RTM_GETROUTE). Messages as osl's programRoute (`add`) and removeRoute,
 * which leaves the next hop out.
 */
function nextHopLink(st: SandboxState, nh: string, add: boolean): number {
  const what = add ? `route for the next hop ${nh} could not be found` : "route for the next hop could not be found";
  let routes;
  try {
    routes = st.nl.routeGet(nh);
  } catch (e) {
    throw new Error(`${what}: ${(e as Error).message}`, { cause: e });
  }
  const oif = routes[0]?.oif;
  if (oif === undefined) throw new Error(what);
  return oif;
}

/**
 * osl AddStaticRoute, with a conflict check first: a destination already
 * routed by another recorded static route is refused.
 */
export function addStaticRoute(st: SandboxState, route: unknown): void {
  const r = checkStaticRoute(route);
  const clash = st.staticRoutes.find((s) => s.destination === r.destination);
  if (clash) throw new Error(`static route ${r.destination} via ${r.nextHop} conflicts with existing static route ${clash.destination} via ${clash.nextHop}`);
  st.nl.addRoute({ dst: r.destination, gateway: r.nextHop, oif: nextHopLink(st, r.nextHop, true), scope: "universe" });
  st.staticRoutes.push(r);
}

/** osl RemoveStaticRoute: delete the kernel route, then forget the record (if any). */
export function removeStaticRoute(st: SandboxState, route: unknown): void {
  const r = checkStaticRoute(route);
  st.nl.deleteRoute({ dst: r.destination, gateway: r.nextHop, oif: nextHopLink(st, r.nextHop, false), scope: "universe" });
  st.staticRoutes = st.staticRoutes.filter((s) => !(s.destination === r.destination && s.nextHop === r.nextHop));
}
