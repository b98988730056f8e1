/**
 * sysctl knobs of a sandbox (osl setIPv6, setSysctls, DisableARPForVIP,
 * ApplyOSTweaks + kernel.ApplyOSTweaks). Every read and write goes through
 * SandboxOs *inside the sandbox's namespace*: /proc/sys/net shows the
 * calling thread's network namespace, so nothing here touches the host's
 * values. Only net.* keys are accepted, because other sysctls are global.
 */
import type { SandboxLogger } from "./logger.ts";
import type { SandboxOs } from "./os.ts";

/** Where a sandbox's sysctls are applied. */
export interface SysctlTarget {
  os: SandboxOs;
  log: SandboxLogger;
  /** Path of the sandbox's namespace file. */
  nsPath: string;
}

/** Sandbox kinds that get OS tweaks (osl SandboxTypeLoadBalancer, SandboxTypeIngress). */
export type SandboxType = "load-balancer" | "ingress";

/** IPVS knobs set for load-balancer and ingress sandboxes (osl ApplyOSTweaks; Documentation/networking/ipvs-sysctl.rst). */
export const IPVS_TWEAKS: ReadonlyArray<readonly [string, string]> = [
  // no special handling on port reuse of existing IPVS connection entries
  ["net.ipv4.vs.conn_reuse_mode", "0"],
  // expire connections whose backend is gone
  ["net.ipv4.vs.expire_nodest_conn", "1"],
  // expire persistent templates of quiesced (weight 0) backends
  ["net.ipv4.vs.expire_quiescent_template", "1"],
];

/** Check one path component of a sysctl (an interface name may contain "."; never "/", "..", NUL). */
function checkComponent(c: string, what: string): void {
  if (c === "" || c === "." || c === ".." || c.includes("/") || c.includes("\0")) {
    throw new TypeError(`${what}: ${JSON.stringify(c)} is not a valid sysctl path component`);
  }
}

/** Build the /proc/sys-relative path from components, the first being "net". */
export function sysctlPath(parts: readonly string[], what = "sysctl"): string {
  if (parts[0] !== "net") throw new TypeError(`${what}: only net.* sysctls are per network namespace, got ${JSON.stringify(parts.join("."))}`);
  for (const p of parts) checkComponent(p, what);
  return parts.join("/");
}

/** A dotted key with no interface name in it (e.g. net.ipv4.vs.conn_reuse_mode) as a /proc/sys path. */
export function dottedSysctlPath(key: string): string {
  return sysctlPath(key.split("."), key);
}

/** A validated per-interface sysctl of addInterface's `sysctls` option. */
export interface InterfaceSysctl {
  /** The key as given, "net.X.Y.IFNAME.Z". */
  key: string;
  /** Components X, Y and Z; the interface's name in the sandbox replaces IFNAME. */
  parts: [string, string, string];
  value: string;
}

/**
 * Parse "net.X.Y.IFNAME.Z=value" (osl setSysctls: exactly five dotted
 * components, the fourth naming the interface, which is replaced by its
 * name in the sandbox). TypeError naming `field` on anything else.
 */
export function parseInterfaceSysctl(s: unknown, field: string): InterfaceSysctl {
  if (typeof s !== "string") throw new TypeError(`${field}: expected "net.X.Y.IFNAME.Z=value", got ${typeof s}`);
  const eq = s.indexOf("=");
  if (eq < 0) throw new TypeError(`${field}: expected sysctl ${JSON.stringify(s)} to have format name=value`);
  const key = s.slice(0, eq);
  const value = s.slice(eq + 1);
  const sk = key.split(".");
  if (sk.length !== 5) throw new TypeError(`${field}: expected sysctl ${JSON.stringify(s)} to have format net.X.Y.IFNAME.Z`);
  sysctlPath([sk[0]!, sk[1]!, sk[2]!, "IFNAME", sk[4]!], field);
  if (/[\0\n]/.test(value)) throw new TypeError(`${field}: the value of ${JSON.stringify(key)} must not contain NUL or a newline`);
  return { key, parts: [sk[1]!, sk[2]!, sk[4]!], value };
}

