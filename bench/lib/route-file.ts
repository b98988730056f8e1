/**
 * Reading a route batch file (bench/lib/route-sets.ts) into the library's
 * RouteSpec objects, for the library contender (before its clock starts):
 * `route add PREFIX [via GW] [dev D] [table T]` or
 * `route add PREFIX nexthop via GW dev D nexthop ...`.
 */
import { readFileSync } from "node:fs";
import type { RouteSpec } from "../../lib/rtnl/route/api.ts";

/** The routes of a batch file, in file order. */
export function readRouteFile(path: string): RouteSpec[] {
  const out: RouteSpec[] = [];
  for (const [ln, line] of readFileSync(path, "utf8").split("\n").entries()) {
    const w = line.trim().split(/\s+/);
    if (w.length < 3) continue;
    if (w[0] !== "route" || w[1] !== "add") throw new Error(`${path}:${ln + 1}: not a route add line`);
    const spec: RouteSpec = { dst: w[2]! };
    let hop: { gateway?: string; dev?: string } = spec as { gateway?: string; dev?: string };
    for (let i = 3; i < w.length; i += 2) {
      let k = w[i]!;
      if (k === "nexthop") {
        hop = {};
        (spec.multipath ??= []).push(hop);
        k = w[++i]!;
      }
      const v = w[i + 1];
      if (v === undefined) throw new Error(`${path}:${ln + 1}: ${k} needs a value`);
      if (k === "via") hop.gateway = v;
      else if (k === "dev") hop.dev = v;
      else if (k === "table") spec.table = Number(v);
      else throw new Error(`${path}:${ln + 1}: unknown keyword ${k}`);
    }
    out.push(spec);
  }
  return out;
}

/** Table of a spec as a number (main when absent). */
export function tableOf(spec: RouteSpec): number {
  return typeof spec.table === "number" ? spec.table : 254;
}
