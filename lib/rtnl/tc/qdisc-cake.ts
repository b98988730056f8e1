/**
 * cake's options: the shape callers write and list() returns (mode names
 * as tc spells them, rates in bytes per second or tc strings, times in
 * microseconds or tc strings), TCA_OPTIONS as q_cake.c builds it (its
 * attribute order; zeros and unset modes left out as tc leaves them), and
 * the read-back. qdisc-options.ts dispatches here through
 * qdisc-aqm-more.ts's table.
 */
import type { CakeWire } from "../../../codecs/tc/qdisc-cake.ts";
import { bool, int, opt } from "./check.ts";
import { toRate, toSize, toTime, type Rate, type Size, type Time } from "./units.ts";

/** CAKE_DIFFSERV_* by value. */
export const CAKE_DIFFSERV = ["diffserv3", "diffserv4", "diffserv8", "besteffort", "precedence"] as const;
/** CAKE_FLOW_* by value. */
export const CAKE_FLOW = ["flowblind", "srchost", "dsthost", "hosts", "flows", "dual-srchost", "dual-dsthost", "triple-isolate"] as const;
/** CAKE_ATM_* by value. */
export const CAKE_ATM = ["noatm", "atm", "ptm"] as const;
/** CAKE_ACK_* by value. */
export const CAKE_ACK = ["none", "filter", "aggressive"] as const;

/** cake options. */
export interface CakeOptions {
  /** Shaper rate; "unlimited" (or 0 read back) for none. */
  bandwidth?: Rate | "unlimited";
  /** Estimate the rate from arriving traffic (tc's autorate-ingress); tc sends false with bandwidth/unlimited. */
  autorateIngress?: boolean;
  diffserv?: (typeof CAKE_DIFFSERV)[number];
  flowMode?: (typeof CAKE_FLOW)[number];
  /** ATM cell or PTM 64b/65b framing compensation. */
  atm?: (typeof CAKE_ATM)[number];
  /** Per-packet overhead in bytes, -64..256. */
  overhead?: number;
  /** Ignore the kernel's packet size (tc's raw: TCA_CAKE_RAW). */
  raw?: boolean;
  /** Minimum packet size, 0..256. */
  mpu?: number;
  rtt?: Time;
  target?: Time;
  memlimit?: Size;
  fwmark?: number;
  nat?: boolean;
  wash?: boolean;
  splitGso?: boolean;
  ingress?: boolean;
  ackFilter?: (typeof CAKE_ACK)[number];
}

function mode<T extends readonly string[]>(v: unknown, names: T, field: string): number {
  const i = names.indexOf(v as string);
  if (i < 0) throw new TypeError(`${field}: expected one of ${names.join(", ")}, got ${JSON.stringify(v)}`);
  return i;
}

/** cake's nest in q_cake.c's order. */
export function cake(o: CakeOptions, p: string): unknown {
  const out: Record<string, unknown> = {};
  if (o.bandwidth !== undefined) out.baseRate64 = BigInt(o.bandwidth === "unlimited" ? 0 : toRate(o.bandwidth, `${p}.bandwidth`));
  if (o.diffserv !== undefined) out.diffservMode = mode(o.diffserv, CAKE_DIFFSERV, `${p}.diffserv`);
  if (o.atm !== undefined) out.atm = mode(o.atm, CAKE_ATM, `${p}.atm`);
  if (o.flowMode !== undefined) out.flowMode = mode(o.flowMode, CAKE_FLOW, `${p}.flowMode`);
  if (o.overhead !== undefined) out.overhead = int(o.overhead, -64, 256, `${p}.overhead`);
  if (opt(o.raw, (v) => bool(v, `${p}.raw`))) out.raw = 0;
  const mpu = opt(o.mpu, (v) => int(v, 0, 256, `${p}.mpu`));
  if (mpu) out.mpu = mpu;
  const rtt = opt(o.rtt, (v) => toTime(v, `${p}.rtt`)), target = opt(o.target, (v) => toTime(v, `${p}.target`));
  if (rtt) out.rtt = rtt;
  if (target) out.target = target;
  if (o.autorateIngress !== undefined) out.autorate = bool(o.autorateIngress, `${p}.autorateIngress`) ? 1 : 0;
  const mem = opt(o.memlimit, (v) => toSize(v, `${p}.memlimit`)), fwmark = opt(o.fwmark, (v) => int(v, 0, 0xffffffff, `${p}.fwmark`));
  if (mem) out.memory = mem;
  if (fwmark) out.fwmark = fwmark;
  for (const [k, w] of [["nat", "nat"], ["wash", "wash"], ["splitGso", "splitGso"], ["ingress", "ingress"]] as const) {
    if (o[k] !== undefined) out[w] = bool(o[k], `${p}.${k}`) ? 1 : 0;
  }
  if (o.ackFilter !== undefined) out.ackFilter = mode(o.ackFilter, CAKE_ACK, `${p}.ackFilter`);
  return out;
}

/** cake options read back (a mode value tc does not know stays a number). */
export function cakeView(a: CakeWire): CakeOptions & Record<string, unknown> {
  const out: CakeOptions & Record<string, unknown> = {};
  const name = (v: number | undefined, names: readonly string[]) => (v === undefined ? undefined : names[v] ?? v);
  if (a.baseRate64 !== undefined) out.bandwidth = a.baseRate64 === 0n ? "unlimited" : Number(a.baseRate64);
  if (a.autorate === 0 || a.autorate === 1) out.autorateIngress = a.autorate === 1;
  else if (a.autorate !== undefined) out.autorate = a.autorate; // a value tc prints as (?autorate?)
  const set = (k: string, v: unknown) => { if (v !== undefined) out[k] = v; };
  set("diffserv", name(a.diffservMode, CAKE_DIFFSERV));
  set("flowMode", name(a.flowMode, CAKE_FLOW));
  set("atm", name(a.atm, CAKE_ATM));
  set("overhead", a.overhead);
  if (a.raw !== undefined) out.raw = true;
  set("mpu", a.mpu);
  set("rtt", a.rtt);
  set("target", a.target);
  set("memlimit", a.memory);
  set("fwmark", a.fwmark);
  for (const k of ["nat", "wash", "splitGso", "ingress"] as const) if (a[k] !== undefined) out[k] = a[k] !== 0;
  set("ackFilter", name(a.ackFilter, CAKE_ACK));
  return out;
}
