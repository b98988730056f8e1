/**
 * The addresses every contender uses, so that all of them install exactly
 * the same objects (bench/floor/, the Go and Python peers and the
 * batch files compute the same values).
 *
 * Only documentation ranges are used (192.0.2.0/24, 198.51.100.0/24,
 * 203.0.113.0/24, 2001:db8::/32), and only inside the benchmark's own
 * throwaway namespaces:
 *
 * - Routes: see bench/lib/route-sets.ts (the batch files every contender
 *   reads; 198.18.0.0/15 and 2001:2::/48 destinations inside the
 *   benchmark's namespaces).
 * - Addresses: IPv6 2001:db8:100:X::1/128 with X = i + 1 (hex), added with
 *   the nodad flag. The low 24 bits are the same for all of them, so they
 *   share one solicited-node multicast group: distinct low bits would make
 *   the kernel join a group per address and cost ~3.4 ms each at 10,000.
 *   The warm-up's addresses are 2001:db8:101:X::1/128.
 * - Links and gateways use 192.0.2.0/24 and 2001:db8::/64.
 */

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

