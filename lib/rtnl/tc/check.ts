/**
 * Input checks shared by the tc spec builders: each throws a TypeError or
 * RangeError naming the field, before anything is sent.
 */
import type { LinkLayer } from "./units.ts";

/** An integer in [lo, hi]. */
export function int(v: unknown, lo: number, hi: number, field: string): number {
  if (typeof v !== "number" || !Number.isInteger(v)) throw new TypeError(`${field}: expected an integer, got ${typeof v === "string" ? JSON.stringify(v) : String(v)}`);
  if (v < lo || v > hi) throw new RangeError(`${field}: ${v} is out of range ${lo}..${hi}`);
  return v;
}

/** A boolean. */
export function bool(v: unknown, field: string): boolean {
  if (typeof v !== "boolean") throw new TypeError(`${field}: expected a boolean, got ${String(v)}`);
  return v;
}

/** A plain object. */
export function obj(v: unknown, field: string): Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw new TypeError(`${field}: expected an object`);
  return v as Record<string, unknown>;
}

/** `f(v)` when v is given, else undefined. */
export function opt<T>(v: unknown, f: (v: unknown) => T): T | undefined {
  return v === undefined ? undefined : f(v);
}

/** Link layer names by enum tc_link_layer value. */
export const LINKLAYERS: readonly string[] = ["unaware", "ethernet", "atm"];

/** "ethernet" or "atm". */
export function linklayerOf(v: unknown, field: string): LinkLayer {
  if (v !== "ethernet" && v !== "atm") throw new TypeError(`${field}: expected "ethernet" or "atm", got ${JSON.stringify(v)}`);
  return v;
}
