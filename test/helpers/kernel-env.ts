/**
 * Shared setup of the family kernel tests (root only, every test in a
 * throwaway namespace from test/helpers/netns.ts): iproute2 runners bound to
 * the namespace, a connection into it that is closed afterwards, the link
 * indexes ip reports, the NetlinkError of a call the kernel refuses, and a
 * process parked inside a namespace (for references by pid).
 *
 *   it("adds", () => inTempNetns(({ conn, ipj }) => { ... }, { setup: [VETH] }));
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { statSync } from "node:fs";
import { NetlinkConnection, type ConnectionOptions } from "../../lib/conn/connection.ts";
import { NetlinkError } from "../../lib/conn/errors.ts";
import { KernelTransport } from "../../lib/transport/kernel.ts";
import type { Transport } from "../../lib/transport/transport.ts";
import { withTempNetns, type TempNetns } from "./netns.ts";

/** `ip link add v0 type veth peer name v1`, the pair most kernel tests start from. */
export const VETH: readonly string[] = ["link", "add", "v0", "type", "veth", "peer", "name", "v1"];

/** Run `PROGRAM -n NS ARGS` (ip, bridge) and return its stdout; throws with its stderr on a non-zero exit. */
export function runIn(program: string, ns: string, args: readonly string[]): string {
  const r = spawnSync(program, ["-n", ns, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${program} -n ${ns} ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

/** Run `fn` with a connection whose socket lives in `ns`; the connection is closed afterwards. */
export function withConnection<T>(ns: TempNetns, fn: (conn: NetlinkConnection) => T, opts: ConnectionOptions = {}): T {
  const conn = new NetlinkConnection(new KernelTransport(ns.socket()), opts);
  try {
    return fn(conn);
  } finally {
    conn.close();
  }
}

/** What inTempNetns hands a test. */
export interface KernelEnv {
  ns: TempNetns;
  /** The connection into the namespace. */
  conn: NetlinkConnection;
  /** `ip -n NS ARGS` (stdout). */
  ip(...args: string[]): string;
  /** `ip -n NS -j [ipjFlags] ARGS`, parsed ([] for no output). */
  ipj(...args: string[]): unknown;
  /** Another connection into the namespace with other options (closed afterwards). */
  connect(opts?: ConnectionOptions, wrap?: (t: Transport) => Transport): NetlinkConnection;
}

/** Options of inTempNetns. */
export interface KernelEnvOptions extends ConnectionOptions {
  /** `ip` argument lists run first, in order. */
  setup?: ReadonlyArray<readonly string[]>;
  /** Flags after `-j` in ipj (e.g. ["-d"]). */
  ipjFlags?: readonly string[];
}

/** Run `fn` in a fresh namespace after `setup`, with a connection (options as given) and ip helpers; all cleaned up also on failure. */
export function inTempNetns(fn: (env: KernelEnv) => void, opts: KernelEnvOptions = {}): Promise<void> {
  const { setup = [], ipjFlags = [], ...connOpts } = opts;
  return withTempNetns((ns) => {
    const ip = (...args: string[]): string => runIn("ip", ns.name, args);
    for (const s of setup) ip(...s);
    const extra: NetlinkConnection[] = [];
    try {
      withConnection(ns, (conn) => fn({
        ns, conn, ip,
        ipj: (...args) => JSON.parse(ip("-j", ...ipjFlags, ...args) || "[]"),
        connect: (o = {}, wrap = (t) => t) => {
          const c = new NetlinkConnection(wrap(new KernelTransport(ns.socket())), o);
          extra.push(c);
          return c;
        },
      }), connOpts);
    } finally {
      for (const c of extra) c.close();
    }
  });
}

/** ifindex by name and name by ifindex, from `ip -j link show`. */
export function linkTable(ip: (...args: string[]) => string): { index: Record<string, number>; names: Map<number, string> } {
  const links = JSON.parse(ip("-j", "link", "show")) as Array<{ ifname: string; ifindex: number }>;
  return { index: Object.fromEntries(links.map((l) => [l.ifname, l.ifindex])), names: new Map(links.map((l) => [l.ifindex, l.ifname])) };
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

/** A `sleep 30` inside `ns`, once it has entered it (same dev:ino of /proc/PID/ns/net); kill it when done. */
export async function processIn(ns: TempNetns): Promise<ChildProcess & { pid: number }> {
  const child = spawn("ip", ["netns", "exec", ns.name, "sleep", "30"], { stdio: "ignore" });
  const id = (p: string): string => {
    const st = statSync(p, { bigint: true });
    return `${st.dev}:${st.ino}`;
  };
  const want = id(ns.path);
  for (let i = 0; i < 200; i++) {
    try {
      if (child.pid !== undefined && id(`/proc/${child.pid}/ns/net`) === want) return child as ChildProcess & { pid: number };
    } catch {
      // not started yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  child.kill();
  throw new Error(`process did not enter ${ns.name}`);
}
