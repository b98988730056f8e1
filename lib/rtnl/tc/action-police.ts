/**
 * The police action's spec to its TCA_POLICE_* entry as tc 6.1's m_police.c
 * builds it: struct tc_police, the rate and peak-rate tables (tc_calc_rtable
 * with the cell sizes of `burst SIZE/CELL`), the 64-bit rates, the average
 * rate, the conform verdict and the packet-rate policer. The spec type and
 * its read-back live in action-options.ts.
 */
import { toHex } from "../../../codecs/core/hex.ts";
import { int, opt } from "./check.ts";
import { calcRtable, toRate, toSize, xmittime } from "./units.ts";
import { verdictOf } from "./verdict.ts";

/** log2 of a rate-table cell size (1, 2, 4 ... 2^31 bytes: get_size_and_cell's powers of two). */
function cellLogOf(v: unknown, field: string): number {
  const n = int(v, 1, 2 ** 31, field);
  const l = Math.log2(n);
  if (!Number.isInteger(l)) throw new RangeError(`${field}: ${n} is not a power of two`);
  return l;
}

/** The TCA_POLICE_* entry tc 6.1 builds (m_police.c) for a police spec `a` at field path `p`. */
export function policeToWire(a: Record<string, unknown>, p: string): unknown {
  const rate = opt(a.rate, (v) => toRate(v, `${p}.rate`)) ?? 0;
  const burst = opt(a.burst, (v) => toSize(v, `${p}.burst`)) ?? 0;
  const mtu = opt(a.mtu, (v) => toSize(v, `${p}.mtu`)) ?? 0;
  const prate = opt(a.peakrate, (v) => toRate(v, `${p}.peakrate`)) ?? 0;
  const avrate = opt(a.avrate, (v) => toRate(v, `${p}.avrate`)) ?? 0;
  const mpu = opt(a.mpu, (v) => int(v, 0, 0xffff, `${p}.mpu`)) ?? 0;
  const overhead = opt(a.overhead, (v) => int(v, 0, 0xffff, `${p}.overhead`)) ?? 0;
  const index = opt(a.index, (v) => int(v, 0, 0xffffffff, `${p}.index`)) ?? 0;
  const pps = opt(a.pktsRate, (v) => int(v, 0, Number.MAX_SAFE_INTEGER, `${p}.pktsRate`)) ?? 0;
  const ppsBurst = opt(a.pktsBurst, (v) => int(v, 0, 0xffffffff, `${p}.pktsBurst`)) ?? 0;
  if (!rate && !avrate && !index && !mtu && !pps) throw new TypeError(`${p}.rate: rate, avrate, mtu or pktsRate must be given`);
  if (pps && !ppsBurst) throw new TypeError(`${p}.pktsBurst: required with pktsRate`);
  if (pps && rate) throw new TypeError(`${p}.pktsRate: rate and pktsRate are not allowed in the same action`);
  if (rate && !burst && !avrate) throw new TypeError(`${p}.burst: required with rate`);
  if (prate && !rate) throw new TypeError(`${p}.rate: required with peakrate`);
  if (prate && !mtu) throw new TypeError(`${p}.mtu: required with peakrate`);
  const ll = a.linklayer ?? "ethernet";
  if (ll !== "ethernet" && ll !== "atm" && ll !== "unaware") throw new TypeError(`${p}.linklayer: expected "ethernet" or "atm", got ${JSON.stringify(ll)}`);
  const layer = ll === "atm" ? "atm" : "ethernet";
  const zero = { cellLog: 0, linklayer: 0, overhead: 0, cellAlign: 0, mpu: 0, rate: 0 };
  const tbf: Record<string, unknown> = { index, action: opt(a.exceed, (v) => verdictOf(v, `${p}.exceed`)) ?? 1, limit: 0, burst: 0, mtu, rate: { ...zero }, peakrate: { ...zero }, refcnt: 0, bindcnt: 0, capab: 0 };
  const out: Record<string, unknown> = { tbf };
  if (rate) {
    const t = calcRtable(rate, mpu, opt(a.burstCell, (v) => cellLogOf(v, `${p}.burstCell`)) ?? -1, mtu, layer);
    tbf.rate = { cellLog: t.cellLog, linklayer: layer === "atm" ? 2 : 1, overhead, cellAlign: -1, mpu, rate: rate >= 2 ** 32 ? 0xffffffff : rate };
    tbf.burst = xmittime(rate, burst);
    out.rate = toHex(t.table);
    if (rate >= 2 ** 32) out.rate64 = BigInt(rate);
  }
  if (prate) {
    const t = calcRtable(prate, mpu, opt(a.mtuCell, (v) => cellLogOf(v, `${p}.mtuCell`)) ?? -1, mtu, layer);
    tbf.peakrate = { cellLog: t.cellLog, linklayer: layer === "atm" ? 2 : 1, overhead, cellAlign: -1, mpu, rate: prate >= 2 ** 32 ? 0xffffffff : prate };
    out.peakrate = toHex(t.table);
    if (prate >= 2 ** 32) out.peakrate64 = BigInt(prate);
  }
  if (avrate) out.avrate = Math.min(avrate, 0xffffffff);
  // m_police.c sends TCA_POLICE_RESULT only when nonzero: conform "pass" (TC_ACT_OK, 0) is the kernel's default.
  const result = opt(a.conform, (v) => verdictOf(v, `${p}.conform`) >>> 0) ?? 0;
  if (result) out.result = result;
  if (pps) {
    out.pktrate64 = BigInt(pps);
    out.pktburst64 = BigInt(xmittime(pps, ppsBurst));
  }
  return out;
}
