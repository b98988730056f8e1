/**
 * Shared setup of the route and nexthop kernel tests: a throwaway namespace
 * with lo up and veth v0/v1 up with addrgenmode none (no link-local
 * churn), 192.0.2.1/24 and 2001:db8::1/64 (nodad) on v0, a connection into
 * it, and `ip -n NS` helpers.
 */
import { spawnSync } from "node:child_process";
import { NetlinkConnection } from "../../lib/conn/connection.ts";
import { NetlinkError } from "../../lib/conn/errors.ts";
import { RouteApi } from "../../lib/rtnl/routes.ts";
import { KernelTransport } from "../../lib/transport/kernel.ts";
import type { Transport } from "../../lib/transport/transport.ts";
import { withTempNetns, type TempNetns } from "../helpers/netns.ts";

/** What a kernel test gets. */
export interface RouteEnv {
  ns: TempNetns;
  conn: NetlinkConnection;
  api: RouteApi;
  ip(...args: string[]): string;
  ipj(...args: string[]): unknown;
  /** ifindex -> name */
  names: Map<number, string>;
  index: Record<string, number>;
  /** A second connection into the namespace with other options (closed afterwards). */
  connect(opts?: { strictCheck?: boolean }, wrap?: (t: Transport) => Transport): NetlinkConnection;
}

/** Run `fn` in a fresh namespace with the standard links. */
export function inNetns(fn: (env: RouteEnv) => void): Promise<void> {
  return withTempNetns((ns) => {
    const ip = (...args: string[]): string => {
      const r = spawnSync("ip", ["-n", ns.name, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
      if (r.status !== 0) throw new Error(`ip -n ${ns.name} ${args.join(" ")}: ${r.stderr}`);
      return r.stdout;
    };
    ip("link", "set", "lo", "up");
    ip("link", "add", "v0", "type", "veth", "peer", "name", "v1");
    for (const l of ["v0", "v1"]) {
      ip("link", "set", l, "addrgenmode", "none");
      ip("link", "set", l, "up");
    }
    ip("addr", "add", "192.0.2.1/24", "dev", "v0");
    ip("addr", "add", "2001:db8::1/64", "dev", "v0", "nodad");
    const links = JSON.parse(ip("-j", "link", "show")) as Array<{ ifname: string; ifindex: number }>;
    const index = Object.fromEntries(links.map((l) => [l.ifname, l.ifindex]));
    const names = new Map(links.map((l) => [l.ifindex, l.ifname]));
    const extra: NetlinkConnection[] = [];
    const conn = new NetlinkConnection(new KernelTransport(ns.socket()));
    try {
      fn({
        ns, conn, api: new RouteApi(conn), ip, names, index,
        ipj: (...args) => JSON.parse(ip("-j", "-d", ...args) || "[]"),
        connect: (opts = {}, wrap = (t) => t) => {
          const c = new NetlinkConnection(wrap(new KernelTransport(ns.socket())), opts);
          extra.push(c);
          return c;
        },
      });
    } finally {
      conn.close();
      for (const c of extra) c.close();
    }
  });
}

/** The NetlinkError `fn` throws; fails when it succeeds, rethrows anything else. */
export function refusal(fn: () => unknown): NetlinkError {
  try {
    fn();
  } catch (e) {
    if (e instanceof NetlinkError) return e;
    throw e;
  }
  throw new Error("expected the kernel to refuse");
}

