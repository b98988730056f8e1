/**
 * Permanent neighbour and FDB entries of a sandbox (osl neigh_linux.go):
 * AddNeighbor programs NUD_PERMANENT entries with create-or-replace and
 * records them; DeleteNeighbor removes the kernel entry (and, for bridge
 * FDB entries, the dynamic one the bridge learnt) and forgets it even when
 * the kernel no longer had it.
 */
import { isNetlinkErrno } from "./netlink-errors.ts";
import { canonicalIP, canonicalMAC } from "./cidr.ts";
import { NeighbourExistsError, NeighbourNotFoundError } from "./errors.ts";
import type { NlNeighbourSpec } from "./netlink.ts";
import { findDst, type SandboxState } from "./state.ts";
import type { NeighbourOptions, SandboxNeighbour } from "./types.ts";
import { checkIfName } from "../rtnl/shared/ifindex.ts";

function find(st: SandboxState, ip: string, mac: string): SandboxNeighbour | undefined {
  return st.neighbours.find((n) => n.ip === ip && n.mac === mac);
}

function linkIndex(st: SandboxState, linkDst: string | undefined): number {
  if (linkDst === undefined) return 0;
  try {
    return st.nl.linkByName(linkDst).index;
  } catch (e) {
    throw new Error(`could not find interface with destination name ${linkDst}: ${(e as Error).message}`, { cause: e });
  }
}

/** osl AddNeighbor. */
export function addNeighbour(st: SandboxState, ipArg: unknown, macArg: unknown, opts: unknown = {}): void {
  const { ip } = canonicalIP(ipArg, "ip");
  const mac = canonicalMAC(macArg, "mac");
  if (opts === null || typeof opts !== "object") throw new TypeError(`options: expected an object, got ${opts === null ? "null" : typeof opts}`);
  const o = opts as NeighbourOptions;
  for (const k of Object.keys(o)) if (!["linkName", "family", "force"].includes(k)) throw new TypeError(`options.${k}: unknown option`);
  if (o.force !== undefined && typeof o.force !== "boolean") throw new TypeError(`options.force: expected a boolean, got ${typeof o.force}`);
  if (o.family !== undefined && !["inet", "inet6", "bridge"].includes(o.family)) throw new TypeError(`options.family: ${JSON.stringify(o.family)} is not "inet", "inet6" or "bridge"`);
  if (o.family === "inet" && ip.includes(":")) throw new TypeError(`options.family: "inet" does not fit IPv6 address ${ip}`);
  if (o.family === "inet6" && !ip.includes(":")) throw new TypeError(`options.family: "inet6" does not fit IPv4 address ${ip}`);
  // osl allows no link (LinkIndex 0), but the kernel refuses every entry without a device.
  if (o.linkName === undefined) throw new TypeError("options.linkName: required (the srcName of the sandbox interface the entry is on)");
  const linkName = checkIfName(o.linkName, "options.linkName");

  const present = find(st, ip, mac) !== undefined;
  if (present) {
    st.log.warn(`Neighbor entry already present for IP ${ip}, mac ${mac} forceUpdate:${o.force === true}`);
    if (!o.force) throw new NeighbourExistsError(ip, mac);
  }
  const linkDst = findDst(st, linkName, false);
  if (linkDst === undefined) throw new Error(`could not find the interface with name ${linkName}`);
  const nh: SandboxNeighbour = { ip, mac, linkName, linkDst };
  if (o.family !== undefined) nh.family = o.family;
  const spec: NlNeighbourSpec = { ip, mac, index: linkIndex(st, nh.linkDst), flags: nh.family !== undefined ? ["self"] : [] };
  if (nh.family !== undefined) spec.family = nh.family;
  try {
    st.nl.setNeighbour(spec);
  } catch (e) {
    throw new Error(`could not add neighbor entry:${ip} ${mac} error:${(e as Error).message}`, { cause: e }); // osl's %+v of a netlink.Neigh is "IP MAC"
  }
  if (present) return;
  st.neighbours.push(nh);
  st.log.debug(`Neighbor entry added for IP:${ip}, mac:${mac} on ifc:${linkName}`);
}

/** osl DeleteNeighbor; NeighbourNotFoundError when the entry was never added here. */
export function deleteNeighbour(st: SandboxState, ipArg: unknown, macArg: unknown): void {
  const { ip } = canonicalIP(ipArg, "ip");
  const mac = canonicalMAC(macArg, "mac");
  const nh = find(st, ip, mac);
  if (!nh) throw new NeighbourNotFoundError(ip, mac);
  const index = linkIndex(st, nh.linkDst);
  const spec: NlNeighbourSpec = { ip, index, flags: [] };
  if (nh.family !== undefined) {
    spec.family = nh.family;
    spec.mac = mac;
    spec.flags = ["self"];
  }
  // Forget the entry even if the kernel refuses: a later add must not fail
  // because the neighbour moved back to this host.
  try {
    st.nl.deleteNeighbour(spec);
  } catch (e) {
    if (!isNetlinkErrno(e, "ENOENT")) st.log.warn(`Deleting neighbor IP ${ip}, mac ${mac} failed, ${(e as Error).message}`);
  }
  if (nh.family !== undefined) {
    try {
      st.nl.deleteNeighbour({ ...spec, flags: ["master"] });
    } catch (e) {
      if (!isNetlinkErrno(e, "ENOENT")) st.log.warn("error while deleting neighbor entry", { ip, mac, error: (e as Error).message });
    }
  }
  st.neighbours = st.neighbours.filter((n) => n !== nh);
  st.log.debug(`Neighbor entry deleted for IP ${ip}, mac ${mac}`);
}
