/**
 * applyState: plan against the live namespace, then carry the plan out all
 * or nothing. When the kernel refuses a change, every change already made
 * is undone in reverse order, and the error names the refused item and
 * says whether the namespace reads back as it was before.
 */
import { describeChange, inverse, type Change } from "./change.ts";
import type { StateKernel } from "./kernel.ts";
import { planState } from "./plan.ts";
import type { Snapshot } from "./snapshot.ts";
import { openStateKernel } from "./rtnl-write.ts";
import { validateState } from "./validate.ts";
import type { StateDocument } from "./types.ts";

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
    /** True when a fresh read of the namespace equals the read taken before applying. */
    readonly restored: boolean,
  ) {
    super(`${describeChange(change)}: ${cause.message}; ${undone} change${undone === 1 ? "" : "s"} rolled back${undoErrors.length > 0 ? `, ${undoErrors.length} of them failed to roll back` : ""}${restored ? "" : " (the namespace differs from before)"}`);
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

const sorted = (s: Snapshot): string => canonical({ ...s, derived: [...s.derived] });

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
    const undoErrors: Array<{ change: Change; error: Error }> = [];
    for (const i of [...out.applied].reverse()) {
      const u = inverse(changes[i]!);
      const r = k.apply([u]);
      if (r.failed !== undefined) undoErrors.push({ change: u, error: r.failed.error });
    }
    const restored = sorted(k.snapshot(sysctlKeys(d))) === sorted(before);
    throw new StateApplyError(changes[out.failed.index]!, out.failed.index, out.failed.error, out.applied.length, undoErrors, restored);
  });
}
