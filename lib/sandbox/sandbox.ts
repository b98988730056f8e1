/**
 * One network sandbox: a namespace mounted on a key file, with the
 * interfaces, routes and neighbours the manager put in it (osl Namespace).
 * Made by SandboxManager.create/forExternalKey; all methods are
 * synchronous and throw SandboxDestroyedError after destroy().
 */
import { canonicalAddress } from "./cidr.ts";
import { SandboxDestroyedError } from "./errors.ts";
import type { GarbageCollector } from "./gc.ts";
import { addInterface, checkLoV6, lookup, nextIfIndex, removeInterface, statistics } from "./interfaces.ts";
import type { InterfaceStatistics, SandboxNetlink } from "./netlink.ts";
import { addNeighbour, deleteNeighbour } from "./neighbours.ts";
import { restore } from "./restore.ts";
import { addStaticRoute, removeStaticRoute, setDefaultRoute, setGateway, unsetDefaultRoute, unsetGateway } from "./routes.ts";
import { publicInterface, type SandboxState } from "./state.ts";
import { applyTweaks, checkSandboxTypes, disableArp, IPVS_TWEAKS, setIPv6 } from "./sysctl.ts";
import type { InterfaceOptions, NeighbourOptions, RestoreInterface, SandboxInterface, SandboxNeighbour, StaticRoute } from "./types.ts";
import { checkIfName } from "../rtnl/shared/ifindex.ts";

/** A network sandbox. */
export class Sandbox implements Disposable {
  readonly #st: SandboxState;
  readonly #gc: GarbageCollector;
  #destroyed = false;

  /** @internal built by SandboxManager */
  constructor(state: SandboxState, gc: GarbageCollector) {
    this.#st = state;
    this.#gc = gc;
  }

  #live(): SandboxState {
    if (this.#destroyed) throw new SandboxDestroyedError(this.#st.path);
    return this.#st;
  }

  /** The key: path of the file the namespace is mounted on (osl Key). */
  get key(): string {
    return this.#st.path;
  }

  /** True when this sandbox is the host namespace itself (created with osCreate=false). */
  get isDefault(): boolean {
    return this.#st.isDefault;
  }

  /** True once destroy() ran. */
  get destroyed(): boolean {
    return this.#destroyed;
  }

  /** Name of the loopback interface (osl GetLoopbackIfaceName). */
  get loopbackName(): string {
    return "lo";
  }

  /** Netlink operations inside the sandbox (for callers that need more than the manager offers). */
  get netlink(): SandboxNetlink {
    return this.#live().nl;
  }

  /** Copies of the interfaces added with addInterface or restore (not lo). */
  interfaces(): SandboxInterface[] {
    return this.#st.ifaces.map(publicInterface);
  }

  /** The interface whose host name is `srcName`, or undefined. */
  interfaceBySrcName(srcName: string): SandboxInterface | undefined {
    const r = this.#st.ifaces.find((i) => i.srcName === srcName);
    return r ? publicInterface(r) : undefined;
  }

