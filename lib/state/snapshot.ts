/**
 * What the planner knows of a live namespace: its objects in document form
 * (links by name, never by index) and which of them the kernel made itself
 * (link-local addresses, prefix and local-table routes, default rules, lo),
 * which are never exported or pruned.
 */
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
