/**
 * Moving interfaces in and out of a sandbox (osl AddInterface,
 * RemoveInterface, configureInterface, Statistics, checkLoV6).
 *
 * addInterface: take the host link srcName (or create a bridge inside),
 * move it into the sandbox, bring it down, rename it to prefix + next
 * index, set MAC, IPv4 (after a route conflict check), IPv6 (enabling IPv6
 * on the link only when it gets an address, NODAD), master, link-local
 * addresses and sysctls; bring it up; add its connected routes. If any step
 * after the move fails, the link is brought down, renamed back and
 * returned to the host (a bridge created here is deleted instead), so the
 * caller can clean up. This rollback goes further than osl's, which renames
 * and moves back only when configureInterface fails, not when bringing the
 * link down or up or adding its routes fails, and leaves a bridge behind.
 *
 * Error messages use osl's wording, naming the interface by its source
 * name as osl does (it formats the name of the link it looked up before
 * renaming it).
 */
import { addressBytes, isUnspecified, prefixContains, type Family } from "./cidr.ts";
import { newInterface } from "./interface-options.ts";
import { atoi } from "./keys.ts";
import type { InterfaceStatistics, NlLink, SandboxNetlink } from "./netlink.ts";
import { publicInterface, type IfaceRecord, type SandboxState } from "./state.ts";
import { setInterfaceSysctls, setIPv6, type SysctlTarget } from "./sysctl.ts";
import type { SandboxInterface } from "./types.ts";
import { checkIfName } from "../rtnl/shared/ifindex.ts";

/** Attempts at bringing a link up (osl retries 3 times, 10 ms apart). */
const UP_RETRIES = 3;

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function target(st: SandboxState): SysctlTarget {
  return { os: st.os, log: st.log, nsPath: st.path };
}

/**
 * osl checkRouteConflict: refuse an address whose prefix overlaps the
 * destination of a main-table route (other than a default route) of its
 * family, in either direction.
 */
export function checkRouteConflict(nl: SandboxNetlink, cidr: string, family: Family): void {
  const ip = addressBytes(cidr);
  for (const r of nl.routes(family)) {
    if (r.dst === undefined || isUnspecified(r.dst)) continue;
    if (prefixContains(r.dst, ip) || prefixContains(cidr, addressBytes(r.dst))) {
      // osl formats the netlink.Route ("{Ifindex: 3 Dst: 192.0.2.0/24 Src: ... Gw: <nil> ...}"); these are the fields read here.
      throw new Error(`cannot program address ${cidr} in sandbox interface because it conflicts with existing route {Ifindex: ${r.oif ?? 0} Dst: ${r.dst} Gw: ${r.gateway ?? "<nil>"}}`);
    }
  }
}

/** LinkByName with osl's message; the NetlinkError stays the cause. */
function linkNamed(nl: SandboxNetlink, name: string): NlLink {
  try {
    return nl.linkByName(name);
  } catch (e) {
    throw new Error(`failed to get link by name ${JSON.stringify(name)}: ${(e as Error).message}`, { cause: e });
  }
}

/** Go's %q of a string. */
function q(s: string): string {
  return JSON.stringify(s);
}

/**
 * configureInterface: every per-link setting, in osl's order (name
 * first). Messages are osl's: `error setting interface "<srcName>" IP to
 * 192.0.2.10/24: <cause>` (the link's name before the rename).
 */
function configure(st: SandboxState, link: NlLink, i: IfaceRecord, renamed: () => void): void {
  const nl = st.nl;
  const ifaceName = link.name;
  const step = (what: string, fn: () => void): void => {
    try {
      fn();
    } catch (e) {
      throw new Error(`${what}: ${(e as Error).message}`, { cause: e });
    }
  };
  step(`error renaming interface ${q(ifaceName)} to ${q(i.dstName)}`, () => {
    if (link.name === i.dstName) return;
    nl.renameLink(link.index, i.dstName);
    renamed();
  });
  if (i.mac !== undefined) step(`error setting interface ${q(ifaceName)} MAC to ${q(i.mac)}`, () => nl.setLinkMac(link.index, i.mac!));
  if (i.address !== undefined) {
    step(`error setting interface ${q(ifaceName)} IP to ${i.address}`, () => {
      checkRouteConflict(nl, i.address!, 4);
      nl.addAddress(link.index, i.address!);
    });
  }
  step(`error setting interface ${q(ifaceName)} IPv6 to ${i.addressIPv6 ?? "<nil>"}`, () => {
    try {
      setIPv6(target(st), i.dstName, i.addressIPv6 !== undefined);
    } catch (e) {
      throw new Error(`failed to configure ipv6: ${(e as Error).message}`, { cause: e });
    }
    if (i.addressIPv6 === undefined) return;
    checkRouteConflict(nl, i.addressIPv6, 6);
    nl.addAddress(link.index, i.addressIPv6, true);
  });
  if (i.dstMaster !== undefined) step(`error setting interface ${q(ifaceName)} master to ${q(i.dstMaster)}`, () => nl.setLinkMaster(link.index, i.dstMaster!));
  step(`error setting interface ${q(ifaceName)} link local IPs to [${i.linkLocalAddresses.join(" ")}]`, () => {
    for (const ll of i.linkLocalAddresses) nl.addAddress(link.index, ll);
  });
  setInterfaceSysctls(target(st), i.dstName, i.parsedSysctls);
}

