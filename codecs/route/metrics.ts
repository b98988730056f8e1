/**
 * RTA_METRICS: the nested RTAX_* attributes (`metrics` set in
 * rt-route.yaml, enum RTAX_* in linux/rtnetlink.h). The kernel and
 * iproute2 both send the nest without NLA_F_NESTED.
 *
 * `lock` is the RTAX_LOCK bit mask decoded to the names of the locked
 * metrics; `features` is RTAX_FEATURE_* decoded to names; rtt, rttvar and
 * rtoMin are in the kernel's units (ms, with rtt/rttvar scaled by 8/4 as
 * iproute2 sends them); ccAlgo is the congestion-control name.
 *
 * RTAX_CC_ALGO is NUL-terminated when the kernel sends it but iproute2
 * sends it without the NUL (the kernel's nla_strscpy takes both), so the
 * decoder accepts both and each flavour of the set writes its own form.
 */
import { attrSet } from "../core/attrset.ts";
import { DecodeError } from "../core/errors.ts";
import { custom, decodeString, flagsField, u32, type Field } from "../core/fields.ts";
import { RTAX_FEATURE, RTAX_LOCK } from "./tables.ts";

/** Attribute numbers of the metrics set (RTAX_*). */
export const RTAX = {
  LOCK: 1, MTU: 2, WINDOW: 3, RTT: 4, RTTVAR: 5, SSTHRESH: 6, CWND: 7, ADVMSS: 8,
  REORDERING: 9, HOPLIMIT: 10, INITCWND: 11, FEATURES: 12, RTO_MIN: 13, INITRWND: 14,
  QUICKACK: 15, CC_ALGO: 16, FASTOPEN_NO_COOKIE: 17,
} as const;

/** A string with an optional NUL on decode; `nul` chooses whether encode writes one. */
export function looseString(type: number, nul: boolean): Field<string> {
  return custom<string>(type, (b, _dv, off, len, path) => {
    let end = off + len;
    if (len > 0 && b[end - 1] === 0) end--;
    for (let i = off; i < end; i++) if (b[i] === 0) throw new DecodeError("string has a NUL byte before its end", path, i);
    return decodeString(b, off, end);
  }, (w, v, path) => {
    if (typeof v !== "string") throw new TypeError(`${path}: expected a string`);
    if (v.includes("\0")) throw new TypeError(`${path}: string contains a NUL byte`);
    w.string(v, nul);
  });
}

/** Build the RTA_METRICS set; `ccNul` writes RTAX_CC_ALGO NUL-terminated (kernel form) or not (iproute2 form). */
export function makeMetricsAttrs(ccNul: boolean) {
  return attrSet("metrics", {
    lock: flagsField(RTAX.LOCK, 4, RTAX_LOCK),
    mtu: u32(RTAX.MTU),
    window: u32(RTAX.WINDOW),
    rtt: u32(RTAX.RTT),
    rttvar: u32(RTAX.RTTVAR),
    ssthresh: u32(RTAX.SSTHRESH),
    cwnd: u32(RTAX.CWND),
    advmss: u32(RTAX.ADVMSS),
    reordering: u32(RTAX.REORDERING),
    hoplimit: u32(RTAX.HOPLIMIT),
    initcwnd: u32(RTAX.INITCWND),
    features: flagsField(RTAX.FEATURES, 4, RTAX_FEATURE),
    rtoMin: u32(RTAX.RTO_MIN),
    initrwnd: u32(RTAX.INITRWND),
    quickack: u32(RTAX.QUICKACK),
    ccAlgo: looseString(RTAX.CC_ALGO, ccNul),
    fastopenNoCookie: u32(RTAX.FASTOPEN_NO_COOKIE),
  });
}

/** The RTA_METRICS nest as the kernel writes it. */
export const metricsAttrs = makeMetricsAttrs(true);

/** The decoded RTA_METRICS nest. */
export type RouteMetrics = typeof metricsAttrs._type;
