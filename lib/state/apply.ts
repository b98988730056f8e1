/**
 * applyState: plan against the live namespace, then carry the plan out all
 * or nothing. When the kernel refuses a change, every change already made
 * is undone in reverse order, and the error names the refused item and
 * says whether the namespace reads back as it was before.
 */
import { describeChange, inverse, type Change } from "./change.ts";
import type { StateKernel } from "./kernel.ts";
import { planState } from "./plan.ts";
import { addressKey, routeKey } from "./keys.ts";
import { configuredPart, derivedId, type Snapshot } from "./snapshot.ts";
import { openStateKernel } from "./rtnl-write.ts";
import { validateState } from "./validate.ts";
import type { RouteState, StateDocument } from "./types.ts";

/** Where a state operation runs: a namespace by name or path (default: the calling thread's), or a StateKernel. */
export interface StateTarget {
  netns?: string;
  kernel?: StateKernel;
}

/** Options of applyState. */
export interface ApplyOptions extends StateTarget {
  /** Delete what the document lacks (never what the kernel derived). */
  prune?: boolean;
  /** Plan only: return the changes without making them. */
  dryRun?: boolean;
}

/** What applyState did. */
export interface ApplyResult {
  /** The changes made (or, with dryRun, that would be made), in order. */
  changes: Change[];
  /** One line per change, as `state apply` prints them. */
  lines: string[];
}

/** A change the kernel refused; everything made before it was undone. */
export class StateApplyError extends Error {
  /** True when the namespace's configuration reads back as before the attempt. */
  readonly restored: boolean;
  constructor(
    /** The refused change. */
    readonly change: Change,
    /** Its position in the plan. */
    readonly index: number,
    /** The kernel's error (a NetlinkError, or the sysctl write's error). */
    override readonly cause: Error,
    /** How many changes were undone. */
    readonly undone: number,
    /** Undo steps that failed themselves (then the namespace is not as before). */
    readonly undoErrors: Array<{ change: Change; error: Error }>,
    /** How a fresh read of the namespace's configuration (what the kernel derived aside) differs from the read before applying: "-" lost, "+" gained. */
    readonly differences: string[],
  ) {
    const restored = differences.length === 0;
    super(`${describeChange(change)}: ${cause.message}; ${undone} change${undone === 1 ? "" : "s"} rolled back${undoErrors.length > 0 ? `, ${undoErrors.length} of them failed to roll back` : ""}${restored ? "" : ` (the namespace differs from before: ${differences.slice(0, 5).join("; ")})`}`);
    this.restored = restored;
    this.name = "StateApplyError";
  }
}

/** Run `fn` with the target's kernel, opening (and closing) one for a namespace name. */
export function withKernel<T>(target: StateTarget, fn: (k: StateKernel) => T): T {
  if (target.kernel !== undefined) return fn(target.kernel);
  using k = openStateKernel(target.netns);
  return fn(k);
}

/** Sysctl keys a document names (read besides the selected ones). */
export const sysctlKeys = (doc: StateDocument): string[] => Object.keys(doc.sysctls ?? {});

/** Canonical text of a value: object keys sorted, arrays sorted (a rollback may restore objects in another order). */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).sort().join(",")}]`;
  if (v !== null && typeof v === "object") return `{${Object.keys(v).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(",")}}`;
  return JSON.stringify(v);
}

/** Items of the configured part of `a` missing from `b` ("-") and of `b` missing from `a` ("+"). */
function snapshotDifferences(a: Snapshot, b: Snapshot): string[] {
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

/**
 * Undo `done` (changes in the order they were made): their inverses in
 * reverse order. Reverse order is not always dependency order (a nexthop
 * moved to a new gateway goes back to its old one before the address that
 * made the old gateway reachable is restored), so an undo step the kernel
 * refuses is tried again after the others, for as long as a pass makes
 * progress. Returns the steps that still fail.
 */
function undo(k: StateKernel, done: Change[]): Array<{ change: Change; error: Error }> {
  let pending = done.map(inverse).reverse();
  let errors: Array<{ change: Change; error: Error }> = [];
  while (pending.length > 0) {
    errors = [];
    for (const u of pending) {
      const r = k.apply([u]);
      if (r.failed !== undefined) errors.push({ change: u, error: r.failed.error });
    }
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
function quiet(k: StateKernel, keys: string[]): Snapshot {
  const nap = new Int32Array(new SharedArrayBuffer(4));
  let s = k.snapshot(keys);
  for (let i = 0; i < 20; i++) {
    Atomics.wait(nap, 0, 0, 100);
    const t = k.snapshot(keys);
    if (canonical({ ...t, derived: [...t.derived] }) === canonical({ ...s, derived: [...s.derived] })) return t;
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
function dropNewDerived(k: StateKernel, before: Snapshot, keys: string[]): Array<{ change: Change; error: Error }> {
  const had = new Set(before.addresses.map(addressKey));
  const now = quiet(k, keys);
  const errors: Array<{ change: Change; error: Error }> = [];
  const drop = (c: Change): void => {
    const r = k.apply([c]);
    if (r.failed !== undefined) errors.push({ change: c, error: r.failed.error });
  };
  for (const a of now.addresses) {
    const key = addressKey(a);
    if (!had.has(key) && now.derived.has(derivedId("addresses", key))) drop({ action: "delete", section: "addresses", have: a, undo: true });
  }
  // Routes the kernel added on its own (ff00::/8 when a link first came up), unless an address above took them along.
  const onDev = (r: RouteState): string => `${routeKey(r)} dev ${r.dev}`; // ff00::/8 is one route per link
  const hadRoutes = new Set(before.routes.map(onDev));
  const left = new Set(k.snapshot(keys).routes.map(onDev));
  for (const r of now.routes) {
    if (!hadRoutes.has(onDev(r)) && left.has(onDev(r)) && now.derived.has(derivedId("routes", routeKey(r)))) drop({ action: "delete", section: "routes", have: r, undo: true });
  }
  return errors;
}

/**
 * Make a namespace match `doc`: validate it (StateDocumentError before
 * anything is sent), plan, and apply the plan; on a refusal undo what was
 * done and throw StateApplyError. Applying the same document again finds
 * nothing to change.
 */
export function applyState(doc: unknown, opts: ApplyOptions = {}): ApplyResult {
  const d = validateState(doc);
  return withKernel(opts, (k) => {
    const before = k.snapshot(sysctlKeys(d));
    const changes = planState(d, before, { prune: opts.prune === true });
    const lines = changes.map(describeChange);
    if (opts.dryRun === true || changes.length === 0) return { changes, lines };
    const out = k.apply(changes);
    if (out.failed === undefined) return { changes, lines };
    const undoErrors = undo(k, out.applied.map((i) => changes[i]!));
    undoErrors.push(...dropNewDerived(k, before, sysctlKeys(d)));
    const differences = snapshotDifferences(before, k.snapshot(sysctlKeys(d)));
    throw new StateApplyError(changes[out.failed.index]!, out.failed.index, out.failed.error, out.applied.length, undoErrors, differences);
  });
}
