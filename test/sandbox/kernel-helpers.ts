/**
 * Helpers of the sandbox kernel tests: run iproute2 and friends inside a
 * namespace file (nsenter --net, since sandboxes of a temporary base path
 * are not under /run/netns), read /proc/sys there, snapshot the root
 * namespace's network state, and clean a temporary base path completely.
 */
import { existsSync, readdirSync, readFileSync, rmdirSync, unlinkSync } from "node:fs";
import { unmountNetnsAt } from "../../lib/netns/attach.ts";

/** Run a command inside the namespace mounted at `nsPath`; throws with stderr on failure. */
export function inNs(nsPath: string, ...cmd: string[]): string {
  const r = Bun.spawnSync(["nsenter", `--net=${nsPath}`, ...cmd], { stdout: "pipe", stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(`nsenter --net=${nsPath} ${cmd.join(" ")}: ${r.stderr.toString().trim()}`);
  return r.stdout.toString();
}

/** `ip -j ARGS` inside a namespace, parsed. */
export function ipj(nsPath: string, ...args: string[]): any[] {
  const out = inNs(nsPath, "ip", "-j", ...args);
  return out.trim() === "" ? [] : JSON.parse(out);
}

/** A /proc/sys value as a process inside the namespace reads it. */
export function sysctlIn(nsPath: string, rel: string): string {
  return inNs(nsPath, "cat", `/proc/sys/${rel}`).trim();
}

/** `ip ARGS` in the root namespace (read-only uses only). */
function ipRoot(...args: string[]): any[] {
  const r = Bun.spawnSync(["ip", "-j", ...args], { stdout: "pipe", stderr: "pipe" });
  return JSON.parse(r.stdout.toString() || "[]");
}

/** Network sysctls of the calling thread's namespace that the manager could touch. */
function rootSysctls(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const fam of ["ipv4", "ipv6"]) {
    for (const dev of readdirSync(`/proc/sys/net/${fam}/conf`)) {
      for (const knob of ["disable_ipv6", "arp_ignore", "arp_announce", "forwarding", "accept_ra", "rp_filter"]) {
        const p = `/proc/sys/net/${fam}/conf/${dev}/${knob}`;
        if (existsSync(p)) out[p] = readFileSync(p, "utf8").trim();
      }
    }
  }
  for (const p of ["/proc/sys/net/ipv4/ip_forward", "/proc/sys/net/ipv4/vs/conn_reuse_mode", "/proc/sys/net/ipv4/vs/expire_nodest_conn", "/proc/sys/net/ipv4/vs/expire_quiescent_template"]) {
    if (existsSync(p)) out[p] = readFileSync(p, "utf8").trim();
  }
  return out;
}

/** What must not change in the root namespace: links, addresses, routes of every table, sysctls. */
export function rootSnapshot(): unknown {
  return {
    links: ipRoot("link", "show").map((l) => ({ ifindex: l.ifindex, ifname: l.ifname, flags: l.flags, mtu: l.mtu, address: l.address, master: l.master })),
    addrs: ipRoot("addr", "show").flatMap((l) => (l.addr_info ?? []).map((a: any) => `${l.ifname} ${a.local}/${a.prefixlen}`)).sort(),
    routes4: ipRoot("-4", "route", "show", "table", "all").map((r) => JSON.stringify([r.dst, r.gateway, r.dev, r.table, r.protocol, r.scope, r.type])).sort(),
    routes6: ipRoot("-6", "route", "show", "table", "all").map((r) => JSON.stringify([r.dst, r.gateway, r.dev, r.table, r.protocol, r.type])).sort(),
    sysctls: rootSysctls(),
  };
}

/** Detach and remove everything under a temporary base path, then the base itself (a bind mount of itself). */
export function removeBase(base: string): void {
  if (!existsSync(base)) return;
  for (const f of readdirSync(base)) {
    unmountNetnsAt(`${base}/${f}`);
    unlinkSync(`${base}/${f}`);
  }
  while (unmountNetnsAt(base)) {
    // ensureNetnsBase bind-mounted the directory onto itself; undo every layer
  }
  rmdirSync(base);
}

/** Open file descriptors of this process. */
export function fdCount(): number {
  return readdirSync("/proc/self/fd").length;
}

/** Mount points under `prefix` in this process's mount table. */
export function mountsUnder(prefix: string): string[] {
  return readFileSync("/proc/self/mountinfo", "utf8")
    .split("\n")
    .map((l) => l.split(" ")[4] ?? "")
    .filter((m) => m === prefix || m.startsWith(`${prefix}/`));
}
