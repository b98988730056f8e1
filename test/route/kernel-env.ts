/**
 * Shared setup of the route and nexthop kernel tests: a throwaway namespace
 * with lo up and veth v0/v1 up with addrgenmode none (no link-local
 * churn), 192.0.2.1/24 and 2001:db8::1/64 (nodad) on v0, a connection into
 * it, and `ip -n NS` helpers (test/helpers/kernel-env.ts), plus the link
 * tables both sides need to compare with ip's "dev" names.
 */
import { RouteApi } from "../../lib/rtnl/route/api.ts";
import { inTempNetns, linkTable, VETH, type KernelEnv } from "../helpers/kernel-env.ts";

/** What a kernel test gets. */
export interface RouteEnv extends KernelEnv {
  api: RouteApi;
  /** ifindex -> name */
  names: Map<number, string>;
  index: Record<string, number>;
}

/** The standard links and addresses. */
const SETUP: string[][] = [
  ["link", "set", "lo", "up"],
  [...VETH],
  ...["v0", "v1"].flatMap((l) => [["link", "set", l, "addrgenmode", "none"], ["link", "set", l, "up"]]),
  ["addr", "add", "192.0.2.1/24", "dev", "v0"],
  ["addr", "add", "2001:db8::1/64", "dev", "v0", "nodad"],
];

/** Run `fn` in a fresh namespace with the standard links; ipj adds -d. */
export function inNetns(fn: (env: RouteEnv) => void): Promise<void> {
  return inTempNetns((env) => fn({ ...env, api: new RouteApi(env.conn), ...linkTable(env.ip) }), { setup: SETUP, ipjFlags: ["-d"] });
}
