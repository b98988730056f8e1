/**
 * The route sets of the route workloads, written once per run as an
 * iproute2 batch file that every contender reads: ip and the CLI run it
 * with `-batch`, the C floor, the library and the Go and Python peers
 * parse it before their clock starts (bench/floor/routes.c, `floor route-add FILE`,
 * bench/contenders/ours.ts, the peers), so all of them install exactly the
 * same routes in the same order.
 *
 * Address ranges: the RFC 2544 benchmarking blocks 198.18.0.0/15 and
 * 2001:2::/48 for destinations (only inside the benchmark's throwaway
 * namespaces), documentation ranges for links and gateways (192.0.2.0/24,
 * 2001:db8::/64 on v0) and for the multi-table set. Nothing else.
 *
 * Sets (all but "tables": distinct destinations, one table, main):
 * - `v4-32`: IPv4 /32s of 198.18.0.0/15 (at most 131,072), via 192.0.2.2.
 * - `v4-mix`: IPv4 prefixes /16 to /32 inside 198.18.0.0/15 (a /15 holds
 *   no shorter prefix, so the /8-/15 of a real table cannot be had), the
 *   count per length "water-filled": equal shares, a length with fewer
 *   prefixes than its share gives all it has and the rest is shared by the
 *   others. At 100k: every /16-/29 (32,766), ~22.4k each of /30, /31, /32.
 * - `v4-ecmp`: the `v4-mix` prefixes with two next hops (192.0.2.2, .3).
 * - `v6-mix`: IPv6 prefixes inside 2001:2::/48: the lengths /48-/64 (a
 *   /48 holds no shorter prefix, so the /16-/47 of a real table cannot be
 *   had) plus /72, /80, /96, /112, /128, water-filled the same way; via
 *   2001:db8::2. At 1M: every /48-/64 (131,071), ~173.8k each of the five
 *   longer lengths.
 * - `v6-ecmp`: the `v6-mix` prefixes with two next hops (2001:db8::2, ::3).
 * - `tables`: the earlier multi-table case: /32s of 198.51.100.0/24 and
 *   203.0.113.0/24 (512 destinations), route i to pool[i % 512] in main
 *   for i < 512, then in table 999 + floor(i / 512).
 *
 * Within a length the chosen prefixes are evenly spaced over the block;
 * the lines of the one-table sets are shuffled with a fixed seed (a route
 * feed arrives in no particular order), the `tables` set keeps its order.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The route sets. */
export const ROUTE_SETS = ["v4-32", "v4-mix", "v4-ecmp", "v6-mix", "v6-ecmp", "tables"] as const;
export type RouteSetId = (typeof ROUTE_SETS)[number];

/** Address family of a set's routes (4 or 6). */
export function setFamily(id: RouteSetId): 4 | 6 {
  return id.startsWith("v6") ? 6 : 4;
}

/** A short description of a set for tables. */
export const SET_TITLES: Record<RouteSetId, string> = {
  "v4-32": "IPv4 /32s, one table",
  "v4-mix": "IPv4 /16-/32 mix, one table",
  "v4-ecmp": "IPv4 /16-/32 mix, 2-way ECMP, one table",
  "v6-mix": "IPv6 /48-/128 mix, one table",
  "v6-ecmp": "IPv6 /48-/128 mix, 2-way ECMP, one table",
  tables: "IPv4 /32s over main + tables 1000+",
};

const V4_BASE = 0xc6120000; // 198.18.0.0/15
const V4_LENGTHS = Array.from({ length: 17 }, (_, i) => 16 + i); // /16../32
const V6_LENGTHS = [...Array.from({ length: 17 }, (_, i) => 48 + i), 72, 80, 96, 112, 128];

/** Prefixes of length `len` inside a /`base` block. */
function available(base: number, len: number): bigint {
  return 1n << BigInt(len - base);
}

/** Counts per length: equal shares, a length short of its share gives all it has, the rest shared by the others. */
export function waterFill(base: number, lengths: number[], n: number): Map<number, number> {
  const out = new Map<number, number>();
  let left = n;
  let open = [...lengths].sort((a, b) => a - b);
  while (left > 0 && open.length > 0) {
    const share = Math.ceil(left / open.length);
    const short = open.filter((l) => available(base, l) < BigInt(share));
    if (short.length === 0) {
      const k = open.length;
      for (const [i, l] of open.entries()) out.set(l, Math.floor(left / k) + (i < left % k ? 1 : 0));
      left = 0;
      break;
    }
    for (const l of short) {
      const take = Number(available(base, l));
      out.set(l, take);
      left -= take;
    }
    open = open.filter((l) => !short.includes(l));
  }
  if (left > 0) throw new RangeError(`the block holds fewer than ${n} distinct prefixes of these lengths`);
  return out;
}

