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
/** pyroute2 takes ~40 s per 100k-route set (add + delete): it runs the IPv4 /32 set and the dumps only. */
const PY_ONE = { py: "pyroute2 installs only the IPv4 /32 set (about 40 s per 100k-route set)" };

/** Every workload, in run order. */
export const WORKLOADS: Workload[] = [
  routeWorkload("v4-32", S([100_000], [10_000], [1_200])),
  routeWorkload("v4-mix", S([100_000], [10_000], []), PY_ONE),
  routeWorkload("v4-ecmp", S([100_000], [], []), PY_ONE),
  routeWorkload("v6-mix", S([100_000, 1_000_000], [10_000], []), PY_ONE),
  routeWorkload("v6-ecmp", S([100_000], [], [600]), PY_ONE),
  routeWorkload("tables", S([100_000, 1_000_000], [], []), PY_ONE),
  routeDumpWorkload("v4-mix", S([100_000], [], [])),
  routeDumpWorkload("v4-ecmp", S([100_000], [], [])),
  routeDumpWorkload("v6-mix", S([100_000, 1_000_000], [100_000], [1_500])),
  veth, linkDump, addresses, netns, latency, coldStart, memory,
];

