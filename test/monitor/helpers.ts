/**
 * Helpers for monitor and fault tests: run `ip` in a namespace, and reduce
 * both iproute2's JSON (`ip -j ...`) and a watch's tables to the same
 * canonical, sorted lines so "the table equals the kernel's" is one
 * `toEqual`.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readlinkSync } from "node:fs";
import { expect } from "vitest";
import { currentNetnsId } from "../../lib/netns/handle.ts";
import { ROOT_NETNS_ID } from "../helpers/netns.ts";
import type { WatchTables } from "../../lib/monitor/table.ts";

/** Run `ip -n ns ...args`; throws with stderr on failure; returns stdout. */
export function ip(ns: string, ...args: string[]): string {
  const r = spawnSync("ip", ["-n", ns, ...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`ip -n ${ns} ${args.join(" ")}: ${r.stderr || r.error}`);
  return r.stdout;
}

/** Run `ip -n ns -batch -` with `lines` on stdin (one command per line). */
export function ipBatch(ns: string, lines: string[]): void {
  const r = spawnSync("ip", ["-n", ns, "-batch", "-"], { input: lines.join("\n") + "\n", encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`ip -batch: ${r.stderr}`);
}

/** Parsed `ip -j -n ns ...args`. */
export function ipJson<T = any>(ns: string, ...args: string[]): T[] {
  const out = ip(ns, "-j", ...args).trim();
  return out === "" ? [] : (JSON.parse(out) as T[]);
}

/** Poll `cond` every 10 ms until true or `timeoutMs` passes (then throws with `what`). */
export async function waitFor(cond: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!cond()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function fullPrefix(dst: string, v6: boolean): string {
  if (dst === "default") return v6 ? "::/0" : "0.0.0.0/0";
  return dst.includes("/") ? dst : `${dst}/${v6 ? 128 : 32}`;
}

interface IpRoute {
  dst: string;
  type?: string;
  table?: string;
  dev?: string;
  gateway?: string;
  metric?: number;
  nexthops?: Array<{ dev?: string; gateway?: string }>;
}

/** Every IPv4 and IPv6 route of every table as `family|table|type|dst|hops|metric` lines, from iproute2. */
export function routeLinesFromIp(ns: string): string[] {
  const out: string[] = [];
  for (const [flag, v6] of [["-4", false], ["-6", true]] as const) {
    for (const r of ipJson<IpRoute>(ns, flag, "route", "show", "table", "all")) {
      const hops = r.nexthops ? r.nexthops.map((h) => `${h.dev ?? ""}/${h.gateway ?? ""}`).sort().join(",") : `${r.dev ?? ""}/${r.gateway ?? ""}`;
      out.push(`${v6 ? 10 : 2}|${r.table ?? "main"}|${r.type ?? "unicast"}|${fullPrefix(r.dst, v6)}|${hops}|${r.metric ?? 0}`);
    }
  }
  return out.sort();
}

/** The same lines from a watch's route table (interface names from its link table). */
export function routeLinesFromTables(t: WatchTables): string[] {
  const names = new Map<number, string>();
  for (const l of t.links.values()) names.set(l.ifindex, l.name);
  const dev = (i: number | undefined) => (i === undefined ? "" : (names.get(i) ?? `if${i}`));
  const out: string[] = [];
  for (const r of t.routes.values()) {
    const v6 = r.family === "inet6";
    const hops = r.multipath ? r.multipath.map((h) => `${dev(h.ifindex)}/${h.gateway ?? ""}`).sort().join(",") : `${dev(r.ifindex)}/${r.gateway ?? ""}`;
    out.push(`${v6 ? 10 : 2}|${String(r.table)}|${String(r.type)}|${fullPrefix(r.dst, v6)}|${hops}|${r.metric ?? 0}`);
  }
  return out.sort();
}

/** Links as `ifindex|ifname|UP?` from iproute2. */
export function linkLinesFromIp(ns: string): string[] {
  return ipJson<{ ifindex: number; ifname: string; flags: string[] }>(ns, "link", "show")
    .map((l) => `${l.ifindex}|${l.ifname}|${l.flags.includes("UP") ? "up" : "down"}`)
    .sort();
}

/** Links as `ifindex|ifname|UP?` from a watch. */
export function linkLinesFromTables(t: WatchTables): string[] {
  return [...t.links.values()].map((l) => `${l.ifindex}|${l.name}|${l.flags.includes("UP") ? "up" : "down"}`).sort();
}

/** Addresses as `ifindex|local/prefixlen` from iproute2. */
export function addressLinesFromIp(ns: string): string[] {
  const out: string[] = [];
  for (const l of ipJson<{ ifindex: number; addr_info: Array<{ local: string; prefixlen: number }> }>(ns, "addr", "show")) {
    for (const a of l.addr_info) out.push(`${l.ifindex}|${a.local}/${a.prefixlen}`);
  }
  return out.sort();
}

/** Addresses as `ifindex|local/prefixlen` from a watch. */
export function addressLinesFromTables(t: WatchTables): string[] {
  return [...t.addresses.values()].map((a) => `${a.ifindex}|${a.local}/${a.prefixlen}`).sort();
}

/**
 * Neighbours as `dev|dst|lladdr` from iproute2 (ARP and NDP), without the
 * states a watch does not track (NONE, INCOMPLETE, NOARP: created silently).
 */
export function neighbourLinesFromIp(ns: string): string[] {
  const silent = ["NONE", "INCOMPLETE", "NOARP"];
  return ipJson<{ dst: string; dev: string; lladdr?: string; state?: string[] }>(ns, "neigh", "show", "nud", "all")
    .filter((n) => n.state !== undefined && n.state.length > 0 && !n.state.some((s) => silent.includes(s)))
    .map((n) => `${n.dev}|${n.dst}|${n.lladdr ?? ""}`)
    .sort();
}

/** Neighbours as `dev|dst|lladdr` from a watch. */
export function neighbourLinesFromTables(t: WatchTables): string[] {
  const names = new Map<number, string>();
  for (const l of t.links.values()) names.set(l.ifindex, l.name);
  return [...t.neighbours.values()].map((n) => `${names.get(n.ifindex) ?? n.ifindex}|${String(n.dst)}|${n.lladdr ?? ""}`).sort();
}

/** Assert the JS thread is back in the namespace the test process started in (use in afterEach). */
export function expectOriginalNetns(): void {
  expect(currentNetnsId()).toBe(ROOT_NETNS_ID);
}

/** What this process's fds point at (readlink of /proc/self/fd/N), by fd number. */
export function openFds(): Map<number, string> {
  const out = new Map<number, string>();
  for (const name of readdirSync("/proc/self/fd")) {
    try {
      out.set(Number(name), readlinkSync(`/proc/self/fd/${name}`));
    } catch {
      // the fd of the directory listing itself is gone by now
    }
  }
  return out;
}

/** Number of open socket fds of this process. */
export function socketCount(): number {
  let n = 0;
  for (const t of openFds().values()) if (t.startsWith("socket:")) n++;
  return n;
}

/** Lines only in `got` / only in `want`, for readable failures; [] when equal. */
export function lineDiff(got: string[], want: string[], what = ""): string[] {
  const out: string[] = [];
  for (const l of got) if (!want.includes(l)) out.push(`${what}only in the watch: ${l}`);
  for (const l of want) if (!got.includes(l)) out.push(`${what}only in the kernel: ${l}`);
  return out;
}