/**
 * osl setIPv6: write disable_ipv6 (0 to enable, 1 to disable) of `iface`
 * ("all", "lo" or a link name) inside the sandbox. A kernel without IPv6
 * (no such file) only gets a warning, as in the seed; other failures throw.
 */
export function setIPv6(t: SysctlTarget, iface: string, enable: boolean): void {
  const rel = sysctlPath(["net", "ipv6", "conf", iface, "disable_ipv6"], "iface");
  if (t.os.readSysctl(t.nsPath, rel) === undefined) {
    t.log.warn("Cannot configure IPv6 forwarding on container interface. Has IPv6 been disabled in this node's kernel?", { path: `/proc/sys/${rel}`, netns: t.nsPath });
    return;
  }
  try {
    t.os.writeSysctl(t.nsPath, rel, enable ? "0" : "1");
  } catch (e) {
    throw new Error(`failed to ${enable ? "enable" : "disable"} IPv6 forwarding for container's interface ${iface}: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * osl setSysctls: for each sysctl, the file /proc/sys/net/X/Y/<ifName>/Z
 * must exist; it is written only when its value differs (so a read-only
 * /proc/sys with the right values is fine).
 */
export function setInterfaceSysctls(t: SysctlTarget, ifName: string, sysctls: readonly InterfaceSysctl[]): void {
  for (const sc of sysctls) {
    const rel = sysctlPath(["net", sc.parts[0], sc.parts[1], ifName, sc.parts[2]], sc.key);
    const cur = t.os.readSysctl(t.nsPath, rel);
    if (cur === undefined) throw new Error(`/proc/sys/${rel} is not a sysctl file`);
    if (cur === sc.value) continue;
    try {
      t.os.writeSysctl(t.nsPath, rel, sc.value);
    } catch (e) {
      throw new Error(`unable to write to '/proc/sys/${rel}': ${(e as Error).message}`, { cause: e });
    }
  }
}

/** osl DisableARPForVIP's writes: arp_ignore=1 and arp_announce=2 for `dstName`. */
export function disableArp(t: SysctlTarget, dstName: string): void {
  for (const [knob, value] of [["arp_ignore", "1"], ["arp_announce", "2"]] as const) {
    const rel = sysctlPath(["net", "ipv4", "conf", dstName, knob], "interface");
    try {
      t.os.writeSysctl(t.nsPath, rel, value);
    } catch (e) {
      throw new Error(`Failed to set /proc/sys/${rel} to ${value}: ${(e as Error).message}`, { cause: e });
    }
  }
}

/**
 * kernel.ApplyOSTweaks for the given knobs: read each one; a knob the
 * kernel lacks (e.g. ip_vs not loaded) is skipped with a warning; a value
 * already right is left alone; a failed write is logged and skipped.
 * Returns what was written.
 */
export function applyTweaks(t: SysctlTarget, knobs: ReadonlyArray<readonly [string, string]>): string[] {
  const written: string[] = [];
  for (const [key, value] of knobs) {
    const rel = dottedSysctlPath(key);
    const old = t.os.readSysctl(t.nsPath, rel);
    if (old === undefined) {
      t.log.warn(`kernel parameter ${key} is not available; skipped`, { key, netns: t.nsPath });
      continue;
    }
    if (old === value) continue;
    try {
      t.os.writeSysctl(t.nsPath, rel, value);
      written.push(key);
      t.log.debug(`updated kernel parameter ${key} = ${value} (was ${old})`, { key, netns: t.nsPath });
    } catch (e) {
      t.log.error(`error setting the kernel parameter ${key} = ${value}, (leaving as ${old})`, { key, error: (e as Error).message });
    }
  }
  return written;
}

/** Validate applyOsTweaks' `types` argument. */
export function checkSandboxTypes(types: unknown): SandboxType[] {
  if (!Array.isArray(types)) throw new TypeError(`types: expected an array of "load-balancer" | "ingress", got ${typeof types}`);
  types.forEach((t, i) => {
    if (t !== "load-balancer" && t !== "ingress") throw new TypeError(`types[${i}]: ${JSON.stringify(t)} is not a sandbox type ("load-balancer" or "ingress")`);
  });
  return types as SandboxType[];
}
