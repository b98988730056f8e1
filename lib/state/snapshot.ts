/**
 * What the planner knows of a live namespace: its objects in document form
 * (links by name, never by index) and which of them the kernel made itself
 * (link-local addresses, prefix and local-table routes, default rules, lo),
 * which are never exported or pruned.
 */
import { addressKey, linkKey, routeKey, ruleKey } from "./keys.ts";
import type { AddressState, LinkState, NeighbourState, NexthopState, RouteState, RuleState, Section } from "./types.ts";

/** A namespace read into document form. */
export interface Snapshot {
  links: LinkState[];
  addresses: AddressState[];
  routes: RouteState[];
  nexthops: NexthopState[];
  neighbours: NeighbourState[];
  rules: RuleState[];
  /** Values of the sysctls that were read (absent: no such key, e.g. a device that does not exist). */
  sysctls: Record<string, string>;
  /** `${section} ${key}` of the items the kernel derived. */
  derived: Set<string>;
}

/** The derived-set entry of an item. */
export const derivedId = (section: Section, key: string): string => `${section} ${key}`;

/** An empty snapshot (a namespace with nothing in it, not even lo). */
export function emptySnapshot(): Snapshot {
  return { links: [], addresses: [], routes: [], nexthops: [], neighbours: [], rules: [], sysctls: {}, derived: new Set() };
}

/** The snapshot without what the kernel derived (which it adds and removes on its own time, e.g. local routes after DAD work). */
export function configuredPart(s: Snapshot): Omit<Snapshot, "derived"> {
  const keep = <T>(section: Section, items: T[], key: (x: T) => string): T[] => items.filter((x) => !s.derived.has(derivedId(section, key(x))));
  return {
    links: keep("links", s.links, linkKey),
    addresses: keep("addresses", s.addresses, addressKey),
    routes: keep("routes", s.routes, routeKey),
    nexthops: s.nexthops,
    neighbours: s.neighbours,
    rules: keep("rules", s.rules, ruleKey),
    sysctls: s.sysctls,
  };
}