/** Largest size a set can have. */
export function maxSize(id: RouteSetId): number {
  if (id === "v4-32") return 131_072;
  if (id === "v4-mix" || id === "v4-ecmp") return 2 ** 18 - 2 ** 15 - 2; // /16../32 in a /15
  if (id === "tables") return 2_000_000;
  return 100_000_000;
}

function dotted(v: number): string {
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

/** IPv6 2001:2:0:... with the 48 bits below the /48 set to `hi` (the last 32 bits zero), uncompressed groups. */
function v6(hi: number): string {
  const g0 = Math.floor(hi / 2 ** 32), g1 = Math.floor(hi / 2 ** 16) % 65536, g2 = hi % 65536;
  return `2001:2:0:${g0.toString(16)}:${g1.toString(16)}:${g2.toString(16)}:0:0`;
}

/** Destinations of a one-table set ("a.b.c.d/L" or "2001:2:...::/L"), in file order. */
function destinations(id: RouteSetId, n: number): string[] {
  const out: string[] = [];
  if (id === "v4-32") {
    for (let j = 0; j < n; j++) out.push(`${dotted((V4_BASE + Math.floor((j * 131_072) / n)) >>> 0)}/32`);
  } else if (setFamily(id) === 4) {
    for (const [len, c] of waterFill(15, V4_LENGTHS, n)) {
      const avail = 2 ** (len - 15);
      for (let j = 0; j < c; j++) out.push(`${dotted((V4_BASE + Math.floor((j * avail) / c) * 2 ** (32 - len)) >>> 0)}/${len}`);
    }
  } else {
    for (const [len, c] of waterFill(48, V6_LENGTHS, n)) {
      // Evenly spaced: prefix j of c at j/c of the block; 48 bits are enough to keep up to 2^24 of any length apart.
      const bits = Math.min(len, 96) - 48;
      for (let j = 0; j < c; j++) out.push(`${v6(Math.floor((j / c) * 2 ** bits) * 2 ** (48 - bits))}/${len}`);
    }
  }
  return shuffle(out, 0x5eed17);
}

/** Fisher-Yates with mulberry32(seed): the same order on every run. */
function shuffle<T>(a: T[], seed: number): T[] {
  let s = seed >>> 0;
  const rnd = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** Destination i of the multi-table set: pool[i % 512] (198.51.100.0/24 then 203.0.113.0/24) as a /32. */
function poolDst(i: number): string {
  const j = i % 512;
  return `${dotted(((j < 256 ? 0xc6336400 : 0xcb007100) + (j & 255)) >>> 0)}/32`;
}

/** `ip route add` lines of a set of n routes. */
export function addLines(id: RouteSetId, n: number): string[] {
  if (n > maxSize(id)) throw new RangeError(`route set ${id} holds at most ${maxSize(id)} routes, not ${n}`);
  if (id === "tables") return Array.from({ length: n }, (_, i) => `route add ${poolDst(i)} via 192.0.2.2 dev v0${i < 512 ? "" : ` table ${999 + Math.floor(i / 512)}`}`);
  const v4 = setFamily(id) === 4;
  const via = v4 ? "via 192.0.2.2 dev v0" : "via 2001:db8::2 dev v0";
  const ecmp = v4 ? "nexthop via 192.0.2.2 dev v0 nexthop via 192.0.2.3 dev v0" : "nexthop via 2001:db8::2 dev v0 nexthop via 2001:db8::3 dev v0";
  const tail = id.endsWith("ecmp") ? ecmp : via;
  return destinations(id, n).map((d) => `route add ${d} ${tail}`);
}

/** `ip route del` lines for the routes of `addLines` (the destination and table of each). */
export function delLines(add: string[]): string[] {
  return add.map((l) => {
    const w = l.split(" ");
    const t = w.indexOf("table");
    return `route del ${w[2]}${t > 0 ? ` table ${w[t + 1]}` : ""}`;
  });
}

/** Write (once per run) the add and delete batch files of a set; their paths. */
export function routeFiles(dir: string, id: RouteSetId, n: number): { add: string; del: string } {
  const add = join(dir, `routes-${id}-${n}.batch`);
  const del = join(dir, `routes-${id}-${n}-del.batch`);
  if (!existsSync(add)) {
    const lines = addLines(id, n);
    writeFileSync(add, lines.join("\n") + "\n");
    writeFileSync(del, delLines(lines).join("\n") + "\n");
  }
  return { add, del };
}
