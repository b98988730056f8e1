/**
 * The addresses every contender uses, so that all of them install exactly
 * the same objects (bench/floor/floor.c, the Go and Python peers and the
 * batch files compute the same values).
 *
 * A million distinct IPv4 /32 routes cannot come from the documentation
 * ranges (three /24s), so destinations and the address workload use
 * 198.18.0.0/15, the block RFC 2544 reserves for benchmarking, and only
 * inside the benchmark's own throwaway namespaces, which have no link to
 * anything. The /15 holds 131,072 addresses: route i goes to table main
 * for i < 131072, then to tables 101, 102, ... (131,072 routes each).
 * Links and gateways use 192.0.2.0/24.
 */

/** First address of the benchmarking block, 198.18.0.0, as a number. */
const BASE = 0xc6120000;

function dotted(v: number): string {
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

/** Destination address of route i ("a.b.c.d"). */
export function routeDstAddr(i: number): string {
  return dotted(BASE + (i & 0x1ffff));
}

/** Destination of route i as "a.b.c.d/32". */
export function routeDstText(i: number): string {
  return `${routeDstAddr(i)}/32`;
}

/** Table of route i: 254 (main) for the first 131072, then 101, 102, ... */
export function routeTable(i: number): number {
  return i >> 17 === 0 ? 254 : 100 + (i >> 17);
}

/** Address i of the address workload (198.18.0.0 + i + 1; a /15 on the link). */
export function addrText(i: number): string {
  return dotted(BASE + i + 1);
}

/** The gateway of every route and the link addresses of the setup. */
export const GATEWAY = "192.0.2.2";
export const LINK_ADDRESS = "192.0.2.1/24";
