/**
 * The benchmark's workloads in run order, with their sizes per mode (full,
 * quick, micro) and the contenders each leaves out.
 */
import type { Workload } from "../lib/types.ts";
import addresses from "./addresses.ts";
import latency from "./latency.ts";
import linkDump from "./link-dump.ts";
import coldStart from "./cold-start.ts";
import memory from "./memory.ts";
import netns from "./netns.ts";
import { routeDumpWorkload } from "./route-dump.ts";
import { routeWorkload } from "./routes.ts";
import veth from "./veth.ts";

/** Sizes per mode. */
const S = (full: number[], quick: number[], micro: number[]) => ({ full, quick, micro });
/** pyroute2 installs one route per request, ~4 minutes per 100k-route set on a busy machine: it runs the dumps only. */
const PY_NO = { py: "pyroute2 sends one request per route and waits for each (about 4 min per 100k routes on a busy machine)" };

/**
 * The full run keeps to what a shared 2-core machine finishes in under an
 * hour: route sets at 100k (IPv4 /32s, the IPv4 prefix mix, IPv4 ECMP, the
 * multi-table set; the IPv6 mix also at 1M, ip included), dumps of the IPv6
 * mix at 100k and 1M and of IPv4 ECMP at 100k. `--quick` and `--micro`
 * run smaller sizes of a few sets.
 */
export const WORKLOADS: Workload[] = [
  routeWorkload("v4-32", S([100_000], [10_000], [1_200]), PY_NO),
  routeWorkload("v4-mix", S([100_000], [10_000], []), PY_NO),
  routeWorkload("v4-ecmp", S([100_000], [], []), PY_NO),
  // ip -batch at 1M takes ~4 min a run on a busy machine: measured once (a target's baseline), not skipped.
  routeWorkload("v6-mix", S([100_000, 1_000_000], [10_000], []), PY_NO, 420),
  routeWorkload("v6-ecmp", S([], [], [600]), PY_NO),
  routeWorkload("tables", S([100_000], [], []), PY_NO),
  routeDumpWorkload("v4-mix", S([], [], [])),
  routeDumpWorkload("v4-ecmp", S([100_000], [], [])),
  routeDumpWorkload("v6-mix", S([100_000, 1_000_000], [100_000], [1_500])),
  veth, linkDump, addresses, netns, latency, coldStart, memory,
];

