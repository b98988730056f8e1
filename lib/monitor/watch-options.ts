/**
 * Options of {@link watch} and their validation (before any syscall; each
 * bad value is a TypeError/RangeError naming the option).
 */
import { describe } from "./groups.ts";
import { checkSubscribeOptions, type CheckedOptions, type SubscribeOptions } from "./options.ts";
import { DEFAULT_WATCH_FAMILIES, WATCH_FAMILIES, type WatchFamily } from "./table.ts";

/** Options of {@link watch}. */
export interface WatchOptions extends Omit<SubscribeOptions, "families" | "groups"> {
  /** Tables to keep (default: link, address, route, neighbour; "qdisc", "class" and "filter" are opt-in). */
  families?: WatchFamily[];
  /** Attempts at a consistent re-list before the watch fails (default 10). */
  resyncAttempts?: number;
  /** Delay (ms) before re-listing after a link went down or an address went away (default 20). */
  settleMs?: number;
}

function checkWatchFamilies(v: unknown): WatchFamily[] {
  if (v === undefined) return [...DEFAULT_WATCH_FAMILIES];
  if (!Array.isArray(v)) throw new TypeError(`families: expected an array of names, got ${describe(v)}`);
  const out: WatchFamily[] = [];
  v.forEach((f, i) => {
    if (typeof f !== "string" || !(WATCH_FAMILIES as readonly string[]).includes(f)) {
      throw new (typeof f === "string" ? RangeError : TypeError)(`families[${i}]: ${describe(f)} is not one of ${WATCH_FAMILIES.join(", ")}`);
    }
    if (!out.includes(f as WatchFamily)) out.push(f as WatchFamily);
  });
  if (out.length === 0) throw new RangeError("families: at least one family is needed");
  return out;
}

function checkSmallInt(v: unknown, field: string, dflt: number, min: number, max: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== "number" || !Number.isInteger(v)) throw new TypeError(`${field}: expected an integer, got ${describe(v)}`);
  if (v < min || v > max) throw new RangeError(`${field}: ${v} is out of range ${min}..${max}`);
  return v;
}

/** Validated watch options. */
export interface CheckedWatchOptions {
  families: WatchFamily[];
  resyncAttempts: number;
  settleMs: number;
  /** The subscription options (groups of the watched families). */
  checked: CheckedOptions;
}

/** Validate the options of a watch. */
export function checkWatchOptions(opts: unknown): CheckedWatchOptions {
  if (opts !== undefined && (opts === null || typeof opts !== "object" || Array.isArray(opts))) {
    throw new TypeError(`options: expected an object, got ${describe(opts)}`);
  }
  const o = (opts ?? {}) as Record<string, unknown>;
  if ("groups" in o) throw new TypeError("options.groups: unknown option (a watch takes families)");
  const families = checkWatchFamilies(o.families);
  return {
    families,
    resyncAttempts: checkSmallInt(o.resyncAttempts, "resyncAttempts", 10, 1, 1000),
    settleMs: checkSmallInt(o.settleMs, "settleMs", 20, 0, 60_000),
    checked: checkSubscribeOptions({ ...o, families }, ["resyncAttempts", "settleMs"]),
  };
}
