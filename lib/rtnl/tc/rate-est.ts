/**
 * Two generic qdisc/class parameters tc 6.1 takes before the kind: the rate
 * estimator (`estimator INTERVAL TIME_CONSTANT`, TCA_RATE = struct
 * tc_estimator, m_estimator.c + tc_estimator.c tc_setup_estimator) and the
 * size table (`stab mtu/tsize/mpu/overhead/linklayer`, TCA_STAB,
 * tc_stab.c + tc_core.c tc_calc_size_table), computed as tc does.
 */
import { toHex } from "../../../codecs/core/hex.ts";
import { int, obj, opt } from "./check.ts";
import { toTime, type Time } from "./units.ts";

/** A rate estimator: sampling interval and averaging time constant (microseconds or tc strings). */
export interface TcEstimator {
  interval: Time;
  timeConstant: Time;
}

/** A size table; any of mpu, overhead or a link layer is needed. */
export interface TcSizeTable {
  /** Largest packet size the table covers (tc's default 2047 when a table is needed). */
  mtu?: number;
  /** Table slots (tc's default 512). */
  tsize?: number;
  mpu?: number;
  /** Per-packet overhead in bytes (signed). */
  overhead?: number;
  linklayer?: "ethernet" | "atm";
}

/** struct tc_estimator as hex ("IIEE": s8 interval, u8 ewma_log), as tc_setup_estimator computes it. */
export function estimatorToWire(v: unknown, p: string): string {
  const e = obj(v, p) as unknown as TcEstimator;
  if (e.interval === undefined) throw new TypeError(`${p}.interval: required`);
  if (e.timeConstant === undefined) throw new TypeError(`${p}.timeConstant: required`);
  const a = toTime(e.interval, `${p}.interval`), tc = toTime(e.timeConstant, `${p}.timeConstant`);
  let interval = 0;
  for (; interval <= 5; interval++) if (a <= 2 ** interval * (1e6 / 4)) break;
  if (interval > 5) throw new RangeError(`${p}.interval: out of range (at most 8s)`);
  interval -= 2;
  let ewma = 1;
  for (; ewma < 32; ewma++) if (a / -Math.log(1 - 1 / 2 ** ewma) > tc) break;
  ewma--;
  if (ewma === 0 || ewma >= 31) throw new RangeError(`${p}.timeConstant: estimator parameters are out of range`);
  return toHex(new Uint8Array([interval & 0xff, ewma]), 0, 2);
}

/** TCA_STAB's nest value (base struct tc_sizespec and the u16 table), or undefined when tc would send none. */
export function stabToWire(v: unknown, p: string): { base: Record<string, number>; data?: string } | undefined {
  const s = obj(v, p) as unknown as TcSizeTable;
  const ll = opt(s.linklayer, (x) => { if (x !== "ethernet" && x !== "atm") throw new TypeError(`${p}.linklayer: expected "ethernet" or "atm"`); return x === "atm" ? 2 : 1; }) ?? 0;
  const mpu = opt(s.mpu, (x) => int(x, 0, 0xffffffff, `${p}.mpu`)) ?? 0;
  const overhead = opt(s.overhead, (x) => int(x, -0x80000000, 0x7fffffff, `${p}.overhead`)) ?? 0;
  let mtu = opt(s.mtu, (x) => int(x, 0, 0xffffffff, `${p}.mtu`)) ?? 0;
  let tsize = opt(s.tsize, (x) => int(x, 0, 0xffffffff, `${p}.tsize`)) ?? 0;
  if (!(ll >= 1 || mpu !== 0 || overhead !== 0)) return undefined; // check_size_table_opts
  if (ll <= 1 && mpu === 0) return { base: { cellLog: 0, sizeLog: 0, cellAlign: 0, overhead, linklayer: ll, mpu, mtu: 0, tsize: 0 } };
  if (mtu === 0) mtu = 2047;
  if (tsize === 0) tsize = 512;
  if (tsize > 0xffff) throw new RangeError(`${p}.tsize: at most 65535 slots`);
  let cellLog = 0;
  while (mtu >>> cellLog > tsize - 1) cellLog++;
  let sizeLog = 0;
  const table = new Uint16Array(tsize);
  for (let again = true; again;) {
    again = false;
    for (let i = tsize - 1; i >= 0; i--) {
      let sz = Math.max((i + 1) * 2 ** cellLog, mpu);
      if (ll === 2) sz = Math.ceil(sz / 48) * 53;
      if (Math.floor(sz / 2 ** sizeLog) > 0xffff) { sizeLog++; again = true; break; }
      table[i] = Math.floor(sz / 2 ** sizeLog);
    }
  }
  const bytes = new Uint8Array(table.buffer);
  return { base: { cellLog, sizeLog, cellAlign: -1, overhead, linklayer: ll, mpu, mtu, tsize }, data: toHex(bytes, 0, bytes.length) };
}

/** The size table a kernel dump reports (TCA_STAB_BASE), in the spec shape. */
export function stabFromWire(b: { overhead?: number; linklayer?: number; mpu?: number; mtu?: number; tsize?: number }): TcSizeTable {
  const out: TcSizeTable = {};
  if (b.linklayer) out.linklayer = b.linklayer === 2 ? "atm" : "ethernet";
  if (b.overhead) out.overhead = b.overhead;
  if (b.mpu) out.mpu = b.mpu;
  if (b.mtu) out.mtu = b.mtu;
  if (b.tsize) out.tsize = b.tsize;
  return out;
}
