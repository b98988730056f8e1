/**
 * Rollback of an attempt the kernel refused: undo what was made (inverse
 * changes in reverse order), drop what the kernel derived meanwhile, then
 * repair what the kernel took along on its own (planned from the snapshot
 * taken before the attempt), and report how the namespace still differs.
 */
import { inverse, type Change } from "./change.ts";
import { documentOf } from "./export.ts";
import type { StateKernel } from "./kernel.ts";
import { addressKey, routeKey } from "./keys.ts";
import { planState } from "./plan.ts";
import { configuredPart, derivedId, type Snapshot } from "./snapshot.ts";
import type { RouteState } from "./types.ts";

/** A change that failed while rolling back, with the kernel's error. */
export interface UndoError {
  change: Change;
  error: Error;
}

/** Canonical text of a value: object keys sorted, arrays sorted (a rollback may restore objects in another order). */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).sort().join(",")}]`;
  if (v !== null && typeof v === "object") return `{${Object.keys(v).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(",")}}`;
  return JSON.stringify(v);
}

/** Items of the configured part of `a` missing from `b` ("-") and of `b` missing from `a` ("+"). */
export function snapshotDifferences(a: Snapshot, b: Snapshot): string[] {
  const items = (s: Snapshot): Set<string> => {
    const c = configuredPart(s);
    const out = new Set<string>();
    for (const [section, v] of Object.entries(c)) {
      if (Array.isArray(v)) for (const x of v) out.add(`${section} ${canonical(x)}`);
      else for (const [k2, x] of Object.entries(v as Record<string, string>)) out.add(`sysctl ${k2}=${x}`);
    }
    return out;
  };
  const x = items(a), y = items(b);
  return [...[...x].filter((i) => !y.has(i)).map((i) => `- ${i}`), ...[...y].filter((i) => !x.has(i)).map((i) => `+ ${i}`)];
}

/** Apply each change by itself; an error is kept and the next change tried. */
function each(k: StateKernel, changes: readonly Change[]): UndoError[] {
  const errors: UndoError[] = [];
  for (const c of changes) {
    const r = k.apply([c]);
    if (r.failed !== undefined) errors.push({ change: c, error: r.failed.error });
  }
  return errors;
}

/**
 * Undo `done` (changes in the order they were made): their inverses in
 * reverse order. Reverse order is not always dependency order (a nexthop
 * moved to a new gateway goes back to its old one before the address that
 * made the old gateway reachable is restored), so an undo step the kernel
 * refuses is tried again after the others, for as long as a pass makes
 * progress. Returns the steps that still fail.
 */
function undo(k: StateKernel, done: readonly Change[]): UndoError[] {
  let pending = done.map(inverse).reverse();
  let errors: UndoError[] = [];
  while (pending.length > 0) {
    errors = each(k, pending);
    if (errors.length === pending.length) break;
    pending = errors.map((x) => x.change);
  }
  return errors;
}

/**
 * A snapshot once the kernel's asynchronous reactions have settled:
 * carrier changes reach IPv6 autoconfiguration through the link-watch
 * work queue, so a link whose peer went up and down again during the
 * attempt may grow a link-local address or an ff00::/8 route a moment
 * after the undo. Reads until two reads 100 ms apart agree (2 s at most).
 */
function quiet(k: StateKernel, keys: readonly string[]): Snapshot {
  const nap = new Int32Array(new SharedArrayBuffer(4));
  const text = (s: Snapshot): string => canonical({ ...s, derived: [...s.derived] });
  let s = k.snapshot(keys);
  for (let i = 0; i < 20; i++) {
    Atomics.wait(nap, 0, 0, 100);
    const t = k.snapshot(keys);
    if (text(t) === text(s)) return t;
    s = t;
  }
  return s;
}

/**
 * Delete the addresses and routes the kernel derived during the undone
 * attempt (an IPv6 link-local on a bridge that had a port for a moment,
 * 127.0.0.1 on a lo that was up for a moment, ff00::/8 on a link that came
 * up for the first time).
 */
function dropNewDerived(k: StateKernel, before: Snapshot, keys: readonly string[]): UndoError[] {
  const had = new Set(before.addresses.map(addressKey));
  const now = quiet(k, keys);
  const drops: Change[] = [];
  for (const a of now.addresses) {
    const key = addressKey(a);
    if (!had.has(key) && now.derived.has(derivedId("addresses", key))) drops.push({ action: "delete", section: "addresses", have: a, undo: true });
  }
  const errors = each(k, drops);
  // Routes the kernel added on its own (ff00::/8 when a link first came up), unless an address above took them along.
  const onDev = (r: RouteState): string => `${routeKey(r)} dev ${r.dev}`; // ff00::/8 is one route per link
  const hadRoutes = new Set(before.routes.map(onDev));
  const left = new Set(k.snapshot(keys).routes.map(onDev));
  const routes = now.routes.filter((r) => !hadRoutes.has(onDev(r)) && left.has(onDev(r)) && now.derived.has(derivedId("routes", routeKey(r))));
  return [...errors, ...each(k, routes.map((r): Change => ({ action: "delete", section: "routes", have: r, undo: true })))];
}

/**
 * Put back what the kernel took along by itself during the attempt or the
 * undo, planned like any document: the snapshot from before, as a
 * document with its MACs, against a fresh read, with prune. Examples: a
 * link set down again by the undo loses the IPv6 addresses it had while
 * down before; a nexthop whose undo had to wait for its old gateway's
 * address is flushed meanwhile with a link the undo set down, and with it
 * its place in a group; a bridge's MTU follows its ports back. Up to three
 * passes while differences remain.
 */
function repair(k: StateKernel, before: Snapshot, keys: readonly string[]): UndoError[] {
  const want = documentOf(before, { macs: "pinned" });
  let errors: UndoError[] = [];
  for (let pass = 0; pass < 3; pass++) {
    const now = k.snapshot(keys);
    if (snapshotDifferences(before, now).length === 0) return [];
    let plan: Change[];
    try {
      plan = planState(want, now, { prune: true });
    } catch (e) {
      return [{ change: { action: "change", section: "links" }, error: e instanceof Error ? e : new Error(String(e)) }];
    }
    if (plan.length === 0) break;
    errors = each(k, plan);
  }
  return errors;
}

/** What a rollback achieved. */
export interface RollbackResult {
  /** Steps that failed (empty when the namespace reads back as before). */
  undoErrors: UndoError[];
  /** How the configuration (what the kernel derived aside) differs from `before`: "-" lost, "+" gained. */
  differences: string[];
}

/**
 * Roll back the changes in `done` (made in that order) on a namespace that
 * read as `before` (with the sysctls `keys`).
 */
export function rollback(k: StateKernel, before: Snapshot, done: readonly Change[], keys: readonly string[]): RollbackResult {
  const undoErrors = undo(k, done);
  undoErrors.push(...dropNewDerived(k, before, keys));
  if (snapshotDifferences(before, k.snapshot(keys)).length > 0) undoErrors.push(...repair(k, before, keys));
  const differences = snapshotDifferences(before, k.snapshot(keys));
  return { undoErrors: differences.length === 0 ? [] : undoErrors, differences };
}
