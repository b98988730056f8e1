/**
 * Lightweight-tunnel encapsulation of routes and nexthops as the API takes
 * and returns it (`ip route add ... encap mpls 100/200`, `encap seg6 mode
 * encap segs A,B`), converted to and from the typed RTA_ENCAP payload of
 * codecs/route/encap.ts (linux/mpls_iptunnel.h, linux/seg6_iptunnel.h).
 */
import { toHex } from "../../../codecs/core/hex.ts";
import { encodeEncap, type Encap, type MplsEncap, type Seg6Encap } from "../../../codecs/route/encap.ts";
import { checkAddr, checkInt, checkKeys, describe } from "../shared/check.ts";

/** MPLS label push: labels outermost first, like `encap mpls 100/200`. */
export interface MplsEncapSpec {
  type: "mpls";
  labels: number[];
  /** MPLS_IPTUNNEL_TTL (`ttl N`). */
  ttl?: number;
}

/** SRv6 encapsulation or insertion: segments in the order the packet visits them, like `segs A,B`. */
export interface Seg6EncapSpec {
  type: "seg6";
  /** Default "encap". */
  mode?: "inline" | "encap" | "l2encap" | "encap.red" | "l2encap.red";
  segments: string[];
}

/**
 * An IP or IPv6 tunnel-metadata encap (`encap ip|ip6 ...`, LWTUNNEL_IP_* /
 * LWTUNNEL_IP6_* attributes of linux/lwtunnel.h) given as its encoded
 * attribute payload in hex, e.g. as the CLI builds it in ip's argument order.
 */
export interface RawIpEncapSpec {
  type: "ip" | "ip6";
  /** The RTA_ENCAP payload (the LWTUNNEL_IP*_ attributes), hex. */
  data: string;
}

/** The encapsulations the API builds. */
export type RouteEncapSpec = MplsEncapSpec | Seg6EncapSpec | RawIpEncapSpec;

/** An encapsulation read back: typed for mpls and seg6, raw (hex payload) for other types. */
export type RouteEncap = MplsEncapSpec | (Required<Seg6EncapSpec> & { tlvs?: string }) | { type: string | number; data: string };

const MPLS_LABEL_MAX = 0xfffff;
const MAX_LABELS = 30;
const SEG6_MODES = ["inline", "encap", "l2encap", "encap.red", "l2encap.red"];

/** Validate an encap spec. */
export function checkEncap(v: unknown, field: string): RouteEncapSpec {
  if (v === null || typeof v !== "object") throw new TypeError(`${field}: expected { type: "mpls", labels } or { type: "seg6", segments }, got ${describe(v)}`);
  const t = (v as { type?: unknown }).type;
  if (t === "mpls") {
    const o = checkKeys(v, ["type", "labels", "ttl"], field);
    if (!Array.isArray(o.labels) || o.labels.length === 0 || o.labels.length > MAX_LABELS) throw new TypeError(`${field}.labels: expected 1..${MAX_LABELS} MPLS labels, got ${describe(o.labels)}`);
    const labels = o.labels.map((l, i) => checkInt(l, 0, MPLS_LABEL_MAX, `${field}.labels[${i}]`));
    const out: MplsEncapSpec = { type: "mpls", labels };
    if (o.ttl !== undefined) out.ttl = checkInt(o.ttl, 0, 255, `${field}.ttl`);
    return out;
  }
  if (t === "seg6") {
    const o = checkKeys(v, ["type", "mode", "segments"], field);
    const mode = o.mode === undefined ? "encap" : o.mode;
    if (typeof mode !== "string" || !SEG6_MODES.includes(mode)) throw new TypeError(`${field}.mode: ${describe(mode)} is not a seg6 mode (expected ${SEG6_MODES.join(", ")})`);
    if (!Array.isArray(o.segments) || o.segments.length === 0 || o.segments.length > 128) throw new TypeError(`${field}.segments: expected 1..128 IPv6 addresses, got ${describe(o.segments)}`);
    const segments = o.segments.map((s, i) => checkAddr(s, `${field}.segments[${i}]`, 10).text);
    return { type: "seg6", mode: mode as Seg6EncapSpec["mode"], segments };
  }
  if (t === "ip" || t === "ip6") {
    const o = checkKeys(v, ["type", "data"], field);
    if (typeof o.data !== "string" || !/^([0-9a-f]{2})*$/i.test(o.data) || o.data.length % 8 !== 0) throw new TypeError(`${field}.data: expected the encap attributes as hex (a multiple of 4 bytes), got ${describe(o.data)}`);
    return { type: t, data: o.data.toLowerCase() };
  }
  throw new TypeError(`${field}.type: ${describe(t)} is not an encap type this API builds (expected "mpls", "seg6", "ip" or "ip6")`);
}

/** RTA_ENCAP + RTA_ENCAP_TYPE (in that order, as iproute2 writes them) for a checked spec. */
export function encapAttrs(e: RouteEncapSpec): { encap: Encap; encapType: string } {
  if (e.type === "ip" || e.type === "ip6") return { encap: e.data, encapType: e.type };
  if (e.type === "mpls") {
    const enc: MplsEncap = { dst: e.labels.map((label, i) => ({ label, tc: 0, bos: i === e.labels.length - 1, ttl: 0 })) };
    if (e.ttl !== undefined) enc.ttl = e.ttl;
    return { encap: enc, encapType: "mpls" };
  }
  const s = e as Seg6EncapSpec;
  const n = s.segments.length;
  const enc: Seg6Encap = {
    srh: {
      mode: s.mode ?? "encap", nexthdr: 0, hdrlen: n * 2, type: 4, segmentsLeft: n - 1, firstSegment: n - 1, flags: 0, tag: 0,
      segments: [...s.segments].reverse(),
    },
  };
  return { encap: enc, encapType: "seg6" };
}

/** The API view of a decoded encap (typed for mpls and seg6, else the payload as hex). */
export function encapView(encapType: string | number | undefined, encap: Encap): RouteEncap {
  const type = encapType ?? "none";
  if (typeof encap === "string") return { type, data: encap };
  if (type === "mpls" && !("srh" in encap)) {
    const m = encap as MplsEncap;
    const out: MplsEncapSpec = { type: "mpls", labels: (m.dst ?? []).map((l) => l.label) };
    if (m.ttl !== undefined) out.ttl = m.ttl;
    return out;
  }
  const srh = (encap as Seg6Encap).srh;
  if (type === "seg6" && srh !== undefined) {
    const out: Required<Seg6EncapSpec> & { tlvs?: string } = { type: "seg6", mode: srh.mode as Required<Seg6EncapSpec>["mode"], segments: [...srh.segments].reverse() };
    if (srh.tlvs !== undefined) out.tlvs = srh.tlvs;
    return out;
  }
  return { type, data: toHex(encodeEncap(encap)) };
}

/**
 * The decoded RTA_ENCAP_TYPE/RTA_ENCAP an encap read back stands for (the
 * inverse of encapView, for printing a model route as ip does): mpls labels
 * with tc 0 and the bottom-of-stack bit on the last, seg6 with its SRH
 * (mode, segments, HMAC/TLV bytes kept), other types as their hex payload.
 */
export function encapOfView(e: RouteEncap): { encap: Encap; encapType: string | number } {
  if ("data" in e) return { encap: e.data, encapType: e.type };
  if (e.type === "mpls") return encapAttrs(e as MplsEncapSpec);
  const s = e as Required<Seg6EncapSpec> & { tlvs?: string };
  const out = encapAttrs(s);
  if (s.tlvs !== undefined) (out.encap as Seg6Encap).srh!.tlvs = s.tlvs;
  return out;
}
