/**
 * The benchmark's throwaway namespaces. Every name starts with
 * `bnlbench-<runner pid>-`, so the runner can remove all of its own at the
 * end, also after a failure or Ctrl-C, and a later run can remove those of
 * a runner that died (its pid is gone). The root namespace is never
 * changed: setup runs `ip -n NAME`, contenders run under `ip netns exec`.
 *
 * Tearing down a namespace full of routes or links is asynchronous in the
 * kernel (cleanup_net on a workqueue, under the RTNL lock), and would slow
 * down whatever is measured next. `settle` waits until a probe request
 * that needs the RTNL lock is fast again.
 */
import { existsSync, readdirSync } from "node:fs";
import { NetlinkConnection } from "../../lib/conn/connection.ts";
import { createNetns, deleteNetns } from "../../lib/netns/manage.ts";
import { openSocketInNetns } from "../../lib/netns/run.ts";
import { KernelTransport } from "../../lib/transport/kernel.ts";
import { must, mustSync } from "./proc.ts";

/** Prefix of every namespace the benchmarks create. */
export const BENCH_PREFIX = "bnlbench-";
/** Prefix of this runner's namespaces. */
export const RUN_PREFIX = `${BENCH_PREFIX}${process.pid}-`;

const NETNS_DIR = "/run/netns";
let counter = 0;

/**
 * The setup every workload starts from: lo up, a veth pair v0/v1 up, 192.0.2.1/24 and 2001:db8::1/64
 * (nodad) on v0. No IPv6 link-local addresses (addrgenmode none): their routes would appear a DAD period
 * later, in the middle of a measurement.
 */
export const BASE_SETUP = [
  "link set lo up", "link add v0 type veth peer name v1", "link set v0 addrgenmode none", "link set v1 addrgenmode none",
  "addr add 192.0.2.1/24 dev v0", "addr add 2001:db8::1/64 dev v0 nodad", "link set v0 up", "link set v1 up",
];

/** A fresh namespace name of this run. */
export function nextName(tag: string): string {
  return `${RUN_PREFIX}${tag}-${++counter}`;
}

/** Create a namespace and run `ip -batch` setup lines in it. */
export async function createBenchNetns(tag: string, lines: string[] = BASE_SETUP): Promise<string> {
  const name = nextName(tag);
  await must(["ip", "netns", "add", name]);
  if (lines.length > 0) await must(["ip", "-n", name, "-batch", "-"], lines.join("\n") + "\n");
  return name;
}

/** Delete a namespace of this run (quietly if it is gone). */
export async function deleteBenchNetns(name: string): Promise<void> {
  if (!name.startsWith(RUN_PREFIX)) throw new Error(`refusing to delete ${name}: not a namespace of this benchmark run`);
  if (existsSync(`${NETNS_DIR}/${name}`)) {
    try {
      deleteNetns(name);
    } catch {
      await must(["ip", "netns", "del", name]).catch(() => undefined);
    }
  }
}

/** Names under /run/netns that start with `prefix`. */
export function listBench(prefix: string): string[] {
  try {
    return readdirSync(NETNS_DIR).filter((n) => n.startsWith(prefix));
  } catch {
    return [];
  }
}

/** Remove every namespace of this run (synchronous: also used from signal handlers). */
export function cleanupRun(): string[] {
  const gone: string[] = [];
  for (const n of listBench(RUN_PREFIX)) {
    try {
      deleteNetns(n);
      gone.push(n);
    } catch {
      try {
        mustSync(["ip", "netns", "del", n]);
        gone.push(n);
      } catch {
        // reported by the caller's final listing
      }
    }
  }
  return gone;
}

/** Remove namespaces left by benchmark runs whose runner process is gone. */
export function cleanupStale(): string[] {
  const gone: string[] = [];
  for (const n of listBench(BENCH_PREFIX)) {
    const pid = Number(/^bnlbench-(\d+)-/.exec(n)?.[1]);
    if (!Number.isInteger(pid) || pid === process.pid || existsSync(`/proc/${pid}`)) continue;
    try {
      deleteNetns(n);
      gone.push(n);
    } catch {
      // leave it; it is reported when listed again
    }
  }
  return gone;
}

let probe: { name: string; conn: NetlinkConnection } | undefined;

/** RTM_NEWLINK "lo up" in the probe namespace: takes the RTNL lock. Seconds. */
function probeOnce(): number {
  if (probe === undefined) {
    const name = nextName("probe");
    createNetns(name);
    probe = { name, conn: new NetlinkConnection(new KernelTransport(openSocketInNetns(name, 0))) };
  }
  const t0 = performance.now();
  probe.conn.raw(16 /* RTM_NEWLINK */, 0, (w) => {
    w.u8(0); w.u8(0); w.u16(0); w.s32(1); w.u32(1); w.u32(1); // ifinfomsg: lo, IFF_UP
  });
  return (performance.now() - t0) / 1000;
}

/**
 * Wait until the kernel has finished tearing down deleted namespaces: the
 * probe must take under 2 ms three times in a row (at most `maxSeconds`).
 * Returns the seconds waited.
 */
export async function settle(maxSeconds = 120): Promise<number> {
  const t0 = performance.now();
  let fast = 0;
  await Bun.sleep(30);
  while (fast < 3 && (performance.now() - t0) / 1000 < maxSeconds) {
    fast = probeOnce() < 0.002 ? fast + 1 : 0;
    await Bun.sleep(fast === 0 ? 50 : 15);
  }
  return (performance.now() - t0) / 1000;
}

/** Close and remove the probe namespace. */
export function closeProbe(): void {
  if (probe === undefined) return;
  probe.conn.close();
  try {
    deleteNetns(probe.name);
  } catch {
    // cleanupRun gets it
  }
  probe = undefined;
}
