/**
 * Values every classifier's options share, checked and converted in one
 * place for filter-options.ts, filter-u32.ts and filter-classic.ts: the
 * classifier flags, a class id, the
 * filter's own policer (TCA_*_POLICE: a police action's options without
 * the action wrapper) and an ematch tree payload.
 */
import type { TcAction } from "../../../codecs/tc/actions.ts";
import { parseClassid } from "../../../codecs/tc/tables.ts";
import { HOST_LE } from "../../../codecs/core/align.ts";
import type { RawAttr } from "../../../codecs/core/attrset.ts";
import { NLA_TYPE_MASK } from "../../../codecs/core/constants.ts";
import { toHex } from "../../../codecs/core/hex.ts";
import { NlWriter } from "../../../codecs/core/writer.ts";
import { filterKindSets } from "../../../codecs/tc/filter-kinds.ts";
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

/**
 * Encode `keys` with classifier `kind`'s codec (iproute2 layout) and keep
 * them as raw attributes, in order: how options whose attributes tc sends
 * in the order of its words (flower, u32) are sent in the spec's order.
 */
export function rawAttrsOf(kind: string, keys: Record<string, unknown>, p: string): RawAttr[] {
  const w = new NlWriter(256);
  filterKindSets(true).get(kind)!.encode(w, keys as never, p);
  const b = w.toBytes(), dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: RawAttr[] = [];
  for (let off = 0; off + 4 <= b.length;) {
    const len = dv.getUint16(off, HOST_LE), type = dv.getUint16(off + 2, HOST_LE);
    out.push({ type: type & NLA_TYPE_MASK, flags: type & ~NLA_TYPE_MASK, data: toHex(b, off + 4, len - 4) });
    off += (len + 3) & ~3;
  }
  return out;
}
