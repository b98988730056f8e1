/**
 * Values every classifier's options share, checked and converted in one
 * place for filter-options.ts, filter-u32.ts and filter-classic.ts: the
 * classifier flags, a class id, the
 * filter's own policer (TCA_*_POLICE: a police action's options without
 * the action wrapper) and an ematch tree payload.
 */
import type { TcAction } from "../../../codecs/tc/actions.ts";
import { parseClassid } from "../../../codecs/tc/tables.ts";
import { actionsFromWire, actionsToWire, type LinkResolver, type PoliceAction } from "./action-options.ts";
import { int, obj } from "./check.ts";

/** Flags shared by classifiers. */
export interface ClsFlags {
  skipHw?: boolean;
  skipSw?: boolean;
  /** Read-only: TCA_CLS_FLAGS_IN_HW / NOT_IN_HW as reported. */
  inHw?: boolean;
  notInHw?: boolean;
}

/** A class id ("1:10" or its 32-bit number), or a TypeError naming `field`. */
export function classidOf(v: unknown, field: string): number {
  const n = typeof v === "string" ? parseClassid(v) : typeof v === "number" ? v : undefined;
  if (n === undefined) throw new TypeError(`${field}: ${JSON.stringify(v)} is not a class id (e.g. "1:10")`);
  return int(n, 0, 0xffffffff, field);
}

/** The TCA_*_POLICE nest of a classifier: the police action's options. */
export function policeNest(v: unknown, p: string, resolve: LinkResolver): unknown {
  const o = obj(v, p);
  try {
    return actionsToWire([{ ...o, kind: "police" }], p, resolve)[0]!.options;
  } catch (e) {
    // the one-action list's path ("P[0].burst") is the field P itself
    if (e instanceof Error && e.message.startsWith(`${p}[0]`)) e.message = p + e.message.slice(p.length + 3);
    throw e;
  }
}

/** A TCA_*_POLICE nest read back as a police action (without an order). */
export function policeFromWire(nest: unknown): PoliceAction | undefined {
  const a = actionsFromWire([{ order: 0, kind: "police", options: nest } as unknown as TcAction])?.[0] as PoliceAction | undefined;
  if (a) delete a.order;
  return a;
}

/** An ematch tree payload (TCA_*_EMATCHES, codecs/tc/ematch.ts) given as hex. */
export function ematchHex(v: unknown, field: string): string {
  if (typeof v !== "string" || !/^([0-9a-f]{2})*$/i.test(v)) throw new TypeError(`${field}: expected hex`);
  return v;
}