/** Undo addInterface after the link reached the sandbox; failures are logged, the original error wins. */
function rollback(st: SandboxState, index: number, i: IfaceRecord, renamed: boolean, cause: unknown): void {
  const nl = st.nl;
  const log = (what: string, e: unknown): void =>
    st.log.error(`${what} failed after a configuration error`, { srcName: i.srcName, dstName: i.dstName, error: (e as Error).message, cause: (cause as Error).message });
  if (i.bridge) {
    try {
      nl.deleteLink(index);
    } catch (e) {
      log(`deleting bridge ${i.srcName}`, e);
    }
    return;
  }
  try {
    nl.setLinkUp(index, false);
  } catch (e) {
    log(`bringing ${i.dstName} down`, e);
  }
  if (renamed) {
    try {
      nl.renameLink(index, i.srcName);
    } catch (e) {
      log(`renaming interface (${i.dstName}->${i.srcName})`, e);
    }
  }
  if (!st.isDefault) {
    try {
      const host = st.os.openNetns(st.hostPath);
      try {
        nl.moveLinkToNetns(index, host.fd);
      } finally {
        host.close();
      }
    } catch (e) {
      log(`moving interface ${i.srcName} to the host namespace`, e);
    }
  }
}

/**
 * osl generateIfaceName: the lowest index not taken by an interface of the
 * sandbox whose name is `prefix` + a non-negative number (Go's Atoi, so
 * "+1" counts as 1; "-0" and negative suffixes belong to another prefix).
 * Lowest rather than highest + 1, so numbers freed by removeInterface are
 * reused and a name cannot outgrow IFNAMSIZ while smaller ones are free.
 */
export function nextIfIndex(st: SandboxState, prefix: string): number {
  const taken = new Set<number>();
  for (const i of st.ifaces) {
    if (!i.dstName.startsWith(prefix)) continue;
    const s = i.dstName.slice(prefix.length);
    const v = atoi(s);
    if (v !== undefined && v >= 0 && s !== "-0") taken.add(v);
  }
  let n = 0;
  while (taken.has(n)) n++;
  return n;
}

