/**
 * Kernel test environment for tc: twin throwaway namespaces with the same
 * links (veth v0 = 10 / v1 = 11, ifb0x = 12 when the ifb module is there,
 * all up), `tc -n NS` helpers, and the normalisation that makes two
 * namespaces' `tc -j` output comparable (counters and timers dropped;
 * everything else, handles included, must match).
 */
import { spawnSync } from "node:child_process";
import { expect } from "vitest";
import { memoryIo } from "../../cli/io.ts";
import { tcMain } from "../../cli/tc/main.ts";
import { tempNetns, type TempNetns } from "../helpers/netns.ts";

/** Run `tc -n ns ARGS`; throws with tc's stderr on failure. */
export function tc(ns: string, args: readonly string[]): string {
  const r = spawnSync("tc", ["-n", ns, ...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`tc ${args.join(" ")}: exit ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** Run `ip -n ns ARGS`; throws on failure. */
export function ip(ns: string, args: readonly string[]): string {
  const r = spawnSync("ip", ["-n", ns, ...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`ip ${args.join(" ")}: exit ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** True when `ip link add ... type ifb` works in a scratch namespace (the module may be absent). */
export function hasIfb(): boolean {
  using ns = tempNetns();
  return spawnSync("ip", ["-n", ns.name, "link", "add", "ifbprobe", "type", "ifb"]).status === 0;
}

/** A namespace with v0 (10) / v1 (11) veths and, when `ifb`, ifb0x (12), all up. */
export function tcNetns(ifb: boolean): TempNetns {
  const ns = tempNetns();
  try {
    ip(ns.name, ["link", "set", "lo", "up"]);
    ip(ns.name, ["link", "add", "v0", "index", "10", "type", "veth", "peer", "name", "v1", "index", "11"]);
    ip(ns.name, ["link", "set", "v0", "up"]);
    ip(ns.name, ["link", "set", "v1", "up"]);
    if (ifb) {
      ip(ns.name, ["link", "add", "ifb0x", "index", "12", "type", "ifb"]);
      ip(ns.name, ["link", "set", "ifb0x", "up"]);
    }
    return ns;
  } catch (e) {
    ns.remove();
    throw e;
  }
}

const VOLATILE = new Set(["bytes", "packets", "drops", "overlimits", "requeues", "backlog", "qlen", "installed", "last_used", "first_used", "expires", "stats", "tokens", "ctokens", "lended", "borrowed", "giants", "direct_packets_stat", "ref", "bind"]);

/** `tc -j` output with counters and timers removed (recursively), for comparing two namespaces. */
export function stable(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stable);
  if (v !== null && typeof v === "object") {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([k]) => !VOLATILE.has(k)).map(([k, x]) => [k, stable(x)]));
  }
  return v;
}

/**
 * `tc -j ARGS` parsed, counters dropped. tc 6.1 prints htb classes as text
 * even with -j (q_htb.c prints with fprintf); that text is returned as is.
 */
export function tcJson(ns: string, args: readonly string[]): unknown {
  const out = tc(ns, ["-j", ...args]);
  try {
    return stable(JSON.parse(out || "[]"));
  } catch {
    return out;
  }
}

/** What one tc command line gave: exit status, stdout, stderr. */
export interface TcRun { code: number; out: string; err: string }

/** Runs bun-netlink-tc in-process on `-n ns ARGS`. */
export async function oursTc(ns: string, args: string[]): Promise<TcRun> {
  const io = memoryIo("");
  const code = await tcMain(["-n", ns, ...args], io);
  return { code, out: io.stdout, err: io.stderr };
}

/** Runs iproute2's tc on `-n ns ARGS`. */
export function theirsTc(ns: string, args: string[]): TcRun {
  const r = spawnSync("tc", ["-n", ns, ...args], { encoding: "utf8" });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/**
 * Each command line through tc in namespace `a` and bun-netlink-tc in `b`:
 * expects the same status, stdout and stderr (`context` prefixes the
 * failure message).
 */
export async function expectSameTc(a: string, b: string, commands: readonly string[], context = ""): Promise<void> {
  for (const c of commands) {
    const t = theirsTc(a, c.split(" "));
    expect(await oursTc(b, c.split(" ")), `${context}tc ${c}`).toEqual(t);
  }
}
