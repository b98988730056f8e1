/**
 * The addresses every contender uses, so that all of them install exactly
 * the same objects (bench/floor/floor.c, the Go and Python peers and the
 * batch files compute the same values).
 *
 * Only documentation ranges are used (192.0.2.0/24, 198.51.100.0/24,
 * 203.0.113.0/24, 2001:db8::/32), and only inside the benchmark's own
 * throwaway namespaces:
 *
 * - Routes: the destination pool is the 512 addresses of 198.51.100.0/24
 *   and 203.0.113.0/24 as /32s (pool[j], j in 0..511). Route i goes to
 *   pool[i % 512] in table 254 (main) for i < 512, then in table
 *   999 + floor(i / 512) (1000, 1001, ...), so every (dst, table) pair is
 *   distinct: a million routes use main plus 1,953 tables (up to 2952,
 *   sent as RTA_TABLE since they exceed 255).
 * - The untimed warm-up's routes: pool[i % 512] in tables 240 and 241.
 * - Addresses: IPv6 2001:db8:100:X::1/128 with X = i + 1 (hex), added with
 *   the nodad flag. The low 24 bits are the same for all of them, so they
 *   share one solicited-node multicast group: distinct low bits would make
 *   the kernel join a group per address and cost ~3.4 ms each at 10,000.
 *   The warm-up's addresses are 2001:db8:101:X::1/128.
 * - Links and gateways use 192.0.2.0/24.
 */

/** Number of route destinations: 198.51.100.0/24 then 203.0.113.0/24. */
export const POOL_SIZE = 512;

/** Destination j (0..511) of the pool as a 32-bit number. */
export function poolAddr(j: number): number {
  return ((j < 256 ? 0xc6336400 : 0xcb007100) + (j & 255)) >>> 0;
}

function dotted(v: number): string {
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

/** Destination address of route i ("a.b.c.d"): pool[i % 512]. */
export function routeDstAddr(i: number): string {
  return dotted(poolAddr(i % POOL_SIZE));
}

/** Destination of route i as "a.b.c.d/32". */
export function routeDstText(i: number): string {
  return `${routeDstAddr(i)}/32`;
}

/** Table of route i: 254 (main) for the first 512, then 1000, 1001, ... (512 routes each). */
export function routeTable(i: number): number {
  const k = Math.floor(i / POOL_SIZE);
  return k === 0 ? 254 : 999 + k;
}

/** Table of warm-up route i (0..999, destination routeDstAddr(i)): 240 + floor(i / 512). */
export function warmRouteTable(i: number): number {
  return 240 + Math.floor(i / POOL_SIZE);
}

/** Most addresses the address workload can name (X is one 16-bit group). */
export const MAX_ADDRESSES = 0xfffe;

/** Address i of the address workload, without the length: 2001:db8:100:X::1, X = i + 1 in hex. */
export function addrText(i: number): string {
  if (!(Number.isInteger(i) && i >= 0 && i < MAX_ADDRESSES)) throw new RangeError(`address index ${i} out of range`);
  return `2001:db8:100:${(i + 1).toString(16)}::1`;
}

/** Warm-up address i (0..99): 2001:db8:101:X::1, X = i + 1 in hex. */
export function warmAddrText(i: number): string {
  return `2001:db8:101:${(i + 1).toString(16)}::1`;
}

/** Prefix length of the workload's addresses. */
export const ADDR_PREFIX_LEN = 128;

/** The gateway of every route and the link addresses of the setup. */
export const GATEWAY = "192.0.2.2";
export const LINK_ADDRESS = "192.0.2.1/24";
