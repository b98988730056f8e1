/**
 * Output is valid input for neighbours: a `Neighbour` read from the kernel
 * (list/events) turned into the `NeighbourSpec` that writes exactly it, so
 * that `replace(listed)` rewrites it unchanged and `add(listed)` makes it
 * again. A Neighbour is told from a spec by its numeric `ifindex`, `state`
 * array and `proxy` boolean. The model's spellings map to the spec's:
 * `ifindex` -> `dev`, the NTF flags stay flags (self/master/proxy among
 * them; an FDB entry with NDA_MASTER and no NTF_SELF is a master entry),
 * `via` (NDA_IFINDEX) -> `via`; `type`, `probes`, `cacheinfo`,
 * `master` (the bridge an FDB entry is on), `linkNetnsid` and unnamed flag
 * bits are read-only and dropped. A proxy entry has no state.
 */
import type { Neighbour } from "./model.ts";
import type { NeighbourSpec } from "./spec.ts";

/** Whether `v` is a Neighbour read from the kernel (numeric ifindex, state array, proxy boolean) rather than a spec or key. */
export function isNeighbourObject(v: unknown): v is Neighbour {
  const n = v as Neighbour;
  return n !== null && typeof n === "object" && typeof n.ifindex === "number" && Array.isArray(n.state) && typeof n.proxy === "boolean";
}

const named = (names: string[]): string[] => names.filter((f) => !/^0x/i.test(f));

/** The NeighbourSpec that writes the entry `n` (a NeighbourSpec passes through unchanged). */
export function neighbourSpecOf(n: NeighbourSpec | Neighbour): NeighbourSpec {
  if (!isNeighbourObject(n)) return n;
  if (n.family !== "inet" && n.family !== "inet6" && n.family !== "bridge") throw new TypeError(`family: neighbour entry of family ${n.family} cannot be written back`);
  const s: NeighbourSpec = { family: n.family, dev: n.ifindex };
  if (n.dst !== undefined) s.dst = n.dst;
  if (n.lladdr !== undefined && n.lladdr !== "") s.lladdr = n.lladdr;
  if (!n.proxy) s.state = n.state;
  const flags = named(n.flags).filter((f) => f !== "proxy");
  if (flags.length > 0) s.flags = flags;
  if (n.proxy) s.proxy = true;
  if (n.extFlags !== undefined && named(n.extFlags).length > 0) s.extFlags = named(n.extFlags);
  if (n.protocol !== undefined) s.protocol = n.protocol;
  if (n.family === "bridge") {
    // the master's (bridge's) table reports its entries with NDA_MASTER, without NTF_MASTER
    if (n.master !== undefined && !flags.includes("self") && !flags.includes("master")) s.flags = [...flags, "master"];
    if (n.vlan !== undefined) s.vlan = n.vlan;
    if (n.port !== undefined) s.port = n.port;
    if (n.vni !== undefined) s.vni = n.vni;
    if (n.srcVni !== undefined) s.srcVni = n.srcVni;
    if (n.via !== undefined) s.via = n.via;
    if (n.nhId !== undefined) s.nhId = n.nhId;
  }
  return s;
}
