/**
 * osl Restore: rebuild the record of a live sandbox after a restart from
 * what the caller stored (interfaces with their options, static routes,
 * gateways) and what the kernel shows. An interface's name in the sandbox
 * is found as the seed does: the first "vxlan*" link for the "vxlan"
 * prefix, the link carrying the interface's IPv4 address, or the first
 * "veth*" link for an enslaved interface with the "veth" prefix. Later
 * addInterface calls take the lowest index these names leave free.
 *
 * Nothing is written to the kernel, and the record only changes when the
 * whole input was valid and every lookup succeeded. Two differences from
 * the seed: bridges are restored before the other interfaces (so a port
 * finds its master whatever the input order; Go's map order is random),
 * and a default-namespace sandbox records its interfaces too (the seed
 * skipped them, leaving removeInterface nothing to work on).
 */
import { atoi } from "./keys.ts";
import { canonicalIP } from "./cidr.ts";
import { newInterface } from "./interface-options.ts";
import { checkStaticRoute } from "./routes.ts";
import type { IfaceRecord, SandboxState } from "./state.ts";
import type { RestoreInterface, StaticRoute } from "./types.ts";

/** Find the interface's current name inside the sandbox (the seed's matching rules). */
function matchDstName(st: SandboxState, i: IfaceRecord, addrCache: Map<number, string[]>): string {
  let dstName = i.dstName;
  for (const link of st.nl.linkList()) {
    const name = link.name;
    if (dstName === "vxlan" && name.startsWith("vxlan")) return name;
    if (i.address !== undefined) {
      let addrs = addrCache.get(link.index);
      if (!addrs) {
        addrs = st.nl.addresses(link.index, 4);
        addrCache.set(link.index, addrs);
      }
      if (addrs.includes(i.address)) return name;
    }
    if (i.master !== undefined && dstName === "veth" && name.startsWith("veth")) dstName = name;
  }
  return dstName;
}

/** osl Restore. */
export function restore(st: SandboxState, interfaces: unknown, routes: unknown, gw: unknown, gw6: unknown): void {
  if (!Array.isArray(interfaces)) throw new TypeError(`interfaces: expected an array of { srcName, dstPrefix, options }, got ${typeof interfaces}`);
  if (routes !== undefined && !Array.isArray(routes)) throw new TypeError(`routes: expected an array of static routes, got ${typeof routes}`);
  const statics: StaticRoute[] = (routes ?? []).map((r: unknown, k: number) => checkStaticRoute(r, `routes[${k}]`));
  const gw4 = gw === undefined || gw === null || gw === "" ? undefined : canonicalIP(gw, "gw", 4).ip;
  const gw6v = gw6 === undefined || gw6 === null || gw6 === "" ? undefined : canonicalIP(gw6, "gw6", 6).ip;

  // Bridges first, so that their ports find their master among the restored interfaces.
  const entries = interfaces.map((e: unknown, k: number) => {
    if (e === null || typeof e !== "object") throw new TypeError(`interfaces[${k}]: expected { srcName, dstPrefix, options }`);
    return e as RestoreInterface;
  });
  const ordered = [...entries.filter((e) => e.options?.bridge === true), ...entries.filter((e) => e.options?.bridge !== true)];

  const restored: IfaceRecord[] = [];
  const view: SandboxState = { ...st, ifaces: [...st.ifaces] };
  const addrCache = new Map<number, string[]>();
  for (const e of ordered) {
    const i = newInterface(view, e.srcName, e.dstPrefix, e.options ?? {});
    if (st.isDefault) {
      i.dstName = i.srcName;
    } else {
      i.dstName = matchDstName(st, i, addrCache);
      const idx = i.dstName.startsWith(e.dstPrefix) ? i.dstName.slice(e.dstPrefix.length) : i.dstName;
      if (idx !== "" && atoi(idx) === undefined) {
        throw new Error(`failed to restore interface in network namespace ${JSON.stringify(st.path)}: invalid dstName for interface: ${i.dstName}`);
      }
    }
    restored.push(i);
    view.ifaces.push(i);
  }

  st.ifaces.push(...restored);
  st.staticRoutes.push(...statics);
  if (gw4 !== undefined) st.gw = gw4;
  if (gw6v !== undefined) st.gw6 = gw6v;
}