/** osl AddInterface. Returns the new interface's record. */
export function addInterface(st: SandboxState, srcName: unknown, dstPrefix: unknown, options: unknown): SandboxInterface {
  const i = newInterface(st, srcName, dstPrefix, options);
  if (st.isDefault) {
    i.dstName = i.srcName;
  } else {
    i.dstName = checkIfName(`${i.dstPrefix}${nextIfIndex(st, i.dstPrefix)}`, "generated interface name");
  }

  if (i.bridge) {
    try {
      st.nl.addBridge(i.srcName);
    } catch (e) {
      throw new Error(`failed to create bridge ${q(i.srcName)}: ${(e as Error).message}`, { cause: e });
    }
  } else if (!st.isDefault) {
    const host = st.host.get();
    const hostLink = linkNamed(host, i.srcName);
    let ns;
    try {
      ns = st.os.openNetns(st.path);
    } catch (e) {
      throw new Error(`failed get network namespace ${q(st.path)}: ${(e as Error).message}`, { cause: e });
    }
    try {
      host.moveLinkToNetns(hostLink.index, ns.fd);
    } catch (e) {
      throw new Error(`failed to set namespace on link ${q(i.srcName)}: ${(e as Error).message}`, { cause: e });
    } finally {
      ns.close();
    }
  }

  let index = 0;
  let renamed = false;
  try {
    const link = linkNamed(st.nl, i.srcName);
    index = link.index;
    try {
      st.nl.setLinkUp(index, false);
    } catch (e) {
      throw new Error(`failed to set link down: ${(e as Error).message}`, { cause: e });
    }
    configure(st, link, i, () => (renamed = true));
    let err: unknown;
    for (let attempt = 0; attempt <= UP_RETRIES; attempt++) {
      try {
        st.nl.setLinkUp(index, true);
        err = undefined;
        break;
      } catch (e) {
        err = e;
        st.log.debug("retrying link setup", { dstName: i.dstName, error: (e as Error).message });
        if (attempt < UP_RETRIES) sleepMs(10);
      }
    }
    if (err !== undefined) throw new Error(`failed to set link up: ${(err as Error).message}`, { cause: err });
    for (const r of i.routes) {
      if (isUnspecified(r)) continue; // a default route is set by setDefaultRoute* when chosen
      try {
        st.nl.addRoute({ dst: r, oif: index, scope: "link" });
      } catch (e) {
        throw new Error(`error setting interface ${q(i.srcName)} routes to [${i.routes.map(q).join(" ")}]: ${(e as Error).message}`, { cause: e });
      }
    }
  } catch (e) {
    if (index !== 0) {
      rollback(st, index, i, renamed, e);
    } else if (i.bridge) {
      try {
        st.nl.deleteLink(st.nl.linkByName(i.srcName).index);
      } catch (e2) {
        st.log.error(`deleting bridge ${i.srcName} failed after a configuration error`, { error: (e2 as Error).message });
      }
    }
    throw e;
  }
  st.ifaces.push(i);
  checkLoV6(st);
  return publicInterface(i);
}

/** The record of `srcName` or of a record the caller holds. */
export function lookup(st: SandboxState, iface: unknown): IfaceRecord {
  const srcName = typeof iface === "object" && iface !== null ? (iface as SandboxInterface).srcName : iface;
  if (typeof srcName !== "string") throw new TypeError(`iface: expected an interface srcName or record, got ${typeof srcName}`);
  const rec = st.ifaces.find((r) => r.srcName === srcName);
  if (!rec) throw new Error(`failed to find interface ${srcName} in sandbox`);
  return rec;
}

/**
 * osl RemoveInterface: bring the link down, rename it back to srcName, and
 * delete it (a bridge) or return it to the host namespace.
 */
export function removeInterface(st: SandboxState, iface: unknown): void {
  const i = lookup(st, iface);
  const link = st.nl.linkByName(i.dstName);
  st.nl.setLinkUp(link.index, false);
  if (link.name !== i.srcName) st.nl.renameLink(link.index, i.srcName);
  if (i.bridge) {
    try {
      st.nl.deleteLink(link.index);
    } catch (e) {
      throw new Error(`failed deleting bridge ${q(i.srcName)}: ${(e as Error).message}`, { cause: e });
    }
  } else if (!st.isDefault) {
    const host = st.os.openNetns(st.hostPath);
    try {
      st.nl.moveLinkToNetns(link.index, host.fd);
    } finally {
      host.close();
    }
  }
  st.ifaces = st.ifaces.filter((r) => r !== i);
  checkLoV6(st);
}

/** osl Interface.Statistics: counters of the interface's link inside the sandbox. */
export function statistics(st: SandboxState, iface: unknown): InterfaceStatistics {
  const i = lookup(st, iface);
  let link: NlLink;
  try {
    link = st.nl.linkByName(i.dstName);
  } catch (e) {
    throw new Error(`failed to retrieve the statistics for ${i.dstName} in netns ${st.path}: ${(e as Error).message}`, { cause: e });
  }
  if (!link.stats) throw new Error("no statistics were returned");
  return { ...link.stats };
}

/**
 * osl checkLoV6: IPv6 on "lo" is on exactly when some interface of the
 * sandbox has an IPv6 address; only a change is written, failures warn.
 */
export function checkLoV6(st: SandboxState): void {
  const enable = st.ifaces.some((i) => i.addressIPv6 !== undefined);
  if (st.loV6Enabled === enable) return;
  try {
    setIPv6(target(st), "lo", enable);
  } catch (e) {
    st.log.warn(`Failed to ${enable ? "enable" : "disable"} IPv6 on loopback interface on network namespace ${JSON.stringify(st.path)}: ${(e as Error).message}`);
  }
  st.loV6Enabled = enable;
}
