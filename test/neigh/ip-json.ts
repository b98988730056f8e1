/**
 * Comparing the neighbour API's view with `ip -j neigh show` output. ip
 * prints states uppercase (and none for NUD_NONE or proxy entries), flags
 * it knows as null-valued keys, lladdr and dst when the kernel sent them,
 * and dev only when not filtering by dev; both sides are projected onto
 * what they share, in dump order.
 */
import { expect } from "vitest";
import type { Neighbour } from "../../lib/rtnl/neighbour/api.ts";

/** The comparable part of one entry. */
export interface NeighKey {
  dst?: string;
  lladdr?: string;
  state: string[];
  router: boolean;
  proxy: boolean;
  externLearn: boolean;
  protocol?: string | number;
}

/** Project one element of `ip -j neigh show` output. */
export function fromIp(e: Record<string, unknown>): NeighKey {
  const k: NeighKey = {
    state: ((e.state as string[] | undefined) ?? []).map((s) => s.toLowerCase()),
    router: "router" in e,
    proxy: "proxy" in e,
    externLearn: "extern_learn" in e,
  };
  if (e.dst !== undefined) k.dst = e.dst as string;
  if (e.lladdr !== undefined) k.lladdr = e.lladdr as string;
  if (e.protocol !== undefined) k.protocol = e.protocol as string;
  return k;
}

/** Project one Neighbour the way ip would print it. */
export function fromApi(n: Neighbour): NeighKey {
  const k: NeighKey = {
    state: n.proxy ? [] : n.state.filter((s) => s !== "none"),
    router: n.flags.includes("router"),
    proxy: n.proxy,
    externLearn: n.flags.includes("extern_learn"),
  };
  if (n.dst !== undefined) k.dst = n.dst;
  if (n.lladdr !== undefined) k.lladdr = n.lladdr;
  if (n.protocol !== undefined && n.protocol !== "unspec") k.protocol = n.protocol;
  return k;
}

/** Our list equals ip's JSON, entry by entry in dump order. */
export function expectSameAsIp(ours: Neighbour[], ipJson: unknown): void {
  expect(Array.isArray(ipJson)).toBe(true);
  expect(ours.map(fromApi)).toEqual((ipJson as Array<Record<string, unknown>>).map(fromIp));
}
