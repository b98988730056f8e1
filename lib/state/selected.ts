/**
 * The sysctls an export reads: the namespace-wide ones always, the
 * per-link ones only where they differ from the namespace's `default`
 * (what a new link inherits).
 */

/** Namespace-wide sysctls (net.ipv4.conf.all.forwarding is the same switch as ip_forward). */
export const GLOBAL_SYSCTLS: readonly string[] = ["net.ipv4.ip_forward", "net.ipv6.conf.all.forwarding"];

/** Per-link IPv4 sysctls (also read for `all` and `default`). */
export const IPV4_CONF = ["forwarding", "rp_filter", "proxy_arp", "accept_local", "route_localnet", "arp_ignore", "arp_announce", "arp_filter"] as const;
/** Per-link IPv6 sysctls (also read for `all` and `default`). */
export const IPV6_CONF = ["forwarding", "disable_ipv6", "accept_ra", "accept_dad", "autoconf"] as const;

/** Keys of one link's (or `all`'s, `default`'s) selected sysctls. */
export function linkSysctls(dev: string): string[] {
  return [...IPV4_CONF.map((k) => `net.ipv4.conf.${dev}.${k}`), ...IPV6_CONF.map((k) => `net.ipv6.conf.${dev}.${k}`)];
}

/** /proc/sys path of a dotted key (validated by the document schema: net.* and no "/" or ".."). */
export function sysctlFile(key: string): string {
  if (!/^net(\.[A-Za-z0-9_@+-]+)+$/.test(key)) throw new TypeError(`sysctl: ${JSON.stringify(key)} is not a net.* sysctl key`);
  return `/proc/sys/${key.split(".").join("/")}`;
}
