/**
 * tc_red.c's computations shared by red, choke (and tc's gred): the EWMA
 * weight from the burst, the probability divisor, and the idle damping
 * table, as tc 6.1 computes them (double arithmetic, C's conversions).
 */
import { xmittime } from "./units.ts";

/** tc_red_eval_ewma: log2 of the EWMA weight, or why there is none. */
export function redEvalEwma(qmin: number, burst: number, avpkt: number): number | string {
  const a = burst + 1 - qmin / avpkt;
  if (a < 1) return `burst ${burst} is too small, try burst ${1 + Math.trunc(qmin / avpkt)}`;
  let w = 0.5;
  for (let wlog = 1; wlog < 32; wlog++, w /= 2) if (a <= (1 - (1 - w) ** burst) / w) return wlog;
  return "failed to calculate the EWMA constant";
}

/** tc_red_eval_P: log2 of the probability divisor, or -1. */
export function redEvalP(qmin: number, qmax: number, prob: number): number {
  const d = (qmax - qmin) | 0; // tc's int i = qmax - qmin
  if (d === 0) return 0;
  if (d < 0) return -1;
  prob /= d;
  let i = 0;
  for (; i < 32; i++) { if (prob > 1) break; prob *= 2; }
  return i >= 32 ? -1 : i;
}

/** tc_red_eval_idle_damping: the cell log and the 256-byte table, or undefined. */
export function redIdleDamping(wlog: number, avpkt: number, bps: number): { cellLog: number; table: Uint8Array } | undefined {
  const xmit = xmittime(bps, avpkt);
  // C's `1 << n` is an int: 1 << 31 is negative, which tc's arithmetic then carries
  const lW = -Math.log(1 - 1 / (1 << wlog)) / xmit;
  const maxtime = 31 / lW;
  let clog = 0;
  for (; clog < 32; clog++) if (maxtime / (1 << clog) < 512) break;
  if (clog >= 32) return undefined;
  const t = new Uint8Array(256);
  for (let i = 1; i < 255; i++) {
    // the double becomes a __u8 through a 32-bit int (x86-64's cvttsd2si: out of range gives INT_MIN, low byte 0)
    const d = (i << clog) * lW;
    const n = Number.isFinite(d) && d < 2 ** 31 && d >= -(2 ** 31) ? Math.trunc(d) & 0xff : 0;
    t[i] = n > 31 ? 31 : n;
  }
  t[255] = 31;
  return { cellLog: clog, table: t };
}