  /** Index that addInterface will give `dstPrefix` next: the lowest one free (osl generateIfaceName). */
  nextIndex(dstPrefix: string): number {
    return nextIfIndex(this.#st, dstPrefix);
  }

  /**
   * Move host link `srcName` into the sandbox as `dstPrefix` + index (or
   * create a bridge named srcName with `{ bridge: true }`) and configure it.
   * On failure the link is renamed back and returned to the host namespace.
   */
  addInterface(srcName: string, dstPrefix: string, options: InterfaceOptions = {}): SandboxInterface {
    return addInterface(this.#live(), srcName, dstPrefix, options);
  }

  /** Take an interface out: a bridge is deleted, any other link renamed back and returned to the host. */
  removeInterface(iface: string | SandboxInterface): void {
    removeInterface(this.#live(), iface);
  }

  /** rx/tx bytes, packets, errors and drops of an interface (by srcName or record). */
  statistics(iface: string | SandboxInterface): InterfaceStatistics {
    return statistics(this.#live(), iface);
  }

  /** Add an extra address to a link of the sandbox (by its name inside). */
  addAliasIP(ifName: string, cidr: string): void {
    const st = this.#live();
    const addr = canonicalAlias(cidr); // validate before the link lookup: bad input makes no request
    const link = st.nl.linkByName(checkIfName(ifName, "ifName"));
    st.nl.addAddress(link.index, addr);
  }

  /** Remove an address added with addAliasIP. */
  removeAliasIP(ifName: string, cidr: string): void {
    const st = this.#live();
    const addr = canonicalAlias(cidr);
    const link = st.nl.linkByName(checkIfName(ifName, "ifName"));
    st.nl.deleteAddress(link.index, addr);
  }

  /** The IPv4 gateway, if set. */
  gateway(): string | undefined {
    return this.#st.gw;
  }

  /** The IPv6 gateway, if set. */
  gatewayIPv6(): string | undefined {
    return this.#st.gw6;
  }

  /** Copies of the static routes. */
  staticRoutes(): StaticRoute[] {
    return this.#st.staticRoutes.map((r) => ({ ...r }));
  }

  /** Set the IPv4 default gateway ("" or undefined: no-op). */
  setGateway(gw: string | undefined): void {
    setGateway(this.#live(), gw, 4);
  }

  /** Remove the IPv4 default gateway (no-op when none). */
  unsetGateway(): void {
    unsetGateway(this.#live(), 4);
  }

  /** Set the IPv6 default gateway ("" or undefined: no-op). */
  setGatewayIPv6(gw: string | undefined): void {
    setGateway(this.#live(), gw, 6);
  }

  /** Remove the IPv6 default gateway (no-op when none). */
  unsetGatewayIPv6(): void {
    unsetGateway(this.#live(), 6);
  }

  /** A connected IPv4 default route through the interface `srcName` (whose routes include 0.0.0.0/0). */
  setDefaultRouteIPv4(srcName: string): void {
    setDefaultRoute(this.#live(), srcName, 4);
  }

  /** A connected IPv6 default route through the interface `srcName` (whose routes include ::/0). */
  setDefaultRouteIPv6(srcName: string): void {
    setDefaultRoute(this.#live(), srcName, 6);
  }

  /** Remove the IPv4 default device route (no-op when none). */
  unsetDefaultRouteIPv4(): void {
    unsetDefaultRoute(this.#live(), 4);
  }

  /** Remove the IPv6 default device route (no-op when none). */
  unsetDefaultRouteIPv6(): void {
    unsetDefaultRoute(this.#live(), 6);
  }

  /** Add a route to `destination` via `nextHop`; refused when another static route has that destination. */
  addStaticRoute(route: StaticRoute): void {
    addStaticRoute(this.#live(), route);
  }

  /** Remove a static route. */
  removeStaticRoute(route: StaticRoute): void {
    removeStaticRoute(this.#live(), route);
  }

  /** Add a permanent neighbour (or FDB entry with family "bridge"); NeighbourExistsError when recorded, unless `force`. */
  addNeighbour(ip: string, mac: string, options: NeighbourOptions = {}): void {
    addNeighbour(this.#live(), ip, mac, options);
  }

  /** Delete a neighbour added here; NeighbourNotFoundError when there is none. */
  deleteNeighbour(ip: string, mac: string): void {
    deleteNeighbour(this.#live(), ip, mac);
  }

  /** Copies of the recorded neighbours. */
  neighbours(): SandboxNeighbour[] {
    return this.#st.neighbours.map((n) => ({ ...n }));
  }

  /** arp_ignore=1, arp_announce=2 on the interface `srcName` (osl DisableARPForVIP). */
  disableArpForVip(srcName: string): void {
    const st = this.#live();
    const i = st.ifaces.find((r) => r.srcName === srcName);
    if (!i) throw new Error(`failed to find interface ${srcName} in sandbox`);
    disableArp({ os: st.os, log: st.log, nsPath: st.path }, i.dstName);
  }

  /** Write disable_ipv6 of a link inside the sandbox (by its name inside, or "all"/"default"). */
  setInterfaceIPv6(ifName: string, enable: boolean): void {
    const st = this.#live();
    if (typeof enable !== "boolean") throw new TypeError(`enable: expected a boolean, got ${typeof enable}`);
    if (ifName !== "all" && ifName !== "default") checkIfName(ifName, "ifName");
    setIPv6({ os: st.os, log: st.log, nsPath: st.path }, ifName, enable);
  }

  /** Whether IPv6 on lo is on (osl loV6Enabled, maintained by checkLoV6). */
  get loopbackIPv6(): boolean {
    return this.#st.loV6Enabled;
  }

  /** Re-evaluate IPv6 on lo (done automatically by addInterface/removeInterface). */
  checkLoV6(): void {
    checkLoV6(this.#live());
  }

  /** IPVS knobs for load-balancer/ingress sandboxes; missing knobs are skipped with a warning. Returns the keys written. */
  applyOsTweaks(types: Array<"load-balancer" | "ingress">): string[] {
    const st = this.#live();
    if (checkSandboxTypes(types).length === 0) return [];
    return applyTweaks({ os: st.os, log: st.log, nsPath: st.path }, IPVS_TWEAKS);
  }

  /** Rebuild the record of a live sandbox after a restart (osl Restore). */
  restore(interfaces: RestoreInterface[], routes: StaticRoute[] = [], gw?: string, gw6?: string): void {
    restore(this.#live(), interfaces, routes, gw, gw6);
  }

  /** Run synchronous `fn` inside the sandbox's namespace (osl InvokeFunc). */
  run<T>(fn: () => T): T {
    const st = this.#live();
    return st.os.run(st.path, fn);
  }

  /** Look an interface up by srcName (throws when absent). */
  interface(srcName: string): SandboxInterface {
    return publicInterface(lookup(this.#st, srcName));
  }

  /**
   * osl Destroy: close the netlink handle, detach the mount (MNT_DETACH) and
   * put the key file on the manager's garbage list, or, once the manager is
   * closed (its collector stopped), remove the file at once. Idempotent.
   * The namespace itself lives on while a process or fd still holds it.
   */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    const st = this.#st;
    st.nl.close();
    st.host.release();
    st.os.unmount(st.path);
    if (this.#gc.started) {
      this.#gc.add(st.path);
      return;
    }
    try {
      st.os.removeFile(st.path);
    } catch (e) {
      st.log.error("error removing namespace file", { path: st.path, error: (e as Error).message });
    }
  }

  [Symbol.dispose](): void {
    this.destroy();
  }
}

function canonicalAlias(cidr: unknown): string {
  return canonicalAddress(cidr, "cidr");
}
