/**
 * Route metrics as the API takes and returns them (`ip route add ... mtu
 * lock 1400 rtt 10ms congctl cubic`), converted to and from the RTA_METRICS
 * nest (RTAX_*, linux/rtnetlink.h). Times are milliseconds: rtt goes on the
 * wire times 8 and rttvar times 4, as iproute2 sends "rtt 10ms"; rtoMin as
 * is. Attributes are written in RTAX order with RTAX_LOCK last, where
 * iproute2 puts it. rtoMin is always locked, as iproute2 does: the kernel
 * only uses RTAX_RTO_MIN when its lock bit is set (tcp_rto_min).
 */
import type { RouteMetrics } from "../../../codecs/route/metrics.ts";
import { RTAX_FEATURE } from "../../../codecs/route/tables.ts";
import { checkBool, checkInt, checkKeys, describe } from "../shared/check.ts";

/** Metrics of a route (all optional). */
export interface RouteMetricsSpec {
  mtu?: number;
  window?: number;
  /** Milliseconds (may be fractional when read back). */
  rtt?: number;
  /** Milliseconds (may be fractional when read back). */
  rttvar?: number;
  ssthresh?: number;
  cwnd?: number;
  advmss?: number;
  reordering?: number;
  hoplimit?: number;
  initcwnd?: number;
  /** RTAX_FEATURE_* names: "ecn" (the one the kernel accepts), "sack", "timestamp", "allfrag". */
  features?: string[];
  /** Milliseconds; always locked (the kernel ignores an unlocked one). */
  rtoMin?: number;
  initrwnd?: number;
  quickack?: boolean;
  /** Congestion control algorithm name (RTAX_CC_ALGO). */
  congctl?: string;
  fastopenNoCookie?: boolean;
  /** Names of the metrics above to lock (RTAX_LOCK), e.g. ["mtu"]. */
  lock?: string[];
}

/** RouteMetricsSpec key -> codec key, in RTAX order. */
const ORDER: ReadonlyArray<[keyof RouteMetricsSpec, keyof RouteMetrics]> = [
  ["mtu", "mtu"], ["window", "window"], ["rtt", "rtt"], ["rttvar", "rttvar"], ["ssthresh", "ssthresh"], ["cwnd", "cwnd"],
  ["advmss", "advmss"], ["reordering", "reordering"], ["hoplimit", "hoplimit"], ["initcwnd", "initcwnd"],
  ["features", "features"], ["rtoMin", "rtoMin"], ["initrwnd", "initrwnd"], ["quickack", "quickack"],
  ["congctl", "ccAlgo"], ["fastopenNoCookie", "fastopenNoCookie"],
];
const KEYS = [...ORDER.map(([k]) => k), "lock"];
const U32 = 0xffffffff;

/** Validate a metrics spec. */
export function checkMetrics(v: unknown, field: string): RouteMetricsSpec {
  const o = checkKeys(v, KEYS, field) as unknown as RouteMetricsSpec;
  const out: RouteMetricsSpec = {};
  for (const [k] of ORDER) {
    const x = o[k];
    if (x === undefined) continue;
    const f = `${field}.${k}`;
    switch (k) {
      case "hoplimit": out.hoplimit = checkInt(x, 0, 255, f); break;
      case "rtt": out.rtt = checkInt(x, 0, Math.floor(U32 / 8), f); break;
      case "rttvar": out.rttvar = checkInt(x, 0, Math.floor(U32 / 4), f); break;
      case "quickack": out.quickack = checkBool(x, f); break;
      case "fastopenNoCookie": out.fastopenNoCookie = checkBool(x, f); break;
      case "features":
        if (!Array.isArray(x)) throw new TypeError(`${f}: expected an array of feature names like ["ecn"], got ${describe(x)}`);
        RTAX_FEATURE.value(x as string[], f);
        out.features = [...(x as string[])];
        break;
      case "congctl":
        if (typeof x !== "string" || !/^[\x21-\x7e]{1,15}$/.test(x)) throw new TypeError(`${f}: ${describe(x)} is not a congestion control name (1..15 printable characters)`);
        out.congctl = x;
        break;
      default: (out as Record<string, number>)[k] = checkInt(x, 0, U32, f);
    }
  }
  if (o.lock !== undefined) {
    if (!Array.isArray(o.lock)) throw new TypeError(`${field}.lock: expected an array of metric names like ["mtu"], got ${describe(o.lock)}`);
    o.lock.forEach((name, i) => {
      if (typeof name !== "string" || !ORDER.some(([k]) => k === name)) throw new TypeError(`${field}.lock[${i}]: ${describe(name)} is not a metric name (known: ${ORDER.map(([k]) => k).join(", ")})`);
    });
    out.lock = [...o.lock];
  }
  if (Object.keys(out).length === 0) throw new TypeError(`${field}: empty; give at least one metric or leave metrics out`);
  return out;
}

/** The RTA_METRICS nest for a checked spec. */
export function metricsAttrs(m: RouteMetricsSpec): RouteMetrics {
  const out: RouteMetrics = {};
  const rec = out as Record<string, unknown>;
  for (const [k, c] of ORDER) {
    const v = m[k];
    if (v === undefined) continue;
    if (k === "rtt") rec[c] = (v as number) * 8;
    else if (k === "rttvar") rec[c] = (v as number) * 4;
    else if (typeof v === "boolean") rec[c] = v ? 1 : 0;
    else rec[c] = v;
  }
  const lock = (m.lock ?? []).map((k) => ORDER.find(([s]) => s === k)![1]);
  if (m.rtoMin !== undefined && !lock.includes("rtoMin")) lock.push("rtoMin");
  if (lock.length > 0) out.lock = lock;
  return out;
}

/** The decoded RTA_METRICS nest a view stands for (the inverse of metricsView: locks exactly as listed). */
export function metricsOfView(m: RouteMetricsSpec): RouteMetrics {
  const out = metricsAttrs(m);
  if (m.lock !== undefined && m.lock.length > 0) out.lock = m.lock.map((k) => ORDER.find(([s]) => s === k)?.[1] ?? k) as RouteMetrics["lock"];
  else delete out.lock;
  return out;
}

/** The API view of a decoded RTA_METRICS nest. */
export function metricsView(m: RouteMetrics): RouteMetricsSpec {
  const out: RouteMetricsSpec = {};
  const rec = out as Record<string, unknown>;
  for (const [k, c] of ORDER) {
    const v = m[c];
    if (v === undefined) continue;
    if (k === "rtt") rec[k] = (v as number) / 8;
    else if (k === "rttvar") rec[k] = (v as number) / 4;
    else if (k === "quickack" || k === "fastopenNoCookie") rec[k] = v !== 0;
    else rec[k] = v;
  }
  if (m.lock !== undefined && m.lock.length > 0) out.lock = m.lock.map((c) => ORDER.find(([, x]) => x === c)?.[0] ?? c);
  return out;
}
